/* eb-test-async.h — waiting for a GAsyncResult in the card tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void          eb_test_on_result   (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *eb_test_wait_result (GAsyncResult **slot);

G_END_DECLS
