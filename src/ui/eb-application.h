/* eb-application.h — the application: store, session, window, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "eb-signing-card.h"
#include "eb-training-portal.h"

G_BEGIN_DECLS

#define EB_TYPE_APPLICATION (eb_application_get_type ())

G_DECLARE_FINAL_TYPE (EbApplication, eb_application, EB, APPLICATION, AdwApplication)

EbApplication    *eb_application_new                 (void);
EbSigningCard    *eb_application_get_signing_card    (EbApplication *self);
EbTrainingPortal *eb_application_get_training_portal (EbApplication *self);

G_END_DECLS
