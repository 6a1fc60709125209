/* eb-method-page.c — Yöntem 1 (wet-signed) or Yöntem 2 (e-signed)
 *
 * The seed's Şekil 7, in its words. Yöntem 2 is for renewals only; whether
 * the card in the reader can sign is checked on the e-sign step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-method-page.h"
#include "eb-portal-text.h"

struct _EbMethodPage
{
  EbPage parent_instance;

  GtkWidget *wet_row;
  GtkWidget *wet_check;
  GtkWidget *esign_row;
  GtkWidget *esign_check;
};

G_DEFINE_FINAL_TYPE (EbMethodPage, eb_method_page, EB_TYPE_PAGE)

static const char *
chosen_method (EbMethodPage *self)
{
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->wet_check)))
    return "wet";
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->esign_check)))
    return "esign";
  return NULL;
}

static void
on_method_toggled (EbMethodPage *self)
{
  eb_page_update_complete (EB_PAGE (self));
}

static gboolean
eb_method_page_check_complete (EbPage *page)
{
  return chosen_method (EB_METHOD_PAGE (page)) != NULL;
}

static void
eb_method_page_shown (EbPage *page)
{
  EbMethodPage *self = EB_METHOD_PAGE (page);
  gboolean renewal = eb_application_form_get_reason (eb_page_get_form (page)) == EB_REASON_RENEWAL;

  gtk_widget_set_sensitive (self->esign_row, renewal);
  if (renewal)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->esign_row),
                                   _("For renewing a certificate: sign the application form with "
                                     "your current e-signature card in your card reader. The "
                                     "certificate on the card must still be valid; an expired "
                                     "certificate needs Method 1."));
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->esign_row),
                                   _("Only for renewals. The reason on your form is not renewal; "
                                     "go back to the form to change it if you are renewing."));
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->esign_check)))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->esign_check), FALSE);
    }

  /* The usual choice for each reason is preselected; the user confirms it. */
  if (chosen_method (self) == NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (renewal ? self->esign_check : self->wet_check), TRUE);

  eb_page_update_complete (page);
  gtk_widget_grab_focus (renewal ? self->esign_row : self->wet_row);
}

static void
method_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbMethodPage *self = g_task_get_source_object (task);
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  g_autofree char *application_no = NULL;
  g_autoptr(GError) error = NULL;

  application_no = eb_portal_client_choose_method_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (application_no == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, eb_portal_text_translate (error));
      return;
    }

  /* The portal has the application; a failure to note it locally is only
   * worth a warning. */
  if (!eb_session_record_application (session, application_no, chosen_method (self), &error))
    g_warning ("Could not add application %s to the history: %s", application_no, error->message);

  g_task_return_boolean (task, TRUE);
}

static void
eb_method_page_apply_async (EbPage              *page,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  EbMethodPage *self = EB_METHOD_PAGE (page);
  GTask *task = g_task_new (page, cancellable, callback, user_data);

  g_task_set_source_tag (task, eb_method_page_apply_async);
  eb_portal_client_choose_method_async (eb_session_get_client (eb_page_get_session (page)),
                                        chosen_method (self), cancellable, method_cb, task);
}

static gboolean
eb_method_page_apply_finish (EbPage        *page,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
eb_method_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_METHOD_PAGE);

  G_OBJECT_CLASS (eb_method_page_parent_class)->dispose (object);
}

static void
eb_method_page_class_init (EbMethodPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_method_page_dispose;
  page_class->shown = eb_method_page_shown;
  page_class->apply_async = eb_method_page_apply_async;
  page_class->apply_finish = eb_method_page_apply_finish;
  page_class->check_complete = eb_method_page_check_complete;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-method-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, wet_row);
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, wet_check);
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, esign_row);
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, esign_check);
  gtk_widget_class_bind_template_callback (widget_class, on_method_toggled);
}

static void
eb_method_page_init (EbMethodPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
