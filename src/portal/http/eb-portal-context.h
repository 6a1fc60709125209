/* eb-portal-context.h — what every request of one portal shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-portal-db.h"
#include "eb-sms-gateway.h"

G_BEGIN_DECLS

/* Returns the time in µs since the epoch; tests move it to expire things. */
typedef gint64 (*EbPortalClockFunc) (gpointer user_data);

#define EB_TYPE_PORTAL_CONTEXT (eb_portal_context_get_type ())

G_DECLARE_FINAL_TYPE (EbPortalContext, eb_portal_context, EB, PORTAL_CONTEXT, GObject)

EbPortalContext *eb_portal_context_new                  (EbPortalDb         *db);
EbPortalDb      *eb_portal_context_get_db               (EbPortalContext    *self);
GCancellable    *eb_portal_context_get_cancellable      (EbPortalContext    *self);
void             eb_portal_context_set_clock            (EbPortalContext    *self,
                                                         EbPortalClockFunc   func,
                                                         gpointer            user_data);
gint64           eb_portal_context_now                  (EbPortalContext    *self);
EbSmsGateway    *eb_portal_context_get_sms_gateway      (EbPortalContext    *self);
void             eb_portal_context_set_sms_gateway      (EbPortalContext    *self,
                                                         EbSmsGateway       *gateway);
gboolean         eb_portal_context_set_trust_anchor_dir (EbPortalContext    *self,
                                                         const char         *dir);
char            *eb_portal_context_dup_trust_anchor_dir (EbPortalContext    *self);
void             eb_portal_context_remember_captcha     (EbPortalContext    *self,
                                                         const char         *captcha_id,
                                                         const char         *answer,
                                                         gint64              now);
void             eb_portal_context_forget_captcha       (EbPortalContext    *self,
                                                         const char         *captcha_id);
char            *eb_portal_context_dup_captcha_answer   (EbPortalContext    *self,
                                                         const char         *captcha_id);
void             eb_portal_context_prune                (EbPortalContext    *self,
                                                         gint64              now);
void             eb_portal_context_set_training         (EbPortalContext    *self,
                                                         gboolean            training);
gboolean         eb_portal_context_get_training         (EbPortalContext    *self);
void             eb_portal_context_set_sms_code_life    (EbPortalContext    *self,
                                                         guint               seconds);
gint64           eb_portal_context_get_sms_code_life    (EbPortalContext    *self);
gint64           eb_portal_context_get_sms_resend_after (EbPortalContext    *self);
void             eb_portal_context_hold                 (EbPortalContext    *self);
void             eb_portal_context_release              (EbPortalContext    *self);
gboolean         eb_portal_context_has_pending          (EbPortalContext    *self);

G_END_DECLS
