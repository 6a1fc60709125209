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
char       *eb_form_text_value       (EbApplicationForm *form,
                                      EbFormField        field);
const char *eb_form_text_reason      (EbApplicationReason reason);
const char *eb_form_text_operator    (EbMobileOperator   op);
const char *eb_form_text_info_channel (EbInfoChannel     channel);

G_END_DECLS
