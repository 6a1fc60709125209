/* eb-page.h — one step of the wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "eb-session.h"
#include "eb-signing-card.h"

G_BEGIN_DECLS

#define EB_TYPE_PAGE (eb_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (EbPage, eb_page, EB, PAGE, AdwBin)

/* Turns a stored field value into what the entry shows (e.g. ISO date into
 * DD.MM.YYYY); the result is owned by the caller. */
typedef char *(*EbFieldDisplayFunc) (const char *value);

struct _EbPageClass
{
  AdwBinClass parent_class;

  /* Called each time the page becomes the visible one. */
  void     (*shown)        (EbPage              *self);
  /* The page's "Next": check with the outside world, store what is needed. */
  void     (*apply_async)  (EbPage              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean (*apply_finish) (EbPage              *self,
                            GAsyncResult        *result,
                            GError             **error);
  /* What besides the required fields the page needs to be complete. */
  gboolean (*check_complete) (EbPage            *self);
  /* Whether the step is part of this application (one method's pages are
   * not part of the other's); unset: always. */
  gboolean (*applies)        (EbPage            *self);
};

EbSession  *eb_page_get_session       (EbPage              *self);
EbApplicationForm *eb_page_get_form   (EbPage              *self);
EbSigningCard *eb_page_get_signing_card (EbPage           *self);
const char *eb_page_get_title         (EbPage              *self);
void        eb_page_set_title         (EbPage              *self,
                                       const char          *title);
const char *eb_page_get_next_label    (EbPage              *self);
void        eb_page_set_next_label    (EbPage              *self,
                                       const char          *label);
gboolean    eb_page_get_complete      (EbPage              *self);
void        eb_page_set_complete      (EbPage              *self,
                                       gboolean             complete);
void        eb_page_update_complete   (EbPage              *self);
gboolean    eb_page_get_starts_session (EbPage             *self);
void        eb_page_set_starts_session (EbPage             *self,
                                       gboolean             starts_session);
gboolean    eb_page_get_is_final      (EbPage              *self);
void        eb_page_set_is_final      (EbPage              *self,
                                       gboolean             is_final);

void        eb_page_shown             (EbPage              *self);
gboolean    eb_page_applies           (EbPage              *self);
void        eb_page_apply_async       (EbPage              *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    eb_page_apply_finish      (EbPage              *self,
                                       GAsyncResult        *result,
                                       GError             **error);

void        eb_page_bind_entry        (EbPage              *self,
                                       EbFormField          field,
                                       GtkWidget           *row,
                                       EbFieldDisplayFunc   display);
void        eb_page_bind_choice       (EbPage              *self,
                                       EbFormField          field,
                                       GtkWidget           *row);
void        eb_page_set_required_fields (EbPage            *self,
                                       const EbFormField   *fields,
                                       gsize                n_fields);
gboolean    eb_page_check_field       (EbPage              *self,
                                       EbFormField          field);
const char *eb_page_get_field_error   (EbPage              *self,
                                       EbFormField          field);
GtkWidget  *eb_page_get_field_widget  (EbPage              *self,
                                       EbFormField          field);
gboolean    eb_page_show_field_errors (EbPage              *self,
                                       const GArray        *field_errors);

G_END_DECLS
