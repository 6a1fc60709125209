/* portal-test-util.c — a portal server in a thread, and an HTTP client, for tests
 *
 * The server runs in its own thread and main context, as in training mode,
 * so the test thread can use libsoup's blocking client and the server goes
 * on answering meanwhile. Its clock is the real time plus an offset the
 * test moves; its SMS land in a list the test reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "eb-file-util.h"
#include "eb-sms-gateway-callback.h"
#include "portal-test-util.h"

#define DEMO_CSV \
  "tckn,first_name,last_name,birth_place,birth_date,institution_name,assignment_recorded\n" \
  "10000000146,Mehmet Ali,Yıldız,Bulanık,1980-11-24,BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ,1\n" \
  "23456789138,Ayşe Gül,Çelik,Muş,1975-03-08,MUŞ İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ,1\n" \
  "45672389138,Şükrü,Doğan,Iğdır,1969-01-30,\"BULANIK ŞEHİT ÖĞRETMEN ALİ IŞIK İLKOKULU, BULANIK\",0\n"

static gint64
test_clock (gpointer user_data)
{
  PortalFixture *f = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  return g_get_real_time () + f->clock_offset;
}

static gboolean
capture_sms (const char  *number,
             const char  *text,
             gpointer     user_data,
             GError     **error)
{
  PortalFixture *f = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  if (f->sms_refuse)
    {
      g_set_error_literal (error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED, "refused by the test");
      return FALSE;
    }

  g_assert_cmpstr (number, ==, "90" TEST_MOBILE);
  g_ptr_array_add (f->sms, g_strdup (text));
  return TRUE;
}

GBytes *
portal_fixture_registry_csv (void)
{
  return g_bytes_new_static (DEMO_CSV, strlen (DEMO_CSV));
}

static gpointer
server_thread (gpointer data)
{
  PortalFixture *f = data;
  g_autoptr(EbPortalServer) server = NULL;
  g_autoptr(GBytes) csv = portal_fixture_registry_csv ();
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (f->context);

  server = eb_portal_server_new (f->db_path, &error);
  if (server != NULL)
    {
      g_autoptr(EbSmsGateway) capture = eb_sms_gateway_callback_new (capture_sms, f, NULL);

      eb_portal_server_set_clock (server, test_clock, f);
      eb_portal_server_set_training (server, f->training);
      eb_portal_server_set_sms_gateway (server, f->gateway != NULL ? f->gateway : capture);
      if (!eb_portal_server_import_registry_bytes (server, csv, &error) ||
          !eb_portal_server_listen (server, "127.0.0.1", 0, NULL, &error))
        g_clear_object (&server);
    }

  g_mutex_lock (&f->lock);
  f->server = server;
  f->base_url = server != NULL ? eb_portal_server_dup_base_url (server) : NULL;
  f->start_error = g_steal_pointer (&error);
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);

  if (server != NULL)
    {
      g_main_loop_run (f->loop);
      eb_portal_server_shutdown (server);
    }

  g_mutex_lock (&f->lock);
  f->server = NULL;
  g_mutex_unlock (&f->lock);
  g_clear_object (&server);

  g_main_context_pop_thread_default (f->context);
  return NULL;
}

void
portal_fixture_setup (PortalFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("eb-test-portal-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "portal.db", NULL);
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->sms = g_ptr_array_new_with_free_func (g_free);
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->soup = soup_session_new ();
}

/* Starts the server; a test may set f->gateway first. */
void
portal_fixture_start (PortalFixture *f)
{
  f->thread = g_thread_new ("portal-test-server", server_thread, f);

  g_mutex_lock (&f->lock);
  while (!f->ready)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);

  g_assert_no_error (f->start_error);
  g_assert_nonnull (f->base_url);
}

void
portal_fixture_teardown (PortalFixture *f,
                         gconstpointer  data)
{
  g_clear_object (&f->soup);
  if (f->thread != NULL)
    {
      g_main_loop_quit (f->loop);
      g_thread_join (f->thread);
    }
  g_clear_object (&f->gateway);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->context, g_main_context_unref);
  g_clear_pointer (&f->sms, g_ptr_array_unref);
  g_clear_error (&f->start_error);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_assert_true (eb_remove_tree (f->dir, NULL));
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->base_url);
}

/* Moves the server's clock; never backwards in practice. */
void
portal_fixture_advance (PortalFixture *f,
                        gint64         seconds)
{
  g_mutex_lock (&f->lock);
  f->clock_offset += seconds * G_USEC_PER_SEC;
  g_mutex_unlock (&f->lock);
}

typedef struct
{
  GSourceFunc func;
  gpointer    data;
  gboolean    done;
  GMutex      lock;
  GCond       cond;
} Call;

static gboolean
run_call (gpointer user_data)
{
  Call *call = user_data;

  call->func (call->data);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);

  return G_SOURCE_REMOVE;
}

/* Runs @func in the server's thread and waits for it. */
void
portal_fixture_run_in_server (PortalFixture *f,
                              GSourceFunc    func,
                              gpointer       data)
{
  Call call = { func, data, FALSE };

  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_main_context_invoke (f->context, run_call, &call);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
}

char *
portal_fixture_dup_last_sms (PortalFixture *f)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  if (f->sms->len == 0)
    return NULL;

  return g_strdup (g_ptr_array_index (f->sms, f->sms->len - 1));
}

guint
portal_fixture_count_sms (PortalFixture *f)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  return f->sms->len;
}

/* The six digits of the last SMS. */
char *
portal_fixture_dup_code (PortalFixture *f)
{
  g_autofree char *text = portal_fixture_dup_last_sms (f);
  g_autoptr(GRegex) regex = g_regex_new ("kodunuz: ([0-9]{6})\\.", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_regex_match (regex, text, 0, &match));
  return g_match_info_fetch (match, 1);
}

/* HTTP */

Reply *
portal_request (PortalFixture *f,
                const char    *method,
                const char    *path,
                const char    *token,
                const char    *content_type,
                const char    *body,
                gssize         length)
{
  g_autofree char *url = g_strconcat (f->base_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Reply *reply = g_new0 (Reply, 1);
  const char *type;

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  if (body != NULL)
    {
      GBytes *request_body = g_bytes_new (body, length >= 0 ? (gsize) length : strlen (body));

      soup_message_set_request_body_from_bytes (message, content_type, request_body);
      g_bytes_unref (request_body);
    }

  bytes = soup_session_send_and_read (f->soup, message, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (message);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  reply->raw = g_bytes_ref (bytes);
  type = soup_message_headers_get_content_type (reply->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0 && g_bytes_get_size (bytes) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    reply->body = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  return reply;
}

Reply *
portal_request_json (PortalFixture *f,
                     const char    *method,
                     const char    *path,
                     const char    *token,
                     JsonObject    *body)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (body == NULL)
    return portal_request (f, method, path, token, NULL, NULL, 0);

  root = json_node_init_object (json_node_alloc (), body);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  return portal_request (f, method, path, token, "application/json", text, -1);
}

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, json_object_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->raw, g_bytes_unref);
  g_free (reply);
}

/* The API's error shape, with this status and code. */
void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  JsonObject *error;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->body);
  g_assert_true (json_object_has_member (reply->body, "error"));
  error = json_object_get_object_member (reply->body, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
}

const char *
reply_get_string (Reply      *reply,
                  const char *member)
{
  g_assert_nonnull (reply->body);
  return json_object_get_string_member_with_default (reply->body, member, NULL);
}

gint64
reply_get_error_int (Reply      *reply,
                     const char *member)
{
  JsonObject *error = json_object_get_object_member (reply->body, "error");

  g_assert_true (json_object_has_member (error, member));
  return json_object_get_int_member (error, member);
}

/* The steps */

char *
portal_start_session (PortalFixture  *f,
                      char          **captcha_id)
{
  g_autoptr(Reply) reply = portal_request (f, "POST", "/api/v1/sessions", NULL, NULL, NULL, 0);
  JsonObject *captcha;

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (reply_get_string (reply, "state"), ==, "started");
  g_assert_cmpint (json_object_get_int_member (reply->body, "expires_in"), ==, 1800);
  captcha = json_object_get_object_member (reply->body, "captcha");
  g_assert_cmpint (json_object_get_int_member (captcha, "expires_in"), ==, 300);
  if (captcha_id != NULL)
    *captcha_id = g_strdup (json_object_get_string_member (captcha, "id"));

  return g_strdup (reply_get_string (reply, "session"));
}

JsonObject *
portal_identity (const char *tckn,
                 const char *first_name,
                 const char *last_name,
                 const char *birth_place,
                 const char *birth_date)
{
  JsonObject *identity = json_object_new ();

  json_object_set_string_member (identity, "tckn", tckn);
  json_object_set_string_member (identity, "first_name", first_name);
  json_object_set_string_member (identity, "last_name", last_name);
  json_object_set_string_member (identity, "birth_place", birth_place);
  json_object_set_string_member (identity, "birth_date", birth_date);

  return identity;
}

/**
 * portal_login_with:
 * @answer: (nullable): %NULL for the right answer
 * @identity: (transfer full)
 */
Reply *
portal_login_with (PortalFixture *f,
                   const char    *token,
                   const char    *captcha_id,
                   const char    *answer,
                   JsonObject    *identity)
{
  g_autoptr(JsonObject) body = identity;
  g_autofree char *right = NULL;

  if (answer == NULL)
    {
      right = eb_portal_server_dup_captcha_answer_for_testing (f->server, captcha_id);
      g_assert_nonnull (right);
      answer = right;
    }

  json_object_set_string_member (body, "captcha_id", captcha_id);
  json_object_set_string_member (body, "captcha_answer", answer);

  return portal_request_json (f, "POST", "/api/v1/login", token, body);
}

/* A session of 10000000146, logged in. */
char *
portal_login (PortalFixture *f)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *token = portal_start_session (f, &captcha_id);
  g_autoptr(Reply) reply = NULL;

  reply = portal_login_with (f, token, captcha_id, NULL,
                             portal_identity ("10000000146", "Mehmet Ali", "Yıldız", "Bulanık", "1980-11-24"));
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply_get_string (reply, "state"), ==, "authenticated");

  return g_steal_pointer (&token);
}

JsonObject *
portal_valid_form (const char *reason)
{
  JsonObject *form = json_object_new ();

  json_object_set_string_member (form, "card_reader_type", "mini");
  json_object_set_string_member (form, "validity_years", "3");
  json_object_set_string_member (form, "reason", reason);
  json_object_set_string_member (form, "security_word", TEST_SECURITY_WORD);
  json_object_set_string_member (form, "security_word_repeat", TEST_SECURITY_WORD);
  json_object_set_string_member (form, "registry_no", "123456");
  json_object_set_string_member (form, "unit", "Bulanık İlçe Milli Eğitim Müdürlüğü");
  json_object_set_string_member (form, "job_title", "Okul Müdürü");
  json_object_set_string_member (form, "delivery_address", "İlçe Milli Eğitim Müdürlüğü, Bulanık");
  json_object_set_string_member (form, "province", "49");
  json_object_set_string_member (form, "district", "bulanık");
  json_object_set_string_member (form, "postal_code", "49500");
  json_object_set_string_member (form, "email", "mehmet.yildiz@example.org");
  json_object_set_string_member (form, "work_phone", "0 (436) 311 20 25");
  json_object_set_string_member (form, "work_phone_extension", "");
  json_object_set_string_member (form, "mobile_phone", "0532 123 45 67");
  json_object_set_string_member (form, "mobile_operator", "vodafone");
  json_object_set_string_member (form, "home_phone", "");
  json_object_set_string_member (form, "info_channel", "both");

  return form;
}

/* A session with a saved form. */
char *
portal_save_form (PortalFixture *f,
                  const char    *reason)
{
  g_autofree char *token = portal_login (f);
  g_autoptr(JsonObject) form = portal_valid_form (reason);
  g_autoptr(Reply) reply = portal_request_json (f, "PUT", "/api/v1/application/form", token, form);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply_get_string (reply, "state"), ==, "form_saved");

  return g_steal_pointer (&token);
}

/* A session whose phone is verified. */
char *
portal_verify_phone (PortalFixture *f,
                     const char    *reason)
{
  g_autofree char *token = portal_save_form (f, reason);
  g_autoptr(Reply) sent = portal_request (f, "POST", "/api/v1/application/sms", token, NULL, NULL, 0);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(Reply) verified = NULL;
  g_autofree char *code = NULL;

  g_assert_cmpuint (sent->status, ==, 202);
  code = portal_fixture_dup_code (f);
  json_object_set_string_member (body, "code", code);
  verified = portal_request_json (f, "POST", "/api/v1/application/sms/verify", token, body);
  g_assert_cmpuint (verified->status, ==, 200);

  return g_steal_pointer (&token);
}
