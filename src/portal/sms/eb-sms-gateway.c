/* eb-sms-gateway.c — where the portal's SMS codes go
 *
 * The portal hands each message to one gateway and only needs to know
 * whether it was taken. A deployment picks the gateway with a spec string:
 * `command:PROGRAM`, `outbox:DIRECTORY` or `http:URL`; training mode and
 * tests use an in-process callback instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-sms-gateway.h"
#include "eb-sms-gateway-command.h"
#include "eb-sms-gateway-http.h"
#include "eb-sms-gateway-outbox.h"

G_DEFINE_QUARK (eb-sms-gateway-error-quark, eb_sms_gateway_error)

G_DEFINE_ABSTRACT_TYPE (EbSmsGateway, eb_sms_gateway, G_TYPE_OBJECT)

/* Every gateway answers with a GTask of a boolean. */
static gboolean
eb_sms_gateway_real_send_finish (EbSmsGateway  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
eb_sms_gateway_class_init (EbSmsGatewayClass *klass)
{
  klass->send_finish = eb_sms_gateway_real_send_finish;
}

static void
eb_sms_gateway_init (EbSmsGateway *self)
{
}

/**
 * eb_sms_gateway_new_from_spec:
 * @spec: `command:PROGRAM`, `outbox:DIRECTORY`, `http:URL` (or the URL
 *   itself, `http://…` / `https://…`)
 *
 * Returns: (transfer full): the gateway, or %NULL with
 *   %EB_SMS_GATEWAY_ERROR_SPEC
 */
EbSmsGateway *
eb_sms_gateway_new_from_spec (const char  *spec,
                              GError     **error)
{
  g_return_val_if_fail (spec != NULL, NULL);

  if (g_str_has_prefix (spec, "command:") && spec[8] != '\0')
    return eb_sms_gateway_command_new (spec + 8);
  if (g_str_has_prefix (spec, "outbox:") && spec[7] != '\0')
    return eb_sms_gateway_outbox_new (spec + 7);
  if (g_str_has_prefix (spec, "http://") || g_str_has_prefix (spec, "https://"))
    return eb_sms_gateway_http_new (spec, error);
  if (g_str_has_prefix (spec, "http:"))
    return eb_sms_gateway_http_new (spec + 5, error);

  g_set_error (error, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_SPEC,
               "“%s” is not an SMS gateway: use command:PROGRAM, outbox:DIRECTORY or http:URL",
               spec);
  return NULL;
}

/**
 * eb_sms_gateway_send_async:
 * @number: international, without "+": 905321234567
 * @text: the message; it carries a code, so it is never logged
 */
void
eb_sms_gateway_send_async (EbSmsGateway        *self,
                           const char          *number,
                           const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (EB_IS_SMS_GATEWAY (self));
  g_return_if_fail (number != NULL);
  g_return_if_fail (text != NULL);

  EB_SMS_GATEWAY_GET_CLASS (self)->send_async (self, number, text, cancellable, callback, user_data);
}

/**
 * eb_sms_gateway_send_finish:
 *
 * Returns: whether the gateway took the message
 */
gboolean
eb_sms_gateway_send_finish (EbSmsGateway  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (EB_IS_SMS_GATEWAY (self), FALSE);

  return EB_SMS_GATEWAY_GET_CLASS (self)->send_finish (self, result, error);
}
