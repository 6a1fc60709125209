/* eb-portal-limits.h — the API's limits (docs/portal-api.md), in one place
 *
 * Times are in µs, the unit of the server's clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EB_PORTAL_SESSION_IDLE      (30 * 60 * G_USEC_PER_SEC)
#define EB_PORTAL_CAPTCHA_LIFE      (5 * 60 * G_USEC_PER_SEC)
#define EB_PORTAL_LOGIN_WINDOW      (10 * 60 * G_USEC_PER_SEC)
#define EB_PORTAL_LOGIN_MAX_FAILURES 5
/* Application numbers: MEB-2026-000042; the practice portal's ALISTIRMA-2026-000001. */
#define EB_PORTAL_NUMBER_PREFIX          "MEB"
#define EB_PORTAL_PRACTICE_NUMBER_PREFIX "ALISTIRMA"
#define EB_PORTAL_SMS_CODE_LIFE     (300 * G_USEC_PER_SEC)
#define EB_PORTAL_SMS_RESEND_AFTER  (60 * G_USEC_PER_SEC)
#define EB_PORTAL_SMS_MAX_SENDS     3
#define EB_PORTAL_SMS_MAX_TRIES     3
#define EB_PORTAL_SMS_CODE_DIGITS   6

G_END_DECLS
