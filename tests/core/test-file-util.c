/* test-file-util.c — the atomic writer: all of the file or none of it, also
 * when the disk is full
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/resource.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "eb-file-util.h"

static void
assert_dir_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

/* What the signer saves: some hundred KiB (once in test-pades-signer). */
static GBytes *
some_bytes (void)
{
  gsize len = 200 * 1024;
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = i * 7 + (i >> 8);
  return g_bytes_new_take (data, len);
}

static void
test_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signed_pdf = some_bytes ();
  g_autofree char *dir = g_dir_make_tmp ("eb-file-util-XXXXXX", &error);
  g_autofree char *path = NULL;
  struct rlimit saved, limit;

  g_assert_no_error (error);
  path = g_build_filename (dir, "imzali.pdf", NULL);

  /* A real write failure that root cannot bypass: the file size limit. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = g_bytes_get_size (signed_pdf) / 2;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (eb_file_write_atomically (signed_pdf, path, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  assert_dir_empty (dir);

  /* A directory that does not exist: a clear error, nothing left. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "yok", "imzali.pdf", NULL);

    g_assert_false (eb_file_write_atomically (signed_pdf, nowhere, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* With room again it is written whole. */
  g_assert_true (eb_file_write_atomically (signed_pdf, path, &error));
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpmem (contents, len, g_bytes_get_data (signed_pdf, NULL), g_bytes_get_size (signed_pdf));
  }

  g_assert_true (eb_remove_tree (dir, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-util/write-atomically/disk-full", test_disk_full);

  return g_test_run ();
}
