/* eb-file-util.h — small file-system helpers shared by the app, the portal and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean eb_remove_tree           (const char  *path,
                                   GError     **error);
gboolean eb_file_write_atomically (GBytes      *bytes,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
