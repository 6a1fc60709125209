/* eb-sms-verify-page.h — the SMS code, within its 300 seconds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_SMS_VERIFY_PAGE (eb_sms_verify_page_get_type ())

G_DECLARE_FINAL_TYPE (EbSmsVerifyPage, eb_sms_verify_page, EB, SMS_VERIFY_PAGE, EbPage)

G_END_DECLS
