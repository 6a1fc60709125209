/* eb-test-ui.h — waiting and screenshots for the in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*EbTestCondition) (gpointer data);

void     eb_test_ui_spin_until  (EbTestCondition  done,
                                 gpointer         data);
gboolean eb_test_ui_flag_is_set (gpointer         flag);
void     eb_test_ui_settle      (void);
void     eb_test_ui_screenshot  (GtkWidget       *window,
                                 const char      *name);

G_END_DECLS
