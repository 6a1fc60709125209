/* test-pdf-parser.c — the strict PDF reader: syntax, revisions, page tree,
 * and the hostile inputs it must refuse without crashing or spinning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "eb-pdf-parser.h"
#include "eb-pdf-writer.h"

/* A PDF from object bodies ("<<…>>"), numbered from 1, with a correct
 * classic xref table; @trailer_extra goes into the trailer. */
static GBytes *
build_pdf (const char * const *objects,
           const char         *trailer_extra)
{
  GString *out = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n = g_strv_length ((char **) objects);
  gsize xref;

  for (guint i = 0; i < n; i++)
    {
      gsize at = out->len;

      g_array_append_val (offsets, at);
      g_string_append_printf (out, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = out->len;
  g_string_append_printf (out, "xref\n0 %u\n0000000000 65535 f\r\n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%010" G_GSIZE_FORMAT " 00000 n\r\n",
                            g_array_index (offsets, gsize, i));
  g_string_append_printf (out, "trailer\n<</Size %u/Root 1 0 R%s>>\nstartxref\n%" G_GSIZE_FORMAT
                          "\n%%%%EOF\n", n + 1, trailer_extra ? trailer_extra : "", xref);
  return g_string_free_to_bytes (out);
}

static const char * const simple[] = {
  "<</Type/Catalog/Pages 2 0 R>>",
  "<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>",
  "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.2756 841.89]>>",
  "<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]/Annots[]>>",
  NULL,
};

static void
assert_fails (GBytes *bytes,
              int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (bytes, &error);

  if (doc != NULL)
    {
      /* Some damage only shows when the objects are read. */
      g_assert_null (eb_pdf_document_get_page (doc, 0, NULL, NULL, &error));
    }
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, EB_PDF_ERROR, code);
}

static void
test_document (void)
{
  g_autoptr(GBytes) bytes = build_pdf (simple, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (bytes, &error);
  const EbPdfObject *page, *box;
  guint num, gen;

  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_document_get_size (doc), ==, 5);
  g_assert_cmpuint (eb_pdf_document_get_n_revisions (doc), ==, 1);
  g_assert_cmpuint (eb_pdf_document_get_revision_end (doc, 0), ==, g_bytes_get_size (bytes));

  page = eb_pdf_document_get_page (doc, 1, &num, &gen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (num, ==, 4);
  g_assert_cmpuint (gen, ==, 0);
  g_assert_nonnull (eb_pdf_dict_get (page, "Annots"));
  page = eb_pdf_document_get_page (doc, 0, &num, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (num, ==, 3);
  box = eb_pdf_dict_get (page, "MediaBox");
  g_assert_cmpuint (eb_pdf_array_get_length (box), ==, 4);
  g_assert_cmpint (eb_pdf_array_get (box, 2)->type, ==, EB_PDF_REAL);
  g_assert_cmpfloat_with_epsilon (eb_pdf_array_get (box, 2)->real, 595.2756, 1e-9);

  g_assert_null (eb_pdf_document_get_page (doc, 2, NULL, NULL, &error));
  g_assert_error (error, EB_PDF_ERROR, EB_PDF_ERROR_MALFORMED);
}

static void
test_values (void)
{
  static const char text[] = "<</A(a\\(b\\)c\\\\\\101\\n(nested))/B<48 65 6c6>/C/N#41me#20x"
                             "/D -.5/E 7 0 R/F[true false null 12]/G<<>>>>";
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPdfObject) object = eb_pdf_parse_object ((const guint8 *) text, strlen (text),
                                                       &error);
  g_autoptr(EbPdfObject) again = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) out_again = g_string_new (NULL);
  const EbPdfObject *value;
  gsize len;
  const char *data;

  g_assert_no_error (error);
  value = eb_pdf_dict_get (object, "A");
  data = g_bytes_get_data (value->data, &len);
  g_assert_cmpmem (data, len, "a(b)c\\A\n(nested)", 16);
  value = eb_pdf_dict_get (object, "B");
  g_assert_true (value->hex);
  data = g_bytes_get_data (value->data, &len);
  g_assert_cmpmem (data, len, "Hel`", 4);
  g_assert_true (eb_pdf_object_is_name (eb_pdf_dict_get (object, "C"), "NAme x"));
  g_assert_cmpfloat (eb_pdf_dict_get (object, "D")->real, ==, -0.5);
  value = eb_pdf_dict_get (object, "E");
  g_assert_cmpint (value->type, ==, EB_PDF_REF);
  g_assert_cmpint (value->integer, ==, 7);
  g_assert_cmpuint (eb_pdf_array_get_length (eb_pdf_dict_get (object, "F")), ==, 4);

  /* What we write reads back the same. */
  eb_pdf_object_write (object, out, NULL, NULL);
  again = eb_pdf_parse_object ((const guint8 *) out->str, out->len, &error);
  g_assert_no_error (error);
  eb_pdf_object_write (again, out_again, NULL, NULL);
  g_assert_cmpstr (out->str, ==, out_again->str);

  /* Text strings: ASCII as is, Turkish as UTF-16BE. */
  {
    g_autoptr(EbPdfObject) ascii = eb_pdf_object_new_text ("Imza1");
    g_autoptr(EbPdfObject) turkish = eb_pdf_object_new_text ("İ");

    g_assert_false (ascii->hex);
    data = g_bytes_get_data (turkish->data, &len);
    g_assert_cmpmem (data, len, "\xfe\xff\x01\x30", 4);
  }
}

static void
test_revisions (void)
{
  g_autoptr(GBytes) base = build_pdf (simple, "/ID[<01><02>]");
  g_autoptr(GString) update = g_string_new_len (g_bytes_get_data (base, NULL),
                                                g_bytes_get_size (base));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EbPdfDocument) doc = NULL;
  g_autoptr(EbPdfDocument) base_doc = eb_pdf_document_new (base, NULL);
  g_autoptr(GArray) newest = NULL;
  g_autoptr(GError) error = NULL;
  gsize at = update->len, xref;

  g_string_append (update, "3 0 obj\n<</Type/Page/Parent 2 0 R/Rotate 90>>\nendobj\n");
  xref = update->len;
  g_string_append_printf (update, "xref\n3 1\n%010" G_GSIZE_FORMAT " 00000 n\r\n"
                          "trailer\n<</Size 5/Root 1 0 R/Prev %" G_GSIZE_FORMAT ">>\n"
                          "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          at, eb_pdf_document_get_startxref (base_doc), xref);
  bytes = g_bytes_new (update->str, update->len);

  doc = eb_pdf_document_new (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_document_get_n_revisions (doc), ==, 2);
  g_assert_cmpuint (eb_pdf_document_get_revision_end (doc, 0), ==, g_bytes_get_size (base));
  newest = eb_pdf_document_get_newest_objects (doc);
  g_assert_cmpuint (newest->len, ==, 1);
  g_assert_cmpuint (g_array_index (newest, guint, 0), ==, 3);
  /* The newer version wins; the rest comes from the first revision. */
  g_assert_nonnull (eb_pdf_dict_get (eb_pdf_document_get_page (doc, 0, NULL, NULL, &error),
                                     "Rotate"));
  g_assert_nonnull (eb_pdf_dict_get (eb_pdf_document_get_page (doc, 1, NULL, NULL, &error),
                                     "Annots"));
  g_assert_no_error (error);
}

static void
test_hostile (void)
{
  g_autoptr(GBytes) good = build_pdf (simple, NULL);
  g_autoptr(GString) deep = g_string_new (NULL);

  /* Not a PDF, cut short, no end marker. */
  {
    g_autoptr(GBytes) gif = g_bytes_new_static ("GIF89a", 6);
    g_autoptr(GBytes) half = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

    assert_fails (gif, EB_PDF_ERROR_NOT_PDF);
    assert_fails (empty, EB_PDF_ERROR_NOT_PDF);
    assert_fails (half, EB_PDF_ERROR_TRUNCATED);
  }

  /* Nesting beyond the limit. */
  for (int i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  {
    const char *objects[] = { "<</Type/Catalog/Pages 2 0 R>>", deep->str, NULL };
    g_autoptr(GBytes) bytes = build_pdf (objects, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (bytes, &error);

    g_assert_no_error (error);
    g_assert_null (eb_pdf_document_get_object (doc, 2, &error));
    g_assert_error (error, EB_PDF_ERROR, EB_PDF_ERROR_MALFORMED);
  }

  /* A page tree that points at itself, and a reference to itself. */
  {
    const char *objects[] = { "<</Type/Catalog/Pages 2 0 R>>",
                              "<</Type/Pages/Kids[2 0 R]/Count 1>>", NULL };
    const char *self[] = { "<</Type/Catalog/Pages 2 0 R>>", "2 0 R", NULL };
    g_autoptr(GBytes) loop = build_pdf (objects, NULL);
    g_autoptr(GBytes) self_ref = build_pdf (self, NULL);

    assert_fails (loop, EB_PDF_ERROR_MALFORMED);
    assert_fails (self_ref, EB_PDF_ERROR_MALFORMED);
  }

  /* A stream whose /Length is itself: read up to endstream instead. */
  {
    const char *objects[] = { "<</Type/Catalog/Pages 2 0 R>>",
                              "<</Length 2 0 R>>stream\nabc\nendstream", NULL };
    g_autoptr(GBytes) bytes = build_pdf (objects, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (bytes, &error);
    const EbPdfObject *stream;

    g_assert_no_error (error);
    stream = eb_pdf_document_get_object (doc, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (stream->type, ==, EB_PDF_STREAM);
    g_assert_cmpuint (g_bytes_get_size (stream->data), ==, 3);
  }

  /* Duplicate keys: a signer and a verifier could read different values. */
  {
    const char *objects[] = { "<</Type/Catalog/Pages 2 0 R/Pages 3 0 R>>", NULL };
    g_autoptr(GBytes) bytes = build_pdf (objects, NULL);

    assert_fails (bytes, EB_PDF_ERROR_MALFORMED);
  }

  /* Encrypted, a trailer with two /Size, /Prev at no xref, /Prev at itself. */
  {
    g_autoptr(GBytes) encrypted = build_pdf (simple, "/Encrypt 9 0 R");
    g_autoptr(GBytes) two_sizes = build_pdf (simple, "/Size 99999999");
    g_autoptr(GBytes) probe = build_pdf (simple, "/Prev 0");

    assert_fails (encrypted, EB_PDF_ERROR_UNSUPPORTED);
    assert_fails (two_sizes, EB_PDF_ERROR_MALFORMED);
    assert_fails (probe, EB_PDF_ERROR_MALFORMED);
    {
      /* The same length as the good file: startxref is the same offset. */
      g_autoptr(EbPdfDocument) doc = eb_pdf_document_new (good, NULL);
      g_autofree char *self = g_strdup_printf ("/Prev %" G_GSIZE_FORMAT,
                                               eb_pdf_document_get_startxref (doc));
      g_autoptr(GBytes) looped = build_pdf (simple, self);

      assert_fails (looped, EB_PDF_ERROR_MALFORMED);
    }
  }

  /* Cross-reference streams are named as such. */
  {
    static const char xref_stream[] =
      "%PDF-1.5\n1 0 obj<</Type/XRef/Size 2/Root 1 0 R/W[1 1 1]/Length 3>>stream\n"
      "\x01\x00\x00\nendstream\nendobj\nstartxref\n9\n%%EOF\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (xref_stream, sizeof xref_stream - 1);

    assert_fails (bytes, EB_PDF_ERROR_UNSUPPORTED);
  }

  /* startxref past the end: cut short. */
  {
    static const char beyond[] = "%PDF-1.4\nstartxref\n99999\n%%EOF\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (beyond, sizeof beyond - 1);

    assert_fails (bytes, EB_PDF_ERROR_TRUNCATED);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf-parser/document", test_document);
  g_test_add_func ("/pdf-parser/values", test_values);
  g_test_add_func ("/pdf-parser/revisions", test_revisions);
  g_test_add_func ("/pdf-parser/hostile", test_hostile);

  return g_test_run ();
}
