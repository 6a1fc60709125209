/* test-ui-shell.c — the window around the pages, in-process under Xvfb
 *
 * What a principal reads around every page, at a 1366×768 laptop's size:
 * the card status whole on a row of its own (a holder's name, a stopped
 * card service), page titles whole, one step count (the welcome page's list
 * and the header's "Step n of N" agree on every page of a walk through the
 * practice portal), the practice SMS in a row of its own above the page
 * (never over the heading or the countdown) and gone once its code is used,
 * expired or replaced, and the question before practice work is thrown
 * away on closing. Screenshots go to $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "eb-assistant.h"
#include "eb-card-status.h"
#include "eb-document-page.h"
#include "eb-file-util.h"
#include "eb-form-page.h"
#include "eb-identity-page.h"
#include "eb-method-page.h"
#include "eb-pcsc-monitor.h"
#include "eb-procedure.h"
#include "eb-session.h"
#include "eb-sms-verify-page.h"
#include "eb-store.h"
#include "eb-submitted-page.h"
#include "eb-test-form.h"
#include "eb-test-pki.h"
#include "eb-test-ui.h"
#include "eb-training-portal.h"
#include "eb-welcome-page.h"
#include "eb-window.h"

#define DEMO_PERSON "demo|MEHMET ALİ YILDIZ|10000000146|-10|720|person_nes"

static char *tmp_dir;
static EbTrainingPortal *portal;

static GtkWidget *
assistant_child (EbAssistant *assistant,
                 const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (assistant), EB_TYPE_ASSISTANT, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
on_sms (EbTrainingPortal *training,
        const char       *number,
        const char       *text,
        EbWindow         *window)
{
  eb_window_show_phone_message (window, number, text);
}

/* A window as the app makes it, in practice mode or not, at a laptop's size. */
static GtkWidget *
open_window (gboolean        training,
             EbSigningCard  *card,
             EbSession     **session_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_strdup_printf ("%s/shell-%d.db", tmp_dir, g_random_int_range (0, G_MAXINT));
  g_autoptr(EbStore) store = eb_store_open (db, &error);
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  EbSession *session;
  GtkWidget *window;

  g_assert_no_error (error);
  session = eb_session_new (store, client);
  if (training)
    {
      g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);

      eb_session_set_training (session, people);
    }

  window = GTK_WIDGET (eb_window_new (NULL, session, card));
  g_signal_connect_object (portal, "sms-received", G_CALLBACK (on_sms), window, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  eb_test_ui_settle ();

  *session_out = session;
  return window;
}

static void
close_window (GtkWidget *window,
              EbSession *session)
{
  gtk_window_destroy (GTK_WINDOW (window));
  eb_test_ui_settle ();
  g_object_unref (session);
}

/* Every label under @widget that is on screen. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* A label shows its text whole: not ellipsized, not clipped by the window. */
static void
assert_label_whole (GtkWidget *label,
                    GtkWidget *window)
{
  graphene_rect_t bounds;
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (*text == '\0')
    return;
  g_assert_true (gtk_widget_compute_bounds (label, window, &bounds));
  if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))))
    g_error ("“%s” is cut off", text);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
}

static void
assert_labels_whole (GtkWidget *widget,
                     GtkWidget *window)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (widget, labels);
  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    assert_label_whole (g_ptr_array_index (labels, i), window);
}

static GtkWidget *
header_bar_of (EbAssistant *assistant)
{
  GtkWidget *header = gtk_widget_get_ancestor (assistant_child (assistant, "title_label"), ADW_TYPE_HEADER_BAR);

  g_assert_nonnull (header);
  return header;
}

static EbCardStatus *
card_status_of (EbAssistant *assistant)
{
  return EB_CARD_STATUS (assistant_child (assistant, "card_status"));
}

typedef struct
{
  EbCardStatus *status;
  const char *text;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;

  return g_strcmp0 (eb_card_status_get_text (wait->status), wait->text) == 0;
}

static gboolean
status_has_prefix (gpointer data)
{
  StatusWait *wait = data;

  return g_str_has_prefix (eb_card_status_get_text (wait->status), wait->text);
}

static void
diagnostics_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* At a laptop's width the text needs no second line either. */
static void
assert_one_line (GtkWidget *label)
{
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), ==, 1);
}

/* The card status: on a row of its own, not in the crowded header bar, and
 * whole at a laptop's width, and still whole (wrapped) in a narrow window. */
static void
check_card_status_whole (GtkWidget  *window,
                         const char *screenshot)
{
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  EbCardStatus *status = card_status_of (assistant);
  GtkWidget *header = header_bar_of (assistant);
  graphene_rect_t status_bounds, header_bounds, page_bounds;
  g_autoptr(GSimpleActionGroup) app_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) diagnostics = g_simple_action_new ("diagnostics", NULL);
  gboolean opened = FALSE;

  /* The application's action, which the status opens. */
  g_signal_connect (diagnostics, "activate", G_CALLBACK (diagnostics_activated), &opened);
  g_action_map_add_action (G_ACTION_MAP (app_actions), G_ACTION (diagnostics));
  gtk_widget_insert_action_group (window, "app", G_ACTION_GROUP (app_actions));
  eb_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_null (gtk_widget_get_ancestor (GTK_WIDGET (status), ADW_TYPE_HEADER_BAR));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (status), window, &status_bounds));
  g_assert_true (gtk_widget_compute_bounds (header, window, &header_bounds));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (eb_assistant_get_current_page (assistant)),
                                            window, &page_bounds));
  /* Under the header, above the page, covering neither. */
  g_assert_cmpfloat (status_bounds.origin.y, >=, header_bounds.origin.y + header_bounds.size.height);
  g_assert_cmpfloat (status_bounds.origin.y + status_bounds.size.height, <=, page_bounds.origin.y);

  assert_labels_whole (GTK_WIDGET (status), window);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    collect_labels (GTK_WIDGET (status), labels);
    for (guint i = 0; i < labels->len; i++)
      assert_one_line (g_ptr_array_index (labels, i));
  }
  /* The header's labels too (the page title, the step). */
  assert_labels_whole (header, window);
  eb_test_ui_screenshot (window, screenshot);

  /* A narrow window wraps the status; it never cuts it. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 768);
  eb_test_ui_settle ();
  assert_labels_whole (GTK_WIDGET (status), window);
  assert_labels_whole (header, window);
  {
    g_autofree char *narrow = g_strdup_printf ("%.*s-narrow.png", (int) strlen (screenshot) - 4, screenshot);

    eb_test_ui_screenshot (window, narrow);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  eb_test_ui_settle ();

  /* Pressing it opens Card Diagnostics, where the "why" is. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (status)));
  g_signal_emit_by_name (status, "clicked");
  eb_test_ui_settle ();
  g_assert_true (opened);
  gtk_widget_insert_action_group (window, "app", NULL);
}

static void
test_shell_card_status_holder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbTestPki) pki = NULL;
  g_autoptr(EbTokenManager) tokens = eb_token_manager_new ();
  g_autoptr(EbSigningCard) card = NULL;
  EbSession *session = NULL;
  GtkWidget *window;
  StatusWait wait;

  g_setenv ("EB_TEST_PKI_EXTRA_PERSONS", DEMO_PERSON, TRUE);
  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  eb_test_pki_setup_shim (pki);
  eb_test_pki_write_shim_conf (pki, NULL);
  /* No reader: the token stands on its own, as the practice card does. */
  card = eb_signing_card_new (NULL, tokens, EB_TEST_SHIM_PATH);
  eb_signing_card_set_applicant_tckn (card, "10000000146");

  window = open_window (TRUE, card, &session);
  eb_signing_card_refresh (card);
  wait.status = card_status_of (eb_window_get_assistant (EB_WINDOW (window)));
  wait.text = "MEHMET ALİ YILDIZ, ";
  eb_test_ui_spin_until (status_has_prefix, &wait);
  g_test_message ("card status: %s", eb_card_status_get_text (wait.status));
  check_card_status_whole (window, "30-shell-card-holder.png");

  close_window (window, session);
  eb_token_manager_unload (tokens);
}

static void
test_shell_card_status_no_service (void)
{
  g_autoptr(EbPcscMonitor) monitor = eb_pcsc_monitor_new ();
  g_autoptr(EbTokenManager) tokens = eb_token_manager_new ();
  g_autoptr(EbSigningCard) card = eb_signing_card_new (monitor, tokens, "/nonexistent/module.so");
  EbSession *session = NULL;
  GtkWidget *window = open_window (FALSE, card, &session);
  StatusWait wait;

  /* eb_window_new() does this for the app; the card comes with it. */
  eb_assistant_set_signing_card (eb_window_get_assistant (EB_WINDOW (window)), card);
  wait.status = card_status_of (eb_window_get_assistant (EB_WINDOW (window)));
  wait.text = _("Card service not running");
  eb_test_ui_spin_until (status_is, &wait);
  check_card_status_whole (window, "31-shell-card-no-service.png");

  close_window (window, session);
  eb_pcsc_monitor_stop (monitor);
}

/* A first start (no size kept) fits a 1366×768 laptop with a panel, about
 * 1366×700 usable, and uses much of its width; every page fits in it. */
static void
test_shell_default_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (tmp_dir, "default-size.db", NULL);
  g_autoptr(EbStore) store = eb_store_open (db, &error);
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(EbSession) session = eb_session_new (store, client);
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);
  GtkWidget *window;
  EbAssistant *assistant;
  int width, height;

  eb_session_set_training (session, people);
  window = GTK_WIDGET (eb_window_new (NULL, session, NULL));
  assistant = eb_window_get_assistant (EB_WINDOW (window));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_test_message ("default size %d×%d", width, height);
  g_assert_cmpint (width, <=, 1366);
  g_assert_cmpint (height, <=, 700);
  g_assert_cmpint (width, >=, 1000);
  g_assert_cmpint (height, >=, 600);

  {
    int minimum = 0;

    gtk_widget_measure (window, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, height);
  }
  /* No page is wider than that. */
  for (guint i = 0; i < eb_assistant_get_n_pages (assistant); i++)
    {
      int minimum = 0;

      gtk_widget_measure (GTK_WIDGET (eb_assistant_get_page (assistant, i)), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_assert_cmpint (minimum, <=, width);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The rows of the welcome page's step list, in order. */
static GPtrArray *
welcome_steps (EbAssistant *assistant)
{
  EbPage *welcome = eb_assistant_get_page (assistant, 0);
  GtkWidget *group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (welcome), EB_TYPE_WELCOME_PAGE,
                                                                "steps_group"));
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_assert_nonnull (group);
  g_ptr_array_add (stack, group);
  /* Depth first, so the rows come in the order they are shown. */
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autoptr(GPtrArray) children = g_ptr_array_new ();

      if (ADW_IS_ACTION_ROW (widget))
        {
          g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (children, child);
      while (children->len > 0)
        g_ptr_array_add (stack, g_ptr_array_steal_index (children, children->len - 1));
    }
  return titles;
}

static const char *
header_subtitle (EbAssistant *assistant)
{
  return gtk_label_get_text (GTK_LABEL (assistant_child (assistant, "subtitle_label")));
}

/* "Adım n / N" as the header shows it, read back: n, and N into @n_steps. */
static guint
header_step (EbAssistant *assistant,
             guint       *n_steps)
{
  const char *shown = header_subtitle (assistant);

  for (guint n = 1; n <= 20; n++)
    for (guint total = n; total <= 20; total++)
      {
        g_autofree char *text = g_strdup_printf (_("Step %u of %u"), n, total);

        if (g_strcmp0 (text, shown) == 0)
          {
            *n_steps = total;
            return n;
          }
      }
  g_error ("The header shows “%s”, not a step", shown);
  return 0;
}

static gboolean
stack_settled (gpointer data)
{
  EbAssistant *assistant = data;
  GtkStack *stack = GTK_STACK (assistant_child (assistant, "stack"));

  return !gtk_stack_get_transition_running (stack) &&
         gtk_stack_get_visible_child (stack) == GTK_WIDGET (eb_assistant_get_current_page (assistant));
}

typedef struct
{
  EbAssistant *assistant;
  guint index;
} PageWait;

static gboolean
page_left (gpointer data)
{
  PageWait *wait = data;

  return eb_assistant_get_current_index (wait->assistant) != wait->index &&
         stack_settled (wait->assistant);
}

static void
next (EbAssistant *assistant)
{
  PageWait wait = { assistant, eb_assistant_get_current_index (assistant) };

  g_assert_true (gtk_widget_get_sensitive (assistant_child (assistant, "next_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  eb_test_ui_spin_until (page_left, &wait);
  g_assert_cmpuint (eb_assistant_get_current_index (assistant), >, wait.index);
}

static gboolean
captcha_loaded (gpointer data)
{
  return eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (data)) != NULL;
}

static gboolean
phone_has_message (gpointer data)
{
  return eb_window_get_phone_message (EB_WINDOW (data)) != NULL;
}

static gboolean
document_loaded (gpointer data)
{
  return eb_document_page_get_document (EB_DOCUMENT_PAGE (data)) != NULL;
}

static gboolean
next_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (assistant_child (EB_ASSISTANT (data), "next_button"));
}

/* The practice SMS takes a row of its own: the page (its heading, the
 * countdown) starts below it and nothing of it is covered. */
static void
check_phone_covers_nothing (GtkWidget *window)
{
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  GObject *revealer = gtk_widget_get_template_child (window, EB_TYPE_WINDOW, "phone_revealer");
  EbPage *page = eb_assistant_get_current_page (assistant);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  graphene_rect_t phone, bounds;

  eb_test_ui_settle ();
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (revealer), window, &phone));
  g_assert_cmpfloat (phone.size.height, >, 0);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), window, &bounds));
  g_assert_false (graphene_rect_intersection (&phone, &bounds, NULL));
  g_assert_cmpfloat (phone.origin.y + phone.size.height, <=, bounds.origin.y);

  /* Every label of the page, the heading and the seconds left among them. */
  collect_labels (GTK_WIDGET (page), labels);
  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    {
      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (labels, i), window, &bounds));
      g_assert_false (graphene_rect_intersection (&phone, &bounds, NULL));
    }
  assert_labels_whole (GTK_WIDGET (revealer), window);
}

/* One count: the steps the welcome page lists are the N of the header's
 * "Step n of N" on every page of a whole Yöntem 1 application, whose pages
 * go through the steps in order. Page titles are whole on each. The
 * practice SMS covers nothing and goes once its code is used. */
static void
test_shell_one_step_count (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (TRUE, NULL, &session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  g_autoptr(GPtrArray) steps = welcome_steps (assistant);
  GtkWidget *header = header_bar_of (assistant);
  guint last_step = 0;
  gboolean checked_phone = FALSE;

  /* The list: "1. …" to "N. …". */
  g_assert_cmpuint (steps->len, >=, 3);
  for (guint i = 0; i < steps->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u. ", i + 1);

      g_test_message ("welcome step: %s", (char *) g_ptr_array_index (steps, i));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (steps, i), prefix));
    }
  /* The header counts the same steps before they start. */
  {
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", steps->len),
                                              steps->len);

    g_assert_cmpstr (header_subtitle (assistant), ==, count);
  }
  assert_labels_whole (header, window);
  eb_test_ui_screenshot (window, "32-shell-welcome-steps.png");

  while (!eb_page_get_is_final (eb_assistant_get_current_page (assistant)))
    {
      EbPage *page;
      guint n, n_steps = 0;

      next (assistant);
      page = eb_assistant_get_current_page (assistant);
      n = header_step (assistant, &n_steps);
      g_test_message ("%s: %s", eb_page_get_title (page), header_subtitle (assistant));
      g_assert_cmpuint (n_steps, ==, steps->len);
      /* What the header shows is the assistant's count. */
      {
        guint assistant_steps = 0;

        g_assert_cmpuint (eb_assistant_get_step (assistant, &assistant_steps), ==, n);
        g_assert_cmpuint (assistant_steps, ==, n_steps);
      }
      /* In order, none left out. */
      g_assert_cmpuint (n, >=, last_step);
      g_assert_cmpuint (n, <=, last_step + 1);
      last_step = n;
      eb_test_ui_settle ();
      assert_labels_whole (header, window);
      assert_one_line (assistant_child (assistant, "title_label"));

      if (EB_IS_IDENTITY_PAGE (page))
        {
          GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_IDENTITY_PAGE, "captcha_row");
          g_autofree char *answer = NULL;

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "identity.fill-sample", "u", 0));
          eb_test_ui_spin_until (captcha_loaded, page);
          answer = eb_training_portal_dup_captcha_answer (portal, eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)));
          gtk_editable_set_text (GTK_EDITABLE (row), answer);
        }
      else if (EB_IS_FORM_PAGE (page))
        /* The form page: what a renewing principal types. */
        eb_test_form_fill_renewal (eb_session_get_form (session));
      else if (EB_IS_SMS_VERIFY_PAGE (page))
        {
          GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SMS_VERIFY_PAGE, "code_row");
          g_autoptr(GRegex) six_digits = g_regex_new ("[0-9]{6}", 0, 0, NULL);
          g_autoptr(GMatchInfo) match = NULL;
          g_autofree char *code = NULL;

          eb_test_ui_spin_until (phone_has_message, window);
          check_phone_covers_nothing (window);
          eb_test_ui_screenshot (window, "33-shell-sms-banner.png");
          g_assert_true (g_regex_match (six_digits, eb_window_get_phone_message (EB_WINDOW (window)), 0, &match));
          code = g_match_info_fetch (match, 0);
          gtk_editable_set_text (GTK_EDITABLE (row), code);
        }
      else if (EB_IS_METHOD_PAGE (page))
        {
          /* The code was used: its message has gone with it. */
          g_assert_null (eb_window_get_phone_message (EB_WINDOW (window)));
          checked_phone = TRUE;
        }
      else if (EB_IS_DOCUMENT_PAGE (page))
        eb_test_ui_spin_until (document_loaded, page);

      if (!eb_page_get_is_final (page))
        eb_test_ui_spin_until (next_sensitive, assistant);
    }
  g_assert_true (EB_IS_SUBMITTED_PAGE (eb_assistant_get_current_page (assistant)));
  /* The last page is the last step. */
  g_assert_cmpuint (last_step, ==, steps->len);
  g_assert_true (checked_phone);

  /* The pages of the other method (the sign page) are in the same table:
   * in order, and every step listed has a page. */
  g_assert_cmpuint (eb_procedure_get_n_pages (), ==, eb_assistant_get_n_pages (assistant));
  g_assert_cmpuint (eb_procedure_get_n_steps (), ==, steps->len);
  for (guint i = 0, step = 0; i < eb_procedure_get_n_pages (); i++)
    {
      guint page_step = eb_procedure_get_page_step (i);

      g_assert_true (G_OBJECT_TYPE (eb_assistant_get_page (assistant, i)) == eb_procedure_get_page_type (i));
      g_assert_cmpuint (page_step, >=, step);
      g_assert_cmpuint (page_step, <=, step + 1);
      step = page_step;
    }

  close_window (window, session);
}

static gboolean
phone_gone (gpointer data)
{
  return eb_window_get_phone_message (EB_WINDOW (data)) == NULL;
}

static void
set_code_lifetime (EbSession *session,
                   guint      seconds)
{
  EbPortalSmsInfo *info = g_new0 (EbPortalSmsInfo, 1);

  info->phone = g_strdup ("5321234567");
  info->expires_in = seconds;
  eb_session_set_sms_info (session, info);
}

/* The practice SMS goes when its code expires, or when a new code replaces
 * it, and when the person leaves the SMS pages; the lifetime of an older
 * code does not take a newer message with it. */
static void
test_shell_phone_lifetime (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (TRUE, NULL, &session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  gint64 start;

  /* Expiry: gone after the code's lifetime, not before. */
  set_code_lifetime (session, 1);
  start = g_get_monotonic_time ();
  eb_window_show_phone_message (EB_WINDOW (window), "905321234567", "Kodunuz: 111111.");
  g_assert_cmpstr (eb_window_get_phone_message (EB_WINDOW (window)), ==, "Kodunuz: 111111.");
  eb_test_ui_spin_until (phone_gone, window);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC - 1000);

  /* A message that comes after that code expired is a newer code's: it
   * stays until the portal's answer for it gives its own lifetime. */
  eb_window_show_phone_message (EB_WINDOW (window), "905321234567", "Kodunuz: 222222.");
  eb_test_ui_settle ();
  eb_test_ui_settle ();
  g_assert_cmpstr (eb_window_get_phone_message (EB_WINDOW (window)), ==, "Kodunuz: 222222.");
  set_code_lifetime (session, 300);
  eb_test_ui_settle ();
  g_assert_cmpstr (eb_window_get_phone_message (EB_WINDOW (window)), ==, "Kodunuz: 222222.");

  /* A new code replaces the old one's message. */
  eb_window_show_phone_message (EB_WINDOW (window), "905321234567", "Kodunuz: 333333.");
  set_code_lifetime (session, 300);
  g_assert_cmpstr (eb_window_get_phone_message (EB_WINDOW (window)), ==, "Kodunuz: 333333.");

  /* Leaving for a page where no code is typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  eb_test_ui_spin_until (phone_gone, window);
  g_assert_cmpuint (eb_assistant_get_current_index (assistant), ==, 1);

  close_window (window, session);
}

/* The dialog on top of @window, if any. */
static AdwMessageDialog *
find_dialog (GtkWidget *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Presses the dialog's button for @response, as the person does. */
static void
press_response (AdwMessageDialog *dialog,
                const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog (data) != NULL;
}

/* Closing in practice mode with practice work done says that it is not
 * kept first; "Don't Close" keeps the window, "Close" closes it. With
 * nothing done yet, or outside practice, it closes at once. */
static void
test_shell_close_practice (void)
{
  EbSession *session = NULL;
  GtkWidget *window;
  AdwMessageDialog *dialog;

  /* Nothing done in practice yet. */
  window = open_window (TRUE, NULL, &session);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  eb_test_ui_settle ();
  g_assert_null (window);
  g_clear_object (&session);

  /* Not practice: closes at once from any page. */
  window = open_window (FALSE, NULL, &session);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  next (eb_window_get_assistant (EB_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  eb_test_ui_settle ();
  g_assert_null (window);
  g_clear_object (&session);

  /* Practice, started. */
  window = open_window (TRUE, NULL, &session);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  next (eb_window_get_assistant (EB_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  eb_test_ui_spin_until (dialog_shown, window);
  g_assert_nonnull (window);
  dialog = find_dialog (window);
  g_test_message ("%s — %s", adw_message_dialog_get_heading (dialog), adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Close Practice?"));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   _("Practice data is not kept: the sample application, its forms and the practice card "
                     "are deleted when the application closes. Nothing was sent to Kamu SM."));
  g_assert_true (strstr (adw_message_dialog_get_body (dialog), "saklanmaz") != NULL ||
                 g_strcmp0 (g_getenv ("LANGUAGE"), "tr") != 0);
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "close"), ==, _("_Close"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "cancel"), ==, _("_Don’t Close"));
  eb_test_ui_screenshot (window, "34-shell-close-practice-window.png");
  eb_test_ui_screenshot (GTK_WIDGET (dialog), "34-shell-close-practice-dialog.png");

  /* "Don't Close": the window and its work stay. */
  press_response (dialog, "cancel");
  eb_test_ui_settle ();
  g_assert_null (find_dialog (window));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_cmpuint (eb_assistant_get_current_index (eb_window_get_assistant (EB_WINDOW (window))), ==, 1);

  /* Asked again, once however often it is closed (Ctrl+Q twice), "Close":
   * the window goes. */
  gtk_window_close (GTK_WINDOW (window));
  eb_test_ui_spin_until (dialog_shown, window);
  dialog = find_dialog (window);
  gtk_window_close (GTK_WINDOW (window));
  eb_test_ui_settle ();
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint dialogs = 0;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        dialogs += ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window);
      }
    g_assert_cmpuint (dialogs, ==, 1);
  }
  g_assert_true (find_dialog (window) == dialog);
  press_response (dialog, "close");
  eb_test_ui_settle ();
  g_assert_null (window);
  g_assert_null (find_dialog (NULL));
  g_clear_object (&session);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  tmp_dir = g_dir_make_tmp ("eb-ui-shell-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  /* No card service answers here: the status says so. */
  {
    g_autofree char *socket = g_build_filename (tmp_dir, "no-pcscd.comm", NULL);

    g_setenv ("PCSCLITE_CSOCK_NAME", socket, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* As AdwApplication would: the app's style, for faithful screenshots. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/eimzabasvuru/EimzaBasvuru/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  {
    g_autoptr(GError) error = NULL;

    portal = eb_training_portal_new (&error);
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui/shell/card-status-holder", test_shell_card_status_holder);
  g_test_add_func ("/ui/shell/card-status-no-service", test_shell_card_status_no_service);
  g_test_add_func ("/ui/shell/default-size", test_shell_default_size);
  g_test_add_func ("/ui/shell/one-step-count", test_shell_one_step_count);
  g_test_add_func ("/ui/shell/phone-lifetime", test_shell_phone_lifetime);
  g_test_add_func ("/ui/shell/close-practice", test_shell_close_practice);

  status = g_test_run ();
  g_clear_object (&portal);
  g_assert_true (eb_remove_tree (tmp_dir, NULL));
  return status;
}
