/* eb-portal-request.c — one API request on its way through the portal
 *
 * Wraps a SoupServerMessage with what the handlers need (client address,
 * arrival time on the server's clock, parsed body, session) and answers it
 * in the API's shape. It is made with the portal's context (database, clock,
 * cancellable, the count of requests alive) and knows nothing of the server
 * that made it. A handler that answers later (a worker thread, the SMS
 * gateway) keeps a reference; the message is paused meanwhile, so other
 * clients are served, and unpaused when the answer is set. A client that goes
 * away in between is noticed and its late answer dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-portal-request.h"
#include "eb-portal-json.h"

struct _EbPortalRequest
{
  EbPortalContext   *context;
  SoupServerMessage *message;
  gulong             finished_id;
  gboolean           finished;  /* libsoup is done with the message */
  gboolean           answered;
  gboolean           paused;

  char              *client;
  gint64             now;
  gint64             started;   /* monotonic, for the log */
  JsonObject        *body;
  GBytes            *raw_body;  /* a body that is not JSON (a PDF) */
  EbPortalSession   *session;
};

static void
finished_cb (SoupServerMessage *message,
             EbPortalRequest   *self)
{
  self->finished = TRUE;
}

/**
 * eb_portal_request_new:
 * @context: the portal's; the request counts as alive in it until freed
 *
 * The request's time (eb_portal_request_get_now()) is its arrival on
 * @context's clock.
 */
EbPortalRequest *
eb_portal_request_new (EbPortalContext   *context,
                       SoupServerMessage *message)
{
  EbPortalRequest *self = g_atomic_rc_box_new0 (EbPortalRequest);
  const char *client = soup_server_message_get_remote_host (message);

  self->context = g_object_ref (context);
  self->message = g_object_ref (message);
  self->finished_id = g_signal_connect (message, "finished", G_CALLBACK (finished_cb), self);
  self->client = g_strdup (client != NULL ? client : "unknown");
  self->now = eb_portal_context_now (context);
  self->started = g_get_monotonic_time ();
  eb_portal_context_hold (context);

  return self;
}

EbPortalRequest *
eb_portal_request_ref (EbPortalRequest *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
request_clear (gpointer data)
{
  EbPortalRequest *self = data;

  g_signal_handler_disconnect (self->message, self->finished_id);
  g_clear_object (&self->message);
  g_clear_pointer (&self->body, json_object_unref);
  g_clear_pointer (&self->raw_body, g_bytes_unref);
  g_clear_pointer (&self->session, eb_portal_session_free);
  g_free (self->client);
  eb_portal_context_release (self->context);
  g_clear_object (&self->context);
}

void
eb_portal_request_unref (EbPortalRequest *self)
{
  g_atomic_rc_box_release_full (self, request_clear);
}

/**
 * eb_portal_request_get_context:
 *
 * Returns: (transfer none): what the portal's requests share (the SMS
 *   gateway, the trust anchors, the captchas of the testing hook, the clock)
 */
EbPortalContext *
eb_portal_request_get_context (EbPortalRequest *self)
{
  return self->context;
}

EbPortalDb *
eb_portal_request_get_db (EbPortalRequest *self)
{
  return eb_portal_context_get_db (self->context);
}

/**
 * eb_portal_request_get_cancellable:
 *
 * Returns: (transfer none): for work the request waits on; cancelled when
 *   the server shuts down
 */
GCancellable *
eb_portal_request_get_cancellable (EbPortalRequest *self)
{
  return eb_portal_context_get_cancellable (self->context);
}

const char *
eb_portal_request_get_client (EbPortalRequest *self)
{
  return self->client;
}

gint64
eb_portal_request_get_now (EbPortalRequest *self)
{
  return self->now;
}

/**
 * eb_portal_request_get_body:
 *
 * Returns: (transfer none): the body's object ({} for a route whose body is
 *   optional and was left out)
 */
JsonObject *
eb_portal_request_get_body (EbPortalRequest *self)
{
  return self->body;
}

void
eb_portal_request_set_body (EbPortalRequest *self,
                            JsonObject      *body)
{
  g_clear_pointer (&self->body, json_object_unref);
  self->body = body != NULL ? json_object_ref (body) : NULL;
}

/**
 * eb_portal_request_get_raw_body:
 *
 * Returns: (transfer none) (nullable): the body of a route that takes it
 *   unparsed (a PDF)
 */
GBytes *
eb_portal_request_get_raw_body (EbPortalRequest *self)
{
  return self->raw_body;
}

void
eb_portal_request_set_raw_body (EbPortalRequest *self,
                                GBytes          *body)
{
  g_clear_pointer (&self->raw_body, g_bytes_unref);
  self->raw_body = body != NULL ? g_bytes_ref (body) : NULL;
}

EbPortalSession *
eb_portal_request_get_session (EbPortalRequest *self)
{
  return self->session;
}

/**
 * eb_portal_request_set_session:
 * @session: (transfer full)
 */
void
eb_portal_request_set_session (EbPortalRequest *self,
                               EbPortalSession *session)
{
  g_clear_pointer (&self->session, eb_portal_session_free);
  self->session = session;
}

/**
 * eb_portal_request_get_audit:
 *
 * Returns: who and when, for the audit of a state change; valid while the
 *   request is
 */
EbPortalAudit
eb_portal_request_get_audit (EbPortalRequest *self)
{
  EbPortalAudit audit = {
    .now = self->now,
    .session_tag = self->session != NULL ? self->session->tag : NULL,
    .client = self->client,
  };

  return audit;
}

/**
 * eb_portal_request_load_application:
 *
 * Loads the session's application; on failure the request is answered
 * (internal error).
 *
 * Returns: (transfer full) (nullable): the application
 */
EbPortalApplication *
eb_portal_request_load_application (EbPortalRequest *self)
{
  g_autoptr(GError) error = NULL;
  EbPortalApplication *application;

  g_return_val_if_fail (self->session != NULL, NULL);

  application = eb_portal_db_load_application (eb_portal_request_get_db (self),
                                               self->session->application_id, &error);
  if (application == NULL)
    eb_portal_request_fail_error (self, error);

  return application;
}

static void
log_answer (EbPortalRequest *self,
            guint            status,
            const char      *code,
            const char      *detail)
{
  GUri *uri = soup_server_message_get_uri (self->message);
  double ms = (g_get_monotonic_time () - self->started) / 1000.0;

  /* Method, path and outcome only: bodies and headers carry secrets. Only
   * our own failures are warnings; a gateway's is the operator's to see. */
  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    g_warning ("%s %s → %u %s (%.1f ms)%s%s", soup_server_message_get_method (self->message),
               g_uri_get_path (uri), status, code, ms, detail != NULL ? ": " : "",
               detail != NULL ? detail : "");
  else if (status >= 500)
    g_message ("%s %s → %u %s (%.1f ms)%s%s", soup_server_message_get_method (self->message),
               g_uri_get_path (uri), status, code, ms, detail != NULL ? ": " : "",
               detail != NULL ? detail : "");
  else
    g_debug ("%s %s → %u %s (%.1f ms)%s%s", soup_server_message_get_method (self->message),
             g_uri_get_path (uri), status, code != NULL ? code : "ok", ms,
             detail != NULL ? ": " : "", detail != NULL ? detail : "");
}

static void
set_answer_bytes (EbPortalRequest *self,
                  guint            status,
                  const char      *content_type,
                  GBytes          *body,
                  guint            retry_after)
{
  SoupMessageHeaders *headers;

  g_return_if_fail (!self->answered);

  self->answered = TRUE;
  if (self->finished)
    return;

  headers = soup_server_message_get_response_headers (self->message);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (retry_after > 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (headers, "Retry-After", value);
    }

  soup_server_message_set_status (self->message, status, NULL);
  soup_server_message_set_response (self->message, content_type, SOUP_MEMORY_COPY, NULL, 0);
  soup_message_body_append_bytes (soup_server_message_get_response_body (self->message), body);

  if (self->paused)
    {
      self->paused = FALSE;
      soup_server_message_unpause (self->message);
    }
}

static void
set_answer (EbPortalRequest *self,
            guint            status,
            JsonObject      *object,
            guint            retry_after)
{
  gsize length;
  char *data = eb_portal_json_to_data (object, &length);
  g_autoptr(GBytes) body = g_bytes_new_take (data, length);

  set_answer_bytes (self, status, "application/json; charset=utf-8", body, retry_after);
}

/**
 * eb_portal_request_respond:
 * @object: the answer's body
 */
void
eb_portal_request_respond (EbPortalRequest *self,
                           guint            status,
                           JsonObject      *object)
{
  log_answer (self, status, NULL, NULL);
  set_answer (self, status, object, 0);
}

/**
 * eb_portal_request_respond_bytes:
 * @content_type: e.g. "application/pdf"
 * @body: the answer's body as it is
 */
void
eb_portal_request_respond_bytes (EbPortalRequest *self,
                                 guint            status,
                                 const char      *content_type,
                                 GBytes          *body)
{
  log_answer (self, status, NULL, NULL);
  set_answer_bytes (self, status, content_type, body, 0);
}

/**
 * eb_portal_request_set_header:
 *
 * Adds a header to the answer (before it is set).
 */
void
eb_portal_request_set_header (EbPortalRequest *self,
                              const char      *name,
                              const char      *value)
{
  if (self->finished)
    return;

  soup_message_headers_replace (soup_server_message_get_response_headers (self->message), name, value);
}

/**
 * eb_portal_request_fail_full:
 * @detail: (nullable): for the log only; never a secret
 * @extra: (nullable): members to add inside "error"
 * @retry_after: seconds for the Retry-After header, 0 for none
 */
void
eb_portal_request_fail_full (EbPortalRequest  *self,
                             EbPortalApiError  code,
                             const char       *detail,
                             JsonObject       *extra,
                             guint             retry_after)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *error = json_object_new ();
  guint status = eb_portal_api_error_get_status (code);

  json_object_set_string_member (error, "code", eb_portal_api_error_get_code (code));
  json_object_set_string_member (error, "message", eb_portal_api_error_get_message (code));
  if (extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (error, l->data, json_object_dup_member (extra, l->data));
    }
  json_object_set_object_member (root, "error", error);

  log_answer (self, status, eb_portal_api_error_get_code (code), detail);
  set_answer (self, status, root, retry_after);
}

void
eb_portal_request_fail (EbPortalRequest  *self,
                        EbPortalApiError  code,
                        const char       *detail)
{
  eb_portal_request_fail_full (self, code, detail, NULL, 0);
}

/**
 * eb_portal_request_fail_error:
 *
 * Answers with @error's code if it is an %EB_PORTAL_API_ERROR, otherwise
 * with `internal` (the message goes to the log only).
 */
void
eb_portal_request_fail_error (EbPortalRequest *self,
                              const GError    *error)
{
  if (error->domain == EB_PORTAL_API_ERROR)
    eb_portal_request_fail (self, error->code, error->message);
  else
    eb_portal_request_fail (self, EB_PORTAL_API_ERROR_INTERNAL, error->message);
}

gboolean
eb_portal_request_has_answer (EbPortalRequest *self)
{
  return self->answered;
}

/**
 * eb_portal_request_wait:
 *
 * Pauses the message until the answer is set, so the server goes on with
 * other clients meanwhile.
 */
void
eb_portal_request_wait (EbPortalRequest *self)
{
  if (self->answered || self->paused || self->finished)
    return;

  self->paused = TRUE;
  soup_server_message_pause (self->message);
}
