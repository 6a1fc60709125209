/* eb-toast.c — a short message over the part of a window a widget is in
 *
 * The one way the app shows a toast: the nearest AdwToastOverlay around the
 * widget that has something to say gets it. Pages, the assistant and the
 * other windows need not know whose overlay that is, so a page does not
 * depend on the assistant that holds it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-toast.h"

/**
 * eb_toast_add:
 * @from: the widget the message is about; it may be the overlay itself
 * @toast: (transfer full): the toast
 *
 * Adds @toast to the nearest #AdwToastOverlay that holds @from.
 *
 * Returns: whether there was one; without one the toast is dropped
 */
gboolean
eb_toast_add (GtkWidget *from,
              AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_val_if_fail (GTK_IS_WIDGET (from), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);

  overlay = gtk_widget_get_ancestor (from, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_object_unref (toast);
      return FALSE;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

/**
 * eb_toast_show:
 *
 * A short message (a file saved, a print job sent) that goes away by
 * itself, over @from; nothing if @from is in no toast overlay.
 */
void
eb_toast_show (GtkWidget  *from,
               const char *text)
{
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (text != NULL);

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  eb_toast_add (from, toast);
}
