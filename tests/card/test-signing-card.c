/* test-signing-card.c — the certificate the app would sign with: picked from
 * a SoftHSM token (behind the card shim), and read again when pcscd reports
 * a card inserted or removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "eb-card-enums.h"
#include "eb-certificate-info.h"
#include "eb-signing-card.h"
#include "eb-test-pcsc.h"
#include "eb-test-pki.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

#define APPLICANT    "12345678950"
#define AKIS_1_2_ATR "3B9F968131FE45806755454B41451252318073B3A180AA"
#define TIMEOUT_S    30

static EbTestPki *pki;

static gboolean
timed_out (gpointer user_data)
{
  g_error ("timed out waiting for the signing card to be read");
  return G_SOURCE_REMOVE;
}

static void
on_changed (EbSigningCard *card,
            guint         *count)
{
  (*count)++;
}

/* Runs the main loop until the card was read @count times in all. */
static void
wait_changes (guint *changes,
              guint  count)
{
  guint timeout = g_timeout_add_seconds (TIMEOUT_S, timed_out, NULL);

  while (*changes < count)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static gboolean
set_true (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static EbCertificateInfo *
chosen_info (EbSigningCard *card)
{
  EbTokenCertificate *certificate = eb_signing_card_get_certificate (card);

  g_assert_nonnull (certificate);
  return eb_token_certificate_get_info (certificate);
}

static void
test_picks_applicant (void)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbSigningCard) card = eb_signing_card_new (NULL, manager, EB_TEST_SHIM_PATH);
  g_autofree char *other = eb_test_pki_get_person (pki, "other-person", "tckn");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint changes = 0;
  EbCertificateInfo *info;

  eb_test_pki_write_shim_conf (pki, NULL);
  g_signal_connect (card, "changed", G_CALLBACK (on_changed), &changes);
  g_assert_cmpint (eb_signing_card_get_state (card), ==, EB_SIGNING_CARD_STATE_IDLE);

  eb_signing_card_set_applicant_tckn (card, APPLICANT);
  eb_signing_card_refresh (card);
  g_assert_cmpint (eb_signing_card_get_state (card), ==, EB_SIGNING_CARD_STATE_READING);
  wait_changes (&changes, 1);

  g_assert_cmpint (eb_signing_card_get_state (card), ==, EB_SIGNING_CARD_STATE_READY);
  g_assert_cmpstr (eb_token_get_label (eb_signing_card_get_token (card)), ==, "AKIS_TEST");
  /* Of the applicant's four certificates: the valid NES, not the one that
   * expires in 30 days, the expired one or the one without nonRepudiation. */
  info = chosen_info (card);
  g_assert_cmpstr (eb_certificate_info_get_tckn (info), ==, APPLICANT);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, now), ==, EB_RENEWAL_VERDICT_USABLE);
  g_assert_cmpint (eb_certificate_info_get_days_left (info, now), >, 700);

  /* Another applicant: their certificate, at once, without reading again. */
  eb_signing_card_set_applicant_tckn (card, other);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpstr (eb_certificate_info_get_tckn (chosen_info (card)), ==, other);

  /* Nobody's: still an NES valid today. */
  eb_signing_card_set_applicant_tckn (card, NULL);
  info = chosen_info (card);
  g_assert_true (eb_certificate_info_is_nes (info));
  g_assert_cmpint (eb_certificate_info_get_days_left (info, now), >, 700);

  eb_token_manager_unload (manager);
}

static void
test_no_module (void)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbSigningCard) card = NULL;
  /* Nowhere to find a module but the user's setting, which is wrong. */
  const char * const none[] = { NULL };
  EbPkcs11SearchPaths paths = {
    .akis_paths = none, .p11kit_config_dirs = none,
    .p11kit_module_dir = "/nonexistent", .opensc_paths = none,
  };
  guint changes = 0;

  eb_token_manager_set_search_paths (manager, &paths);
  card = eb_signing_card_new (NULL, manager, "/nonexistent/libakisp11.so");
  g_signal_connect (card, "changed", G_CALLBACK (on_changed), &changes);
  eb_signing_card_refresh (card);
  wait_changes (&changes, 1);

  g_assert_cmpint (eb_signing_card_get_state (card), ==, EB_SIGNING_CARD_STATE_NO_MODULE);
  g_assert_nonnull (eb_signing_card_get_problem (card));
  g_assert_null (eb_signing_card_get_certificate (card));
}

static void
test_follows_card_events (void)
{
  g_autoptr(EbTestPcsc) pcsc = eb_test_pcsc_new ();
  g_autoptr(EbPcscMonitor) monitor = NULL;
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbSigningCard) card = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  eb_test_pki_write_shim_conf (pki, NULL);
  eb_test_pcsc_start (pcsc, &error);
  g_assert_no_error (error);
  monitor = eb_pcsc_monitor_new ();
  card = eb_signing_card_new (monitor, manager, EB_TEST_SHIM_PATH);
  g_signal_connect (card, "changed", G_CALLBACK (on_changed), &changes);

  /* Each card event reads the tokens again, by itself. */
  eb_test_pcsc_insert_card (pcsc, 0, AKIS_1_2_ATR, NULL, &error);
  g_assert_no_error (error);
  wait_changes (&changes, 1);
  g_assert_cmpint (eb_signing_card_get_state (card), ==, EB_SIGNING_CARD_STATE_READY);

  eb_test_pcsc_remove_card (pcsc, 0, &error);
  g_assert_no_error (error);
  wait_changes (&changes, 2);

  /* While the user types the PIN, an insertion does not log the card out. */
  eb_signing_card_set_pin_session_active (card, TRUE);
  eb_test_pcsc_insert_card (pcsc, 0, AKIS_1_2_ATR, NULL, &error);
  g_assert_no_error (error);
  {
    gboolean waited = FALSE;

    /* Longer than pcscd's polling and the refresh delay. */
    g_timeout_add_seconds (2, set_true, &waited);
    while (!waited)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (changes, ==, 2);
  eb_signing_card_set_pin_session_active (card, FALSE);

  eb_pcsc_monitor_stop (monitor);
  eb_token_manager_unload (manager);
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

  g_test_add_func ("/card/signing-card/picks-applicant", test_picks_applicant);
  g_test_add_func ("/card/signing-card/no-module", test_no_module);
  g_test_add_func ("/card/signing-card/follows-card-events", test_follows_card_events);

  status = g_test_run ();

  eb_test_pki_free (pki);
  return status;
}
