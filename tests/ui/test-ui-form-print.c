/* test-ui-form-print.c — printing the form and saving it, in-process under Xvfb
 *
 * GtkPrintOperation's EXPORT action writes a PDF without a printer or a
 * dialog: its pages are checked against the form's with the poppler tools
 * (page count, A4, the same text, fonts embedded, qpdf --check). Saving is
 * checked for exact bytes, through the real file chooser, and for a
 * read-only folder, where nothing may be left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <unistd.h>

#include <adwaita.h>
#include <gtk/gtkunixprint.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "eb-file-util.h"
#include "eb-form-print.h"
#include "eb-test-ui.h"

#define A4_WIDTH  595.275590551
#define A4_HEIGHT 841.889763780

static const char *page_texts[] = {
  "Nitelikli Elektronik Sertifika Başvuru Formu\nAyşe Çığır IŞIKOĞLU — İstanbul, Şişli\nBaşvuru No: 2025-000123",
  "Talimatlar: üç kopya\nBiri ilçe MEB bilişim birimine verilir; biri sizde kalır.",
};

static char *tmp_dir;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (void)
{
  GByteArray *buffer = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, buffer, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < G_N_ELEMENTS (page_texts); i++)
    {
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans 14");

      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, page_texts[i], -1);
      cairo_move_to (cr, 42, 42);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (buffer);
}

static char *
run (const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s%s", first, error->message, out, err);
  return out;
}

static char *
page_text (const char *path,
           int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);

  return run ("pdftotext", "-q", "-f", number, "-l", number, path, "-", NULL);
}

/* Every word of @expected is in @text (pdftotext keeps ligatures: "ﬁ"). */
static void
assert_has_words (const char *raw_text,
                  const char *expected)
{
  g_autofree char *text = g_utf8_normalize (raw_text, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *normal = g_utf8_normalize (expected, -1, G_NORMALIZE_ALL_COMPOSE);
  g_auto(GStrv) words = g_strsplit_set (normal, " \n", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && g_strstr_len (text, -1, words[i]) == NULL)
      g_error ("“%s” is missing from:\n%s", words[i], text);
}

static void
check_export (const char *path,
              const char *source_path,
              int         n_pages)
{
  g_autofree char *check = run ("qpdf", "--check", path, NULL);
  g_autofree char *last = g_strdup_printf ("%d", n_pages);
  g_autofree char *info = run ("pdfinfo", "-f", "1", "-l", last, path, NULL);
  g_autofree char *fonts = run ("pdffonts", path, NULL);
  g_autofree char *pages_line = g_strdup_printf ("Pages:           %d\n", n_pages);
  g_auto(GStrv) font_lines = g_strsplit (fonts, "\n", -1);
  g_auto(GStrv) info_lines = g_strsplit (info, "\n", -1);
  g_autoptr(GRegex) font_regex = g_regex_new ("\\s(yes|no)\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$", 0, 0, NULL);
  int n_sizes = 0;
  int n_fonts = 0;

  g_assert_nonnull (g_strstr_len (check, -1, "No syntax or stream encoding errors"));
  g_assert_nonnull (g_strstr_len (info, -1, pages_line));
  for (guint i = 0; info_lines[i] != NULL; i++)
    if (g_str_has_prefix (info_lines[i], "Page ") && g_strstr_len (info_lines[i], -1, " size:") != NULL)
      {
        g_assert_nonnull (g_strstr_len (info_lines[i], -1, "595.276 x 841.89 pts (A4)"));
        n_sizes++;
      }
  g_assert_cmpint (n_sizes, ==, n_pages);

  /* The header and the rule, then one line per font: "emb" is yes. */
  for (guint i = 2; font_lines[i] != NULL && font_lines[i][0] != '\0'; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *emb = NULL;

      g_assert_true (g_regex_match (font_regex, font_lines[i], 0, &match));
      emb = g_match_info_fetch (match, 1);
      g_assert_cmpstr (emb, ==, "yes");
      n_fonts++;
    }
  g_assert_cmpint (n_fonts, >, 0);

  /* Page 1 three times (the copies that are signed), then page 2 once. */
  for (guint sheet = 0; sheet < EB_FORM_PRINT_N_COPIES + G_N_ELEMENTS (page_texts) - 1; sheet++)
    {
      guint i = sheet < EB_FORM_PRINT_N_COPIES ? 0 : sheet - EB_FORM_PRINT_N_COPIES + 1;
      g_autofree char *printed = page_text (path, sheet + 1);
      g_autofree char *original = page_text (source_path, i + 1);

      assert_has_words (printed, page_texts[i]);
      assert_has_words (printed, original);
    }
}

/* Whether a label under @widget contains @text. */
static gboolean
label_contains (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strstr_len (gtk_label_get_text (GTK_LABEL (widget)), -1, text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;
  return FALSE;
}

/* The print dialog's tab: what the job holds and what each copy is for. */
static void
assert_copies_tab (GtkWidget *tab,
                   int        n_sheets)
{
  g_autofree char *sheets = g_strdup_printf ("%d", n_sheets);

  g_assert_true (label_contains (tab, sheets));
  g_assert_true (label_contains (tab, "Kamu SM, Pk:74, 41470 Gebze/KOCAELİ"));
  /* Turkish: page 1 three times, the instructions once, copies at 1. */
  g_assert_true (label_contains (tab, "3 nüsha"));
  g_assert_true (label_contains (tab, "bir kez"));
  g_assert_true (label_contains (tab, "1"));
  g_assert_true (label_contains (tab, "İlçe"));
}

static char *
write_source (GBytes *pdf)
{
  char *path = g_build_filename (tmp_dir, "form.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  return path;
}

static void
test_form_print_settings (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPrintOperation) with_envelope = NULL;
  g_autoptr(GObject) custom = NULL;
  g_autoptr(GError) error = NULL;
  const EbFormEnvelope envelope = { "Ayşe Işıkoğlu", "Atatürk Cd. 1\nŞişli/İSTANBUL", "2025-000123" };
  GtkPrintSettings *settings;
  GtkPageSetup *setup;
  int n_pages;

  operation = eb_form_print_operation_new (pdf, "Başvuru formu", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (operation);

  settings = gtk_print_operation_get_print_settings (operation);
  g_assert_nonnull (settings);
  /* The job holds the copies (page 1 three times, page 2 once), so the
   * dialog's copy count is 1: 3 there would print the instructions 3 times. */
  g_assert_cmpint (gtk_print_settings_get_n_copies (settings), ==, 1);
  g_assert_cmpint (EB_FORM_PRINT_N_COPIES, ==, 3);

  setup = gtk_print_operation_get_default_page_setup (operation);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup)), ==, GTK_PAPER_NAME_A4);
  g_object_get (operation, "n-pages", &n_pages, NULL);
  g_assert_cmpint (n_pages, ==, 4);

  /* The dialog's tab that says what is printed and where the copies go. */
  g_signal_emit_by_name (operation, "create-custom-widget", &custom);
  g_assert_true (GTK_IS_WIDGET (custom));
  g_object_ref_sink (custom);
  assert_copies_tab (GTK_WIDGET (custom), 4);

  with_envelope = eb_form_print_operation_new (pdf, NULL, &envelope, &error);
  g_assert_no_error (error);
  g_object_get (with_envelope, "n-pages", &n_pages, NULL);
  g_assert_cmpint (n_pages, ==, 5);
}

static void
test_form_print_export (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autofree char *source = write_source (pdf);
  g_autofree char *path = g_build_filename (tmp_dir, "printed.pdf", NULL);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  result = eb_form_print_run (NULL, pdf, "Başvuru formu", NULL, GTK_PRINT_OPERATION_ACTION_EXPORT,
                              path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  check_export (path, source, 4);
}

static void
test_form_print_export_envelope (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autofree char *source = write_source (pdf);
  g_autofree char *path = g_build_filename (tmp_dir, "printed-envelope.pdf", NULL);
  g_autofree char *sheet = NULL;
  g_autoptr(GError) error = NULL;
  const EbFormEnvelope envelope = {
    "Ayşe Çığır IŞIKOĞLU",
    "Atatürk Caddesi No: 1 Daire: 2\nŞişli/İSTANBUL 34360",
    "2025-000123",
  };
  GtkPrintOperationResult result;

  result = eb_form_print_run (NULL, pdf, "Başvuru formu", &envelope, GTK_PRINT_OPERATION_ACTION_EXPORT,
                              path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  check_export (path, source, 5);

  sheet = page_text (path, 5);
  g_test_message ("address sheet:\n%s", sheet);
  assert_has_words (sheet, "TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi");
  assert_has_words (sheet, "Pk:74, 41470 Gebze/KOCAELİ");
  assert_has_words (sheet, envelope.applicant_name);
  assert_has_words (sheet, envelope.delivery_address);
  assert_has_words (sheet, "Başvuru No: 2025-000123");

  /* For people to look at. */
  {
    g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
    g_autofree char *prefix = g_build_filename (dir, "form-print-envelope", NULL);
    g_autofree char *out = NULL;

    g_mkdir_with_parents (dir, 0755);
    out = run ("pdftoppm", "-png", "-r", "60", "-f", "5", "-l", "5", "-singlefile", path, prefix, NULL);
    g_test_message ("address sheet: %s.png", prefix);
  }
}

/* The sheet alone, once: it goes with the copy mailed to Kamu SM only. */
static void
test_form_print_envelope_only (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "envelope-only.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *sheet = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  const EbFormEnvelope envelope = { "MEHMET ALİ YILDIZ", "HÜKÜMET KONAĞI\n49500 BULANIK / MUŞ", "MEB-2026-000001" };
  int n_pages;

  operation = eb_form_print_operation_new (NULL, NULL, &envelope, &error);
  g_assert_no_error (error);
  g_object_get (operation, "n-pages", &n_pages, NULL);
  g_assert_cmpint (n_pages, ==, 1);
  g_assert_cmpint (gtk_print_settings_get_n_copies (gtk_print_operation_get_print_settings (operation)), ==, 1);

  g_assert_cmpint (eb_form_print_run (NULL, NULL, "Zarf", &envelope, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                      path, &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  info = run ("pdfinfo", path, NULL);
  g_assert_nonnull (g_strstr_len (info, -1, "Pages:           1\n"));
  sheet = page_text (path, 1);
  assert_has_words (sheet, "Pk:74, 41470 Gebze/KOCAELİ");
  assert_has_words (sheet, envelope.applicant_name);
  assert_has_words (sheet, "Başvuru No: MEB-2026-000001");
}

static void
test_form_print_broken (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.4 junk", 13);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  operation = eb_form_print_operation_new (junk, NULL, NULL, &error);
  g_assert_null (operation);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_cmpint (eb_form_print_run (NULL, junk, NULL, NULL, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                      "/nonexistent/x.pdf", &error),
                   ==, GTK_PRINT_OPERATION_RESULT_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
save_to (GBytes  *pdf,
         GFile   *file,
         GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eb_form_print_save_to_file (pdf, file, NULL, got_result, &result);
  eb_test_ui_spin_until (result_arrived, &result);
  return eb_form_print_save_to_file_finish (result, error);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
assert_file_bytes (const char *path,
                   GBytes     *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_form_print_save_to_file (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GBytes) other = g_bytes_new_static ("%PDF-1.7 other", 14);
  g_autofree char *dir = g_build_filename (tmp_dir, "save", NULL);
  g_autofree char *path = g_build_filename (dir, "Başvuru formu.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  g_assert_true (save_to (pdf, file, &error));
  g_assert_no_error (error);
  assert_file_bytes (path, pdf);

  /* Over an existing file, with no temporary file left beside it. */
  g_assert_true (save_to (other, file, &error));
  g_assert_no_error (error);
  assert_file_bytes (path, other);
  g_assert_cmpuint (count_files (dir), ==, 1);
}

static void
test_form_print_save_read_only (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GBytes) old = g_bytes_new_static ("old", 3);
  g_autofree char *dir = g_build_filename (tmp_dir, "read-only", NULL);
  g_autofree char *existing = g_build_filename (dir, "existing.pdf", NULL);
  g_autofree char *fresh = g_build_filename (dir, "new.pdf", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  g_autoptr(GError) error = NULL;
  gboolean immutable = geteuid () == 0;
  const char *targets[] = { fresh, existing };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (existing, "old", 3, &error);
  g_assert_no_error (error);

  /* root writes through permission bits: make the folder immutable too. */
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  if (immutable)
    g_free (run ("chattr", "+i", dir, NULL));
  g_assert_false (g_file_set_contents (probe, "x", 1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (targets[i]);
      g_autofree char *basename = g_path_get_basename (targets[i]);

      g_assert_false (save_to (pdf, file, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (g_strstr_len (error->message, -1, basename));
      g_clear_error (&error);
    }

  /* Nothing new, nothing half-written, the old file untouched. */
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  assert_file_bytes (existing, old);

  if (immutable)
    g_free (run ("chattr", "-i", dir, NULL));
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  /* A folder that is a file. */
  {
    g_autofree char *below = g_build_filename (existing, "x.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (below);

    g_assert_false (save_to (pdf, file, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
    g_assert_nonnull (g_strstr_len (error->message, -1, "x.pdf"));
  }
}

static GtkWidget *
find_print_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_PRINT_UNIX_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
file_written (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A whole PDF ends with %EOF (and maybe a newline). */
  return g_file_get_contents (data, &contents, &length, NULL) && length > 32 &&
         g_strstr_len (contents + length - 32, 32, "%EOF") != NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  return find_print_dialog () != NULL;
}

static GtkWidget *
find_notebook (GtkWidget *widget)
{
  if (GTK_IS_NOTEBOOK (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_notebook (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Brings the app's own tab of the print dialog to the front. */
static void
show_copies_tab (GtkWidget *dialog)
{
  GtkNotebook *notebook = GTK_NOTEBOOK (find_notebook (dialog));

  g_assert_nonnull (notebook);
  for (int i = 0; i < gtk_notebook_get_n_pages (notebook); i++)
    if (label_contains (gtk_notebook_get_nth_page (notebook, i), "Gebze"))
      {
        gtk_notebook_set_current_page (notebook, i);
        eb_test_ui_settle ();
        return;
      }
  g_assert_not_reached ();
}

static gboolean
find_file_printer (GtkPrinter *printer,
                   gpointer    data)
{
  /* GTK's file backend: the one virtual printer that writes PDF. */
  if (gtk_printer_is_virtual (printer) && gtk_printer_accepts_pdf (printer) &&
      g_strcmp0 (gtk_printer_get_icon_name (printer), "document-save") == 0)
    {
      *(char **) data = g_strdup (gtk_printer_get_name (printer));
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GtkPrintUnixDialog *dialog;
  const char *printer;
} PrinterWait;

static gboolean
printer_selected (gpointer data)
{
  PrinterWait *wait = data;
  GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (wait->dialog);

  return printer != NULL && g_strcmp0 (gtk_printer_get_name (printer), wait->printer) == 0;
}

/* The real print dialog: three copies preset, the tab that says why, and
 * cancelling it is no error. */
static void
test_form_print_dialog (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog;

  gtk_window_present (GTK_WINDOW (parent));
  eb_form_print_run_async (GTK_WINDOW (parent), pdf, "Başvuru formu", NULL, NULL, got_result, &result);
  eb_test_ui_spin_until (print_dialog_shown, NULL);
  dialog = find_print_dialog ();

  settings = gtk_print_unix_dialog_get_settings (GTK_PRINT_UNIX_DIALOG (dialog));
  g_assert_cmpint (gtk_print_settings_get_n_copies (settings), ==, 1);
  assert_copies_tab (dialog, 4);
  show_copies_tab (dialog);
  eb_test_ui_screenshot (dialog, "form-print-dialog-copies.png");

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  eb_test_ui_spin_until (result_arrived, &result);
  g_assert_cmpint (eb_form_print_run_finish (result, &error), ==, GTK_PRINT_OPERATION_RESULT_CANCEL);
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (parent));
}

/* "Print to File" in the dialog: the job is written where the user said,
 * and the result tells it, so the page can say a file was saved rather
 * than that something went to a printer. */
static void
test_form_print_to_file (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autofree char *source = write_source (pdf);
  g_autofree char *path = g_build_filename (tmp_dir, "to-file.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *file_printer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog;
  PrinterWait wait;
  GFile *output;

  gtk_enumerate_printers (find_file_printer, &file_printer, NULL, TRUE);
  g_assert_nonnull (file_printer);

  gtk_window_present (GTK_WINDOW (parent));
  eb_form_print_run_async (GTK_WINDOW (parent), pdf, "Başvuru formu", NULL, NULL, got_result, &result);
  eb_test_ui_spin_until (print_dialog_shown, NULL);
  dialog = find_print_dialog ();

  settings = gtk_print_unix_dialog_get_settings (GTK_PRINT_UNIX_DIALOG (dialog));
  gtk_print_settings_set_printer (settings, file_printer);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_unix_dialog_set_settings (GTK_PRINT_UNIX_DIALOG (dialog), settings);
  wait = (PrinterWait) { GTK_PRINT_UNIX_DIALOG (dialog), file_printer };
  eb_test_ui_spin_until (printer_selected, &wait);

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  eb_test_ui_spin_until (result_arrived, &result);
  g_assert_cmpint (eb_form_print_run_finish (result, &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  output = eb_form_print_run_get_output_file (result);
  g_assert_nonnull (output);
  {
    g_autofree char *output_path = g_file_get_path (output);

    g_assert_cmpstr (output_path, ==, path);
  }
  /* Written by the time the job is done; the same sheets as the export. */
  eb_test_ui_spin_until (file_written, path);
  check_export (path, source, 4);

  gtk_window_destroy (GTK_WINDOW (parent));
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
chooser_in (gpointer data)
{
  GtkWidget *chooser = find_file_chooser ();
  g_autoptr(GFile) file = chooser != NULL ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)) : NULL;
  g_autoptr(GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;

  return g_strcmp0 (path, data) == 0;
}

static void
test_form_print_save_as (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autofree char *dir = g_build_filename (tmp_dir, "chosen", NULL);
  g_autofree char *path = g_build_filename (dir, "basvuru-2025-000123.pdf", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *chooser;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  gtk_window_present (GTK_WINDOW (parent));

  /* Accepted: the suggested name in the chosen folder, exact bytes. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GFile) saved = NULL;

    eb_form_print_save_as (GTK_WINDOW (parent), pdf, "basvuru-2025-000123.pdf", NULL, got_result, &result);
    eb_test_ui_spin_until (chooser_shown, NULL);
    chooser = find_file_chooser ();
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (parent));
    {
      g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

      g_assert_cmpstr (name, ==, "basvuru-2025-000123.pdf");
    }
    /* It opens in Documents; it answers only once it has loaded the folder. */
    eb_test_ui_spin_until (chooser_in, dir);
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    eb_test_ui_spin_until (result_arrived, &result);

    saved = eb_form_print_save_as_finish (result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (saved);
    {
      g_autofree char *saved_path = g_file_get_path (saved);

      g_assert_cmpstr (saved_path, ==, path);
    }
    assert_file_bytes (path, pdf);
  }

  /* Cancelled by the user. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    eb_form_print_save_as (GTK_WINDOW (parent), pdf, "other.pdf", NULL, got_result, &result);
    eb_test_ui_spin_until (chooser_shown, NULL);
    gtk_dialog_response (GTK_DIALOG (find_file_chooser ()), GTK_RESPONSE_CANCEL);
    eb_test_ui_spin_until (result_arrived, &result);
    g_assert_null (eb_form_print_save_as_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* Cancelled by the program: the dialog goes away. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    eb_form_print_save_as (GTK_WINDOW (parent), pdf, "other.pdf", cancellable, got_result, &result);
    eb_test_ui_spin_until (chooser_shown, NULL);
    g_cancellable_cancel (cancellable);
    eb_test_ui_spin_until (result_arrived, &result);
    g_assert_null (eb_form_print_save_as_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (find_file_chooser ());
  }

  g_assert_cmpuint (count_files (dir), ==, 1);
  gtk_window_destroy (GTK_WINDOW (parent));
}

/* The next "save as" starts in the folder saved in last (the last-folder
 * setting), not in Documents again. */
static void
test_form_print_save_as_last_folder (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autofree char *elsewhere = g_build_filename (tmp_dir, "elsewhere", NULL);
  g_autofree char *path = g_build_filename (elsewhere, "basvuru.pdf", NULL);
  g_autofree char *documents = g_build_filename (tmp_dir, "chosen", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *chooser;

  g_assert_cmpint (g_mkdir_with_parents (elsewhere, 0755), ==, 0);
  gtk_window_present (GTK_WINDOW (parent));

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GFile) target = g_file_new_for_path (path);
    g_autoptr(GFile) saved = NULL;

    eb_form_print_save_as (GTK_WINDOW (parent), pdf, "basvuru.pdf", NULL, got_result, &result);
    eb_test_ui_spin_until (chooser_shown, NULL);
    chooser = find_file_chooser ();
    /* The user goes to another folder and saves there. */
    eb_test_ui_spin_until (chooser_in, documents);
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), target, &error));
    g_assert_no_error (error);
    eb_test_ui_spin_until (chooser_in, elsewhere);
    eb_test_ui_settle ();
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    eb_test_ui_spin_until (result_arrived, &result);
    saved = eb_form_print_save_as_finish (result, &error);
    g_assert_no_error (error);
    {
      g_autofree char *saved_path = g_file_get_path (saved);

      g_assert_cmpstr (saved_path, ==, path);
    }
    assert_file_bytes (path, pdf);
  }

  /* Next time it opens there. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    eb_form_print_save_as (GTK_WINDOW (parent), pdf, "other.pdf", NULL, got_result, &result);
    eb_test_ui_spin_until (chooser_shown, NULL);
    eb_test_ui_spin_until (chooser_in, elsewhere);
    gtk_dialog_response (GTK_DIALOG (find_file_chooser ()), GTK_RESPONSE_CANCEL);
    eb_test_ui_spin_until (result_arrived, &result);
    g_assert_null (eb_form_print_save_as_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  gtk_window_destroy (GTK_WINDOW (parent));
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

  tmp_dir = g_dir_make_tmp ("eb-print-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  /* Documents, where "save as" starts, is a folder of the test's own. */
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  {
    g_autofree char *dirs = g_build_filename (tmp_dir, "user-dirs.dirs", NULL);
    g_autofree char *line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s/chosen\"\n", tmp_dir);

    g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/form-print/settings", test_form_print_settings);
  g_test_add_func ("/ui/form-print/export", test_form_print_export);
  g_test_add_func ("/ui/form-print/export-envelope", test_form_print_export_envelope);
  g_test_add_func ("/ui/form-print/envelope-only", test_form_print_envelope_only);
  g_test_add_func ("/ui/form-print/broken", test_form_print_broken);
  g_test_add_func ("/ui/form-print/dialog", test_form_print_dialog);
  g_test_add_func ("/ui/form-print/to-file", test_form_print_to_file);
  g_test_add_func ("/ui/form-print/save-to-file", test_form_print_save_to_file);
  g_test_add_func ("/ui/form-print/save-read-only", test_form_print_save_read_only);
  g_test_add_func ("/ui/form-print/save-as", test_form_print_save_as);
  g_test_add_func ("/ui/form-print/save-as-last-folder", test_form_print_save_as_last_folder);

  status = g_test_run ();
  g_assert_true (eb_remove_tree (tmp_dir, NULL));
  g_free (tmp_dir);

  return status;
}
