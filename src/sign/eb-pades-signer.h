/* eb-pades-signer.h — PAdES baseline B-B: an incremental update of a PDF with
 * a visible signature made once by the card
 *
 * eb_pades_sign() is synchronous and meant for the worker callback of
 * eb_token_manager_run_with_key_async() (the only thread that may use the
 * card's key), or called directly with a key from a file. The original
 * bytes are never changed; the signature and its field are appended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "eb-form-document.h"
#include "eb-pdf-parser.h"

G_BEGIN_DECLS

#define EB_PADES_ERROR (eb_pades_error_quark ())

typedef enum
{
  EB_PADES_ERROR_INVALID_PDF,         /* the PDF to sign is damaged or not a PDF */
  EB_PADES_ERROR_UNSUPPORTED_PDF,     /* encrypted, cross-reference streams… */
  EB_PADES_ERROR_INVALID_BOX,         /* no such page, or the box is empty */
  EB_PADES_ERROR_APPEARANCE,          /* the visible signature could not be drawn */
  EB_PADES_ERROR_SIGNATURE_TOO_LARGE, /* the CMS does not fit the space reserved */
} EbPadesError;

/* Finer than the code, for src/ui's sentences (eb_pades_error_get_detail()). */
typedef enum
{
  EB_PADES_PROBLEM_PDF,              /* the reader's problem: see pdf */
  EB_PADES_PROBLEM_BOX_OFF_PAGE,
  EB_PADES_PROBLEM_PAGE_IS_CATALOG,
  EB_PADES_PROBLEM_DRAWING,          /* cairo failed; text: its status */
  EB_PADES_PROBLEM_LAYOUT,           /* the drawn page is not as expected; pdf if the reader said why */
  EB_PADES_PROBLEM_PAGE_REFERENCE,   /* the drawn resources refer to a page */
  EB_PADES_PROBLEM_TOO_LARGE,        /* number: the CMS's size */
} EbPadesProblem;

typedef struct
{
  EbPadesProblem    problem;
  gboolean          has_pdf;
  EbPdfErrorDetail  pdf;
  guint64           number;
  const char       *text;   /* static English */
} EbPadesErrorDetail;

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
const EbPadesErrorDetail *eb_pades_error_get_detail (const GError *error);

GBytes  *eb_pades_sign             (GBytes                   *pdf,
                                    EVP_PKEY                 *key,
                                    X509                     *cert,
                                    STACK_OF (X509)          *chain,
                                    const EbPdfRect          *box,
                                    const EbPadesAppearance  *appearance,
                                    GError                  **error);

G_END_DECLS
