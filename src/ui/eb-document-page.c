/* eb-document-page.c — Yöntem 1: the issued form, to print and save
 *
 * The seed's wet-signature path as the page's main content, numbered steps
 * beside the form as the portal issued it (with the application number):
 * page 1 printed in 3 copies through the print dialog (the print portal
 * inside Flatpak), signed, one mailed to Kamu SM (an envelope sheet printed
 * once on its own helps), one handed to the district MEB IT unit, one kept;
 * and the form saved as a PDF where the user wants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-document-page.h"
#include "eb-form-print.h"
#include "eb-geo.h"
#include "eb-issued-form.h"
#include "eb-toast.h"

struct _EbDocumentPage
{
  EbPage parent_instance;

  EbIssuedForm *issued_form;

  GCancellable *cancellable;
  gboolean printed;
};

G_DEFINE_FINAL_TYPE (EbDocumentPage, eb_document_page, EB_TYPE_PAGE)

static char *
dup_file_name (EbDocumentPage *self)
{
  const char *number = eb_session_get_application_no (eb_page_get_session (EB_PAGE (self)));

  /* TRANSLATORS: the suggested file name; %s is the application number */
  return g_strdup_printf (_("Application-Form-%s.pdf"), number != NULL ? number : "");
}

static void
update_actions (EbDocumentPage *self)
{
  gboolean ready = eb_issued_form_get_document (self->issued_form) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.print-envelope", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.save", ready);
}

static void
on_document_changed (EbDocumentPage *self)
{
  update_actions (self);
  eb_page_update_complete (EB_PAGE (self));
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EbDocumentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult status = eb_form_print_run_finish (result, &error);

  if (status == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        eb_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  if (status == GTK_PRINT_OPERATION_RESULT_APPLY || status == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      GFile *file = eb_form_print_run_get_output_file (result);

      if (file != NULL)
        {
          g_autofree char *name = g_file_get_parse_name (file);
          /* TRANSLATORS: %s is a file's path; "print to file" was chosen in the print dialog */
          g_autofree char *text = g_strdup_printf (_("Saved to the file %s; nothing was printed on paper."), name);

          eb_toast_show (GTK_WIDGET (self), text);
          return;
        }
      self->printed = TRUE;
      eb_toast_show (GTK_WIDGET (self), _("Sent to the printer: page 1 three times, then the instructions. Sign every copy of page 1."));
    }
}

static void
envelope_printed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EbDocumentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult status = eb_form_print_run_finish (result, &error);

  if (status == GTK_PRINT_OPERATION_RESULT_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    eb_toast_show (GTK_WIDGET (self), error->message);
  else if (status == GTK_PRINT_OPERATION_RESULT_APPLY && eb_form_print_run_get_output_file (result) != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (eb_form_print_run_get_output_file (result));
      /* TRANSLATORS: %s is a file's path; "print to file" was chosen in the print dialog */
      g_autofree char *text = g_strdup_printf (_("Saved to the file %s; nothing was printed on paper."), name);

      eb_toast_show (GTK_WIDGET (self), text);
    }
  else if (status == GTK_PRINT_OPERATION_RESULT_APPLY)
    eb_toast_show (GTK_WIDGET (self), _("Envelope sheet sent to the printer. Fold it in three for a window envelope."));
}

/* The sheet for the copy mailed to Kamu SM: the applicant as sender. */
static void
print_envelope_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EbDocumentPage *self = EB_DOCUMENT_PAGE (widget);
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  const char *number = eb_session_get_application_no (eb_page_get_session (EB_PAGE (self)));
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *job = NULL;
  EbFormEnvelope envelope = { 0 };
  guint plate;
  const char *province = NULL;

  name = g_strdup_printf ("%s %s", eb_application_form_get_text (form, EB_FIELD_FIRST_NAME),
                          eb_application_form_get_text (form, EB_FIELD_LAST_NAME));
  plate = (guint) g_ascii_strtoull (eb_application_form_get_text (form, EB_FIELD_PROVINCE), NULL, 10);
  if (plate > 0)
    province = eb_geo_get_province_name (eb_geo_get_default (), plate);
  address = g_strdup_printf ("%s\n%s %s / %s",
                             eb_application_form_get_text (form, EB_FIELD_DELIVERY_ADDRESS),
                             eb_application_form_get_text (form, EB_FIELD_POSTAL_CODE),
                             eb_application_form_get_text (form, EB_FIELD_DISTRICT),
                             province != NULL ? province : "");
  envelope.applicant_name = name;
  envelope.delivery_address = address;
  envelope.application_number = number;
  /* TRANSLATORS: the print job's name; %s is the application number */
  job = g_strdup_printf (_("Envelope Sheet %s"), number != NULL ? number : "");

  eb_form_print_run_async (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, job, &envelope,
                           self->cancellable, envelope_printed_cb, g_object_ref (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EbDocumentPage *self = EB_DOCUMENT_PAGE (widget);
  GBytes *document = eb_issued_form_get_document (self->issued_form);
  const char *number = eb_session_get_application_no (eb_page_get_session (EB_PAGE (self)));
  g_autofree char *job = NULL;

  if (document == NULL)
    return;

  /* TRANSLATORS: the print job's name; %s is the application number */
  job = g_strdup_printf (_("e-Signature Application Form %s"), number != NULL ? number : "");
  eb_form_print_run_async (GTK_WINDOW (gtk_widget_get_root (widget)), document, job, NULL,
                           self->cancellable, printed_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbDocumentPage *self = EB_DOCUMENT_PAGE (widget);
  GBytes *document = eb_issued_form_get_document (self->issued_form);
  g_autofree char *file_name = dup_file_name (self);

  if (document == NULL)
    return;
  eb_form_print_save_as (GTK_WINDOW (gtk_widget_get_root (widget)), document, file_name,
                         self->cancellable, eb_form_print_save_as_done, g_object_ref (self));
}

static gboolean
eb_document_page_applies (EbPage *page)
{
  return g_strcmp0 (eb_session_get_method (eb_page_get_session (page)), "wet") == 0;
}

static gboolean
eb_document_page_check_complete (EbPage *page)
{
  return eb_issued_form_get_document (EB_DOCUMENT_PAGE (page)->issued_form) != NULL;
}

static void
eb_document_page_shown (EbPage *page)
{
  EbDocumentPage *self = EB_DOCUMENT_PAGE (page);

  eb_issued_form_load (self->issued_form, eb_page_get_session (page));
  update_actions (self);
  eb_page_update_complete (page);
}

static void
eb_document_page_dispose (GObject *object)
{
  EbDocumentPage *self = EB_DOCUMENT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_DOCUMENT_PAGE);

  G_OBJECT_CLASS (eb_document_page_parent_class)->dispose (object);
}

static void
eb_document_page_class_init (EbDocumentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_document_page_dispose;
  page_class->shown = eb_document_page_shown;
  page_class->applies = eb_document_page_applies;
  page_class->check_complete = eb_document_page_check_complete;

  g_type_ensure (EB_TYPE_ISSUED_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-document-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbDocumentPage, issued_form);
  /* Not kept: named for tests and accessibility checks. */
  gtk_widget_class_bind_template_child_full (widget_class, "steps_group", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "mail_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "district_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "print_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_document_changed);

  gtk_widget_class_install_action (widget_class, "document.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "document.print-envelope", NULL, print_envelope_action);
  gtk_widget_class_install_action (widget_class, "document.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "document.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "document.save", NULL);
}

static void
eb_document_page_init (EbDocumentPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GBytes *
eb_document_page_get_document (EbDocumentPage *self)
{
  g_return_val_if_fail (EB_IS_DOCUMENT_PAGE (self), NULL);
  return eb_issued_form_get_document (self->issued_form);
}

gboolean
eb_document_page_get_printed (EbDocumentPage *self)
{
  g_return_val_if_fail (EB_IS_DOCUMENT_PAGE (self), FALSE);
  return self->printed;
}
