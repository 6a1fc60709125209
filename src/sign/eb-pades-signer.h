/* eb-pades-signer.h — PAdES baseline B-B: an incremental update of a PDF with
 * a visible signature made once by the card
 *
 * eb_pades_sign() is synchronous and meant for the worker callback of
 * eb_token_manager_run_with_key_async() (the only thread that may use the
 * card's key). The original bytes are never changed; the signature and its
 * field are appended. eb_pades_write_atomically() then saves the result so
 * that a failure at any point leaves no partial file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "eb-form-document.h"

G_BEGIN_DECLS

#define EB_PADES_ERROR (eb_pades_error_quark ())

typedef enum
{
  EB_PADES_ERROR_INVALID_PDF,         /* the PDF to sign is damaged or not a PDF */
  EB_PADES_ERROR_UNSUPPORTED_PDF,     /* encrypted, cross-reference streams… */
  EB_PADES_ERROR_INVALID_BOX,         /* no such page, or the box is empty */
  EB_PADES_ERROR_APPEARANCE,          /* the visible signature could not be drawn */
  EB_PADES_ERROR_SIGNATURE_TOO_LARGE, /* the CMS does not fit the space reserved */
  EB_PADES_ERROR_DISK_FULL,           /* no space left for the signed file */
  EB_PADES_ERROR_WRITE,               /* any other failure to save it */
} EbPadesError;

/* What the visible signature shows. */
typedef struct
{
  const char *name;   /* the holder, as on the certificate */
  const char *tckn;
  GDateTime  *time;   /* shown in the signer's local time, also /M */
} EbPadesAppearance;

/* Space kept in /Contents for the CMS (bytes; twice as many hex digits):
 * the chain, and a signature timestamp added later. */
#define EB_PADES_CONTENTS_SIZE 16384

GQuark   eb_pades_error_quark      (void);

GBytes  *eb_pades_sign             (GBytes                   *pdf,
                                    EVP_PKEY                 *key,
                                    X509                     *cert,
                                    STACK_OF (X509)          *chain,
                                    const EbPdfRect          *box,
                                    const EbPadesAppearance  *appearance,
                                    GError                  **error);
gboolean eb_pades_write_atomically (GBytes                   *signed_pdf,
                                    const char               *path,
                                    GError                  **error);

G_END_DECLS
