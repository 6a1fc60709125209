/* test-store.c — the SQLite store: schema migrations, damaged and foreign
 * files, drafts, application history, failures, threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "eb-store.h"

#define LATEST_SCHEMA 3

/* Version 1 as it shipped; kept here verbatim so the migration from it stays tested. */
#define SCHEMA_V1_SQL \
  "CREATE TABLE drafts ("                        \
  "  person_key TEXT PRIMARY KEY NOT NULL,"      \
  "  fields TEXT NOT NULL,"                      \
  "  created_at INTEGER NOT NULL,"               \
  "  updated_at INTEGER NOT NULL"                \
  ");"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
remove_tree (const char *path)
{
  GStatBuf buf;

  if (g_lstat (path, &buf) != 0)
    return;

  if (S_ISDIR (buf.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("eb-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "eimza-basvuru.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Helpers */

static GVariant *
dict (const char *first_key,
      ...)
{
  GVariantBuilder builder;
  va_list args;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_variant_builder_add (&builder, "{ss}", key, va_arg (args, const char *));
  va_end (args);

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static void
assert_dict_equal (GVariant *a,
                   GVariant *b)
{
  g_autofree char *a_text = g_variant_print (a, TRUE);
  g_autofree char *b_text = g_variant_print (b, TRUE);

  g_assert_cmpstr (a_text, ==, b_text);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* Main files only, not their -wal, -shm companions. */
static guint
count_moved_aside (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".corrupt-") != NULL && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm") && !g_str_has_suffix (name, "-journal"))
      n++;

  return n;
}

static void
fill_store (const char *path,
            guint       n_drafts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (path, &error);
  g_autofree char *filler = g_strnfill (3000, 'x');

  g_assert_no_error (error);
  for (guint i = 0; i < n_drafts; i++)
    {
      g_autofree char *key = g_strdup_printf ("person-%u", i);
      g_autoptr(GVariant) fields = dict ("unit", filler, "first-name", key, NULL);

      g_assert_true (eb_store_save_draft (store, key, fields, &error));
      g_assert_no_error (error);
    }
}

/* Tests */

static void
test_create_reopen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) fields = dict ("first-name", "Ayşe", "last-name", "Yılmaz", NULL);
  g_autoptr(GVariant) loaded = NULL;
  EbStore *store;
  GStatBuf buf;

  store = eb_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (eb_store_get_schema_version (store), ==, LATEST_SCHEMA);
  g_assert_cmpstr (eb_store_get_path (store), ==, f->path);
  g_assert_null (eb_store_get_moved_aside_path (store));
  g_assert_true (eb_store_save_draft (store, "10000000146", fields, &error));
  g_assert_no_error (error);
  g_object_unref (store);

  /* Personal data: only the owner may read it. */
  g_assert_cmpint (g_stat (f->path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  store = eb_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (eb_store_get_schema_version (store), ==, LATEST_SCHEMA);
  g_assert_null (eb_store_get_moved_aside_path (store));
  loaded = eb_store_load_draft (store, "10000000146", &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_dict_equal (loaded, fields);

  {
    sqlite3 *db = raw_open (f->path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, LATEST_SCHEMA);
    sqlite3_close (db);
  }

  g_object_unref (store);
}

static void
test_default_path (void)
{
  g_autofree char *path = eb_store_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *expected = g_build_filename (g_getenv ("XDG_DATA_HOME"), "eimza-basvuru",
                                                "eimza-basvuru.db", NULL);
  GStatBuf buf;

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpint (g_stat (dir, &buf), ==, 0);
  g_assert_true (S_ISDIR (buf.st_mode));
  g_assert_cmpint (buf.st_mode & 0777, ==, 0700);
}

static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = NULL;
  g_autoptr(GVariant) loaded = NULL;
  g_autoptr(GVariant) expected = dict ("first-name", "Çağrı", "tckn", "10000000146", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *key = NULL;
  sqlite3 *db;

  db = raw_open (f->path);
  raw_exec (db, SCHEMA_V1_SQL);
  raw_exec (db, "PRAGMA user_version = 1");
  raw_exec (db, "INSERT INTO drafts VALUES ('10000000146', "
                "'{''first-name'': ''Çağrı'', ''tckn'': ''10000000146''}', 1, 2)");
  sqlite3_close (db);

  store = eb_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (eb_store_get_schema_version (store), ==, LATEST_SCHEMA);
  g_assert_null (eb_store_get_moved_aside_path (store));

  loaded = eb_store_load_latest_draft (store, &key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "10000000146");
  assert_dict_equal (loaded, expected);

  /* The tables of version 2 are usable. */
  g_assert_cmpint (eb_store_add_application (store, "10000000146", "A-1", "wet", "form_saved",
                                             NULL, &error), >, 0);
  g_assert_no_error (error);
  records = eb_store_list_applications (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
}

static void
test_schema_too_new (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  EbStore *store;
  sqlite3 *db;

  db = raw_open (f->path);
  raw_exec (db, "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future')");
  raw_exec (db, "PRAGMA user_version = 999");
  sqlite3_close (db);
  before = read_bytes (f->path);

  store = eb_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_SCHEMA_TOO_NEW);

  after = read_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_moved_aside (f->dir), ==, 0);
}

static void
test_garbage_moved_aside (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) moved_bytes = NULL;
  g_autoptr(GBytes) moved_wal_bytes = NULL;
  g_autoptr(GVariant) fields = dict ("unit", "Bulanık İlçe MEM", NULL);
  g_autoptr(GVariant) loaded = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *moved_wal = NULL;
  guint8 garbage[8192];
  guint n_moved;
  const char *moved;

  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);
  memcpy (garbage, "definitely not!", 16);
  write_bytes (f->path, garbage, sizeof garbage);
  write_bytes (wal, "stale wal", 9);

  store = eb_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  moved = eb_store_get_moved_aside_path (store);
  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, f->path));
  g_assert_true (g_regex_match_simple ("\\.db\\.corrupt-[0-9]{8}-[0-9]{6}$", moved, 0, 0));

  /* The old bytes are kept, under the new name, with their companion file. */
  moved_bytes = read_bytes (moved);
  g_assert_cmpmem (g_bytes_get_data (moved_bytes, NULL), g_bytes_get_size (moved_bytes),
                   garbage, sizeof garbage);
  moved_wal = g_strconcat (moved, "-wal", NULL);
  moved_wal_bytes = read_bytes (moved_wal);
  g_assert_cmpmem (g_bytes_get_data (moved_wal_bytes, NULL), g_bytes_get_size (moved_wal_bytes),
                   "stale wal", 9);
  n_moved = count_moved_aside (f->dir);
  g_assert_cmpuint (n_moved, ==, 1);

  /* The new store works. */
  g_assert_cmpint (eb_store_get_schema_version (store), ==, LATEST_SCHEMA);
  g_assert_true (eb_store_save_draft (store, "", fields, &error));
  g_assert_no_error (error);
  loaded = eb_store_load_draft (store, "", &error);
  g_assert_no_error (error);
  assert_dict_equal (loaded, fields);
  g_clear_object (&store);

  /* Reopening the healthy store moves nothing. */
  store = eb_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_null (eb_store_get_moved_aside_path (store));
  g_assert_cmpuint (count_moved_aside (f->dir), ==, n_moved);
}

static void
test_damaged_moved_aside (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) good = NULL;
  gsize size;
  const guint8 *bytes;

  fill_store (f->path, 40);
  good = read_bytes (f->path);
  bytes = g_bytes_get_data (good, &size);
  g_assert_cmpuint (size, >, 16 * 4096);

  /* Cut at a page boundary, inside a page, inside the header; and a page
   * overwritten in the middle with the header intact. */
  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbStore) store = NULL;
      g_autoptr(GBytes) moved_bytes = NULL;
      g_autoptr(GVariant) latest = NULL;
      g_autofree guint8 *damaged = g_memdup2 (bytes, size);
      gsize length = size;

      switch (round)
        {
        case 0: length = size / 2 / 4096 * 4096; break;
        case 1: length = size / 2 + 123; break;
        case 2: length = 4096 + 100; break;
        case 3: length = 60; break;
        case 4: memset (damaged + 3 * 4096, 0xa5, 4096); break;
        default: g_assert_not_reached ();
        }
      g_test_message ("damage round %u: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                      round, length, size);
      write_bytes (f->path, damaged, length);

      store = eb_store_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (eb_store_get_moved_aside_path (store));
      moved_bytes = read_bytes (eb_store_get_moved_aside_path (store));
      g_assert_cmpmem (g_bytes_get_data (moved_bytes, NULL), g_bytes_get_size (moved_bytes),
                       damaged, length);

      /* A fresh, empty, working store. */
      latest = eb_store_load_latest_draft (store, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (latest);
      g_assert_cmpint (eb_store_get_schema_version (store), ==, LATEST_SCHEMA);
      g_assert_cmpuint (count_moved_aside (f->dir), ==, round + 1);
    }
}

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  g_autoptr(GVariant) anonymous = dict ("first-name", "Ali", NULL);
  g_autoptr(GVariant) keyed = dict ("first-name", "Ali", "tckn", "10000000146", NULL);
  g_autoptr(GVariant) other = dict ("first-name", "Zeynep", "note", "it's \"quoted\" \\ ünicode", NULL);
  g_autoptr(GVariant) empty = dict (NULL);
  g_autoptr(GVariant) loaded = NULL;
  g_autofree char *key = NULL;
  sqlite3 *db;

  g_assert_no_error (error);

  /* Nothing yet: NULL without an error. */
  loaded = eb_store_load_draft (store, "", &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  loaded = eb_store_load_latest_draft (store, &key, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  g_assert_null (key);

  /* The anonymous draft, before the TCKN is known. */
  g_assert_true (eb_store_save_draft (store, "", anonymous, &error));
  g_assert_no_error (error);
  loaded = eb_store_load_latest_draft (store, &key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "");
  assert_dict_equal (loaded, anonymous);
  g_clear_pointer (&loaded, g_variant_unref);
  g_clear_pointer (&key, g_free);

  /* Saving under the TCKN replaces it. */
  g_assert_true (eb_store_save_draft (store, "10000000146", keyed, &error));
  g_assert_no_error (error);
  loaded = eb_store_load_draft (store, "", &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  loaded = eb_store_load_latest_draft (store, &key, &error);
  g_assert_cmpstr (key, ==, "10000000146");
  assert_dict_equal (loaded, keyed);
  g_clear_pointer (&loaded, g_variant_unref);
  g_clear_pointer (&key, g_free);

  /* A second person; then the first again is the latest. Text that needs
   * escaping and floating references both round-trip. */
  g_assert_true (eb_store_save_draft (store, "12345678950", other, &error));
  g_assert_true (eb_store_save_draft (store, "10000000146",
                                      g_variant_new_parsed ("{'first-name': 'Veli'}"), &error));
  g_assert_no_error (error);
  loaded = eb_store_load_latest_draft (store, &key, &error);
  g_assert_cmpstr (key, ==, "10000000146");
  {
    const char *name = NULL;

    g_assert_true (g_variant_lookup (loaded, "first-name", "&s", &name));
    g_assert_cmpstr (name, ==, "Veli");
  }
  g_clear_pointer (&loaded, g_variant_unref);
  g_clear_pointer (&key, g_free);
  loaded = eb_store_load_draft (store, "12345678950", &error);
  g_assert_no_error (error);
  assert_dict_equal (loaded, other);
  g_clear_pointer (&loaded, g_variant_unref);

  /* An upsert keeps created_at. */
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT created_at < updated_at FROM drafts"
                                " WHERE person_key = '10000000146'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM drafts"), ==, 2);
  sqlite3_close (db);

  /* An empty form is a draft too. */
  g_assert_true (eb_store_save_draft (store, "", empty, &error));
  loaded = eb_store_load_draft (store, "", &error);
  g_assert_no_error (error);
  assert_dict_equal (loaded, empty);
  g_clear_pointer (&loaded, g_variant_unref);

  /* Delete; deleting what is not there succeeds. */
  g_assert_true (eb_store_delete_draft (store, "10000000146", &error));
  g_assert_true (eb_store_delete_draft (store, "10000000146", &error));
  g_assert_no_error (error);
  loaded = eb_store_load_draft (store, "10000000146", &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  loaded = eb_store_load_latest_draft (store, &key, &error);
  g_assert_cmpstr (key, ==, "");
  g_clear_pointer (&loaded, g_variant_unref);
  g_clear_pointer (&key, g_free);
}

static void
test_bad_stored_draft (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  g_autoptr(GVariant) loaded = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = raw_open (f->path);
  raw_exec (db, "INSERT INTO drafts VALUES ('x', '{''a'': 42}', 1, 1)");
  sqlite3_close (db);

  loaded = eb_store_load_draft (store, "x", &error);
  g_assert_null (loaded);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_INVALID_DATA);
}

/* Yöntem 1: the issued form is kept to print again, and the ticks of the
 * three copies survive closing the store. */
static void
test_document_and_checklist (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  static const char pdf[] = "%PDF-1.5\n\0binary\xff\n%%EOF\n";
  g_autoptr(GBytes) document = g_bytes_new_static (pdf, sizeof pdf);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GPtrArray) all = NULL;
  EbApplicationRecord *record;
  gint64 id;

  g_assert_no_error (error);
  id = eb_store_add_application (store, "10000000146", "MEB-2026-000001", "wet", "method_chosen",
                                 NULL, &error);
  g_assert_no_error (error);

  /* Nothing kept yet. */
  g_assert_null (eb_store_load_application_document (store, id, &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (eb_store_save_application_document (store, id, document, &error));
  g_assert_no_error (error);
  g_assert_true (eb_store_set_application_checklist (store, id,
                                                     EB_CHECKLIST_MAILED | EB_CHECKLIST_KEPT, &error));
  g_assert_no_error (error);
  g_assert_false (eb_store_set_application_checklist (store, id + 100, EB_CHECKLIST_KEPT, &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (eb_store_close (store, &error));
  g_clear_object (&store);
  store = eb_store_open (f->path, &error);
  g_assert_no_error (error);

  /* Byte for byte, NULs included. */
  loaded = eb_store_load_application_document (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, document));

  all = eb_store_list_applications (store, NULL, &error);
  g_assert_no_error (error);
  record = all->pdata[0];
  g_assert_true (record->has_document);
  g_assert_cmpuint (record->checklist, ==, EB_CHECKLIST_MAILED | EB_CHECKLIST_KEPT);
}

static void
test_applications (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  g_autoptr(GVariant) summary = dict ("first-name", "Ayşe", "reason", "renewal", NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  EbApplicationRecord *record;
  gint64 first, second, third;
  sqlite3 *db;

  g_assert_no_error (error);

  first = eb_store_add_application (store, "10000000146", "2026-000001", "wet", "form_issued",
                                    summary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);
  second = eb_store_add_application (store, "12345678950", NULL, NULL, "form_saved", NULL, &error);
  g_assert_no_error (error);
  third = eb_store_add_application (store, "10000000146", "2026-000002", "esign",
                                    "signature_verified", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (third, >, second);

  g_assert_true (eb_store_update_application_state (store, first, "awaiting_approval", NULL, &error));
  g_assert_true (eb_store_update_application_state (store, first, "rejected",
                                                    "İmza sirküsü eksik", &error));
  g_assert_no_error (error);

  /* Unknown id; duplicate application number. */
  g_assert_false (eb_store_update_application_state (store, 9999, "approved", NULL, &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (eb_store_add_application (store, "10000000146", "2026-000001", "wet",
                                             "form_issued", NULL, &error), ==, 0);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  all = eb_store_list_applications (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  /* Newest first. */
  g_assert_cmpint (((EbApplicationRecord *) all->pdata[0])->id, ==, third);
  g_assert_cmpint (((EbApplicationRecord *) all->pdata[2])->id, ==, first);

  record = all->pdata[2];
  g_assert_cmpstr (record->person_key, ==, "10000000146");
  g_assert_cmpstr (record->application_no, ==, "2026-000001");
  g_assert_cmpstr (record->method, ==, "wet");
  g_assert_cmpstr (record->state, ==, "rejected");
  assert_dict_equal (record->summary, summary);
  g_assert_cmpint (record->updated_at, >, record->created_at);

  record = all->pdata[1];
  g_assert_cmpint (record->id, ==, second);
  g_assert_null (record->application_no);
  g_assert_null (record->method);
  g_assert_cmpuint (g_variant_n_children (record->summary), ==, 0);
  g_assert_true (g_variant_is_of_type (record->summary, G_VARIANT_TYPE ("a{ss}")));

  mine = eb_store_list_applications (store, "10000000146", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpstr (((EbApplicationRecord *) mine->pdata[i])->person_key, ==, "10000000146");

  /* Records are boxed and outlive their array. */
  {
    g_autoptr(EbApplicationRecord) kept = eb_application_record_ref (mine->pdata[0]);
    EbApplicationRecord *copy;

    g_clear_pointer (&mine, g_ptr_array_unref);
    g_assert_cmpint (kept->id, ==, third);
    copy = g_boxed_copy (EB_TYPE_APPLICATION_RECORD, kept);
    g_assert_true (copy == kept);
    g_boxed_free (EB_TYPE_APPLICATION_RECORD, copy);
  }

  /* Every state is an event, in order, with its note. */
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM application_events"), ==, 5);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM application_events"
                                            " WHERE application_id = %" G_GINT64_FORMAT, first);
    sqlite3_stmt *stmt = NULL;
    const char *expected[][2] = {
      { "form_issued", NULL },
      { "awaiting_approval", NULL },
      { "rejected", "İmza sirküsü eksik" },
    };
    guint n = 0;

    g_assert_cmpint (raw_int (db, sql), ==, 3);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT state, note FROM application_events"
                                             " WHERE application_id = ?1 ORDER BY at, id",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, first);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected[n][0]);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, expected[n][1]);
        n++;
      }
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
    sqlite3_finalize (stmt);
  }
  /* The foreign key holds. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  sqlite3_close (db);
}

static void
test_hostile_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  const char *nasty = "x'); DROP TABLE drafts; --";
  g_autoptr(GVariant) fields = dict (nasty, nasty, NULL);
  g_autoptr(GVariant) loaded = NULL;
  g_autoptr(GPtrArray) records = NULL;

  g_assert_no_error (error);
  g_assert_true (eb_store_save_draft (store, nasty, fields, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eb_store_add_application (store, nasty, nasty, nasty, nasty, fields, &error), >, 0);
  g_assert_no_error (error);

  loaded = eb_store_load_draft (store, nasty, &error);
  g_assert_no_error (error);
  assert_dict_equal (loaded, fields);
  records = eb_store_list_applications (store, nasty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((EbApplicationRecord *) records->pdata[0])->application_no, ==, nasty);
}

static void
check_read_only (const char *dir)
{
  g_autofree char *in_locked = g_build_filename (dir, "locked", "eimza-basvuru.db", NULL);
  g_autofree char *read_only_db = g_build_filename (dir, "read-only.db", NULL);
  g_autoptr(GBytes) before = read_bytes (read_only_db);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  EbStore *store;

  /* A folder we may not write into. */
  store = eb_store_open (in_locked, &error);
  g_assert_null (store);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* A database file we may read but not write: refused, not opened read-only. */
  store = eb_store_open (read_only_db, &error);
  g_assert_null (store);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_READ_ONLY);
  after = read_bytes (read_only_db);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_moved_aside (dir), ==, 0);
}

static void
test_permissions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *read_only_db = NULL;

  if (g_test_subprocess ())
    {
      /* Root ignores mode bits: drop to "nobody" so they apply. */
      if (geteuid () == 0)
        {
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      check_read_only (g_getenv ("EB_TEST_STORE_DIR"));
      return;
    }

  dir = g_dir_make_tmp ("eb-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  locked = g_build_filename (dir, "locked", NULL);
  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  read_only_db = g_build_filename (dir, "read-only.db", NULL);
  fill_store (read_only_db, 1);
  g_assert_cmpint (g_chmod (read_only_db, 0444), ==, 0);

  g_setenv ("EB_TEST_STORE_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("EB_TEST_STORE_DIR");

  remove_tree (dir);
}

static void
test_not_a_folder (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *plain_file = g_build_filename (f->dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (plain_file, "eimza-basvuru.db", NULL);
  g_autofree char *dir_as_db = g_build_filename (f->dir, "dir.db", NULL);
  g_autoptr(GError) error = NULL;
  EbStore *store;

  /* Failures no user, root included, can bypass. A folder that is a regular file: */
  write_bytes (plain_file, "x", 1);
  store = eb_store_open (under_file, &error);
  g_assert_null (store);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOTDIR)));
  g_clear_error (&error);

  /* A database path that is a folder, which SQLite itself fails to open: */
  g_assert_cmpint (g_mkdir (dir_as_db, 0700), ==, 0);
  store = eb_store_open (dir_as_db, &error);
  g_assert_null (store);
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_IO);
  g_clear_error (&error);

  g_assert_cmpuint (count_moved_aside (f->dir), ==, 0);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbStore) store = eb_store_open (f->path, &error);
      g_autofree char *big = g_strnfill (1024 * 1024, 'b');
      g_autoptr(GVariant) small = dict ("first-name", "Ali", NULL);
      g_autoptr(GVariant) huge = dict ("delivery-address", big, NULL);
      g_autoptr(GVariant) loaded = NULL;
      struct rlimit limit = { 256 * 1024, 256 * 1024 };

      g_assert_no_error (error);
      g_assert_true (eb_store_save_draft (store, "", small, &error));
      g_assert_no_error (error);

      /* A real write failure that root cannot bypass: the file size limit. */
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (eb_store_save_draft (store, "10000000146", huge, &error));
      g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_FULL);
      g_clear_error (&error);

      /* Nothing half-written: the earlier draft is intact and still the latest. */
      loaded = eb_store_load_latest_draft (store, NULL, &error);
      g_assert_no_error (error);
      assert_dict_equal (loaded, small);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  g_autoptr(GVariant) fields = dict ("first-name", "Ali", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_no_error (error);
  g_assert_true (eb_store_save_draft (store, "", fields, &error));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_true (eb_store_close (store, &error));
  g_assert_no_error (error);
  g_assert_true (eb_store_close (store, &error));
  /* The WAL was merged into the database. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_false (eb_store_save_draft (store, "", fields, &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_null (eb_store_load_draft (store, "", &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_null (eb_store_list_applications (store, NULL, &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_CLOSED);
}

#define N_THREADS     4
#define N_ROUNDS      50

typedef struct
{
  EbStore *store;
  guint    n;
} ThreadData;

static gpointer
save_from_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autofree char *key = g_strdup_printf ("person-%u", data->n);

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = g_strdup_printf ("%u-%u", data->n, i);
      g_autoptr(GVariant) fields = dict ("first-name", value, NULL);
      g_autoptr(GVariant) shared = dict ("last-name", value, NULL);
      g_autoptr(GVariant) loaded = NULL;
      g_autoptr(GPtrArray) records = NULL;

      g_assert_true (eb_store_save_draft (data->store, key, fields, &error));
      g_assert_no_error (error);
      g_assert_true (eb_store_save_draft (data->store, "shared", shared, &error));
      g_assert_no_error (error);
      loaded = eb_store_load_draft (data->store, key, &error);
      g_assert_no_error (error);
      assert_dict_equal (loaded, fields);
      if (i % 10 == 0)
        {
          g_assert_cmpint (eb_store_add_application (data->store, key, NULL, NULL, "form_saved",
                                                     fields, &error), >, 0);
          records = eb_store_list_applications (data->store, key, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (records->len, ==, i / 10 + 1);
        }
    }

  return NULL;
}

static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  ThreadData thread_data[N_THREADS];
  GThread *threads[N_THREADS];

  g_assert_no_error (error);

  for (guint i = 0; i < N_THREADS; i++)
    {
      thread_data[i] = (ThreadData) { store, i };
      threads[i] = g_thread_new ("saver", save_from_thread, &thread_data[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_THREADS; i++)
    {
      g_autofree char *key = g_strdup_printf ("person-%u", i);
      g_autofree char *value = g_strdup_printf ("%u-%u", i, N_ROUNDS - 1);
      g_autoptr(GVariant) expected = dict ("first-name", value, NULL);
      g_autoptr(GVariant) loaded = eb_store_load_draft (store, key, &error);

      g_assert_no_error (error);
      assert_dict_equal (loaded, expected);
    }
  {
    g_autoptr(GPtrArray) records = eb_store_list_applications (store, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, N_THREADS * (N_ROUNDS / 10));
  }
}

typedef struct
{
  gboolean  done;
  GError   *error;
} AsyncResult;

static void
on_saved_async (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *outcome = user_data;
  gboolean ok = eb_store_save_draft_finish (EB_STORE (source), result, &outcome->error);

  g_assert_true (ok == (outcome->error == NULL));
  outcome->done = TRUE;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbStore) store = eb_store_open (f->path, &error);
  g_autoptr(GVariant) fields = dict ("first-name", "Ali", NULL);
  g_autoptr(GVariant) loaded = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult outcome = { FALSE, NULL };

  g_assert_no_error (error);

  eb_store_save_draft_async (store, "10000000146", fields, NULL, on_saved_async, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  loaded = eb_store_load_draft (store, "10000000146", &error);
  g_assert_no_error (error);
  assert_dict_equal (loaded, fields);

  /* Cancelled before it starts: nothing is written. */
  outcome.done = FALSE;
  g_cancellable_cancel (cancellable);
  eb_store_save_draft_async (store, "12345678950", fields, cancellable, on_saved_async, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  g_clear_pointer (&loaded, g_variant_unref);
  loaded = eb_store_load_draft (store, "12345678950", &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* A private XDG_DATA_HOME, set before GLib first reads it. Not
   * G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks its strings, failing ASan. */
  if (!g_test_subprocess ())
    {
      data_home = g_dir_make_tmp ("eb-test-store-data-XXXXXX", NULL);
      g_assert_nonnull (data_home);
      g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    }

#define ADD(path, func) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("create-reopen", test_create_reopen);
  g_test_add_func ("/store/default-path", test_default_path);
  ADD ("migrate-from-v1", test_migrate_from_v1);
  ADD ("schema-too-new", test_schema_too_new);
  ADD ("garbage-moved-aside", test_garbage_moved_aside);
  ADD ("damaged-moved-aside", test_damaged_moved_aside);
  ADD ("drafts", test_drafts);
  ADD ("bad-stored-draft", test_bad_stored_draft);
  ADD ("applications", test_applications);
  ADD ("document-and-checklist", test_document_and_checklist);
  ADD ("hostile-input", test_hostile_input);
  g_test_add_func ("/store/unwritable/permissions", test_permissions);
  ADD ("unwritable/not-a-folder", test_not_a_folder);
  ADD ("disk-full", test_disk_full);
  ADD ("closed", test_closed);
  ADD ("threads", test_threads);
  ADD ("async", test_async);

#undef ADD

  status = g_test_run ();
  if (data_home != NULL)
    remove_tree (data_home);

  return status;
}
