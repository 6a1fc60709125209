/* eb-test-daemon.h — daemons a test starts (pcscd, vicc, the portal) that die with it
 * and whose early death is reported at once, with their log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      eb_test_daemon_child_setup   (gpointer     user_data);
gboolean  eb_test_daemon_has_exited    (GSubprocess *daemon);
void      eb_test_daemon_set_exit_error (GSubprocess *daemon,
                                         const char  *name,
                                         const char  *log_path,
                                         const char  *log_text,
                                         GError     **error);

G_END_DECLS
