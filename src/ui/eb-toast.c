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
 * eb_toast_show:
 *
 * A short message (a file saved, a print job sent) that goes away by
 * itself, over @from; nothing if @from is in no toast overlay.
 */
void
eb_toast_show (GtkWidget  *from,
               const char *text)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (text != NULL);

  overlay = gtk_widget_get_ancestor (from, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  /* Never dismissed by the app: libadwaita 1.2 crashes when a toast goes
   * during its show animation (docs/architecture.md). */
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
