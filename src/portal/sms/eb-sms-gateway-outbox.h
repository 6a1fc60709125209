/* eb-sms-gateway-outbox.h — an SMS gateway that drops messages into a directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-sms-gateway.h"

G_BEGIN_DECLS

#define EB_TYPE_SMS_GATEWAY_OUTBOX (eb_sms_gateway_outbox_get_type ())

G_DECLARE_FINAL_TYPE (EbSmsGatewayOutbox, eb_sms_gateway_outbox, EB, SMS_GATEWAY_OUTBOX, EbSmsGateway)

EbSmsGateway *eb_sms_gateway_outbox_new (const char *directory);

G_END_DECLS
