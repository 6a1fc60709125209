/* eb-token-manager.h — the PKCS#11 module, its tokens, PIN login, the private key
 *
 * Typical use: one manager for the app's life. load_async() once (with the
 * user's module setting), refresh_async() when EbPcscMonitor reports a card
 * inserted or removed, login_async() with the PIN (or NULL for a PIN pad),
 * run_with_key_async() to sign, unload() before exit. The tokens are a
 * GListModel of EbToken, whose pin-state and certificates widgets bind to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "eb-pkcs11-module.h"
#include "eb-practice-card.h"
#include "eb-secret.h"
#include "eb-token.h"

G_BEGIN_DECLS

#define EB_TOKEN_ERROR (eb_token_error_quark ())

typedef enum
{
  EB_TOKEN_ERROR_FAILED,             /* none of the below; the message has the CKR_ name */
  EB_TOKEN_ERROR_NO_MODULE,          /* no candidate module could be loaded */
  EB_TOKEN_ERROR_NOT_LOADED,         /* call eb_token_manager_load_async() first */
  EB_TOKEN_ERROR_TOKEN_NOT_PRESENT,  /* the card was removed (or another one inserted) */
  EB_TOKEN_ERROR_PIN_REQUIRED,       /* no PIN given and the reader has no PIN pad */
  EB_TOKEN_ERROR_PIN_INCORRECT,      /* see the token's pin-state for the tries left */
  EB_TOKEN_ERROR_PIN_LOCKED,         /* too many wrong PINs: the card must be unblocked */
  EB_TOKEN_ERROR_PIN_FORMAT,         /* wrong length or characters for this card */
  EB_TOKEN_ERROR_NOT_LOGGED_IN,      /* the private key needs a login first */
  EB_TOKEN_ERROR_KEY_NOT_FOUND,      /* no private key with the certificate's id */
} EbTokenError;

/**
 * EbTokenKeyFunc:
 * @key: the card's private key (libp11); valid only during the call
 * @certificate: its certificate
 *
 * Runs on the token manager's worker thread, the only thread that may use
 * @key: sign with it there (PKCS#1 v1.5) and return the bytes.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
typedef GBytes *(*EbTokenKeyFunc) (EVP_PKEY      *key,
                                   X509          *certificate,
                                   gpointer       user_data,
                                   GCancellable  *cancellable,
                                   GError       **error);

#define EB_TYPE_TOKEN_MANAGER (eb_token_manager_get_type ())

G_DECLARE_FINAL_TYPE (EbTokenManager, eb_token_manager, EB, TOKEN_MANAGER, GObject)

GQuark          eb_token_error_quark                (void);

EbTokenManager *eb_token_manager_new                (void);
void            eb_token_manager_set_search_paths   (EbTokenManager             *self,
                                                     const EbPkcs11SearchPaths  *paths);

void            eb_token_manager_load_async         (EbTokenManager             *self,
                                                     const char                 *user_module,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
gboolean        eb_token_manager_load_finish        (EbTokenManager             *self,
                                                     GAsyncResult               *result,
                                                     GError                    **error);
void            eb_token_manager_unload             (EbTokenManager             *self);
void            eb_token_manager_set_practice_card  (EbTokenManager             *self,
                                                     EbPracticeCard             *card);

gboolean        eb_token_manager_get_loaded         (EbTokenManager             *self);
const char     *eb_token_manager_get_module_path    (EbTokenManager             *self);
const char     *eb_token_manager_get_module_description (EbTokenManager         *self);
GPtrArray      *eb_token_manager_get_module_attempts (EbTokenManager            *self);
GListModel     *eb_token_manager_get_tokens         (EbTokenManager             *self);

void            eb_token_manager_refresh_async      (EbTokenManager             *self,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
gboolean        eb_token_manager_refresh_finish     (EbTokenManager             *self,
                                                     GAsyncResult               *result,
                                                     GError                    **error);

void            eb_token_manager_login_async        (EbTokenManager             *self,
                                                     EbToken                    *token,
                                                     EbSecret                   *pin,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
gboolean        eb_token_manager_login_finish       (EbTokenManager             *self,
                                                     GAsyncResult               *result,
                                                     GError                    **error);

void            eb_token_manager_logout_async       (EbTokenManager             *self,
                                                     EbToken                    *token,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
gboolean        eb_token_manager_logout_finish      (EbTokenManager             *self,
                                                     GAsyncResult               *result,
                                                     GError                    **error);

void            eb_token_manager_run_with_key_async (EbTokenManager             *self,
                                                     EbToken                    *token,
                                                     EbTokenCertificate         *certificate,
                                                     EbTokenKeyFunc              func,
                                                     gpointer                    func_data,
                                                     GDestroyNotify              func_data_destroy,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
GBytes         *eb_token_manager_run_with_key_finish (EbTokenManager            *self,
                                                     GAsyncResult               *result,
                                                     GError                    **error);

G_END_DECLS
