/* test-portal-api.c — the portal API over real HTTP: both happy paths and
 * every error of docs/portal-api.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <sqlite3.h>

#include "eb-portal-crypto.h"
#include "portal-test-util.h"

#define ADD(path, func) \
  g_test_add ("/portal/api/" path, PortalFixture, NULL, setup, func, portal_fixture_teardown)

static void
setup (PortalFixture *f,
       gconstpointer  data)
{
  portal_fixture_setup (f, data);
  portal_fixture_start (f);
}

static JsonObject *
code_body (const char *code)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "code", code);
  return body;
}

static JsonObject *
method_body (const char *method)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "method", method);
  return body;
}

static char *
wrong_code (const char *code)
{
  char *wrong = g_strdup (code);

  wrong[0] = wrong[0] == '9' ? '0' : wrong[0] + 1;
  return wrong;
}

static Reply *
send_sms (PortalFixture *f,
          const char    *token)
{
  return portal_request (f, "POST", "/api/v1/application/sms", token, NULL, NULL, 0);
}

static Reply *
verify (PortalFixture *f,
        const char    *token,
        const char    *code)
{
  g_autoptr(JsonObject) body = code_body (code);

  return portal_request_json (f, "POST", "/api/v1/application/sms/verify", token, body);
}

static Reply *
choose (PortalFixture *f,
        const char    *token,
        const char    *method)
{
  g_autoptr(JsonObject) body = method_body (method);

  return portal_request_json (f, "PUT", "/api/v1/application/method", token, body);
}

static Reply *
status (PortalFixture *f,
        const char    *token)
{
  return portal_request (f, "GET", "/api/v1/application", token, NULL, NULL, 0);
}

static Reply *
new_captcha (PortalFixture  *f,
             const char     *token,
             char          **captcha_id)
{
  Reply *reply = portal_request (f, "POST", "/api/v1/captcha", token, NULL, NULL, 0);

  g_assert_cmpuint (reply->status, ==, 200);
  *captcha_id = g_strdup (reply_get_string (reply, "id"));
  g_assert_cmpint (json_object_get_int_member (reply->body, "expires_in"), ==, 300);
  return reply;
}

static JsonObject *
mehmet (void)
{
  return portal_identity ("10000000146", "Mehmet Ali", "Yıldız", "Bulanık", "1980-11-24");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The field → reason pairs of an invalid_fields reply, "field:reason" sorted. */
static char *
field_errors (Reply *reply)
{
  JsonArray *fields = json_object_get_array_member (json_object_get_object_member (reply->body, "error"),
                                                    "fields");
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *item = json_array_get_object_element (fields, i);

      g_ptr_array_add (pairs, g_strdup_printf ("%s:%s", json_object_get_string_member (item, "field"),
                                               json_object_get_string_member (item, "reason")));
    }
  g_ptr_array_sort (pairs, compare_strings);
  g_ptr_array_add (pairs, NULL);

  return g_strjoinv (" ", (char **) pairs->pdata);
}

static void
test_health (PortalFixture *f,
             gconstpointer  data)
{
  g_autoptr(Reply) reply = portal_request (f, "GET", "/api/v1/health", NULL, NULL, NULL, 0);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply_get_string (reply, "status"), ==, "ok");
  g_assert_cmpstr (reply_get_string (reply, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
}

static void
check_history (Reply             *reply,
               const char *const *states)
{
  JsonArray *history = json_object_get_array_member (reply->body, "history");

  g_assert_cmpuint (json_array_get_length (history), ==, g_strv_length ((char **) states));
  for (guint i = 0; states[i] != NULL; i++)
    {
      JsonObject *entry = json_array_get_object_element (history, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (json_object_get_string_member (entry, "at"), NULL);

      g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, states[i]);
      g_assert_nonnull (at);
      g_assert_true (g_str_has_suffix (json_object_get_string_member (entry, "at"), "Z"));
    }
}

static void
walk_happy_path (PortalFixture *f,
                 const char    *reason,
                 const char    *method)
{
  static const char *const states[] = {
    "started", "authenticated", "form_saved", "phone_verified", "method_chosen", NULL,
  };
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(JsonObject) form = portal_valid_form (reason);
  g_autoptr(Reply) login = NULL;
  g_autoptr(Reply) saved = NULL;
  g_autoptr(Reply) sent = NULL;
  g_autoptr(Reply) verified = NULL;
  g_autoptr(Reply) chosen = NULL;
  g_autoptr(Reply) state = NULL;
  g_autofree char *code = NULL;
  JsonObject *person, *stored;

  g_assert_true (eb_portal_is_token (token));
  g_assert_cmpuint (strlen (captcha_id), ==, 32);

  state = status (f, token);
  g_assert_cmpuint (state->status, ==, 200);
  g_assert_cmpstr (reply_get_string (state, "state"), ==, "started");
  g_assert_false (json_object_has_member (state->body, "person"));
  g_clear_pointer (&state, reply_free);

  /* Names as typed, compared by Turkish capitals; the date as DD.MM.YYYY. */
  login = portal_login_with (f, token, captcha_id, NULL,
                             portal_identity ("100 000 001 46", "mehmet ali", "YILDIZ", " bulanık ", "24.11.1980"));
  g_assert_cmpuint (login->status, ==, 200);
  g_assert_cmpstr (reply_get_string (login, "state"), ==, "authenticated");
  person = json_object_get_object_member (login->body, "person");
  g_assert_cmpstr (json_object_get_string_member (person, "tckn"), ==, "10000000146");
  g_assert_cmpstr (json_object_get_string_member (person, "first_name"), ==, "MEHMET ALİ");
  g_assert_cmpstr (json_object_get_string_member (person, "last_name"), ==, "YILDIZ");
  g_assert_cmpstr (json_object_get_string_member (person, "birth_place"), ==, "BULANIK");
  g_assert_cmpstr (json_object_get_string_member (person, "birth_date"), ==, "1980-11-24");
  g_assert_cmpstr (json_object_get_string_member (person, "institution_name"), ==,
                   "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");

  saved = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);
  g_assert_cmpuint (saved->status, ==, 200);
  g_assert_cmpstr (reply_get_string (saved, "state"), ==, "form_saved");
  stored = json_object_get_object_member (saved->body, "form");
  g_assert_cmpstr (json_object_get_string_member (stored, "reason"), ==, reason);
  g_assert_cmpstr (json_object_get_string_member (stored, "district"), ==, "Bulanık");
  g_assert_cmpstr (json_object_get_string_member (stored, "mobile_phone"), ==, TEST_MOBILE);
  g_assert_cmpstr (json_object_get_string_member (stored, "work_phone"), ==, "4363112025");
  g_assert_cmpstr (json_object_get_string_member (stored, "unit"), ==, "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  g_assert_cmpstr (json_object_get_string_member (stored, "tckn"), ==, "10000000146");
  g_assert_cmpstr (json_object_get_string_member (stored, "institution_name"), ==,
                   "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  g_assert_false (json_object_has_member (stored, "security_word"));
  g_assert_false (json_object_has_member (stored, "security_word_repeat"));

  sent = send_sms (f, token);
  g_assert_cmpuint (sent->status, ==, 202);
  g_assert_cmpstr (reply_get_string (sent, "phone"), ==, "0 (532) *** ** 67");
  g_assert_cmpint (json_object_get_int_member (sent->body, "expires_in"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (sent->body, "resends_left"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (sent->body, "resend_after"), ==, 60);
  code = portal_fixture_dup_code (f);
  {
    g_autofree char *text = portal_fixture_dup_last_sms (f);
    g_autofree char *expected = g_strdup_printf ("e-İmza Başvuru doğrulama kodunuz: %s. Kod 5 dakika geçerlidir.",
                                                 code);

    g_assert_cmpstr (text, ==, expected);
  }

  verified = verify (f, token, code);
  g_assert_cmpuint (verified->status, ==, 200);
  g_assert_cmpstr (reply_get_string (verified, "state"), ==, "phone_verified");

  chosen = choose (f, token, method);
  g_assert_cmpuint (chosen->status, ==, 200);
  g_assert_cmpstr (reply_get_string (chosen, "state"), ==, "method_chosen");
  g_assert_cmpstr (reply_get_string (chosen, "method"), ==, method);
  g_assert_true (g_regex_match_simple ("^MEB-[0-9]{4}-[0-9]{6}$", reply_get_string (chosen, "application_no"), 0, 0));

  state = status (f, token);
  g_assert_cmpuint (state->status, ==, 200);
  g_assert_cmpstr (reply_get_string (state, "state"), ==, "method_chosen");
  g_assert_cmpstr (reply_get_string (state, "method"), ==, method);
  g_assert_cmpstr (reply_get_string (state, "application_no"), ==, reply_get_string (chosen, "application_no"));
  check_history (state, states);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state->body, "person"),
                                                  "last_name"), ==, "YILDIZ");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state->body, "form"),
                                                  "postal_code"), ==, "49500");
  g_assert_false (json_object_has_member (json_object_get_object_member (state->body, "form"), "security_word"));
}

static void
test_happy_wet_new (PortalFixture *f,
                    gconstpointer  data)
{
  walk_happy_path (f, "new", "wet");
}

static void
test_happy_esign_renewal (PortalFixture *f,
                          gconstpointer  data)
{
  walk_happy_path (f, "renewal", "esign");
}

static void
test_numbers_count_up (PortalFixture *f,
                       gconstpointer  data)
{
  g_autofree char *first = portal_verify_phone (f, "new");
  g_autofree char *second = portal_verify_phone (f, "renewal");
  g_autoptr(Reply) a = choose (f, first, "wet");
  g_autoptr(Reply) b = choose (f, second, "esign");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *year = g_date_time_format (now, "%Y");
  g_autofree char *expected_a = g_strdup_printf ("MEB-%s-000001", year);
  g_autofree char *expected_b = g_strdup_printf ("MEB-%s-000002", year);

  g_assert_cmpstr (reply_get_string (a, "application_no"), ==, expected_a);
  g_assert_cmpstr (reply_get_string (b, "application_no"), ==, expected_b);
}

/* Captcha */

static void
test_captcha_wrong (PortalFixture *f,
                    gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, "zzzzz", mehmet ());

  assert_error (reply, 403, "captcha_wrong");
  /* Used up either way. */
  g_assert_null (eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id));
}

static void
test_captcha_reused (PortalFixture *f,
                     gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autofree char *answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;

  first = portal_login_with (f, token, captcha_id, answer,
                             portal_identity ("10000000146", "Mehmet Ali", "Yıldız", "Muş", "1980-11-24"));
  assert_error (first, 403, "identity_mismatch");

  second = portal_login_with (f, token, captcha_id, answer, mehmet ());
  assert_error (second, 410, "captcha_expired");
}

static void
test_captcha_expired (PortalFixture *f,
                      gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autofree char *answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);
  g_autoptr(Reply) reply = NULL;

  portal_fixture_advance (f, 301);
  reply = portal_login_with (f, token, captcha_id, answer, mehmet ());
  assert_error (reply, 410, "captcha_expired");
}

static void
test_captcha_refresh (PortalFixture *f,
                      gconstpointer  data)
{
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *token = portal_start_session (f, &old_id);
  g_autofree char *old_answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, old_id);
  g_autoptr(Reply) refreshed = new_captcha (f, token, &new_id);
  g_autofree char *new_answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, new_id);
  g_autofree char *shouted = g_ascii_strup (new_answer, -1);
  g_autoptr(Reply) old_reply = NULL;
  g_autoptr(Reply) new_reply = NULL;
  g_autofree guchar *png = NULL;
  gsize png_length;

  g_assert_cmpstr (old_id, !=, new_id);
  g_assert_cmpuint (strlen (new_answer), ==, 5);
  g_assert_cmpuint (strspn (new_answer, "abcdefhkmnprstuvwxyz2345678"), ==, 5);
  png = g_base64_decode (reply_get_string (refreshed, "image"), &png_length);
  g_assert_cmpuint (png_length, >, 1000);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);

  /* The old one is void, the new one is case-insensitive. */
  old_reply = portal_login_with (f, token, old_id, old_answer, mehmet ());
  assert_error (old_reply, 410, "captcha_expired");
  new_reply = portal_login_with (f, token, new_id, shouted, mehmet ());
  g_assert_cmpuint (new_reply->status, ==, 200);
}

/* Login */

static void
test_login_identity_mismatch (PortalFixture *f,
                              gconstpointer  data)
{
  static const char *const variants[][5] = {
    { "10000000146", "Mehmet", "Yıldız", "Bulanık", "1980-11-24" },
    { "10000000146", "Mehmet Ali", "Yılmaz", "Bulanık", "1980-11-24" },
    { "10000000146", "Mehmet Ali", "Yıldız", "Muş", "1980-11-24" },
    { "10000000146", "Mehmet Ali", "Yıldız", "Bulanık", "1980-11-25" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *captcha_id = NULL;
      g_autofree char *token = portal_start_session (f, &captcha_id);
      g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, NULL,
                                                  portal_identity (variants[i][0], variants[i][1],
                                                                   variants[i][2], variants[i][3],
                                                                   variants[i][4]));

      assert_error (reply, 403, "identity_mismatch");
      /* Which detail differs is not said. */
      g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (reply->body, "error"),
                                                            "message"), "name"));
    }
}

/* Typed without the Turkish letters ("bulanik" for BULANIK, İ as I, ş as
 * s, …): the same person, and the reply gives the registry's spelling. Any
 * other difference is still a mismatch (issue 12, item 8). */
static void
test_login_folded_letters (PortalFixture *f,
                           gconstpointer  data)
{
  static const char *const accepted[][6] = {
    /* tckn, first, last, place, date, registry's first name */
    { "10000000146", "MEHMET ALI", "yildiz", "bulanik", "1980-11-24", "MEHMET ALİ" },
    { "23456789138", "Ayse Gul", "CELIK", "Mus", "08.03.1975", "AYŞE GÜL" },
  };
  static const char *const refused[][5] = {
    { "10000000146", "Mehmet Ali", "Yildiz", "Bulanik", "1980-11-25" },   /* the date still exact */
    { "10000000146", "Mehmet Ali", "Yildiz", "Bulanak", "1980-11-24" },   /* another letter */
    { "23456789138", "Ayse Gul", "Celik", "Bulanik", "1975-03-08" },      /* Mehmet's place, not hers */
    { "10000000146", "Mehmetali", "Yildiz", "Bulanik", "1980-11-24" },    /* a space is not a letter */
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *captcha_id = NULL;
      g_autofree char *token = portal_start_session (f, &captcha_id);
      g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, NULL,
                                                  portal_identity (accepted[i][0], accepted[i][1],
                                                                   accepted[i][2], accepted[i][3],
                                                                   accepted[i][4]));
      JsonObject *person;

      g_assert_cmpuint (reply->status, ==, 200);
      person = json_object_get_object_member (reply->body, "person");
      g_assert_cmpstr (json_object_get_string_member (person, "tckn"), ==, accepted[i][0]);
      g_assert_cmpstr (json_object_get_string_member (person, "first_name"), ==, accepted[i][5]);
      g_assert_cmpstr (json_object_get_string_member (person, "last_name"), ==, i == 0 ? "YILDIZ" : "ÇELİK");
      g_assert_cmpstr (json_object_get_string_member (person, "birth_place"), ==, i == 0 ? "BULANIK" : "MUŞ");
    }

  /* Şükrü Doğan of Iğdır, typed "sukru dogan, igdir", is recognised: what
   * stops him is his assignment, not his letters. */
  {
    g_autofree char *captcha_id = NULL;
    g_autofree char *token = portal_start_session (f, &captcha_id);
    g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, NULL,
                                                portal_identity ("45672389138", "sukru", "DOGAN", "igdir",
                                                                 "30.01.1969"));

    assert_error (reply, 403, "assignment_not_recorded");
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *captcha_id = NULL;
      g_autofree char *token = portal_start_session (f, &captcha_id);
      g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, NULL,
                                                  portal_identity (refused[i][0], refused[i][1],
                                                                   refused[i][2], refused[i][3],
                                                                   refused[i][4]));

      assert_error (reply, 403, "identity_mismatch");
    }
}

static void
test_login_person_not_found (PortalFixture *f,
                             gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, NULL,
                                              portal_identity ("34561278950", "İsmail", "Öztürk",
                                                               "Malazgirt", "1983-06-17"));

  assert_error (reply, 404, "person_not_found");
}

static void
test_login_assignment_not_recorded (PortalFixture *f,
                                    gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, NULL,
                                              portal_identity ("45672389138", "ŞÜKRÜ", "doğan",
                                                               "ığdır", "30.01.1969"));
  g_autoptr(Reply) state = NULL;

  assert_error (reply, 403, "assignment_not_recorded");
  state = status (f, token);
  g_assert_cmpstr (reply_get_string (state, "state"), ==, "started");
}

static void
test_login_invalid_fields (PortalFixture *f,
                           gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autofree char *answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) retry = NULL;
  g_autofree char *errors = NULL;

  reply = portal_login_with (f, token, captcha_id, answer,
                             portal_identity ("10000000147", "Mehmet 2", "", "Bulanık", "31.02.1980"));
  assert_error (reply, 422, "invalid_fields");
  errors = field_errors (reply);
  g_assert_cmpstr (errors, ==,
                   "birth_date:date_not_real first_name:invalid_characters last_name:required tckn:tckn_checksum");

  /* A typo does not use up the captcha. */
  retry = portal_login_with (f, token, captcha_id, answer, mehmet ());
  g_assert_cmpuint (retry->status, ==, 200);
}

static void
test_login_throttled (PortalFixture *f,
                      gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(Reply) blocked = NULL;
  g_autoptr(Reply) later = NULL;
  gint64 retry_after;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) reply = NULL;
      g_autoptr(Reply) refreshed = NULL;

      /* Wrong captchas, unknown people and mismatches all count. */
      if (i % 3 == 0)
        {
          reply = portal_login_with (f, token, captcha_id, "zzzzz", mehmet ());
          assert_error (reply, 403, "captcha_wrong");
        }
      else if (i % 3 == 1)
        {
          reply = portal_login_with (f, token, captcha_id, NULL,
                                     portal_identity ("34561278950", "İsmail", "Öztürk", "Malazgirt", "1983-06-17"));
          assert_error (reply, 404, "person_not_found");
        }
      else
        {
          reply = portal_login_with (f, token, captcha_id, NULL,
                                     portal_identity ("10000000146", "Ali", "Yıldız", "Bulanık", "1980-11-24"));
          assert_error (reply, 403, "identity_mismatch");
        }
      portal_fixture_advance (f, 30);
      g_free (captcha_id);
      refreshed = new_captcha (f, token, &captcha_id);
    }

  /* Even the right answer is refused now, until the window has passed. */
  blocked = portal_login_with (f, token, captcha_id, NULL, mehmet ());
  assert_error (blocked, 429, "too_many_attempts");
  retry_after = reply_get_error_int (blocked, "retry_after");
  g_assert_cmpint (retry_after, >, 400);
  g_assert_cmpint (retry_after, <=, 600);
  g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (blocked->headers, "Retry-After"), NULL, 10),
                   ==, retry_after);
  /* The refusal did not use the captcha. */
  {
    g_autofree char *still = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);

    g_assert_nonnull (still);
  }

  portal_fixture_advance (f, retry_after);
  g_free (captcha_id);
  g_clear_pointer (&blocked, reply_free);
  blocked = new_captcha (f, token, &captcha_id);
  later = portal_login_with (f, token, captcha_id, NULL, mehmet ());
  g_assert_cmpuint (later->status, ==, 200);
}

/* Form */

static void
test_form_invalid_fields (PortalFixture *f,
                          gconstpointer  data)
{
  g_autofree char *token = portal_login (f);
  g_autoptr(JsonObject) form = portal_valid_form ("new");
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) state = NULL;
  g_autofree char *errors = NULL;

  json_object_set_string_member (form, "security_word_repeat", "ZeytinDalı-7396");
  json_object_set_string_member (form, "district", "Malazgirt");  /* 49500 is Bulanık's */
  json_object_set_string_member (form, "email", "mehmet@");
  json_object_set_string_member (form, "mobile_phone", "0212 123 45 67");
  json_object_set_string_member (form, "mobile_operator", "none");
  json_object_set_string_member (form, "work_phone", "0 (999) 311 20 25");
  json_object_set_string_member (form, "registry_no", "12a");
  json_object_set_string_member (form, "reason", "whim");
  json_object_set_string_member (form, "validity_years", "2");
  json_object_remove_member (form, "job_title");

  reply = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);
  assert_error (reply, 422, "invalid_fields");
  errors = field_errors (reply);
  g_assert_cmpstr (errors, ==,
                   "email:email_format job_title:required mobile_operator:choice_missing "
                   "mobile_phone:mobile_format postal_code:postal_district reason:choice_missing "
                   "registry_no:registry_no_format security_word_repeat:security_word_mismatch "
                   "validity_years:choice_missing work_phone:landline_area_code");

  state = status (f, token);
  g_assert_cmpstr (reply_get_string (state, "state"), ==, "authenticated");
}

static void
test_form_bad_choices (PortalFixture *f,
                       gconstpointer  data)
{
  g_autofree char *token = portal_login (f);
  g_autoptr(JsonObject) form = portal_valid_form ("new");
  g_autoptr(Reply) reply = NULL;
  g_autofree char *errors = NULL;

  json_object_set_string_member (form, "province", "Muş");
  json_object_set_string_member (form, "info_channel", "");
  json_object_set_string_member (form, "security_word", "123456");
  json_object_set_string_member (form, "security_word_repeat", "123456");
  json_object_set_string_member (form, "card_reader_type", "usb");

  reply = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);
  assert_error (reply, 422, "invalid_fields");
  errors = field_errors (reply);
  g_assert_cmpstr (errors, ==,
                   "card_reader_type:choice_missing district:district_unknown info_channel:choice_missing "
                   "postal_code:postal_province province:province_unknown security_word:security_word_weak");
}

static void
test_form_identity_from_login (PortalFixture *f,
                               gconstpointer  data)
{
  g_autofree char *token = portal_login (f);
  g_autoptr(JsonObject) form = portal_valid_form ("new");
  g_autoptr(Reply) reply = NULL;
  JsonObject *stored;

  json_object_set_string_member (form, "tckn", "23456789138");
  json_object_set_string_member (form, "first_name", "Ayşe Gül");
  json_object_set_string_member (form, "institution_name", "BAŞKA KURUM");
  json_object_set_string_member (form, "future_member", "ignored");

  reply = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);
  g_assert_cmpuint (reply->status, ==, 200);
  stored = json_object_get_object_member (reply->body, "form");
  g_assert_cmpstr (json_object_get_string_member (stored, "tckn"), ==, "10000000146");
  g_assert_cmpstr (json_object_get_string_member (stored, "first_name"), ==, "MEHMET ALİ");
  g_assert_cmpstr (json_object_get_string_member (stored, "institution_name"), ==,
                   "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  g_assert_false (json_object_has_member (stored, "future_member"));
}

static void
test_form_saved_again (PortalFixture *f,
                       gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(JsonObject) form = portal_valid_form ("renewal");
  g_autoptr(Reply) sent = send_sms (f, token);
  g_autofree char *code = portal_fixture_dup_code (f);
  g_autoptr(Reply) saved = NULL;
  g_autoptr(Reply) old_code = NULL;
  g_autoptr(Reply) state = NULL;

  g_assert_cmpuint (sent->status, ==, 202);
  saved = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);
  g_assert_cmpuint (saved->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (saved->body, "form"), "reason"),
                   ==, "renewal");

  /* A new save voids the code sent for the old one. */
  old_code = verify (f, token, code);
  assert_error (old_code, 409, "sms_code_missing");

  state = status (f, token);
  check_history (state, (const char *const[]) { "started", "authenticated", "form_saved", NULL });
}

/* Method */

static void
test_esign_needs_renewal (PortalFixture *f,
                          gconstpointer  data)
{
  g_autofree char *token = portal_verify_phone (f, "lost-stolen");
  g_autoptr(Reply) esign = choose (f, token, "esign");
  g_autoptr(Reply) bogus = choose (f, token, "fax");
  g_autoptr(Reply) wet = NULL;

  assert_error (esign, 422, "method_needs_renewal");
  assert_error (bogus, 400, "malformed_request");
  wet = choose (f, token, "wet");
  g_assert_cmpuint (wet->status, ==, 200);
}

/* SMS */

static void
test_sms_expired (PortalFixture *f,
                  gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(Reply) sent = send_sms (f, token);
  g_autofree char *code = portal_fixture_dup_code (f);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) fresh = NULL;
  g_autoptr(Reply) ok = NULL;
  g_autofree char *new_code = NULL;

  g_assert_cmpuint (sent->status, ==, 202);
  portal_fixture_advance (f, 301);
  reply = verify (f, token, code);
  assert_error (reply, 410, "sms_code_expired");

  fresh = send_sms (f, token);
  g_assert_cmpuint (fresh->status, ==, 202);
  new_code = portal_fixture_dup_code (f);
  portal_fixture_advance (f, 299);
  ok = verify (f, token, new_code);
  g_assert_cmpuint (ok->status, ==, 200);
}

static void
test_sms_three_wrong (PortalFixture *f,
                      gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(Reply) sent = send_sms (f, token);
  g_autofree char *code = portal_fixture_dup_code (f);
  g_autofree char *wrong = wrong_code (code);
  g_autoptr(Reply) first = verify (f, token, wrong);
  g_autoptr(Reply) second = verify (f, token, wrong);
  g_autoptr(Reply) third = verify (f, token, wrong);
  g_autoptr(Reply) right = verify (f, token, code);
  g_autoptr(Reply) resent = NULL;
  g_autoptr(Reply) ok = NULL;
  g_autofree char *new_code = NULL;

  assert_error (first, 403, "sms_code_wrong");
  g_assert_cmpint (reply_get_error_int (first, "tries_left"), ==, 2);
  assert_error (second, 403, "sms_code_wrong");
  g_assert_cmpint (reply_get_error_int (second, "tries_left"), ==, 1);
  assert_error (third, 403, "sms_code_tries_exhausted");
  /* Even the right code is no good now. */
  assert_error (right, 403, "sms_code_tries_exhausted");

  portal_fixture_advance (f, 60);
  resent = send_sms (f, token);
  g_assert_cmpuint (resent->status, ==, 202);
  new_code = portal_fixture_dup_code (f);
  ok = verify (f, token, new_code);
  g_assert_cmpuint (ok->status, ==, 200);
}

static void
test_sms_resend_too_soon (PortalFixture *f,
                          gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(Reply) first = send_sms (f, token);
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) third = NULL;
  gint64 retry_after;

  g_assert_cmpuint (first->status, ==, 202);
  portal_fixture_advance (f, 20);
  second = send_sms (f, token);
  assert_error (second, 429, "sms_resend_too_soon");
  retry_after = reply_get_error_int (second, "retry_after");
  g_assert_cmpint (retry_after, >=, 39);
  g_assert_cmpint (retry_after, <=, 40);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Retry-After"), !=, NULL);
  g_assert_cmpuint (portal_fixture_count_sms (f), ==, 1);

  portal_fixture_advance (f, retry_after);
  third = send_sms (f, token);
  g_assert_cmpuint (third->status, ==, 202);
  g_assert_cmpint (json_object_get_int_member (third->body, "resends_left"), ==, 1);
  g_assert_cmpuint (portal_fixture_count_sms (f), ==, 2);
}

static void
test_sms_resend_limit (PortalFixture *f,
                       gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(Reply) fourth = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) reply = send_sms (f, token);

      g_assert_cmpuint (reply->status, ==, 202);
      g_assert_cmpint (json_object_get_int_member (reply->body, "resends_left"), ==, 2 - i);
      portal_fixture_advance (f, 61);
    }

  fourth = send_sms (f, token);
  assert_error (fourth, 429, "sms_resend_limit");
  g_assert_cmpuint (portal_fixture_count_sms (f), ==, 3);
}

static void
test_sms_missing (PortalFixture *f,
                  gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(Reply) reply = verify (f, token, "123456");
  g_autoptr(Reply) short_code = verify (f, token, "12345");
  g_autoptr(Reply) letters = verify (f, token, "12345a");

  assert_error (reply, 409, "sms_code_missing");
  assert_error (short_code, 400, "malformed_request");
  assert_error (letters, 400, "malformed_request");
}

static void
test_sms_gateway_failed (PortalFixture *f,
                         gconstpointer  data)
{
  g_autofree char *token = portal_save_form (f, "new");
  g_autoptr(Reply) failed = NULL;
  g_autoptr(Reply) sent = NULL;

  g_mutex_lock (&f->lock);
  f->sms_refuse = TRUE;
  g_mutex_unlock (&f->lock);
  failed = send_sms (f, token);
  assert_error (failed, 502, "sms_gateway_failed");

  /* A send that did not happen does not count, nor start the 60 s. */
  g_mutex_lock (&f->lock);
  f->sms_refuse = FALSE;
  g_mutex_unlock (&f->lock);
  sent = send_sms (f, token);
  g_assert_cmpuint (sent->status, ==, 202);
  g_assert_cmpint (json_object_get_int_member (sent->body, "resends_left"), ==, 2);
}

/* States and sessions */

static void
test_wrong_state_order (PortalFixture *f,
                        gconstpointer  data)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(JsonObject) form = portal_valid_form ("new");
  g_autoptr(Reply) early_form = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);
  g_autoptr(Reply) early_sms = send_sms (f, token);
  g_autoptr(Reply) early_verify = verify (f, token, "123456");
  g_autoptr(Reply) early_method = choose (f, token, "wet");
  g_autofree char *logged_in = portal_login (f);
  g_autoptr(Reply) sms_before_form = send_sms (f, logged_in);
  g_autofree char *other_captcha = NULL;
  g_autoptr(Reply) refreshed = new_captcha (f, logged_in, &other_captcha);
  g_autoptr(Reply) login_again = portal_login_with (f, logged_in, other_captcha, NULL, mehmet ());
  g_autofree char *verified = portal_verify_phone (f, "renewal");
  g_autoptr(Reply) verify_again = verify (f, verified, "123456");
  g_autoptr(Reply) sms_after = send_sms (f, verified);
  g_autoptr(JsonObject) late_form = portal_valid_form ("new");
  g_autoptr(Reply) form_after = portal_request_json (f, "PUT", "/api/v1/application/form", verified, late_form);
  g_autoptr(Reply) chosen = choose (f, verified, "esign");
  g_autoptr(Reply) chosen_again = choose (f, verified, "wet");

  assert_error (early_form, 409, "wrong_state");
  assert_error (early_sms, 409, "wrong_state");
  assert_error (early_verify, 409, "wrong_state");
  assert_error (early_method, 409, "wrong_state");
  assert_error (sms_before_form, 409, "wrong_state");
  assert_error (login_again, 409, "wrong_state");
  assert_error (verify_again, 409, "wrong_state");
  assert_error (sms_after, 409, "wrong_state");
  assert_error (form_after, 409, "wrong_state");
  g_assert_cmpuint (chosen->status, ==, 200);
  assert_error (chosen_again, 409, "wrong_state");
}

static void
test_session_missing (PortalFixture *f,
                      gconstpointer  data)
{
  g_autoptr(Reply) none = portal_request (f, "GET", "/api/v1/application", NULL, NULL, NULL, 0);
  g_autoptr(Reply) basic = NULL;
  g_autofree char *url = g_strconcat (f->base_url, "/api/v1/captcha", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = NULL;

  assert_error (none, 401, "session_missing");

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", "Basic Zm9vOmJhcg==");
  bytes = soup_session_send_and_read (f->soup, message, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (message), ==, 401);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"session_missing\""));
}

static void
test_session_unknown (PortalFixture *f,
                      gconstpointer  data)
{
  g_autoptr(Reply) unknown = status (f, "0123456789abcdef0123456789abcdef");
  g_autoptr(Reply) garbage = status (f, "not-a-token");
  g_autoptr(Reply) upper = status (f, "0123456789ABCDEF0123456789ABCDEF");

  assert_error (unknown, 401, "session_expired");
  assert_error (garbage, 401, "session_expired");
  assert_error (upper, 401, "session_expired");
}

static void
test_session_expired (PortalFixture *f,
                      gconstpointer  data)
{
  g_autofree char *token = portal_start_session (f, NULL);
  g_autoptr(Reply) later = NULL;
  g_autoptr(Reply) still = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) gone = NULL;

  /* Every request renews the 30 minutes. */
  portal_fixture_advance (f, 29 * 60);
  later = status (f, token);
  g_assert_cmpuint (later->status, ==, 200);
  portal_fixture_advance (f, 29 * 60);
  still = status (f, token);
  g_assert_cmpuint (still->status, ==, 200);

  portal_fixture_advance (f, 30 * 60 + 1);
  expired = status (f, token);
  assert_error (expired, 401, "session_expired");
  /* And it stays closed. */
  portal_fixture_advance (f, -(30 * 60));
  gone = status (f, token);
  assert_error (gone, 401, "session_expired");
}

static gint64
count_rows (PortalFixture *f,
            const char    *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  /* A second connection reads alongside the server's (WAL). */
  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_session_pruned (PortalFixture *f,
                     gconstpointer  data)
{
  g_autofree char *abandoned = portal_start_session (f, NULL);
  g_autofree char *fresh = NULL;

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM sessions"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM captchas"), ==, 1);

  /* The next session sweeps out the one nobody came back to, token hash,
   * captcha and all; its application stays, for the record. */
  portal_fixture_advance (f, 31 * 60);
  fresh = portal_start_session (f, NULL);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM sessions"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM captchas"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM applications"), ==, 2);
}

/* Slow work does not hold up other clients. */

typedef struct
{
  PortalFixture *f;
  char          *token;
  gint64         finished;
} SaveJob;

static gpointer
save_form_thread (gpointer data)
{
  SaveJob *job = data;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = g_strconcat (job->f->base_url, "/api/v1/application/form", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("PUT", url);
  g_autoptr(JsonObject) form = portal_valid_form ("new");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), form);
  g_autofree char *bearer = g_strconcat ("Bearer ", job->token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (text, length);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  reply = soup_session_send_and_read (soup, message, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  job->finished = g_get_monotonic_time ();

  return NULL;
}

static void
test_slow_work_in_background (PortalFixture *f,
                              gconstpointer  data)
{
  SaveJob jobs[4];
  GThread *threads[G_N_ELEMENTS (jobs)];
  g_autoptr(Reply) health = NULL;
  gint64 health_done, last_form = 0;

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].f = f;
      jobs[i].token = portal_login (f);
      jobs[i].finished = 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("save-form", save_form_thread, &jobs[i]);

  g_usleep (20 * 1000);
  health = portal_request (f, "GET", "/api/v1/health", NULL, NULL, NULL, 0);
  health_done = g_get_monotonic_time ();
  g_assert_cmpuint (health->status, ==, 200);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      last_form = MAX (last_form, jobs[i].finished);
      g_free (jobs[i].token);
    }

  /* Four scrypt hashes take far longer than one health check. */
  g_assert_cmpint (health_done, <, last_form);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  ADD ("health", test_health);
  ADD ("happy/wet-new", test_happy_wet_new);
  ADD ("happy/esign-renewal", test_happy_esign_renewal);
  ADD ("happy/numbers-count-up", test_numbers_count_up);
  ADD ("captcha/wrong", test_captcha_wrong);
  ADD ("captcha/reused", test_captcha_reused);
  ADD ("captcha/expired", test_captcha_expired);
  ADD ("captcha/refresh", test_captcha_refresh);
  ADD ("login/identity-mismatch", test_login_identity_mismatch);
  ADD ("login/folded-letters", test_login_folded_letters);
  ADD ("login/person-not-found", test_login_person_not_found);
  ADD ("login/assignment-not-recorded", test_login_assignment_not_recorded);
  ADD ("login/invalid-fields", test_login_invalid_fields);
  ADD ("login/throttled", test_login_throttled);
  ADD ("form/invalid-fields", test_form_invalid_fields);
  ADD ("form/bad-choices", test_form_bad_choices);
  ADD ("form/identity-from-login", test_form_identity_from_login);
  ADD ("form/saved-again", test_form_saved_again);
  ADD ("method/esign-needs-renewal", test_esign_needs_renewal);
  ADD ("sms/expired", test_sms_expired);
  ADD ("sms/three-wrong", test_sms_three_wrong);
  ADD ("sms/resend-too-soon", test_sms_resend_too_soon);
  ADD ("sms/resend-limit", test_sms_resend_limit);
  ADD ("sms/missing", test_sms_missing);
  ADD ("sms/gateway-failed", test_sms_gateway_failed);
  ADD ("state/wrong-order", test_wrong_state_order);
  ADD ("session/missing", test_session_missing);
  ADD ("session/unknown", test_session_unknown);
  ADD ("session/expired", test_session_expired);
  ADD ("session/pruned", test_session_pruned);
  ADD ("slow-work-in-background", test_slow_work_in_background);

  return g_test_run ();
}
