/* eb-test-form.h — a filled sample of the application form, as the portal issues it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "eb-application-form.h"

G_BEGIN_DECLS

GBytes *eb_test_form_render_sample (const char        *tckn);
void    eb_test_form_fill_renewal  (EbApplicationForm *form);
/* An EbTrainingPortal::sms-received handler: the six digits into *code. */
void    eb_test_form_catch_sms_code (gpointer          portal,
                                     const char       *number,
                                     const char       *text,
                                     char            **code);

G_END_DECLS
