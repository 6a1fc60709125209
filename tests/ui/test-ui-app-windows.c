/* test-ui-app-windows.c — About and Card Diagnostics of the app itself
 *
 * `eimza-basvuru --training` from the build tree (nothing installed): About
 * shows the app's own icon, found in the icon theme from the app's
 * resources, and its real credits: the developers, whose procedure it is,
 * the data it ships, the licence and the project's addresses. Card
 * Diagnostics, with no smart card service running, finds the practice card
 * and raises no alarm: practice needs no reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "eb-application.h"
#include "eb-diagnostics-window.h"
#include "eb-file-util.h"
#include "eb-test-ui.h"

#define DEADLINE_S 60

typedef struct
{
  EbApplication *app;
  gint64 deadline;
  gboolean done;
} Check;

static AdwAboutWindow *
find_about (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_ABOUT_WINDOW (window);
    }
  return NULL;
}

static gboolean
check_about (gpointer user_data)
{
  Check *check = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (check->app));
  AdwAboutWindow *about;
  GtkIconTheme *theme;
  const char *icon;
  g_autoptr(GtkIconPaintable) paintable = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  const char * const *developers;

  g_assert_cmpint (g_get_monotonic_time (), <, check->deadline);
  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;

  g_action_group_activate_action (G_ACTION_GROUP (check->app), "about", NULL);
  eb_test_ui_settle ();
  about = find_about ();
  g_assert_nonnull (about);
  gtk_window_set_default_size (GTK_WINDOW (about), 480, 640);
  eb_test_ui_settle ();

  /* The icon: in the theme, from the app's own resources (not installed). */
  icon = adw_about_window_get_application_icon (about);
  g_assert_cmpstr (icon, ==, APPLICATION_ID);
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about)));
  g_assert_true (gtk_icon_theme_has_icon (theme, icon));
  paintable = gtk_icon_theme_lookup_icon (theme, icon, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (paintable);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_test_message ("application icon: %s", uri);
  g_assert_true (g_str_has_prefix (uri, "resource:///io/github/eimzabasvuru/EimzaBasvuru/icons/"));
  g_assert_true (gtk_icon_theme_has_icon (theme, APPLICATION_ID "-symbolic"));
  /* The main window's too. */
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APPLICATION_ID);

  /* The credits are the project's, in Turkish. */
  developers = adw_about_window_get_developers (about);
  g_assert_nonnull (developers);
  g_assert_cmpstr (developers[0], ==, "e-İmza Başvuru geliştiricileri");
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "e-İmza Başvuru geliştiricileri");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/eimzabasvuru/eimza-basvuru");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==,
                   "https://github.com/eimzabasvuru/eimza-basvuru/issues");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  eb_test_ui_screenshot (GTK_WIDGET (about), "30-about.png");

  check->done = TRUE;
  gtk_window_close (GTK_WINDOW (about));
  gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

/* The website and issue addresses are the metainfo's, not made up. */
static void
test_about_urls_are_the_metainfo_ones (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 APPLICATION_ID ".metainfo.xml.in", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "<url type=\"homepage\">https://github.com/eimzabasvuru/eimza-basvuru</url>"));
  g_assert_nonnull (strstr (text, "<url type=\"bugtracker\">https://github.com/eimzabasvuru/eimza-basvuru/issues</url>"));
}

static EbDiagnosticsWindow *
find_diagnostics (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (EB_IS_DIAGNOSTICS_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return EB_DIAGNOSTICS_WINDOW (window);
    }
  return NULL;
}

static GtkWidget *
diagnostics_child (EbDiagnosticsWindow *window,
                   const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), EB_TYPE_DIAGNOSTICS_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Polls until the practice card is read, opens Card Diagnostics as the
 * welcome page's button does, then until its report is in. */
static gboolean
check_diagnostics (gpointer user_data)
{
  Check *check = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (check->app));
  EbSigningCard *card = eb_application_get_signing_card (check->app);
  EbDiagnosticsWindow *diagnostics = find_diagnostics ();
  const char *report;

  g_assert_cmpint (g_get_monotonic_time (), <, check->deadline);
  if (diagnostics == NULL)
    {
      if (window == NULL || card == NULL || eb_signing_card_get_state (card) != EB_SIGNING_CARD_STATE_READY)
        return G_SOURCE_CONTINUE;
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.diagnostics", NULL));
      return G_SOURCE_CONTINUE;
    }
  if (eb_diagnostics_window_get_report (diagnostics) == NULL)
    return G_SOURCE_CONTINUE;

  /* The facts: no service here, the practice card through SoftHSM. */
  report = eb_diagnostics_window_get_report (diagnostics);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "SCARD_E_NO_SERVICE"));
  g_assert_nonnull (strstr (report, "softhsm"));

  /* The words: the practice card is ready, nothing about pcscd, no alarm. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (diagnostics_child (diagnostics, "summary_label"))), ==,
                   "Alıştırma Kartı Hazır");
  g_assert_true (gtk_widget_has_css_class (diagnostics_child (diagnostics, "finding_icon"), "success"));
  g_assert_false (gtk_widget_has_css_class (diagnostics_child (diagnostics, "finding_icon"), "warning"));
  g_assert_false (gtk_widget_get_visible (diagnostics_child (diagnostics, "command_box")));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (diagnostics_child (diagnostics, "advice_label"))), "pcscd"));
  eb_test_ui_screenshot (GTK_WIDGET (diagnostics), "35-diagnostics-practice-app.png");

  check->done = TRUE;
  gtk_window_close (GTK_WINDOW (diagnostics));
  gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

static void
test_practice_diagnostics_no_alarm (void)
{
  Check check = { 0 };
  char *argv[] = { (char *) "eimza-basvuru", (char *) "--training", NULL };
  g_autoptr(EbApplication) app = eb_application_new ();
  int status;

  check.app = app;
  check.deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  g_timeout_add (100, check_diagnostics, &check);

  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (check.done);
}

static void
test_about_icon_and_credits (void)
{
  Check check = { 0 };
  char *argv[] = { (char *) "eimza-basvuru", (char *) "--training", NULL };
  g_autoptr(EbApplication) app = eb_application_new ();
  int status;

  check.app = app;
  check.deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  g_timeout_add (100, check_about, &check);

  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (check.done);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");
  g_autofree char *tmp_dir = NULL;
  int status;

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The app's own data places, in a temp dir; no card service answers;
   * no icons installed anywhere the theme looks. */
  tmp_dir = g_dir_make_tmp ("eb-ui-app-windows-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_DATA_DIRS", "/usr/share", TRUE);
  g_setenv ("TMPDIR", tmp_dir, TRUE);
  {
    g_autofree char *socket = g_build_filename (tmp_dir, "no-pcscd.comm", NULL);

    g_setenv ("PCSCLITE_CSOCK_NAME", socket, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/about/urls-are-the-metainfo-ones", test_about_urls_are_the_metainfo_ones);
  g_test_add_func ("/ui/about/icon-and-credits", test_about_icon_and_credits);
  g_test_add_func ("/ui/diagnostics/practice-no-alarm", test_practice_diagnostics_no_alarm);
  status = g_test_run ();

  eb_remove_tree (tmp_dir, NULL);
  return status;
}
