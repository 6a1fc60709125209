/* eb-portal-handlers.h — the API's endpoints, one function each
 *
 * Each takes a request whose body (if any) is parsed and whose session (if
 * the route needs one) is found, and answers it now or later with
 * eb_portal_request_respond() / eb_portal_request_fail*().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-portal-request.h"

G_BEGIN_DECLS

/* Limits from docs/portal-api.md, in µs where they are times. */
#define EB_PORTAL_SESSION_IDLE      (30 * 60 * G_USEC_PER_SEC)
#define EB_PORTAL_CAPTCHA_LIFE      (5 * 60 * G_USEC_PER_SEC)
#define EB_PORTAL_LOGIN_WINDOW      (10 * 60 * G_USEC_PER_SEC)
#define EB_PORTAL_LOGIN_MAX_FAILURES 5
#define EB_PORTAL_SMS_CODE_LIFE     (300 * G_USEC_PER_SEC)
#define EB_PORTAL_SMS_RESEND_AFTER  (60 * G_USEC_PER_SEC)
#define EB_PORTAL_SMS_MAX_SENDS     3
#define EB_PORTAL_SMS_MAX_TRIES     3
#define EB_PORTAL_SMS_CODE_DIGITS   6

void eb_portal_handle_health         (EbPortalRequest *request);
void eb_portal_handle_create_session (EbPortalRequest *request);
void eb_portal_handle_new_captcha    (EbPortalRequest *request);
void eb_portal_handle_login          (EbPortalRequest *request);
void eb_portal_handle_save_form      (EbPortalRequest *request);
void eb_portal_handle_send_sms       (EbPortalRequest *request);
void eb_portal_handle_verify_sms     (EbPortalRequest *request);
void eb_portal_handle_choose_method  (EbPortalRequest *request);
void eb_portal_handle_status         (EbPortalRequest *request);
void eb_portal_handle_issue_document (EbPortalRequest *request);
void eb_portal_handle_upload_signed_document (EbPortalRequest *request);

guint eb_portal_seconds_up           (gint64           usec);

G_END_DECLS
