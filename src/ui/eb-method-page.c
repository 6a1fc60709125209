/* eb-method-page.c — Yöntem 1 (wet-signed) or Yöntem 2 (e-signed)
 *
 * The seed's Şekil 7, in its words. Yöntem 2 is for renewals only, with a
 * still valid NES of the applicant on the card in the reader
 * (docs/procedure.md, “Step 5 — Choosing the method”): the page follows
 * the card live and says why Yöntem 2 is not open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-text.h"
#include "eb-method-page.h"
#include "eb-portal-text.h"

struct _EbMethodPage
{
  EbPage parent_instance;

  GtkWidget *wet_row;
  GtkWidget *wet_check;
  GtkWidget *wet_steps_group;
  GtkWidget *esign_row;
  GtkWidget *esign_check;
  GtkWidget *diagnostics_button;
  gulong card_changed_id;
  gboolean applying;
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
  /* Method 1's steps are what the page is about once it is chosen. */
  gtk_widget_set_visible (self->wet_steps_group,
                          gtk_check_button_get_active (GTK_CHECK_BUTTON (self->wet_check)));
  eb_page_update_complete (EB_PAGE (self));
}

static gboolean
eb_method_page_check_complete (EbPage *page)
{
  return chosen_method (EB_METHOD_PAGE (page)) != NULL;
}

static void
update_esign_row (EbMethodPage *self)
{
  gboolean renewal = eb_application_form_get_reason (eb_page_get_form (EB_PAGE (self))) == EB_REASON_RENEWAL;
  g_autofree char *subtitle = NULL;
  gboolean usable = FALSE;

  if (renewal)
    {
      g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (EB_PAGE (self)));

      usable = eb_card_text_judge (eb_page_get_signing_card (EB_PAGE (self)), tckn, &subtitle);
    }
  else
    subtitle = g_strdup (_("Only for renewals. The reason on your form is not renewal; "
                           "go back to the form to change it if you are renewing."));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->esign_row), subtitle);
  gtk_widget_set_visible (self->diagnostics_button, renewal && !usable);
  /* The choice sent (or given a number) stays as it is, whatever the card does. */
  if (self->applying || eb_session_get_application_no (eb_page_get_session (EB_PAGE (self))) != NULL)
    {
      gboolean esign = g_strcmp0 (eb_session_get_method (eb_page_get_session (EB_PAGE (self))), "esign") == 0;

      if (!self->applying)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (esign ? self->esign_check : self->wet_check), TRUE);
      gtk_widget_set_sensitive (self->esign_check, FALSE);
      gtk_widget_set_sensitive (self->wet_check, FALSE);
      on_method_toggled (self);
      return;
    }
  gtk_widget_set_sensitive (self->wet_check, TRUE);
  gtk_widget_set_sensitive (self->esign_check, usable);
  if (!usable && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->esign_check)))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->wet_check), TRUE);
  /* The usual choice for each reason is preselected; the user confirms it. */
  if (chosen_method (self) == NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (usable ? self->esign_check : self->wet_check), TRUE);

  on_method_toggled (self);
}

static void
eb_method_page_shown (EbPage *page)
{
  EbMethodPage *self = EB_METHOD_PAGE (page);
  EbSigningCard *card = eb_page_get_signing_card (page);

  if (card != NULL)
    {
      g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (page));

      eb_signing_card_set_applicant_tckn (card, tckn);
      if (self->card_changed_id == 0)
        self->card_changed_id = g_signal_connect_swapped (card, "changed",
                                                          G_CALLBACK (update_esign_row), self);
      if (eb_signing_card_get_state (card) == EB_SIGNING_CARD_STATE_IDLE)
        eb_signing_card_refresh (card);
    }

  update_esign_row (self);
  gtk_widget_grab_focus (gtk_widget_get_sensitive (self->esign_check) ? self->esign_row : self->wet_row);
}

static void
method_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbMethodPage *self = g_task_get_source_object (task);
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  const char *method = g_task_get_task_data (task);
  g_autofree char *application_no = NULL;
  g_autoptr(GError) error = NULL;

  self->applying = FALSE;
  application_no = eb_portal_client_choose_method_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (application_no == NULL)
    {
      g_task_return_error (task, eb_portal_text_translate (error));
      return;
    }

  /* The portal has the application, with the method that was sent; a
   * failure to note it locally is only worth a warning. */
  if (!eb_session_record_application (session, application_no, method, &error))
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
  EbSession *session = eb_page_get_session (page);

  g_task_set_source_tag (task, eb_method_page_apply_async);

  /* Back here from a later step: the portal has the method already. */
  if (eb_session_get_application_no (session) != NULL)
    {
      if (g_strcmp0 (eb_session_get_method (session), chosen_method (self)) == 0)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                                 _("The method cannot be changed once the application has a "
                                   "number. Start a new application to use the other method."));
      g_object_unref (task);
      return;
    }

  /* Not cancelled half way: once the portal gives the number the method is
   * fixed, and the number must not be lost (a timeout bounds the wait). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_strdup (chosen_method (self)), g_free);
  self->applying = TRUE;
  eb_portal_client_choose_method_async (eb_session_get_client (eb_page_get_session (page)),
                                        chosen_method (self), NULL, method_cb, task);
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
  EbMethodPage *self = EB_METHOD_PAGE (object);

  if (self->card_changed_id != 0)
    g_clear_signal_handler (&self->card_changed_id, eb_page_get_signing_card (EB_PAGE (self)));

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
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, wet_steps_group);
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, esign_row);
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, esign_check);
  gtk_widget_class_bind_template_child (widget_class, EbMethodPage, diagnostics_button);
  gtk_widget_class_bind_template_callback (widget_class, on_method_toggled);
}

static void
eb_method_page_init (EbMethodPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
