/* test-portal-training.c — the in-process training portal the app embeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eb-training-portal.h"
#include "eb-validation.h"

static char *tmp_dir;

static JsonObject *
call (SoupSession *soup,
      const char  *base_url,
      const char  *method,
      const char  *path,
      const char  *token,
      const char  *body,
      guint       *status)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  reply = soup_session_send_and_read (soup, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
on_sms (EbTrainingPortal *portal,
        const char       *number,
        const char       *text,
        gpointer          user_data)
{
  char **received = user_data;

  /* In the context that made the portal: this test's main thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_free (*received);
  *received = g_strdup_printf ("%s|%s", number, text);
}

static void
test_demo_people (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbTrainingPortal) portal = eb_training_portal_new (&error);
  g_autoptr(GPtrArray) people = NULL;
  guint unrecorded = 0;

  g_assert_no_error (error);
  people = eb_training_portal_list_demo_people (portal);
  g_assert_cmpuint (people->len, >=, 4);
  for (guint i = 0; i < people->len; i++)
    {
      EbRegistryPerson *person = g_ptr_array_index (people, i);
      g_autofree char *name = NULL;

      g_assert_true (eb_tckn_is_valid (person->tckn));
      g_assert_nonnull ((name = eb_validate_person_name (person->first_name, NULL)));
      g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", person->birth_date, 0, 0));
      g_assert_true (g_str_has_suffix (person->institution_name, "MÜDÜRLÜĞÜ") ||
                     strstr (person->institution_name, "OKUL") != NULL ||
                     strstr (person->institution_name, "LİSESİ") != NULL);
      unrecorded += !person->assignment_recorded;
    }
  g_assert_cmpuint (unrecorded, ==, 1);
}

static void
test_walk_through (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbTrainingPortal) portal = eb_training_portal_new (&error);
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(JsonObject) health = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) login = NULL;
  g_autoptr(JsonObject) form = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("kodunuz: ([0-9]{6})\\.", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *received = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body = NULL;
  g_autofree char *code = NULL;
  g_autofree char *token = NULL;
  g_autofree char *verify_body = NULL;
  EbRegistryPerson *mehmet = NULL;
  const char *base_url;
  const char *captcha_id;
  guint status;

  g_assert_no_error (error);
  base_url = eb_training_portal_get_base_url (portal);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+$", base_url, 0, 0));
  g_signal_connect (portal, "sms-received", G_CALLBACK (on_sms), &received);

  health = call (soup, base_url, "GET", "/api/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  people = eb_training_portal_list_demo_people (portal);
  for (guint i = 0; i < people->len && mehmet == NULL; i++)
    if (g_str_equal (((EbRegistryPerson *) g_ptr_array_index (people, i))->tckn, "10000000146"))
      mehmet = g_ptr_array_index (people, i);
  g_assert_nonnull (mehmet);

  session = call (soup, base_url, "POST", "/api/v1/sessions", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 201);
  token = g_strdup (json_object_get_string_member (session, "session"));
  captcha_id = json_object_get_string_member (json_object_get_object_member (session, "captcha"), "id");
  answer = eb_training_portal_dup_captcha_answer (portal, captcha_id);
  g_assert_nonnull (answer);
  g_assert_null (eb_training_portal_dup_captcha_answer (portal, "0000"));

  body = g_strdup_printf ("{\"captcha_id\": \"%s\", \"captcha_answer\": \"%s\", \"tckn\": \"%s\","
                          " \"first_name\": \"%s\", \"last_name\": \"%s\", \"birth_place\": \"%s\","
                          " \"birth_date\": \"%s\"}",
                          captcha_id, answer, mehmet->tckn, mehmet->first_name, mehmet->last_name,
                          mehmet->birth_place, mehmet->birth_date);
  login = call (soup, base_url, "POST", "/api/v1/login", token, body, &status);
  g_assert_cmpuint (status, ==, 200);

  form = call (soup, base_url, "PUT", "/api/v1/application/form", token,
               "{\"card_reader_type\": \"mini\", \"validity_years\": \"3\", \"reason\": \"new\","
               " \"security_word\": \"Deniz Feneri 9\", \"security_word_repeat\": \"Deniz Feneri 9\","
               " \"registry_no\": \"4242\", \"unit\": \"İlçe MEM\", \"job_title\": \"Müdür\","
               " \"delivery_address\": \"Bulanık\", \"province\": \"49\", \"district\": \"Bulanık\","
               " \"postal_code\": \"49500\", \"email\": \"a@example.org\", \"work_phone\": \"4363112025\","
               " \"mobile_phone\": \"5321234567\", \"mobile_operator\": \"turkcell\", \"info_channel\": \"sms\"}",
               &status);
  g_assert_cmpuint (status, ==, 200);

  sent = call (soup, base_url, "POST", "/api/v1/application/sms", token, NULL, &status);
  g_assert_cmpuint (status, ==, 202);

  /* The "SMS" arrives as a signal in this thread's context. */
  while (received == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (received, "905321234567|e-İmza Başvuru doğrulama kodunuz: "));
  g_assert_true (g_regex_match (regex, received, 0, &match));
  code = g_match_info_fetch (match, 1);

  verify_body = g_strdup_printf ("{\"code\": \"%s\"}", code);
  verified = call (soup, base_url, "POST", "/api/v1/application/sms/verify", token, verify_body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (verified, "state"), ==, "phone_verified");
}

static void
test_stops_cleanly (void)
{
  g_autoptr(GError) error = NULL;
  EbTrainingPortal *portal = eb_training_portal_new (&error);
  g_autofree char *url = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) refused = NULL;
  guint n_dirs = 0;

  g_assert_no_error (error);
  url = g_strconcat (eb_training_portal_get_base_url (portal), "/api/v1/health", NULL);

  dir = g_dir_open (tmp_dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_dirs++;
  g_assert_cmpuint (n_dirs, ==, 1);
  g_clear_pointer (&dir, g_dir_close);

  g_object_unref (portal);

  /* Not listening any more, and its temporary database is gone. */
  message = soup_message_new ("GET", url);
  reply = soup_session_send_and_read (soup, message, NULL, &refused);
  g_assert_error (refused, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  dir = g_dir_open (tmp_dir, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything asks GLib for it: the portal's temporary directory
   * goes here, where the test can see it come and go. */
  tmp_dir = g_build_filename (g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp",
                              "eb-test-training-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp_dir));
  g_setenv ("TMPDIR", tmp_dir, TRUE);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/portal/training/demo-people", test_demo_people);
  g_test_add_func ("/portal/training/walk-through", test_walk_through);
  g_test_add_func ("/portal/training/stops-cleanly", test_stops_cleanly);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
