/* eb-card-text.h — what the signing card means for the application, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-signing-card.h"
#include "eb-token.h"

G_BEGIN_DECLS

gboolean eb_card_text_judge     (EbSigningCard  *card,
                                 const char     *tckn,
                                 char          **out_subtitle);
char    *eb_card_text_pin_state (EbPinState      state);
GError  *eb_card_text_translate (const GError   *error,
                                 EbToken        *token);
char    *eb_card_text_practice_card (const GError *error);

G_END_DECLS
