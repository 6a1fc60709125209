/* eb-portal-request.h — one API request on its way through the portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eb-portal-api-error.h"
#include "eb-portal-context.h"
#include "eb-portal-db.h"

G_BEGIN_DECLS

typedef struct _EbPortalRequest EbPortalRequest;

EbPortalRequest *eb_portal_request_new          (EbPortalContext    *context,
                                                 SoupServerMessage  *message);
EbPortalRequest *eb_portal_request_ref          (EbPortalRequest    *self);
void             eb_portal_request_unref        (EbPortalRequest    *self);

EbPortalContext *eb_portal_request_get_context  (EbPortalRequest    *self);
EbPortalDb      *eb_portal_request_get_db       (EbPortalRequest    *self);
GCancellable    *eb_portal_request_get_cancellable (EbPortalRequest *self);
const char      *eb_portal_request_get_client   (EbPortalRequest    *self);
gint64           eb_portal_request_get_now      (EbPortalRequest    *self);
JsonObject      *eb_portal_request_get_body     (EbPortalRequest    *self);
void             eb_portal_request_set_body     (EbPortalRequest    *self,
                                                 JsonObject         *body);
GBytes          *eb_portal_request_get_raw_body (EbPortalRequest    *self);
void             eb_portal_request_set_raw_body (EbPortalRequest    *self,
                                                 GBytes             *body);
EbPortalSession *eb_portal_request_get_session  (EbPortalRequest    *self);
void             eb_portal_request_set_session  (EbPortalRequest    *self,
                                                 EbPortalSession    *session);
EbPortalAudit    eb_portal_request_get_audit    (EbPortalRequest    *self);
EbPortalApplication *eb_portal_request_load_application (EbPortalRequest *self);

void             eb_portal_request_respond      (EbPortalRequest    *self,
                                                 guint               status,
                                                 JsonObject         *object);
void             eb_portal_request_respond_bytes (EbPortalRequest   *self,
                                                 guint               status,
                                                 const char         *content_type,
                                                 GBytes             *body);
void             eb_portal_request_set_header   (EbPortalRequest    *self,
                                                 const char         *name,
                                                 const char         *value);
void             eb_portal_request_fail         (EbPortalRequest    *self,
                                                 EbPortalApiError    code,
                                                 const char         *detail);
void             eb_portal_request_fail_full    (EbPortalRequest    *self,
                                                 EbPortalApiError    code,
                                                 const char         *detail,
                                                 JsonObject         *extra,
                                                 guint               retry_after);
void             eb_portal_request_fail_error   (EbPortalRequest    *self,
                                                 const GError       *error);
gboolean         eb_portal_request_has_answer   (EbPortalRequest    *self);
void             eb_portal_request_wait         (EbPortalRequest    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPortalRequest, eb_portal_request_unref)

G_END_DECLS
