/* eb-form-text.h — what the user reads about form fields: labels and errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-application-form.h"

G_BEGIN_DECLS

const char *eb_form_text_field_label (EbFormField        field);
char       *eb_form_text_error       (EbApplicationForm *form,
                                      EbFormField        field,
                                      const GError      *error);
const char *eb_form_text_operator    (EbMobileOperator   op);

G_END_DECLS
