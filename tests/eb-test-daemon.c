/* eb-test-daemon.c — daemons a test starts (pcscd, vicc, the portal) that die with it
 * and whose early death is reported at once, with their log
 *
 * A fixture that waits for a daemon to become ready must also watch for it
 * to end: otherwise a daemon that cannot start (pcscd where a private mount
 * namespace is refused, say) turns into a silent wait until meson's timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "eb-test-daemon.h"

/* The end of a log is where a daemon says why it stopped. */
#define LOG_TAIL 4096

/**
 * eb_test_daemon_child_setup:
 *
 * A GSubprocessLauncher child setup: the daemon is killed when the test
 * process ends, even when it aborts on a failed assertion.
 */
void
eb_test_daemon_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * eb_test_daemon_has_exited:
 *
 * Safe to ask at any time, unlike g_subprocess_get_if_exited(): GLib reaps
 * the child on its worker thread and forgets its identifier then.
 */
gboolean
eb_test_daemon_has_exited (GSubprocess *daemon)
{
  return g_subprocess_get_identifier (daemon) == NULL;
}

/**
 * eb_test_daemon_set_exit_error:
 * @name: what the daemon is, for the message
 * @log_path: (nullable): a file the daemon wrote its output to
 * @log_text: (nullable): its output, if the caller has it already
 *
 * Waits for @daemon to end (it has, or is about to) and sets @error to how
 * it ended and the end of its output.
 */
void
eb_test_daemon_set_exit_error (GSubprocess *daemon,
                               const char  *name,
                               const char  *log_path,
                               const char  *log_text,
                               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *how = NULL;
  const char *tail;
  gsize len = 0;

  g_subprocess_wait (daemon, NULL, NULL);
  if (g_subprocess_get_if_signaled (daemon))
    how = g_strdup_printf ("was killed by signal %d", g_subprocess_get_term_sig (daemon));
  else
    how = g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (daemon));

  if (log_text == NULL && log_path != NULL)
    g_file_get_contents (log_path, &contents, &len, NULL);
  tail = log_text != NULL ? log_text : contents != NULL ? contents : "";
  len = strlen (tail);
  if (len > LOG_TAIL)
    tail += len - LOG_TAIL;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s before it was ready%s%s%s:\n%s",
               name, how,
               log_path != NULL ? " (log: " : "", log_path != NULL ? log_path : "",
               log_path != NULL ? ")" : "",
               *tail != '\0' ? tail : "(it wrote nothing)");
}
