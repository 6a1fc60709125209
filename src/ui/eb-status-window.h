/* eb-status-window.h — what the app knows of one application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "eb-store.h"

G_BEGIN_DECLS

#define EB_TYPE_STATUS_WINDOW (eb_status_window_get_type ())

G_DECLARE_FINAL_TYPE (EbStatusWindow, eb_status_window, EB, STATUS_WINDOW, AdwWindow)

EbStatusWindow *eb_status_window_new        (GtkWindow                 *parent,
                                             const EbApplicationRecord *record);
char           *eb_status_window_state_text (const char                *state);
char           *eb_status_window_method_text (const char               *method);

G_END_DECLS
