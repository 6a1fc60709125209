/* fuzz-seeds.c — the seed corpus for fuzz-pdf-parser, from our own generator
 *
 * Usage: fuzz-seeds [--check] DIR
 *
 * Writes into DIR the application form as eb_form_document_render() makes
 * it, the same form signed by eb_pades_sign() (a throw-away key and
 * self-signed certificate), signed twice, and hand-made edge cases. With
 * --check, then replays every file in DIR through the fuzz target: the
 * corpus stays a regression test in ordinary (sanitizer) builds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/x509.h>

#include "eb-form-document.h"
#include "eb-pades-signer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const char * const edge_cases[][2] = {
  { "minimal.pdf",
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    "xref\n0 4\n0000000000 65535 f\r\n0000000009 00000 n\r\n0000000056 00000 n\r\n"
    "0000000111 00000 n\r\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n179\n%%EOF\n" },
  { "prev-loop.pdf",
    "%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer<</Size 1/Root 1 0 R/Prev 9>>\n"
    "startxref\n9\n%%EOF\n" },
  { "xref-stream.pdf",
    "%PDF-1.5\n1 0 obj<</Type/XRef/Size 1/W[1 1 1]/Length 3>>stream\n\x01\x00\x00\nendstream\n"
    "endobj\nstartxref\n9\n%%EOF\n" },
  { "encrypted.pdf",
    "%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer<</Size 1/Root 1 0 R/Encrypt 2 0 R>>\n"
    "startxref\n9\n%%EOF\n" },
  { "deep.pdf",
    "%PDF-1.4\n1 0 obj[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    "endobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\n"
    "trailer<</Size 2/Root 1 0 R>>\nstartxref\n98\n%%EOF\n" },
  { "strings.pdf",
    "%PDF-1.4\n1 0 obj<</A(a\\(b\\)c\\\\\\101\\n)/B<48 65 6c6>/C/N#41me/D -.5/E 1 0 R>>endobj\n"
    "xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\n"
    "trailer<</Size 2/Root 1 0 R>>\nstartxref\n87\n%%EOF\n" },
  { "self-length.pdf",
    "%PDF-1.4\n1 0 obj<</Length 1 0 R>>stream\nabc\nendstream\nendobj\n"
    "xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\n"
    "trailer<</Size 2/Root 1 0 R>>\nstartxref\n66\n%%EOF\n" },
  { "truncated.pdf", "%PDF-1.4\n1 0 obj<</Type/Catalog" },
};

static void
write_seed (const char *dir,
            const char *name,
            const void *data,
            gsize       len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
}

/* A throw-away RSA key with a self-signed certificate carrying a TCKN. */
static X509 *
make_cert (EVP_PKEY **key_out)
{
  EVP_PKEY *key = EVP_RSA_gen (2048);
  X509 *cert = X509_new ();
  X509_NAME *name = X509_NAME_new ();

  X509_set_version (cert, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), 1);
  X509_gmtime_adj (X509_getm_notBefore (cert), 0);
  X509_gmtime_adj (X509_getm_notAfter (cert), 86400);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const guchar *) "FUZZ TOHUM", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "serialNumber", MBSTRING_UTF8, (const guchar *) "12345678950",
                              -1, -1, 0);
  X509_set_subject_name (cert, name);
  X509_set_issuer_name (cert, name);
  X509_set_pubkey (cert, key);
  X509_sign (cert, key, EVP_sha256 ());
  X509_NAME_free (name);
  *key_out = key;
  return cert;
}

static void
write_seeds (const char *dir)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 24, 7, 17, 5);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;
  g_autoptr(GError) error = NULL;
  EbPadesAppearance appearance = { "FUZZ TOHUM", "12345678950", when };
  EbPdfRect box;
  EVP_PKEY *key;
  X509 *cert = make_cert (&key);

  eb_application_form_set_text (form, EB_FIELD_TCKN, "12345678950");
  eb_application_form_set_text (form, EB_FIELD_FIRST_NAME, "ÇAĞRI");
  eb_application_form_set_text (form, EB_FIELD_LAST_NAME, "IŞIK");
  pdf = eb_form_document_render (form, "2026-000001", EB_FORM_DOCUMENT_METHOD_ESIGN, when, &error);
  if (pdf == NULL)
    g_error ("%s", error->message);
  eb_form_document_get_signature_box (&box);
  once = eb_pades_sign (pdf, key, cert, NULL, &box, &appearance, &error);
  if (once == NULL)
    g_error ("%s", error->message);
  twice = eb_pades_sign (once, key, cert, NULL, &box, &appearance, &error);
  if (twice == NULL)
    g_error ("%s", error->message);

  write_seed (dir, "form.pdf", g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  write_seed (dir, "form-signed.pdf", g_bytes_get_data (once, NULL), g_bytes_get_size (once));
  write_seed (dir, "form-signed-twice.pdf", g_bytes_get_data (twice, NULL), g_bytes_get_size (twice));
  for (gsize i = 0; i < G_N_ELEMENTS (edge_cases); i++)
    write_seed (dir, edge_cases[i][0], edge_cases[i][1], strlen (edge_cases[i][1]));

  EVP_PKEY_free (key);
  X509_free (cert);
}

static guint
replay (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      n++;
    }
  return n;
}

int
main (int   argc,
      char *argv[])
{
  gboolean check = argc == 3 && g_str_equal (argv[1], "--check");
  const char *dir = argv[argc - 1];

  setlocale (LC_ALL, "");
  if (argc != 2 && !check)
    {
      g_printerr ("usage: %s [--check] DIR\n", argv[0]);
      return 2;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_printerr ("%s: cannot create %s\n", argv[0], dir);
      return 1;
    }

  write_seeds (dir);
  if (check)
    g_print ("1..1\nok 1 - replayed %u seeds from %s\n", replay (dir), dir);
  return 0;
}
