/* eb-sign-page.c — Yöntem 2: sign the issued form with the card, send it
 *
 * The renewal path of the seed, with no Java and no browser plug-in: the
 * form the portal issued is shown; the certificate that will sign it is the
 * applicant's NES on the card in the reader (EbSigningCard); the PIN is
 * typed here (or on the reader's keypad), handed to the card as a wiped
 * buffer and never kept; the card signs once (PAdES, on the token
 * manager's thread); the signed form goes to the portal, which checks it.
 * A signature already made is sent again rather than made again when only
 * the sending failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-text.h"
#include "eb-certificate-info.h"
#include "eb-form-document.h"
#include "eb-issued-form.h"
#include "eb-pades-signer.h"
#include "eb-portal-text.h"
#include "eb-secret.h"
#include "eb-sign-page.h"

struct _EbSignPage
{
  EbPage parent_instance;

  EbIssuedForm *issued_form;
  GtkWidget *certificate_row;
  GtkWidget *certificate_icon;
  GtkWidget *pin_group;
  GtkWidget *pin_row;
  GtkWidget *pin_state_label;
  GtkWidget *progress_label;
  GtkWidget *practice_label;

  gulong card_changed_id;
  gboolean card_usable;
  GBytes *signed_document;      /* made, not yet accepted by the portal */
  GBytes *signed_from;          /* the issued form it was made from */
};

G_DEFINE_FINAL_TYPE (EbSignPage, eb_sign_page, EB_TYPE_PAGE)

/* What the card's thread needs to sign; it owns its copies. */
typedef struct
{
  GBytes *document;
  char *name;
  char *tckn;
  GDateTime *time;
} SignJob;

/* The token and certificate the PIN was given for, kept for the signature:
 * a card event meanwhile may make the signing card read something else. */
typedef struct
{
  EbToken *token;
  EbTokenCertificate *certificate;
} SignTarget;

static void
sign_target_free (SignTarget *target)
{
  g_clear_object (&target->token);
  g_clear_object (&target->certificate);
  g_free (target);
}

static void
sign_job_free (SignJob *job)
{
  g_bytes_unref (job->document);
  g_free (job->name);
  g_free (job->tckn);
  g_date_time_unref (job->time);
  g_free (job);
}

static EbToken *
card_token (EbSignPage *self)
{
  EbSigningCard *card = eb_page_get_signing_card (EB_PAGE (self));

  return card != NULL ? eb_signing_card_get_token (card) : NULL;
}

static gboolean
uses_pin_pad (EbSignPage *self)
{
  EbToken *token = card_token (self);

  return token != NULL && eb_token_get_protected_auth_path (token);
}

static void
set_progress (EbSignPage *self,
              const char *text)
{
  gtk_label_set_text (GTK_LABEL (self->progress_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->progress_label, text != NULL);
}

static void
update_card (EbSignPage *self)
{
  EbSigningCard *card = eb_page_get_signing_card (EB_PAGE (self));
  g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (EB_PAGE (self)));
  g_autofree char *verdict = NULL;
  g_autofree char *pin_state = NULL;
  EbToken *token = card_token (self);
  const char *title = _("No card");

  self->card_usable = eb_card_text_judge (card, tckn, &verdict);
  if (card != NULL && eb_signing_card_get_certificate (card) != NULL)
    {
      EbCertificateInfo *info = eb_token_certificate_get_info (eb_signing_card_get_certificate (card));

      /* TRANSLATORS: the signing certificate: holder's name, then T.C. Kimlik No */
      title = eb_certificate_info_get_holder_name (info);
      if (title == NULL)
        title = eb_token_certificate_get_label (eb_signing_card_get_certificate (card));
      if (title == NULL)
        title = _("Unknown holder");
      if (eb_certificate_info_get_tckn (info) != NULL)
        {
          g_autofree char *with_tckn = g_strdup_printf (_("%s, T.C. Kimlik No %s"), title,
                                                        eb_certificate_info_get_tckn (info));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->certificate_row), with_tckn);
          title = NULL;
        }
    }
  if (title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->certificate_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->certificate_row), verdict);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->certificate_icon),
                                self->card_usable ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  /* A PIN pad takes the PIN on the reader: nothing to type here. */
  gtk_widget_set_visible (self->pin_row, !uses_pin_pad (self));
  if (uses_pin_pad (self))
    pin_state = g_strdup (_("Your card reader has a keypad: type the PIN on the reader when it asks."));
  else if (token != NULL)
    pin_state = eb_card_text_pin_state (eb_token_get_pin_state (token));
  gtk_widget_set_visible (self->practice_label,
                          eb_session_get_training (eb_page_get_session (EB_PAGE (self))));
  gtk_label_set_text (GTK_LABEL (self->pin_state_label), pin_state != NULL ? pin_state : "");
  gtk_widget_set_visible (self->pin_state_label, pin_state != NULL);

  eb_page_update_complete (EB_PAGE (self));
}

static void
on_changed (EbSignPage *self)
{
  eb_page_update_complete (EB_PAGE (self));
}

static void
on_pin_activated (EbSignPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static gboolean
eb_sign_page_applies (EbPage *page)
{
  return g_strcmp0 (eb_session_get_method (eb_page_get_session (page)), "esign") == 0;
}

static gboolean
eb_sign_page_check_complete (EbPage *page)
{
  EbSignPage *self = EB_SIGN_PAGE (page);
  EbToken *token = card_token (self);

  if (eb_issued_form_get_document (self->issued_form) == NULL)
    return FALSE;
  /* Signed, only the sending failed: no card needed to send it again. */
  if (self->signed_document != NULL && self->signed_from == eb_issued_form_get_document (self->issued_form))
    return TRUE;
  if (!self->card_usable || (token != NULL && eb_token_get_pin_state (token) == EB_PIN_STATE_LOCKED))
    return FALSE;
  if (uses_pin_pad (self))
    return TRUE;
  return *gtk_editable_get_text (GTK_EDITABLE (self->pin_row)) != '\0';
}

static void
eb_sign_page_shown (EbPage *page)
{
  EbSignPage *self = EB_SIGN_PAGE (page);
  EbSigningCard *card = eb_page_get_signing_card (page);

  if (card != NULL && self->card_changed_id == 0)
    self->card_changed_id = g_signal_connect_swapped (card, "changed", G_CALLBACK (update_card), self);
  if (card != NULL)
    {
      g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (page));

      eb_signing_card_set_applicant_tckn (card, tckn);
    }

  eb_issued_form_load (self->issued_form, eb_page_get_session (page));
  update_card (self);
  if (gtk_widget_get_visible (self->pin_row))
    gtk_widget_grab_focus (self->pin_row);
}

/* Runs on the token manager's thread, the only one that may use @key. */
static GBytes *
sign_with_key (EVP_PKEY      *key,
               X509          *certificate,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  SignJob *job = user_data;
  EbPadesAppearance appearance = { job->name, job->tckn, job->time };
  EbPdfRect box;

  eb_form_document_get_signature_box (&box);
  return eb_pades_sign (job->document, key, certificate, NULL, &box, &appearance, error);
}

static void
end_pin_session (EbSignPage *self)
{
  EbSigningCard *card = eb_page_get_signing_card (EB_PAGE (self));
  EbToken *token = card_token (self);

  /* The card is not left open behind the user's back. */
  if (token != NULL && eb_token_get_logged_in (token))
    eb_token_manager_logout_async (eb_signing_card_get_manager (card), token, NULL, NULL, NULL);
  eb_signing_card_set_pin_session_active (card, FALSE);
  set_progress (self, NULL);
}

static void
fail (GTask        *task,
      const GError *error)
{
  EbSignPage *self = g_task_get_source_object (task);
  SignTarget *target = g_task_get_task_data (task);

  end_pin_session (self);
  /* The window may be gone: no widget is touched for a cancellation. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  update_card (self);
  g_task_return_error (task, eb_card_text_translate (error, target != NULL ? target->token : NULL));
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSignPage *self = g_task_get_source_object (task);
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(EbPortalSignedInfo) info = NULL;

  info = eb_portal_client_upload_signed_document_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_progress (self, NULL);
  if (info == NULL)
    {
      /* The portal judged the signature: a new one is needed. */
      if (eb_portal_text_is_signature_rejected (error))
        g_clear_pointer (&self->signed_document, g_bytes_unref);
      g_task_return_error (task, eb_portal_text_translate (error));
      eb_page_update_complete (EB_PAGE (self));
      return;
    }

  eb_session_set_signed_document (session, self->signed_document);
  if (!eb_session_set_application_state (session, info->state, &store_error))
    g_warning ("Could not note the application's state: %s", store_error->message);
  g_task_return_boolean (task, TRUE);
}

static void
upload (GTask *task)
{
  EbSignPage *self = g_task_get_source_object (task);

  set_progress (self, _("Sending the signed form to the portal…"));
  /* Not cancelled half way: the portal may have taken the signature, and
   * its answer is what the next step needs (a timeout bounds the wait). */
  g_task_set_check_cancellable (task, FALSE);
  eb_portal_client_upload_signed_document_async (eb_session_get_client (eb_page_get_session (EB_PAGE (self))),
                                                 self->signed_document, NULL, uploaded_cb, task);
}

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSignPage *self = g_task_get_source_object (task);
  g_autoptr(GBytes) signed_document = NULL;
  g_autoptr(GError) error = NULL;

  signed_document = eb_token_manager_run_with_key_finish (EB_TOKEN_MANAGER (source), result, &error);
  if (signed_document == NULL)
    {
      fail (task, error);
      return;
    }

  end_pin_session (self);
  g_clear_pointer (&self->signed_document, g_bytes_unref);
  self->signed_document = g_steal_pointer (&signed_document);
  g_clear_pointer (&self->signed_from, g_bytes_unref);
  self->signed_from = g_bytes_ref (eb_issued_form_get_document (self->issued_form));
  upload (g_steal_pointer (&task));
}

static void
sign (GTask *task)
{
  EbSignPage *self = g_task_get_source_object (task);
  EbSigningCard *card = eb_page_get_signing_card (EB_PAGE (self));
  SignTarget *target = g_task_get_task_data (task);
  EbCertificateInfo *info = eb_token_certificate_get_info (target->certificate);
  SignJob *job;

  if (info == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (EB_TOKEN_ERROR, EB_TOKEN_ERROR_TOKEN_NOT_PRESENT, "");

      fail (task, error);
      g_object_unref (task);
      return;
    }

  job = g_new0 (SignJob, 1);

  job->document = g_bytes_ref (eb_issued_form_get_document (self->issued_form));
  job->name = g_strdup (eb_certificate_info_get_holder_name (info));
  job->tckn = g_strdup (eb_certificate_info_get_tckn (info));
  job->time = g_date_time_new_now_utc ();

  set_progress (self, _("The card is signing the form…"));
  eb_token_manager_run_with_key_async (eb_signing_card_get_manager (card), target->token,
                                       target->certificate, sign_with_key, job,
                                       (GDestroyNotify) sign_job_free, g_task_get_cancellable (task),
                                       signed_cb, task);
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!eb_token_manager_login_finish (EB_TOKEN_MANAGER (source), result, &error))
    {
      fail (task, error);
      return;
    }
  sign (g_steal_pointer (&task));
}

static void
eb_sign_page_apply_async (EbPage              *page,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  EbSignPage *self = EB_SIGN_PAGE (page);
  EbSigningCard *card = eb_page_get_signing_card (page);
  g_autoptr(GTask) task = g_task_new (page, cancellable, callback, user_data);
  g_autoptr(EbSecret) pin = NULL;

  g_task_set_source_tag (task, eb_sign_page_apply_async);

  /* Signed already, only the sending failed: send the same signature. */
  if (self->signed_document != NULL
      && self->signed_from == eb_issued_form_get_document (self->issued_form))
    {
      upload (g_steal_pointer (&task));
      return;
    }

  if (card == NULL || !self->card_usable)
    {
      g_autofree char *why = NULL;
      g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (page));

      eb_card_text_judge (card, tckn, &why);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", why);
      return;
    }

  /* Out of the entry at once, into a buffer that is wiped when dropped. */
  if (!uses_pin_pad (self))
    {
      pin = eb_secret_new (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), -1);
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
    }

  {
    SignTarget *target = g_new0 (SignTarget, 1);

    target->token = g_object_ref (eb_signing_card_get_token (card));
    target->certificate = g_object_ref (eb_signing_card_get_certificate (card));
    g_task_set_task_data (task, target, (GDestroyNotify) sign_target_free);
  }
  eb_signing_card_set_pin_session_active (card, TRUE);
  set_progress (self, uses_pin_pad (self) ? _("Type the PIN on the card reader's keypad…")
                                          : _("Opening the card with the PIN…"));
  eb_token_manager_login_async (eb_signing_card_get_manager (card), eb_signing_card_get_token (card), pin,
                                cancellable, logged_in_cb, g_steal_pointer (&task));
}

static gboolean
eb_sign_page_apply_finish (EbPage        *page,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A PIN typed but not used does not stay behind when the page is left. */
static void
eb_sign_page_unmap (GtkWidget *widget)
{
  EbSignPage *self = EB_SIGN_PAGE (widget);

  if (self->pin_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  GTK_WIDGET_CLASS (eb_sign_page_parent_class)->unmap (widget);
}

static void
eb_sign_page_dispose (GObject *object)
{
  EbSignPage *self = EB_SIGN_PAGE (object);

  if (self->card_changed_id != 0)
    g_clear_signal_handler (&self->card_changed_id, eb_page_get_signing_card (EB_PAGE (self)));
  g_clear_pointer (&self->signed_document, g_bytes_unref);
  g_clear_pointer (&self->signed_from, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_SIGN_PAGE);

  G_OBJECT_CLASS (eb_sign_page_parent_class)->dispose (object);
}

static void
eb_sign_page_class_init (EbSignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_sign_page_dispose;
  widget_class->unmap = eb_sign_page_unmap;
  page_class->shown = eb_sign_page_shown;
  page_class->applies = eb_sign_page_applies;
  page_class->check_complete = eb_sign_page_check_complete;
  page_class->apply_async = eb_sign_page_apply_async;
  page_class->apply_finish = eb_sign_page_apply_finish;

  g_type_ensure (EB_TYPE_ISSUED_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-sign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, issued_form);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, certificate_icon);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, pin_group);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, pin_state_label);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EbSignPage, practice_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activated);
}

static void
eb_sign_page_init (EbSignPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
