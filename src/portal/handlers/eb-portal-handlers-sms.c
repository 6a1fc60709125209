/* eb-portal-handlers-sms.c — sending and checking the mobile phone code
 *
 * A code is six digits drawn without bias, sent once through the gateway
 * and kept only as an HMAC under the server key. It lives 300 s, takes
 * three wrong tries, and an application gets three sends at least 60 s
 * apart. A send is counted before the gateway is asked (so two at once
 * cannot both pass the limits) and uncounted if the gateway refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "eb-portal-crypto.h"
#include "eb-portal-handlers.h"
#include "eb-portal-json.h"

#define SMS_TEXT_FORMAT "e-İmza Başvuru doğrulama kodunuz: %s. Kod 5 dakika geçerlidir."

static void
code_mac (EbPortalRequest *request,
          const char      *code,
          guint8           mac[EB_SHA256_LENGTH])
{
  EbPortalSession *session = eb_portal_request_get_session (request);
  g_autofree char *context = g_strdup_printf ("sms:%" G_GINT64_FORMAT, session->application_id);

  eb_portal_hmac_sha256 (eb_portal_db_get_server_key (eb_portal_request_get_db (request)), context,
                         code, mac);
}

/* "5321234567" → "0 (532) *** ** 67": enough to recognise one's own number. */
static char *
mask_phone (const char *mobile)
{
  if (mobile == NULL || strlen (mobile) != 10)
    return g_strdup ("");

  return g_strdup_printf ("0 (%.3s) *** ** %.2s", mobile, mobile + 8);
}

typedef struct
{
  EbPortalRequest *request;
  guint8           mac[EB_SHA256_LENGTH];
  char            *text;
  char            *phone;
  gint64           previous_sent;
  guint            sends;
} SendData;

static void
send_data_free (SendData *data)
{
  eb_portal_request_unref (data->request);
  OPENSSL_cleanse (data->mac, sizeof data->mac);
  if (data->text != NULL)
    OPENSSL_cleanse (data->text, strlen (data->text));
  g_free (data->text);
  g_free (data->phone);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void
release_send (SendData *data)
{
  EbPortalSession *session = eb_portal_request_get_session (data->request);
  g_autoptr(GError) error = NULL;

  if (!eb_portal_db_release_sms (eb_portal_request_get_db (data->request), session->application_id,
                                 data->previous_sent, &error))
    g_warning ("Could not uncount a failed SMS send: %s", error->message);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  EbPortalRequest *request = data->request;
  EbPortalSession *session = eb_portal_request_get_session (request);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (!eb_sms_gateway_send_finish (EB_SMS_GATEWAY (object), result, &error))
    {
      release_send (data);
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SMS_GATEWAY_FAILED, error->message);
      return;
    }

  /* Sent, so stored: "now" is when the code left, for its 300 s. */
  if (!eb_portal_db_store_sms_code (eb_portal_request_get_db (request), session->application_id,
                                    data->mac, eb_portal_context_now (eb_portal_request_get_context (request)),
                                    &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "phone", data->phone);
  json_object_set_int_member (reply, "expires_in",
                              eb_portal_context_get_sms_code_life (eb_portal_request_get_context (request)) / G_USEC_PER_SEC);
  json_object_set_int_member (reply, "resends_left", EB_PORTAL_SMS_MAX_SENDS - data->sends);
  json_object_set_int_member (reply, "resend_after",
                              eb_portal_context_get_sms_resend_after (eb_portal_request_get_context (request)) / G_USEC_PER_SEC);
  eb_portal_request_respond (request, SOUP_STATUS_ACCEPTED, reply);
}

/* POST /api/v1/application/sms */
void
eb_portal_handle_send_sms (EbPortalRequest *request)
{
  EbSmsGateway *gateway = eb_portal_context_get_sms_gateway (eb_portal_request_get_context (request));
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(JsonObject) form = NULL;
  g_autoptr(SendData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *number = NULL;
  gint64 retry_after = 0;
  const char *mobile;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;

  data = g_new0 (SendData, 1);
  data->request = eb_portal_request_ref (request);
  if (!eb_portal_db_reserve_sms (eb_portal_request_get_db (request), application->id,
                                 EB_PORTAL_SMS_MAX_SENDS,
                                 eb_portal_context_get_sms_resend_after (eb_portal_request_get_context (request)),
                                 eb_portal_request_get_now (request),
                                 &data->previous_sent, &data->sends, &retry_after, &error))
    {
      if (g_error_matches (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_SMS_RESEND_TOO_SOON))
        {
          g_autoptr(JsonObject) extra = json_object_new ();
          guint seconds = eb_portal_seconds_up (retry_after);

          json_object_set_int_member (extra, "retry_after", seconds);
          eb_portal_request_fail_full (request, error->code, NULL, extra, seconds);
        }
      else
        {
          eb_portal_request_fail_error (request, error);
        }
      return;
    }

  form = eb_portal_json_parse_stored (application->form);
  mobile = json_object_get_string_member_with_default (form, eb_portal_field_get_name (EB_FIELD_MOBILE_PHONE), "");
  data->phone = mask_phone (mobile);
  code = eb_portal_random_digits (EB_PORTAL_SMS_CODE_DIGITS);
  if (gateway == NULL || code == NULL)
    {
      release_send (data);
      eb_portal_request_fail (request, gateway == NULL ? EB_PORTAL_API_ERROR_SMS_GATEWAY_FAILED
                                                       : EB_PORTAL_API_ERROR_INTERNAL,
                              gateway == NULL ? "no SMS gateway is configured"
                                              : "The random number generator failed");
      return;
    }

  code_mac (request, code, data->mac);
  data->text = g_strdup_printf (SMS_TEXT_FORMAT, code);
  number = g_strconcat ("90", mobile, NULL);
  OPENSSL_cleanse (code, strlen (code));

  eb_sms_gateway_send_async (gateway, number, data->text, eb_portal_request_get_cancellable (request),
                             sent_cb, data);
  /* The text was handed over; our copy is wiped with data when the send is done. */
  data = NULL;
}

static gboolean
is_code (const char *text)
{
  if (strlen (text) != EB_PORTAL_SMS_CODE_DIGITS)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* POST /api/v1/application/sms/verify */
void
eb_portal_handle_verify_sms (EbPortalRequest *request)
{
  JsonObject *body = eb_portal_request_get_body (request);
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  gint64 now = eb_portal_request_get_now (request);
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint8 given[EB_SHA256_LENGTH];
  const char *code;
  gboolean equal;
  guint tries;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;
  if (application->state != EB_PORTAL_STATE_FORM_SAVED)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_WRONG_STATE, NULL);
      return;
    }

  if (!eb_portal_json_get_string (body, "code", &code, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }
  if (!is_code (code))
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_MALFORMED_REQUEST, "the code is not six digits");
      return;
    }

  if (!application->has_code)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SMS_CODE_MISSING, NULL);
      return;
    }
  if (application->code_tries >= EB_PORTAL_SMS_MAX_TRIES)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SMS_CODE_TRIES_EXHAUSTED, NULL);
      return;
    }
  if (now - application->code_sent_at > eb_portal_context_get_sms_code_life (eb_portal_request_get_context (request)))
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SMS_CODE_EXPIRED, NULL);
      return;
    }

  code_mac (request, code, given);
  equal = eb_portal_mac_equal (application->code_mac, given, EB_SHA256_LENGTH);
  OPENSSL_cleanse (given, sizeof given);
  eb_portal_json_wipe_member (body, "code");

  if (!equal)
    {
      if (!eb_portal_db_count_sms_try (eb_portal_request_get_db (request), application->id, &error))
        {
          eb_portal_request_fail_error (request, error);
          return;
        }

      tries = application->code_tries + 1;
      if (tries >= EB_PORTAL_SMS_MAX_TRIES)
        {
          eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SMS_CODE_TRIES_EXHAUSTED, NULL);
        }
      else
        {
          g_autoptr(JsonObject) extra = json_object_new ();

          json_object_set_int_member (extra, "tries_left", EB_PORTAL_SMS_MAX_TRIES - tries);
          eb_portal_request_fail_full (request, EB_PORTAL_API_ERROR_SMS_CODE_WRONG, NULL, extra, 0);
        }
      return;
    }

  if (!eb_portal_db_verify_phone (eb_portal_request_get_db (request), application->id, &audit, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (EB_PORTAL_STATE_PHONE_VERIFIED));
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}
