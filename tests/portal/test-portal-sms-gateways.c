/* test-portal-sms-gateways.c — each SMS gateway type: a command, an outbox
 * directory, an HTTP hook (a SoupServer here), and one wired into the portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "eb-file-util.h"
#include "eb-sms-gateway-callback.h"
#include "eb-sms-gateway-command.h"
#include "eb-sms-gateway-http.h"
#include "eb-sms-gateway-outbox.h"
#include "portal-test-util.h"

#define NUMBER "905321234567"
#define TEXT   "e-İmza Başvuru doğrulama kodunuz: 042917. Kod 5 dakika geçerlidir."

typedef struct
{
  char *dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("eb-test-sms-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  eb_remove_tree (f->dir, NULL);
  g_free (f->dir);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = eb_sms_gateway_send_finish (EB_SMS_GATEWAY (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* Sends and waits, iterating the default main context. */
static gboolean
send_and_wait (EbSmsGateway  *gateway,
               GCancellable  *cancellable,
               GError       **error)
{
  Outcome outcome = { FALSE, };

  eb_sms_gateway_send_async (gateway, NUMBER, TEXT, cancellable, sent_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static char *
write_script (Fixture    *f,
              const char *name,
              const char *body)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n%s\n", body);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);

  return g_steal_pointer (&path);
}

static void
test_spec (Fixture       *f,
           gconstpointer  data)
{
  static const struct
  {
    const char *spec;
    GType     (*type) (void);
  } good[] = {
    { "command:/usr/local/bin/send-sms", eb_sms_gateway_command_get_type },
    { "outbox:/var/spool/sms", eb_sms_gateway_outbox_get_type },
    { "http:http://127.0.0.1:9/sms", eb_sms_gateway_http_get_type },
    { "http:https://sms.example/send", eb_sms_gateway_http_get_type },
    { "https://sms.example/send", eb_sms_gateway_http_get_type },
  };
  static const char *const bad[] = {
    "", "command:", "outbox:", "http:", "http:ftp://x", "http:not a url", "smtp:x", "/usr/bin/true",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbSmsGateway) gateway = eb_sms_gateway_new_from_spec (good[i].spec, &error);

      g_assert_no_error (error);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (gateway, good[i].type ()));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbSmsGateway) gateway = eb_sms_gateway_new_from_spec (bad[i], &error);

      g_test_message ("spec “%s”", bad[i]);
      g_assert_null (gateway);
      g_assert_error (error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_SPEC);
    }
}

static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received.txt", NULL);
  g_autofree char *body = g_strdup_printf ("printf '%%s\\n%%s\\n' \"$1\" \"$2\" > '%s'\n[ $# -eq 2 ]", out);
  g_autofree char *script = write_script (f, "send-sms", body);
  g_autofree char *spec = g_strconcat ("command:", script, NULL);
  g_autoptr(EbSmsGateway) gateway = eb_sms_gateway_new_from_spec (spec, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  g_assert_true (send_and_wait (gateway, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (out, &received, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (received, ==, NUMBER "\n" TEXT "\n");
}

static void
test_command_fails (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *script = write_script (f, "refuse-sms", "exit 3");
  g_autofree char *missing = g_build_filename (f->dir, "no-such-program", NULL);
  g_autoptr(EbSmsGateway) refuses = eb_sms_gateway_command_new (script);
  g_autoptr(EbSmsGateway) absent = eb_sms_gateway_command_new (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) absent_error = NULL;

  g_assert_false (send_and_wait (refuses, NULL, &error));
  g_assert_error (error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "exit status 3"));
  /* The message text is not in the error (it goes to the log). */
  g_assert_null (strstr (error->message, "042917"));

  g_assert_false (send_and_wait (absent, NULL, &absent_error));
  g_assert_error (absent_error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_command_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *script = write_script (f, "slow-sms", "exec sleep 60");
  g_autoptr(EbSmsGateway) gateway = eb_sms_gateway_command_new (script);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A server shutting down does not wait for a hung program. */
  g_timeout_add (100, cancel_cb, cancellable);
  g_assert_false (send_and_wait (gateway, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *outbox = g_build_filename (f->dir, "outbox", NULL);
  g_autofree char *spec = g_strconcat ("outbox:", outbox, NULL);
  g_autoptr(EbSmsGateway) gateway = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = NULL;
  const char *name;
  JsonObject *message;
  GStatBuf buf;
  guint n = 0;

  g_assert_cmpint (g_mkdir (outbox, 0700), ==, 0);
  gateway = eb_sms_gateway_new_from_spec (spec, NULL);
  g_assert_true (send_and_wait (gateway, NULL, &error));
  g_assert_true (send_and_wait (gateway, NULL, &error));
  g_assert_no_error (error);

  dir = g_dir_open (outbox, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* Only finished files: no temporary one is left behind. */
      g_assert_true (g_regex_match_simple ("^[0-9]{8}T[0-9]{6}\\.[0-9]{6}Z-" NUMBER "\\.json$", name, 0, 0));
      g_free (path);
      path = g_build_filename (outbox, name, NULL);
      n++;
    }
  g_assert_cmpuint (n, ==, 2);

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  message = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (message, "to"), ==, NUMBER);
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, TEXT);
}

static void
test_outbox_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *outbox = g_build_filename (f->dir, "not-there", NULL);
  g_autoptr(EbSmsGateway) gateway = eb_sms_gateway_outbox_new (outbox);
  g_autoptr(GError) error = NULL;

  g_assert_false (send_and_wait (gateway, NULL, &error));
  g_assert_error (error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED);
}

typedef struct
{
  guint   status;
  char   *content_type;
  char   *body;
  char   *method;
} HookState;

static void
hook_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  HookState *state = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  g_free (state->method);
  state->method = g_strdup (soup_server_message_get_method (message));
  g_free (state->content_type);
  state->content_type = g_strdup (soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (message), NULL));
  g_free (state->body);
  state->body = g_strndup (body->data, body->length);
  soup_server_message_set_status (message, state->status, NULL);
}

static void
test_http (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) unreachable = NULL;
  g_autoptr(EbSmsGateway) gateway = NULL;
  g_autoptr(EbSmsGateway) nobody = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoslist(GUri) uris = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *base = NULL;
  g_autofree char *closed = NULL;
  HookState state = { 204, };
  JsonObject *message;

  soup_server_add_handler (server, "/sms", hook_cb, &state, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  spec = g_strconcat ("http:", base, "sms", NULL);

  gateway = eb_sms_gateway_new_from_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_true (send_and_wait (gateway, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state.method, ==, "POST");
  g_assert_cmpstr (state.content_type, ==, "application/json");
  json_parser_load_from_data (parser, state.body, -1, &error);
  g_assert_no_error (error);
  message = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (message, "to"), ==, NUMBER);
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, TEXT);

  /* Anything but 2xx is a refusal. */
  state.status = 503;
  g_assert_false (send_and_wait (gateway, NULL, &refused));
  g_assert_error (refused, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED);
  g_assert_nonnull (strstr (refused->message, "503"));

  soup_server_disconnect (server);
  closed = g_strconcat (base, "sms", NULL);
  nobody = eb_sms_gateway_http_new (closed, NULL);
  g_assert_false (send_and_wait (nobody, NULL, &unreachable));
  g_assert_error (unreachable, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED);

  g_free (state.method);
  g_free (state.content_type);
  g_free (state.body);
}

static gboolean
record_cb (const char  *number,
           const char  *text,
           gpointer     user_data,
           GError     **error)
{
  GString *seen = user_data;

  g_string_append_printf (seen, "%s|%s", number, text);
  return TRUE;
}

static void
test_callback (Fixture       *f,
               gconstpointer  data)
{
  GString *seen = g_string_new (NULL);
  g_autoptr(EbSmsGateway) gateway = eb_sms_gateway_callback_new (record_cb, seen, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (send_and_wait (gateway, NULL, &error));
  g_assert_cmpstr (seen->str, ==, NUMBER "|" TEXT);
  g_string_free (seen, TRUE);
}

/* The portal sends through the outbox: the code in the file opens the door. */
static void
test_portal_through_outbox (Fixture       *f,
                            gconstpointer  data)
{
  PortalFixture portal;
  g_autofree char *outbox = NULL;
  g_autofree char *token = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("kodunuz: ([0-9]{6})\\.", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *code = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(Reply) sent = NULL;
  g_autoptr(Reply) verified = NULL;

  portal_fixture_setup (&portal, NULL);
  outbox = g_build_filename (portal.dir, "outbox", NULL);
  g_assert_cmpint (g_mkdir (outbox, 0700), ==, 0);
  portal.gateway = eb_sms_gateway_outbox_new (outbox);
  portal_fixture_start (&portal);

  token = portal_save_form (&portal, "new");
  sent = portal_request (&portal, "POST", "/api/v1/application/sms", token, NULL, NULL, 0);
  g_assert_cmpuint (sent->status, ==, 202);

  dir = g_dir_open (outbox, 0, NULL);
  name = g_strdup (g_dir_read_name (dir));
  g_assert_nonnull (name);
  g_assert_null (g_dir_read_name (dir));
  path = g_build_filename (outbox, name, NULL);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_true (g_regex_match (regex, contents, 0, &match));
  code = g_match_info_fetch (match, 1);

  json_object_set_string_member (body, "code", code);
  verified = portal_request_json (&portal, "POST", "/api/v1/application/sms/verify", token, body);
  g_assert_cmpuint (verified->status, ==, 200);

  portal_fixture_teardown (&portal, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/portal/sms-gateways/" path, Fixture, NULL, setup, func, teardown)
  ADD ("spec", test_spec);
  ADD ("command", test_command);
  ADD ("command-fails", test_command_fails);
  ADD ("command-cancelled", test_command_cancelled);
  ADD ("outbox", test_outbox);
  ADD ("outbox-missing", test_outbox_missing);
  ADD ("http", test_http);
  ADD ("callback", test_callback);
  ADD ("portal-through-outbox", test_portal_through_outbox);
#undef ADD

  return g_test_run ();
}
