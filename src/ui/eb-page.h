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

struct _EbPageClass
{
  AdwBinClass parent_class;

  /* Called each time the page becomes the visible one. */
  void     (*shown)        (EbPage              *self);
  /* The page's "Next": check with the outside world, store what is needed;
   * unset: nothing to do. */
  void     (*apply_async)  (EbPage              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean (*apply_finish) (EbPage              *self,
                            GAsyncResult        *result,
                            GError             **error);
  /* Whether the page is complete now; unset: the page sets "complete". */
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

G_END_DECLS
