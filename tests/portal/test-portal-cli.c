/* test-portal-cli.c — the eimza-portal program: import-registry, serve,
 * configuration, TLS, and a clean stop on SIGTERM that keeps what was committed
 *
 * Runs the binary of this build (EIMZA_PORTAL, set by meson).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "eb-file-util.h"
#include "eb-test-daemon.h"

typedef struct
{
  char *dir;
  char *db;
  char *csv;
} Fixture;

static const char *portal_path;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("eb-test-portal-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "portal.db", NULL);
  f->csv = g_test_build_filename (G_TEST_DIST, "..", "data", "portal", "demo-registry.csv", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_true (eb_remove_tree (f->dir, NULL));
  g_free (f->dir);
  g_free (f->db);
  g_free (f->csv);
}

/* Runs eimza-portal with @args (NULL-terminated) to the end; returns its exit status. */
static int
run_v (char              **out,
       char              **err,
       const char *const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) portal_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static int
run (char       **out,
     char       **err,
     const char  *first_arg,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return run_v (out, err, (const char *const *) args->pdata);
}

static gint64
count_rows (const char *db_path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_import_registry (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *broken = g_build_filename (f->dir, "broken.csv", NULL);
  g_autofree char *broken_out = NULL;
  g_autofree char *broken_err = NULL;

  g_assert_cmpint (run (&out, &err, "import-registry", "--db", f->db, f->csv, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "imported"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM registry"), ==, 5);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM registry WHERE first_name = 'MEHMET ALİ'"), ==, 1);

  /* One bad TCKN, and nothing of the file is taken. */
  g_file_set_contents (broken,
                       "tckn,first_name,last_name,birth_place,birth_date,institution_name,assignment_recorded\n"
                       "10000000146,Mehmet Ali,Yıldız,Bulanık,1980-11-24,BULANIK İLÇE MEM,1\n"
                       "10000000145,Ali,Kaya,Muş,1980-01-01,MUŞ İL MEM,1\n",
                       -1, NULL);
  g_assert_cmpint (run (&broken_out, &broken_err, "import-registry", "--db", f->db, broken, NULL), ==, 1);
  g_assert_nonnull (strstr (broken_err, "line 3"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM registry"), ==, 5);
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const cases[][6] = {
    { NULL },
    { "frobnicate", NULL },
    { "import-registry", NULL },
    { "import-registry", "--db", "x.db", NULL },
    { "serve", NULL },
    { "serve", "--db", "x.db", "--listen", "127.0.0.1:http", NULL },
    { "serve", "--db", "x.db", "--sms", "pigeon:coop", NULL },
    { "serve", "--db", "x.db", "--tls-cert", "c.pem", NULL },
    { "serve", "--db", "x.db", "--trust-anchors", "no-such-dir", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_v (&out, &err, cases[i]);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_true (g_str_has_prefix (err, "eimza-portal: "));
    }
  /* Nothing was created on the way. */
  g_assert_false (g_file_test ("x.db", G_FILE_TEST_EXISTS));
}

typedef struct
{
  GSubprocess *process;
  char        *base_url;
} Server;

/* @asan_options: (nullable): replaces ASAN_OPTIONS for the server */
static void
server_start (Server     *server,
              GPtrArray  *args,
              const char *asan_options)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Every log line, so the test can check none of them tells a secret. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, eb_test_daemon_child_setup, NULL, NULL);
  if (asan_options != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan_options, TRUE);
  g_ptr_array_insert (args, 0, (char *) portal_path);
  g_ptr_array_add (args, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  /* The pipe is read again when the server has stopped. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      /* It ended before serving: say how, with what it wrote. */
      g_autofree char *err = NULL;

      g_subprocess_communicate_utf8 (server->process, NULL, NULL, NULL, &err, NULL);
      eb_test_daemon_set_exit_error (server->process, "eimza-portal", NULL, err, &error);
      g_error ("%s", error->message);
    }
  g_assert_true (g_str_has_prefix (line, "eimza-portal: serving on "));
  server->base_url = g_strdup (line + strlen ("eimza-portal: serving on "));
}

static gboolean
wait_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Stops the server with @signum; returns its stderr. */
static char *
server_stop (Server *server,
             int     signum)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gboolean exited = FALSE, timed_out = FALSE;
  gint64 start = g_get_monotonic_time ();
  guint timeout_id;

  g_subprocess_send_signal (server->process, signum);
  g_subprocess_wait_async (server->process, NULL, wait_cb, &exited);
  timeout_id = g_timeout_add_seconds (10, wait_timeout_cb, &timed_out);
  while (!exited && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);

  g_assert_false (timed_out);
  /* Promptly: nothing was in flight. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_subprocess_communicate_utf8 (server->process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
  g_clear_pointer (&server->base_url, g_free);

  return g_steal_pointer (&err);
}

static SoupMessage *
request (SoupSession  *soup,
         const char   *base_url,
         const char   *method,
         const char   *path,
         GBytes      **body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  SoupMessage *message = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;

  *body = soup_session_send_and_read (soup, message, NULL, &error);
  g_assert_no_error (error);
  return message;
}

static void
test_serve_and_stop (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *config = g_build_filename (f->dir, "portal.conf", NULL);
  g_autofree char *config_text = g_strdup_printf ("[portal]\nlisten=127.0.0.1:1\ndb=%s\nsms=outbox:%s\n"
                                                  "registry=%s\n", f->db, f->dir, f->csv);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupMessage) health = NULL;
  g_autoptr(SoupMessage) session = NULL;
  g_autoptr(GBytes) health_body = NULL;
  g_autoptr(GBytes) session_body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *err = NULL;
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  const char *token;
  Server server = { NULL, };

  /* The command line wins over the file (its port 1 would fail). */
  g_file_set_contents (config, config_text, -1, NULL);
  g_ptr_array_add (args, "serve");
  g_ptr_array_add (args, "--config");
  g_ptr_array_add (args, config);
  g_ptr_array_add (args, "--listen");
  g_ptr_array_add (args, "127.0.0.1:0");
  server_start (&server, args, NULL);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+$", server.base_url, 0, 0));

  health = request (soup, server.base_url, "GET", "/api/v1/health", &health_body);
  g_assert_cmpuint (soup_message_get_status (health), ==, 200);
  session = request (soup, server.base_url, "POST", "/api/v1/sessions", &session_body);
  g_assert_cmpuint (soup_message_get_status (session), ==, 201);
  json_parser_load_from_data (parser, g_bytes_get_data (session_body, NULL), g_bytes_get_size (session_body), NULL);
  token = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "session");
  g_assert_nonnull (token);

  err = server_stop (&server, SIGTERM);
  g_assert_nonnull (strstr (err, "Stopping"));
  g_assert_nonnull (strstr (err, "POST /api/v1/sessions → 201"));
  g_assert_null (strstr (err, token));

  /* Committed before the signal, still there after it; the WAL was merged. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM applications WHERE state = 'started'"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM sessions"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM audit WHERE new_state = 'started'"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM registry"), ==, 5);
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GUri) uri = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first_err = NULL;
  g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);
  Server server = { NULL, };

  g_ptr_array_add (args, "serve");
  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, f->db);
  g_ptr_array_add (args, "--listen");
  g_ptr_array_add (args, "127.0.0.1:0");
  server_start (&server, args, NULL);

  uri = g_uri_parse (server.base_url, G_URI_FLAGS_NONE, NULL);
  listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  g_assert_cmpint (run (&out, &err, "serve", "--db", other_db, "--listen", listen, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not listen"));

  first_err = server_stop (&server, SIGINT);
}

static gboolean
accept_any (SoupMessage          *message,
            GTlsCertificate      *certificate,
            GTlsCertificateFlags  errors,
            gpointer              user_data)
{
  return TRUE;
}

static void
test_serve_tls (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "key.pem", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  Server server = { NULL, };

  if (openssl == NULL)
    {
      g_test_skip ("no openssl program to make a certificate with");
      return;
    }
  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", key, "-out", cert, NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  g_ptr_array_add (args, "serve");
  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, f->db);
  g_ptr_array_add (args, "--listen");
  g_ptr_array_add (args, "127.0.0.1:0");
  g_ptr_array_add (args, "--tls-cert");
  g_ptr_array_add (args, cert);
  g_ptr_array_add (args, "--tls-key");
  g_ptr_array_add (args, key);
  /* The TLS backend is a dlopen()ed GIO module with thread-local storage;
   * the leak checker of GCC 12 on glibc 2.36 crashes walking its DTLS at
   * exit ("Tracer caught signal 11"), so it is off for this one server. */
  server_start (&server, args, "detect_leaks=0:abort_on_error=1");
  g_assert_true (g_str_has_prefix (server.base_url, "https://127.0.0.1:"));

  url = g_strconcat (server.base_url, "/api/v1/health", NULL);
  message = soup_message_new ("GET", url);
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_any), NULL);
  body = soup_session_send_and_read (soup, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_nonnull (soup_message_get_tls_peer_certificate (message));

  err = server_stop (&server, SIGTERM);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  portal_path = g_getenv ("EIMZA_PORTAL");
  if (portal_path == NULL)
    {
      g_test_skip ("EIMZA_PORTAL is not set");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/portal/cli/" path, Fixture, NULL, setup, func, teardown)
  ADD ("import-registry", test_import_registry);
  ADD ("usage-errors", test_usage_errors);
  ADD ("serve-and-stop", test_serve_and_stop);
  ADD ("port-in-use", test_port_in_use);
  ADD ("serve-tls", test_serve_tls);
#undef ADD

  return g_test_run ();
}
