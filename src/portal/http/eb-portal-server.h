/* eb-portal-server.h — the reference portal server (docs/portal-api.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-portal-context.h"
#include "eb-sms-gateway.h"

G_BEGIN_DECLS

#define EB_TYPE_PORTAL_SERVER (eb_portal_server_get_type ())

G_DECLARE_FINAL_TYPE (EbPortalServer, eb_portal_server, EB, PORTAL_SERVER, GObject)

EbPortalServer *eb_portal_server_new                     (const char         *db_path,
                                                          GError            **error);
void            eb_portal_server_set_sms_gateway         (EbPortalServer     *self,
                                                          EbSmsGateway       *gateway);
void            eb_portal_server_set_trust_anchor_dir    (EbPortalServer     *self,
                                                          const char         *dir);
char           *eb_portal_server_dup_trust_anchor_dir    (EbPortalServer     *self);
void            eb_portal_server_set_training            (EbPortalServer     *self,
                                                          gboolean            training);
void            eb_portal_server_set_sms_code_life       (EbPortalServer     *self,
                                                          guint               seconds);
void            eb_portal_server_set_clock               (EbPortalServer     *self,
                                                          EbPortalClockFunc   func,
                                                          gpointer            user_data);
gboolean        eb_portal_server_listen                  (EbPortalServer     *self,
                                                          const char         *address,
                                                          guint               port,
                                                          GTlsCertificate    *tls,
                                                          GError            **error);
guint           eb_portal_server_get_port                (EbPortalServer     *self);
char           *eb_portal_server_dup_base_url            (EbPortalServer     *self);
gboolean        eb_portal_server_import_registry         (EbPortalServer     *self,
                                                          const char         *csv_path,
                                                          GError            **error);
gboolean        eb_portal_server_import_registry_bytes   (EbPortalServer     *self,
                                                          GBytes             *csv,
                                                          GError            **error);
void            eb_portal_server_shutdown                (EbPortalServer     *self);
char           *eb_portal_server_dup_captcha_answer_for_testing (EbPortalServer *self,
                                                                 const char     *captcha_id);

G_END_DECLS
