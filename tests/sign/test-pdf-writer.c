/* test-pdf-writer.c — the incremental update: original bytes untouched, new
 * objects and new versions found through the new xref section and /Prev,
 * reserved bytes where the writer said they are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "eb-pdf-parser.h"
#include "eb-pdf-writer.h"

/* A one-page PDF with a classic xref table and a trailer /ID; no newline
 * after %%EOF when @final_newline is FALSE. */
static GBytes *
build_pdf (gboolean final_newline)
{
  static const char * const objects[] = {
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>",
  };
  GString *out = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = out->len;
      g_string_append_printf (out, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = out->len;
  g_string_append_printf (out, "xref\n0 %u\n0000000000 65535 f\r\n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (out, "%010" G_GSIZE_FORMAT " 00000 n\r\n", offsets[i]);
  g_string_append_printf (out, "trailer\n<</Size 4/Root 1 0 R/ID[<00112233><00112233>]>>\n"
                          "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF%s", xref,
                          final_newline ? "\n" : "");
  return g_string_free_to_bytes (out);
}

static void
test_update (void)
{
  g_autoptr(GBytes) original = build_pdf (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (original, &error);
  g_autoptr(EbPdfWriter) writer = NULL;
  g_autoptr(EbPdfObject) page = NULL;
  g_autoptr(EbPdfObject) note = eb_pdf_object_new (EB_PDF_DICT);
  g_autoptr(GByteArray) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EbPdfDocument) updated = NULL;
  const EbPdfObject *object, *trailer, *id;
  g_autofree char *text = NULL;
  guint note_num;
  gsize xref_at;

  g_assert_no_error (error);
  writer = eb_pdf_writer_new (doc);
  note_num = eb_pdf_writer_new_object_number (writer);
  g_assert_cmpuint (note_num, ==, 4);
  g_assert_cmpuint (eb_pdf_writer_new_object_number (writer), ==, 5);

  /* A new object and a new version of the page that points at it. */
  eb_pdf_dict_take (note, "Type", eb_pdf_object_new_name ("Annot"));
  eb_pdf_writer_write_object (writer, note_num, 0, note, NULL, NULL);
  page = eb_pdf_object_copy (eb_pdf_document_get_object (doc, 3, &error));
  g_assert_no_error (error);
  eb_pdf_dict_take (page, "Annots", eb_pdf_object_new (EB_PDF_ARRAY));
  eb_pdf_array_take ((EbPdfObject *) eb_pdf_dict_get (page, "Annots"), eb_pdf_object_new_ref (note_num, 0));
  eb_pdf_writer_write_object (writer, 3, 0, page, NULL, NULL);
  file = eb_pdf_writer_finish (writer);

  /* The original bytes come first, unchanged. */
  g_assert_cmpuint (file->len, >, g_bytes_get_size (original));
  g_assert_cmpmem (file->data, g_bytes_get_size (original),
                   g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  text = g_strndup ((const char *) file->data, file->len);
  /* Rows of consecutive numbers share a subsection; 20 bytes a row. */
  xref_at = strstr (text + g_bytes_get_size (original), "xref\n") - text;
  g_assert_true (g_str_has_prefix (text + xref_at, "xref\n3 2\n"));
  g_assert_cmpuint (strlen ("0000000000 00000 n\r\n"), ==, 20);

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&file));
  updated = eb_pdf_document_new (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_document_get_n_revisions (updated), ==, 2);
  g_assert_cmpuint (eb_pdf_document_get_revision_end (updated, 0), ==, g_bytes_get_size (original));
  g_assert_cmpuint (eb_pdf_document_get_size (updated), ==, 6);
  g_assert_cmpuint (eb_pdf_document_get_startxref (updated), ==, xref_at);

  trailer = eb_pdf_document_get_trailer (updated);
  g_assert_cmpint (eb_pdf_dict_get (trailer, "Prev")->integer, ==, eb_pdf_document_get_startxref (doc));
  g_assert_cmpint (eb_pdf_dict_get (trailer, "Root")->type, ==, EB_PDF_REF);
  g_assert_cmpint (eb_pdf_dict_get (trailer, "Root")->integer, ==, 1);
  /* The document keeps its first /ID; the second names this version. */
  id = eb_pdf_dict_get (trailer, "ID");
  g_assert_cmpuint (eb_pdf_array_get_length (id), ==, 2);
  g_assert_cmpmem (g_bytes_get_data (eb_pdf_array_get (id, 0)->data, NULL),
                   g_bytes_get_size (eb_pdf_array_get (id, 0)->data), "\x00\x11\x22\x33", 4);
  g_assert_cmpuint (g_bytes_get_size (eb_pdf_array_get (id, 1)->data), ==, 16);

  /* Readers see the newest versions. */
  object = eb_pdf_document_get_page (updated, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_array_get_length (eb_pdf_dict_get (object, "Annots")), ==, 1);
  object = eb_pdf_document_get_object (updated, note_num, &error);
  g_assert_no_error (error);
  g_assert_true (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Type"), "Annot"));
  g_assert_cmpuint (object->start, >=, g_bytes_get_size (original));
}

static void
test_reserve (void)
{
  g_autoptr(GBytes) original = build_pdf (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (original, &error);
  g_autoptr(EbPdfWriter) writer = NULL;
  g_autoptr(GByteArray) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EbPdfDocument) updated = NULL;
  const EbPdfObject *object;
  gsize size = g_bytes_get_size (original);
  gsize at, end;
  guint num;

  g_assert_no_error (error);
  writer = eb_pdf_writer_new (doc);
  /* The update starts on a line of its own. */
  g_assert_cmpuint (eb_pdf_writer_tell (writer), ==, size + 1);
  num = eb_pdf_writer_new_object_number (writer);
  eb_pdf_writer_begin_object (writer, num, 0);
  eb_pdf_writer_append (writer, "<</Contents <");
  at = eb_pdf_writer_reserve (writer, 8, '0');
  eb_pdf_writer_append (writer, ">");
  end = eb_pdf_writer_tell (writer);
  eb_pdf_writer_append (writer, ">>");
  eb_pdf_writer_end_object (writer);
  file = eb_pdf_writer_finish (writer);

  g_assert_cmpint (file->data[size], ==, '\n');
  g_assert_cmpmem (file->data + at, 8, "00000000", 8);
  g_assert_cmpint (file->data[at - 1], ==, '<');
  g_assert_cmpint (file->data[end - 1], ==, '>');
  memcpy (file->data + at, "CAFEF00D", 8);

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&file));
  updated = eb_pdf_document_new (bytes, &error);
  g_assert_no_error (error);
  object = eb_pdf_dict_get (eb_pdf_document_get_object (updated, num, &error), "Contents");
  g_assert_no_error (error);
  g_assert_true (object->hex);
  g_assert_cmpuint (object->start, ==, at - 1);
  g_assert_cmpuint (object->end, ==, end);
  g_assert_cmpmem (g_bytes_get_data (object->data, NULL), g_bytes_get_size (object->data),
                   "\xca\xfe\xf0\x0d", 4);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf-writer/update", test_update);
  g_test_add_func ("/pdf-writer/reserve", test_reserve);

  return g_test_run ();
}
