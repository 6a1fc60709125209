/* eb-sms-gateway.h — where the portal's SMS codes go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EB_SMS_GATEWAY_ERROR (eb_sms_gateway_error_quark ())

typedef enum
{
  EB_SMS_GATEWAY_ERROR_SPEC,     /* the gateway spec cannot be understood */
  EB_SMS_GATEWAY_ERROR_REFUSED,  /* the gateway did not take the message */
} EbSmsGatewayError;

#define EB_TYPE_SMS_GATEWAY (eb_sms_gateway_get_type ())

G_DECLARE_DERIVABLE_TYPE (EbSmsGateway, eb_sms_gateway, EB, SMS_GATEWAY, GObject)

struct _EbSmsGatewayClass
{
  GObjectClass parent_class;

  /* @number is international without "+" (905321234567); @text holds the
   * code: implementations never log it. */
  void     (*send_async)  (EbSmsGateway        *self,
                           const char          *number,
                           const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  gboolean (*send_finish) (EbSmsGateway        *self,
                           GAsyncResult        *result,
                           GError             **error);
};

GQuark        eb_sms_gateway_error_quark   (void);
EbSmsGateway *eb_sms_gateway_new_from_spec (const char          *spec,
                                            GError             **error);
void          eb_sms_gateway_send_async    (EbSmsGateway        *self,
                                            const char          *number,
                                            const char          *text,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      eb_sms_gateway_send_finish   (EbSmsGateway        *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
