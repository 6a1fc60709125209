/* test-ui-card-status.c — the header's card status follows a real pcscd
 *
 * A private pcscd with virtual readers (tests/card fixtures); a virtual
 * AKİS card goes in and out, pcscd dies and comes back; the status widget
 * says so each time, as the user would read it (in Turkish).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "eb-card-status.h"
#include "eb-pcsc-monitor.h"
#include "eb-test-pcsc.h"

#define AKIS_1_0_ATR "3BBA11008131FE4D55454B41452056312E30AE"

typedef struct
{
  EbCardStatus *status;
  const char *text;
} TextWait;

static gboolean
shows (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (eb_card_status_get_text (wait->status), wait->text) == 0;
}

/* pcscd polls readers every 400 ms; seconds are plenty, never a fixed sleep. */
static void
wait_for_text (EbCardStatus *status,
               const char   *text)
{
  TextWait wait = { status, text };
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
test_card_status_follows_the_card (void)
{
  g_autoptr(EbTestPcsc) pcsc = eb_test_pcsc_new ();
  g_autoptr(EbPcscMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  EbCardStatus *status;

  g_assert_true (eb_test_pcsc_start (pcsc, &error));
  g_assert_no_error (error);

  window = gtk_window_new ();
  status = g_object_new (EB_TYPE_CARD_STATUS, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (status));
  gtk_window_present (GTK_WINDOW (window));

  monitor = eb_pcsc_monitor_new ();
  eb_card_status_set_monitor (status, monitor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  wait_for_text (status, _("No card in the reader"));

  g_assert_true (eb_test_pcsc_insert_card (pcsc, 0, AKIS_1_0_ATR, NULL, &error));
  g_assert_no_error (error);
  wait_for_text (status, "AKİS v1.0");

  g_assert_true (eb_test_pcsc_remove_card (pcsc, 0, &error));
  g_assert_no_error (error);
  wait_for_text (status, _("No card in the reader"));

  /* The service dies: the user is told, and it recovers by itself. */
  eb_test_pcsc_kill (pcsc);
  wait_for_text (status, _("Card service not running"));
  g_assert_true (eb_test_pcsc_start (pcsc, &error));
  g_assert_no_error (error);
  wait_for_text (status, _("No card in the reader"));

  eb_pcsc_monitor_stop (monitor);
  gtk_window_destroy (GTK_WINDOW (window));
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
