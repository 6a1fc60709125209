/* eb-cades-signer.h — CAdES-BES detached signatures (CMS SignedData)
 *
 * SHA-256 and RSA PKCS#1 v1.5; signed attributes content-type,
 * message-digest and signing-certificate-v2, and no signing-time (PAdES
 * wants the time in the PDF's /M). The signed attributes are built here,
 * not by OpenSSL's CMS_final(), which always adds signing-time; the key is
 * used exactly once. Any EVP_PKEY will do: a file's, or a card's through
 * libp11, which works directly in OpenSSL 3's EVP calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define EB_CADES_DIGEST_LENGTH 32

#define EB_CADES_ERROR (eb_cades_error_quark ())

typedef enum
{
  EB_CADES_ERROR_ENCODING,         /* the certificate could not be DER-encoded into the SignedData */
  EB_CADES_ERROR_KEY,              /* the key did not sign; its provider's error is left in the OpenSSL queue */
  EB_CADES_ERROR_WRONG_SIGNATURE,  /* what the key returned does not verify with the certificate */
} EbCadesError;

GQuark  eb_cades_error_quark (void);

GBytes *eb_cades_sign_digest (const guint8      digest[EB_CADES_DIGEST_LENGTH],
                              EVP_PKEY         *key,
                              X509             *cert,
                              STACK_OF (X509)  *chain,
                              GError          **error);

G_END_DECLS
