/* eb-field-binding.h — rows of a page tied to fields of the application form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "eb-application-form.h"

G_BEGIN_DECLS

#define EB_TYPE_FIELD_BINDING (eb_field_binding_get_type ())

G_DECLARE_FINAL_TYPE (EbFieldBinding, eb_field_binding, EB, FIELD_BINDING, GObject)

/* Turns a stored field value into what the entry shows (e.g. ISO date into
 * DD.MM.YYYY); the result is owned by the caller. */
typedef char *(*EbFieldDisplayFunc) (const char *value);

EbFieldBinding    *eb_field_binding_new         (EbApplicationForm  *form);
EbApplicationForm *eb_field_binding_get_form    (EbFieldBinding     *self);
void               eb_field_binding_bind_entry  (EbFieldBinding     *self,
                                                 EbFormField         field,
                                                 GtkWidget          *row,
                                                 EbFieldDisplayFunc  display);
void               eb_field_binding_bind_choice (EbFieldBinding     *self,
                                                 EbFormField         field,
                                                 GtkWidget          *row);
gboolean           eb_field_binding_check       (EbFieldBinding     *self,
                                                 EbFormField         field);
gboolean           eb_field_binding_check_all   (EbFieldBinding     *self);
void               eb_field_binding_mark        (EbFieldBinding     *self,
                                                 const EbFormField  *fields,
                                                 guint               n_fields,
                                                 const char         *description);
void               eb_field_binding_clear_marks (EbFieldBinding     *self);
gboolean           eb_field_binding_get_marked  (EbFieldBinding     *self,
                                                 EbFormField         field);
const char        *eb_field_binding_get_error   (EbFieldBinding     *self,
                                                 EbFormField         field);
GtkWidget         *eb_field_binding_get_widget  (EbFieldBinding     *self,
                                                 EbFormField         field);
gboolean           eb_field_binding_show_errors (EbFieldBinding     *self,
                                                 const GArray       *field_errors);

G_END_DECLS
