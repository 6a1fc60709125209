/* eb-sign-page.c — Yöntem 2: sign the issued form with the card, send it
 *
 * The renewal path of the seed, with no Java and no browser plug-in: the
 * form the portal issued is shown; the certificate that will sign it is the
 * applicant's NES on the card in the reader (EbSigningCard); the PIN is
 * typed here (or on the reader's keypad) and handed over as a wiped buffer.
 * The protocol is not here: an EbSigningSession (src/card) logs in, has the
 * card sign once and logs out; the EbSession keeps the signature and sends
 * it to the portal, again without the card when only the sending failed.
 * This page binds the PIN entry, their progress and their errors in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-text.h"
#include "eb-certificate-info.h"
#include "eb-issued-form.h"
#include "eb-portal-text.h"
#include "eb-secret.h"
#include "eb-sign-page.h"
#include "eb-signing-session.h"

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
  EbSigningSession *signing;    /* while the card is at work */
};

G_DEFINE_FINAL_TYPE (EbSignPage, eb_sign_page, EB_TYPE_PAGE)

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
  if (eb_session_get_signed_unsent (eb_page_get_session (page)))
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

/* The card's progress, in words. */
static void
on_signing_state (EbSignPage *self)
{
  switch (eb_signing_session_get_state (self->signing))
    {
    case EB_SIGNING_SESSION_STATE_LOGGING_IN:
      set_progress (self, eb_signing_session_get_uses_pin_pad (self->signing)
                            ? _("Type the PIN on the card reader's keypad…")
                            : _("Opening the card with the PIN…"));
      break;
    case EB_SIGNING_SESSION_STATE_SIGNING:
      set_progress (self, _("The card is signing the form…"));
      break;
    case EB_SIGNING_SESSION_STATE_IDLE:
    case EB_SIGNING_SESSION_STATE_LOGGING_OUT:
    case EB_SIGNING_SESSION_STATE_SIGNED:
    case EB_SIGNING_SESSION_STATE_FAILED:
    default:
      set_progress (self, NULL);
      break;
    }
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSignPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPortalSignedInfo) info = NULL;

  info = eb_session_upload_signed_document_finish (EB_SESSION (source), result, &error);
  set_progress (self, NULL);
  if (info == NULL)
    {
      g_task_return_error (task, eb_portal_text_translate (error));
      eb_page_update_complete (EB_PAGE (self));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
upload (GTask *task)
{
  EbSignPage *self = g_task_get_source_object (task);

  set_progress (self, _("Sending the signed form to the portal…"));
  /* Not cancelled half way (see the session): its answer is awaited. */
  g_task_set_check_cancellable (task, FALSE);
  eb_session_upload_signed_document_async (eb_page_get_session (EB_PAGE (self)), uploaded_cb, task);
}

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSignPage *self = g_task_get_source_object (task);
  EbSigningSession *signing = EB_SIGNING_SESSION (source);
  g_autoptr(GBytes) signed_document = NULL;
  g_autoptr(GError) error = NULL;

  if (self->signing == signing)
    {
      g_signal_handlers_disconnect_by_data (signing, self);
      g_clear_object (&self->signing);
    }
  signed_document = eb_signing_session_sign_finish (signing, result, &error);
  if (signed_document == NULL)
    {
      /* The window may be gone: no widget is touched for a cancellation. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      set_progress (self, NULL);
      update_card (self);
      g_task_return_error (task, eb_card_text_translate (error, eb_signing_session_get_token (signing)));
      return;
    }

  eb_session_set_signed_document (eb_page_get_session (EB_PAGE (self)), signed_document);
  upload (g_steal_pointer (&task));
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
  if (eb_session_get_signed_unsent (eb_page_get_session (page)))
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

  /* The token the PIN is given for is the one that signs. */
  g_clear_object (&self->signing);
  self->signing = eb_signing_session_new (card);
  g_signal_connect_swapped (self->signing, "notify::state", G_CALLBACK (on_signing_state), self);
  eb_signing_session_sign_async (self->signing, eb_issued_form_get_document (self->issued_form), pin,
                                 cancellable, signed_cb, g_steal_pointer (&task));
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
  if (self->signing != NULL)
    g_signal_handlers_disconnect_by_data (self->signing, self);
  g_clear_object (&self->signing);
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
