/* eb-sms-gateway-callback.c — an in-process SMS gateway, for training mode and tests
 *
 * Training mode shows the "SMS" inside the app, and tests read the code
 * they need from it, without any program or network in between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-sms-gateway-callback.h"

struct _EbSmsGatewayCallback
{
  EbSmsGateway parent_instance;

  EbSmsCallback  callback;
  gpointer       user_data;
  GDestroyNotify destroy;
};

G_DEFINE_FINAL_TYPE (EbSmsGatewayCallback, eb_sms_gateway_callback, EB_TYPE_SMS_GATEWAY)

static void
eb_sms_gateway_callback_send_async (EbSmsGateway        *gateway,
                                    const char          *number,
                                    const char          *text,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  EbSmsGatewayCallback *self = EB_SMS_GATEWAY_CALLBACK (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, eb_sms_gateway_callback_send_async);

  if (self->callback (number, text, self->user_data, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                             "The message was refused");
}

static void
eb_sms_gateway_callback_finalize (GObject *object)
{
  EbSmsGatewayCallback *self = EB_SMS_GATEWAY_CALLBACK (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  G_OBJECT_CLASS (eb_sms_gateway_callback_parent_class)->finalize (object);
}

static void
eb_sms_gateway_callback_class_init (EbSmsGatewayCallbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EbSmsGatewayClass *gateway_class = EB_SMS_GATEWAY_CLASS (klass);

  object_class->finalize = eb_sms_gateway_callback_finalize;
  gateway_class->send_async = eb_sms_gateway_callback_send_async;
}

static void
eb_sms_gateway_callback_init (EbSmsGatewayCallback *self)
{
}

/**
 * eb_sms_gateway_callback_new:
 * @callback: receives every message, in the server's thread
 */
EbSmsGateway *
eb_sms_gateway_callback_new (EbSmsCallback  callback,
                             gpointer       user_data,
                             GDestroyNotify destroy)
{
  EbSmsGatewayCallback *self;

  g_return_val_if_fail (callback != NULL, NULL);

  self = g_object_new (EB_TYPE_SMS_GATEWAY_CALLBACK, NULL);
  self->callback = callback;
  self->user_data = user_data;
  self->destroy = destroy;

  return EB_SMS_GATEWAY (self);
}
