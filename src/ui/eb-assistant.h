/* eb-assistant.h — runs the wizard's pages: Back, Next, Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_ASSISTANT (eb_assistant_get_type ())

G_DECLARE_FINAL_TYPE (EbAssistant, eb_assistant, EB, ASSISTANT, AdwBin)

void     eb_assistant_add_page         (EbAssistant *self,
                                        EbPage      *page,
                                        guint        step);
void     eb_assistant_add_bar          (EbAssistant *self,
                                        GtkWidget   *bar);
guint    eb_assistant_get_step         (EbAssistant *self,
                                        guint       *n_steps);
EbPage  *eb_assistant_get_current_page (EbAssistant *self);
guint    eb_assistant_get_current_index (EbAssistant *self);
guint    eb_assistant_get_n_pages      (EbAssistant *self);
EbPage  *eb_assistant_get_page         (EbAssistant *self,
                                        guint        index);
gboolean eb_assistant_get_applying     (EbAssistant *self);
const char *eb_assistant_get_step_error (EbAssistant *self);
void     eb_assistant_set_signing_card (EbAssistant   *self,
                                        EbSigningCard *signing_card);

G_END_DECLS
