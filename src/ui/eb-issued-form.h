/* eb-issued-form.h — the application form as the portal issued it, shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "eb-pdf-view.h"
#include "eb-session.h"

G_BEGIN_DECLS

#define EB_TYPE_ISSUED_FORM (eb_issued_form_get_type ())

G_DECLARE_FINAL_TYPE (EbIssuedForm, eb_issued_form, EB, ISSUED_FORM, GtkBox)

void       eb_issued_form_load         (EbIssuedForm *self,
                                        EbSession    *session);
GBytes    *eb_issued_form_get_document (EbIssuedForm *self);
EbPdfView *eb_issued_form_get_view     (EbIssuedForm *self);

G_END_DECLS
