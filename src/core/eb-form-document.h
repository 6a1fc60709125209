/* eb-form-document.h — the application form as the PDF that is signed and sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-application-form.h"

G_BEGIN_DECLS

#define EB_FORM_DOCUMENT_ERROR (eb_form_document_error_quark ())

typedef enum
{
  EB_FORM_DOCUMENT_ERROR_INVALID_ARGUMENT, /* unknown method, empty application number */
  EB_FORM_DOCUMENT_ERROR_FAILED,           /* cairo or libqrencode could not draw it */
} EbFormDocumentError;

/* Methods as the portal names them. */
#define EB_FORM_DOCUMENT_METHOD_WET   "wet"
#define EB_FORM_DOCUMENT_METHOD_ESIGN "esign"

typedef enum
{
  EB_FORM_DOCUMENT_NONE     = 0,
  EB_FORM_DOCUMENT_PRACTICE = 1 << 0,  /* training mode: every page marked not valid */
} EbFormDocumentFlags;

/* Across every page of a practice form, and in its header line. */
#define EB_FORM_DOCUMENT_PRACTICE_MARK "ALIŞTIRMA — GEÇERSİZ"

/* The document has this many pages: the form, then the instructions. */
#define EB_FORM_DOCUMENT_N_PAGES 2

/* A4 in PDF points. */
#define EB_FORM_DOCUMENT_PAGE_WIDTH  595.275590551
#define EB_FORM_DOCUMENT_PAGE_HEIGHT 841.889763780

/* PDF user space, points, origin bottom-left, page 0-based. */
typedef struct
{
  int    page;
  double x, y, width, height;
} EbPdfRect;

GQuark  eb_form_document_error_quark        (void);

GBytes *eb_form_document_render             (EbApplicationForm  *form,
                                             const char         *application_no,
                                             const char         *method,
                                             GDateTime          *issued_at,
                                             GError            **error);
GBytes *eb_form_document_render_full        (EbApplicationForm  *form,
                                             const char         *application_no,
                                             const char         *method,
                                             GDateTime          *issued_at,
                                             EbFormDocumentFlags flags,
                                             GError            **error);
void    eb_form_document_get_signature_box  (EbPdfRect          *out_box);

G_END_DECLS
