/* test-diagnose-cli.c — `eimza-basvuru --diagnose` with everything running:
 * a private pcscd with a virtual AKİS card, and the card's certificates on
 * a SoftHSM token behind the card shim (--pkcs11-module). The report must
 * name what the user would check: reader, ATR, card, module, token,
 * certificates with their verdicts, and say the card can sign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "eb-test-pcsc.h"
#include "eb-test-pki.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

#define AKIS_1_2_ATR "3B9F968131FE45806755454B41451252318073B3A180AA"

static EbTestPki *pki;

static char *
run_diagnose (const char *language,
              int        *status)
{
  const char *app = g_getenv ("EIMZA_BASVURU");
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { app, "--diagnose", "--pkcs11-module", EB_TEST_SHIM_PATH, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (app);
  /* Without a display: the report is for the terminal. */
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

static void
assert_has (const char *report,
            const char *needle)
{
  if (strstr (report, needle) == NULL)
    g_error ("the report lacks “%s”:\n%s", needle, report);
}

static void
test_everything_running (void)
{
  g_autoptr(EbTestPcsc) pcsc = eb_test_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *report_tr = NULL;
  int status;

  eb_test_pcsc_start (pcsc, &error);
  g_assert_no_error (error);
  eb_test_pcsc_insert_card (pcsc, 0, AKIS_1_2_ATR, NULL, &error);
  g_assert_no_error (error);
  eb_test_pki_write_shim_conf (pki, NULL);

  /* pcscd notices the card within its 400 ms polling. */
  eb_test_pcsc_wait_for_card (pcsc, 0);
  report = run_diagnose ("C", &status);

  g_assert_cmpint (status, ==, 0);
  assert_has (report, eb_test_pcsc_get_reader_name (pcsc, 0));
  assert_has (report, AKIS_1_2_ATR);
  assert_has (report, "AKİS");
  assert_has (report, EB_TEST_SHIM_PATH);
  assert_has (report, "AKIS_TEST");
  assert_has (report, "AYŞE YILMAZ");
  assert_has (report, "12345678950");
  assert_has (report, "MEHMET DEMİR");

  /* The same in Turkish. */
  report_tr = run_diagnose ("tr", &status);
  g_assert_cmpint (status, ==, 0);
  assert_has (report_tr, AKIS_1_2_ATR);
  assert_has (report_tr, "AKIS_TEST");
  g_assert_null (strstr (report_tr, "Running"));
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

  g_test_add_func ("/card/diagnose-cli/everything-running", test_everything_running);

  status = g_test_run ();

  eb_test_pki_free (pki);
  return status;
}
