/* test-opensc-card.c — the whole real path: a virtual OpenPGP card in a
 * virtual reader, pcscd, OpenSC's PKCS#11 module, libp11, EbTokenManager;
 * the monitor and the diagnostics see the same card
 *
 * The card (eb_openpgp_card.py) holds the test PKI's valid NES certificate
 * and its key; OpenSC shows it as two tokens, "User PIN" (with the
 * certificate and the authentication key, id 03) and "User PIN (sig)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <openssl/evp.h>

#include "eb-card-diagnostics.h"
#include "eb-card-enums.h"
#include "eb-card-report-text.h"
#include "eb-pcsc-monitor.h"
#include "eb-test-async.h"
#include "eb-test-pcsc.h"
#include "eb-test-pki.h"
#include "eb-token-manager.h"

#define OPENSC_MODULE EB_P11KIT_MODULE_PATH "/opensc-pkcs11.so"
#define APPLICANT     "12345678950"
#define TIMEOUT_S     30

#ifndef EB_P11KIT_MODULE_PATH
#error "EB_P11KIT_MODULE_PATH must be where opensc-pkcs11.so is"
#endif

/* The report in words, as the Diagnostics window and --diagnose show it
 * (src/ui/eb-card-report-text.c); freed at the end of the test. */
static const char *
report_text (const EbCardReport *report)
{
  char *text = eb_card_report_text_build (report);

  g_test_queue_free (text);
  return text;
}

static EbTestPki *pki;
static EbTestPcsc *pcsc;

static gboolean
login (EbTokenManager  *manager,
       EbToken         *token,
       const char      *pin,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbSecret) secret = eb_secret_new (pin, -1);

  eb_token_manager_login_async (manager, token, secret, NULL, eb_test_on_result, &result);
  return eb_token_manager_login_finish (manager, eb_test_wait_result (&result), error);
}

static GBytes *
sign_with_key (EVP_PKEY      *key,
               X509          *certificate,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *data = user_data;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  guint8 signature[512];
  size_t len = sizeof signature;
  int ok;

  ok = EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key) == 1 &&
       EVP_DigestSign (ctx, signature, &len, (const guint8 *) data, strlen (data)) == 1;
  EVP_MD_CTX_free (ctx);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the card did not sign");
      return NULL;
    }

  return g_bytes_new (signature, len);
}

/* Waits until pcscd has the card, so that OpenSC finds it at once. */
static void
wait_for_card (void)
{
  g_autoptr(EbPcscMonitor) monitor = eb_pcsc_monitor_new ();
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;
  EbCardReader *reader;

  while (eb_pcsc_monitor_get_state (monitor) != EB_PCSC_STATE_CARD_PRESENT &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (eb_pcsc_monitor_get_state (monitor), ==, EB_PCSC_STATE_CARD_PRESENT);

  /* Not a Kamu SM card, and one OpenSC can talk to. */
  reader = eb_pcsc_monitor_find_reader (monitor, eb_test_pcsc_get_reader_name (pcsc, 0));
  g_assert_true (eb_card_reader_get_has_card (reader));
  g_assert_cmpint (eb_card_reader_get_card_type (reader), ==, EB_CARD_TYPE_UNKNOWN);
  g_assert_cmpstr (eb_card_reader_get_pkcs11_module (reader), ==, "opensc-pkcs11.so");
}

static EbToken *
find_token_with_certificate (EbTokenManager *manager)
{
  GListModel *tokens = eb_token_manager_get_tokens (manager);

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(EbToken) token = g_list_model_get_item (tokens, i);

      if (g_list_model_get_n_items (eb_token_get_certificates (token)) > 0)
        return token;  /* the model keeps it */
    }

  return NULL;
}

static void
test_sign_through_opensc (void)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbTokenCertificate) cert = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) der = eb_test_pki_load_cert_der (pki, "valid");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  EbCertificateInfo *info;
  EbToken *token;
  EVP_MD_CTX *ctx;
  const char *data = "Yöntem 2 başvuru formu";

  wait_for_card ();

  eb_token_manager_load_async (manager, OPENSC_MODULE, NULL, eb_test_on_result, &result);
  g_assert_true (eb_token_manager_load_finish (manager, eb_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (eb_token_manager_get_module_path (manager), ==, OPENSC_MODULE);
  g_assert_cmpuint (g_list_model_get_n_items (eb_token_manager_get_tokens (manager)), ==, 2);

  token = find_token_with_certificate (manager);
  g_assert_nonnull (token);
  g_assert_cmpstr (eb_token_get_label (token), ==, "OpenPGP card (User PIN)");
  g_assert_cmpstr (eb_token_get_serial (token), ==, "ffff00000001");
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);

  cert = g_list_model_get_item (eb_token_get_certificates (token), 0);
  info = eb_token_certificate_get_info (cert);
  g_assert_true (g_bytes_equal (eb_certificate_info_get_der (info), der));
  g_assert_cmpstr (eb_certificate_info_get_tckn (info), ==, APPLICANT);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, now), ==,
                   EB_RENEWAL_VERDICT_USABLE);

  /* A wrong PIN costs a try, on the card's own counter. */
  g_assert_false (login (manager, token, "654321", &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  g_assert_false (eb_token_get_logged_in (token));

  g_assert_true (login (manager, token, "123456", &error));
  g_assert_no_error (error);
  g_assert_true (eb_token_get_logged_in (token));
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);

  /* The card signs; the certificate verifies it. */
  g_clear_object (&result);
  eb_token_manager_run_with_key_async (manager, token, cert, sign_with_key, (gpointer) data,
                                       NULL, NULL, eb_test_on_result, &result);
  signature = eb_token_manager_run_with_key_finish (manager, eb_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);

  ctx = EVP_MD_CTX_new ();
  g_assert_cmpint (EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL,
                                         X509_get0_pubkey (eb_certificate_info_get_x509 (info))),
                   ==, 1);
  g_assert_cmpint (EVP_DigestVerify (ctx, g_bytes_get_data (signature, NULL),
                                     g_bytes_get_size (signature),
                                     (const guint8 *) data, strlen (data)), ==, 1);
  EVP_MD_CTX_free (ctx);
}

static void
test_diagnostics (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbCardReport) report = NULL;
  EbCardReportReader *reader;

  wait_for_card ();

  eb_card_diagnostics_run_async (NULL, OPENSC_MODULE, APPLICANT, NULL, NULL, eb_test_on_result, &result);
  report = eb_card_diagnostics_run_finish (eb_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_test_message ("%s", report_text (report));

  reader = g_ptr_array_index (report->readers, 0);
  g_assert_true (reader->has_card);
  g_assert_cmpint (reader->card_type, ==, EB_CARD_TYPE_UNKNOWN);
  g_assert_cmpuint (report->tokens->len, ==, 2);
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_CARD_NOT_AKIS));
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_READY));
  g_assert_nonnull (strstr (report_text (report), "Card: unknown card"));
  g_assert_nonnull (strstr (report_text (report), "Needs the driver: opensc-pkcs11.so"));
  g_assert_nonnull (strstr (report_text (report), "OpenPGP card (User PIN)"));
  g_assert_nonnull (strstr (report_text (report), "not a Kamu SM e-signature (AKİS) card"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *home = NULL;
  int status;

  setlocale (LC_ALL, "");
  eb_test_pcsc_setup_environment ();
  g_test_init (&argc, &argv, NULL);

  pki = eb_test_pki_new (FALSE, &error);
  g_assert_no_error (error);
  /* OpenSC may keep a cache under $HOME: keep it in the temp dir. */
  home = g_build_filename (eb_test_pki_get_dir (pki), "home", NULL);
  g_setenv ("HOME", home, TRUE);

  pcsc = eb_test_pcsc_new ();
  eb_test_pcsc_start (pcsc, &error);
  g_assert_no_error (error);
  key = eb_test_pki_get_person (pki, "valid", "key");
  cert = eb_test_pki_get_person (pki, "valid", "cert-der");
  kind = g_strdup_printf ("openpgp %s %s", key, cert);
  eb_test_pcsc_insert_card (pcsc, 0, "-", kind, &error);
  g_assert_no_error (error);

  g_test_add_func ("/card/opensc/sign", test_sign_through_opensc);
  g_test_add_func ("/card/opensc/diagnostics", test_diagnostics);

  status = g_test_run ();

  eb_test_pcsc_free (pcsc);
  eb_test_pki_free (pki);
  return status;
}
