/* eb-submitted-page.c — the application number and what comes next
 *
 * Not a dead end: the form can be printed or saved again (Yöntem 1 the
 * issued form, Yöntem 2 the form as signed and sent), the application's
 * status opened, and a new application started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-form-print.h"
#include "eb-status-window.h"
#include "eb-submitted-page.h"
#include "eb-toast.h"

struct _EbSubmittedPage
{
  EbPage parent_instance;

  GtkWidget *status_page;
  GtkWidget *sign_row;
  GtkWidget *form_row;
  GtkWidget *status_row;
  GtkWidget *print_button;
  GtkWidget *new_application_button;
  GtkWidget *checklist_group;
  GtkWidget *mailed_check;
  GtkWidget *handed_check;
  GtkWidget *kept_check;
  gboolean loading_checklist;
};

G_DEFINE_FINAL_TYPE (EbSubmittedPage, eb_submitted_page, EB_TYPE_PAGE)

static void
on_checklist_toggled (EbSubmittedPage *self)
{
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  g_autoptr(GError) error = NULL;
  guint checklist = 0;

  if (self->loading_checklist)
    return;
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->mailed_check)))
    checklist |= EB_CHECKLIST_MAILED;
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->handed_check)))
    checklist |= EB_CHECKLIST_HANDED_TO_DISTRICT;
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->kept_check)))
    checklist |= EB_CHECKLIST_KEPT;

  /* The ticks stay on screen; only keeping them for later failed. */
  if (!eb_session_set_checklist (session, checklist, &error))
    g_warning ("Could not keep the checklist: %s", error->message);
}

/* What is printed or saved again: the form as signed and sent (Yöntem 2),
 * the form as issued (Yöntem 1). */
static GBytes *
kept_form (EbSubmittedPage *self)
{
  EbSession *session = eb_page_get_session (EB_PAGE (self));

  if (g_strcmp0 (eb_session_get_method (session), "esign") == 0)
    return eb_session_get_signed_accepted (session) ? eb_session_get_signed_document (session) : NULL;
  return eb_session_get_document (session);
}

/**
 * eb_submitted_page_get_kept_form:
 *
 * Returns: (transfer none) (nullable): the PDF that Print Again and Save as
 *   PDF use
 */
GBytes *
eb_submitted_page_get_kept_form (EbSubmittedPage *self)
{
  g_return_val_if_fail (EB_IS_SUBMITTED_PAGE (self), NULL);

  return kept_form (self);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EbSubmittedPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (eb_form_print_run_finish (result, &error) == GTK_PRINT_OPERATION_RESULT_ERROR
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    eb_toast_show (GTK_WIDGET (self), error->message);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EbSubmittedPage *self = EB_SUBMITTED_PAGE (widget);
  const char *number = eb_session_get_application_no (eb_page_get_session (EB_PAGE (self)));
  GBytes *document = kept_form (self);
  g_autofree char *job = NULL;

  if (document == NULL)
    return;
  /* TRANSLATORS: the print job's name; %s is the application number */
  job = g_strdup_printf (_("e-Signature Application Form %s"), number != NULL ? number : "");
  eb_form_print_run_async (GTK_WINDOW (gtk_widget_get_root (widget)), document, job, NULL, NULL,
                           printed_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbSubmittedPage *self = EB_SUBMITTED_PAGE (widget);
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  const char *number = eb_session_get_application_no (session);
  GBytes *document = kept_form (self);
  g_autofree char *name = NULL;

  if (document == NULL)
    return;
  if (g_strcmp0 (eb_session_get_method (session), "esign") == 0)
    /* TRANSLATORS: the suggested file name; %s is the application number */
    name = g_strdup_printf (_("Signed-Application-Form-%s.pdf"), number != NULL ? number : "");
  else
    /* TRANSLATORS: the suggested file name; %s is the application number */
    name = g_strdup_printf (_("Application-Form-%s.pdf"), number != NULL ? number : "");
  eb_form_print_save_as (GTK_WINDOW (gtk_widget_get_root (widget)), document, name,
                         NULL, eb_form_print_save_as_done, g_object_ref (widget));
}

static void
status_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EbSession *session = eb_page_get_session (EB_PAGE (widget));
  g_autoptr(EbApplicationRecord) record = eb_session_dup_application_record (session);

  if (record == NULL)
    return;
  gtk_window_present (GTK_WINDOW (eb_status_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), record)));
}

static void
new_application_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EbSession *session = eb_page_get_session (EB_PAGE (widget));
  g_autoptr(GError) error = NULL;

  /* This one is recorded (the first page lists it); the form starts empty
   * and the portal is logged in to again. */
  if (!eb_session_discard_draft (session, &error))
    g_warning ("Could not delete the saved draft: %s", error->message);
  gtk_widget_activate_action (widget, "assistant.restart", NULL);
}

static void
load_checklist (EbSubmittedPage *self)
{
  guint checklist = eb_session_get_checklist (eb_page_get_session (EB_PAGE (self)));

  self->loading_checklist = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->mailed_check), checklist & EB_CHECKLIST_MAILED);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->handed_check),
                               checklist & EB_CHECKLIST_HANDED_TO_DISTRICT);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->kept_check), checklist & EB_CHECKLIST_KEPT);
  self->loading_checklist = FALSE;
}

static void
eb_submitted_page_shown (EbPage *page)
{
  EbSubmittedPage *self = EB_SUBMITTED_PAGE (page);
  EbSession *session = eb_page_get_session (page);
  /* TRANSLATORS: %s is the application number, e.g. "MEB-2026-000042" */
  g_autofree char *title = g_strdup_printf (_("Application Number %s"),
                                            eb_session_get_application_no (session));
  gboolean esign = g_strcmp0 (eb_session_get_method (session), "esign") == 0;

  adw_status_page_set_title (ADW_STATUS_PAGE (self->status_page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->status_page),
                                   _("The portal has recorded your application. Note the number: "
                                     "it identifies your application at Kamu SM and at the MEB IT "
                                     "units."));

  gtk_widget_set_visible (self->checklist_group, !esign);
  load_checklist (self);

  {
    gboolean have_form = kept_form (self) != NULL;
    g_autoptr(EbApplicationRecord) record = eb_session_dup_application_record (session);
    g_autofree char *state = eb_status_window_state_text (record != NULL ? record->state : NULL);

    gtk_widget_set_visible (self->form_row, have_form);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "submitted.print", have_form);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "submitted.save", have_form);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->form_row),
                                   esign ? _("Signed application form") : _("Application form"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->form_row),
                                 esign ? _("As signed with your card and sent to the portal; keep a copy.")
                                       : _("Print it again if a copy is missing, or keep it as a PDF."));
    /* Yöntem 2 never printed it: printing it is not "again". */
    gtk_button_set_label (GTK_BUTTON (self->print_button), esign ? _("_Print…") : _("_Print Again…"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), state);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "submitted.status", record != NULL);
  }

  if (esign)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (self->status_page),
                                       _("The portal has checked your e-signature and accepted the "
                                         "signed application form. It is awaiting approval. Note "
                                         "the number: it identifies your application at Kamu SM "
                                         "and at the MEB IT units."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_row),
                                     _("Method 2: signed with your card"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sign_row),
                                   _("The application form was signed with your current e-signature "
                                     "card and sent to the portal; nothing goes by post."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_row),
                                     _("Method 1: print, sign, send"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sign_row),
                                   _("Print the application form 3 times and sign every copy. Mail "
                                     "one to TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi, Pk:74, 41470 "
                                     "Gebze/KOCAELİ; hand one to your district MEB IT unit; keep "
                                     "one."));
    }
}

static void
eb_submitted_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_SUBMITTED_PAGE);

  G_OBJECT_CLASS (eb_submitted_page_parent_class)->dispose (object);
}

static void
eb_submitted_page_class_init (EbSubmittedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_submitted_page_dispose;
  page_class->shown = eb_submitted_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-submitted-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, sign_row);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, mailed_check);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, handed_check);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, kept_check);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, form_row);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, new_application_button);
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, print_button);
  gtk_widget_class_bind_template_callback (widget_class, on_checklist_toggled);
  gtk_widget_class_install_action (widget_class, "submitted.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "submitted.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "submitted.status", NULL, status_action);
  gtk_widget_class_install_action (widget_class, "submitted.new-application", NULL,
                                   new_application_action);
}

static void
eb_submitted_page_init (EbSubmittedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The page's own child: binding it would have the template dispose it
   * while AdwBin does too. */
  self->status_page = adw_bin_get_child (ADW_BIN (self));
}
