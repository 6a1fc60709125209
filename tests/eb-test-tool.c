/* eb-test-tool.c — running the external verifiers and tools the tests trust
 * (pdfsig, qpdf, openssl, pdftotext…) and writing their input files
 *
 * Whatever a tool says on stderr goes to the test log, so a failed check
 * shows the verifier's own words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-test-tool.h"

/**
 * eb_test_tool_run:
 * @argv: the program (found on PATH) and its arguments
 * @status_out: its wait status
 *
 * Returns: (transfer full): what it wrote on stdout
 */
char *
eb_test_tool_run (const char * const *argv,
                  int                *status_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  *status_out = status;
  return out;
}

/* Runs @argv and fails the test unless it exits 0. */
void
eb_test_tool_run_ok (const char * const *argv)
{
  int status;
  g_autofree char *out = eb_test_tool_run (argv, &status);
  g_autoptr(GError) error = NULL;

  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

void
eb_test_tool_write_file (const char *path,
                         const void *data,
                         gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}
