/* test-draft-autosave.c — drafts saved while typing: batching, ordering,
 * flush, restore, failures, and the security word never reaching the disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "eb-file-util.h"
#include "eb-draft-autosave.h"
#include "eb-turkish-text.h"

#define DELAY_MS     50
#define SECRET_WORD  "Gizli-Kelime-ÇĞŞ-42"
#define TCKN         "10000000146"

typedef struct
{
  char              *dir;
  char              *path;
  EbStore           *store;
  EbApplicationForm *form;
  EbDraftAutosave   *autosave;
  GPtrArray         *saved_keys;
  GPtrArray         *failures;
} Fixture;

static void
on_saved (EbDraftAutosave *autosave,
          const char      *person_key,
          Fixture         *f)
{
  g_ptr_array_add (f->saved_keys, g_strdup (person_key));
}

static void
on_failed (EbDraftAutosave *autosave,
           const GError    *error,
           Fixture         *f)
{
  g_ptr_array_add (f->failures, g_error_copy (error));
}

static void
connect_autosave (Fixture *f)
{
  f->autosave = eb_draft_autosave_new (f->store, f->form, DELAY_MS);
  g_signal_connect (f->autosave, "saved", G_CALLBACK (on_saved), f);
  g_signal_connect (f->autosave, "failed", G_CALLBACK (on_failed), f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("eb-test-autosave-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "eimza-basvuru.db", NULL);
  f->store = eb_store_open (f->path, &error);
  g_assert_no_error (error);
  f->form = eb_application_form_new ();
  f->saved_keys = g_ptr_array_new_with_free_func (g_free);
  f->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  connect_autosave (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->autosave);
  g_clear_object (&f->form);
  g_clear_object (&f->store);
  /* Let cancelled writes report back before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (eb_remove_tree (f->dir, NULL));
  g_free (f->dir);
  g_free (f->path);
  g_ptr_array_unref (f->saved_keys);
  g_ptr_array_unref (f->failures);
}

/* Main loop helpers: wait for events, never for fixed times, except to show
 * that nothing more happens. */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_for_count (GPtrArray *array,
                guint      count)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, set_flag, &timed_out);

  while (array->len < count && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static GVariant *
load (Fixture    *f,
      const char *person_key)
{
  g_autoptr(GError) error = NULL;
  GVariant *fields = eb_store_load_draft (f->store, person_key, &error);

  g_assert_no_error (error);
  return fields;
}

static void
assert_draft_value (GVariant   *fields,
                    EbFormField field,
                    const char *expected)
{
  const char *value = NULL;

  g_assert_nonnull (fields);
  g_assert_true (g_variant_lookup (fields, eb_application_form_get_field_name (field), "&s", &value));
  g_assert_cmpstr (value, ==, expected);
}

/* Another connection holding the write lock: the autosave's write then waits
 * inside the worker, which makes "a write is in flight" observable. */
static sqlite3 *
lock_database (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
unlock_database (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gboolean
unlock_database_cb (gpointer user_data)
{
  unlock_database (user_data);
  return G_SOURCE_REMOVE;
}

static void
fill_form (EbApplicationForm *form)
{
  eb_application_form_set_text (form, EB_FIELD_TCKN, TCKN);
  eb_application_form_set_text (form, EB_FIELD_FIRST_NAME, "Mehmet Ali");
  eb_application_form_set_text (form, EB_FIELD_LAST_NAME, "Yıldız");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_PLACE, "Bulanık");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_DATE, "24.11.1980");
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD, SECRET_WORD);
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD_REPEAT, SECRET_WORD);
  eb_application_form_set_text (form, EB_FIELD_INSTITUTION_NAME, "Bulanık Anadolu Lisesi");
  eb_application_form_set_text (form, EB_FIELD_REGISTRY_NO, "123456");
  eb_application_form_set_text (form, EB_FIELD_UNIT, "Bulanık İlçe Milli Eğitim Müdürlüğü");
  eb_application_form_set_text (form, EB_FIELD_JOB_TITLE, "Okul Müdürü");
  eb_application_form_set_text (form, EB_FIELD_DELIVERY_ADDRESS, "Cumhuriyet Mah. Okul Sk. No: 1");
  eb_application_form_set_province (form, 49);
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "Bulanık");
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49500");
  eb_application_form_set_text (form, EB_FIELD_EMAIL, "mehmet@meb.gov.tr");
  eb_application_form_set_text (form, EB_FIELD_WORK_PHONE, "4363112025");
  eb_application_form_set_text (form, EB_FIELD_WORK_PHONE_EXTENSION, "12");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_PHONE, "05321234567");
  eb_application_form_set_mobile_operator (form, EB_OPERATOR_VODAFONE);
  eb_application_form_set_text (form, EB_FIELD_HOME_PHONE, "4363110000");
  eb_application_form_set_reason (form, EB_REASON_RENEWAL);
  eb_application_form_set_info_channel (form, EB_INFO_CHANNEL_SMS);
}

/* Tests */

static void
test_batched (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GVariant) draft = NULL;

  g_assert_false (eb_draft_autosave_get_pending (f->autosave));

  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "M");
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "Me");
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "Meh");
  eb_application_form_set_text (f->form, EB_FIELD_LAST_NAME, "Yıldız");
  eb_application_form_set_text (f->form, EB_FIELD_UNIT, "Bulanık İlçe MEM");
  g_assert_true (eb_draft_autosave_get_pending (f->autosave));
  g_assert_cmpuint (f->saved_keys->len, ==, 0);

  wait_for_count (f->saved_keys, 1);
  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->saved_keys->len, ==, 1);
  g_assert_cmpuint (f->failures->len, ==, 0);
  g_assert_false (eb_draft_autosave_get_pending (f->autosave));

  /* No valid TCKN yet: the anonymous draft. */
  g_assert_cmpstr (f->saved_keys->pdata[0], ==, "");
  draft = load (f, "");
  assert_draft_value (draft, EB_FIELD_FIRST_NAME, "Meh");
  assert_draft_value (draft, EB_FIELD_LAST_NAME, "Yıldız");
  assert_draft_value (draft, EB_FIELD_UNIT, "Bulanık İlçe MEM");
  g_clear_pointer (&draft, g_variant_unref);

  /* Once the TCKN is valid the draft moves under it. */
  eb_application_form_set_text (f->form, EB_FIELD_TCKN, TCKN);
  wait_for_count (f->saved_keys, 2);
  g_assert_cmpstr (f->saved_keys->pdata[1], ==, TCKN);
  draft = load (f, TCKN);
  assert_draft_value (draft, EB_FIELD_FIRST_NAME, "Meh");
  g_clear_pointer (&draft, g_variant_unref);
  draft = load (f, "");
  g_assert_null (draft);
}

static void
test_secret_changes_do_not_save (Fixture       *f,
                                 gconstpointer  data)
{
  eb_application_form_set_text (f->form, EB_FIELD_SECURITY_WORD, SECRET_WORD);
  eb_application_form_set_text (f->form, EB_FIELD_SECURITY_WORD_REPEAT, SECRET_WORD);
  g_assert_false (eb_draft_autosave_get_pending (f->autosave));

  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);
}

static void
test_ordered (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GVariant) draft = NULL;
  sqlite3 *lock = lock_database (f->path);

  /* The first write starts and waits for the lock. */
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "first");
  spin (DELAY_MS * 3);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);
  g_assert_true (eb_draft_autosave_get_pending (f->autosave));

  /* Changes during it: their timer fires, but no second write may start. */
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "second");
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "third");
  spin (DELAY_MS * 3);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);

  unlock_database (lock);
  wait_for_count (f->saved_keys, 2);
  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->saved_keys->len, ==, 2);
  g_assert_cmpuint (f->failures->len, ==, 0);
  g_assert_false (eb_draft_autosave_get_pending (f->autosave));

  draft = load (f, "");
  assert_draft_value (draft, EB_FIELD_FIRST_NAME, "third");
}

static void
test_flush (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) draft = NULL;

  /* Nothing to do. */
  g_assert_true (eb_draft_autosave_flush (f->autosave, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);

  /* Pending changes are written before flush returns. */
  eb_application_form_set_text (f->form, EB_FIELD_JOB_TITLE, "Okul Müdürü");
  g_assert_true (eb_draft_autosave_flush (f->autosave, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->saved_keys->len, ==, 1);
  g_assert_false (eb_draft_autosave_get_pending (f->autosave));
  draft = load (f, "");
  assert_draft_value (draft, EB_FIELD_JOB_TITLE, "Okul Müdürü");
  g_clear_pointer (&draft, g_variant_unref);

  /* The timer was cancelled: no second write. */
  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->saved_keys->len, ==, 1);
}

static void
test_flush_waits_for_write (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) draft = NULL;
  sqlite3 *lock = lock_database (f->path);

  eb_application_form_set_text (f->form, EB_FIELD_UNIT, "older");
  spin (DELAY_MS * 3);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);
  eb_application_form_set_text (f->form, EB_FIELD_UNIT, "newer");

  /* flush() has to wait for the write of "older", then write "newer";
   * the lock is released from the main loop flush() iterates. */
  g_timeout_add (DELAY_MS * 2, unlock_database_cb, lock);
  g_assert_true (eb_draft_autosave_flush (f->autosave, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->saved_keys->len, ==, 2);

  draft = load (f, "");
  assert_draft_value (draft, EB_FIELD_UNIT, "newer");

  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->saved_keys->len, ==, 2);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbApplicationForm) restored = eb_application_form_new ();
  g_autoptr(GVariant) draft = NULL;
  g_autofree char *key = NULL;

  fill_form (f->form);
  g_assert_true (eb_draft_autosave_flush (f->autosave, &error));
  g_assert_no_error (error);

  g_clear_object (&f->autosave);
  g_clear_object (&f->store);
  f->store = eb_store_open (f->path, &error);
  g_assert_no_error (error);

  draft = eb_store_load_latest_draft (f->store, &key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TCKN);
  eb_application_form_deserialize (restored, draft);

  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      const char *name = eb_application_form_get_field_name (i);

      if (eb_application_form_field_is_secret (i))
        g_assert_cmpstr (eb_application_form_get_text (restored, i), ==, "");
      else if (g_strcmp0 (eb_application_form_get_text (restored, i),
                          eb_application_form_get_text (f->form, i)) != 0)
        g_error ("Field %s: restored “%s”, expected “%s”", name,
                 eb_application_form_get_text (restored, i),
                 eb_application_form_get_text (f->form, i));
    }
  g_assert_cmpuint (eb_application_form_get_province (restored), ==, 49);
  g_assert_cmpint (eb_application_form_get_mobile_operator (restored), ==, EB_OPERATOR_VODAFONE);
}

static gboolean
bytes_contain (GBytes     *haystack,
               const char *needle)
{
  gsize size;
  const char *data = g_bytes_get_data (haystack, &size);
  gsize length = strlen (needle);

  for (gsize i = 0; length <= size && i <= size - length; i++)
    if (memcmp (data + i, needle, length) == 0)
      return TRUE;

  return FALSE;
}

static guint
assert_secret_not_in_files (const char *db_path)
{
  g_autofree char *upper = eb_turkish_upper (SECRET_WORD);
  g_autofree char *upper_glib = g_utf8_strup (SECRET_WORD, -1);
  const char *needles[] = { SECRET_WORD, upper, upper_glib, "Gizli-Kelime", "GİZLİ-KELİME" };
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (contents, length);
      n_files++;

      for (guint j = 0; j < G_N_ELEMENTS (needles); j++)
        if (bytes_contain (bytes, needles[j]))
          g_error ("“%s” found in %s", needles[j], path);
    }

  return n_files;
}

static void
test_security_word_never_on_disk (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) draft = NULL;
  g_autoptr(GBytes) db_bytes = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  fill_form (f->form);
  wait_for_count (f->saved_keys, 1);
  /* More changes, some to the word itself, some after it. */
  eb_application_form_set_text (f->form, EB_FIELD_SECURITY_WORD, SECRET_WORD "x");
  eb_application_form_set_text (f->form, EB_FIELD_UNIT, "Bulanık İlçe MEM");
  eb_application_form_set_text (f->form, EB_FIELD_SECURITY_WORD, SECRET_WORD);
  eb_application_form_set_text (f->form, EB_FIELD_EMAIL, "mali@meb.gov.tr");
  g_assert_true (eb_draft_autosave_flush (f->autosave, &error));
  g_assert_no_error (error);

  draft = load (f, TCKN);
  assert_draft_value (draft, EB_FIELD_EMAIL, "mali@meb.gov.tr");
  g_assert_false (g_variant_lookup (draft, "security-word", "&s", NULL));
  g_assert_false (g_variant_lookup (draft, "security-word-repeat", "&s", NULL));

  /* While open, the drafts sit in the WAL... */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (assert_secret_not_in_files (f->path), >=, 2);

  /* ...and after closing, in the database file. */
  g_clear_object (&f->autosave);
  g_assert_true (eb_store_close (f->store, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  g_assert_cmpuint (assert_secret_not_in_files (f->path), >=, 1);

  /* The check itself works: the saved e-mail address is there. */
  {
    char *contents = NULL;
    gsize length = 0;

    g_file_get_contents (f->path, &contents, &length, &error);
    g_assert_no_error (error);
    db_bytes = g_bytes_new_take (contents, length);
  }
  g_assert_true (bytes_contain (db_bytes, "mali@meb.gov.tr"));

  /* In memory the word is still there for the portal. */
  g_assert_cmpstr (eb_application_form_get_text (f->form, EB_FIELD_SECURITY_WORD), ==, SECRET_WORD);
}

static void
test_failure_closed_store (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GError *failure;

  g_assert_true (eb_store_close (f->store, &error));

  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "Ayşe");
  eb_application_form_set_text (f->form, EB_FIELD_LAST_NAME, "Kaya");
  wait_for_count (f->failures, 1);
  failure = f->failures->pdata[0];
  g_assert_error (failure, EB_STORE_ERROR, EB_STORE_ERROR_CLOSED);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);

  /* Nothing is lost in memory, and the change is still pending. */
  g_assert_cmpstr (eb_application_form_get_text (f->form, EB_FIELD_FIRST_NAME), ==, "Ayşe");
  g_assert_cmpstr (eb_application_form_get_text (f->form, EB_FIELD_LAST_NAME), ==, "Kaya");
  g_assert_true (eb_draft_autosave_get_pending (f->autosave));

  /* Not retried in a loop... */
  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->failures->len, ==, 1);

  /* ...but by flush, which reports it too. */
  g_assert_false (eb_draft_autosave_flush (f->autosave, &error));
  g_assert_error (error, EB_STORE_ERROR, EB_STORE_ERROR_CLOSED);
  g_assert_cmpuint (f->failures->len, ==, 2);
  g_assert_true (eb_draft_autosave_get_pending (f->autosave));
}

static void
test_failure_disk_full (Fixture       *f,
                        gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *big = g_strnfill (1024 * 1024, 'a');
      struct rlimit limit = { 256 * 1024, 256 * 1024 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) draft = NULL;
      GError *failure;

      eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "Ayşe");
      g_assert_true (eb_draft_autosave_flush (f->autosave, &error));
      g_assert_no_error (error);

      /* A real write failure that root cannot bypass: the file size limit. */
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      eb_application_form_set_text (f->form, EB_FIELD_DELIVERY_ADDRESS, big);
      wait_for_count (f->failures, 1);
      failure = f->failures->pdata[0];
      g_assert_error (failure, EB_STORE_ERROR, EB_STORE_ERROR_FULL);
      g_assert_cmpstr (eb_application_form_get_text (f->form, EB_FIELD_DELIVERY_ADDRESS), ==, big);
      g_assert_true (eb_draft_autosave_get_pending (f->autosave));

      /* The previous draft is intact. */
      draft = load (f, "");
      assert_draft_value (draft, EB_FIELD_FIRST_NAME, "Ayşe");
      assert_draft_value (draft, EB_FIELD_DELIVERY_ADDRESS, "");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_dispose_during_write (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GVariant) draft = NULL;
  sqlite3 *lock = lock_database (f->path);

  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "Ali");
  spin (DELAY_MS * 3);

  /* The write still runs to its end; its callback must not touch the
   * finalized object (ASan would tell). */
  g_clear_object (&f->autosave);
  unlock_database (lock);
  spin (DELAY_MS * 4);
  g_assert_cmpuint (f->saved_keys->len, ==, 0);

  /* Later changes are no longer followed. */
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "Veli");
  spin (DELAY_MS * 4);
  draft = load (f, "");
  assert_draft_value (draft, EB_FIELD_FIRST_NAME, "Ali");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/draft-autosave/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("batched", test_batched);
  ADD ("secret-changes-do-not-save", test_secret_changes_do_not_save);
  ADD ("ordered", test_ordered);
  ADD ("flush", test_flush);
  ADD ("flush-waits-for-write", test_flush_waits_for_write);
  ADD ("restore", test_restore);
  ADD ("security-word-never-on-disk", test_security_word_never_on_disk);
  ADD ("failure/closed-store", test_failure_closed_store);
  ADD ("failure/disk-full", test_failure_disk_full);
  ADD ("dispose-during-write", test_dispose_during_write);

#undef ADD

  return g_test_run ();
}
