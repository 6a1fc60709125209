/* eb-diagnostics-window.c — "why doesn't my card work?"
 *
 * Runs the card diagnostics off the main thread and shows the most
 * fundamental finding in plain words with what to do, then the whole report,
 * which "Copy Report" puts on the clipboard for the IT unit.
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

  GtkWidget *spinner;
  GtkWidget *summary_label;
  GtkWidget *advice_label;
  GtkWidget *report_view;
  AdwToastOverlay *toast_overlay;

  EbTokenManager *manager;
  char *user_module;
  char *applicant_tckn;
  char *report;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (EbDiagnosticsWindow, eb_diagnostics_window, ADW_TYPE_WINDOW)

/**
 * eb_card_finding_advice:
 *
 * Returns: (transfer full): the finding as a sentence with what to do next
 */
char *
eb_card_finding_advice (EbCardFinding finding)
{
  switch (finding)
    {
    case EB_CARD_FINDING_SERVICE_NOT_RUNNING:
      return g_strdup (_("The smart card service (pcscd) is not running. Start it with "
                         "“sudo systemctl start pcscd.socket”, or install the pcscd package."));
    case EB_CARD_FINDING_NO_READER:
      return g_strdup (_("No card reader is plugged in. Plug in the mini card reader; it is "
                         "found within a second."));
    case EB_CARD_FINDING_NO_CARD:
      return g_strdup (_("The card reader is empty. Insert your e-signature card."));
    case EB_CARD_FINDING_CARD_UNRESPONSIVE:
      return g_strdup (_("The card does not answer. Take it out and insert it again, chip first."));
    case EB_CARD_FINDING_CARD_NOT_AKIS:
      return g_strdup (_("The card in the reader is not a Kamu SM e-signature card."));
    case EB_CARD_FINDING_AKIS_MODULE_MISSING:
      return g_strdup (_("Your card is a Kamu SM AKİS card, but its driver (libakisp11.so) is "
                         "not installed. Install the AKİS driver from Kamu SM's site."));
    case EB_CARD_FINDING_NO_MODULE:
      return g_strdup (_("No card driver (PKCS#11 module) was found. Install the Kamu SM AKİS "
                         "driver, or OpenSC."));
    case EB_CARD_FINDING_NO_TOKEN:
      return g_strdup (_("The card driver does not see the card. Take the card out and insert it again."));
    case EB_CARD_FINDING_PIN_FINAL_TRY:
      return g_strdup (_("Only one PIN try is left. A wrong PIN now locks the card."));
    case EB_CARD_FINDING_PIN_LOCKED:
      return g_strdup (_("The card's PIN is locked. Call the Kamu SM call centre on 444 5 576 "
                         "and have your security word ready."));
    case EB_CARD_FINDING_NO_NES:
      return g_strdup (_("There is no qualified electronic certificate on the card."));
    case EB_CARD_FINDING_OTHER_PERSON:
      return g_strdup (_("The certificate on the card belongs to someone else."));
    case EB_CARD_FINDING_NES_EXPIRED:
      return g_strdup (_("The certificate on the card has expired, so it cannot sign: apply "
                         "with Method 1 (wet signature)."));
    case EB_CARD_FINDING_NES_EXPIRING:
      return g_strdup (_("The certificate on the card expires soon: renew it now with Method 2."));
    case EB_CARD_FINDING_READY:
    default:
      return g_strdup (_("The card is ready: its certificate can sign a renewal (Method 2)."));
    }
}

static void
show_report (EbDiagnosticsWindow *self,
             EbCardReport        *report)
{
  EbCardFinding first = report->findings->len > 0
                        ? g_array_index (report->findings, EbCardFinding, 0)
                        : EB_CARD_FINDING_READY;
  g_autofree char *advice = eb_card_finding_advice (first);
  g_autoptr(GString) more = g_string_new (NULL);

  gtk_label_set_text (GTK_LABEL (self->summary_label),
                      first == EB_CARD_FINDING_READY ? _("Your Card Is Ready") : _("Something Needs Attention"));
  for (guint i = 1; i < report->findings->len; i++)
    {
      g_autofree char *line = eb_card_finding_advice (g_array_index (report->findings, EbCardFinding, i));

      g_string_append_printf (more, "\n• %s", line);
    }
  g_string_prepend (more, advice);
  gtk_label_set_text (GTK_LABEL (self->advice_label), more->str);

  g_free (self->report);
  self->report = eb_card_report_text_build (report);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->report_view)), self->report, -1);
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
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.refresh", TRUE);

  if (report == NULL)
    {
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

  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
  gtk_label_set_text (GTK_LABEL (self->summary_label), _("Checking the card reader and the card…"));
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
eb_diagnostics_window_dispose (GObject *object)
{
  EbDiagnosticsWindow *self = EB_DIAGNOSTICS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->user_module, g_free);
  g_clear_pointer (&self->applicant_tckn, g_free);
  g_clear_pointer (&self->report, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, advice_label);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, report_view);
  gtk_widget_class_bind_template_child (widget_class, EbDiagnosticsWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "diagnostics.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "diagnostics.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eb_diagnostics_window_init (EbDiagnosticsWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * eb_diagnostics_window_new:
 * @manager: (nullable): the app's PKCS#11 context; %NULL for a temporary one
 * @user_module: (nullable): the module path the user set
 * @applicant_tckn: (nullable): whose certificate is looked for
 */
EbDiagnosticsWindow *
eb_diagnostics_window_new (GtkWindow      *parent,
                           EbTokenManager *manager,
                           const char     *user_module,
                           const char     *applicant_tckn)
{
  EbDiagnosticsWindow *self;

  g_return_val_if_fail (manager == NULL || EB_IS_TOKEN_MANAGER (manager), NULL);

  self = g_object_new (EB_TYPE_DIAGNOSTICS_WINDOW, "transient-for", parent, NULL);
  self->manager = manager != NULL ? g_object_ref (manager) : NULL;
  self->user_module = g_strdup (user_module);
  self->applicant_tckn = g_strdup (applicant_tckn);
  run_diagnostics (self);

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
