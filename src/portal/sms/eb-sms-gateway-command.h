/* eb-sms-gateway-command.h — an SMS gateway that runs a program per message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-sms-gateway.h"

G_BEGIN_DECLS

#define EB_TYPE_SMS_GATEWAY_COMMAND (eb_sms_gateway_command_get_type ())

G_DECLARE_FINAL_TYPE (EbSmsGatewayCommand, eb_sms_gateway_command, EB, SMS_GATEWAY_COMMAND, EbSmsGateway)

EbSmsGateway *eb_sms_gateway_command_new (const char *program);

G_END_DECLS
