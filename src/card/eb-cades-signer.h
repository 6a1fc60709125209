/* eb-cades-signer.h — CAdES-BES detached signatures (CMS SignedData)
 *
 * SHA-256 and RSA PKCS#1 v1.5; signed attributes content-type,
 * message-digest and signing-certificate-v2, and no signing-time (PAdES
 * wants the time in the PDF's /M). The signed attributes are built here,
 * not by OpenSSL's CMS_final(), which always adds signing-time; the key is
 * used exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define EB_CADES_DIGEST_LENGTH 32

GBytes *eb_cades_sign_digest (const guint8      digest[EB_CADES_DIGEST_LENGTH],
                              EVP_PKEY         *key,
                              X509             *cert,
                              STACK_OF (X509)  *chain,
                              GError          **error);

G_END_DECLS
