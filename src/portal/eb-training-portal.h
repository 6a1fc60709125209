/* eb-training-portal.h — the portal in-process, for training mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-portal-registry.h"

G_BEGIN_DECLS

#define EB_TYPE_TRAINING_PORTAL (eb_training_portal_get_type ())

G_DECLARE_FINAL_TYPE (EbTrainingPortal, eb_training_portal, EB, TRAINING_PORTAL, GObject)

EbTrainingPortal *eb_training_portal_new                 (GError           **error);
const char       *eb_training_portal_get_base_url        (EbTrainingPortal  *self);
GPtrArray        *eb_training_portal_list_demo_people    (EbTrainingPortal  *self);
GPtrArray        *eb_training_portal_list_sample_people  (EbTrainingPortal  *self);
char             *eb_training_portal_dup_captcha_answer  (EbTrainingPortal  *self,
                                                          const char        *captcha_id);
void              eb_training_portal_set_trust_anchor_dir (EbTrainingPortal *self,
                                                          const char        *dir);
char             *eb_training_portal_dup_trust_anchor_dir (EbTrainingPortal *self);
void              eb_training_portal_set_sms_code_life   (EbTrainingPortal  *self,
                                                          guint              seconds);

G_END_DECLS
