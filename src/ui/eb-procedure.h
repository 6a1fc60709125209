/* eb-procedure.h — the procedure's steps and the wizard's pages, one table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

guint       eb_procedure_get_n_steps           (void);
const char *eb_procedure_get_step_title        (guint step);
const char *eb_procedure_get_step_description  (guint step);

guint       eb_procedure_get_n_pages           (void);
GType       eb_procedure_get_page_type         (guint index);
guint       eb_procedure_get_page_step         (guint index);

G_END_DECLS
