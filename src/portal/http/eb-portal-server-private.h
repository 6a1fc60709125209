/* eb-portal-server-private.h — what the request handlers need of the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-portal-db.h"
#include "eb-portal-server.h"

G_BEGIN_DECLS

EbPortalDb   *eb_portal_server_get_db            (EbPortalServer *self);
EbSmsGateway *eb_portal_server_get_sms_gateway   (EbPortalServer *self);
GCancellable *eb_portal_server_get_cancellable   (EbPortalServer *self);
gint64        eb_portal_server_now               (EbPortalServer *self);
void          eb_portal_server_remember_captcha  (EbPortalServer *self,
                                                  const char     *captcha_id,
                                                  const char     *answer,
                                                  gint64          now);
void          eb_portal_server_forget_captcha    (EbPortalServer *self,
                                                  const char     *captcha_id);
void          eb_portal_server_prune             (EbPortalServer *self,
                                                  gint64          now);
void          eb_portal_server_hold              (EbPortalServer *self);
void          eb_portal_server_release           (EbPortalServer *self);

G_END_DECLS
