/* eb-submitted-page.c — the application number and what comes next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-form-print.h"
#include "eb-submitted-page.h"

struct _EbSubmittedPage
{
  EbPage parent_instance;

  GtkWidget *status_page;
  GtkWidget *sign_row;
  GtkWidget *checklist_group;
  GtkWidget *save_signed_button;
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

static void
save_signed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EbSession *session = eb_page_get_session (EB_PAGE (widget));
  GBytes *signed_document = eb_session_get_signed_document (session);
  /* TRANSLATORS: the suggested file name; %s is the application number */
  const char *number = eb_session_get_application_no (session);
  g_autofree char *name = g_strdup_printf (_("Signed-Application-Form-%s.pdf"), number != NULL ? number : "");

  if (signed_document == NULL)
    return;
  eb_form_print_save_as (GTK_WINDOW (gtk_widget_get_root (widget)), signed_document, name,
                         NULL, eb_form_print_save_as_done, g_object_ref (widget));
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
  gtk_widget_set_visible (self->save_signed_button,
                          esign && eb_session_get_signed_accepted (session));
  load_checklist (self);

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
                                     "one to TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi, Pk:74 41470 "
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
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, save_signed_button);
  gtk_widget_class_bind_template_callback (widget_class, on_checklist_toggled);
  gtk_widget_class_install_action (widget_class, "submitted.save-signed", NULL, save_signed_action);
}

static void
eb_submitted_page_init (EbSubmittedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The page's own child: binding it would have the template dispose it
   * while AdwBin does too. */
  self->status_page = adw_bin_get_child (ADW_BIN (self));
}
