/* test-card-diagnostics.c — the diagnostics report with pcscd, a virtual AKİS
 * card and a SoftHSM token running, and with nothing running
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "eb-card-diagnostics.h"
#include "eb-card-enums.h"
#include "eb-card-report-text.h"
#include "eb-test-async.h"
#include "eb-test-pcsc.h"
#include "eb-test-pki.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

#define APPLICANT    "12345678950"
#define AKIS_1_2_ATR "3B9F968131FE45806755454B41451252318073B3A180AA"
#define TIMEOUT_S    30

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

static EbCardReport *
run (EbTokenManager *manager,
     const char     *user_module,
     const char     *applicant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EbCardReport *report;

  eb_card_diagnostics_run_async (manager, user_module, applicant, NULL, NULL, eb_test_on_result, &result);
  report = eb_card_diagnostics_run_finish (eb_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_nonnull (report_text (report));
  g_test_message ("%s", report_text (report));

  return report;
}

static void
assert_text_has (const EbCardReport *report,
                 const char         *needle)
{
  if (strstr (report_text (report), needle) == NULL)
    g_error ("report lacks “%s”:\n%s", needle, report_text (report));
}

static void
login_wrongly (EbTokenManager *manager,
               guint           times)
{
  g_autoptr(EbToken) token = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);

  for (guint i = 0; i < times; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(EbSecret) pin = eb_secret_new ("000000", -1);
      g_autoptr(GError) error = NULL;

      eb_token_manager_login_async (manager, token, pin, NULL, eb_test_on_result, &result);
      g_assert_false (eb_token_manager_login_finish (manager, eb_test_wait_result (&result), &error));
    }
}

static void
test_everything_running (void)
{
  g_autoptr(EbTestPcsc) pcsc = eb_test_pcsc_new ();
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbCardReport) report = NULL;
  g_autoptr(GError) error = NULL;
  EbCardReportReader *reader;
  EbCardReportToken *token;
  gboolean seen[EB_RENEWAL_VERDICT_OTHER_PERSON + 1] = { FALSE, };

  eb_test_pcsc_start (pcsc, &error);
  g_assert_no_error (error);
  eb_test_pcsc_insert_card (pcsc, 0, AKIS_1_2_ATR, NULL, &error);
  g_assert_no_error (error);
  eb_test_pcsc_wait_for_card (pcsc, 0);
  eb_test_pki_write_shim_conf (pki, NULL);

  report = run (manager, EB_TEST_SHIM_PATH, APPLICANT);

  /* Structure */
  g_assert_true (report->service_running);
  g_assert_null (report->service_error);
  g_assert_cmpuint (report->readers->len, ==, EB_TEST_PCSC_N_READERS);
  reader = g_ptr_array_index (report->readers, 0);
  g_assert_cmpstr (reader->name, ==, eb_test_pcsc_get_reader_name (pcsc, 0));
  g_assert_true (reader->has_card);
  g_assert_cmpstr (reader->atr, ==, AKIS_1_2_ATR);
  g_assert_cmpint (reader->card_type, ==, EB_CARD_TYPE_AKIS_1_X);
  g_assert_cmpstr (reader->pkcs11_module, ==, "libakisp11.so");
  reader = g_ptr_array_index (report->readers, 1);
  g_assert_false (reader->has_card);

  g_assert_cmpstr (report->module_path, ==, EB_TEST_SHIM_PATH);
  g_assert_true (eb_token_manager_get_loaded (manager));
  g_assert_cmpuint (report->module_attempts->len, >=, 1);
  g_assert_cmpint (((EbPkcs11Module *) g_ptr_array_index (report->module_attempts, 0))->status,
                   ==, EB_PKCS11_STATUS_LOADED);
  g_assert_cmpuint (report->tokens->len, ==, 1);
  token = g_ptr_array_index (report->tokens, 0);
  g_assert_cmpstr (token->label, ==, "AKIS_TEST");
  g_assert_cmpint (token->pin_state, ==, EB_PIN_STATE_OK);
  g_assert_cmpuint (token->certificates->len, ==, 5);
  for (guint i = 0; i < token->certificates->len; i++)
    seen[((EbCardReportCertificate *) g_ptr_array_index (token->certificates, i))->verdict] = TRUE;
  g_assert_true (seen[EB_RENEWAL_VERDICT_USABLE]);
  g_assert_true (seen[EB_RENEWAL_VERDICT_EXPIRING_SOON]);
  g_assert_true (seen[EB_RENEWAL_VERDICT_EXPIRED]);
  g_assert_true (seen[EB_RENEWAL_VERDICT_NOT_NES]);
  g_assert_true (seen[EB_RENEWAL_VERDICT_OTHER_PERSON]);

  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_READY));
  /* An AKİS card, but the module in use is not Kamu SM's. */
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_AKIS_MODULE_MISSING));
  g_assert_false (eb_card_report_has_finding (report, EB_CARD_FINDING_SERVICE_NOT_RUNNING));
  g_assert_false (eb_card_report_has_finding (report, EB_CARD_FINDING_PIN_FINAL_TRY));

  /* Text */
  assert_text_has (report, "Smart card service (pcscd)\n  Running.");
  assert_text_has (report, eb_test_pcsc_get_reader_name (pcsc, 0));
  assert_text_has (report, eb_test_pcsc_get_reader_name (pcsc, 1));
  assert_text_has (report, "Card ATR: " AKIS_1_2_ATR);
  assert_text_has (report, "AKİS v1.2–v1.3 (Kamu SM e-signature card)");
  assert_text_has (report, "Needs the driver: libakisp11.so");
  assert_text_has (report, "Loaded: " EB_TEST_SHIM_PATH);
  assert_text_has (report, "SoftHSM");
  assert_text_has (report, "AKIS_TEST");
  assert_text_has (report, "PIN: no wrong tries");
  assert_text_has (report, "Certificate: 12345678950NES0");
  assert_text_has (report, "Holder: AYŞE YILMAZ");
  assert_text_has (report, "T.C. Kimlik No: 12345678950");
  assert_text_has (report, "can sign the renewal application (Method 2)");
  assert_text_has (report, "expires soon: renewal is due");
  assert_text_has (report, "expired: apply with a wet signature (Method 1)");
  assert_text_has (report, "not a qualified electronic certificate (NES)");
  assert_text_has (report, "belongs to another person (T.C. Kimlik No 23456789138)");
  assert_text_has (report, "needs Kamu SM's driver libakisp11.so");
  g_assert_null (strstr (report_text (report), "systemctl"));

  /* One try left, then locked: said loudly, with the number to call. */
  login_wrongly (manager, 2);
  g_clear_pointer (&report, eb_card_report_unref);
  report = run (manager, NULL, APPLICANT);
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_PIN_FINAL_TRY));
  assert_text_has (report, "One PIN try left");
  assert_text_has (report, "PIN: one try left");

  login_wrongly (manager, 1);
  g_clear_pointer (&report, eb_card_report_unref);
  report = run (manager, NULL, APPLICANT);
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_PIN_LOCKED));
  g_assert_false (eb_card_report_has_finding (report, EB_CARD_FINDING_PIN_FINAL_TRY));
  assert_text_has (report, "The PIN is locked. Call Kamu SM at 444 5 576");
  assert_text_has (report, "security word");
}

static void
test_nothing_running (void)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbCardReport) report = NULL;
  const char *akis_paths[] = { "/nonexistent/akia/libakisp11.so", NULL };
  const char *none[] = { NULL };
  EbPkcs11SearchPaths paths = { akis_paths, none, "/nonexistent", none };

  /* No pcscd in this process's world, no module anywhere. */
  eb_token_manager_set_search_paths (manager, &paths);
  report = run (manager, "/nonexistent/mine.so", NULL);

  g_assert_false (report->service_running);
  g_assert_cmpstr (report->service_error, ==, "SCARD_E_NO_SERVICE");
  g_assert_cmpuint (report->readers->len, ==, 0);
  g_assert_null (report->module_path);
  g_assert_nonnull (report->module_error);
  g_assert_cmpuint (report->module_attempts->len, ==, 2);
  g_assert_cmpuint (report->tokens->len, ==, 0);
  g_assert_cmpint (g_array_index (report->findings, EbCardFinding, 0), ==,
                   EB_CARD_FINDING_SERVICE_NOT_RUNNING);
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_NO_MODULE));

  /* pcscd is installed here (the card tests run it): started, not installed. */
  g_assert_true (report->service_installed);
  assert_text_has (report, "Not running");
  assert_text_has (report, "SCARD_E_NO_SERVICE");
  /* The command for this system only. */
  assert_text_has (report, report->systemd ? "sudo systemctl start pcscd.socket" : "sudo service pcscd start");
  g_assert_null (strstr (report_text (report), report->systemd ? "sudo service" : "systemctl"));
  assert_text_has (report, "None loaded.");
  assert_text_has (report, "/nonexistent/mine.so [your setting]: not found");
  assert_text_has (report, "/nonexistent/akia/libakisp11.so [Kamu SM AKİS module]: not found");
  assert_text_has (report, "No card driver (PKCS#11 module) could be loaded.");
}

static void
test_own_manager (void)
{
  g_autoptr(EbCardReport) report = NULL;

  /* `--diagnose`: no manager of the app's; a temporary one, unloaded after. */
  eb_test_pki_write_shim_conf (pki, NULL);
  report = run (NULL, EB_TEST_SHIM_PATH, NULL);
  g_assert_cmpstr (report->module_path, ==, EB_TEST_SHIM_PATH);
  g_assert_cmpuint (report->tokens->len, ==, 1);
  /* Without an applicant, nobody is "another person". */
  g_assert_true (eb_card_report_has_finding (report, EB_CARD_FINDING_READY));
  g_assert_null (strstr (report_text (report), "another person"));
  g_assert_null (strstr (report_text (report), "Applicant"));
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  eb_card_diagnostics_run_async (NULL, NULL, NULL, NULL, cancellable, eb_test_on_result, &result);
  g_assert_null (eb_card_diagnostics_run_finish (eb_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  eb_test_pcsc_setup_environment ();
  g_test_init (&argc, &argv, NULL);

  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  eb_test_pki_setup_shim (pki);

  g_test_add_func ("/card/diagnostics/everything-running", test_everything_running);
  g_test_add_func ("/card/diagnostics/nothing-running", test_nothing_running);
  g_test_add_func ("/card/diagnostics/own-manager", test_own_manager);
  g_test_add_func ("/card/diagnostics/cancelled", test_cancelled);

  status = g_test_run ();

  eb_test_pki_free (pki);
  return status;
}
