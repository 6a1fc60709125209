/* eb-sms-verify-page.c — the SMS code, within its 300 seconds
 *
 * The seed's Şekil 5: the time left counting down, the code, Tamam and
 * İptal. The countdown is measured from when the portal sent the code
 * (monotonic clock), so it stays right when the page is left and revisited.
 *
 * The page shows one state at a time: a refused code is the assistant's
 * step error (shown whole above the page); the page's own news (expired,
 * a new code sent) replaces it rather than standing beside it. Once the
 * code is dead, "Send Again" is the suggested action and has the focus,
 * and the code entry and Tamam wait for a new code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eb-portal-text.h"
#include "eb-sms-verify-page.h"
#include "eb-validation.h"

#define CODE_DIGITS 6

struct _EbSmsVerifyPage
{
  EbPage parent_instance;

  GtkWidget *countdown_label;
  GtkWidget *code_row;
  GtkWidget *message_label;
  GtkWidget *resend_row;
  GtkWidget *resend_button;

  GCancellable *cancellable;
  guint tick_id;
  gboolean code_dead;           /* expired or tried three times: only a new code helps */
  gboolean resend_focused;      /* "Send Again" has been given the focus for this dead code */
  gboolean resending;
};

G_DEFINE_FINAL_TYPE (EbSmsVerifyPage, eb_sms_verify_page, EB_TYPE_PAGE)

static guint
seconds_since_sent (EbSmsVerifyPage *self)
{
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  gint64 elapsed = g_get_monotonic_time () - eb_session_get_sms_sent_at (session);

  return (guint) MAX (0, elapsed / G_USEC_PER_SEC);
}

static guint
seconds_left (EbSmsVerifyPage *self)
{
  const EbPortalSmsInfo *info = eb_session_get_sms_info (eb_page_get_session (EB_PAGE (self)));
  guint since = seconds_since_sent (self);

  if (info == NULL || since >= info->expires_in)
    return 0;
  return info->expires_in - since;
}

static void
show_message (EbSmsVerifyPage *self,
              const char      *text)
{
  /* The last refusal, if shown above the page, is no longer the news. */
  if (text != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.dismiss-error", NULL);
  gtk_label_set_text (GTK_LABEL (self->message_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->message_label, text != NULL);
  gtk_widget_add_css_class (self->message_label, "error");
  gtk_widget_remove_css_class (self->message_label, "success");
}

/* Good news is not shown in the colour of errors. */
static void
show_news (EbSmsVerifyPage *self,
           const char      *text)
{
  show_message (self, text);
  gtk_widget_remove_css_class (self->message_label, "error");
  gtk_widget_add_css_class (self->message_label, "success");
}

/* A dead code: only a new one helps, so that is what the page offers. */
static void
update_dead_state (EbSmsVerifyPage *self,
                   gboolean         can_resend)
{
  gboolean dead = self->code_dead;

  /* Not editable rather than insensitive: it may have the focus. */
  gtk_editable_set_editable (GTK_EDITABLE (self->code_row), !dead);
  if (dead)
    gtk_widget_add_css_class (self->resend_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->resend_button, "suggested-action");

  /* Once, when it becomes the thing to do (not on every tick). */
  if (dead && can_resend && !self->resend_focused)
    {
      self->resend_focused = TRUE;
      gtk_widget_grab_focus (self->resend_button);
    }
  if (!dead)
    self->resend_focused = FALSE;
}

static void
update_countdown (EbSmsVerifyPage *self)
{
  const EbPortalSmsInfo *info = eb_session_get_sms_info (eb_page_get_session (EB_PAGE (self)));
  guint left = seconds_left (self);
  guint since = seconds_since_sent (self);
  g_autofree char *text = NULL;
  g_autofree char *resend = NULL;
  gboolean can_resend;

  /* TRANSLATORS: the countdown of the SMS code, "288 seconds" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", left), left);
  gtk_label_set_text (GTK_LABEL (self->countdown_label), text);

  if (left == 0 && !self->code_dead && info != NULL)
    {
      self->code_dead = TRUE;
      show_message (self, info->resends_left > 0
                          ? _("The code has expired. Ask for a new code with “Send Again”.")
                          : _("The code has expired, and no more codes can be sent for this application."));
    }

  can_resend = info != NULL && info->resends_left > 0 && since >= info->resend_after && !self->resending;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sms.resend", can_resend);
  update_dead_state (self, can_resend);

  if (info == NULL || info->resends_left == 0)
    resend = g_strdup (_("No more codes can be sent for this application."));
  else if (since < info->resend_after)
    resend = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "You can ask for a new code in %u second.",
                                           "You can ask for a new code in %u seconds.",
                                           info->resend_after - since),
                              info->resend_after - since);
  else
    resend = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "You can ask for %u more code.",
                                           "You can ask for %u more codes.",
                                           info->resends_left),
                              info->resends_left);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->resend_row), resend);

  eb_page_update_complete (EB_PAGE (self));
}

static gboolean
tick (gpointer user_data)
{
  update_countdown (EB_SMS_VERIFY_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_code_changed (EbSmsVerifyPage *self)
{
  eb_page_update_complete (EB_PAGE (self));
}

/* Enter sends the code, as it does in the PIN entry (the assistant's
 * action is off while the code is incomplete). */
static void
on_code_activated (EbSmsVerifyPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static gboolean
eb_sms_verify_page_check_complete (EbPage *page)
{
  EbSmsVerifyPage *self = EB_SMS_VERIFY_PAGE (page);
  g_autofree char *code = eb_normalize_sms_code (gtk_editable_get_text (GTK_EDITABLE (self->code_row)));

  if (self->code_dead || seconds_left (self) == 0 || strlen (code) != CODE_DIGITS)
    return FALSE;
  for (const char *p = code; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static void
resend_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EbPortalSmsInfo *info;
  g_autoptr(GError) error = NULL;
  EbSmsVerifyPage *self;

  info = eb_portal_client_send_sms_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = EB_SMS_VERIFY_PAGE (user_data);
  self->resending = FALSE;
  if (info == NULL)
    {
      g_autofree char *text = eb_portal_text_error (error);

      show_message (self, text);
    }
  else
    {
      eb_session_set_sms_info (eb_page_get_session (EB_PAGE (self)), info);
      self->code_dead = FALSE;
      show_news (self, _("A new code has been sent."));
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      update_dead_state (self, FALSE);
      gtk_widget_grab_focus (self->code_row);
    }
  update_countdown (self);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EbSmsVerifyPage *self = EB_SMS_VERIFY_PAGE (widget);

  self->resending = TRUE;
  update_countdown (self);
  eb_portal_client_send_sms_async (eb_session_get_client (eb_page_get_session (EB_PAGE (self))),
                                   self->cancellable, resend_cb, self);
}

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSmsVerifyPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (eb_portal_client_verify_sms_finish (EB_PORTAL_CLIENT (source), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SMS_CODE_EXPIRED) ||
      g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SMS_CODE_TRIES_EXHAUSTED))
    self->code_dead = TRUE;

  /* The refusal is said once, whole, by the assistant above the page
   * (eb_assistant's step error); the page's own message stays empty. */
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  update_countdown (self);
  if (!self->code_dead)
    gtk_widget_grab_focus (self->code_row);
  g_task_return_error (task, eb_portal_text_translate (error));
}

static void
eb_sms_verify_page_apply_async (EbPage              *page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  EbSmsVerifyPage *self = EB_SMS_VERIFY_PAGE (page);
  GTask *task = g_task_new (page, cancellable, callback, user_data);
  g_autofree char *code = eb_normalize_sms_code (gtk_editable_get_text (GTK_EDITABLE (self->code_row)));

  g_task_set_source_tag (task, eb_sms_verify_page_apply_async);
  show_message (self, NULL);
  eb_portal_client_verify_sms_async (eb_session_get_client (eb_page_get_session (page)),
                                     code, cancellable, verify_cb, task);
}

static gboolean
eb_sms_verify_page_apply_finish (EbPage        *page,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
eb_sms_verify_page_shown (EbPage *page)
{
  EbSmsVerifyPage *self = EB_SMS_VERIFY_PAGE (page);

  /* A code was just sent (by the previous page): start afresh. */
  self->code_dead = FALSE;
  self->resend_focused = FALSE;
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  update_countdown (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick, self);
  gtk_widget_grab_focus (self->code_row);
}

static void
eb_sms_verify_page_dispose (GObject *object)
{
  EbSmsVerifyPage *self = EB_SMS_VERIFY_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_SMS_VERIFY_PAGE);

  G_OBJECT_CLASS (eb_sms_verify_page_parent_class)->dispose (object);
}

static void
eb_sms_verify_page_class_init (EbSmsVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_sms_verify_page_dispose;
  page_class->shown = eb_sms_verify_page_shown;
  page_class->apply_async = eb_sms_verify_page_apply_async;
  page_class->apply_finish = eb_sms_verify_page_apply_finish;
  page_class->check_complete = eb_sms_verify_page_check_complete;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-sms-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbSmsVerifyPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, EbSmsVerifyPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, EbSmsVerifyPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, EbSmsVerifyPage, resend_row);
  gtk_widget_class_bind_template_child (widget_class, EbSmsVerifyPage, resend_button);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_code_activated);

  gtk_widget_class_install_action (widget_class, "sms.resend", NULL, resend_action);
}

static void
eb_sms_verify_page_init (EbSmsVerifyPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
