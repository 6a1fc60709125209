/* test-portal-secrets.c — the security word, SMS codes, captcha answers and
 * session tokens never reach the database files or the log
 *
 * Every log message of the process (debug included) is captured; the
 * database, its -wal and -shm are read byte for byte, while the server runs
 * and after it has stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <sqlite3.h>

#include "eb-portal-crypto.h"
#include "portal-test-util.h"

static GMutex log_lock;
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (captured_log, "%s=", fields[i].key);
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  g_mutex_unlock (&log_lock);

  /* Debug stays here; anything louder is shown (and fatal) as usual. */
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct
{
  GPtrArray *secrets;   /* strings that must appear nowhere */
  GPtrArray *public;    /* digit strings the flow sent openly (a code may match one by chance) */
} Secrets;

static void
add_secret (Secrets    *secrets,
            const char *value)
{
  g_assert_nonnull (value);
  g_assert_cmpuint (strlen (value), >=, 5);
  g_ptr_array_add (secrets->secrets, g_strdup (value));
}

static gboolean
is_public_by_chance (Secrets    *secrets,
                     const char *value)
{
  for (guint i = 0; i < secrets->public->len; i++)
    if (strstr (g_ptr_array_index (secrets->public, i), value) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_absent (Secrets    *secrets,
               const char *what,
               const char *data,
               gsize       length)
{
  for (guint i = 0; i < secrets->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets->secrets, i);

      if (is_public_by_chance (secrets, secret))
        {
          g_test_message ("%s also appears in public data; not checked", secret);
          continue;
        }
      if (memmem (data, length, secret, strlen (secret)) != NULL)
        g_error ("“%s” found in %s", secret, what);
    }
}

static void
assert_files_clean (Secrets    *secrets,
                    const char *db_path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  guint n_read = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", path, length);
      assert_absent (secrets, path, contents, length);
      n_read++;
    }
  g_assert_cmpuint (n_read, >=, 1);
}

static char *
query_text (const char *db_path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
setup (PortalFixture *f,
       gconstpointer  data)
{
  portal_fixture_setup (f, data);
  portal_fixture_start (f);
}

static void
test_nothing_secret_kept (PortalFixture *f,
                          gconstpointer  data)
{
  Secrets secrets = {
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func (g_free),
  };
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *wrong_answer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expected_hash = NULL;
  g_autoptr(JsonObject) form = portal_valid_form ("renewal");

  g_ptr_array_add (secrets.public, g_strdup ("10000000146 19801124 1980-11-24 49500 4363112025 "
                                             TEST_MOBILE " 905321234567 123456"));
  add_secret (&secrets, TEST_SECURITY_WORD);
  /* Its Turkish-capital and lower-case forms would be just as bad. */
  add_secret (&secrets, "ZEYTİNDALI-7395");
  add_secret (&secrets, "zeytindalı-7395");

  /* A failed login (a wrong captcha) and a good one. */
  token = portal_start_session (f, &captcha_id);
  add_secret (&secrets, token);
  wrong_answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);
  add_secret (&secrets, wrong_answer);
  {
    g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, "zzzzz",
                                                portal_identity ("10000000146", "Mehmet Ali", "Yıldız",
                                                                 "Bulanık", "1980-11-24"));

    assert_error (reply, 403, "captcha_wrong");
  }
  {
    g_autoptr(Reply) reply = portal_request (f, "POST", "/api/v1/captcha", token, NULL, NULL, 0);

    g_free (captcha_id);
    captcha_id = g_strdup (reply_get_string (reply, "id"));
    answer = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);
    add_secret (&secrets, answer);
  }
  {
    g_autoptr(Reply) reply = portal_login_with (f, token, captcha_id, answer,
                                                portal_identity ("10000000146", "Mehmet Ali", "Yıldız",
                                                                 "Bulanık", "1980-11-24"));

    g_assert_cmpuint (reply->status, ==, 200);
  }

  /* The form, twice (once wrong), the SMS (a wrong code, a resend, the right one). */
  {
    g_autoptr(JsonObject) bad = portal_valid_form ("renewal");
    g_autoptr(Reply) reply = NULL;

    json_object_set_string_member (bad, "security_word_repeat", "ZeytinDalı-7396");
    add_secret (&secrets, "ZeytinDalı-7396");
    reply = portal_request_json (f, "PUT", "/api/v1/application/form", token, bad);
    assert_error (reply, 422, "invalid_fields");
  }
  {
    g_autoptr(Reply) reply = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) sent = portal_request (f, "POST", "/api/v1/application/sms", token, NULL, NULL, 0);
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(Reply) reply = NULL;
      g_autofree char *code = NULL;

      g_assert_cmpuint (sent->status, ==, 202);
      code = portal_fixture_dup_code (f);
      add_secret (&secrets, code);
      if (i == 0)
        {
          g_autofree char *wrong = g_strdup (code);

          wrong[5] = wrong[5] == '9' ? '0' : wrong[5] + 1;
          add_secret (&secrets, wrong);
          json_object_set_string_member (body, "code", wrong);
          reply = portal_request_json (f, "POST", "/api/v1/application/sms/verify", token, body);
          assert_error (reply, 403, "sms_code_wrong");
          portal_fixture_advance (f, 61);
        }
      else
        {
          json_object_set_string_member (body, "code", code);
          reply = portal_request_json (f, "POST", "/api/v1/application/sms/verify", token, body);
          g_assert_cmpuint (reply->status, ==, 200);
        }
    }
  {
    g_autoptr(JsonObject) body = json_object_new ();
    g_autoptr(Reply) reply = NULL;

    json_object_set_string_member (body, "method", "esign");
    reply = portal_request_json (f, "PUT", "/api/v1/application/method", token, body);
    g_assert_cmpuint (reply->status, ==, 200);
  }

  /* What is stored instead: salted scrypt, and the token's SHA-256. */
  hash = query_text (f->db_path, "SELECT security_word_hash FROM applications");
  g_assert_true (g_str_has_prefix (hash, "$scrypt$ln=15,r=8,p=1$"));
  g_assert_true (eb_portal_verify_secret (TEST_SECURITY_WORD, hash));
  g_assert_false (eb_portal_verify_secret ("ZeytinDalı-7396", hash));
  token_hash = query_text (f->db_path, "SELECT hex (token_hash) FROM sessions");
  {
    g_autofree char *hex = eb_portal_sha256_hex (token);

    expected_hash = g_ascii_strup (hex, -1);
  }
  g_assert_cmpstr (token_hash, ==, expected_hash);

  g_test_message ("while running");
  assert_files_clean (&secrets, f->db_path);

  /* Stopped: the WAL is checkpointed into the database file. */
  g_main_loop_quit (f->loop);
  g_thread_join (g_steal_pointer (&f->thread));
  g_test_message ("after stopping");
  assert_files_clean (&secrets, f->db_path);

  g_mutex_lock (&log_lock);
  g_assert_cmpuint (captured_log->len, >, 0);
  /* The log did see the flow. */
  g_assert_nonnull (strstr (captured_log->str, "/api/v1/application/sms/verify"));
  assert_absent (&secrets, "the log", captured_log->str, captured_log->len);
  g_mutex_unlock (&log_lock);

  g_ptr_array_unref (secrets.secrets);
  g_ptr_array_unref (secrets.public);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add ("/portal/secrets/nothing-secret-kept", PortalFixture, NULL,
              setup, test_nothing_secret_kept, portal_fixture_teardown);

  return g_test_run ();
}
