/* eb-document-page.h — Yöntem 1: the issued form, to print and save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_DOCUMENT_PAGE (eb_document_page_get_type ())

G_DECLARE_FINAL_TYPE (EbDocumentPage, eb_document_page, EB, DOCUMENT_PAGE, EbPage)

GBytes  *eb_document_page_get_document     (EbDocumentPage *self);
gboolean eb_document_page_get_printed      (EbDocumentPage *self);

G_END_DECLS
