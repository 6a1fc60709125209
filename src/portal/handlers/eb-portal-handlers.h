/* eb-portal-handlers.h — the API's endpoints, one function each
 *
 * Each takes a request whose body (if any) is parsed and whose session (if
 * the route needs one) is found, and answers it now or later with
 * eb_portal_request_respond() / eb_portal_request_fail*(). Form fields are
 * read and written under their names in eb-portal-fields.h (src/core), the
 * table the app's client uses too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-portal-fields.h"
#include "eb-portal-limits.h"
#include "eb-portal-request.h"

G_BEGIN_DECLS

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
