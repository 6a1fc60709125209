/* eb-method-page.c — Yöntem 1 (wet-signed) or Yöntem 2 (e-signed)
 *
 * The seed's Şekil 7, in its words. Yöntem 2 is for renewals only, with a
 * still valid NES of the applicant on the card in the reader (DESIGN.md §1):
 * the page follows the card live and says why Yöntem 2 is not open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-certificate-info.h"
#include "eb-method-page.h"
#include "eb-portal-text.h"

struct _EbMethodPage
{
  EbPage parent_instance;

  GtkWidget *wet_row;
  GtkWidget *wet_check;
  GtkWidget *esign_row;
  GtkWidget *esign_check;
  GtkWidget *diagnostics_button;
  gulong card_changed_id;
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

static char *
format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%d.%m.%Y");
}

/* Whether the card allows Yöntem 2, and the row's subtitle saying so. */
static gboolean
judge_card (EbMethodPage  *self,
            char         **out_subtitle)
{
  EbSigningCard *card = eb_page_get_signing_card (EB_PAGE (self));
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  g_autofree char *tckn = eb_application_form_dup_person_key (form);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  EbCertificateInfo *info;
  g_autofree char *until = NULL;
  const char *holder;
  gint days;

  if (card == NULL)
    {
      *out_subtitle = g_strdup (_("This computer has no smart card support; use Method 1."));
      return FALSE;
    }

  switch (eb_signing_card_get_state (card))
    {
    case EB_SIGNING_CARD_STATE_IDLE:
    case EB_SIGNING_CARD_STATE_READING:
      *out_subtitle = g_strdup (_("Reading the card in the card reader…"));
      return FALSE;
    case EB_SIGNING_CARD_STATE_NO_MODULE:
      *out_subtitle = g_strdup (_("The software for your card (its PKCS#11 module) was not found. "
                                  "Card Diagnostics shows what was tried."));
      return FALSE;
    case EB_SIGNING_CARD_STATE_NO_TOKEN:
      *out_subtitle = g_strdup (_("Insert your current e-signature card into the card reader. "
                                  "Method 2 opens as soon as the card is read."));
      return FALSE;
    case EB_SIGNING_CARD_STATE_NO_CERTIFICATE:
      *out_subtitle = g_strdup (_("The card in the reader holds no certificate. Insert your "
                                  "current e-signature card, or use Method 1."));
      return FALSE;
    case EB_SIGNING_CARD_STATE_READY:
    default:
      break;
    }

  info = eb_token_certificate_get_info (eb_signing_card_get_certificate (card));
  holder = eb_certificate_info_get_holder_name (info);
  until = format_date (eb_certificate_info_get_not_after (info));
  days = eb_certificate_info_get_days_left (info, now);

  switch (eb_certificate_info_get_verdict (info, tckn, now))
    {
    case EB_RENEWAL_VERDICT_USABLE:
    case EB_RENEWAL_VERDICT_EXPIRING_SOON:
      /* TRANSLATORS: %s: holder's name, %s: date, %d: days left */
      *out_subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "Sign the application form with the certificate of %s "
                                                    "on the card in your reader, valid until %s (%d day left).",
                                                    "Sign the application form with the certificate of %s "
                                                    "on the card in your reader, valid until %s (%d days left).",
                                                    days),
                                       holder, until, days);
      return TRUE;
    case EB_RENEWAL_VERDICT_EXPIRED:
      /* TRANSLATORS: %s is a date */
      *out_subtitle = g_strdup_printf (_("The certificate on your card expired on %s. An expired "
                                         "certificate cannot sign: use Method 1."), until);
      return FALSE;
    case EB_RENEWAL_VERDICT_NOT_YET_VALID:
      *out_subtitle = g_strdup (_("The certificate on your card is not valid yet. Check the date "
                                  "and time of this computer."));
      return FALSE;
    case EB_RENEWAL_VERDICT_OTHER_PERSON:
      /* TRANSLATORS: %s is the certificate holder's name */
      *out_subtitle = g_strdup_printf (_("The card in the reader is %s's, not the applicant's. "
                                         "Insert your own card."), holder);
      return FALSE;
    case EB_RENEWAL_VERDICT_NOT_NES:
    default:
      *out_subtitle = g_strdup (_("The certificate on the card is not a qualified electronic "
                                  "certificate (NES) and cannot sign the application."));
      return FALSE;
    }
}

static void
update_esign_row (EbMethodPage *self)
{
  gboolean renewal = eb_application_form_get_reason (eb_page_get_form (EB_PAGE (self))) == EB_REASON_RENEWAL;
  g_autofree char *subtitle = NULL;
  gboolean usable = FALSE;

  if (renewal)
    usable = judge_card (self, &subtitle);
  else
    subtitle = g_strdup (_("Only for renewals. The reason on your form is not renewal; "
                           "go back to the form to change it if you are renewing."));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->esign_row), subtitle);
  gtk_widget_set_sensitive (self->esign_check, usable);
  gtk_widget_set_visible (self->diagnostics_button, renewal && !usable);
  if (!usable && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->esign_check)))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->wet_check), TRUE);
  /* The usual choice for each reason is preselected; the user confirms it. */
  if (chosen_method (self) == NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (usable ? self->esign_check : self->wet_check), TRUE);

  eb_page_update_complete (EB_PAGE (self));
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
