/* fuzz-pdf-parser.c — libFuzzer target: the PDF reader, the portal's upload
 * check and the signer's look at the document, on hostile bytes
 *
 * Built with -Dfuzzing=true (clang). fuzz-seeds links the same entry point
 * to replay its corpus in ordinary builds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "eb-pdf-parser.h"
#include "eb-pdf-writer.h"
#include "eb-signature-verifier.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* What eb_pades_sign() reads and writes before the key is needed. */
static void
plan_update (EbPdfDocument *doc)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(EbPdfObject) catalog_copy = NULL;
  const EbPdfObject *catalog, *page, *form, *fields, *annots;
  guint num, gen;

  catalog = eb_pdf_document_get_catalog (doc, &num, &gen, NULL);
  if (catalog == NULL)
    return;
  form = eb_pdf_document_resolve (doc, eb_pdf_dict_get (catalog, "AcroForm"), NULL);
  fields = form != NULL ? eb_pdf_document_resolve (doc, eb_pdf_dict_get (form, "Fields"), NULL) : NULL;
  catalog_copy = eb_pdf_object_copy (catalog);
  if (fields != NULL && fields->type == EB_PDF_ARRAY)
    eb_pdf_dict_take (catalog_copy, "Fields", eb_pdf_object_copy (fields));
  eb_pdf_object_write (catalog_copy, out, NULL, NULL);

  for (guint i = 0; i < 3; i++)
    {
      page = eb_pdf_document_get_page (doc, i, &num, &gen, NULL);
      if (page == NULL)
        break;
      annots = eb_pdf_document_resolve (doc, eb_pdf_dict_get (page, "Annots"), NULL);
      if (annots != NULL)
        eb_pdf_object_write (annots, out, NULL, NULL);
      eb_pdf_object_write (page, out, NULL, NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (bytes, NULL);
  g_autoptr(GBytes) issued = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 24, 12, 0, 0);
  g_autoptr(EbPdfObject) single = eb_pdf_parse_object (data, size, NULL);
  EbSignerInfo *signer = NULL;

  if (single != NULL)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      eb_pdf_object_write (single, out, NULL, NULL);
    }

  if (doc != NULL)
    {
      g_autoptr(GArray) newest = eb_pdf_document_get_newest_objects (doc);

      for (guint i = 0; i < newest->len && i < 64; i++)
        {
          const EbPdfObject *object = eb_pdf_document_get_object (doc, g_array_index (newest, guint, i),
                                                                  NULL);
          if (object != NULL)
            {
              g_autoptr(GString) out = g_string_new (NULL);

              eb_pdf_object_write (object, out, NULL, NULL);
            }
        }
      plan_update (doc);
    }

  /* The upload check, with the first revision as what was "issued". */
  if (doc != NULL && eb_pdf_document_get_n_revisions (doc) >= 2)
    issued = g_bytes_new_from_bytes (bytes, 0, eb_pdf_document_get_revision_end (doc, 0));
  else
    issued = g_bytes_new_static ("%PDF-1.4\n", 9);
  eb_signature_verify_document (issued, bytes, "/nonexistent", "12345678950", now,
                                    &signer, NULL);
  eb_signer_info_free (signer);
  return 0;
}
