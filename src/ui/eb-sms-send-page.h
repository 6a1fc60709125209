/* eb-sms-send-page.h — "Gönder": have the portal text a code to the mobile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_SMS_SEND_PAGE (eb_sms_send_page_get_type ())

G_DECLARE_FINAL_TYPE (EbSmsSendPage, eb_sms_send_page, EB, SMS_SEND_PAGE, EbPage)

G_END_DECLS
