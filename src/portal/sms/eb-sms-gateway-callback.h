/* eb-sms-gateway-callback.h — an in-process SMS gateway, for training mode and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-sms-gateway.h"

G_BEGIN_DECLS

/* Called in the server's thread; FALSE with @error to refuse the message. */
typedef gboolean (*EbSmsCallback) (const char  *number,
                                   const char  *text,
                                   gpointer     user_data,
                                   GError     **error);

#define EB_TYPE_SMS_GATEWAY_CALLBACK (eb_sms_gateway_callback_get_type ())

G_DECLARE_FINAL_TYPE (EbSmsGatewayCallback, eb_sms_gateway_callback, EB, SMS_GATEWAY_CALLBACK, EbSmsGateway)

EbSmsGateway *eb_sms_gateway_callback_new (EbSmsCallback  callback,
                                           gpointer       user_data,
                                           GDestroyNotify destroy);

G_END_DECLS
