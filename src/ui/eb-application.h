/* eb-application.h — the application: store, session, window, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EB_TYPE_APPLICATION (eb_application_get_type ())

G_DECLARE_FINAL_TYPE (EbApplication, eb_application, EB, APPLICATION, AdwApplication)

EbApplication *eb_application_new (void);

G_END_DECLS
