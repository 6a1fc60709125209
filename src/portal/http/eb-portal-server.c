/* eb-portal-server.c — the reference portal server (docs/portal-api.md)
 *
 * HTTP plumbing and routing: every request is checked here for what all
 * endpoints share (path, method, body size and type, JSON, session) before
 * the handler its route names (eb-portal-routes.c) sees it, so a malformed
 * request gets its 4xx in the API's error shape and never reaches a handler. The server
 * serves in the main context that is thread-default where
 * eb_portal_server_listen() is called; slow work (scrypt, the SMS gateway)
 * runs elsewhere while the message is paused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "eb-portal-context.h"
#include "eb-portal-crypto.h"
#include "eb-portal-json.h"
#include "eb-portal-limits.h"
#include "eb-portal-request.h"
#include "eb-portal-routes.h"
#include "eb-portal-server.h"

#define MAX_BODY_BYTES (64 * 1024)
/* A signed form: ours is ~60 KiB, the signature and its chain a few more. */
#define MAX_PDF_BYTES  (4 * 1024 * 1024)

struct _EbPortalServer
{
  GObject parent_instance;

  SoupServer        *soup;
  EbPortalContext   *context;     /* what the requests share */

  char              *base_url;
  guint              port;
};

G_DEFINE_FINAL_TYPE (EbPortalServer, eb_portal_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRUST_ANCHOR_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Request plumbing */

static gboolean
is_json_type (SoupMessageHeaders *headers)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;

  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/* The largest body the path takes: a PDF for the routes that take one. */
static goffset
body_limit (SoupServerMessage *message)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (message));

  return eb_portal_routes_take_pdf (path) ? MAX_PDF_BYTES : MAX_BODY_BYTES;
}

static void
reject_too_large (EbPortalServer    *self,
                  SoupServerMessage *message)
{
  g_autoptr(EbPortalRequest) request = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (g_object_get_data (G_OBJECT (message), "eb-too-large") != NULL)
    return;
  g_object_set_data (G_OBJECT (message), "eb-too-large", GINT_TO_POINTER (1));

  /* Whatever else arrives is dropped as it comes; the answer (already set,
   * so no handler runs) goes out once libsoup has read the rest, or at once
   * to a client that asked "Expect: 100-continue". */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");

  request = eb_portal_request_new (self->context, message);
  eb_portal_request_fail (request, EB_PORTAL_API_ERROR_BODY_TOO_LARGE, NULL);
}

/* A body whose length cannot be known (Content-Length: -5) cannot be
 * skipped either, and libsoup 3.2 trips over a negative one: answer 400 on
 * the connection itself and close it. */
static void
reject_bad_length (EbPortalServer    *self,
                   SoupServerMessage *message)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *body = NULL;
  g_autofree char *response = NULL;
  gsize length;

  json_object_set_string_member (error, "code",
                                 eb_portal_api_error_get_code (EB_PORTAL_API_ERROR_MALFORMED_REQUEST));
  json_object_set_string_member (error, "message", "The Content-Length is not a length");
  json_object_set_object_member (root, "error", error);
  body = eb_portal_json_to_data (root, &length);
  response = g_strdup_printf ("HTTP/1.1 400 Bad Request\r\n"
                              "Content-Type: application/json; charset=utf-8\r\n"
                              "Cache-Control: no-store\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                              "Connection: close\r\n\r\n%s", length, body);
  g_debug ("%s %s → 400 malformed_request: bad Content-Length", soup_server_message_get_method (message),
           g_uri_get_path (soup_server_message_get_uri (message)));

  if (stream == NULL)
    return;
  /* A few hundred bytes: the socket takes them at once. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), response, strlen (response),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
got_headers_cb (SoupServerMessage *message,
                EbPortalServer    *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *length = soup_message_headers_get_one (headers, "Content-Length");

  if (length != NULL &&
      !g_ascii_string_to_unsigned (length, 10, 0, G_MAXINT64, NULL, NULL))
    {
      reject_bad_length (self, message);
      return;
    }

  /* Refused before a byte of the body is read, when its size is announced. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > body_limit (message))
    reject_too_large (self, message);
}

static void
got_chunk_cb (SoupServerMessage *message,
              GBytes            *chunk,
              EbPortalServer    *self)
{
  /* A chunked body has no size up front: count as it comes. */
  if (soup_server_message_get_request_body (message)->length > body_limit (message))
    reject_too_large (self, message);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *message,
                    EbPortalServer    *self)
{
  g_signal_connect_object (message, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect_object (message, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
}

/* Finds the session of the Bearer token; answers the request if there is none. */
static gboolean
attach_session (EbPortalServer    *self,
                EbPortalRequest   *request,
                SoupServerMessage *message)
{
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Authorization");
  g_autoptr(GError) error = NULL;
  guint8 token_hash[EB_SHA256_LENGTH];
  EbPortalSession *session;
  const char *token;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SESSION_MISSING, NULL);
      return FALSE;
    }

  token = authorization + 7;
  while (*token == ' ')
    token++;
  if (!eb_portal_is_token (token))
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SESSION_EXPIRED, "not a token");
      return FALSE;
    }

  eb_portal_sha256 (token, strlen (token), token_hash);
  session = eb_portal_db_lookup_session (eb_portal_context_get_db (self->context), token_hash, eb_portal_request_get_now (request),
                                         EB_PORTAL_SESSION_IDLE, &error);
  if (session == NULL)
    {
      if (error != NULL)
        eb_portal_request_fail_error (request, error);
      else
        eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SESSION_EXPIRED, NULL);
      return FALSE;
    }

  eb_portal_request_set_session (request, session);
  return TRUE;
}

/* Takes a PDF body as it is; what is inside is the handler's business. */
static gboolean
attach_pdf_body (EbPortalRequest   *request,
                 SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *type;
  g_autoptr(GBytes) bytes = NULL;

  if (body->length == 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_MALFORMED_REQUEST, "no body");
      return FALSE;
    }
  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL);
  if (type == NULL || g_ascii_strcasecmp (type, "application/pdf") != 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE, NULL);
      return FALSE;
    }
  if (body->length > MAX_PDF_BYTES)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_BODY_TOO_LARGE, NULL);
      return FALSE;
    }

  bytes = soup_message_body_flatten (body);
  eb_portal_request_set_raw_body (request, bytes);
  return TRUE;
}

/* Parses the body the route takes; answers the request if it is not right. */
static gboolean
attach_body (EbPortalRequest   *request,
             const EbPortalRoute *route,
             SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  if (route->flags & EB_PORTAL_ROUTE_BODY_PDF)
    return attach_pdf_body (request, message);
  if ((route->flags & (EB_PORTAL_ROUTE_BODY | EB_PORTAL_ROUTE_BODY_OPTIONAL)) == 0)
    return TRUE;

  if (body->length == 0)
    {
      if (route->flags & EB_PORTAL_ROUTE_BODY)
        {
          eb_portal_request_fail (request, EB_PORTAL_API_ERROR_MALFORMED_REQUEST, "no body");
          return FALSE;
        }
      object = json_object_new ();
      eb_portal_request_set_body (request, object);
      return TRUE;
    }

  if (!is_json_type (soup_server_message_get_request_headers (message)))
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE, NULL);
      return FALSE;
    }
  /* got-chunk already refused it, unless libsoup grouped the chunks. */
  if (body->length > MAX_BODY_BYTES)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_BODY_TOO_LARGE, NULL);
      return FALSE;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  object = eb_portal_json_parse_request (data, length, &error);

  /* The form's body holds the security word: the parsed copy is all that is
   * needed now, and the handler wipes that one. */
  if (route->flags & EB_PORTAL_ROUTE_BODY_SECRET)
    explicit_bzero ((char *) data, length);

  if (object == NULL)
    {
      eb_portal_request_fail_error (request, error);
      return FALSE;
    }

  eb_portal_request_set_body (request, object);
  return TRUE;
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  EbPortalServer *self = user_data;
  g_autoptr(EbPortalRequest) request = NULL;
  const EbPortalRoute *route;
  gboolean path_known;

  request = eb_portal_request_new (self->context, message);

  route = eb_portal_routes_find (path, soup_server_message_get_method (message), &path_known);
  if (route == NULL)
    {
      if (path_known)
        {
          g_autofree char *allow = eb_portal_routes_dup_allowed (path);

          soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                        "Allow", allow);
          eb_portal_request_fail (request, EB_PORTAL_API_ERROR_METHOD_NOT_ALLOWED, NULL);
        }
      else
        {
          eb_portal_request_fail (request, EB_PORTAL_API_ERROR_NOT_FOUND, NULL);
        }
      return;
    }

  if ((route->flags & EB_PORTAL_ROUTE_SESSION) && !attach_session (self, request, message))
    return;
  if (!attach_body (request, route, message))
    return;

  route->handler (request);

  /* Answered later, from a callback: other clients go on meanwhile. */
  eb_portal_request_wait (request);
}

/* GObject */

static void
eb_portal_server_dispose (GObject *object)
{
  EbPortalServer *self = EB_PORTAL_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->context != NULL)
    g_cancellable_cancel (eb_portal_context_get_cancellable (self->context));

  G_OBJECT_CLASS (eb_portal_server_parent_class)->dispose (object);
}

static void
eb_portal_server_finalize (GObject *object)
{
  EbPortalServer *self = EB_PORTAL_SERVER (object);

  g_clear_object (&self->soup);
  g_clear_object (&self->context);
  g_free (self->base_url);

  G_OBJECT_CLASS (eb_portal_server_parent_class)->finalize (object);
}

static void
eb_portal_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbPortalServer *self = EB_PORTAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_TRUST_ANCHOR_DIR:
      g_value_take_string (value, eb_portal_server_dup_trust_anchor_dir (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_portal_server_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EbPortalServer *self = EB_PORTAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_TRUST_ANCHOR_DIR:
      eb_portal_server_set_trust_anchor_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_portal_server_class_init (EbPortalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_portal_server_dispose;
  object_class->finalize = eb_portal_server_finalize;
  object_class->get_property = eb_portal_server_get_property;
  object_class->set_property = eb_portal_server_set_property;

  /**
   * EbPortalServer:trust-anchor-dir:
   *
   * A directory of CA certificates (PEM files named *.pem or *.crt) that a signed
   * form's chain must reach. Unset, every signed upload is refused as
   * `signature_untrusted`.
   */
  properties[PROP_TRUST_ANCHOR_DIR] =
    g_param_spec_string ("trust-anchor-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_portal_server_init (EbPortalServer *self)
{
}

/* Public API */

/**
 * eb_portal_server_new:
 * @db_path: the database file; created if missing
 *
 * Opens (and migrates) the database. The server answers nothing until
 * eb_portal_server_listen(); without eb_portal_server_set_sms_gateway()
 * sending a code fails with `sms_gateway_failed`.
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
EbPortalServer *
eb_portal_server_new (const char  *db_path,
                      GError     **error)
{
  g_autoptr(EbPortalDb) db = NULL;
  EbPortalServer *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = eb_portal_db_open (db_path, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (EB_TYPE_PORTAL_SERVER, NULL);
  self->context = eb_portal_context_new (db);

  return self;
}

/**
 * eb_portal_server_set_sms_gateway:
 * @gateway: (nullable): where codes go
 */
void
eb_portal_server_set_sms_gateway (EbPortalServer *self,
                                  EbSmsGateway   *gateway)
{
  g_return_if_fail (EB_IS_PORTAL_SERVER (self));
  g_return_if_fail (gateway == NULL || EB_IS_SMS_GATEWAY (gateway));

  eb_portal_context_set_sms_gateway (self->context, gateway);
}

/**
 * eb_portal_server_set_trust_anchor_dir:
 * @dir: (nullable): a directory of trusted CA certificates; %NULL for none
 *
 * See #EbPortalServer:trust-anchor-dir. Any thread; uploads already being
 * verified keep the directory they started with.
 */
void
eb_portal_server_set_trust_anchor_dir (EbPortalServer *self,
                                       const char     *dir)
{
  g_return_if_fail (EB_IS_PORTAL_SERVER (self));

  if (eb_portal_context_set_trust_anchor_dir (self->context, dir))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST_ANCHOR_DIR]);
}

/**
 * eb_portal_server_set_training:
 *
 * Makes this a practice portal: the forms it issues carry the practice mark
 * on every page and a number of the practice series (docs/portal-api.md).
 * Set before listening; a real portal never sets it.
 */
void
eb_portal_server_set_training (EbPortalServer *self,
                               gboolean        training)
{
  g_return_if_fail (EB_IS_PORTAL_SERVER (self));

  eb_portal_context_set_training (self->context, training);
}

/**
 * eb_portal_server_set_sms_code_life:
 * @seconds: 0 for the usual 300 s
 *
 * See eb_portal_context_set_sms_code_life(); any thread.
 */
void
eb_portal_server_set_sms_code_life (EbPortalServer *self,
                                    guint           seconds)
{
  g_return_if_fail (EB_IS_PORTAL_SERVER (self));

  eb_portal_context_set_sms_code_life (self->context, seconds);
}

/**
 * eb_portal_server_dup_trust_anchor_dir:
 *
 * Returns: (transfer full) (nullable): the directory of trusted CA certificates
 */
char *
eb_portal_server_dup_trust_anchor_dir (EbPortalServer *self)
{
  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), NULL);

  return eb_portal_context_dup_trust_anchor_dir (self->context);
}

/**
 * eb_portal_server_set_clock:
 * @func: (nullable): returns µs since the epoch; %NULL for the real time
 *
 * Every expiry (sessions, captchas, codes, throttling) is measured with this
 * clock, so tests can move time instead of sleeping. Called in the server's
 * thread.
 */
void
eb_portal_server_set_clock (EbPortalServer    *self,
                            EbPortalClockFunc  func,
                            gpointer           user_data)
{
  g_return_if_fail (EB_IS_PORTAL_SERVER (self));

  eb_portal_context_set_clock (self->context, func, user_data);
}

/**
 * eb_portal_server_listen:
 * @address: an IP address, "127.0.0.1" or "::1"
 * @port: 0 for any free port
 * @tls: (nullable): serve HTTPS with this certificate (and its key)
 *
 * Starts answering in the thread-default main context of the caller.
 */
gboolean
eb_portal_server_listen (EbPortalServer   *self,
                         const char       *address,
                         guint             port,
                         GTlsCertificate  *tls,
                         GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (tls == NULL || G_IS_TLS_CERTIFICATE (tls), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "eimza-portal/" PACKAGE_VERSION " ",
                             "tls-certificate", tls,
                             NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);

  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  if (!soup_server_listen (self->soup, socket_address, tls != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }

  uris = soup_server_get_uris (self->soup);
  self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  host = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
         ? g_strdup_printf ("[%s]", address) : g_strdup (address);
  self->base_url = g_strdup_printf ("%s://%s:%u", tls != NULL ? "https" : "http", host, self->port);

  return TRUE;
}

/**
 * eb_portal_server_get_port:
 *
 * Returns: the port listened on (the one chosen, if 0 was asked), 0 before listening
 */
guint
eb_portal_server_get_port (EbPortalServer *self)
{
  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), 0);

  return self->port;
}

/**
 * eb_portal_server_dup_base_url:
 *
 * Returns: (transfer full) (nullable): e.g. "http://127.0.0.1:43123", no
 *   trailing slash; %NULL before listening
 */
char *
eb_portal_server_dup_base_url (EbPortalServer *self)
{
  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), NULL);

  return g_strdup (self->base_url);
}

/**
 * eb_portal_server_import_registry_bytes:
 * @csv: the registry as CSV (docs/portal-api.md)
 *
 * Replaces the personnel registry. A file with any invalid row is refused
 * as a whole, its bad lines named in @error.
 */
gboolean
eb_portal_server_import_registry_bytes (EbPortalServer  *self,
                                        GBytes          *csv,
                                        GError         **error)
{
  g_autoptr(GPtrArray) people = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), FALSE);
  g_return_val_if_fail (csv != NULL, FALSE);

  people = eb_portal_registry_parse (csv, error);
  if (people == NULL)
    return FALSE;

  return eb_portal_db_replace_registry (eb_portal_context_get_db (self->context), people, error);
}

/**
 * eb_portal_server_import_registry:
 * @csv_path: a UTF-8 CSV file
 *
 * Like eb_portal_server_import_registry_bytes() for a file.
 */
gboolean
eb_portal_server_import_registry (EbPortalServer  *self,
                                  const char      *csv_path,
                                  GError         **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), FALSE);
  g_return_val_if_fail (csv_path != NULL, FALSE);

  if (!g_file_get_contents (csv_path, &contents, &length, error))
    return FALSE;

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!eb_portal_server_import_registry_bytes (self, bytes, error))
    {
      g_prefix_error (error, "%s: ", csv_path);
      return FALSE;
    }

  return TRUE;
}

/**
 * eb_portal_server_shutdown:
 *
 * Stops listening, drops the connections, cancels the SMS sends under way
 * and lets the requests still running (a form being hashed) finish, so the
 * database is left with everything they committed. Call it in the server's
 * thread, with its main loop no longer running.
 */
void
eb_portal_server_shutdown (EbPortalServer *self)
{
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_if_fail (EB_IS_PORTAL_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_cancellable_cancel (eb_portal_context_get_cancellable (self->context));

  while (eb_portal_context_has_pending (self->context))
    g_main_context_iteration (context, TRUE);
  /* Anything libsoup scheduled for the closed connections. */
  while (g_main_context_iteration (context, FALSE))
    ;
}

/**
 * eb_portal_server_dup_captcha_answer_for_testing:
 *
 * A testing hook: the answer of a live captcha, so tests and training mode's
 * own tests can log in. Answers live in memory only (the database has their
 * MACs) until the captcha is answered, replaced or expires. Any thread.
 *
 * Returns: (transfer full) (nullable): the answer, or %NULL
 */
char *
eb_portal_server_dup_captcha_answer_for_testing (EbPortalServer *self,
                                                 const char     *captcha_id)
{
  g_return_val_if_fail (EB_IS_PORTAL_SERVER (self), NULL);
  g_return_val_if_fail (captcha_id != NULL, NULL);

  return eb_portal_context_dup_captcha_answer (self->context, captcha_id);
}
