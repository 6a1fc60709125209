/* eb-form-page.h — the Kamu SM application form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-field-binding.h"
#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_FORM_PAGE (eb_form_page_get_type ())

G_DECLARE_FINAL_TYPE (EbFormPage, eb_form_page, EB, FORM_PAGE, EbPage)

EbFieldBinding *eb_form_page_get_field_binding (EbFormPage *self);
char           *eb_form_page_dup_security_word_rules (void);
const char     *eb_form_page_get_slip_hint     (EbFormPage  *self,
                                                EbFormField  field);
void            eb_form_page_fix_slips         (EbFormPage  *self,
                                                EbFormField  field);

G_END_DECLS
