/* eb-signature-verifier.h — checking an e-signed form upload (Yöntem 2)
 *
 * The signed revision must begin with exactly the bytes the portal issued,
 * the PAdES signature must cover the whole file but its /Contents, and the
 * signer must be the applicant, with a valid NES chaining to the portal's
 * trust anchors. Safe on hostile input. The portal runs it on every
 * upload and turns its codes into API error codes
 * (eb-portal-handlers-document.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EB_SIGNATURE_ERROR (eb_signature_error_quark ())

typedef enum
{
  EB_SIGNATURE_ERROR_NOT_PDF,
  EB_SIGNATURE_ERROR_TRUNCATED,
  EB_SIGNATURE_ERROR_UNSUPPORTED_PDF,
  EB_SIGNATURE_ERROR_NOT_ISSUED_DOCUMENT,  /* the signed revision does not start with the issued bytes */
  EB_SIGNATURE_ERROR_NO_SIGNATURE,
  EB_SIGNATURE_ERROR_BYTE_RANGE,
  EB_SIGNATURE_ERROR_CMS_MALFORMED,
  EB_SIGNATURE_ERROR_DIGEST_MISMATCH,
  EB_SIGNATURE_ERROR_SIGNATURE_INVALID,
  EB_SIGNATURE_ERROR_UNTRUSTED_CHAIN,
  EB_SIGNATURE_ERROR_CERT_NOT_VALID,
  EB_SIGNATURE_ERROR_NO_NON_REPUDIATION,
  EB_SIGNATURE_ERROR_TCKN_MISMATCH,
  EB_SIGNATURE_ERROR_MALFORMED_PDF,        /* a PDF, but damaged */
} EbSignatureError;

typedef struct
{
  char      *subject_name;
  char      *tckn;
  char      *serial_hex;
  GDateTime *not_after;
  GDateTime *signing_time;  /* the signature's /M, or NULL */
} EbSignerInfo;

GQuark   eb_signature_error_quark         (void);
void     eb_signer_info_free              (EbSignerInfo  *info);
gboolean eb_signature_verify_document (GBytes        *issued,
                                           GBytes        *uploaded,
                                           const char    *trust_anchor_dir,
                                           const char    *expected_tckn,
                                           GDateTime     *now,
                                           EbSignerInfo **out_signer,
                                           GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbSignerInfo, eb_signer_info_free)

G_END_DECLS
