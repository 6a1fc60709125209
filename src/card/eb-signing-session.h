/* eb-signing-session.h — one PIN session on the signing card: log in, sign, log out
 *
 * Typical use (Yöntem 2): eb_signing_session_new() with the app's
 * EbSigningCard when the user asks to sign: the session keeps the token and
 * certificate the card shows at that moment, so the PIN goes to that token
 * and that token signs, whatever the card reads meanwhile. Then
 * eb_signing_session_sign_async() once with the PIN (NULL on a PIN-pad
 * reader): it logs in, signs the document (PAdES, one card signature),
 * logs out, and gives the signed PDF. Bind to "state" for progress. Errors
 * are the card's and the signer's codes (EB_TOKEN_ERROR, EB_PADES_ERROR,
 * EB_CADES_ERROR); src/ui/eb-card-text.c says them in words, with
 * eb_signing_session_get_token() for the PIN state after a wrong PIN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-secret.h"
#include "eb-signing-card.h"
#include "eb-token.h"
#include "eb-token-certificate.h"

G_BEGIN_DECLS

typedef enum
{
  EB_SIGNING_SESSION_STATE_IDLE,        /* nothing asked of the card yet */
  EB_SIGNING_SESSION_STATE_LOGGING_IN,  /* the PIN goes to the card (a PIN pad asks for it now) */
  EB_SIGNING_SESSION_STATE_SIGNING,     /* the card signs the document */
  EB_SIGNING_SESSION_STATE_LOGGING_OUT, /* the PIN session is closed */
  EB_SIGNING_SESSION_STATE_SIGNED,      /* done: the signed document is the result */
  EB_SIGNING_SESSION_STATE_FAILED,      /* done: the error is the result; nothing was signed */
} EbSigningSessionState;

#define EB_TYPE_SIGNING_SESSION (eb_signing_session_get_type ())

G_DECLARE_FINAL_TYPE (EbSigningSession, eb_signing_session, EB, SIGNING_SESSION, GObject)

EbSigningSession      *eb_signing_session_new              (EbSigningCard       *card);
EbSigningSessionState  eb_signing_session_get_state        (EbSigningSession    *self);
EbToken               *eb_signing_session_get_token        (EbSigningSession    *self);
EbTokenCertificate    *eb_signing_session_get_certificate  (EbSigningSession    *self);
gboolean               eb_signing_session_get_uses_pin_pad (EbSigningSession    *self);
void                   eb_signing_session_sign_async       (EbSigningSession    *self,
                                                            GBytes              *document,
                                                            EbSecret            *pin,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GBytes                *eb_signing_session_sign_finish      (EbSigningSession    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
