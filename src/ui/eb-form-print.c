/* eb-form-print.c — printing the application form three times, saving it as a PDF
 *
 * One print job holds what the form's instructions ask for: page 1, the
 * form that is signed, three times (one copy each for Kamu SM, the district
 * IT unit and the applicant), then the other pages once, for the applicant
 * to follow, then the address sheet if asked for. So the job's own page
 * list makes the copies, and the dialog's copy count starts at 1.
 *
 * Printing goes through GtkPrintOperation, so inside Flatpak the print
 * portal shows the host's dialog. Each page is the PDF page drawn again by
 * poppler's printing path at the printer's resolution, at its own size on
 * the full sheet, so the paper matches the PDF the portal issued. The
 * address sheet for the copy mailed to Kamu SM is drawn here; what it says
 * is printed, so it is Turkish text, not translated.
 *
 * Saving writes a temporary file beside the target and renames it over, so
 * a full disk or a refused folder never leaves half a PDF behind; pages say
 * how it went in a toast (eb_form_print_save_as_done()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "eb-file-util.h"
#include "eb-form-print.h"
#include "eb-toast.h"

#define KAMU_SM_NAME    "TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi"
#define KAMU_SM_ADDRESS "Pk:74, 41470 Gebze/KOCAELİ"
#define FONT_FAMILY     "DejaVu Sans"

typedef struct
{
  PopplerDocument *document;
  int n_form_pages;
  int n_signed_copies;          /* of page 1 */
  gboolean envelope;
  char *applicant_name;
  char *delivery_address;
  char *application_number;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->document);
  g_free (job->applicant_name);
  g_free (job->delivery_address);
  g_free (job->application_number);
  g_free (job);
}

/* The sheets of the job: page 1 n_signed_copies times, the other pages
 * once, then the address sheet. */
static int
job_n_sheets (PrintJob *job)
{
  int n = job->n_form_pages > 0 ? job->n_signed_copies + job->n_form_pages - 1 : 0;

  return n + (job->envelope ? 1 : 0);
}

/* The PDF page on sheet @sheet, or -1 for the address sheet. */
static int
job_pdf_page (PrintJob *job,
              int       sheet)
{
  if (job->n_form_pages == 0)
    return -1;
  if (sheet < job->n_signed_copies)
    return 0;
  if (sheet < job->n_signed_copies + job->n_form_pages - 1)
    return sheet - job->n_signed_copies + 1;
  return -1;
}

static void
draw_form_page (GtkPrintContext *context,
                PopplerPage     *page)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double sheet_width = gtk_print_context_get_width (context);
  double sheet_height = gtk_print_context_get_height (context);
  double width, height, scale;

  poppler_page_get_size (page, &width, &height);
  /* Same size on A4; a page of another size is fitted and centred. */
  scale = MIN (sheet_width / width, sheet_height / height);
  if (scale > 0.999 && scale < 1.001)
    scale = 1.0;

  cairo_save (cr);
  cairo_translate (cr, (sheet_width - width * scale) / 2, (sheet_height - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
}

static double
show_text (GtkPrintContext *context,
           const char      *text,
           double           size,
           gboolean         bold,
           double           x,
           double           y,
           double           width)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  int text_height;

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &text_height);

  return y + (double) text_height / PANGO_SCALE;
}

/* An A4 sheet folded in three for a DL window envelope: the sender at the
 * top, the recipient in the middle third, fold lines marked. */
static void
draw_envelope_page (GtkPrintContext *context,
                    PrintJob        *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  const double margin = 56;
  const double dash[] = { 6, 4 };
  g_autofree char *number = NULL;
  double y;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = show_text (context, "GÖNDEREN", 9, TRUE, margin, margin, width / 2);
  y = show_text (context, job->applicant_name, 11, FALSE, margin, y + 4, width / 2);
  y = show_text (context, job->delivery_address, 11, FALSE, margin, y + 2, width / 2);

  number = g_strdup_printf ("Başvuru No: %s", job->application_number);
  show_text (context, number, 11, TRUE, margin, y + 12, width - 2 * margin);

  y = show_text (context, "ALICI", 9, TRUE, width / 2 - 20, height / 3 + 60, width / 2);
  y = show_text (context, KAMU_SM_NAME, 14, TRUE, width / 2 - 20, y + 4, width / 2 - margin + 20);
  show_text (context, KAMU_SM_ADDRESS, 14, FALSE, width / 2 - 20, y + 4, width / 2 - margin + 20);

  show_text (context,
             "İçerik: Nitelikli Elektronik Sertifika Başvuru Formu, ıslak imzalı. "
             "Bu sayfayı çizgilerden katlayıp pencereli zarfa koyunuz.",
             9, FALSE, margin, 2 * height / 3 + 24, width - 2 * margin);

  cairo_set_line_width (cr, 0.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  for (int i = 1; i <= 2; i++)
    {
      cairo_move_to (cr, margin / 2, i * height / 3);
      cairo_line_to (cr, width - margin / 2, i * height / 3);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  int pdf_page = job_pdf_page (job, page_nr);

  if (pdf_page >= 0)
    {
      /* PopplerPage has no g_autoptr in poppler 22.12. */
      PopplerPage *page = poppler_document_get_page (job->document, pdf_page);

      draw_form_page (context, page);
      g_object_unref (page);
    }
  else
    {
      draw_envelope_page (context, job);
    }
}

/* A landscape page of the PDF goes on a landscape sheet. */
static void
on_request_page_setup (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       GtkPageSetup      *setup,
                       PrintJob          *job)
{
  PopplerPage *page;
  double width, height;
  int pdf_page = job_pdf_page (job, page_nr);

  if (pdf_page < 0)
    return;

  page = poppler_document_get_page (job->document, pdf_page);
  poppler_page_get_size (page, &width, &height);
  g_object_unref (page);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
}

static GtkWidget *
tab_label (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* The dialog's tab: what this job prints, sheet by sheet, and what to do
 * with each signed copy, so nobody sets the copy count to 3 on top. */
static GObject *
on_create_custom_widget (GtkPrintOperation *operation,
                         PrintJob          *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *sheets = NULL;
  g_autofree char *copies = NULL;

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  gtk_box_append (GTK_BOX (box), tab_label (_("This Print Job"), "heading"));
  sheets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d sheet, in this order:", "%d sheets, in this order:",
                                         job_n_sheets (job)),
                            job_n_sheets (job));
  gtk_box_append (GTK_BOX (box), tab_label (sheets, NULL));
  copies = g_strdup_printf (_("• Page 1, the form you sign: %d copies"), job->n_signed_copies);
  gtk_box_append (GTK_BOX (box), tab_label (copies, NULL));
  if (job->n_form_pages > 1)
    gtk_box_append (GTK_BOX (box), tab_label (_("• Page 2, the instructions: once, for you to keep; it is not signed or sent"), NULL));
  if (job->envelope)
    gtk_box_append (GTK_BOX (box), tab_label (_("• The address sheet for the envelope to Kamu SM: once"), NULL));
  gtk_box_append (GTK_BOX (box), tab_label (_("The copies are already in the job: leave “Copies” at 1."), "dim-label"));

  {
    GtkWidget *heading = tab_label (_("Sign and date each copy of page 1, then"), "heading");

    gtk_widget_set_margin_top (heading, 12);
    gtk_box_append (GTK_BOX (box), heading);
  }
  gtk_box_append (GTK_BOX (box), tab_label (_("1. Mail one to TÜBİTAK BİLGEM Kamu SM, Pk:74, 41470 Gebze/KOCAELİ."), NULL));
  gtk_box_append (GTK_BOX (box), tab_label (_("2. Hand one to your district MEB IT unit. Applications it does not know about are not approved."), NULL));
  gtk_box_append (GTK_BOX (box), tab_label (_("3. Keep one."), NULL));

  return G_OBJECT (box);
}

/**
 * eb_form_print_operation_new:
 * @pdf: (nullable): the form as the portal issued it; %NULL to print only
 *   the address sheet
 * @job_name: (nullable): what the print queue shows
 * @envelope: (nullable): adds the address sheet as a last page
 *
 * A print operation for the form on A4: page 1 three times, the other
 * pages once, then the address sheet if given; or for the address sheet
 * alone, once (it goes with the copy mailed to Kamu SM only).
 *
 * Returns: (transfer full): the operation, or %NULL if @pdf is not a PDF
 */
GtkPrintOperation *
eb_form_print_operation_new (GBytes               *pdf,
                             const char           *job_name,
                             const EbFormEnvelope *envelope,
                             GError              **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GError) local_error = NULL;
  GtkPaperSize *a4;
  PrintJob *job;

  g_return_val_if_fail (pdf != NULL || envelope != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = g_new0 (PrintJob, 1);
  if (pdf != NULL)
    job->document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (pdf != NULL && job->document == NULL)
    {
      g_debug ("poppler: %s", local_error->message);
      print_job_free (job);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The application form is damaged and cannot be printed. Create it again."));
      return NULL;
    }
  job->n_form_pages = job->document != NULL ? poppler_document_get_n_pages (job->document) : 0;
  job->n_signed_copies = EB_FORM_PRINT_N_COPIES;
  if (envelope != NULL)
    {
      job->envelope = TRUE;
      job->applicant_name = g_strdup (envelope->applicant_name != NULL ? envelope->applicant_name : "");
      job->delivery_address = g_strdup (envelope->delivery_address != NULL ? envelope->delivery_address : "");
      job->application_number = g_strdup (envelope->application_number != NULL ? envelope->application_number : "");
    }

  operation = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (operation), "eb-print-job", job, (GDestroyNotify) print_job_free);

  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);

  settings = gtk_print_settings_new ();
  gtk_print_settings_set_paper_size (settings, a4);
  /* The job repeats page 1 itself; a copy count would repeat the
   * instructions and the address sheet too. */
  gtk_print_settings_set_n_copies (settings, 1);
  gtk_print_settings_set_collate (settings, TRUE);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_paper_size_free (a4);

  gtk_print_operation_set_job_name (operation, job_name != NULL ? job_name : _("Application form"));
  gtk_print_operation_set_n_pages (operation, job_n_sheets (job));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* The PDF page has its own margins; printer margins would shrink it. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, FALSE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_signal_connect (operation, "request-page-setup", G_CALLBACK (on_request_page_setup), job);
  if (pdf != NULL)
    {
      /* TRANSLATORS: the tab in the print dialog that explains the three copies */
      gtk_print_operation_set_custom_tab_label (operation, _("Three copies"));
      g_signal_connect (operation, "create-custom-widget", G_CALLBACK (on_create_custom_widget), job);
    }

  return g_steal_pointer (&operation);
}

static void
set_print_error (GError       **error,
                 const GError  *cause)
{
  g_set_error (error, cause->domain, cause->code,
               /* TRANSLATORS: %s says why, from the printing system */
               _("The application form could not be printed: %s"), cause->message);
}

/**
 * eb_form_print_run:
 * @parent: (nullable): for the print dialog
 * @action: usually %GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG; EXPORT writes
 *   @export_filename as a PDF without a dialog
 * @export_filename: (nullable): the PDF file for the EXPORT action
 *
 * Blocks, with a main loop of its own while the dialog is open. Prefer
 * eb_form_print_run_async() for the dialog.
 */
GtkPrintOperationResult
eb_form_print_run (GtkWindow               *parent,
                   GBytes                  *pdf,
                   const char              *job_name,
                   const EbFormEnvelope    *envelope,
                   GtkPrintOperationAction  action,
                   const char              *export_filename,
                   GError                 **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) local_error = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (pdf != NULL || envelope != NULL, GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || export_filename != NULL,
                        GTK_PRINT_OPERATION_RESULT_ERROR);

  operation = eb_form_print_operation_new (pdf, job_name, envelope, error);
  if (operation == NULL)
    return GTK_PRINT_OPERATION_RESULT_ERROR;
  if (export_filename != NULL)
    gtk_print_operation_set_export_filename (operation, export_filename);

  result = gtk_print_operation_run (operation, action, parent, &local_error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      if (local_error != NULL)
        set_print_error (error, local_error);
      else
        g_set_error_literal (error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                             _("The application form could not be printed."));
    }
  return result;
}

typedef struct
{
  GtkPrintOperation *operation;
  gulong cancelled_id;
  gboolean completed;
  GFile *output_file;           /* printed to a file ("Print to File") */
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->operation);
  g_clear_object (&data->output_file);
  g_free (data);
}

static void on_done (GtkPrintOperation       *operation,
                     GtkPrintOperationResult  result,
                     GTask                   *task);

static void
run_complete (GTask                   *task,
              GtkPrintOperationResult  result)
{
  g_autoptr(GTask) keep = g_object_ref (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  if (data->completed)
    return;
  data->completed = TRUE;
  g_cancellable_disconnect (cancellable, data->cancelled_id);
  data->cancelled_id = 0;
  /* Drops the reference that kept the task alive while printing. */
  g_signal_handlers_disconnect_by_func (data->operation, on_done, task);

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) cause = NULL;

      gtk_print_operation_get_error (data->operation, &cause);
      if (cause != NULL)
        set_print_error (&error, cause);
      else
        g_set_error_literal (&error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                             _("The application form could not be printed."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      GtkPrintSettings *settings = gtk_print_operation_get_print_settings (data->operation);
      const char *uri = settings != NULL ? gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_URI) : NULL;

      /* GTK's file printer says where it wrote; real printers have no URI. */
      if (uri != NULL && *uri != '\0')
        data->output_file = g_file_new_for_uri (uri);
    }
  g_task_return_int (task, result);
}

static void
on_done (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GTask                   *task)
{
  run_complete (task, result);
}

static void
on_run_cancelled (GCancellable      *cancellable,
                  GtkPrintOperation *operation)
{
  gtk_print_operation_cancel (operation);
}

/**
 * eb_form_print_run_async:
 *
 * Shows the print dialog with three copies preset. Finishes when the job
 * has been handed to the printing system or the dialog was cancelled.
 */
void
eb_form_print_run_async (GtkWindow            *parent,
                         GBytes               *pdf,
                         const char           *job_name,
                         const EbFormEnvelope *envelope,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  RunData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (pdf != NULL || envelope != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_form_print_run_async);

  data = g_new0 (RunData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  data->operation = eb_form_print_operation_new (pdf, job_name, envelope, &error);
  if (data->operation == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  gtk_print_operation_set_allow_async (data->operation, TRUE);
  /* The operation keeps the task until it is done; run_complete() lets go. */
  g_signal_connect_data (data->operation, "done", G_CALLBACK (on_done), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_run_cancelled),
                                                data->operation, NULL);

  result = gtk_print_operation_run (data->operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, NULL);
  /* Without async support in the backend it has already finished. */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    run_complete (task, result);
}

/**
 * eb_form_print_run_get_output_file:
 * @result: the result of eb_form_print_run_async()
 *
 * Returns: (transfer none) (nullable): the file the job was written to when
 *   the user chose to print to a file, %NULL when it went to a printer
 */
GFile *
eb_form_print_run_get_output_file (GAsyncResult *result)
{
  RunData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_form_print_run_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  return data->output_file;
}

/**
 * eb_form_print_run_finish:
 *
 * Returns: APPLY when printed, CANCEL when the user cancelled the dialog;
 *   ERROR with @error set otherwise (G_IO_ERROR_CANCELLED for the cancellable)
 */
GtkPrintOperationResult
eb_form_print_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_form_print_run_async,
                        GTK_PRINT_OPERATION_RESULT_ERROR);

  value = g_task_propagate_int (G_TASK (result), error);
  return value < 0 ? GTK_PRINT_OPERATION_RESULT_ERROR : (GtkPrintOperationResult) value;
}

/* Saving */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = source_object;
  GBytes *pdf = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (path == NULL)
    {
      /* Not a local file: GIO writes a temporary and renames it where it can. */
      g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                               cancellable, &error);
    }
  else
    {
      /* The app's one atomic writer: a temporary file, flushed, renamed
       * over the target; removed again on any failure. */
      eb_file_write_atomically (pdf, path, &error);
    }

  if (error == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_task_return_new_error (task, G_IO_ERROR, error->code,
                             /* TRANSLATORS: %s is the file */
                             _("“%s” could not be saved: the disk is full. Free some space "
                               "or choose another place, then save again."), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    g_task_return_new_error (task, G_IO_ERROR, error->code,
                             /* TRANSLATORS: %s is the file */
                             _("“%s” could not be saved: you may not write in that folder. "
                               "Choose another folder, such as Documents."), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, G_IO_ERROR, error->code,
                             /* TRANSLATORS: the first %s is the file, the second says why */
                             _("“%s” could not be saved: %s"), name, error->message);
}

/**
 * eb_form_print_save_to_file:
 *
 * Writes @pdf to @file atomically: afterwards the file holds either all of
 * @pdf or what it held before.
 */
void
eb_form_print_save_to_file (GBytes              *pdf,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (pdf != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_form_print_save_to_file);
  g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, save_thread);
}

gboolean
eb_form_print_save_to_file_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_form_print_save_to_file, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GtkFileChooserNative *chooser;
  GBytes *pdf;
  GFile *file;
  gulong cancelled_id;
  gboolean answered;
} SaveAsData;

static void
save_as_data_free (SaveAsData *data)
{
  if (data->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
  g_clear_object (&data->chooser);
  g_clear_pointer (&data->pdf, g_bytes_unref);
  g_clear_object (&data->file);
  g_free (data);
}

/* The app's settings, if installed (a test or a bare binary may run
 * without them; the chooser then starts in Documents every time). */
static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "last-folder"))
    return NULL;
  return g_settings_new (APPLICATION_ID);
}

/* Where "save as" starts: the folder the user saved in last, if it is
 * still there; else Documents; else home. Never the working directory. */
static char *
dup_start_folder (void)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autofree char *last = settings != NULL ? g_settings_get_string (settings, "last-folder") : NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (last != NULL && g_path_is_absolute (last) && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&last);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_strdup (documents);
  return g_strdup (g_get_home_dir ());
}

static void
remember_folder (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;
  g_autoptr(GSettings) settings = NULL;

  /* Inside Flatpak the chooser portal remembers folders itself, and the
   * path is the document portal's. */
  if (path == NULL || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
      (settings = dup_settings ()) == NULL)
    return;
  g_settings_set_string (settings, "last-folder", path);
}

static void
save_as_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveAsData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!eb_form_print_save_to_file_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      remember_folder (data->file);
      g_task_return_pointer (task, g_object_ref (data->file), g_object_unref);
    }
}

static void
on_save_as_response (GtkNativeDialog *chooser,
                     int              response,
                     GTask           *task)
{
  SaveAsData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  data->answered = TRUE;
  g_cancellable_disconnect (cancellable, data->cancelled_id);
  data->cancelled_id = 0;
  g_signal_handlers_disconnect_by_data (chooser, task);

  if (response != GTK_RESPONSE_ACCEPT ||
      (data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("Saving the application form was cancelled."));
      g_object_unref (task);
      return;
    }

  eb_form_print_save_to_file (data->pdf, data->file, cancellable, save_as_written, task);
}

static gboolean
hide_chooser_idle (gpointer user_data)
{
  GTask *task = user_data;
  SaveAsData *data = g_task_get_task_data (task);

  /* Hiding does not answer the dialog, so answer it here. */
  if (!data->answered)
    {
      gtk_native_dialog_hide (GTK_NATIVE_DIALOG (data->chooser));
      on_save_as_response (GTK_NATIVE_DIALOG (data->chooser), GTK_RESPONSE_CANCEL, task);
    }
  return G_SOURCE_REMOVE;
}

static void
on_save_as_cancelled (GCancellable *cancellable,
                      GTask        *task)
{
  /* Not from inside the cancellable's signal, which holds its lock. */
  g_idle_add_full (G_PRIORITY_DEFAULT, hide_chooser_idle, g_object_ref (task), g_object_unref);
}

/**
 * eb_form_print_save_as:
 * @suggested_name: the file name offered, e.g. "basvuru-2025-000123.pdf"
 *
 * Asks where to save (through the file chooser portal inside Flatpak) and
 * writes @pdf there atomically. The finish function returns the file, or
 * G_IO_ERROR_CANCELLED when the user cancelled.
 */
void
eb_form_print_save_as (GtkWindow           *parent,
                       GBytes              *pdf,
                       const char          *suggested_name,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  SaveAsData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (pdf != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_form_print_save_as);
  data = g_new0 (SaveAsData, 1);
  data->pdf = g_bytes_ref (pdf);
  g_task_set_task_data (task, data, (GDestroyNotify) save_as_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->chooser = gtk_file_chooser_native_new (_("Save the Application Form"), parent,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);

  {
    g_autofree char *start = dup_start_folder ();
    g_autoptr(GFile) folder = g_file_new_for_path (start);

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->chooser), folder, NULL);
  }
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), suggested_name);

  /* The task's reference travels with the dialog until it answers. */
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_save_as_response), g_object_ref (task));
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_save_as_cancelled),
                                                task, NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

/**
 * eb_form_print_save_as_finish:
 * Returns: (transfer full): where the form was saved, or %NULL with @error
 */
GFile *
eb_form_print_save_as_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_form_print_save_as, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * eb_form_print_save_as_done:
 * @user_data: (transfer full): the widget that asked (a page)
 *
 * A callback for eb_form_print_save_as() that tells, in a toast over the
 * widget, where the file went or why it did not; closing the file chooser
 * says nothing.
 */
void
eb_form_print_save_as_done (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = eb_form_print_save_as_finish (result, &error);

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      /* TRANSLATORS: %s is a file's path */
      g_autofree char *text = g_strdup_printf (_("Saved as %s"), name);

      eb_toast_show (widget, text);
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    eb_toast_show (widget, error->message);
}
