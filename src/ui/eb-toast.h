/* eb-toast.h — a short message over the part of a window a widget is in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void     eb_toast_show (GtkWidget  *from,
                        const char *text);

G_END_DECLS
