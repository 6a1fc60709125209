/* eb-sms-gateway-http.h — an SMS gateway that posts each message to a URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-sms-gateway.h"

G_BEGIN_DECLS

#define EB_TYPE_SMS_GATEWAY_HTTP (eb_sms_gateway_http_get_type ())

G_DECLARE_FINAL_TYPE (EbSmsGatewayHttp, eb_sms_gateway_http, EB, SMS_GATEWAY_HTTP, EbSmsGateway)

EbSmsGateway *eb_sms_gateway_http_new (const char  *url,
                                       GError     **error);

G_END_DECLS
