/* eb-choice-row.h — a row that picks one of many values, with search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EB_TYPE_CHOICE_ROW (eb_choice_row_get_type ())

G_DECLARE_FINAL_TYPE (EbChoiceRow, eb_choice_row, EB, CHOICE_ROW, AdwActionRow)

/* Returns (transfer full, nullable) why nothing matches @query. */
typedef char *(*EbChoiceRowNoMatchFunc) (EbChoiceRow *row,
                                         const char  *query,
                                         gpointer     user_data);

GtkWidget  *eb_choice_row_new              (void);
void        eb_choice_row_set_choices      (EbChoiceRow        *self,
                                            const char * const *keys,
                                            const char * const *labels);
void        eb_choice_row_set_choices_with_details (EbChoiceRow        *self,
                                                    const char * const *keys,
                                                    const char * const *labels,
                                                    const char * const *details);
void        eb_choice_row_set_no_match_func (EbChoiceRow            *self,
                                             EbChoiceRowNoMatchFunc  func,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy);
const char *eb_choice_row_get_no_match_text (EbChoiceRow       *self);
const char *eb_choice_row_get_shown_label  (EbChoiceRow        *self,
                                            const char         *key);
guint       eb_choice_row_get_n_choices    (EbChoiceRow        *self);
const char *eb_choice_row_get_selected_key (EbChoiceRow        *self);
void        eb_choice_row_set_selected_key (EbChoiceRow        *self,
                                            const char         *key);
gboolean    eb_choice_row_get_popup_open   (EbChoiceRow        *self);
void        eb_choice_row_popup            (EbChoiceRow        *self);
void        eb_choice_row_set_search_text  (EbChoiceRow        *self,
                                            const char         *text);
guint       eb_choice_row_get_n_matches    (EbChoiceRow        *self);
gboolean    eb_choice_row_choose_first_match (EbChoiceRow      *self);

G_END_DECLS
