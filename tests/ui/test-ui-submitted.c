/* test-ui-submitted.c — after the application: no dead ends
 *
 * A Yöntem 1 application through the wizard against the practice portal
 * (the first sample person, the form filled as a principal fills it), then
 * from the final page: the form printed again (GTK's print dialog, to a
 * PDF file) and saved again (the real file chooser), the status window
 * with what the app knows, and "new application" back to the first step
 * with an empty form. The welcome page's list then offers the same for that
 * application. Screenshots at 1366×768.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>

#include "eb-assistant.h"
#include "eb-document-page.h"
#include "eb-field-binding.h"
#include "eb-file-util.h"
#include "eb-identity-page.h"
#include "eb-page.h"
#include "eb-session.h"
#include "eb-sms-verify-page.h"
#include "eb-status-window.h"
#include "eb-store.h"
#include "eb-submitted-page.h"
#include "eb-test-form.h"
#include "eb-test-ui.h"
#include "eb-training-portal.h"
#include "eb-welcome-page.h"
#include "eb-window.h"

static char *tmp_dir;
static char *documents_dir;
static EbTrainingPortal *portal;
static char *sms_code;

/* Waiting */

typedef struct
{
  EbAssistant *assistant;
  guint index;
} PageWait;

static GtkWidget *
assistant_child (EbAssistant *assistant,
                 const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (assistant), EB_TYPE_ASSISTANT, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gboolean
stack_settled (EbAssistant *assistant)
{
  GtkStack *stack = GTK_STACK (assistant_child (assistant, "stack"));

  return !gtk_stack_get_transition_running (stack) &&
         gtk_stack_get_visible_child (stack) == GTK_WIDGET (eb_assistant_get_current_page (assistant));
}

static gboolean
page_left (gpointer data)
{
  PageWait *wait = data;

  return eb_assistant_get_current_index (wait->assistant) != wait->index && stack_settled (wait->assistant);
}

static gboolean
page_reached (gpointer data)
{
  PageWait *wait = data;

  return eb_assistant_get_current_index (wait->assistant) == wait->index && stack_settled (wait->assistant);
}

static gboolean
page_complete (gpointer data)
{
  return eb_page_get_complete (EB_PAGE (data));
}

static void
next (EbAssistant *assistant)
{
  PageWait wait = { assistant, eb_assistant_get_current_index (assistant) };

  eb_test_ui_spin_until (page_complete, eb_assistant_get_current_page (assistant));
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
code_arrived (gpointer data)
{
  return sms_code != NULL;
}

static gboolean
document_loaded (gpointer data)
{
  return eb_document_page_get_document (EB_DOCUMENT_PAGE (data)) != NULL;
}

static void
on_sms (EbTrainingPortal *training,
        const char       *number,
        const char       *text,
        EbWindow         *window)
{
  eb_window_show_phone_message (window, number, text);
  eb_test_form_catch_sms_code (training, number, text, &sms_code);
}

/* Toplevels and widgets */

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
status_shown (gpointer data)
{
  return find_toplevel (EB_TYPE_STATUS_WINDOW) != NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_expander (GtkWidget  *widget,
               const char *title)
{
  if (ADW_IS_EXPANDER_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_expander (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_action_row (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Printing and saving, as the user does it */

typedef struct
{
  const char *name;
  GtkPrinter *printer;
} PrinterSearch;

static gboolean
is_file_printer (GtkPrinter *printer,
                 gpointer    data)
{
  PrinterSearch *search = data;

  /* GTK's "Print to File" is its only virtual printer that accepts PDF. */
  if (gtk_printer_is_virtual (printer) && gtk_printer_accepts_pdf (printer))
    {
      search->printer = g_object_ref (printer);
      return TRUE;
    }
  return FALSE;
}

static gboolean
file_printer_selected (gpointer data)
{
  GtkWidget *dialog = find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG);
  GtkPrinter *selected = dialog != NULL ? gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (dialog))
                                        : NULL;

  return selected != NULL && g_strcmp0 (gtk_printer_get_name (selected), data) == 0;
}

typedef struct
{
  const char *path;
  gsize min_size;
} FileWait;

static gboolean
pdf_written (gpointer data)
{
  FileWait *wait = data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (wait->path, &contents, &length, NULL) || length < wait->min_size)
    return FALSE;
  return g_strstr_len (contents + length - MIN (length, 32), MIN (length, 32), "%%EOF") != NULL;
}

/* Runs @action on @widget (clicks it for a NULL @action), which opens GTK's
 * print dialog; prints to a PDF file there and returns its text (pdftotext). */
static char *
print_to_file (GtkWidget  *widget,
               const char *action,
               const char *file_name)
{
  g_autofree char *path = g_build_filename (tmp_dir, file_name, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  PrinterSearch search = { 0 };
  FileWait wait = { path, 1000 };
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  GtkWidget *dialog;

  if (action != NULL)
    g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  else
    g_signal_emit_by_name (widget, "clicked");
  eb_test_ui_spin_until (print_dialog_shown, NULL);
  dialog = find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG);

  gtk_enumerate_printers (is_file_printer, &search, NULL, TRUE);
  g_assert_nonnull (search.printer);
  settings = gtk_print_unix_dialog_get_settings (GTK_PRINT_UNIX_DIALOG (dialog));  /* a new one */
  gtk_print_settings_set_printer (settings, gtk_printer_get_name (search.printer));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_unix_dialog_set_settings (GTK_PRINT_UNIX_DIALOG (dialog), settings);
  eb_test_ui_spin_until (file_printer_selected, (gpointer) gtk_printer_get_name (search.printer));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  eb_test_ui_spin_until (pdf_written, &wait);
  eb_test_ui_settle ();
  g_clear_object (&search.printer);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

typedef struct
{
  char *path;
  GBytes *expected;
} SaveWait;

static gboolean
file_saved (gpointer data)
{
  SaveWait *wait = data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (wait->path, &contents, &length, NULL))
    return FALSE;
  return length == g_bytes_get_size (wait->expected) &&
         memcmp (contents, g_bytes_get_data (wait->expected, NULL), length) == 0;
}

static gboolean
chooser_in_documents (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));
  g_autoptr(GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;

  return g_strcmp0 (path, documents_dir) == 0;
}

/* Clicks through the real file chooser (in Documents) and waits for the
 * file to hold exactly @expected; returns its name. */
static char *
save_through_chooser (GBytes *expected)
{
  GtkWidget *chooser;
  SaveWait wait = { NULL, expected };
  char *name;

  eb_test_ui_spin_until (chooser_shown, NULL);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_true (g_str_has_suffix (name, ".pdf"));
  /* It opens in Documents; it answers only once it has loaded the folder. */
  eb_test_ui_spin_until (chooser_in_documents, chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  wait.path = g_build_filename (documents_dir, name, NULL);
  eb_test_ui_spin_until (file_saved, &wait);
  g_free (wait.path);
  return name;
}

/* Opens the status window with @action on @widget (activates the row
 * @widget for a NULL @action), checks what it says, closes it. */
static void
check_status (GtkWidget  *widget,
              const char *action,
              const char *number,
              const char *screenshot)
{
  GtkWidget *status;
  GObject *row;

  if (action != NULL)
    g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  else
    /* As a click or Enter on the row does (GtkListBoxRow::activate). */
    g_signal_emit_by_name (widget, "activate");
  eb_test_ui_spin_until (status_shown, NULL);
  status = find_toplevel (EB_TYPE_STATUS_WINDOW);
  eb_test_ui_settle ();

  row = gtk_widget_get_template_child (status, EB_TYPE_STATUS_WINDOW, "number_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, number);
  row = gtk_widget_get_template_child (status, EB_TYPE_STATUS_WINDOW, "method_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Yöntem 1: Islak İmzalı Başvuru");
  row = gtk_widget_get_template_child (status, EB_TYPE_STATUS_WINDOW, "state_row");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Başvuru formu düzenlendi"));
  row = gtk_widget_get_template_child (status, EB_TYPE_STATUS_WINDOW, "date_row");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *year = g_date_time_format (now, "%Y");

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), year));
  }
  eb_test_ui_screenshot (status, screenshot);
  gtk_window_close (GTK_WINDOW (status));
  eb_test_ui_settle ();
  g_assert_null (find_toplevel (EB_TYPE_STATUS_WINDOW));
}

/* The wizard, the short way: Yöntem 1 up to the application number. */
static void
apply (GtkWidget   *window,
       EbSession   *session,
       EbAssistant *assistant)
{
  EbPage *page;

  next (assistant);
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_IDENTITY_PAGE (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "identity.fill-sample", "u", 0));
  eb_test_ui_spin_until (captcha_loaded, page);
  {
    g_autofree char *answer = eb_training_portal_dup_captcha_answer (portal,
                                                                     eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)));
    GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_IDENTITY_PAGE, "captcha_row");

    gtk_editable_set_text (GTK_EDITABLE (row), answer);
  }
  next (assistant);

  /* The form, as a principal fills it; a first certificate. */
  eb_test_form_fill_renewal (eb_session_get_form (session));
  eb_application_form_set_reason (eb_session_get_form (session), EB_REASON_NEW);
  eb_test_ui_settle ();
  next (assistant);
  next (assistant);  /* SMS: send */

  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_SMS_VERIFY_PAGE (page));
  eb_test_ui_spin_until (code_arrived, NULL);
  {
    GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SMS_VERIFY_PAGE, "code_row");

    gtk_editable_set_text (GTK_EDITABLE (row), sms_code);
  }
  next (assistant);
  next (assistant);  /* Method 1, the only one without a card */

  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_DOCUMENT_PAGE (page));
  eb_test_ui_spin_until (document_loaded, page);
  next (assistant);
  g_assert_true (eb_page_get_is_final (eb_assistant_get_current_page (assistant)));
}

static void
test_submitted_no_dead_ends (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "test.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (db_path, &error);
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);
  g_autoptr(EbSession) session = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  g_autofree char *saved_name = NULL;
  g_autoptr(GBytes) document = NULL;
  EbApplicationForm *form;
  EbAssistant *assistant;
  EbPage *page;
  GtkWidget *window;

  g_assert_no_error (error);
  session = eb_session_new (store, client);
  eb_session_set_training (session, people);
  form = eb_session_get_form (session);
  window = GTK_WIDGET (eb_window_new (NULL, session, NULL));
  g_signal_connect_object (portal, "sms-received", G_CALLBACK (on_sms), window, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  eb_test_ui_settle ();
  assistant = eb_window_get_assistant (EB_WINDOW (window));

  apply (window, session, assistant);
  page = eb_assistant_get_current_page (assistant);
  number = g_strdup (eb_session_get_application_no (session));
  g_assert_nonnull (number);
  document = g_bytes_ref (eb_session_get_document (session));

  /* The final page offers the form again, its status and a new one. */
  g_assert_true (eb_submitted_page_get_kept_form (EB_SUBMITTED_PAGE (page)) == document);
  {
    GObject *form_row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SUBMITTED_PAGE, "form_row");
    GObject *status_row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SUBMITTED_PAGE, "status_row");

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form_row)));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status_row)));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status_row)), ==, "Başvuru durumu");
  }
  eb_test_ui_screenshot (window, "40-submitted-actions.png");
  {
    /* The bottom of the page: the new-application button. */
    GObject *button = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SUBMITTED_PAGE,
                                                     "new_application_button");
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    eb_test_ui_screenshot (window, "41-submitted-new-application.png");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* Print again: GTK's print dialog, to a PDF with the number on it. */
  text = print_to_file (GTK_WIDGET (page), "submitted.print", "printed-again.pdf");
  g_assert_nonnull (strstr (text, number));
  g_clear_pointer (&text, g_free);

  /* Save again: the file chooser, the exact bytes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "submitted.save", NULL));
  saved_name = save_through_chooser (document);
  g_assert_nonnull (strstr (saved_name, number));
  g_clear_pointer (&saved_name, g_free);

  /* The status: what the app knows, nothing made up. */
  check_status (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_SUBMITTED_PAGE, "status_row")),
                NULL, number, "42-status.png");

  /* A new application: the first step, an empty form, no number. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "submitted.new-application", NULL));
  {
    PageWait wait = { assistant, 0 };

    eb_test_ui_spin_until (page_reached, &wait);
  }
  g_assert_true (EB_IS_WELCOME_PAGE (eb_assistant_get_current_page (assistant)));
  g_assert_null (eb_session_get_application_no (session));
  g_assert_null (eb_session_get_document (session));
  {
    g_autoptr(EbApplicationForm) fresh = eb_application_form_new ();

    for (EbFormField field = 0; field < EB_N_FIELDS; field++)
      g_assert_cmpstr (eb_application_form_get_text (form, field), ==,
                       eb_application_form_get_text (fresh, field));
    g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_TCKN), ==, "");
  }
  g_assert_true (gtk_widget_get_sensitive (assistant_child (assistant, "next_button")));
  g_assert_true (gtk_widget_get_visible (assistant_child (assistant, "next_button")));

  /* The welcome page lists the application, offering the same. */
  {
    GtkWidget *welcome = GTK_WIDGET (eb_assistant_get_current_page (assistant));
    GtkWidget *expander = find_expander (welcome, number);
    GtkWidget *status_row;

    g_assert_nonnull (expander);
    g_assert_true (gtk_widget_get_sensitive (expander));
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    eb_test_ui_settle ();
    eb_test_ui_screenshot (window, "43-welcome-applications.png");

    text = print_to_file (find_named (expander, "print-again"), NULL, "printed-from-list.pdf");
    g_assert_nonnull (strstr (text, number));

    g_signal_emit_by_name (find_named (expander, "save-again"), "clicked");
    saved_name = save_through_chooser (document);
    g_assert_nonnull (strstr (saved_name, number));

    status_row = find_action_row (expander, "Başvuru durumu");
    g_assert_nonnull (status_row);
    check_status (status_row, NULL, number, "44-status-from-list.png");
  }

  /* The identity step starts empty: a new login. */
  next (assistant);
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_IDENTITY_PAGE (page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (eb_field_binding_get_widget (eb_identity_page_get_field_binding (EB_IDENTITY_PAGE (page)),
                                                                                      EB_FIELD_TCKN))), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  eb_test_ui_settle ();
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

  tmp_dir = g_dir_make_tmp ("eb-ui-submitted-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  /* Documents, where saving starts, is a folder of the test's own. */
  documents_dir = g_build_filename (tmp_dir, "Belgeler", NULL);
  g_assert_cmpint (g_mkdir_with_parents (documents_dir, 0755), ==, 0);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  {
    g_autofree char *dirs = g_build_filename (tmp_dir, "user-dirs.dirs", NULL);
    g_autofree char *line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", documents_dir);

    g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
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

  g_test_add_func ("/ui/submitted/no-dead-ends", test_submitted_no_dead_ends);
  status = g_test_run ();

  g_clear_object (&portal);
  g_free (sms_code);
  g_free (documents_dir);
  g_assert_true (eb_remove_tree (tmp_dir, NULL));
  g_free (tmp_dir);
  return status;
}
