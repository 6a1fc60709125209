/* eb-portal-handlers-form.c — saving the application form ("Form Onayla")
 *
 * The server builds the same EbApplicationForm the app edits and runs the
 * same validators on every field, so the two cannot disagree about what is
 * valid; all invalid fields are reported at once. The identity comes from
 * the login and the institution from the registry, whatever the request
 * says. The security word is hashed with scrypt in a worker thread (about
 * 100 ms) while other clients are served, and every copy the server holds is
 * wiped once the hash is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-application-form.h"
#include "eb-portal-crypto.h"
#include "eb-portal-handlers.h"
#include "eb-portal-json.h"
#include "eb-validation.h"

static GType
enum_type_of (EbFormField field)
{
  switch (field)
    {
    case EB_FIELD_CARD_READER_TYPE:
      return EB_TYPE_CARD_READER_TYPE;
    case EB_FIELD_REASON:
      return EB_TYPE_APPLICATION_REASON;
    case EB_FIELD_MOBILE_OPERATOR:
      return EB_TYPE_MOBILE_OPERATOR;
    case EB_FIELD_INFO_CHANNEL:
      return EB_TYPE_INFO_CHANNEL;
    default:
      return G_TYPE_INVALID;
    }
}

/* Sets @field from the request; a value the form would refuse to store (an
 * unknown choice, a number that is none) becomes the field's error. */
static void
apply_value (EbApplicationForm  *form,
             EbFormField         field,
             const char         *value,
             GError            **error)
{
  GType enum_type = enum_type_of (field);

  if (enum_type != G_TYPE_INVALID)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);

      if (*value == '\0' || g_enum_get_value_by_nick (klass, value) == NULL)
        {
          g_set_error_literal (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_CHOICE_MISSING,
                               "Not one of the choices");
          return;
        }
    }
  else if (field == EB_FIELD_PROVINCE || field == EB_FIELD_VALIDITY_YEARS)
    {
      gboolean is_province = field == EB_FIELD_PROVINCE;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, NULL, NULL))
        {
          g_set_error_literal (error, EB_VALIDATION_ERROR,
                               *value == '\0' && is_province ? EB_VALIDATION_ERROR_REQUIRED
                               : is_province ? EB_VALIDATION_ERROR_PROVINCE_UNKNOWN
                               : EB_VALIDATION_ERROR_CHOICE_MISSING,
                               "Not a number");
          return;
        }
    }

  eb_application_form_set_text (form, field, value);
}

static void
apply_person (EbApplicationForm *form,
              JsonObject        *person)
{
  static const EbFormField from_login[] = {
    EB_FIELD_TCKN, EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME, EB_FIELD_BIRTH_PLACE,
    EB_FIELD_BIRTH_DATE, EB_FIELD_INSTITUTION_NAME,
  };

  for (guint i = 0; i < G_N_ELEMENTS (from_login); i++)
    eb_application_form_set_text (form, from_login[i],
                                  json_object_get_string_member_with_default (person,
                                                                              eb_portal_field_get_name (from_login[i]),
                                                                              ""));
}

static void
wipe_body (JsonObject *body)
{
  eb_portal_json_wipe_member (body, "security_word");
  eb_portal_json_wipe_member (body, "security_word_repeat");
}

/* Fills @form from the body; FALSE (request answered) on a wrong type.
 * @errors gets the fields whose value could not even be stored. */
static gboolean
read_form (EbPortalRequest    *request,
           EbApplicationForm  *form,
           GError            **errors)
{
  /* The province first, then the district, then the postal code: setting
   * one clears the next if they disagree, which would hide the reason. */
  static const EbFormField first[] = { EB_FIELD_PROVINCE, EB_FIELD_DISTRICT, EB_FIELD_POSTAL_CODE };
  JsonObject *body = eb_portal_request_get_body (request);
  g_autoptr(GError) error = NULL;
  EbFormField order[EB_N_FIELDS];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    order[n++] = first[i];
  for (guint f = 0; f < EB_N_FIELDS; f++)
    if (f != EB_FIELD_PROVINCE && f != EB_FIELD_DISTRICT && f != EB_FIELD_POSTAL_CODE)
      order[n++] = f;

  /* The rest come from the login and the registry, whatever the body says. */
  for (guint i = 0; i < n; i++)
    {
      const char *value;

      if (eb_portal_field_get_source (order[i]) != EB_PORTAL_FIELD_IN_FORM)
        continue;

      if (!eb_portal_json_get_string (body, eb_portal_field_get_name (order[i]), &value, &error))
        {
          eb_portal_request_fail_error (request, error);
          return FALSE;
        }
      apply_value (form, order[i], value, &errors[order[i]]);
    }

  return TRUE;
}

static JsonObject *
form_to_json (EbApplicationForm *form)
{
  JsonObject *object = json_object_new ();

  for (guint f = 0; f < EB_N_FIELDS; f++)
    if (!eb_application_form_field_is_secret (f))
      json_object_set_string_member (object, eb_portal_field_get_name (f), eb_application_form_get_text (form, f));

  return object;
}

typedef struct
{
  char *security_word;
  char *form;
} SaveData;

static void
save_data_free (SaveData *data)
{
  if (data->security_word != NULL)
    explicit_bzero (data->security_word, strlen (data->security_word));
  g_free (data->security_word);
  g_free (data->form);
  g_free (data);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  char *hash;

  hash = eb_portal_hash_secret (data->security_word, &error);
  /* Not needed any more, whatever happens next. */
  explicit_bzero (data->security_word, strlen (data->security_word));

  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, g_free);
}

static void
hash_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EbPortalRequest) request = user_data;
  SaveData *data = g_task_get_task_data (G_TASK (result));
  EbPortalSession *session = eb_portal_request_get_session (request);
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  hash = g_task_propagate_pointer (G_TASK (result), &error);
  if (hash == NULL ||
      !eb_portal_db_save_form (eb_portal_request_get_db (request), session->application_id,
                               data->form, hash, &audit, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (EB_PORTAL_STATE_FORM_SAVED));
  json_object_set_object_member (reply, "form", eb_portal_json_parse_stored (data->form));
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}

/* PUT /api/v1/application/form */
void
eb_portal_handle_save_form (EbPortalRequest *request)
{
  JsonObject *body = eb_portal_request_get_body (request);
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(EbApplicationForm) form = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JsonArray) invalid = NULL;
  g_autoptr(JsonObject) form_json = NULL;
  g_autoptr(GTask) task = NULL;
  GError *errors[EB_N_FIELDS] = { NULL, };
  SaveData *data;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    goto out;
  if (application->state != EB_PORTAL_STATE_AUTHENTICATED &&
      application->state != EB_PORTAL_STATE_FORM_SAVED)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_WRONG_STATE, NULL);
      goto out;
    }

  form = eb_application_form_new ();
  person = eb_portal_json_parse_stored (application->person);
  apply_person (form, person);
  if (!read_form (request, form, errors))
    goto out;

  /* Every field, so the answer lists all that need fixing. */
  invalid = json_array_new ();
  for (guint f = 0; f < EB_N_FIELDS; f++)
    {
      if (errors[f] == NULL)
        eb_application_form_validate_field (form, f, &errors[f]);
      if (errors[f] != NULL)
        eb_portal_json_add_field_error (invalid, eb_portal_field_get_name (f), errors[f]);
    }
  if (json_array_get_length (invalid) > 0)
    {
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_array_member (extra, "fields", json_array_ref (invalid));
      eb_portal_request_fail_full (request, EB_PORTAL_API_ERROR_INVALID_FIELDS, NULL, extra, 0);
      goto out;
    }

  for (guint f = 0; f < EB_N_FIELDS; f++)
    eb_application_form_normalize_field (form, f, NULL);

  data = g_new0 (SaveData, 1);
  data->security_word = g_strdup (eb_application_form_get_text (form, EB_FIELD_SECURITY_WORD));
  form_json = form_to_json (form);
  data->form = eb_portal_json_to_data (form_json, NULL);

  task = g_task_new (NULL, eb_portal_request_get_cancellable (request),
                     hash_done_cb, eb_portal_request_ref (request));
  g_task_set_source_tag (task, eb_portal_handle_save_form);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, hash_thread);

out:
  if (form != NULL)
    eb_application_form_clear_secrets (form);
  wipe_body (body);
  for (guint f = 0; f < EB_N_FIELDS; f++)
    g_clear_error (&errors[f]);
}
