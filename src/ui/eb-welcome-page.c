/* eb-welcome-page.c — what the procedure is, before it starts
 *
 * Explains the steps and the two methods in the seed's terms, and offers to
 * start over when an unfinished application was restored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-welcome-page.h"

struct _EbWelcomePage
{
  EbPage parent_instance;

  GtkWidget *draft_group;
  GtkWidget *start_over_button;
};

G_DEFINE_FINAL_TYPE (EbWelcomePage, eb_welcome_page, EB_TYPE_PAGE)

static void
on_start_over_response (AdwMessageDialog *dialog,
                        const char       *response,
                        EbWelcomePage    *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "start-over") != 0)
    return;

  if (!eb_session_discard_draft (eb_page_get_session (EB_PAGE (self)), &error))
    {
      /* The form is empty in memory either way; only the copy on disk stayed. */
      g_warning ("Could not delete the saved draft: %s", error->message);
    }

  gtk_widget_set_visible (self->draft_group, FALSE);
}

static void
on_start_over_clicked (EbWelcomePage *self)
{
  GtkWidget *dialog;

  /* Starting over throws away what the user typed, so ask first. */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Start Over?"),
                                   _("Everything typed into the unfinished application will be deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start-over", _("_Start Over"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start-over",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_over_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
eb_welcome_page_constructed (GObject *object)
{
  EbWelcomePage *self = EB_WELCOME_PAGE (object);

  G_OBJECT_CLASS (eb_welcome_page_parent_class)->constructed (object);

  g_object_bind_property (eb_page_get_session (EB_PAGE (self)), "draft-restored",
                          self->draft_group, "visible", G_BINDING_SYNC_CREATE);
}

static void
eb_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (eb_welcome_page_parent_class)->dispose (object);
}

static void
eb_welcome_page_class_init (EbWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = eb_welcome_page_constructed;
  object_class->dispose = eb_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbWelcomePage, draft_group);
  gtk_widget_class_bind_template_child (widget_class, EbWelcomePage, start_over_button);
  gtk_widget_class_bind_template_callback (widget_class, on_start_over_clicked);
}

static void
eb_welcome_page_init (EbWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
