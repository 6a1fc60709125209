/* eb-window.c — the main window: the wizard with its pages
 *
 * Builds the pages in the procedure's order (eb-procedure.c), shows the
 * practice SMS as a phone would, in a row of its own above the page, for as
 * long as its code is of use, and asks before practice work is thrown away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eb-procedure.h"
#include "eb-sms-send-page.h"
#include "eb-sms-verify-page.h"
#include "eb-validation.h"
#include "eb-window.h"

struct _EbWindow
{
  AdwApplicationWindow parent_instance;

  EbAssistant *assistant;
  GtkRevealer *phone_revealer;
  GtkLabel *phone_title_label;
  GtkLabel *phone_text_label;
  gint64 phone_shown_at;        /* monotonic µs */
  guint phone_expiry_id;

  EbSession *session;
  EbSigningCard *signing_card;
  GSettings *settings;
  gboolean practice_started;    /* left the welcome page in practice mode */
  gboolean close_confirmed;
  GtkWidget *close_dialog;      /* weak: "Close practice?" while it is asked */
};

G_DEFINE_FINAL_TYPE (EbWindow, eb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SIGNING_CARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hide_phone_message (EbWindow *self)
{
  g_clear_handle_id (&self->phone_expiry_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->phone_revealer, FALSE);
}

static gboolean
phone_code_expired (gpointer user_data)
{
  EbWindow *self = user_data;

  self->phone_expiry_id = 0;
  hide_phone_message (self);
  return G_SOURCE_REMOVE;
}

/* The message goes when its code does. The code's lifetime is the portal's
 * answer to the send (it may come just before or just after the message):
 * a lifetime that ended before the message came is an older code's. */
static void
arm_phone_expiry (EbWindow *self)
{
  const EbPortalSmsInfo *info = eb_session_get_sms_info (self->session);
  gint64 deadline, left;

  g_clear_handle_id (&self->phone_expiry_id, g_source_remove);
  if (info == NULL || !gtk_revealer_get_reveal_child (self->phone_revealer))
    return;

  deadline = eb_session_get_sms_sent_at (self->session) + (gint64) info->expires_in * G_USEC_PER_SEC;
  if (deadline < self->phone_shown_at)
    return;
  left = deadline - g_get_monotonic_time ();
  if (left <= 0)
    {
      hide_phone_message (self);
      return;
    }
  self->phone_expiry_id = g_timeout_add ((guint) ((left + 999) / 1000), phone_code_expired, self);
}

/* The code is typed on the SMS pages; past them it has been used (the
 * verify page moves on only once the portal took it), and before them a
 * new one will be sent. */
static void
on_current_page (EbWindow *self)
{
  EbPage *page = eb_assistant_get_current_page (self->assistant);

  if (eb_assistant_get_current_index (self->assistant) > 0 && eb_session_get_training (self->session))
    self->practice_started = TRUE;
  if (!EB_IS_SMS_SEND_PAGE (page) && !EB_IS_SMS_VERIFY_PAGE (page))
    hide_phone_message (self);
}

static void
eb_window_constructed (GObject *object)
{
  EbWindow *self = EB_WINDOW (object);

  G_OBJECT_CLASS (eb_window_parent_class)->constructed (object);

  g_return_if_fail (self->session != NULL);

  if (eb_session_get_training (self->session))
    g_object_set (self->assistant, "banner",
                  _("Practice mode: nothing is sent to Kamu SM, and the SMS arrives in this window."),
                  NULL);

  for (guint i = 0; i < eb_procedure_get_n_pages (); i++)
    {
      EbPage *page = g_object_new (eb_procedure_get_page_type (i),
                                   "session", self->session,
                                   "signing-card", self->signing_card,
                                   NULL);

      eb_assistant_add_page (self->assistant, page, eb_procedure_get_page_step (i));
    }
  g_signal_connect_object (self->assistant, "notify::current-page",
                           G_CALLBACK (on_current_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::sms-sent-at",
                           G_CALLBACK (arm_phone_expiry), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
close_confirmed_cb (gpointer user_data)
{
  EbWindow *self = user_data;

  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_close_practice_response (AdwMessageDialog *dialog,
                            const char       *response,
                            EbWindow         *self)
{
  if (g_strcmp0 (response, "close") != 0)
    return;

  self->close_confirmed = TRUE;
  /* Once the dialog is gone: a window destroyed under its own transient
   * dialog's response leaves the dialog pointing at it. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_confirmed_cb, g_object_ref (self), g_object_unref);
}

/* Practice data lives in a temporary folder removed at exit: say so before
 * it goes, once there is something of the person's in it. */
static void
ask_close_practice (EbWindow *self)
{
  GtkWidget *dialog;

  /* Asked once, however often Ctrl+Q is pressed. */
  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Close Practice?"),
                                   _("Practice data is not kept: the sample application, its forms and "
                                     "the practice card are deleted when the application closes. "
                                     "Nothing was sent to Kamu SM."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Don’t Close"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_practice_response), self, 0);
  self->close_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
eb_window_close_request (GtkWindow *window)
{
  EbWindow *self = EB_WINDOW (window);
  int width, height;

  if (self->practice_started && !self->close_confirmed)
    {
      ask_close_practice (self);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (eb_window_parent_class)->close_request (window);
}

static void
eb_window_dispose (GObject *object)
{
  EbWindow *self = EB_WINDOW (object);

  g_clear_handle_id (&self->phone_expiry_id, g_source_remove);
  g_clear_weak_pointer (&self->close_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), EB_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->signing_card);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (eb_window_parent_class)->dispose (object);
}

static void
eb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EbWindow *self = EB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SIGNING_CARD:
      g_value_set_object (value, self->signing_card);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  EbWindow *self = EB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_SIGNING_CARD:
      self->signing_card = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dismiss_phone_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  hide_phone_message (EB_WINDOW (widget));
}

static void
eb_window_class_init (EbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = eb_window_constructed;
  object_class->dispose = eb_window_dispose;
  object_class->get_property = eb_window_get_property;
  object_class->set_property = eb_window_set_property;
  window_class->close_request = eb_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, EB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNING_CARD] =
    g_param_spec_object ("signing-card", NULL, NULL, EB_TYPE_SIGNING_CARD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EB_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbWindow, assistant);
  gtk_widget_class_bind_template_child (widget_class, EbWindow, phone_revealer);
  gtk_widget_class_bind_template_child (widget_class, EbWindow, phone_title_label);
  gtk_widget_class_bind_template_child (widget_class, EbWindow, phone_text_label);

  gtk_widget_class_install_action (widget_class, "win.dismiss-phone", NULL, dismiss_phone_action);
}

static void
eb_window_init (EbWindow *self)
{
  self->settings = g_settings_new (APPLICATION_ID);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_title (GTK_WINDOW (self), PACKAGE_NAME);
}

/**
 * eb_window_new:
 * @signing_card: (nullable): the card the app would sign with, which also
 *   brings the PC/SC monitor for the card status; %NULL without card support
 */
EbWindow *
eb_window_new (GtkApplication *application,
               EbSession      *session,
               EbSigningCard  *signing_card)
{
  EbWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (EB_IS_SESSION (session), NULL);
  g_return_val_if_fail (signing_card == NULL || EB_IS_SIGNING_CARD (signing_card), NULL);

  self = g_object_new (EB_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       "signing-card", signing_card,
                       NULL);
  if (signing_card != NULL)
    eb_assistant_set_signing_card (self->assistant, signing_card);
  return self;
}

EbAssistant *
eb_window_get_assistant (EbWindow *self)
{
  g_return_val_if_fail (EB_IS_WINDOW (self), NULL);

  return self->assistant;
}

/**
 * eb_window_close_without_asking:
 *
 * Closes the window as if the person had confirmed: for a logout or a
 * `kill`, where nobody is there to answer.
 */
void
eb_window_close_without_asking (EbWindow *self)
{
  g_return_if_fail (EB_IS_WINDOW (self));

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * eb_window_show_phone_message:
 *
 * Shows a practice SMS the way a phone would, in a row above the page,
 * until dismissed, its code expires or is used, or a new one comes.
 */
void
eb_window_show_phone_message (EbWindow   *self,
                              const char *number,
                              const char *text)
{
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (EB_IS_WINDOW (self));

  /* Gateways get the number as 90XXXXXXXXXX; people read 0 (5XX) XXX XX XX. */
  if (strlen (number) == 12 && g_str_has_prefix (number, "90"))
    shown = eb_format_phone (number + 2);
  /* TRANSLATORS: heading of a practice SMS; %s is the phone number */
  title = g_strdup_printf (_("SMS to %s"), shown != NULL ? shown : number);
  gtk_label_set_text (self->phone_title_label, title);
  gtk_label_set_text (self->phone_text_label, text);
  gtk_revealer_set_reveal_child (self->phone_revealer, TRUE);
  self->phone_shown_at = g_get_monotonic_time ();
  arm_phone_expiry (self);
}

/**
 * eb_window_get_phone_message:
 *
 * Returns: (nullable): the practice SMS on show, if any
 */
const char *
eb_window_get_phone_message (EbWindow *self)
{
  g_return_val_if_fail (EB_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->phone_revealer))
    return NULL;
  return gtk_label_get_text (self->phone_text_label);
}
