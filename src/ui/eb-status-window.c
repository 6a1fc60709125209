/* eb-status-window.c — what the app knows of one application
 *
 * "Başvuru durumu", from the final page and from the welcome page's list of
 * applications: the number, the method, when it was made and the last
 * state the portal reported, as the local history keeps them; nothing
 * guessed. (Asking the portal for news is a step of its own.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-status-window.h"
#include "eb-turkish-text.h"

struct _EbStatusWindow
{
  AdwWindow parent_instance;

  GtkWidget *number_row;
  GtkWidget *method_row;
  GtkWidget *date_row;
  GtkWidget *state_row;
};

G_DEFINE_FINAL_TYPE (EbStatusWindow, eb_status_window, ADW_TYPE_WINDOW)

/**
 * eb_status_window_state_text:
 * @state: (nullable): a portal state (docs/portal-api.md)
 *
 * Returns: (transfer full): the state in the user's words
 */
char *
eb_status_window_state_text (const char *state)
{
  static const struct
  {
    const char *state;
    const char *text;
  } states[] = {
    { "method_chosen", N_("Numbered by the portal; the application form is not issued yet") },
    { "form_issued", N_("Application form issued") },
    { "paper_received", N_("The signed form has reached Kamu SM") },
    { "signature_verified", N_("The e-signature on the form was checked") },
    { "awaiting_approval", N_("Awaiting approval by the provincial MEB IT unit") },
    { "approved", N_("Approved") },
    { "rejected", N_("Not approved") },
    { "produced", N_("The card has been made") },
    { "shipped", N_("The card has been sent") },
  };

  if (state == NULL)
    return g_strdup (_("Not known"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].state, state) == 0)
      return g_strdup (_(states[i].text));
  /* A state of a newer portal: its name is better than nothing. */
  return g_strdup (state);
}

/**
 * eb_status_window_method_text:
 *
 * Returns: (transfer full): the method, as the welcome page names it
 */
char *
eb_status_window_method_text (const char *method)
{
  if (g_strcmp0 (method, "esign") == 0)
    return g_strdup (_("Method 2: e-signed application"));
  if (g_strcmp0 (method, "wet") == 0)
    return g_strdup (_("Method 1: wet-signed application"));
  return g_strdup (_("Not chosen yet"));
}

/* "4 Aralık 2026, 09:17" on Türkiye's clock; NULL for an unknown time. */
static char *
format_time (gint64 unix_us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;

  if (unix_us <= 0)
    return NULL;
  utc = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  local = eb_turkish_time (utc);
  date = eb_turkish_format_date (local);
  clock = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: a date and a time of day, "4 December 2026 at 09:17" */
  return g_strdup_printf (_("%s at %s"), date, clock);
}

static void
eb_status_window_class_init (EbStatusWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-status-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbStatusWindow, number_row);
  gtk_widget_class_bind_template_child (widget_class, EbStatusWindow, method_row);
  gtk_widget_class_bind_template_child (widget_class, EbStatusWindow, date_row);
  gtk_widget_class_bind_template_child (widget_class, EbStatusWindow, state_row);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eb_status_window_init (EbStatusWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * eb_status_window_new:
 * @record: the application, as the history (or the session) keeps it
 */
EbStatusWindow *
eb_status_window_new (GtkWindow                 *parent,
                      const EbApplicationRecord *record)
{
  EbStatusWindow *self;
  g_autofree char *method = NULL;
  g_autofree char *created = NULL;
  g_autofree char *state = NULL;
  g_autofree char *noted = NULL;
  g_autofree char *state_line = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (EB_TYPE_STATUS_WINDOW, "transient-for", parent, NULL);

  method = eb_status_window_method_text (record->method);
  created = format_time (record->created_at);
  state = eb_status_window_state_text (record->state);
  noted = format_time (record->updated_at);
  /* TRANSLATORS: the state, then when the app noted it */
  state_line = noted != NULL ? g_strdup_printf (_("%s (noted %s)"), state, noted) : g_strdup (state);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->number_row),
                               record->application_no != NULL ? record->application_no : _("Not numbered yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->method_row), method);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->date_row), created != NULL ? created : _("Not known"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->state_row), state_line);

  return self;
}
