/* eb-card-status.c — the card reader and card, at a glance, on every page
 *
 * Follows the PC/SC monitor live (it reports within pcscd's polling time)
 * and opens the Diagnostics window when pressed, where the "why" is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-status.h"

struct _EbCardStatus
{
  GtkButton parent_instance;

  GtkWidget *image;
  GtkWidget *label;
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

static void
update (EbCardStatus *self)
{
  g_autoptr(EbCardReader) reader = NULL;
  g_autofree char *card = NULL;
  const char *text;
  const char *icon = "dialog-warning-symbolic";

  switch (eb_pcsc_monitor_get_state (self->monitor))
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
      reader = reader_with_card (self->monitor);
      card = g_strdup (reader != NULL && eb_card_reader_get_card_name (reader) != NULL
                       ? eb_card_reader_get_card_name (reader) : _("Unknown card"));
      text = card;
      icon = "emblem-ok-symbolic";
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

  self->image = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (self->label), 24);
  gtk_box_append (GTK_BOX (box), self->image);
  gtk_box_append (GTK_BOX (box), self->label);
  gtk_button_set_child (GTK_BUTTON (self), box);
  gtk_widget_add_css_class (GTK_WIDGET (self), "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "app.diagnostics");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * eb_card_status_set_monitor:
 * @monitor: (nullable): the app's PC/SC monitor; %NULL hides the status
 */
void
eb_card_status_set_monitor (EbCardStatus  *self,
                            EbPcscMonitor *monitor)
{
  g_return_if_fail (EB_IS_CARD_STATUS (self));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  gtk_widget_set_visible (GTK_WIDGET (self), monitor != NULL);
  if (monitor == NULL)
    return;

  g_signal_connect_swapped (monitor, "notify::state", G_CALLBACK (update), self);
  g_signal_connect_swapped (monitor, "card-inserted", G_CALLBACK (update), self);
  g_signal_connect_swapped (monitor, "card-removed", G_CALLBACK (update), self);
  g_signal_connect_swapped (monitor, "reader-added", G_CALLBACK (update), self);
  g_signal_connect_swapped (monitor, "reader-removed", G_CALLBACK (update), self);
  update (self);
}

const char *
eb_card_status_get_text (EbCardStatus *self)
{
  g_return_val_if_fail (EB_IS_CARD_STATUS (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}
