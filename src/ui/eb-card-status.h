/* eb-card-status.h — the card reader and card, at a glance, on every page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "eb-signing-card.h"

G_BEGIN_DECLS

#define EB_TYPE_CARD_STATUS (eb_card_status_get_type ())

G_DECLARE_FINAL_TYPE (EbCardStatus, eb_card_status, EB, CARD_STATUS, GtkButton)

void        eb_card_status_set_signing_card (EbCardStatus  *self,
                                             EbSigningCard *signing_card);
const char *eb_card_status_get_text    (EbCardStatus  *self);

G_END_DECLS
