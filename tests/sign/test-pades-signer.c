/* test-pades-signer.c — PAdES without a card: the issued form signed with a
 * key file from the test PKI, checked by our reader, openssl cms -verify,
 * qpdf --check and pdfsig; and what the signer refuses before it signs
 *
 * The card's code path (token manager, PIN, one operation per document,
 * card pulled) is tests/card/test-pades-signer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/pem.h>

#include "eb-cades-signer.h"
#include "eb-form-document.h"
#include "eb-pades-signer.h"
#include "eb-pdf-parser.h"
#include "eb-test-form.h"
#include "eb-test-pki.h"
#include "eb-test-tool.h"

static EbTestPki *pki;
static char *work_dir;
static char *nss_dir;

/* Tests */

static void
test_sign_with_key_file (void)
{
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  EbPadesAppearance appearance = { "AYŞE YILMAZ", "12345678950", now };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(EbPdfDocument) doc = NULL;
  g_autoptr(GArray) newest = NULL;
  g_autofree char *dir = g_build_filename (work_dir, "key-file", NULL);
  g_autofree char *path = g_build_filename (dir, "imzali.pdf", NULL);
  g_autofree char *content_path = g_build_filename (dir, "content.bin", NULL);
  g_autofree char *cms_path = g_build_filename (dir, "cms.der", NULL);
  g_autofree char *chain = eb_test_pki_get (pki, "pki", "chain");
  g_autofree char *nss_arg = g_strconcat ("sql:", nss_dir, NULL);
  const EbPdfObject *sig = NULL;
  EVP_PKEY *key = eb_test_pki_load_key (pki, "valid");
  X509 *cert = eb_test_pki_load_cert (pki, "valid");
  EbPdfRect box;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  eb_form_document_get_signature_box (&box);
  signed_pdf = eb_pades_sign (pdf, key, cert, NULL, &box, &appearance, &error);
  g_assert_no_error (error);
  eb_test_tool_write_file (path, g_bytes_get_data (signed_pdf, NULL), g_bytes_get_size (signed_pdf));

  /* The issued bytes first; one more revision with one signature over
   * everything but its /Contents. */
  g_assert_cmpmem (g_bytes_get_data (signed_pdf, NULL), g_bytes_get_size (pdf),
                   g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  doc = eb_pdf_document_new (signed_pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_document_get_n_revisions (doc), ==, 2);
  newest = eb_pdf_document_get_newest_objects (doc);
  for (guint i = 0; i < newest->len; i++)
    {
      const EbPdfObject *object = eb_pdf_document_get_object (doc, g_array_index (newest, guint, i),
                                                              &error);

      g_assert_no_error (error);
      if (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Type"), "Sig"))
        sig = object;
    }
  g_assert_nonnull (sig);
  {
    const EbPdfObject *range = eb_pdf_dict_get (sig, "ByteRange");
    const EbPdfObject *contents = eb_pdf_dict_get (sig, "Contents");
    const guint8 *data = g_bytes_get_data (signed_pdf, NULL);
    g_autoptr(GByteArray) content = g_byte_array_new ();
    gsize cms_len;
    const guint8 *cms = g_bytes_get_data (contents->data, &cms_len);
    const char *argv[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER",
                           "-in", cms_path, "-content", content_path, "-CAfile", chain,
                           "-purpose", "any", "-out", "/dev/null", NULL };

    g_assert_cmpint (eb_pdf_array_get (range, 0)->integer, ==, 0);
    g_assert_cmpint (eb_pdf_array_get (range, 1)->integer, ==, contents->start);
    g_assert_cmpint (eb_pdf_array_get (range, 2)->integer, ==, contents->end);
    g_assert_cmpint (eb_pdf_array_get (range, 2)->integer + eb_pdf_array_get (range, 3)->integer,
                     ==, g_bytes_get_size (signed_pdf));
    g_assert_cmpuint (cms_len, ==, EB_PADES_CONTENTS_SIZE);
    g_byte_array_append (content, data, eb_pdf_array_get (range, 1)->integer);
    g_byte_array_append (content, data + eb_pdf_array_get (range, 2)->integer,
                         eb_pdf_array_get (range, 3)->integer);
    eb_test_tool_write_file (content_path, content->data, content->len);
    while (cms_len > 0 && cms[cms_len - 1] == 0)
      cms_len--;
    eb_test_tool_write_file (cms_path, cms, cms_len);
    eb_test_tool_run_ok (argv);
  }
  {
    const char *check[] = { "qpdf", "--check", path, NULL };
    const char *verify[] = { "pdfsig", "-nssdir", nss_arg, path, NULL };
    g_autofree char *out = NULL;
    int status;

    eb_test_tool_run_ok (check);
    out = eb_test_tool_run (verify, &status);
    g_test_message ("pdfsig:\n%s", out);
    g_assert_nonnull (strstr (out, "Signature is Valid"));
    g_assert_nonnull (strstr (out, "Total document signed"));
  }

  EVP_PKEY_free (key);
  X509_free (cert);
}

/* A key that is not the certificate's: nothing that looks signed comes out. */
static void
test_wrong_key (void)
{
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  EbPadesAppearance appearance = { "AYŞE YILMAZ", "12345678950", now };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  EVP_PKEY *key = eb_test_pki_load_key (pki, "other-person");
  X509 *cert = eb_test_pki_load_cert (pki, "valid");
  EbPdfRect box;

  eb_form_document_get_signature_box (&box);
  out = eb_pades_sign (pdf, key, cert, NULL, &box, &appearance, &error);
  g_assert_error (error, EB_CADES_ERROR, EB_CADES_ERROR_WRONG_SIGNATURE);
  g_assert_null (out);

  EVP_PKEY_free (key);
  X509_free (cert);
}

/* What the reader refuses, before any key operation. */
static void
test_refuses_unsupported (void)
{
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");
  g_autofree char *dir = g_build_filename (work_dir, "unsupported", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.pdf", NULL);
  g_autofree char *objstm = g_build_filename (dir, "objstm.pdf", NULL);
  g_autofree char *encrypted = g_build_filename (dir, "encrypted.pdf", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  EbPadesAppearance appearance = { "AYŞE YILMAZ", "12345678950", now };
  g_autoptr(GError) error = NULL;
  EVP_PKEY *key = eb_test_pki_load_key (pki, "valid");
  X509 *cert = eb_test_pki_load_cert (pki, "valid");
  EbPdfRect box;
  static const struct
  {
    const char *name;
    const char *data;
    int code;
  } bad[] = {
    { "not a PDF", "GIF89a", EB_PADES_ERROR_INVALID_PDF },
    { "header only", "%PDF-1.7\n", EB_PADES_ERROR_INVALID_PDF },
    { "no xref", "%PDF-1.4\n1 0 obj<<>>endobj\nstartxref\n9\n%%EOF\n", EB_PADES_ERROR_INVALID_PDF },
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  eb_form_document_get_signature_box (&box);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i].data, strlen (bad[i].data));
      g_autoptr(GBytes) out = eb_pades_sign (bytes, key, cert, NULL, &box, &appearance, &error);

      g_test_message ("%s: %s", bad[i].name, error != NULL ? error->message : "-");
      g_assert_error (error, EB_PADES_ERROR, bad[i].code);
      g_assert_null (out);
      g_clear_error (&error);
    }

  /* The same form rewritten by qpdf with object streams, and encrypted. */
  eb_test_tool_write_file (plain, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  {
    const char *to_objstm[] = { "qpdf", "--object-streams=generate", plain, objstm, NULL };
    const char *to_encrypted[] = { "qpdf", "--encrypt", "", "owner", "256", "--", plain, encrypted, NULL };
    const char *files[] = { objstm, encrypted };

    eb_test_tool_run_ok (to_objstm);
    eb_test_tool_run_ok (to_encrypted);
    for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autoptr(GMappedFile) file = g_mapped_file_new (files[i], FALSE, &error);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GBytes) out = NULL;

        g_assert_no_error (error);
        bytes = g_mapped_file_get_bytes (file);
        out = eb_pades_sign (bytes, key, cert, NULL, &box, &appearance, &error);
        g_test_message ("%s: %s", files[i], error != NULL ? error->message : "-");
        g_assert_error (error, EB_PADES_ERROR, EB_PADES_ERROR_UNSUPPORTED_PDF);
        g_assert_null (out);
        g_clear_error (&error);
      }
  }

  /* A page the form does not have. */
  {
    EbPdfRect far = box;
    g_autoptr(GBytes) out = NULL;

    far.page = EB_FORM_DOCUMENT_N_PAGES;
    out = eb_pades_sign (pdf, key, cert, NULL, &far, &appearance, &error);
    g_assert_error (error, EB_PADES_ERROR, EB_PADES_ERROR_INVALID_BOX);
    g_assert_null (out);
    g_clear_error (&error);
  }

  /* Signing a signed form again appends a second update. */
  {
    g_autoptr(GBytes) once = eb_pades_sign (pdf, key, cert, NULL, &box, &appearance, &error);
    g_autoptr(GBytes) twice = NULL;
    g_autoptr(EbPdfDocument) doc = NULL;
    g_autofree char *twice_path = g_build_filename (dir, "twice.pdf", NULL);
    g_autofree char *nss_arg = g_strconcat ("sql:", nss_dir, NULL);
    const char *check[] = { "qpdf", "--check", twice_path, NULL };
    const char *verify[] = { "pdfsig", "-nssdir", nss_arg, twice_path, NULL };
    g_autofree char *out = NULL;
    int status;

    g_assert_no_error (error);
    twice = eb_pades_sign (once, key, cert, NULL, &box, &appearance, &error);
    g_assert_no_error (error);
    doc = eb_pdf_document_new (twice, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (eb_pdf_document_get_n_revisions (doc), ==, 3);
    eb_test_tool_write_file (twice_path, g_bytes_get_data (twice, NULL), g_bytes_get_size (twice));
    eb_test_tool_run_ok (check);
    out = eb_test_tool_run (verify, &status);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "Signature #2"));
    g_assert_null (strstr (out, "Signature is Invalid"));
  }

  EVP_PKEY_free (key);
  X509_free (cert);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  pki = eb_test_pki_new (FALSE, &error);
  g_assert_no_error (error);
  work_dir = g_build_filename (eb_test_pki_get_dir (pki), "work", NULL);
  nss_dir = eb_test_pki_make_nss_db (pki);

  g_test_add_func ("/sign/pades/sign-with-key-file", test_sign_with_key_file);
  g_test_add_func ("/sign/pades/wrong-key", test_wrong_key);
  g_test_add_func ("/sign/pades/refuses-unsupported", test_refuses_unsupported);

  status = g_test_run ();

  eb_test_pki_free (pki);
  g_free (work_dir);
  g_free (nss_dir);
  return status;
}
