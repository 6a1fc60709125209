/* eb-token.h — a PKCS#11 token (a card in a reader) as EbTokenManager last read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-token-certificate.h"

G_BEGIN_DECLS

/* The user PIN's retry state, from the token's flags: the card counts. */
typedef enum
{
  EB_PIN_STATE_OK,
  EB_PIN_STATE_COUNT_LOW,   /* a wrong PIN was entered since the last right one */
  EB_PIN_STATE_FINAL_TRY,   /* one more wrong PIN locks the card */
  EB_PIN_STATE_LOCKED,      /* locked: unblock with the PUK (Kamu SM: 444 5 576) */
} EbPinState;

#define EB_TYPE_TOKEN (eb_token_get_type ())

G_DECLARE_FINAL_TYPE (EbToken, eb_token, EB, TOKEN, GObject)

gulong      eb_token_get_slot_id             (EbToken    *self);
const char *eb_token_get_slot_description    (EbToken    *self);
const char *eb_token_get_label               (EbToken    *self);
const char *eb_token_get_serial              (EbToken    *self);
const char *eb_token_get_manufacturer        (EbToken    *self);
const char *eb_token_get_model               (EbToken    *self);
gboolean    eb_token_get_login_required      (EbToken    *self);
gboolean    eb_token_get_protected_auth_path (EbToken    *self);
gboolean    eb_token_get_pin_count_low       (EbToken    *self);
gboolean    eb_token_get_pin_final_try       (EbToken    *self);
gboolean    eb_token_get_pin_locked          (EbToken    *self);
gboolean    eb_token_get_pin_to_be_changed   (EbToken    *self);
EbPinState  eb_token_get_pin_state           (EbToken    *self);
gboolean    eb_token_get_logged_in           (EbToken    *self);
GListModel *eb_token_get_certificates        (EbToken    *self);
EbTokenCertificate *eb_token_find_certificate (EbToken   *self,
                                               const char *label);

G_END_DECLS
