/* test-pades-signer.c — PAdES signing of the issued form with a SoftHSM2
 * token through EbTokenManager (the card's code path), checked by the
 * outside verifiers: pdfsig (with an NSS db trusting the test root),
 * openssl cms -verify, qpdf --check, pdftotext and poppler-glib
 *
 * eb-test-pkcs11-shim counts C_SignInit / C_Sign (one of each per document)
 * and plays the card pulled between login and signature. What needs no
 * card (refused documents, signing twice) is in tests/sign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <poppler.h>

#include "eb-file-util.h"
#include "eb-form-document.h"
#include "eb-pades-signer.h"
#include "eb-pdf-parser.h"
#include "eb-test-async.h"
#include "eb-test-form.h"
#include "eb-test-pki.h"
#include "eb-token-manager.h"
#include "eb-test-tool.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

#define RIGHT_PIN "123456"
#define WRONG_PIN "999999"

static EbTestPki *pki;
static char *work_dir;
static char *nss_dir;
static char *sign_log;
static char *removed_flag;

/* Helpers */

static STACK_OF (X509) *
load_chain (void)
{
  g_autofree char *path = eb_test_pki_get (pki, "pki", "chain");
  STACK_OF (X509) *chain = sk_X509_new_null ();
  BIO *bio = BIO_new_file (path, "r");
  X509 *cert;

  g_assert_nonnull (bio);
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    sk_X509_push (chain, cert);
  BIO_free (bio);
  g_assert_cmpint (sk_X509_num (chain), ==, 2);
  return chain;
}

static void
free_chain (STACK_OF (X509) *chain)
{
  sk_X509_pop_free (chain, X509_free);
}

typedef struct
{
  GBytes          *pdf;
  STACK_OF (X509) *chain;
  EbPdfRect        box;
  GDateTime       *time;
} SignJob;

static void
sign_job_free (SignJob *job)
{
  g_bytes_unref (job->pdf);
  free_chain (job->chain);
  g_date_time_unref (job->time);
  g_free (job);
}

/* On the token manager's worker thread. */
static GBytes *
sign_with_key (EVP_PKEY      *key,
               X509          *certificate,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  SignJob *job = user_data;
  EbPadesAppearance appearance = { "AYŞE YILMAZ", "12345678950", job->time };

  return eb_pades_sign (job->pdf, key, certificate, job->chain, &job->box, &appearance, error);
}

static GBytes *
sign_on_token (EbTokenManager  *manager,
               EbToken         *token,
               GBytes          *pdf,
               GError         **error)
{
  g_autofree char *label = eb_test_pki_get_person (pki, "valid", "label");
  EbTokenCertificate *cert = eb_token_find_certificate (token, label);
  g_autoptr(GAsyncResult) result = NULL;
  SignJob *job = g_new0 (SignJob, 1);

  g_assert_nonnull (cert);
  job->pdf = g_bytes_ref (pdf);
  job->chain = load_chain ();
  job->time = g_date_time_new_now_local ();
  eb_form_document_get_signature_box (&job->box);

  eb_token_manager_run_with_key_async (manager, token, cert, sign_with_key, job,
                                       (GDestroyNotify) sign_job_free, NULL,
                                       eb_test_on_result, &result);
  return eb_token_manager_run_with_key_finish (manager, eb_test_wait_result (&result), error);
}

static EbTokenManager *
manager_with_token (EbToken **token_out)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = g_strdup_printf ("sign-log=%s\nremove-on-sign=%s\n",
                                            sign_log, removed_flag);

  eb_test_pki_write_shim_conf (pki, extra);
  eb_token_manager_load_async (manager, EB_TEST_SHIM_PATH, NULL, eb_test_on_result, &result);
  eb_token_manager_load_finish (manager, eb_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (eb_token_manager_get_tokens (manager)), ==, 1);
  *token_out = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);
  g_object_unref (*token_out);  /* the model keeps it */
  return g_steal_pointer (&manager);
}

static gboolean
login (EbTokenManager  *manager,
       EbToken         *token,
       const char      *pin,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbSecret) secret = eb_secret_new (pin, -1);

  eb_token_manager_login_async (manager, token, secret, NULL, eb_test_on_result, &result);
  g_clear_pointer (&secret, eb_secret_unref);
  return eb_token_manager_login_finish (manager, eb_test_wait_result (&result), error);
}

/* How many times the card was asked to sign since the log was emptied. */
static void
assert_card_operations (guint n)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint inits = 0, signs = 0;

  if (!g_file_get_contents (sign_log, &log, NULL, NULL))
    log = g_strdup ("");
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      inits += g_str_equal (lines[i], "C_SignInit");
      signs += g_str_equal (lines[i], "C_Sign");
    }
  g_assert_cmpuint (inits, ==, n);
  g_assert_cmpuint (signs, ==, n);
  g_unlink (sign_log);
}

static void
assert_dir_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static double
number (const EbPdfObject *object)
{
  g_assert_true (object->type == EB_PDF_INT || object->type == EB_PDF_REAL);
  return object->type == EB_PDF_INT ? object->integer : object->real;
}

/* Tests */

static void
test_sign_and_verify (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (&token);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(EbPdfDocument) doc = NULL;
  g_autofree char *dir = g_build_filename (work_dir, "sign", NULL);
  g_autofree char *path = g_build_filename (dir, "basvuru-imzali.pdf", NULL);
  g_autofree char *content_path = g_build_filename (dir, "content.bin", NULL);
  g_autofree char *cms_path = g_build_filename (dir, "cms.der", NULL);
  g_autofree char *nss_arg = g_strconcat ("sql:", nss_dir, NULL);
  g_autofree char *chain = eb_test_pki_get (pki, "pki", "chain");
  g_autofree char *pdfsig_out = NULL;
  g_autofree char *text = NULL;
  const EbPdfObject *sig = NULL;
  g_autoptr(GArray) newest = NULL;
  EbPdfRect box;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (sign_log);
  g_assert_true (login (manager, token, RIGHT_PIN, &error));
  g_assert_no_error (error);

  signed_pdf = sign_on_token (manager, token, pdf, &error);
  g_assert_no_error (error);
  assert_card_operations (1);
  g_assert_true (eb_file_write_atomically (signed_pdf, path, &error));
  g_assert_no_error (error);

  /* The original bytes, then the update. */
  g_assert_cmpuint (g_bytes_get_size (signed_pdf), >, g_bytes_get_size (pdf));
  g_assert_cmpmem (g_bytes_get_data (signed_pdf, NULL), g_bytes_get_size (pdf),
                   g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  /* Our own reader: two revisions, the widget where the form wants it. */
  doc = eb_pdf_document_new (signed_pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_document_get_n_revisions (doc), ==, 2);
  newest = eb_pdf_document_get_newest_objects (doc);
  eb_form_document_get_signature_box (&box);
  for (guint i = 0; i < newest->len; i++)
    {
      const EbPdfObject *object = eb_pdf_document_get_object (doc, g_array_index (newest, guint, i),
                                                              &error);

      g_assert_no_error (error);
      if (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Type"), "Sig"))
        sig = object;
      if (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Subtype"), "Widget"))
        {
          const EbPdfObject *rect = eb_pdf_dict_get (object, "Rect");
          const EbPdfObject *ap = eb_pdf_document_resolve (
            doc, eb_pdf_dict_get (eb_pdf_dict_get (object, "AP"), "N"), &error);

          g_assert_no_error (error);
          g_assert_cmpuint (eb_pdf_array_get_length (rect), ==, 4);
          g_assert_cmpfloat_with_epsilon (number (eb_pdf_array_get (rect, 0)), box.x, 0.001);
          g_assert_cmpfloat_with_epsilon (number (eb_pdf_array_get (rect, 3)), box.y + box.height, 0.01);
          g_assert_cmpint (ap->type, ==, EB_PDF_STREAM);
          g_assert_nonnull (eb_pdf_dict_get (eb_pdf_dict_get (ap, "Resources"), "Font"));
        }
    }
  g_assert_nonnull (sig);
  g_assert_true (eb_pdf_object_is_name (eb_pdf_dict_get (sig, "SubFilter"), "ETSI.CAdES.detached"));

  /* openssl cms -verify over the byte ranges. */
  {
    const EbPdfObject *range = eb_pdf_dict_get (sig, "ByteRange");
    const guint8 *data = g_bytes_get_data (signed_pdf, NULL);
    g_autoptr(GByteArray) content = g_byte_array_new ();
    gsize cms_len;
    const guint8 *cms = g_bytes_get_data (eb_pdf_dict_get (sig, "Contents")->data, &cms_len);
    const char *argv[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER",
                           "-in", cms_path, "-content", content_path, "-CAfile", chain,
                           "-purpose", "any", "-out", "/dev/null", NULL };

    g_byte_array_append (content, data, eb_pdf_array_get (range, 1)->integer);
    g_byte_array_append (content, data + eb_pdf_array_get (range, 2)->integer,
                         eb_pdf_array_get (range, 3)->integer);
    eb_test_tool_write_file (content_path, content->data, content->len);
    while (cms_len > 0 && cms[cms_len - 1] == 0)
      cms_len--;
    eb_test_tool_write_file (cms_path, cms, cms_len);
    eb_test_tool_run_ok (argv);

    /* And a changed byte is noticed. */
    content->data[100] ^= 1;
    eb_test_tool_write_file (content_path, content->data, content->len);
    g_free (eb_test_tool_run (argv, &status));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }

  /* qpdf's structural check. */
  {
    const char *argv[] = { "qpdf", "--check", path, NULL };

    eb_test_tool_run_ok (argv);
  }

  /* pdfsig with the test root trusted. */
  {
    const char *argv[] = { "pdfsig", "-nssdir", nss_arg, path, NULL };

    pdfsig_out = eb_test_tool_run (argv, &status);
    g_test_message ("pdfsig:\n%s", pdfsig_out);
    g_assert_nonnull (strstr (pdfsig_out, "Signature is Valid"));
    g_assert_nonnull (strstr (pdfsig_out, "Certificate is Trusted"));
    g_assert_nonnull (strstr (pdfsig_out, "Total document signed"));
    g_assert_nonnull (strstr (pdfsig_out, "ETSI.CAdES.detached"));
  }

  /* The visible appearance, with its embedded font, as text. */
  {
    g_autofree char *page = g_strdup_printf ("%d", box.page + 1);
    const char *argv[] = { "pdftotext", "-f", page, "-l", page, path, "-", NULL };

    text = eb_test_tool_run (argv, &status);
    g_assert_nonnull (strstr (text, "Elektronik olarak imzalanmıştır"));
    g_assert_nonnull (strstr (text, "İmzalayan: AYŞE YILMAZ"));
    g_assert_nonnull (strstr (text, "T.C. Kimlik No: 12345678950"));
  }
  {
    const char *argv[] = { "pdffonts", path, NULL };
    g_autofree char *fonts = eb_test_tool_run (argv, &status);

    g_test_message ("pdffonts:\n%s", fonts);
    g_assert_nonnull (strstr (fonts, "DejaVuSans"));
  }

  /* poppler-glib, as the app's preview validates it (NSS db in $HOME). */
  {
    g_autoptr(GError) local_error = NULL;
    PopplerDocument *document = poppler_document_new_from_bytes (signed_pdf, NULL, &local_error);
    PopplerPage *page;
    GList *mappings;
    guint validated = 0;

    g_assert_no_error (local_error);
    page = poppler_document_get_page (document, box.page);
    mappings = poppler_page_get_form_field_mapping (page);
    for (GList *l = mappings; l != NULL; l = l->next)
      {
        PopplerFormFieldMapping *mapping = l->data;
        PopplerSignatureInfo *info;

        if (poppler_form_field_get_field_type (mapping->field) != POPPLER_FORM_FIELD_SIGNATURE)
          continue;
        info = poppler_form_field_signature_validate_sync (
          mapping->field, POPPLER_SIGNATURE_VALIDATION_FLAG_VALIDATE_CERTIFICATE |
          POPPLER_SIGNATURE_VALIDATION_FLAG_WITHOUT_OCSP_REVOCATION_CHECK, NULL, &local_error);
        g_assert_no_error (local_error);
        g_assert_cmpint (poppler_signature_info_get_signature_status (info), ==,
                         POPPLER_SIGNATURE_VALID);
        g_assert_cmpint (poppler_signature_info_get_certificate_status (info), ==,
                         POPPLER_CERTIFICATE_TRUSTED);
        g_assert_cmpstr (poppler_signature_info_get_signer_name (info), ==, "AYŞE YILMAZ");
        poppler_signature_info_free (info);
        validated++;
      }
    g_assert_cmpuint (validated, ==, 1);
    poppler_page_free_form_field_mapping (mappings);
    g_object_unref (page);
    g_object_unref (document);
  }
}

static void
test_one_operation_per_document (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (&token);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");

  g_unlink (sign_log);
  login (manager, token, RIGHT_PIN, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GBytes) signed_pdf = sign_on_token (manager, token, pdf, &error);

      g_assert_no_error (error);
      g_assert_nonnull (signed_pdf);
      assert_card_operations (1);
    }
}

static void
test_wrong_pin (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (&token);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autofree char *dir = g_build_filename (work_dir, "wrong-pin", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (sign_log);
  g_assert_false (login (manager, token, WRONG_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);

  /* Nothing is signed, nothing written. */
  signed_pdf = sign_on_token (manager, token, pdf, &error);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOGGED_IN);
  g_assert_null (signed_pdf);
  g_clear_error (&error);
  assert_card_operations (0);
  assert_dir_empty (dir);

  /* The right PIN next time works. */
  g_assert_true (login (manager, token, RIGHT_PIN, &error));
  signed_pdf = sign_on_token (manager, token, pdf, &error);
  g_assert_no_error (error);
  assert_card_operations (1);
}

static void
test_card_removed (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (&token);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = eb_test_form_render_sample ("12345678950");
  g_autoptr(GBytes) signed_pdf = NULL;

  g_unlink (sign_log);
  g_assert_true (login (manager, token, RIGHT_PIN, &error));

  /* Pulled after the PIN, before the signature. */
  eb_test_tool_write_file (removed_flag, "", 0);
  signed_pdf = sign_on_token (manager, token, pdf, &error);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_TOKEN_NOT_PRESENT);
  g_assert_null (signed_pdf);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  assert_card_operations (0);
  g_unlink (sign_log);

  /* Back in: the same manager signs. */
  g_unlink (removed_flag);
  signed_pdf = sign_on_token (manager, token, pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_pdf);
  assert_card_operations (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Environment first, before any thread can read it. */
  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  eb_test_pki_setup_shim (pki);
  work_dir = g_build_filename (eb_test_pki_get_dir (pki), "work", NULL);
  sign_log = g_build_filename (eb_test_pki_get_dir (pki), "sign.log", NULL);
  removed_flag = g_build_filename (eb_test_pki_get_dir (pki), "card-removed", NULL);
  /* poppler-glib reads $HOME/.pki/nssdb. */
  nss_dir = eb_test_pki_make_nss_db (pki);
  {
    g_autofree char *home = g_build_filename (eb_test_pki_get_dir (pki), "home", NULL);

    g_setenv ("HOME", home, TRUE);
  }

  g_test_add_func ("/card/pades/sign-and-verify", test_sign_and_verify);
  g_test_add_func ("/card/pades/one-operation-per-document", test_one_operation_per_document);
  g_test_add_func ("/card/pades/wrong-pin", test_wrong_pin);
  g_test_add_func ("/card/pades/card-removed", test_card_removed);

  status = g_test_run ();

  eb_test_pki_free (pki);
  g_free (work_dir);
  g_free (nss_dir);
  g_free (sign_log);
  g_free (removed_flag);
  return status;
}
