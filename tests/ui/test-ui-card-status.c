/* test-ui-card-status.c — the header's card status follows a real pcscd
 *
 * A private pcscd with virtual readers (tests/card fixtures); a virtual
 * AKİS card goes in and out, pcscd dies and comes back; the status widget
 * says so each time, as the user would read it (in Turkish). The card's
 * certificates are a SoftHSM token's (behind the card shim): once read,
 * the status names the holder and the days left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "eb-card-status.h"
#include "eb-certificate-info.h"
#include "eb-clock.h"
#include "eb-pcsc-monitor.h"
#include "eb-test-pcsc.h"
#include "eb-test-pki.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

#define AKIS_1_0_ATR "3BBA11008131FE4D55454B41452056312E30AE"

typedef struct
{
  EbCardStatus *status;
  const char *text;
  gboolean prefix;
} TextWait;

static gboolean
shows (gpointer data)
{
  TextWait *wait = data;
  const char *shown = eb_card_status_get_text (wait->status);

  if (wait->prefix)
    return g_str_has_prefix (shown, wait->text);
  return g_strcmp0 (shown, wait->text) == 0;
}

/* pcscd polls readers every 400 ms; seconds are plenty, never a fixed sleep. */
static void
wait_for (EbCardStatus *status,
          const char   *text,
          gboolean      prefix)
{
  TextWait wait = { status, text, prefix };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!shows (&wait))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The card status shows “%s”, not “%s”", eb_card_status_get_text (status), text);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static void
wait_for_text (EbCardStatus *status,
               const char   *text)
{
  wait_for (status, text, FALSE);
}

static void
test_card_status_follows_the_card (void)
{
  g_autoptr(EbTestPcsc) pcsc = eb_test_pcsc_new ();
  g_autoptr(EbTestPki) pki = NULL;
  g_autoptr(EbPcscMonitor) monitor = NULL;
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbSigningCard) card = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  EbCardStatus *status;

  g_assert_true (eb_test_pcsc_start (pcsc, &error));
  g_assert_no_error (error);
  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  eb_test_pki_setup_shim (pki);
  eb_test_pki_write_shim_conf (pki, NULL);

  window = gtk_window_new ();
  status = g_object_new (EB_TYPE_CARD_STATUS, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (status));
  gtk_window_present (GTK_WINDOW (window));

  monitor = eb_pcsc_monitor_new ();
  card = eb_signing_card_new (monitor, manager, EB_TEST_SHIM_PATH);
  eb_signing_card_set_applicant_tckn (card, "12345678950");
  eb_card_status_set_signing_card (status, card);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  wait_for_text (status, _("No card in the reader"));

  /* The days left are counted on the widget's clock, pinned on both sides
   * of Türkiye's midnight (21:00 UTC), 720 days before the last day. */
  not_after = eb_test_pki_get_not_after (pki, "valid");
  midnight = eb_test_turkish_midnight (not_after, -719);
  for (guint i = 0; i < 2; i++)
    {
      const gint seconds = i == 0 ? -60 : 60;
      const gint days = i == 0 ? 720 : 719;
      g_autoptr(GDateTime) pin = g_date_time_add_seconds (midnight, seconds);
      g_autofree char *expected = NULL;

      eb_clock_pin (pin);
      g_assert_true (eb_test_pcsc_insert_card (pcsc, 0, AKIS_1_0_ATR, NULL, &error));
      g_assert_no_error (error);
      /* The card's name first, then, read through PKCS#11, whose it is. */
      wait_for (status, "AYŞE YILMAZ, ", TRUE);
      expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d day left", "%s, %d days left", days),
                                  "AYŞE YILMAZ", days);
      wait_for_text (status, expected);
      g_assert_true (strstr (expected, "gün kaldı") != NULL || g_strcmp0 (g_getenv ("LANGUAGE"), "tr") != 0);

      g_assert_true (eb_test_pcsc_remove_card (pcsc, 0, &error));
      g_assert_no_error (error);
      wait_for_text (status, _("No card in the reader"));
    }
  eb_clock_pin (NULL);

  /* From here a module that finds no token: this SoftHSM token is not on
   * the virtual card and would outlive pcscd, where a card's would not. A
   * certificate read with no card service is a token of its own (the
   * practice card) and is shown instead: test-ui-training-app. */
  {
    g_autoptr(EbTokenManager) no_tokens = eb_token_manager_new ();
    g_autoptr(EbSigningCard) empty = eb_signing_card_new (monitor, no_tokens, "/nonexistent/module.so");

    eb_card_status_set_signing_card (status, empty);
  }
  wait_for_text (status, _("No card in the reader"));

  /* The service dies: the user is told, and it recovers by itself. */
  eb_test_pcsc_kill (pcsc);
  wait_for_text (status, _("Card service not running"));
  g_assert_true (eb_test_pcsc_start (pcsc, &error));
  g_assert_no_error (error);
  wait_for_text (status, _("No card in the reader"));

  eb_pcsc_monitor_stop (monitor);
  gtk_window_destroy (GTK_WINDOW (window));
  eb_token_manager_unload (manager);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");

  /* Before any thread and any PC/SC call: the private pcscd's socket. */
  eb_test_pcsc_setup_environment ();

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/card-status/follows-the-card", test_card_status_follows_the_card);

  return g_test_run ();
}
