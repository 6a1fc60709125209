/* eb-application-form.h — the Nitelikli Elektronik Sertifika application form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-core-enums.h"
#include "eb-form-enums.h"

G_BEGIN_DECLS

#define EB_TYPE_APPLICATION_FORM (eb_application_form_get_type ())

G_DECLARE_FINAL_TYPE (EbApplicationForm, eb_application_form, EB, APPLICATION_FORM, GObject)

/* The certificate validity Kamu SM sets for NES: three years. */
#define EB_CERTIFICATE_VALIDITY_YEARS 3

EbApplicationForm *eb_application_form_new              (void);

const char        *eb_application_form_get_text         (EbApplicationForm  *self,
                                                         EbFormField         field);
void               eb_application_form_set_text         (EbApplicationForm  *self,
                                                         EbFormField         field,
                                                         const char         *value);
const char        *eb_application_form_get_field_name   (EbFormField         field);
gboolean           eb_application_form_field_is_secret  (EbFormField         field);

EbApplicationReason eb_application_form_get_reason      (EbApplicationForm  *self);
void               eb_application_form_set_reason       (EbApplicationForm  *self,
                                                         EbApplicationReason reason);
EbMobileOperator   eb_application_form_get_mobile_operator (EbApplicationForm *self);
void               eb_application_form_set_mobile_operator (EbApplicationForm *self,
                                                            EbMobileOperator   op);
EbInfoChannel      eb_application_form_get_info_channel (EbApplicationForm  *self);
void               eb_application_form_set_info_channel (EbApplicationForm  *self,
                                                         EbInfoChannel       channel);
guint              eb_application_form_get_province     (EbApplicationForm  *self);
void               eb_application_form_set_province     (EbApplicationForm  *self,
                                                         guint               plate);

gboolean           eb_application_form_validate_field   (EbApplicationForm  *self,
                                                         EbFormField         field,
                                                         GError            **error);
gboolean           eb_application_form_validate_fields  (EbApplicationForm  *self,
                                                         const EbFormField  *fields,
                                                         gsize               n_fields,
                                                         EbFormField        *first_invalid,
                                                         GError            **error);
gboolean           eb_application_form_normalize_field  (EbApplicationForm  *self,
                                                         EbFormField         field,
                                                         GError            **error);

GVariant          *eb_application_form_serialize        (EbApplicationForm  *self);
void               eb_application_form_deserialize      (EbApplicationForm  *self,
                                                         GVariant           *fields);
void               eb_application_form_clear_secrets    (EbApplicationForm  *self);
char              *eb_application_form_dup_person_key   (EbApplicationForm  *self);

G_END_DECLS
