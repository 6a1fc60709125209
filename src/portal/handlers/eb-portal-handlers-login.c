/* eb-portal-handlers-login.c — logging in against the personnel registry
 *
 * The checks run cheapest and least revealing first: the state, the
 * throttle, the fields' own validators (so a typo does not use up the
 * captcha), the captcha (used up whatever the answer), and only then the
 * registry. Wrong captchas, unknown people and identity mismatches count as
 * failed logins of the client address; five within ten minutes lock it out
 * for the rest of the window. The registry's "assignment not recorded" is a
 * correct identity, so it is not counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "eb-portal-captcha.h"
#include "eb-portal-crypto.h"
#include "eb-portal-handlers.h"
#include "eb-portal-json.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

typedef struct
{
  char *tckn;
  char *first_name;
  char *last_name;
  char *birth_place;
  char *birth_date;
} Identity;

static void
identity_clear (Identity *identity)
{
  g_free (identity->tckn);
  g_free (identity->first_name);
  g_free (identity->last_name);
  g_free (identity->birth_place);
  g_free (identity->birth_date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

static GDate *
today_of (gint64 now)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);

  return g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (date),
                         (GDateMonth) g_date_time_get_month (date),
                         (GDateYear) g_date_time_get_year (date));
}

/* Validates the identity fields; FALSE (request answered) if any fails. */
static gboolean
read_identity (EbPortalRequest *request,
               Identity        *identity)
{
  JsonObject *body = eb_portal_request_get_body (request);
  g_autoptr(JsonArray) invalid = json_array_new ();
  g_autoptr(GDate) today = today_of (eb_portal_request_get_now (request));
  static const EbFormField fields[5] = {
    EB_FIELD_TCKN, EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME, EB_FIELD_BIRTH_PLACE, EB_FIELD_BIRTH_DATE,
  };
  const char *values[5];
  GError *errors[5] = { NULL, };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!eb_portal_json_get_string (body, eb_portal_field_get_name (fields[i]), &values[i], &error))
      {
        eb_portal_request_fail_error (request, error);
        return FALSE;
      }

  identity->tckn = eb_validate_tckn (values[0], &errors[0]);
  identity->first_name = eb_validate_person_name (values[1], &errors[1]);
  identity->last_name = eb_validate_person_name (values[2], &errors[2]);
  identity->birth_place = eb_validate_place_name (values[3], &errors[3]);
  identity->birth_date = eb_validate_birth_date (values[4], today, &errors[4]);

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    if (errors[i] != NULL)
      {
        eb_portal_json_add_field_error (invalid, eb_portal_field_get_name (fields[i]), errors[i]);
        g_clear_error (&errors[i]);
      }

  if (json_array_get_length (invalid) > 0)
    {
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_array_member (extra, "fields", json_array_ref (invalid));
      eb_portal_request_fail_full (request, EB_PORTAL_API_ERROR_INVALID_FIELDS, NULL, extra, 0);
      return FALSE;
    }

  return TRUE;
}

/* A member of the wrong type is a malformed request, whatever else is wrong. */
static gboolean
members_are_strings (EbPortalRequest *request)
{
  static const char *const captcha_members[] = { "captcha_id", "captcha_answer" };
  JsonObject *body = eb_portal_request_get_body (request);
  g_autoptr(GError) error = NULL;
  const char *value;

  for (guint i = 0; i < G_N_ELEMENTS (captcha_members); i++)
    if (!eb_portal_json_get_string (body, captcha_members[i], &value, &error))
      goto wrong;
  for (guint f = 0; f < EB_N_FIELDS; f++)
    if (eb_portal_field_get_source (f) == EB_PORTAL_FIELD_IN_LOGIN &&
        !eb_portal_json_get_string (body, eb_portal_field_get_name (f), &value, &error))
      goto wrong;

  return TRUE;

wrong:
  eb_portal_request_fail_error (request, error);
  return FALSE;
}

static gboolean
is_throttled (EbPortalRequest *request)
{
  const char *client = eb_portal_request_get_client (request);
  gint64 now = eb_portal_request_get_now (request);
  g_autoptr(GError) error = NULL;
  gint64 oldest = 0;
  guint failures = 0;

  if (!eb_portal_db_count_login_failures (eb_portal_request_get_db (request), client,
                                          now - EB_PORTAL_LOGIN_WINDOW, &failures, &oldest, &error))
    {
      eb_portal_request_fail_error (request, error);
      return TRUE;
    }

  if (failures >= EB_PORTAL_LOGIN_MAX_FAILURES)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      guint retry_after = eb_portal_seconds_up (oldest + EB_PORTAL_LOGIN_WINDOW - now);

      json_object_set_int_member (extra, "retry_after", retry_after);
      eb_portal_request_fail_full (request, EB_PORTAL_API_ERROR_TOO_MANY_ATTEMPTS, NULL, extra,
                                   retry_after);
      return TRUE;
    }

  return FALSE;
}

/* Answers with @code and counts a failed login of the client. */
static void
fail_login (EbPortalRequest  *request,
            EbPortalApiError  code)
{
  g_autoptr(GError) error = NULL;
  gint64 now = eb_portal_request_get_now (request);

  if (!eb_portal_db_add_login_failure (eb_portal_request_get_db (request),
                                       eb_portal_request_get_client (request), now,
                                       now - EB_PORTAL_LOGIN_WINDOW, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  eb_portal_request_fail (request, code, NULL);
}

/* Takes the captcha; FALSE (request answered) if it is gone or wrong. */
static gboolean
check_captcha (EbPortalRequest *request)
{
  EbPortalContext *portal = eb_portal_request_get_context (request);
  EbPortalSession *session = eb_portal_request_get_session (request);
  JsonObject *body = eb_portal_request_get_body (request);
  gint64 now = eb_portal_request_get_now (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *context = NULL;
  g_autofree char *folded = NULL;
  guint8 stored[EB_SHA256_LENGTH];
  guint8 given[EB_SHA256_LENGTH];
  const char *id, *answer;
  gboolean found, equal;

  if (!eb_portal_json_get_string (body, "captcha_id", &id, &error) ||
      !eb_portal_json_get_string (body, "captcha_answer", &answer, &error))
    {
      eb_portal_request_fail_error (request, error);
      return FALSE;
    }

  if (!eb_portal_db_take_captcha (eb_portal_request_get_db (request), session->id, id,
                                  now - EB_PORTAL_CAPTCHA_LIFE, stored, &found, &error))
    {
      eb_portal_request_fail_error (request, error);
      return FALSE;
    }
  eb_portal_context_forget_captcha (portal, id);
  if (!found)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_CAPTCHA_EXPIRED, NULL);
      return FALSE;
    }

  folded = eb_portal_captcha_fold_answer (answer);
  context = g_strconcat ("captcha:", id, NULL);
  eb_portal_hmac_sha256 (eb_portal_db_get_server_key (eb_portal_request_get_db (request)), context,
                         folded, given);
  equal = eb_portal_mac_equal (stored, given, EB_SHA256_LENGTH);
  OPENSSL_cleanse (folded, strlen (folded));
  OPENSSL_cleanse (given, sizeof given);

  if (!equal)
    {
      fail_login (request, EB_PORTAL_API_ERROR_CAPTCHA_WRONG);
      return FALSE;
    }

  return TRUE;
}

static char *
person_to_json (const EbRegistryPerson *person)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, eb_portal_field_get_name (EB_FIELD_TCKN), person->tckn);
  json_object_set_string_member (object, eb_portal_field_get_name (EB_FIELD_FIRST_NAME), person->first_name);
  json_object_set_string_member (object, eb_portal_field_get_name (EB_FIELD_LAST_NAME), person->last_name);
  json_object_set_string_member (object, eb_portal_field_get_name (EB_FIELD_BIRTH_PLACE), person->birth_place);
  json_object_set_string_member (object, eb_portal_field_get_name (EB_FIELD_BIRTH_DATE), person->birth_date);
  json_object_set_string_member (object, eb_portal_field_get_name (EB_FIELD_INSTITUTION_NAME),
                                 person->institution_name);

  return eb_portal_json_to_data (object, NULL);
}

/* POST /api/v1/login */
void
eb_portal_handle_login (EbPortalRequest *request)
{
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(EbRegistryPerson) person = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Identity) identity = { NULL, };
  g_autofree char *person_text = NULL;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;
  if (application->state != EB_PORTAL_STATE_STARTED)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_WRONG_STATE, NULL);
      return;
    }

  if (!members_are_strings (request) || is_throttled (request) || !read_identity (request, &identity) ||
      !check_captcha (request))
    return;

  person = eb_portal_db_lookup_person (eb_portal_request_get_db (request), identity.tckn, &error);
  if (error != NULL)
    {
      eb_portal_request_fail_error (request, error);
      return;
    }
  if (person == NULL)
    {
      fail_login (request, EB_PORTAL_API_ERROR_PERSON_NOT_FOUND);
      return;
    }

  /* Which detail differs is not said: that would help guessing. Names and
   * the place compare folded ("bulanik" is BULANIK: many keyboards have no
   * Turkish letters), which only forgives ç ğ ı İ ö ş ü typed as their
   * Latin look-alikes; every field must still match, the TCKN and the date
   * exactly, so no other person's record can answer. The reply carries the
   * registry's spelling, which the client then shows. */
  if (!eb_turkish_equal_folded (identity.first_name, person->first_name) ||
      !eb_turkish_equal_folded (identity.last_name, person->last_name) ||
      !eb_turkish_equal_folded (identity.birth_place, person->birth_place) ||
      g_strcmp0 (identity.birth_date, person->birth_date) != 0)
    {
      fail_login (request, EB_PORTAL_API_ERROR_IDENTITY_MISMATCH);
      return;
    }

  if (!person->assignment_recorded)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_ASSIGNMENT_NOT_RECORDED, NULL);
      return;
    }

  person_text = person_to_json (person);
  if (!eb_portal_db_authenticate (eb_portal_request_get_db (request), application->id, person_text,
                                  &audit, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (EB_PORTAL_STATE_AUTHENTICATED));
  json_object_set_object_member (reply, "person", eb_portal_json_parse_stored (person_text));
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}
