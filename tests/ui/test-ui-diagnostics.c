/* test-ui-diagnostics.c — Card Diagnostics speaks to a principal first
 *
 * From fixture reports (the facts src/card gathers, made by hand here): the
 * one finding said in words with the one action that helps — the command
 * that starts or installs the smart card service for this system, Kamu SM's
 * AKİS driver and where it is, the card taken out and put back —, never the
 * card advice while the service is down, no alarm in practice mode, and the
 * raw report behind "Ayrıntılar" with its copy button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "eb-card-report-text.h"
#include "eb-diagnostics-window.h"
#include "eb-test-ui.h"

#define AKIS_ATR "3B9F968131FE45806755454B41451252318073B3A180AA"

static EbCardReport *
report_new (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 4, 9, 0, 0);

  return eb_card_report_new (now);
}

static void
add_findings (EbCardReport  *report,
              const EbCardFinding *findings,
              guint          n)
{
  g_array_append_vals (report->findings, findings, n);
}

/* pcscd down, as judge() puts it: the service, then no driver and no card. */
static EbCardReport *
service_down_report (gboolean installed,
                     gboolean systemd,
                     const char *os_ids)
{
  EbCardReport *report = report_new ();
  const EbCardFinding findings[] = { EB_CARD_FINDING_SERVICE_NOT_RUNNING, EB_CARD_FINDING_NO_MODULE,
                                     EB_CARD_FINDING_NO_TOKEN };

  report->service_running = FALSE;
  report->service_error = g_strdup ("SCARD_E_NO_SERVICE");
  report->service_installed = installed;
  report->systemd = systemd;
  report->os_ids = g_strdup (os_ids);
  add_findings (report, findings, G_N_ELEMENTS (findings));
  return report;
}

static void
add_reader (EbCardReport *report,
            EbCardType    type,
            const char   *atr)
{
  EbCardReportReader *reader = g_new0 (EbCardReportReader, 1);

  reader->name = g_strdup ("ACS ACR39U ICC Reader 00 00");
  reader->has_card = type != EB_CARD_TYPE_NONE;
  reader->atr = g_strdup (atr);
  reader->card_type = type;
  reader->card_name = type == EB_CARD_TYPE_AKIS_1_X ? g_strdup ("AKİS v1.2") : NULL;
  reader->pkcs11_module = reader->has_card ? g_strdup ("libakisp11.so") : NULL;
  g_ptr_array_add (report->readers, reader);
}

/* The words of a finding as the Turkish UI says them. */
static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” lacks “%s”", haystack, needle);
}

static void
test_advice_service_not_running (void)
{
  struct
  {
    gboolean installed;
    gboolean systemd;
    const char *os_ids;
    const char *command;
  } cases[] = {
    { TRUE, TRUE, "debian", "sudo systemctl start pcscd.socket" },
    { TRUE, FALSE, "debian", "sudo service pcscd start" },
    { FALSE, TRUE, "pardus debian", "sudo apt install pcscd" },
    { FALSE, TRUE, "debian", "sudo apt install pcscd" },
    { FALSE, TRUE, "fedora", "sudo dnf install pcsc-lite && sudo systemctl enable --now pcscd.socket" },
    { FALSE, TRUE, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EbCardReport) report = service_down_report (cases[i].installed, cases[i].systemd,
                                                            cases[i].os_ids);
      g_autoptr(EbCardAdvice) advice = eb_card_advice_new (report, FALSE);
      g_autofree char *text = eb_card_report_text_build (report);

      g_test_message ("%s: %s / %s", cases[i].os_ids, advice->title, advice->text);
      g_assert_cmpint (advice->finding, ==, EB_CARD_FINDING_SERVICE_NOT_RUNNING);
      g_assert_true (advice->problem);
      g_assert_cmpstr (advice->command, ==, cases[i].command);
      g_assert_null (advice->link);
      assert_contains (advice->title, cases[i].installed ? "Başlatın" : "Kurun");
      assert_contains (advice->text, "pcscd");
      /* No card advice while the service that reads cards is down. */
      g_assert_null (strstr (advice->text, "çıkarıp"));
      g_assert_null (strstr (advice->title, "Çıkarıp"));
      /* The raw report gives the same command. */
      if (cases[i].command != NULL)
        assert_contains (text, cases[i].command);
      assert_contains (text, cases[i].installed ? "Çalışmıyor" : "Kurulu değil");
    }
}

static void
test_advice_akis_driver_missing (void)
{
  g_autoptr(EbCardReport) report = report_new ();
  /* judge()'s order: no driver at all first, then the AKİS one missing. */
  const EbCardFinding findings[] = { EB_CARD_FINDING_NO_MODULE, EB_CARD_FINDING_AKIS_MODULE_MISSING };
  g_autoptr(EbCardAdvice) advice = NULL;

  report->service_running = TRUE;
  report->service_installed = TRUE;
  add_reader (report, EB_CARD_TYPE_AKIS_1_X, AKIS_ATR);
  add_findings (report, findings, G_N_ELEMENTS (findings));

  advice = eb_card_advice_new (report, FALSE);
  g_assert_cmpint (advice->finding, ==, EB_CARD_FINDING_AKIS_MODULE_MISSING);
  g_assert_true (advice->problem);
  g_assert_null (advice->command);
  g_assert_cmpstr (advice->link, ==, "https://kamusm.bilgem.tubitak.gov.tr/");
  assert_contains (advice->title, "AKİS");
  assert_contains (advice->text, "libakisp11.so");
  assert_contains (advice->text, "Akıllı Kart Sürücüleri");
  /* The app finds it by itself once installed. */
  assert_contains (advice->text, "kendisi bulur");
  assert_contains (advice->link_label, "Kamu SM");
}

static void
test_advice_card_not_answering (void)
{
  g_autoptr(EbCardReport) report = report_new ();
  const EbCardFinding findings[] = { EB_CARD_FINDING_CARD_UNRESPONSIVE, EB_CARD_FINDING_NO_TOKEN };
  g_autoptr(EbCardAdvice) advice = NULL;

  report->service_running = TRUE;
  report->service_installed = TRUE;
  add_reader (report, EB_CARD_TYPE_UNRESPONSIVE, "");
  add_findings (report, findings, G_N_ELEMENTS (findings));

  advice = eb_card_advice_new (report, FALSE);
  g_assert_cmpint (advice->finding, ==, EB_CARD_FINDING_CARD_UNRESPONSIVE);
  g_assert_true (advice->problem);
  g_assert_null (advice->command);
  g_assert_null (advice->link);
  assert_contains (advice->title, "Çıkarıp");
  assert_contains (advice->text, "çıkarıp");
}

/* Every finding has its own title and words, in Turkish. */
static void
test_advice_every_finding (void)
{
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (EbCardFinding finding = EB_CARD_FINDING_SERVICE_NOT_RUNNING; finding <= EB_CARD_FINDING_READY; finding++)
    {
      g_autoptr(EbCardReport) report = report_new ();
      g_autoptr(EbCardAdvice) advice = NULL;

      report->service_running = finding != EB_CARD_FINDING_SERVICE_NOT_RUNNING;
      report->service_installed = TRUE;
      report->service_error = report->service_running ? NULL : g_strdup ("SCARD_E_NO_SERVICE");
      add_findings (report, &finding, 1);
      advice = eb_card_advice_new (report, FALSE);
      g_assert_cmpint (advice->finding, ==, finding);
      g_assert_nonnull (advice->title);
      g_assert_nonnull (advice->text);
      g_assert_cmpstr (advice->text, !=, "");
      g_assert_cmpint (advice->problem, ==, finding != EB_CARD_FINDING_READY &&
                                            finding != EB_CARD_FINDING_NES_EXPIRING);
      /* Not the English msgid: the Turkish translation is there. */
      g_assert_null (strstr (advice->text, " the "));
      /* One finding, one title (the two "no answer" findings share theirs). */
      if (finding != EB_CARD_FINDING_NO_TOKEN)
        g_assert_true (g_hash_table_add (titles, g_strdup (advice->title)));
    }
}

/* Practice: the card is a SoftHSM token, so no reader, no service and no
 * AKİS driver are needed; a ready practice card is good news. */
static void
test_advice_practice (void)
{
  g_autoptr(EbCardReport) report = service_down_report (FALSE, TRUE, "debian");
  g_autoptr(EbCardAdvice) advice = NULL;
  g_autoptr(EbCardAdvice) real = NULL;
  const EbCardFinding ready = EB_CARD_FINDING_READY;

  /* SoftHSM's token is there, with the sample person's NES. */
  g_array_set_size (report->findings, 1);
  add_findings (report, &ready, 1);
  advice = eb_card_advice_new (report, TRUE);
  g_assert_cmpint (advice->finding, ==, EB_CARD_FINDING_READY);
  g_assert_false (advice->problem);
  g_assert_null (advice->command);
  g_assert_null (strstr (advice->title, "pcscd"));
  g_assert_null (strstr (advice->text, "sudo"));
  assert_contains (advice->title, "Alıştırma");

  /* The same facts outside practice: the service comes first. */
  real = eb_card_advice_new (report, FALSE);
  g_assert_cmpint (real->finding, ==, EB_CARD_FINDING_SERVICE_NOT_RUNNING);
  g_assert_true (real->problem);
}

static gboolean
clipboard_read (gpointer data)
{
  return *(char **) data != NULL;
}

static void
text_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(char **) user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, text_read, &text);
  eb_test_ui_spin_until (clipboard_read, &text);
  return text;
}

static GtkWidget *
child (EbDiagnosticsWindow *window,
       const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), EB_TYPE_DIAGNOSTICS_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static EbDiagnosticsWindow *
open_window (EbCardReport *report,
             gboolean      practice)
{
  EbDiagnosticsWindow *window = eb_diagnostics_window_new_for_report (NULL, report, practice);

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 640);
  gtk_window_present (GTK_WINDOW (window));
  eb_test_ui_settle ();
  return window;
}

static void
test_window_service_not_running (void)
{
  g_autoptr(EbCardReport) report = service_down_report (TRUE, TRUE, "pardus debian");
  EbDiagnosticsWindow *window = open_window (report, FALSE);
  g_autofree char *copied = NULL;
  g_autofree char *copied_report = NULL;

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, "summary_label"))), ==,
                   "Akıllı Kart Hizmetini Başlatın");
  g_assert_true (gtk_widget_get_visible (child (window, "command_box")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, "command_label"))), ==,
                   "sudo systemctl start pcscd.socket");
  g_assert_false (gtk_widget_get_visible (child (window, "link_button")));
  g_assert_null (eb_diagnostics_window_get_link (window));
  g_assert_true (gtk_widget_has_css_class (child (window, "finding_icon"), "warning"));
  /* One finding only: the card advice of NO_TOKEN is not on the page. */
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child (window, "advice_label"))), "çıkarıp"));

  /* The raw report waits behind "Ayrıntılar". */
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (child (window, "details_expander"))));
  g_assert_cmpstr (gtk_expander_get_label (GTK_EXPANDER (child (window, "details_expander"))), ==,
                   "_Ayrıntılar");
  eb_test_ui_screenshot (GTK_WIDGET (window), "31-diagnostics-service.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "diagnostics.copy-command", NULL));
  copied = read_clipboard (GTK_WIDGET (window));
  g_assert_cmpstr (copied, ==, "sudo systemctl start pcscd.socket");

  gtk_expander_set_expanded (GTK_EXPANDER (child (window, "details_expander")), TRUE);
  eb_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (child (window, "report_view")));
  g_assert_true (gtk_widget_get_mapped (child (window, "copy_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "diagnostics.copy", NULL));
  copied_report = read_clipboard (GTK_WIDGET (window));
  g_assert_cmpstr (copied_report, ==, eb_diagnostics_window_get_report (window));
  assert_contains (copied_report, "SCARD_E_NO_SERVICE");
  eb_test_ui_screenshot (GTK_WIDGET (window), "32-diagnostics-details.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_akis_driver (void)
{
  g_autoptr(EbCardReport) report = report_new ();
  const EbCardFinding findings[] = { EB_CARD_FINDING_NO_MODULE, EB_CARD_FINDING_AKIS_MODULE_MISSING };
  EbDiagnosticsWindow *window;

  report->service_running = TRUE;
  report->service_installed = TRUE;
  add_reader (report, EB_CARD_TYPE_AKIS_1_X, AKIS_ATR);
  add_findings (report, findings, G_N_ELEMENTS (findings));
  window = open_window (report, FALSE);

  g_assert_false (gtk_widget_get_visible (child (window, "command_box")));
  g_assert_true (gtk_widget_get_visible (child (window, "link_button")));
  g_assert_cmpstr (eb_diagnostics_window_get_link (window), ==, "https://kamusm.bilgem.tubitak.gov.tr/");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (window, "link_button")), ==,
                   "https://kamusm.bilgem.tubitak.gov.tr/");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (window, "link_button"))), ==,
                   "Kamu SM _Web Sitesini Aç");
  assert_contains (gtk_label_get_text (GTK_LABEL (child (window, "advice_label"))), "Akıllı Kart Sürücüleri");
  eb_test_ui_screenshot (GTK_WIDGET (window), "33-diagnostics-akis-driver.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_practice_no_alarm (void)
{
  g_autoptr(EbCardReport) report = service_down_report (TRUE, TRUE, "debian");
  const EbCardFinding ready = EB_CARD_FINDING_READY;
  EbDiagnosticsWindow *window;
  const char *summary;

  g_array_set_size (report->findings, 0);
  {
    const EbCardFinding down[] = { EB_CARD_FINDING_SERVICE_NOT_RUNNING };

    add_findings (report, down, 1);
  }
  add_findings (report, &ready, 1);
  window = open_window (report, TRUE);

  summary = gtk_label_get_text (GTK_LABEL (child (window, "summary_label")));
  g_assert_cmpstr (summary, ==, "Alıştırma Kartı Hazır");
  g_assert_true (gtk_widget_has_css_class (child (window, "finding_icon"), "success"));
  g_assert_false (gtk_widget_has_css_class (child (window, "finding_icon"), "warning"));
  g_assert_false (gtk_widget_get_visible (child (window, "command_box")));
  g_assert_false (gtk_widget_get_visible (child (window, "link_button")));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child (window, "advice_label"))), "sudo"));
  eb_test_ui_screenshot (GTK_WIDGET (window), "34-diagnostics-practice.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/diagnostics/advice/service-not-running", test_advice_service_not_running);
  g_test_add_func ("/ui/diagnostics/advice/akis-driver-missing", test_advice_akis_driver_missing);
  g_test_add_func ("/ui/diagnostics/advice/card-not-answering", test_advice_card_not_answering);
  g_test_add_func ("/ui/diagnostics/advice/every-finding", test_advice_every_finding);
  g_test_add_func ("/ui/diagnostics/advice/practice", test_advice_practice);
  g_test_add_func ("/ui/diagnostics/window/service-not-running", test_window_service_not_running);
  g_test_add_func ("/ui/diagnostics/window/akis-driver", test_window_akis_driver);
  g_test_add_func ("/ui/diagnostics/window/practice-no-alarm", test_window_practice_no_alarm);

  return g_test_run ();
}
