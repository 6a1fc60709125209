/* test-ui-training-app.c — the app itself in practice mode, in-process
 *
 * `eimza-basvuru --training` as a user starts it (the real EbApplication
 * with its option handling, store, practice portal and card monitor): it
 * makes the practice card, a SoftHSM2 token with an NES of the first sample
 * person, reads it as its signing card, has the practice portal trust it,
 * shows the holder in the card status, and removes every practice file when
 * it quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eb-application.h"
#include "eb-card-status.h"
#include "eb-certificate-info.h"
#include "eb-practice-card.h"
#include "eb-test-ui.h"
#include "eb-window.h"

#define DEADLINE_S 60

typedef struct
{
  EbApplication *app;
  gint64 deadline;
  char *trust_dir;
  char *holder;
  char *status_text;
  gboolean done;
} Check;

static EbCardStatus *
find_card_status (GtkWidget *widget)
{
  if (EB_IS_CARD_STATUS (widget))
    return EB_CARD_STATUS (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      EbCardStatus *found = find_card_status (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Polls what a user would see, until the practice card has been read. */
static gboolean
check_practice_card (gpointer user_data)
{
  Check *check = user_data;
  EbSigningCard *card = eb_application_get_signing_card (check->app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (check->app));
  g_autoptr(GPtrArray) people = NULL;
  EbCertificateInfo *info;
  EbCardStatus *status;
  const char *tckn = NULL;

  g_assert_cmpint (g_get_monotonic_time (), <, check->deadline);
  if (card == NULL || window == NULL ||
      eb_signing_card_get_state (card) != EB_SIGNING_CARD_STATE_READY)
    return G_SOURCE_CONTINUE;

  g_assert_cmpstr (eb_token_get_label (eb_signing_card_get_token (card)), ==, EB_PRACTICE_CARD_TOKEN_LABEL);
  info = eb_token_certificate_get_info (eb_signing_card_get_certificate (card));
  people = eb_training_portal_list_sample_people (eb_application_get_training_portal (check->app));
  g_assert_true (g_variant_lookup (g_ptr_array_index (people, 0), "tckn", "&s", &tckn));
  g_assert_cmpstr (eb_certificate_info_get_tckn (info), ==, tckn);
  g_assert_true (eb_certificate_info_is_nes (info));
  check->holder = g_strdup (eb_certificate_info_get_holder_name (info));

  /* The practice portal trusts the practice card's root. */
  check->trust_dir = eb_training_portal_dup_trust_anchor_dir (eb_application_get_training_portal (check->app));
  g_assert_nonnull (check->trust_dir);
  {
    g_autofree char *root = g_build_filename (check->trust_dir, "practice-root.pem", NULL);

    g_assert_true (g_file_test (root, G_FILE_TEST_IS_REGULAR));
  }

  /* The header names the holder (there is no reader: the token is SoftHSM). */
  status = find_card_status (GTK_WIDGET (window));
  g_assert_nonnull (status);
  eb_test_ui_settle ();
  check->status_text = g_strdup (eb_card_status_get_text (status));
  eb_test_ui_screenshot (GTK_WIDGET (window), "20-training-app.png");

  check->done = TRUE;
  /* As the user closing the window does. */
  gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

static void
test_training_app_practice_card (void)
{
  Check check = { 0 };
  char *argv[] = { (char *) "eimza-basvuru", (char *) "--training", NULL };
  g_autoptr(EbApplication) app = eb_application_new ();
  int status;

  check.app = app;
  check.deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  g_timeout_add (100, check_practice_card, &check);

  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (check.done);
  g_test_message ("card status: %s", check.status_text);
  g_assert_true (g_str_has_prefix (check.status_text, check.holder));

  /* Nothing of the practice is left behind: token, keys, store. */
  g_assert_false (g_file_test (check.trust_dir, G_FILE_TEST_EXISTS));

  g_free (check.trust_dir);
  g_free (check.holder);
  g_free (check.status_text);
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

  /* The app's own data places, in a temp dir; no card service answers. */
  tmp_dir = g_dir_make_tmp ("eb-ui-app-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("TMPDIR", tmp_dir, TRUE);
  {
    g_autofree char *socket = g_build_filename (tmp_dir, "no-pcscd.comm", NULL);

    g_setenv ("PCSCLITE_CSOCK_NAME", socket, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/training-app/practice-card", test_training_app_practice_card);
  status = g_test_run ();

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, &error);
    const char *name;

    /* Only what the test itself made may remain (the store's folder). */
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "eimza-basvuru-practice-"));
  }
  return status;
}
