/* test-signature-verifier.c — the portal's check of an e-signed form upload
 *
 * Forms are signed in-process with the test PKI's keys (the card's code
 * path is tests/card/test-pades-signer.c); each way an upload can be wrong
 * must give its own error code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/pem.h>

#include "eb-form-document.h"
#include "eb-pades-signer.h"
#include "eb-signature-verifier.h"
#include "eb-test-form.h"
#include "eb-test-pki.h"
#include "eb-test-tool.h"

#define APPLICANT "12345678950"

static EbTestPki *pki;
static GBytes *issued;
static char *trust_dir;
static char *other_trust_dir;
static char *work_dir;

/* @pdf signed with @person's key from the test PKI, chain included. */
static GBytes *
sign_as (GBytes     *pdf,
         const char *person)
{
  g_autofree char *key_path = eb_test_pki_get_person (pki, person, "key");
  g_autofree char *cert_path = eb_test_pki_get_person (pki, person, "cert");
  g_autofree char *ca_path = eb_test_pki_get (pki, "pki", "ca");
  g_autofree char *name = eb_test_pki_get_person (pki, person, "name");
  g_autofree char *tckn = eb_test_pki_get_person (pki, person, "tckn");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  EbPadesAppearance appearance = { name, tckn, now };
  STACK_OF (X509) *chain = sk_X509_new_null ();
  EbPdfRect box;
  EVP_PKEY *key;
  X509 *cert;
  BIO *bio;
  GBytes *signed_pdf;

  bio = BIO_new_file (key_path, "r");
  key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  BIO_free (bio);
  bio = BIO_new_file (cert_path, "r");
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  BIO_free (bio);
  bio = BIO_new_file (ca_path, "r");
  sk_X509_push (chain, PEM_read_bio_X509 (bio, NULL, NULL, NULL));
  BIO_free (bio);
  g_assert_nonnull (key);
  g_assert_nonnull (cert);

  eb_form_document_get_signature_box (&box);
  signed_pdf = eb_pades_sign (pdf, key, cert, chain, &box, &appearance, &error);
  g_assert_no_error (error);

  EVP_PKEY_free (key);
  X509_free (cert);
  sk_X509_pop_free (chain, X509_free);
  return signed_pdf;
}

static gboolean
verify (GBytes        *uploaded,
        const char    *anchors,
        EbSignerInfo **signer,
        GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return eb_signature_verify_document (issued, uploaded, anchors, APPLICANT, now,
                                           signer, error);
}

static void
assert_rejected (GBytes     *uploaded,
                 const char *anchors,
                 int         code)
{
  g_autoptr(GError) error = NULL;
  EbSignerInfo *signer = NULL;

  g_assert_false (verify (uploaded, anchors, &signer, &error));
  g_assert_nonnull (error);
  g_test_message ("%d: %s", error->code, error->message);
  g_assert_error (error, EB_SIGNATURE_ERROR, code);
  g_assert_null (signer);
}

/* A copy of @bytes with @len bytes at @offset replaced. */
static GBytes *
patched (GBytes     *bytes,
         gsize       offset,
         const char *with,
         gsize       len)
{
  gsize size = g_bytes_get_size (bytes);
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);

  g_assert_cmpuint (offset + len, <=, size);
  memcpy (copy + offset, with, len);
  return g_bytes_new_take (copy, size);
}

/* Where @needle first is in @bytes at or after @from. */
static gsize
find (GBytes     *bytes,
      gsize       from,
      const char *needle)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const guint8 *hit = memmem (data + from, size - from, needle, strlen (needle));

  g_assert_nonnull (hit);
  return hit - data;
}

/* Tests */

static void
test_accepts_valid (void)
{
  g_autoptr(GBytes) uploaded = sign_as (issued, "valid");
  g_autoptr(EbSignerInfo) signer = NULL;
  g_autoptr(GError) error = NULL;

  verify (uploaded, trust_dir, &signer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signer->tckn, ==, APPLICANT);
  g_assert_cmpstr (signer->subject_name, ==, "AYŞE YILMAZ");
  g_assert_nonnull (signer->serial_hex);
  g_assert_nonnull (signer->not_after);
  g_assert_nonnull (signer->signing_time);
  g_assert_cmpint (ABS (g_date_time_to_unix (signer->signing_time) - g_get_real_time () / G_USEC_PER_SEC), <, 600);
}

/* In its last 30 days the certificate is still valid: accepted. */
static void
test_accepts_expiring (void)
{
  g_autoptr(GBytes) uploaded = sign_as (issued, "expiring");
  g_autoptr(EbSignerInfo) signer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (verify (uploaded, trust_dir, &signer, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (signer->tckn, ==, APPLICANT);
}

static void
test_rejects_certificates (void)
{
  g_autoptr(GBytes) expired = sign_as (issued, "expired");
  g_autoptr(GBytes) other = sign_as (issued, "other-person");
  g_autoptr(GBytes) no_nr = sign_as (issued, "no-nonrepudiation");
  g_autoptr(GBytes) valid = sign_as (issued, "valid");

  assert_rejected (expired, trust_dir, EB_SIGNATURE_ERROR_CERT_NOT_VALID);
  assert_rejected (other, trust_dir, EB_SIGNATURE_ERROR_TCKN_MISMATCH);
  assert_rejected (no_nr, trust_dir, EB_SIGNATURE_ERROR_NO_NON_REPUDIATION);
  assert_rejected (valid, other_trust_dir, EB_SIGNATURE_ERROR_UNTRUSTED_CHAIN);
  assert_rejected (valid, work_dir /* no anchors at all */, EB_SIGNATURE_ERROR_UNTRUSTED_CHAIN);
}

static void
test_rejects_changes (void)
{
  g_autoptr(GBytes) valid = sign_as (issued, "valid");
  gsize issued_len = g_bytes_get_size (issued);
  gsize size = g_bytes_get_size (valid);
  const guint8 *data = g_bytes_get_data (valid, NULL);

  /* One byte of the issued form changed (inside its first revision). */
  {
    char c = data[issued_len / 2] ^ 0x01;
    g_autoptr(GBytes) changed = patched (valid, issued_len / 2, &c, 1);

    assert_rejected (changed, trust_dir, EB_SIGNATURE_ERROR_NOT_ISSUED_DOCUMENT);
  }
  /* The issued form alone, and another form signed. */
  assert_rejected (issued, trust_dir, EB_SIGNATURE_ERROR_NOT_ISSUED_DOCUMENT);

  /* A signed byte of the update changed: the signing time. */
  {
    gsize at = find (valid, issued_len, "/M(D:") + 6;
    char c = data[at] == '1' ? '2' : '1';
    g_autoptr(GBytes) changed = patched (valid, at, &c, 1);

    assert_rejected (changed, trust_dir, EB_SIGNATURE_ERROR_DIGEST_MISMATCH);
  }

  /* The signature value itself changed (near the end of the CMS). */
  {
    gsize start = find (valid, issued_len, "/Contents <") + 11;
    gsize end = start;
    char c;
    g_autoptr(GBytes) changed = NULL;

    end = find (valid, start, "0000000000000000");
    c = data[end - 8] == 'A' ? 'B' : 'A';
    changed = patched (valid, end - 8, &c, 1);
    assert_rejected (changed, trust_dir, EB_SIGNATURE_ERROR_SIGNATURE_INVALID);

    /* All of the CMS gone: zeros. */
    {
      g_autofree char *zeros = g_strnfill (end - start, '0');
      g_autoptr(GBytes) empty = patched (valid, start, zeros, end - start);

      assert_rejected (empty, trust_dir, EB_SIGNATURE_ERROR_CMS_MALFORMED);
    }
  }

  /* /ByteRange leaving out the last byte. */
  {
    gsize at = find (valid, issued_len, "/ByteRange ") + 11;
    gsize close = find (valid, at, "]");
    g_autofree char *text = g_strndup ((const char *) data + at, close + 1 - at);
    gsize a, b, c;
    g_autofree char *range = NULL;
    g_autoptr(GBytes) changed = NULL;

    g_assert_cmpint (sscanf (text, "[0 %zu %zu %zu]", &a, &b, &c), ==, 3);
    g_assert_cmpuint (b + c, ==, size);
    range = g_strdup_printf ("[0 %zu %zu %zu", a, b, c - 1);
    range = g_realloc (range, strlen (text) + 1);
    memset (range + strlen (range), ' ', strlen (text) - strlen (range));
    range[strlen (text) - 1] = ']';
    range[strlen (text)] = '\0';
    changed = patched (valid, at, range, strlen (range));
    assert_rejected (changed, trust_dir, EB_SIGNATURE_ERROR_BYTE_RANGE);
  }

  /* No signature dictionary in the update. */
  {
    gsize at = find (valid, issued_len, "/Type/Sig");
    gsize br = find (valid, issued_len, "/ByteRange");
    g_autoptr(GBytes) step = patched (valid, at, "/Type/Sih", 9);
    g_autoptr(GBytes) changed = patched (step, br, "/ByteRangX", 10);

    assert_rejected (changed, trust_dir, EB_SIGNATURE_ERROR_NO_SIGNATURE);
  }
}

static void
test_rejects_files (void)
{
  g_autoptr(GBytes) valid = sign_as (issued, "valid");
  g_autofree char *plain = g_build_filename (work_dir, "signed.pdf", NULL);
  g_autofree char *objstm = g_build_filename (work_dir, "objstm.pdf", NULL);
  g_autofree char *encrypted = g_build_filename (work_dir, "encrypted.pdf", NULL);
  g_autoptr(GError) error = NULL;
  static const char *not_pdfs[] = {
    "",
    "GIF89a",
    "<html><body>%PDF-</body></html>",
    "PK\x03\x04",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (not_pdfs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (not_pdfs[i], strlen (not_pdfs[i]));

      assert_rejected (bytes, trust_dir, i == 2 ? EB_SIGNATURE_ERROR_TRUNCATED
                                                : EB_SIGNATURE_ERROR_NOT_PDF);
    }

  /* Cut short: half the file, and all but the last bytes. */
  {
    g_autoptr(GBytes) half = g_bytes_new_from_bytes (valid, 0, g_bytes_get_size (valid) / 2);
    g_autoptr(GBytes) most = g_bytes_new_from_bytes (valid, 0, g_bytes_get_size (valid) - 7);

    assert_rejected (half, trust_dir, EB_SIGNATURE_ERROR_TRUNCATED);
    assert_rejected (most, trust_dir, EB_SIGNATURE_ERROR_TRUNCATED);
  }

  /* Rewritten with object streams, and encrypted: not ours to read. */
  g_file_set_contents (plain, g_bytes_get_data (valid, NULL), g_bytes_get_size (valid), &error);
  g_assert_no_error (error);
  {
    const char *to_objstm[] = { "qpdf", "--object-streams=generate", plain, objstm, NULL };
    const char *to_encrypted[] = { "qpdf", "--encrypt", "", "owner", "256", "--", plain,
                                   encrypted, NULL };
    const char *files[] = { objstm, encrypted };

    eb_test_tool_run_ok (to_objstm);
    eb_test_tool_run_ok (to_encrypted);
    for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autoptr(GMappedFile) file = g_mapped_file_new (files[i], FALSE, &error);
        g_autoptr(GBytes) bytes = NULL;

        g_assert_no_error (error);
        bytes = g_mapped_file_get_bytes (file);
        assert_rejected (bytes, trust_dir, EB_SIGNATURE_ERROR_UNSUPPORTED_PDF);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *other_root = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  pki = eb_test_pki_new (FALSE, &error);
  g_assert_no_error (error);
  work_dir = g_build_filename (eb_test_pki_get_dir (pki), "work", NULL);
  trust_dir = g_build_filename (eb_test_pki_get_dir (pki), "trust", NULL);
  other_trust_dir = g_build_filename (eb_test_pki_get_dir (pki), "other-trust", NULL);
  g_assert_cmpint (g_mkdir_with_parents (work_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (trust_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other_trust_dir, 0700), ==, 0);

  /* The portal trusts the test root; the intermediate comes in the CMS. */
  root = eb_test_pki_get (pki, "pki", "root");
  anchor = g_build_filename (trust_dir, "root.pem", NULL);
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (root, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (anchor, contents, len, NULL));
  }
  /* Another root with the same name: trusted by nobody who matters. */
  other_key = g_build_filename (other_trust_dir, "root.key", NULL);
  other_root = g_build_filename (other_trust_dir, "root.crt", NULL);
  {
    const char *argv_root[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                "-days", "30", "-utf8",
                                "-subj", "/C=TR/O=Test Kamu SM/CN=Test Kök Sertifika Hizmet Sağlayıcısı",
                                "-keyout", other_key, "-out", other_root, NULL };

    eb_test_tool_run_ok (argv_root);
  }

  issued = eb_test_form_render_sample (APPLICANT);

  g_test_add_func ("/sign/verifier/accepts-valid", test_accepts_valid);
  g_test_add_func ("/sign/verifier/accepts-expiring", test_accepts_expiring);
  g_test_add_func ("/sign/verifier/rejects-certificates", test_rejects_certificates);
  g_test_add_func ("/sign/verifier/rejects-changes", test_rejects_changes);
  g_test_add_func ("/sign/verifier/rejects-files", test_rejects_files);

  status = g_test_run ();

  g_bytes_unref (issued);
  eb_test_pki_free (pki);
  g_free (work_dir);
  g_free (trust_dir);
  g_free (other_trust_dir);
  return status;
}
