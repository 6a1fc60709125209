/* eb-signing-card.h — the certificate the app would sign with, kept current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-pcsc-monitor.h"
#include "eb-token-manager.h"
#include "eb-token.h"
#include "eb-token-certificate.h"

G_BEGIN_DECLS

typedef enum
{
  EB_SIGNING_CARD_STATE_IDLE,         /* not read yet */
  EB_SIGNING_CARD_STATE_READING,      /* the PKCS#11 module is reading the tokens */
  EB_SIGNING_CARD_STATE_NO_MODULE,    /* no PKCS#11 module could be loaded */
  EB_SIGNING_CARD_STATE_NO_TOKEN,     /* the module sees no card */
  EB_SIGNING_CARD_STATE_NO_CERTIFICATE, /* a card, but no certificate on it */
  EB_SIGNING_CARD_STATE_READY,        /* a card with a certificate: see the verdict */
} EbSigningCardState;

#define EB_TYPE_SIGNING_CARD (eb_signing_card_get_type ())

G_DECLARE_FINAL_TYPE (EbSigningCard, eb_signing_card, EB, SIGNING_CARD, GObject)

EbSigningCard      *eb_signing_card_new              (EbPcscMonitor  *monitor,
                                                      EbTokenManager *manager,
                                                      const char     *user_module);
EbPcscMonitor      *eb_signing_card_get_monitor      (EbSigningCard  *self);
EbTokenManager     *eb_signing_card_get_manager      (EbSigningCard  *self);
EbSigningCardState  eb_signing_card_get_state        (EbSigningCard  *self);
const char         *eb_signing_card_get_problem      (EbSigningCard  *self);
EbToken            *eb_signing_card_get_token        (EbSigningCard  *self);
EbTokenCertificate *eb_signing_card_get_certificate  (EbSigningCard  *self);
const char         *eb_signing_card_get_applicant_tckn (EbSigningCard *self);
void                eb_signing_card_set_applicant_tckn (EbSigningCard *self,
                                                      const char     *tckn);
void                eb_signing_card_refresh          (EbSigningCard  *self);
gboolean            eb_signing_card_get_pin_session_active (EbSigningCard *self);
void                eb_signing_card_set_pin_session_active (EbSigningCard *self,
                                                      gboolean        active);
void                eb_signing_card_set_held         (EbSigningCard  *self,
                                                      gboolean        held);

G_END_DECLS
