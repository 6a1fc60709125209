/* eb-file-util.c — small file-system helpers shared by the app, the portal and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "eb-file-util.h"

static void
note_failure (GError     **error,
              const char  *what,
              const char  *path)
{
  int saved = errno;

  /* Keep the first failure; the rest of the tree is still removed. */
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 "Could not %s “%s”: %s", what, path, g_strerror (saved));
}

/**
 * eb_remove_tree:
 * @path: a file or directory
 *
 * Removes @path and, for a directory, everything in it (symbolic links are
 * removed, never followed). Temporary practice data and test directories
 * go this way.
 *
 * Returns: whether everything was removed; a missing @path counts as removed
 */
gboolean
eb_remove_tree (const char  *path,
                GError     **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          eb_remove_tree (child, local_error == NULL ? &local_error : NULL);
        }
      if (g_rmdir (path) != 0)
        note_failure (&local_error, "remove the folder", path);
    }
  else if (g_unlink (path) != 0 && errno != ENOENT)
    {
      note_failure (&local_error, "remove", path);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
