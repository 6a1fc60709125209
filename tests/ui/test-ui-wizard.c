/* test-ui-wizard.c — the wizard shell, in-process under Xvfb
 *
 * End to end against the practice portal (the real server library on
 * 127.0.0.1): fills the pages the way a user does (typing into the rows,
 * leaving them, searching the place lists, reading the SMS code from the
 * in-app phone), checks the messages shown for wrong input and the state of
 * Next, gets an application number and the issued form for Yöntem 1 (print
 * export, save as PDF, the checklist of the three copies), then "restarts"
 * on the same database, finds the draft and the application, and goes the
 * Yöntem 2 way: signs the issued form with the demo person's NES (SoftHSM
 * behind the card shim), a wrong PIN first, and the portal accepts it.
 * Screenshots of every page go to $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eb-assistant.h"
#include "eb-choice-row.h"
#include "eb-document-page.h"
#include "eb-field-binding.h"
#include "eb-file-util.h"
#include "eb-form-page.h"
#include "eb-form-document.h"
#include "eb-form-print.h"
#include "eb-form-text.h"
#include "eb-identity-page.h"
#include "eb-method-page.h"
#include "eb-page.h"
#include "eb-session.h"
#include "eb-sign-page.h"
#include "eb-sms-verify-page.h"
#include "eb-store.h"
#include "eb-submitted-page.h"
#include "eb-test-pki.h"
#include "eb-test-ui.h"
#include "eb-training-portal.h"
#include "eb-validation.h"
#include "eb-window.h"

static char *tmp_dir;
static char *db_path;
static EbTrainingPortal *portal;
/* The practice portal's first sample person holds an NES on a SoftHSM
 * token (behind the card shim), as a renewing applicant would on a card. */
static EbTestPki *pki;
static EbTokenManager *tokens;
static EbSigningCard *signing_card;

#define DEMO_PERSON "demo|MEHMET ALİ YILDIZ|10000000146|-10|720|person_nes"

static GtkWidget *
assistant_child (EbAssistant *assistant,
                 const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (assistant), EB_TYPE_ASSISTANT, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
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
page_reached (gpointer data)
{
  PageWait *wait = data;

  return eb_assistant_get_current_index (wait->assistant) == wait->index &&
         stack_settled (wait->assistant);
}

static gboolean
page_left (gpointer data)
{
  PageWait *wait = data;

  return eb_assistant_get_current_index (wait->assistant) != wait->index &&
         stack_settled (wait->assistant);
}

/* Runs an assistant action and waits until @index is on screen and still. */
static void
navigate (EbAssistant *assistant,
          const char  *action,
          guint        index)
{
  PageWait wait = { assistant, index };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), action, NULL));
  eb_test_ui_spin_until (page_reached, &wait);
}

static void
next (EbAssistant *assistant)
{
  /* Activation does not check sensitivity (docs/architecture.md,
   * “Test fixtures: facts found by trying”), so check first. */
  PageWait wait = { assistant, eb_assistant_get_current_index (assistant) };

  g_assert_true (gtk_widget_get_sensitive (assistant_child (assistant, "next_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  /* Forward, passing over the other method's pages (which method it is may
   * only be known once the step is applied). */
  eb_test_ui_spin_until (page_left, &wait);
  g_assert_cmpuint (eb_assistant_get_current_index (assistant), >, wait.index);
  g_assert_true (eb_page_applies (eb_assistant_get_current_page (assistant)));
}

static gboolean
next_enabled (EbAssistant *assistant)
{
  return gtk_widget_get_sensitive (assistant_child (assistant, "next_button"));
}

/* The rows tied to form fields, on the identity or the form page. */
static EbFieldBinding *
page_fields (EbPage *page)
{
  if (EB_IS_IDENTITY_PAGE (page))
    return eb_identity_page_get_field_binding (EB_IDENTITY_PAGE (page));
  return eb_form_page_get_field_binding (EB_FORM_PAGE (page));
}

/* Types into a field's row and moves on, as a user tabbing through does. */
static void
type_into (EbPage      *page,
           EbFormField  field,
           const char  *text)
{
  GtkWidget *row = eb_field_binding_get_widget (page_fields (page), field);

  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Leaving the row is what checks it. Tab may first stop on a button
   * inside the row (the password peek), so tab until out of it. */
  for (guint i = 0; i < 5 && gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (row)), row); i++)
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (row)), GTK_DIR_TAB_FORWARD));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (row)), row));
  eb_test_ui_settle ();
}

static void
choose (EbPage      *page,
        EbFormField  field,
        const char  *search)
{
  EbChoiceRow *row = EB_CHOICE_ROW (eb_field_binding_get_widget (page_fields (page), field));

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  /* As a user does, with the row in sight: a popover off the screen has no
   * monitor to go on. Focus scrolls the page to it. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  eb_test_ui_settle ();
  eb_choice_row_popup (row);
  eb_test_ui_settle ();
  g_assert_true (eb_choice_row_get_popup_open (row));
  eb_choice_row_set_search_text (row, search);
  g_assert_cmpuint (eb_choice_row_get_n_matches (row), >=, 1);
  g_assert_true (eb_choice_row_choose_first_match (row));
  eb_test_ui_settle ();
  g_assert_false (eb_choice_row_get_popup_open (row));
}

static char *
expected_error (EbSession         *session,
                EbFormField        field,
                EbValidationError  code)
{
  g_autoptr(GError) error = g_error_new_literal (EB_VALIDATION_ERROR, code, "");

  return eb_form_text_error (eb_session_get_form (session), field, error);
}

static void
on_sms (EbTrainingPortal *training,
        const char       *number,
        const char       *text,
        EbWindow         *window)
{
  eb_window_show_phone_message (window, number, text);
}

static GtkWidget *
open_window (EbSession **session_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (db_path, &error);
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);
  EbSession *session;
  GtkWidget *window;

  g_assert_no_error (error);
  session = eb_session_new (store, client);
  eb_session_set_training (session, people);
  g_assert_true (eb_session_restore_draft (session, &error));
  g_assert_no_error (error);

  window = GTK_WIDGET (eb_window_new (NULL, session, signing_card));
  g_signal_connect_object (portal, "sms-received", G_CALLBACK (on_sms), window, 0);
  /* A 1366×768 laptop's screen, as the screenshots show. */
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
  g_autoptr(GError) error = NULL;

  g_assert_true (eb_session_flush_draft (session, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  eb_test_ui_settle ();
  g_object_unref (session);
}

static gboolean
captcha_loaded (gpointer data)
{
  return eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (data)) != NULL;
}

static gboolean
not_applying (gpointer data)
{
  return !eb_assistant_get_applying (EB_ASSISTANT (data));
}

static gboolean
phone_has_message (gpointer data)
{
  return eb_window_get_phone_message (EB_WINDOW (data)) != NULL;
}

/* Types the captcha's text, as read from the practice portal's records. */
static void
solve_captcha (EbPage *page)
{
  g_autofree char *answer = NULL;
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_IDENTITY_PAGE, "captcha_row");

  eb_test_ui_spin_until (captcha_loaded, page);
  answer = eb_training_portal_dup_captcha_answer (portal,
                                                  eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)));
  g_assert_nonnull (answer);
  gtk_editable_set_text (GTK_EDITABLE (row), answer);
  eb_test_ui_settle ();
}

/* Reads the code from the in-app phone and types it, as the user would. */
static void
type_sms_code (GtkWidget *window,
               EbPage    *page,
               gboolean   wrong)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SMS_VERIFY_PAGE, "code_row");
  g_autoptr(GRegex) six_digits = g_regex_new ("[0-9]{6}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *code = NULL;

  eb_test_ui_spin_until (phone_has_message, window);
  g_assert_true (g_regex_match (six_digits, eb_window_get_phone_message (EB_WINDOW (window)), 0, &match));
  code = g_match_info_fetch (match, 0);
  if (wrong)
    code[5] = code[5] == '9' ? '0' : code[5] + 1;
  if (wrong)
    gtk_editable_set_text (GTK_EDITABLE (row), code);
  else
    {
      /* The right one as people copy it, grouped: the space is dropped. */
      g_autofree char *grouped = g_strdup_printf ("%.3s %s", code, code + 3);

      gtk_editable_set_text (GTK_EDITABLE (row), grouped);
    }
  eb_test_ui_settle ();
}

/* Enter in @row (an AdwEntryRow), as the user would press it. */
static void
press_enter (GObject *row)
{
  g_signal_emit_by_name (row, "entry-activated");
}

/* Next on a page whose apply the portal refuses: the page stays. */
static void
next_refused (EbAssistant *assistant)
{
  guint before = eb_assistant_get_current_index (assistant);

  g_assert_true (next_enabled (assistant));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  eb_test_ui_spin_until (not_applying, assistant);
  eb_test_ui_settle ();
  g_assert_cmpuint (eb_assistant_get_current_index (assistant), ==, before);
}

static void
fill_sample_person (EbPage *page,
                    guint   index)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "identity.fill-sample", "u", index));
  eb_test_ui_settle ();
}

static gboolean
document_loaded (gpointer data)
{
  return eb_document_page_get_document (EB_DOCUMENT_PAGE (data)) != NULL;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eb_form_print_save_to_file_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Every page of a practice form says so (issue 12, item 15): the header
 * line as text; the large diagonal mark is outlines, checked by the portal
 * tests. */
static void
check_practice_mark (const char *path)
{
  for (int page = 1; page <= EB_FORM_DOCUMENT_N_PAGES; page++)
    {
      g_autofree char *number = g_strdup_printf ("%d", page);
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, path, "-", NULL };
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &text, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, EB_FORM_DOCUMENT_PRACTICE_MARK));
      g_assert_nonnull (strstr (text, "ALISTIRMA-"));
    }
}

/* Yöntem 1's steps are the document page's content, with the procedure's
 * address and the district IT unit's knowledge, beside the form. */
static void
check_document_steps (GtkWidget *window,
                      EbPage    *page)
{
  GObject *mail = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_DOCUMENT_PAGE, "mail_row");
  GObject *district = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_DOCUMENT_PAGE, "district_row");
  GObject *print = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_DOCUMENT_PAGE, "print_button");
  GObject *steps = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_DOCUMENT_PAGE, "steps_group");

  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (mail)),
                            "Pk:74, 41470 Gebze/KOCAELİ"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (district)), "bilgisi dışında"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (print), "suggested-action"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (steps)));
}

/* The issued form: a real PDF with the application number on it, kept in
 * the history; printing (to a file) gives its pages, saving its bytes. */
static void
check_issued_form (GtkWidget *window,
                   EbSession *session,
                   GBytes    *document)
{
  g_autofree char *exported = g_build_filename (tmp_dir, "printed.pdf", NULL);
  g_autofree char *saved_path = g_build_filename (tmp_dir, "saved.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *saved_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (saved_path);
  gsize length = 0;
  gboolean done = FALSE;
  const char *argv[] = { "pdftotext", "-layout", exported, "-", NULL };

  g_assert_nonnull (document);
  g_assert_true (g_bytes_get_size (document) > 1000);
  g_assert_cmpmem (g_bytes_get_data (document, NULL), 5, "%PDF-", 5);
  g_assert_true (eb_session_get_document (session) == document);

  g_assert_cmpint (eb_form_print_run (GTK_WINDOW (window), document, "test", NULL,
                                      GTK_PRINT_OPERATION_ACTION_EXPORT, exported, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, eb_session_get_application_no (session)));
  /* Page 1 three times (the copies signed), then the instructions once. */
  {
    const char *info_argv[] = { "pdfinfo", exported, NULL };
    g_autofree char *info = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) info_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &info, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (info, "Pages:           4\n"));
  }
  /* A practice form, marked on every page. */
  {
    g_autofree char *issued_path = g_build_filename (tmp_dir, "issued.pdf", NULL);

    g_assert_true (g_file_set_contents (issued_path, g_bytes_get_data (document, NULL),
                                        g_bytes_get_size (document), &error));
    g_assert_no_error (error);
    check_practice_mark (issued_path);
  }

  eb_form_print_save_to_file (document, file, NULL, saved, &done);
  eb_test_ui_spin_until (eb_test_ui_flag_is_set, &done);
  g_assert_true (g_file_get_contents (saved_path, &saved_bytes, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (saved_bytes, length, g_bytes_get_data (document, NULL), g_bytes_get_size (document));
}

/* The signed form as poppler's pdfsig sees it; kept in the build dir with
 * a picture of its page 1 (the visible signature) for people to look at. */
static void
check_signed_form (GBytes *signed_document)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "signed-form.pdf", NULL);
  g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", "16-signed-form-page1", NULL);
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;
  const char *pdfsig[] = { "pdfsig", path, NULL };
  const char *pdftoppm[] = { "pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", path, png, NULL };
  int status = 0;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (signed_document, NULL),
                                      g_bytes_get_size (signed_document), &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) pdfsig, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &report, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("pdfsig %s:\n%s", path, report);
  g_assert_nonnull (strstr (report, "Signature is Valid."));
  g_assert_nonnull (strstr (report, "Total document signed"));
  g_assert_nonnull (strstr (report, "ETSI.CAdES.detached"));
  g_assert_nonnull (strstr (report, "serialNumber=10000000146"));
  /* Signed, a practice form keeps its mark on every page. */
  check_practice_mark (path);
  g_assert_true (g_spawn_sync (NULL, (char **) pdftoppm, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
}

/* C_Sign calls the card shim logged (sign-log). */
static int
count_card_signatures (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "sign.log", NULL);

  return eb_test_pki_count_signatures (path);
}

static gboolean
sign_page_ready (gpointer data)
{
  return eb_page_get_complete (EB_PAGE (data)) || !gtk_widget_get_visible (GTK_WIDGET (data));
}

#define SHORT_CODE_LIFE_S 8

static gboolean
code_dead (gpointer data)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (data), EB_TYPE_SMS_VERIFY_PAGE, "code_row");

  return !gtk_editable_get_editable (GTK_EDITABLE (row));
}

static gboolean
code_alive (gpointer data)
{
  return !code_dead (data);
}

static gboolean
resend_enabled (gpointer data)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data),
                                                                               EB_TYPE_SMS_VERIFY_PAGE,
                                                                               "resend_button")));
}

typedef struct
{
  GtkWidget *window;
  char *old;
} PhoneWait;

static gboolean
new_phone_message (gpointer data)
{
  PhoneWait *wait = data;
  const char *now = eb_window_get_phone_message (EB_WINDOW (wait->window));

  return now != NULL && g_strcmp0 (now, wait->old) != 0;
}

/* A wrong code, then the code expires (issue 12, item 2): one current
 * state on the page, the refusal replaced by the expiry, not beside it;
 * "Send Again" becomes the suggested action with the focus, Tamam is off.
 * Then a new code is sent, with the usual 300 s life. */
static void
check_sms_expiry (GtkWidget   *window,
                  EbAssistant *assistant,
                  EbPage      *page)
{
  GObject *message = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SMS_VERIFY_PAGE, "message_label");
  GObject *resend = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SMS_VERIFY_PAGE, "resend_button");
  PhoneWait wait = { window, NULL };
  g_autofree char *wrong = NULL;
  g_autofree char *expired = NULL;

  /* The refusal, with the tries left, said once: above the page. */
  g_assert_nonnull (eb_assistant_get_step_error (assistant));
  wrong = g_strdup (eb_assistant_get_step_error (assistant));
  g_assert_nonnull (strstr (wrong, "2"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (resend), "suggested-action"));

  eb_test_ui_spin_until (code_dead, page);
  eb_test_ui_settle ();
  /* Only the expiry is on screen now. */
  g_assert_null (eb_assistant_get_step_error (assistant));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  expired = g_strdup (gtk_label_get_text (GTK_LABEL (message)));
  g_assert_nonnull (strstr (expired, "süresi doldu"));
  g_assert_null (strstr (expired, "yanlış"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (resend), "suggested-action"));
  g_assert_false (next_enabled (assistant));
  eb_test_ui_spin_until (resend_enabled, page);
  eb_test_ui_settle ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (resend)));
  eb_test_ui_screenshot (window, "06-sms-expired.png");

  /* A new code: the entry is back, the news is good. (The portal lets a
   * new code be asked for once the last one has expired; the one sent is
   * still short-lived on this page, so the test goes on at once, and the
   * portal takes it for the usual time from now on.) */
  wait.old = g_strdup (eb_window_get_phone_message (EB_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sms.resend", NULL));
  eb_test_ui_spin_until (new_phone_message, &wait);
  eb_test_ui_spin_until (code_alive, page);
  eb_training_portal_set_sms_code_life (portal, 0);
  eb_test_ui_settle ();
  g_free (wait.old);
  g_assert_false (code_dead (page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (resend), "suggested-action"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (message)), "süresi doldu"));
}

/* Welcome → login → form → SMS → method → application number, Yöntem 1,
 * with the mistakes a user makes on the way. */
static gboolean card_read (gpointer data);

static void
test_wizard_wet_application (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  EbApplicationForm *form = eb_session_get_form (session);
  EbPage *page;
  g_autofree char *expected = NULL;
  g_autofree char *first_captcha = NULL;

  g_assert_false (eb_session_get_draft_restored (session));

  /* Welcome: always complete; the practice banner is up. */
  g_assert_cmpuint (eb_assistant_get_current_index (assistant), ==, 0);
  g_assert_cmpuint (eb_assistant_get_n_pages (assistant), ==, 9);
  g_assert_true (gtk_widget_get_visible (assistant_child (assistant, "banner_label")));
  g_assert_false (gtk_widget_get_sensitive (assistant_child (assistant, "back_button")));
  eb_test_ui_screenshot (window, "01-welcome.png");
  next (assistant);

  /* Login: wrong values show their own message under the field. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_false (next_enabled (assistant));

  type_into (page, EB_FIELD_TCKN, "10000000147");
  expected = expected_error (session, EB_FIELD_TCKN, EB_VALIDATION_ERROR_TCKN_CHECKSUM);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_true (gtk_widget_has_css_class (eb_field_binding_get_widget (page_fields (page), EB_FIELD_TCKN), "error"));

  type_into (page, EB_FIELD_TCKN, "1234567890");
  expected = expected_error (session, EB_FIELD_TCKN, EB_VALIDATION_ERROR_TCKN_LENGTH);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN), ==, expected);
  g_clear_pointer (&expected, g_free);

  type_into (page, EB_FIELD_FIRST_NAME, "M3hmet");
  expected = expected_error (session, EB_FIELD_FIRST_NAME, EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_FIRST_NAME), ==, expected);
  g_clear_pointer (&expected, g_free);

  type_into (page, EB_FIELD_BIRTH_DATE, "31.02.1980");
  expected = expected_error (session, EB_FIELD_BIRTH_DATE, EB_VALIDATION_ERROR_DATE_NOT_REAL);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_BIRTH_DATE), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_false (next_enabled (assistant));
  eb_test_ui_spin_until (captcha_loaded, page);
  eb_test_ui_screenshot (window, "02-login-errors.png");

  /* Typing fixes the errors; names go to Turkish capitals on leaving. */
  type_into (page, EB_FIELD_TCKN, "10000000146");
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN));
  type_into (page, EB_FIELD_FIRST_NAME, "  mehmet  ali ");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_FIRST_NAME), ==, "MEHMET ALİ");
  type_into (page, EB_FIELD_BIRTH_DATE, "24.11.1980");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_BIRTH_DATE), ==, "1980-11-24");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (eb_field_binding_get_widget (page_fields (page), EB_FIELD_BIRTH_DATE))),
                   ==, "24.11.1980");

  /* A person of the practice registry, and a wrong captcha first: the
   * portal refuses, a new picture comes. */
  fill_sample_person (page, 0);
  {
    GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_IDENTITY_PAGE, "captcha_row");

    eb_test_ui_spin_until (captcha_loaded, page);
    first_captcha = g_strdup (eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)));
    gtk_editable_set_text (GTK_EDITABLE (row), "00000");
    eb_test_ui_settle ();
  }
  next_refused (assistant);
  eb_test_ui_spin_until (captcha_loaded, page);
  g_assert_cmpstr (eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)), !=, first_captcha);

  solve_captcha (page);
  eb_test_ui_screenshot (window, "03-login.png");
  /* Enter in the captcha entry logs in. */
  {
    GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_IDENTITY_PAGE, "captcha_row");
    PageWait wait = { assistant, eb_assistant_get_current_index (assistant) };

    g_assert_true (next_enabled (assistant));
    press_enter (row);
    eb_test_ui_spin_until (page_left, &wait);
    g_assert_cmpuint (eb_assistant_get_current_index (assistant), >, wait.index);
  }

  /* The form: the registry gave the institution name. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_INSTITUTION_NAME), !=, "");
  /* Nothing is red before typing; Form Onayla on an empty form says what
   * is missing, row by row, and sends nothing (issue 12, item 3). */
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_SECURITY_WORD));
  next_refused (assistant);
  g_assert_nonnull (eb_assistant_get_step_error (assistant));
  g_assert_nonnull (eb_field_binding_get_error (page_fields (page), EB_FIELD_SECURITY_WORD));
  g_assert_nonnull (eb_field_binding_get_error (page_fields (page), EB_FIELD_MOBILE_OPERATOR));
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_HOME_PHONE));   /* optional */
  eb_test_ui_screenshot (window, "04-form-refused-empty.png");

  /* His own NES is in the reader, so the form takes him for renewing and
   * says why; this time he wants a new certificate, and picks it. */
  {
    GObject *reason = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_FORM_PAGE, "reason_row");

    eb_test_ui_spin_until (card_read, NULL);
    eb_test_ui_settle ();
    g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_RENEWAL);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (reason)), ==, EB_REASON_RENEWAL);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (reason)), !=, "");
    adw_combo_row_set_selected (ADW_COMBO_ROW (reason), EB_REASON_NEW);
    eb_test_ui_settle ();
    g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_NEW);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (reason)), ==, "");
  }

  type_into (page, EB_FIELD_SECURITY_WORD, "Kırmızı-Elma-7");
  type_into (page, EB_FIELD_SECURITY_WORD_REPEAT, "Kirmizi-Elma-7");
  expected = expected_error (session, EB_FIELD_SECURITY_WORD_REPEAT, EB_VALIDATION_ERROR_SECURITY_WORD_MISMATCH);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_SECURITY_WORD_REPEAT), ==, expected);
  g_clear_pointer (&expected, g_free);
  type_into (page, EB_FIELD_SECURITY_WORD_REPEAT, "Kırmızı-Elma-7");
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_SECURITY_WORD_REPEAT));

  type_into (page, EB_FIELD_REGISTRY_NO, "12345A");
  expected = expected_error (session, EB_FIELD_REGISTRY_NO, EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_REGISTRY_NO), ==, expected);
  g_clear_pointer (&expected, g_free);
  type_into (page, EB_FIELD_REGISTRY_NO, "123456");
  type_into (page, EB_FIELD_UNIT, "bulanık ilçe milli eğitim müdürlüğü");
  type_into (page, EB_FIELD_JOB_TITLE, "okul müdürü");
  type_into (page, EB_FIELD_DELIVERY_ADDRESS, "ilçe milli eğitim müdürlüğü, hükümet konağı");

  choose (page, EB_FIELD_PROVINCE, "mus");
  g_assert_cmpuint (eb_application_form_get_province (form), ==, 49);
  choose (page, EB_FIELD_DISTRICT, "bulanik");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_DISTRICT), ==, "Bulanık");
  choose (page, EB_FIELD_POSTAL_CODE, "49500");

  type_into (page, EB_FIELD_EMAIL, "mehmet.yildiz@meb");
  expected = expected_error (session, EB_FIELD_EMAIL, EB_VALIDATION_ERROR_EMAIL_FORMAT);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_EMAIL), ==, expected);
  g_clear_pointer (&expected, g_free);
  type_into (page, EB_FIELD_EMAIL, "mehmet.yildiz@meb.gov.tr");

  type_into (page, EB_FIELD_WORK_PHONE, "0 (999) 311 20 25");
  expected = expected_error (session, EB_FIELD_WORK_PHONE, EB_VALIDATION_ERROR_LANDLINE_AREA_CODE);
  g_assert_cmpstr (eb_field_binding_get_error (page_fields (page), EB_FIELD_WORK_PHONE), ==, expected);
  g_clear_pointer (&expected, g_free);
  type_into (page, EB_FIELD_WORK_PHONE, "0 (436) 311 20 25");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_WORK_PHONE), ==, "4363112025");
  type_into (page, EB_FIELD_MOBILE_PHONE, "+90 532 123 45 67");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_MOBILE_PHONE), ==, "5321234567");
  next_refused (assistant);   /* the operator is still missing */
  g_assert_nonnull (eb_field_binding_get_error (page_fields (page), EB_FIELD_MOBILE_OPERATOR));
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_MOBILE_PHONE));
  choose (page, EB_FIELD_MOBILE_OPERATOR, "");
  g_assert_cmpint (eb_application_form_get_mobile_operator (form), ==, EB_OPERATOR_TURKCELL);

  /* A new province drops the district and postal code that are not in it. */
  choose (page, EB_FIELD_PROVINCE, "istanbul");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_DISTRICT), ==, "");
  next_refused (assistant);
  g_assert_nonnull (eb_field_binding_get_error (page_fields (page), EB_FIELD_DISTRICT));
  choose (page, EB_FIELD_PROVINCE, "muş");
  choose (page, EB_FIELD_DISTRICT, "BULANIK");
  choose (page, EB_FIELD_POSTAL_CODE, "495");

  g_assert_true (next_enabled (assistant));
  /* Every detail right: the bar's "some details are missing" has gone. */
  g_assert_null (eb_assistant_get_step_error (assistant));
  eb_test_ui_screenshot (window, "04-form-bottom.png");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (eb_field_binding_get_widget (page_fields (page), EB_FIELD_EMAIL),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, 0);
    eb_test_ui_screenshot (window, "04-form-top.png");
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 3);
    eb_test_ui_screenshot (window, "04-form-middle.png");
  }
  next (assistant);

  /* The portal has the form; the security word is gone from memory. */
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_SECURITY_WORD), ==, "");

  /* SMS: the number, Gönder. The practice portal's codes live a few
   * seconds here, to see one expire (check_sms_expiry). */
  eb_test_ui_screenshot (window, "05-sms-send.png");
  eb_training_portal_set_sms_code_life (portal, SHORT_CODE_LIFE_S);
  next (assistant);

  /* The code: a wrong one first (tries left shown), then the right one. */
  page = eb_assistant_get_current_page (assistant);
  type_sms_code (window, page, TRUE);
  next_refused (assistant);
  check_sms_expiry (window, assistant, page);
  type_sms_code (window, page, FALSE);
  eb_test_ui_screenshot (window, "06-sms-verify.png");
  /* Enter sends the code. */
  {
    GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SMS_VERIFY_PAGE, "code_row");
    PageWait wait = { assistant, eb_assistant_get_current_index (assistant) };

    g_assert_true (next_enabled (assistant));
    press_enter (row);
    eb_test_ui_spin_until (page_left, &wait);
    g_assert_cmpuint (eb_assistant_get_current_index (assistant), >, wait.index);
  }

  /* Method: a new certificate can only be wet-signed. */
  page = eb_assistant_get_current_page (assistant);
  {
    GObject *wet = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_METHOD_PAGE, "wet_check");
    GObject *esign = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_METHOD_PAGE, "esign_check");

    GObject *steps = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_METHOD_PAGE, "wet_steps_group");

    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (wet)));
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (esign)));
    /* Method 1's steps are the page's content, not a caption. */
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (steps)));
  }
  eb_test_ui_screenshot (window, "07-method.png");
  next (assistant);

  /* The form the portal issued: shown, printed (exported), saved. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_DOCUMENT_PAGE (page));
  eb_test_ui_spin_until (document_loaded, page);
  eb_test_ui_settle ();
  check_issued_form (window, session, eb_document_page_get_document (EB_DOCUMENT_PAGE (page)));
  eb_test_ui_screenshot (window, "08-document.png");
  check_document_steps (window, page);
  next (assistant);

  /* The application number, and the three copies ticked as they are done. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (eb_page_get_is_final (page));
  g_assert_nonnull (eb_session_get_application_no (session));
  g_assert_cmpstr (eb_session_get_method (session), ==, "wet");
  g_assert_false (gtk_widget_get_visible (assistant_child (assistant, "next_button")));
  g_assert_false (gtk_widget_get_sensitive (assistant_child (assistant, "back_button")));
  {
    GObject *mailed = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SUBMITTED_PAGE, "mailed_check");
    GObject *kept = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SUBMITTED_PAGE, "kept_check");
    g_autoptr(GPtrArray) records = NULL;
    g_autoptr(GError) error = NULL;
    EbApplicationRecord *record;

    gtk_check_button_set_active (GTK_CHECK_BUTTON (mailed), TRUE);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (kept), TRUE);
    eb_test_ui_settle ();
    records = eb_store_list_applications (eb_session_get_store (session), NULL, &error);
    g_assert_no_error (error);
    record = g_ptr_array_index (records, 0);
    g_assert_cmpstr (record->application_no, ==, eb_session_get_application_no (session));
    g_assert_cmpstr (record->state, ==, "form_issued");
    g_assert_true (record->has_document);
    g_assert_cmpuint (record->checklist, ==, EB_CHECKLIST_MAILED | EB_CHECKLIST_KEPT);
  }
  eb_test_ui_screenshot (window, "09-submitted.png");

  close_window (window, session);
}

static gboolean
card_read (gpointer data)
{
  return eb_signing_card_get_state (signing_card) == EB_SIGNING_CARD_STATE_READY;
}

/* A restart finds the draft; then a renewal goes the e-sign way. */
static void
test_wizard_restore_and_esign (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  EbApplicationForm *form = eb_session_get_form (session);
  EbPage *page;

  g_assert_true (eb_session_get_draft_restored (session));
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_DISTRICT), ==, "Bulanık");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_POSTAL_CODE), ==, "49500");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_SECURITY_WORD), ==, "");
  eb_test_ui_screenshot (window, "10-welcome-restored.png");
  next (assistant);

  /* The identity came back with the draft; only the picture is new. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (eb_field_binding_get_widget (page_fields (page), EB_FIELD_TCKN))),
                   ==, eb_application_form_get_text (form, EB_FIELD_TCKN));
  solve_captcha (page);
  next (assistant);

  /* Renewal; the security word has to be typed again. */
  page = eb_assistant_get_current_page (assistant);
  {
    GObject *reason = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_FORM_PAGE, "reason_row");

    adw_combo_row_set_selected (ADW_COMBO_ROW (reason), EB_REASON_RENEWAL);
  }
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_RENEWAL);
  type_into (page, EB_FIELD_SECURITY_WORD, "Mavi-Deniz-42");
  type_into (page, EB_FIELD_SECURITY_WORD_REPEAT, "Mavi-Deniz-42");
  next (assistant);
  next (assistant);

  page = eb_assistant_get_current_page (assistant);
  type_sms_code (window, page, FALSE);
  next (assistant);

  page = eb_assistant_get_current_page (assistant);
  {
    GObject *esign = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_METHOD_PAGE, "esign_check");

    /* The card is read in the background; Yöntem 2 opens when it is. */
    eb_test_ui_spin_until (card_read, NULL);
    eb_test_ui_settle ();
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (esign)));
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (esign)));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                       EB_TYPE_METHOD_PAGE,
                                                                                       "wet_steps_group"))));
    eb_test_ui_screenshot (window, "11-method-esign.png");
  }
  next (assistant);
  g_assert_cmpstr (eb_session_get_method (session), ==, "esign");
  g_assert_nonnull (eb_session_get_application_no (session));

  /* The e-sign page: the issued form and the card's certificate. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_SIGN_PAGE (page));
  {
    GObject *pin = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SIGN_PAGE, "pin_row");
    GObject *pin_state = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SIGN_PAGE, "pin_state_label");
    GObject *certificate = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SIGN_PAGE, "certificate_row");

    /* No PIN, no signing. */
    g_assert_false (next_enabled (assistant));
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (certificate)),
                              "10000000146"));

    /* A wrong PIN: refused, the entry emptied, the warning shown. */
    gtk_editable_set_text (GTK_EDITABLE (pin), "000000");
    eb_test_ui_spin_until (sign_page_ready, page);
    eb_test_ui_screenshot (window, "12-sign.png");
    next_refused (assistant);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pin)), ==, "");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pin_state)));
    eb_test_ui_screenshot (window, "13-sign-wrong-pin.png");

    /* The card pulled out after the PIN: said so, nothing signed, the page
     * still there to try again. */
    {
      g_autofree char *pulled = g_build_filename (tmp_dir, "card-pulled", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (pulled, "", 0, &error));
      gtk_editable_set_text (GTK_EDITABLE (pin), "123456");
      eb_test_ui_spin_until (sign_page_ready, page);
      next_refused (assistant);
      g_assert_null (eb_session_get_signed_document (session));
      g_assert_cmpint (count_card_signatures (), ==, 0);
      /* Said whole, above the page, until the step succeeds. */
      g_assert_nonnull (eb_assistant_get_step_error (assistant));
      g_assert_true (g_str_has_suffix (eb_assistant_get_step_error (assistant), "."));
      eb_test_ui_screenshot (window, "14-sign-card-pulled.png");
      g_assert_cmpint (g_unlink (pulled), ==, 0);
    }

    gtk_editable_set_text (GTK_EDITABLE (pin), "123456");
    eb_test_ui_settle ();
  }
  next (assistant);
  g_assert_null (eb_assistant_get_step_error (assistant));
  /* One signature by the card for the one document. */
  g_assert_cmpint (count_card_signatures (), ==, 1);

  /* The portal checked the signature: awaiting approval. */
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (eb_page_get_is_final (page));
  g_assert_nonnull (eb_session_get_signed_document (session));
  {
    g_autoptr(GPtrArray) records = NULL;
    g_autoptr(GError) error = NULL;
    EbApplicationRecord *record;
    GBytes *issued = eb_session_get_document (session);
    GBytes *signed_document = eb_session_get_signed_document (session);

    /* An incremental update: the issued bytes, then the signature. */
    g_assert_cmpuint (g_bytes_get_size (signed_document), >, g_bytes_get_size (issued));
    g_assert_cmpmem (g_bytes_get_data (signed_document, NULL), g_bytes_get_size (issued),
                     g_bytes_get_data (issued, NULL), g_bytes_get_size (issued));
    check_signed_form (signed_document);
    records = eb_store_list_applications (eb_session_get_store (session), NULL, &error);
    g_assert_no_error (error);
    record = g_ptr_array_index (records, 0);
    g_assert_cmpstr (record->method, ==, "esign");
    g_assert_cmpstr (record->state, ==, "awaiting_approval");
    /* What the history prints or saves again is the form as signed and sent. */
    {
      g_autoptr(GBytes) kept = eb_store_load_application_document (eb_session_get_store (session), record->id, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (kept, signed_document));
      g_assert_true (eb_submitted_page_get_kept_form (EB_SUBMITTED_PAGE (page)) == signed_document);
    }
  }
  eb_test_ui_screenshot (window, "15-submitted-esign.png");

  close_window (window, session);
}

static void
test_wizard_keyboard_navigation (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));

  /* Alt+→ and Alt+← are bound to these actions. */
  navigate (assistant, "assistant.next", 1);
  navigate (assistant, "assistant.back", 0);

  /* Every input on the login page can be reached with Tab, in order. */
  next (assistant);
  {
    EbPage *page = eb_assistant_get_current_page (assistant);
    const EbFormField fields[] = { EB_FIELD_TCKN, EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME,
                                   EB_FIELD_BIRTH_PLACE, EB_FIELD_BIRTH_DATE };

    gtk_widget_grab_focus (eb_field_binding_get_widget (page_fields (page), fields[0]));
    for (guint i = 1; i < G_N_ELEMENTS (fields); i++)
      {
        GtkWidget *row = eb_field_binding_get_widget (page_fields (page), fields[i]);

        g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
        g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), row));
      }
  }

  close_window (window, session);
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

  tmp_dir = g_dir_make_tmp ("eb-ui-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  db_path = g_build_filename (tmp_dir, "test.db", NULL);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* AdwApplication loads style.css from its resource path; there is no
   * application here, so load it the same way for faithful screenshots. */
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

    g_setenv ("EB_TEST_PKI_EXTRA_PERSONS", DEMO_PERSON, TRUE);
    pki = eb_test_pki_new (TRUE, &error);
    g_assert_no_error (error);
    /* The practice portal trusts the test PKI, as the real one trusts Kamu SM. */
    {
      g_autofree char *trust = g_build_filename (tmp_dir, "trust", NULL);
      const char *certs[] = { "root", "ca" };

      g_assert_cmpint (g_mkdir (trust, 0700), ==, 0);
      for (guint i = 0; i < G_N_ELEMENTS (certs); i++)
        {
          g_autofree char *from = eb_test_pki_get (pki, "pki", certs[i]);
          g_autofree char *pem = NULL;
          g_autofree char *name = g_strconcat (certs[i], ".pem", NULL);
          g_autofree char *to = g_build_filename (trust, name, NULL);

          g_assert_true (g_file_get_contents (from, &pem, NULL, &error));
          g_assert_true (g_file_set_contents (to, pem, -1, &error));
          g_assert_no_error (error);
        }
      eb_training_portal_set_trust_anchor_dir (portal, trust);
    }
    eb_test_pki_setup_shim (pki);
    {
      /* The card's operations are counted, and it can be "pulled out"
       * between the PIN and the signature. */
      g_autofree char *extra = g_strdup_printf ("sign-log=%s/sign.log\nremove-on-sign=%s/card-pulled\n",
                                                tmp_dir, tmp_dir);

      eb_test_pki_write_shim_conf (pki, extra);
    }
    tokens = eb_token_manager_new ();
    signing_card = eb_signing_card_new (NULL, tokens, EB_TEST_SHIM_PATH);
  }

  /* In this order: the second finds the draft the first left. */
  g_test_add_func ("/ui/wizard/wet-application", test_wizard_wet_application);
  g_test_add_func ("/ui/wizard/restore-and-esign", test_wizard_restore_and_esign);
  g_test_add_func ("/ui/wizard/keyboard-navigation", test_wizard_keyboard_navigation);

  status = g_test_run ();
  g_clear_object (&portal);
  g_clear_object (&signing_card);
  eb_token_manager_unload (tokens);
  g_clear_object (&tokens);
  g_clear_pointer (&pki, eb_test_pki_free);

  /* The database files and their directory. */
  g_assert_true (eb_remove_tree (tmp_dir, NULL));

  return status;
}
