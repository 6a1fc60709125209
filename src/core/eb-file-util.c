/* eb-file-util.c — small file-system helpers shared by the app, the portal and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

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

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  /* EFBIG is the file size limit: as full as a full disk for the writer. */
  GIOErrorEnum code = saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG
                      ? G_IO_ERROR_NO_SPACE : g_io_error_from_errno (saved_errno);

  g_set_error (error, G_IO_ERROR, code, "Could not write “%s”: %s", path, g_strerror (saved_errno));
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

/**
 * eb_file_write_atomically:
 *
 * Writes @bytes to a temporary file beside @path, flushes it to disk and
 * renames it over @path. On any failure the temporary file is removed and
 * @path is left as it was.
 *
 * Returns: whether @path now holds @bytes; else @error is a G_IO_ERROR
 *   (G_IO_ERROR_NO_SPACE when the disk, a quota or the file size limit is
 *   full)
 */
gboolean
eb_file_write_atomically (GBytes      *bytes,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  const guint8 *data;
  gsize len, done = 0;
  int fd;

  g_return_val_if_fail (bytes != NULL && path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_write_error (error, errno, path);
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &len);
  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          goto failed;
        }
      done += n;
    }
  if (fsync (fd) != 0)
    goto failed;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    goto failed;

  /* The rename itself reaches the disk with the directory. */
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;

failed:
  {
    int saved = errno != 0 ? errno : EIO;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    set_write_error (error, saved, path);
    return FALSE;
  }
}
