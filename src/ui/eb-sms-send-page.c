/* eb-sms-send-page.c — "Gönder": have the portal text a code to the mobile
 *
 * The seed's Şekil 4: the number the code goes to, and the Send button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-portal-text.h"
#include "eb-sms-send-page.h"
#include "eb-validation.h"

struct _EbSmsSendPage
{
  EbPage parent_instance;

  GtkWidget *status_page;
};

G_DEFINE_FINAL_TYPE (EbSmsSendPage, eb_sms_send_page, EB_TYPE_PAGE)

static void
eb_sms_send_page_shown (EbPage *page)
{
  EbSmsSendPage *self = EB_SMS_SEND_PAGE (page);
  EbApplicationForm *form = eb_page_get_form (page);
  g_autofree char *number = eb_format_phone (eb_application_form_get_text (form, EB_FIELD_MOBILE_PHONE));
  /* TRANSLATORS: %s is a mobile number such as "0 (532) 123 45 67" */
  g_autofree char *title = g_strdup_printf (_("Your phone number: %s"), number);

  adw_status_page_set_title (ADW_STATUS_PAGE (self->status_page), title);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbPage *page = g_task_get_source_object (task);
  EbPortalSmsInfo *info;
  g_autoptr(GError) error = NULL;

  info = eb_portal_client_send_sms_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, eb_portal_text_translate (error));
      return;
    }

  eb_session_set_sms_info (eb_page_get_session (page), info);
  g_task_return_boolean (task, TRUE);
}

static void
eb_sms_send_page_apply_async (EbPage              *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (page, cancellable, callback, user_data);

  g_task_set_source_tag (task, eb_sms_send_page_apply_async);
  eb_portal_client_send_sms_async (eb_session_get_client (eb_page_get_session (page)), cancellable,
                                   send_cb, task);
}

static gboolean
eb_sms_send_page_apply_finish (EbPage        *page,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
eb_sms_send_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_SMS_SEND_PAGE);

  G_OBJECT_CLASS (eb_sms_send_page_parent_class)->dispose (object);
}

static void
eb_sms_send_page_class_init (EbSmsSendPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_sms_send_page_dispose;
  page_class->shown = eb_sms_send_page_shown;
  page_class->apply_async = eb_sms_send_page_apply_async;
  page_class->apply_finish = eb_sms_send_page_apply_finish;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-sms-send-page.ui");
}

static void
eb_sms_send_page_init (EbSmsSendPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The page's own child: binding it would have the template dispose it
   * while AdwBin does too. */
  self->status_page = adw_bin_get_child (ADW_BIN (self));
}
