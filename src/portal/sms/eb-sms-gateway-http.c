/* eb-sms-gateway-http.c — an SMS gateway that posts each message to a URL
 *
 * `POST URL` with {"to", "text"} as JSON; any 2xx means the message was
 * taken. The libsoup session is made on the first send, in the thread that
 * serves the portal, because a session belongs to the thread it was made in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eb-portal-json.h"
#include "eb-sms-gateway-http.h"

#define HTTP_TIMEOUT_S 30

struct _EbSmsGatewayHttp
{
  EbSmsGateway parent_instance;

  GUri        *uri;
  SoupSession *soup;
};

G_DEFINE_FINAL_TYPE (EbSmsGatewayHttp, eb_sms_gateway_http, EB_TYPE_SMS_GATEWAY)

static void
wipe_and_free (gpointer data)
{
  explicit_bzero (data, strlen (data));
  g_free (data);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status;

  reply = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                               "The SMS gateway could not be reached: %s", error->message);
      return;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                               "The SMS gateway answered HTTP %u", status);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
eb_sms_gateway_http_send_async (EbSmsGateway        *gateway,
                                const char          *number,
                                const char          *text,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  EbSmsGatewayHttp *self = EB_SMS_GATEWAY_HTTP (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonObject) object = json_object_new ();
  SoupMessage *message;
  char *body;
  gsize length;

  g_task_set_source_tag (task, eb_sms_gateway_http_send_async);

  if (self->soup == NULL)
    self->soup = g_object_new (SOUP_TYPE_SESSION, "timeout", HTTP_TIMEOUT_S, NULL);

  json_object_set_string_member (object, "to", number);
  json_object_set_string_member (object, "text", text);
  body = eb_portal_json_to_data (object, &length);
  eb_portal_json_wipe_member (object, "text");

  message = soup_message_new_from_uri (SOUP_METHOD_POST, self->uri);
  soup_message_set_request_body_from_bytes (message, "application/json",
                                            g_bytes_new_with_free_func (body, length, wipe_and_free, body));
  g_task_set_task_data (task, message, g_object_unref);

  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, cancellable,
                                    send_cb, g_steal_pointer (&task));
}

static void
eb_sms_gateway_http_finalize (GObject *object)
{
  EbSmsGatewayHttp *self = EB_SMS_GATEWAY_HTTP (object);

  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (eb_sms_gateway_http_parent_class)->finalize (object);
}

static void
eb_sms_gateway_http_class_init (EbSmsGatewayHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EbSmsGatewayClass *gateway_class = EB_SMS_GATEWAY_CLASS (klass);

  object_class->finalize = eb_sms_gateway_http_finalize;
  gateway_class->send_async = eb_sms_gateway_http_send_async;
}

static void
eb_sms_gateway_http_init (EbSmsGatewayHttp *self)
{
}

/**
 * eb_sms_gateway_http_new:
 * @url: an http:// or https:// URL
 *
 * Returns: (transfer full): the gateway, or %NULL with %EB_SMS_GATEWAY_ERROR_SPEC
 */
EbSmsGateway *
eb_sms_gateway_http_new (const char  *url,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  EbSmsGatewayHttp *self;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_SPEC,
                   "“%s” is not an http:// or https:// URL", url);
      return NULL;
    }

  self = g_object_new (EB_TYPE_SMS_GATEWAY_HTTP, NULL);
  self->uri = g_steal_pointer (&uri);

  return EB_SMS_GATEWAY (self);
}
