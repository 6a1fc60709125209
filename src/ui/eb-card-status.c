/* eb-card-status.c — the card reader and card, at a glance, on every page
 *
 * Follows the PC/SC monitor live (it reports within pcscd's polling time),
 * names the certificate's holder and its days left once the card is read,
 * and opens the Diagnostics window when pressed, where the "why" is. The
 * text is never cut: the assistant gives it a row of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-status.h"
#include "eb-certificate-info.h"
#include "eb-clock.h"

struct _EbCardStatus
{
  GtkButton parent_instance;

  GtkWidget *image;
  GtkWidget *label;             /* the status, whole */
  EbSigningCard *signing_card;
  EbPcscMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (EbCardStatus, eb_card_status, GTK_TYPE_BUTTON)

static EbCardReader *
reader_with_card (EbPcscMonitor *monitor)
{
  GListModel *readers = eb_pcsc_monitor_get_readers (monitor);

  for (guint i = 0; i < g_list_model_get_n_items (readers); i++)
    {
      g_autoptr(EbCardReader) reader = g_list_model_get_item (readers, i);

      if (eb_card_reader_get_has_card (reader))
        return g_steal_pointer (&reader);
    }
  return NULL;
}

/* The holder and the days left of the card's certificate, once read. */
static char *
describe_certificate (EbCardStatus *self)
{
  EbTokenCertificate *certificate;
  EbCertificateInfo *info;
  g_autoptr(GDateTime) now = NULL;
  const char *holder;
  gint days;

  if (self->signing_card == NULL
      || eb_signing_card_get_state (self->signing_card) != EB_SIGNING_CARD_STATE_READY)
    return NULL;
  certificate = eb_signing_card_get_certificate (self->signing_card);
  info = eb_token_certificate_get_info (certificate);
  if (info == NULL)
    return NULL;

  now = eb_clock_now ();
  holder = eb_certificate_info_get_holder_name (info);
  if (holder == NULL)
    holder = eb_token_certificate_get_label (certificate);
  days = eb_certificate_info_get_days_left (info, now);
  /* Its last day may still be today: expired means past its last instant. */
  if (g_date_time_compare (now, eb_certificate_info_get_not_after (info)) >= 0)
    /* TRANSLATORS: the card status; %s is the certificate holder's name */
    return g_strdup_printf (_("%s, certificate expired"), holder);
  /* TRANSLATORS: the card status; %s is the certificate holder's name */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d day left", "%s, %d days left", days),
                          holder, days);
}

static void
update (EbCardStatus *self)
{
  g_autoptr(EbCardReader) reader = NULL;
  g_autofree char *card = NULL;
  const char *text;
  const char *icon = "dialog-warning-symbolic";
  g_autofree char *certificate = describe_certificate (self);
  EbPcscState state;

  /* A token without a reader (SoftHSM in practice) has only its certificate. */
  if (self->monitor == NULL)
    {
      if (certificate == NULL)
        {
          gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
          return;
        }
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
    }

  /* A certificate read with no reader to hold a card (no card service, no
   * reader) is a token of its own, such as the practice card: it is what
   * there is to show. An empty reader still says so. */
  state = self->monitor != NULL ? eb_pcsc_monitor_get_state (self->monitor) : EB_PCSC_STATE_CARD_PRESENT;
  if (certificate != NULL && state != EB_PCSC_STATE_NO_CARD)
    state = EB_PCSC_STATE_CARD_PRESENT;

  switch (state)
    {
    case EB_PCSC_STATE_STARTING:
      text = _("Looking for card readers…");
      icon = "content-loading-symbolic";
      break;
    case EB_PCSC_STATE_NO_SERVICE:
      text = _("Card service not running");
      break;
    case EB_PCSC_STATE_NO_READER:
      text = _("No card reader");
      break;
    case EB_PCSC_STATE_NO_CARD:
      text = _("No card in the reader");
      icon = "media-removable-symbolic";
      break;
    case EB_PCSC_STATE_CARD_PRESENT:
      icon = "emblem-ok-symbolic";
      if (certificate != NULL)
        {
          text = certificate;
          break;
        }
      reader = reader_with_card (self->monitor);
      card = g_strdup (reader != NULL && eb_card_reader_get_card_name (reader) != NULL
                       ? eb_card_reader_get_card_name (reader) : _("Unknown card"));
      text = card;
      break;
    case EB_PCSC_STATE_STOPPED:
    default:
      text = _("Card reader check stopped");
      break;
    }

  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->image), icon);
  {
    /* TRANSLATORS: the card status button's description; %s is its text */
    g_autofree char *description = g_strdup_printf (_("Card reader: %s. Press for diagnostics."), text);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  }
}

static void
eb_card_status_dispose (GObject *object)
{
  EbCardStatus *self = EB_CARD_STATUS (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->signing_card != NULL)
    g_signal_handlers_disconnect_by_data (self->signing_card, self);
  g_clear_object (&self->signing_card);

  G_OBJECT_CLASS (eb_card_status_parent_class)->dispose (object);
}

static void
eb_card_status_class_init (EbCardStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_card_status_dispose;
}

static void
eb_card_status_init (EbCardStatus *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *caption = gtk_label_new (_("E-signature card:"));
  GtkWidget *more = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "go-next-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  self->image = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  /* The person's main cue: said whole, on a row of its own (the assistant's
   * card status bar); a narrow window wraps it, never cuts it. */
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_valign (caption, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (self->label, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (box), self->image);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), self->label);
  /* Like an activatable row: pressing it opens Card Diagnostics. */
  gtk_box_append (GTK_BOX (box), more);
  gtk_button_set_child (GTK_BUTTON (self), box);
  gtk_widget_add_css_class (GTK_WIDGET (self), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self), "card-status");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "app.diagnostics");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * eb_card_status_set_signing_card:
 * @signing_card: (nullable): the app's signing card, whose PC/SC monitor
 *   (if any) gives the reader state; %NULL hides the status
 */
void
eb_card_status_set_signing_card (EbCardStatus  *self,
                                 EbSigningCard *signing_card)
{
  g_return_if_fail (EB_IS_CARD_STATUS (self));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->signing_card != NULL)
    g_signal_handlers_disconnect_by_data (self->signing_card, self);
  g_set_object (&self->signing_card, signing_card);
  {
    EbPcscMonitor *monitor = signing_card != NULL ? eb_signing_card_get_monitor (signing_card) : NULL;

    g_set_object (&self->monitor, monitor);
  }
  gtk_widget_set_visible (GTK_WIDGET (self), self->monitor != NULL);
  if (signing_card == NULL)
    return;

  g_signal_connect_swapped (signing_card, "changed", G_CALLBACK (update), self);
  if (self->monitor != NULL)
    {
      g_signal_connect_swapped (self->monitor, "notify::state", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->monitor, "card-inserted", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->monitor, "card-removed", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->monitor, "reader-added", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->monitor, "reader-removed", G_CALLBACK (update), self);
    }
  update (self);
}

const char *
eb_card_status_get_text (EbCardStatus *self)
{
  g_return_val_if_fail (EB_IS_CARD_STATUS (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}
