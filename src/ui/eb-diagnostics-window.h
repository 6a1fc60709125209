/* eb-diagnostics-window.h — "why doesn't my card work?"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "eb-card-diagnostics.h"

G_BEGIN_DECLS

#define EB_TYPE_DIAGNOSTICS_WINDOW (eb_diagnostics_window_get_type ())

G_DECLARE_FINAL_TYPE (EbDiagnosticsWindow, eb_diagnostics_window, EB, DIAGNOSTICS_WINDOW, AdwWindow)

EbDiagnosticsWindow *eb_diagnostics_window_new           (GtkWindow      *parent,
                                                          EbTokenManager *manager,
                                                          const char     *user_module,
                                                          const char     *applicant_tckn,
                                                          gboolean        practice);
EbDiagnosticsWindow *eb_diagnostics_window_new_for_report (GtkWindow     *parent,
                                                          EbCardReport  *report,
                                                          gboolean       practice);
const char          *eb_diagnostics_window_get_report    (EbDiagnosticsWindow *self);
const char          *eb_diagnostics_window_get_link      (EbDiagnosticsWindow *self);

G_END_DECLS
