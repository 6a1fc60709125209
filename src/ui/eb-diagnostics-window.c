/* eb-diagnostics-window.c — "why doesn't my card work?"
 *
 * Runs the card diagnostics off the main thread and speaks to the person
 * first: one finding in plain words with the one action that helps (a
 * command to copy, a web page to open), then the whole report for IT behind
 * "Details", which "Copy Report" puts on the clipboard. In practice mode
 * the card is a software token: no reader or service is asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-diagnostics.h"
#include "eb-card-report-text.h"
#include "eb-clock.h"
#include "eb-diagnostics-window.h"
#include "eb-toast.h"

struct _EbDiagnosticsWindow
{
  AdwWindow parent_instance;

  GtkWidget *icon_stack;
  GtkWidget *spinner;
  GtkWidget *finding_icon;
  GtkWidget *summary_label;
  GtkWidget *advice_label;
  GtkWidget *command_box;
  GtkWidget *command_label;
  GtkWidget *link_button;
  GtkWidget *details_expander;
  GtkWidget *copy_button;
  GtkWidget *report_view;
  AdwToastOverlay *toast_overlay;

  EbTokenManager *manager;
  char *user_module;
  char *applicant_tckn;
  gboolean practice;
  char *report;
  EbCardAdvice *advice;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (EbDiagnosticsWindow, eb_diagnostics_window, ADW_TYPE_WINDOW)

static void
show_report (EbDiagnosticsWindow *self,
             EbCardReport        *report)
{
  EbCardAdvice *advice = eb_card_advice_new (report, self->practice);

  g_clear_pointer (&self->advice, eb_card_advice_free);
  self->advice = advice;

  gtk_stack_set_visible_child_name (GTK_STACK (self->icon_stack), "icon");
  gtk_image_set_from_icon_name (GTK_IMAGE (self->finding_icon),
                                advice->problem ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (self->finding_icon, advice->problem ? "success" : "warning");
  gtk_widget_add_css_class (self->finding_icon, advice->problem ? "warning" : "success");
  gtk_label_set_text (GTK_LABEL (self->summary_label), advice->title);
  gtk_label_set_text (GTK_LABEL (self->advice_label), advice->text);

  gtk_widget_set_visible (self->command_box, advice->command != NULL);
  gtk_label_set_text (GTK_LABEL (self->command_label), advice->command != NULL ? advice->command : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.copy-command", advice->command != NULL);

  gtk_widget_set_visible (self->link_button, advice->link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.open-link", advice->link != NULL);
  if (advice->link != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->link_button), advice->link_label);
      gtk_button_set_use_underline (GTK_BUTTON (self->link_button), TRUE);
      gtk_widget_set_tooltip_text (self->link_button, advice->link);
    }

  g_free (self->report);
  self->report = eb_card_report_text_build (report);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->report_view)), self->report, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.copy", TRUE);
}

static void
diagnostics_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EbCardReport) report = NULL;
  g_autoptr(GError) error = NULL;
  EbDiagnosticsWindow *self;

  report = eb_card_diagnostics_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = EB_DIAGNOSTICS_WINDOW (user_data);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.refresh", TRUE);

  if (report == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->icon_stack), "icon");
      gtk_image_set_from_icon_name (GTK_IMAGE (self->finding_icon), "dialog-warning-symbolic");
      gtk_label_set_text (GTK_LABEL (self->summary_label), _("The Check Failed"));
      gtk_label_set_text (GTK_LABEL (self->advice_label), error->message);
      return;
    }

  show_report (self, report);
}

static void
run_diagnostics (EbDiagnosticsWindow *self)
{
  g_autoptr(GDateTime) now = eb_clock_now ();

  gtk_stack_set_visible_child_name (GTK_STACK (self->icon_stack), "checking");
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
  gtk_label_set_text (GTK_LABEL (self->summary_label),
                      self->practice ? _("Checking the practice card…")
                                     : _("Checking the card reader and the card…"));
  gtk_label_set_text (GTK_LABEL (self->advice_label), "");
  gtk_widget_set_visible (self->command_box, FALSE);
  gtk_widget_set_visible (self->link_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.refresh", FALSE);
  eb_card_diagnostics_run_async (self->manager, self->user_module, self->applicant_tckn, now,
                                 self->cancellable, diagnostics_cb, self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_diagnostics (EB_DIAGNOSTICS_WINDOW (widget));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbDiagnosticsWindow *self = EB_DIAGNOSTICS_WINDOW (widget);

  if (self->report == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->report);
  eb_toast_show (GTK_WIDGET (self->toast_overlay), _("Report copied"));
}

static void
copy_command_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EbDiagnosticsWindow *self = EB_DIAGNOSTICS_WINDOW (widget);

  if (self->advice == NULL || self->advice->command == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->advice->command);
  eb_toast_show (GTK_WIDGET (self->toast_overlay), _("Command copied: paste it into a terminal"));
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EbDiagnosticsWindow *self = EB_DIAGNOSTICS_WINDOW (widget);

  if (self->advice == NULL || self->advice->link == NULL)
    return;
#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (self->advice->link);

    gtk_uri_launcher_launch (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
  }
#else
  gtk_show_uri (GTK_WINDOW (self), self->advice->link, GDK_CURRENT_TIME);
#endif
}

/**
 * eb_diagnostics_window_get_link:
 *
 * Returns: (nullable): the web page the window's button opens, if any
 */
const char *
eb_diagnostics_window_get_link (EbDiagnosticsWindow *self)
{
  g_return_val_if_fail (EB_IS_DIAGNOSTICS_WINDOW (self), NULL);

  return self->advice != NULL ? self->advice->link : NULL;
}

static void
eb_diagnostics_window_dispose (GObject *object)
{
  EbDiagnosticsWindow *self = EB_DIAGNOSTICS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->user_module, g_free);
  g_clear_pointer (&self->applicant_tckn, g_free);
  g_clear_pointer (&self->report, g_free);
  g_clear_pointer (&self->advice, eb_card_advice_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_DIAGNOSTICS_WINDOW);

  G_OBJECT_CLASS (eb_diagnostics_window_parent_class)->dispose (object);
}

static void
eb_diagnostics_window_class_init (EbDiagnosticsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eb_diagnostics_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-diagnostics-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, finding_icon);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, advice_label);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, command_box);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, command_label);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, link_button);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, details_expander);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, report_view);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "diagnostics.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "diagnostics.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "diagnostics.copy-command", NULL, copy_command_action);
  gtk_widget_class_install_action (widget_class, "diagnostics.open-link", NULL, open_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eb_diagnostics_window_init (EbDiagnosticsWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.copy-command", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.open-link", FALSE);
}

/**
 * eb_diagnostics_window_new:
 * @manager: (nullable): the app's PKCS#11 context; %NULL for a temporary one
 * @user_module: (nullable): the module path the user set
 * @applicant_tckn: (nullable): whose certificate is looked for
 * @practice: practice mode: the card is the practice card, no reader needed
 */
EbDiagnosticsWindow *
eb_diagnostics_window_new (GtkWindow      *parent,
                           EbTokenManager *manager,
                           const char     *user_module,
                           const char     *applicant_tckn,
                           gboolean        practice)
{
  EbDiagnosticsWindow *self;

  g_return_val_if_fail (manager == NULL || EB_IS_TOKEN_MANAGER (manager), NULL);

  self = g_object_new (EB_TYPE_DIAGNOSTICS_WINDOW, "transient-for", parent, NULL);
  self->manager = manager != NULL ? g_object_ref (manager) : NULL;
  self->user_module = g_strdup (user_module);
  self->applicant_tckn = g_strdup (applicant_tckn);
  self->practice = practice;
  run_diagnostics (self);

  return self;
}

/**
 * eb_diagnostics_window_new_for_report:
 * @practice: as for eb_diagnostics_window_new()
 *
 * Shows a report gathered elsewhere; Check Again gathers a new one with a
 * card driver of its own.
 */
EbDiagnosticsWindow *
eb_diagnostics_window_new_for_report (GtkWindow    *parent,
                                      EbCardReport *report,
                                      gboolean      practice)
{
  EbDiagnosticsWindow *self;

  g_return_val_if_fail (report != NULL, NULL);

  self = g_object_new (EB_TYPE_DIAGNOSTICS_WINDOW, "transient-for", parent, NULL);
  self->practice = practice;
  self->applicant_tckn = g_strdup (report->applicant_tckn);
  show_report (self, report);

  return self;
}

/**
 * eb_diagnostics_window_get_report:
 *
 * Returns: (nullable): the plain-text report, once the check is done
 */
const char *
eb_diagnostics_window_get_report (EbDiagnosticsWindow *self)
{
  g_return_val_if_fail (EB_IS_DIAGNOSTICS_WINDOW (self), NULL);

  return self->report;
}
