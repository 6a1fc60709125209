/* eb-portal-handlers-application.c — the signing method and the application's status
 *
 * Yöntem 2 (e-signed) needs a still valid NES of the same person, which
 * only a renewal has; everyone else signs on paper (Yöntem 1). Choosing
 * the method numbers the application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-portal-handlers.h"
#include "eb-portal-json.h"

/* PUT /api/v1/application/method */
void
eb_portal_handle_choose_method (EbPortalRequest *request)
{
  JsonObject *body = eb_portal_request_get_body (request);
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(JsonObject) form = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  const char *method;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;
  if (application->state != EB_PORTAL_STATE_PHONE_VERIFIED)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_WRONG_STATE, NULL);
      return;
    }

  if (!eb_portal_json_get_string (body, "method", &method, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }
  if (g_strcmp0 (method, "wet") != 0 && g_strcmp0 (method, "esign") != 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_MALFORMED_REQUEST,
                              "the method is neither wet nor esign");
      return;
    }

  form = eb_portal_json_parse_stored (application->form);
  if (g_str_equal (method, "esign") &&
      g_strcmp0 (json_object_get_string_member_with_default (form, "reason", ""), "renewal") != 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_METHOD_NEEDS_RENEWAL, NULL);
      return;
    }

  /* The practice series cannot be taken for a real application's number. */
  number = eb_portal_db_choose_method (eb_portal_request_get_db (request), application->id, method,
                                       eb_portal_context_get_training (eb_portal_request_get_context (request))
                                       ? EB_PORTAL_PRACTICE_NUMBER_PREFIX : EB_PORTAL_NUMBER_PREFIX,
                                       &audit, &error);
  if (number == NULL)
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (EB_PORTAL_STATE_METHOD_CHOSEN));
  json_object_set_string_member (reply, "method", method);
  json_object_set_string_member (reply, "application_no", number);
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}

/* GET /api/v1/application */
void
eb_portal_handle_status (EbPortalRequest *request)
{
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(GArray) history = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *entries;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;
  history = eb_portal_db_list_history (eb_portal_request_get_db (request), application->id, &error);
  if (history == NULL)
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (application->state));
  if (application->method != NULL)
    json_object_set_string_member (reply, "method", application->method);
  if (application->application_no != NULL)
    json_object_set_string_member (reply, "application_no", application->application_no);

  entries = json_array_new ();
  for (guint i = 0; i < history->len; i++)
    {
      EbPortalHistoryEntry *entry = &g_array_index (history, EbPortalHistoryEntry, i);
      g_autofree char *at = eb_portal_json_format_time (entry->at);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "state", eb_portal_state_to_string (entry->state));
      json_object_set_string_member (item, "at", at);
      json_array_add_object_element (entries, item);
    }
  json_object_set_array_member (reply, "history", entries);

  if (application->person != NULL)
    json_object_set_object_member (reply, "person", eb_portal_json_parse_stored (application->person));
  if (application->form != NULL)
    json_object_set_object_member (reply, "form", eb_portal_json_parse_stored (application->form));

  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}
