/* eb-store.c — the local SQLite store: drafts and the history of applications
 *
 * One connection per store, guarded by a mutex, so every call may come from
 * any thread; the UI thread uses the _async variants. A database that cannot
 * be read is moved aside and replaced by an empty one rather than stopping
 * the app, because a draft is worth less than being able to apply at all; a
 * database from a newer version of the app is left alone instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "eb-sqlite.h"
#include "eb-store.h"

#define APP_DIR_NAME    "eimza-basvuru"
#define DB_FILE_NAME    "eimza-basvuru.db"

/* Entry i takes the schema from user_version i to i + 1. Shipped entries are
 * frozen: change the schema by appending one. */
static const char *const migrations[] = {
  /* 1: drafts, one per person; "" is the draft made before the TCKN is known */
  "CREATE TABLE drafts ("
  "  person_key TEXT PRIMARY KEY NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");",

  /* 2: the history of applications sent, and their state changes */
  "CREATE TABLE applications ("
  "  id INTEGER PRIMARY KEY,"
  "  person_key TEXT NOT NULL,"
  "  application_no TEXT UNIQUE,"
  "  method TEXT,"
  "  state TEXT NOT NULL,"
  "  summary TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX applications_person_key ON applications (person_key, created_at);"
  "CREATE TABLE application_events ("
  "  id INTEGER PRIMARY KEY,"
  "  application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  note TEXT"
  ");"
  "CREATE INDEX application_events_application_id ON application_events (application_id, at);",

  /* 3: the form as the portal issued it (to print again), and the Yöntem 1
   * checklist of the three copies (EbChecklistItem flags) */
  "ALTER TABLE applications ADD COLUMN document BLOB; ALTER TABLE applications ADD COLUMN checklist INTEGER NOT NULL DEFAULT 0;",
};

/* The shared SQLite helper reports in the store's own domain. */
static const int store_error_codes[EB_SQLITE_N_ERRORS] = {
  [EB_SQLITE_ERROR_FAILED] = EB_STORE_ERROR_FAILED,
  [EB_SQLITE_ERROR_IO] = EB_STORE_ERROR_IO,
  [EB_SQLITE_ERROR_READ_ONLY] = EB_STORE_ERROR_READ_ONLY,
  [EB_SQLITE_ERROR_FULL] = EB_STORE_ERROR_FULL,
  [EB_SQLITE_ERROR_BUSY] = EB_STORE_ERROR_BUSY,
  [EB_SQLITE_ERROR_CORRUPT] = EB_STORE_ERROR_CORRUPT,
  [EB_SQLITE_ERROR_SCHEMA_TOO_NEW] = EB_STORE_ERROR_SCHEMA_TOO_NEW,
  [EB_SQLITE_ERROR_EXISTS] = EB_STORE_ERROR_EXISTS,
};

static const EbSqliteSchema store_schema = {
  .migrations = migrations,
  .n_migrations = G_N_ELEMENTS (migrations),
  .error_quark = eb_store_error_quark,
  .error_codes = store_error_codes,
};

struct _EbStore
{
  GObject parent_instance;

  GMutex    mutex;      /* guards db and last_timestamp */
  EbSqlite *db;         /* NULL once closed */
  gint64    last_timestamp;

  char     *path;
  char     *moved_aside_path;
  int       schema_version;
};

G_DEFINE_FINAL_TYPE (EbStore, eb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (eb-store-error-quark, eb_store_error)

static gint64
next_timestamp (EbStore *self)
{
  /* Strictly increasing, so "latest" is well defined even within a microsecond. */
  self->last_timestamp = MAX (g_get_real_time (), self->last_timestamp + 1);
  return self->last_timestamp;
}

static GVariant *
parse_dict (const char  *text,
            const char  *what,
            GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  GVariant *value;

  if (text == NULL)
    return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{ss}"), NULL, 0));

  value = g_variant_parse (G_VARIANT_TYPE ("a{ss}"), text, NULL, NULL, &parse_error);
  if (value == NULL)
    g_set_error (error, EB_STORE_ERROR, EB_STORE_ERROR_INVALID_DATA,
                 "%s cannot be read: %s", what, parse_error->message);

  return value;
}

/* Opening */

static gboolean
path_exists (const char *path)
{
  GStatBuf buf;

  return g_lstat (path, &buf) == 0;
}

/* Returns the new name of the main file. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  static const char *const companions[] = { "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  int saved_errno;

  /* A second failure within the same second must not overwrite the first copy. */
  for (guint i = 1; path_exists (target); i++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
    }

  if (g_rename (path, target) != 0)
    {
      saved_errno = errno;
      eb_sqlite_set_error_code (&store_schema, error,
                                eb_sqlite_error_from_errno (saved_errno, EB_SQLITE_ERROR_IO),
                                "Could not move the damaged database “%s” aside: %s",
                                path, g_strerror (saved_errno));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (target, companions[i], NULL);

      if (!path_exists (from))
        continue;

      /* A journal left next to the new database would be replayed into it. */
      if (g_rename (from, to) != 0 && g_unlink (from) != 0)
        {
          saved_errno = errno;
          eb_sqlite_set_error_code (&store_schema, error,
                                    eb_sqlite_error_from_errno (saved_errno, EB_SQLITE_ERROR_IO),
                                    "Could not move “%s” aside: %s", from, g_strerror (saved_errno));
          return NULL;
        }
    }

  return g_steal_pointer (&target);
}

/**
 * eb_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/eimza-basvuru/eimza-basvuru.db`;
 *   the folder is created (mode 0700) if missing
 */
char *
eb_store_dup_default_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), APP_DIR_NAME, NULL);

  /* A failure here comes back as a precise error from eb_store_open(). */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Could not create %s: %s", dir, g_strerror (errno));

  return g_build_filename (dir, DB_FILE_NAME, NULL);
}

/**
 * eb_store_open:
 * @path: the database file; created if missing
 *
 * Opens the store and brings its schema up to date. A file that is not a
 * readable database is renamed to `<path>.corrupt-YYYYMMDD-HHMMSS` (with its
 * -wal, -shm and -journal files) and a new one is started; see
 * eb_store_get_moved_aside_path().
 *
 * Returns: (transfer full): the store, or %NULL with @error set in the
 *   %EB_STORE_ERROR domain
 */
EbStore *
eb_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *moved_aside = NULL;
  EbSqlite *db;
  EbStore *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = eb_sqlite_open (path, &store_schema, &local_error);
  if (db == NULL && g_error_matches (local_error, EB_STORE_ERROR, EB_STORE_ERROR_CORRUPT))
    {
      g_message ("%s; moving it aside and starting a new database", local_error->message);
      g_clear_error (&local_error);

      moved_aside = move_aside (path, error);
      if (moved_aside == NULL)
        return NULL;

      db = eb_sqlite_open (path, &store_schema, &local_error);
    }
  if (db == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_object_new (EB_TYPE_STORE, NULL);
  self->db = db;
  self->path = g_strdup (path);
  self->moved_aside_path = g_steal_pointer (&moved_aside);
  self->schema_version = eb_sqlite_get_version (db);

  return self;
}

/**
 * eb_store_close:
 *
 * Closes the database now (the -wal file is merged and removed). Later
 * calls fail with %EB_STORE_ERROR_CLOSED. Finalizing the store also closes it.
 */
gboolean
eb_store_close (EbStore  *self,
                GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (self->db == NULL)
    return TRUE;

  if (!eb_sqlite_close (self->db, error))
    return FALSE;

  self->db = NULL;
  return TRUE;
}

static void
eb_store_finalize (GObject *object)
{
  EbStore *self = EB_STORE (object);

  g_clear_pointer (&self->db, eb_sqlite_free);
  g_mutex_clear (&self->mutex);
  g_free (self->path);
  g_free (self->moved_aside_path);

  G_OBJECT_CLASS (eb_store_parent_class)->finalize (object);
}

static void
eb_store_class_init (EbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eb_store_finalize;
}

static void
eb_store_init (EbStore *self)
{
  g_mutex_init (&self->mutex);
}

const char *
eb_store_get_path (EbStore *self)
{
  g_return_val_if_fail (EB_IS_STORE (self), NULL);

  return self->path;
}

/**
 * eb_store_get_moved_aside_path:
 *
 * Returns: (nullable): where the unreadable database found by
 *   eb_store_open() was moved, so the user can be told; %NULL normally
 */
const char *
eb_store_get_moved_aside_path (EbStore *self)
{
  g_return_val_if_fail (EB_IS_STORE (self), NULL);

  return self->moved_aside_path;
}

int
eb_store_get_schema_version (EbStore *self)
{
  g_return_val_if_fail (EB_IS_STORE (self), 0);

  return self->schema_version;
}

/* Locks the store; NULL (and the lock released) if it is closed. */
static GMutexLocker *
lock_open (EbStore  *self,
           GError  **error)
{
  GMutexLocker *locker = g_mutex_locker_new (&self->mutex);

  if (self->db == NULL)
    {
      g_mutex_locker_free (locker);
      g_set_error (error, EB_STORE_ERROR, EB_STORE_ERROR_CLOSED, "The store is closed");
      return NULL;
    }

  return locker;
}

/* Drafts */

/**
 * eb_store_save_draft:
 * @person_key: the applicant's TCKN, or "" before it is known
 * @fields: (transfer floating): a{ss}, as made by eb_application_form_serialize()
 *
 * Inserts or replaces the draft of @person_key. Saving under a TCKN also
 * drops the anonymous ("") draft, which it supersedes.
 */
gboolean
eb_store_save_draft (EbStore     *self,
                     const char  *person_key,
                     GVariant    *fields,
                     GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  gint64 now;

  g_return_val_if_fail (EB_IS_STORE (self), FALSE);
  g_return_val_if_fail (person_key != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (g_variant_is_of_type (fields, G_VARIANT_TYPE ("a{ss}")), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owned = g_variant_ref_sink (fields);
  text = g_variant_print (owned, FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  if (*person_key != '\0')
    {
      stmt = eb_sqlite_prepare (self->db, "DELETE FROM drafts WHERE person_key = ''", error);
      if (stmt == NULL || !eb_sqlite_step (self->db, stmt, NULL, "Could not save the draft", error))
        goto fail;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  now = next_timestamp (self);
  stmt = eb_sqlite_prepare (self->db,
                  "INSERT INTO drafts (person_key, fields, created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?3)"
                  " ON CONFLICT (person_key) DO UPDATE"
                  " SET fields = excluded.fields, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, person_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not save the draft", error))
    goto fail;

  return eb_sqlite_commit (self->db, error);

fail:
  eb_sqlite_rollback (self->db);
  return FALSE;
}

typedef struct
{
  char     *person_key;
  GVariant *fields;
} SaveDraftData;

static void
save_draft_data_free (gpointer data)
{
  SaveDraftData *save = data;

  g_free (save->person_key);
  g_variant_unref (save->fields);
  g_free (save);
}

static void
save_draft_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SaveDraftData *save = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (eb_store_save_draft (source_object, save->person_key, save->fields, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * eb_store_save_draft_async:
 * @fields: (transfer floating): a{ss}
 *
 * Like eb_store_save_draft(), in a worker thread. Calls started together may
 * complete in any order; a caller that needs ordering waits for one before
 * starting the next (as #EbDraftAutosave does).
 */
void
eb_store_save_draft_async (EbStore             *self,
                           const char          *person_key,
                           GVariant            *fields,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveDraftData *save;

  g_return_if_fail (EB_IS_STORE (self));
  g_return_if_fail (person_key != NULL);
  g_return_if_fail (fields != NULL);
  g_return_if_fail (g_variant_is_of_type (fields, G_VARIANT_TYPE ("a{ss}")));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  save = g_new0 (SaveDraftData, 1);
  save->person_key = g_strdup (person_key);
  save->fields = g_variant_ref_sink (fields);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_store_save_draft_async);
  g_task_set_task_data (task, save, save_draft_data_free);
  g_task_run_in_thread (task, save_draft_thread);
}

gboolean
eb_store_save_draft_finish (EbStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (EB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_store_save_draft_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * eb_store_load_draft:
 *
 * Returns: (transfer full) (nullable): the draft's fields (a{ss}), or %NULL
 *   without an error if @person_key has no draft
 */
GVariant *
eb_store_load_draft (EbStore     *self,
                     const char  *person_key,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EB_IS_STORE (self), NULL);
  g_return_val_if_fail (person_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db, "SELECT fields FROM drafts WHERE person_key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_key, -1, SQLITE_STATIC);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the draft", error) || rc == SQLITE_DONE)
    return NULL;

  return parse_dict ((const char *) sqlite3_column_text (stmt, 0), "The draft", error);
}

/**
 * eb_store_load_latest_draft:
 * @person_key_out: (out) (optional): the key of the draft returned
 *
 * Returns: (transfer full) (nullable): the most recently saved draft, or
 *   %NULL without an error if there is none
 */
GVariant *
eb_store_load_latest_draft (EbStore  *self,
                            char    **person_key_out,
                            GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GVariant *fields;
  int rc;

  g_return_val_if_fail (EB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (person_key_out != NULL)
    *person_key_out = NULL;

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                  "SELECT person_key, fields FROM drafts ORDER BY updated_at DESC, rowid DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the draft", error) || rc == SQLITE_DONE)
    return NULL;

  fields = parse_dict ((const char *) sqlite3_column_text (stmt, 1), "The draft", error);
  if (fields != NULL && person_key_out != NULL)
    *person_key_out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return fields;
}

/**
 * eb_store_delete_draft:
 *
 * Deletes the draft of @person_key; succeeds if there was none.
 */
gboolean
eb_store_delete_draft (EbStore     *self,
                       const char  *person_key,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (EB_IS_STORE (self), FALSE);
  g_return_val_if_fail (person_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;

  stmt = eb_sqlite_prepare (self->db, "DELETE FROM drafts WHERE person_key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person_key, -1, SQLITE_STATIC);

  return eb_sqlite_step (self->db, stmt, NULL, "Could not delete the draft", error);
}

/* Application history */

static void
application_record_clear (gpointer data)
{
  EbApplicationRecord *record = data;

  g_free (record->person_key);
  g_free (record->application_no);
  g_free (record->method);
  g_free (record->state);
  g_clear_pointer (&record->summary, g_variant_unref);
}

EbApplicationRecord *
eb_application_record_ref (EbApplicationRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return g_atomic_rc_box_acquire (record);
}

void
eb_application_record_unref (EbApplicationRecord *record)
{
  g_return_if_fail (record != NULL);

  g_atomic_rc_box_release_full (record, application_record_clear);
}

G_DEFINE_BOXED_TYPE (EbApplicationRecord, eb_application_record,
                     eb_application_record_ref, eb_application_record_unref)

static gboolean
insert_event (EbStore     *self,
              gint64       application_id,
              gint64       at,
              const char  *state,
              const char  *note,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = eb_sqlite_prepare (self->db,
                  "INSERT INTO application_events (application_id, at, state, note)"
                  " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, application_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, note, -1, SQLITE_STATIC);

  return eb_sqlite_step (self->db, stmt, NULL, "Could not record the state change", error);
}

/**
 * eb_store_add_application:
 * @application_no: (nullable): the portal's number, unique
 * @method: (nullable): e.g. "wet" or "esign"
 * @state: the portal state, e.g. "form_saved"
 * @summary: (nullable) (transfer floating): a{ss} shown in the history
 *
 * Records an application and its first state (also as an event).
 *
 * Returns: the new row id (> 0), or 0 with @error set
 */
gint64
eb_store_add_application (EbStore     *self,
                          const char  *person_key,
                          const char  *application_no,
                          const char  *method,
                          const char  *state,
                          GVariant    *summary,
                          GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *summary_text = NULL;
  gint64 now;
  gint64 id;

  g_return_val_if_fail (EB_IS_STORE (self), 0);
  g_return_val_if_fail (person_key != NULL, 0);
  g_return_val_if_fail (state != NULL, 0);
  g_return_val_if_fail (summary == NULL || g_variant_is_of_type (summary, G_VARIANT_TYPE ("a{ss}")), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (summary != NULL)
    {
      owned = g_variant_ref_sink (summary);
      summary_text = g_variant_print (owned, FALSE);
    }

  if ((locker = lock_open (self, error)) == NULL)
    return 0;
  if (!eb_sqlite_begin (self->db, error))
    return 0;

  now = next_timestamp (self);
  stmt = eb_sqlite_prepare (self->db,
                  "INSERT INTO applications"
                  " (person_key, application_no, method, state, summary, created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, person_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, application_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, summary_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not record the application", error))
    goto fail;

  id = sqlite3_last_insert_rowid (eb_sqlite_get_handle (self->db));
  if (!insert_event (self, id, now, state, NULL, error) || !eb_sqlite_commit (self->db, error))
    goto fail;

  return id;

fail:
  eb_sqlite_rollback (self->db);
  return 0;
}

/**
 * eb_store_update_application_state:
 * @note: (nullable): e.g. the rejection reason
 *
 * Sets the application's state and appends the change to its events.
 */
gboolean
eb_store_update_application_state (EbStore     *self,
                                   gint64       id,
                                   const char  *state,
                                   const char  *note,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now;

  g_return_val_if_fail (EB_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  now = next_timestamp (self);
  stmt = eb_sqlite_prepare (self->db,
                  "UPDATE applications SET state = ?1, updated_at = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not update the application", error))
    goto fail;
  if (sqlite3_changes (eb_sqlite_get_handle (self->db)) == 0)
    {
      g_set_error (error, EB_STORE_ERROR, EB_STORE_ERROR_NOT_FOUND,
                   "No application with id %" G_GINT64_FORMAT, id);
      goto fail;
    }

  if (!insert_event (self, id, now, state, note, error) || !eb_sqlite_commit (self->db, error))
    goto fail;

  return TRUE;

fail:
  eb_sqlite_rollback (self->db);
  return FALSE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* One statement that changes one application row, ?1 being its id and the
 * rest bound by @bind. */
typedef void (*BindFunc) (sqlite3_stmt *stmt, gconstpointer data);

static gboolean
update_application (EbStore       *self,
                    gint64         id,
                    const char    *sql,
                    BindFunc       bind,
                    gconstpointer  data,
                    GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  stmt = eb_sqlite_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind (stmt, data);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not update the application", error))
    return FALSE;
  if (sqlite3_changes (eb_sqlite_get_handle (self->db)) == 0)
    {
      g_set_error (error, EB_STORE_ERROR, EB_STORE_ERROR_NOT_FOUND,
                   "No application with id %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

static void
bind_checklist (sqlite3_stmt  *stmt,
                gconstpointer  data)
{
  sqlite3_bind_int64 (stmt, 2, *(const guint *) data);
}

/**
 * eb_store_set_application_checklist:
 * @checklist: #EbChecklistItem flags: the copies of the form dealt with
 */
gboolean
eb_store_set_application_checklist (EbStore  *self,
                                    gint64    id,
                                    guint     checklist,
                                    GError  **error)
{
  g_return_val_if_fail (EB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_application (self, id, "UPDATE applications SET checklist = ?2 WHERE id = ?1",
                             bind_checklist, &checklist, error);
}

static void
bind_document (sqlite3_stmt  *stmt,
               gconstpointer  data)
{
  gsize size;
  gconstpointer bytes = g_bytes_get_data ((GBytes *) data, &size);

  sqlite3_bind_blob64 (stmt, 2, bytes, size, SQLITE_STATIC);
}

/**
 * eb_store_save_application_document:
 * @document: the form PDF as the portal issued it
 */
gboolean
eb_store_save_application_document (EbStore  *self,
                                    gint64    id,
                                    GBytes   *document,
                                    GError  **error)
{
  g_return_val_if_fail (EB_IS_STORE (self), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_application (self, id, "UPDATE applications SET document = ?2 WHERE id = ?1",
                             bind_document, document, error);
}

/**
 * eb_store_load_application_document:
 *
 * Returns: (transfer full) (nullable): the issued form, or %NULL with
 *   @error set (%EB_STORE_ERROR_NOT_FOUND when there is none)
 */
GBytes *
eb_store_load_application_document (EbStore  *self,
                                    gint64    id,
                                    GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;
  stmt = eb_sqlite_prepare (self->db, "SELECT document FROM applications WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the application form", error))
    return NULL;
  if (rc == SQLITE_DONE || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      g_set_error (error, EB_STORE_ERROR, EB_STORE_ERROR_NOT_FOUND,
                   "No form kept for application %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

/**
 * eb_store_list_applications:
 * @person_key: (nullable): only this person's applications; %NULL for all
 *
 * Returns: (transfer container) (element-type EbApplicationRecord): newest
 *   first, or %NULL with @error set
 */
GPtrArray *
eb_store_list_applications (EbStore     *self,
                            const char  *person_key,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (EB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                  "SELECT id, person_key, application_no, method, state, summary,"
                  " created_at, updated_at, checklist, document IS NOT NULL"
                  " FROM applications WHERE ?1 IS NULL OR person_key = ?1"
                  " ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_key, -1, SQLITE_STATIC);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_application_record_unref);
  while (eb_sqlite_step (self->db, stmt, &rc, "Could not read the applications", error))
    {
      g_autoptr(EbApplicationRecord) record = NULL;

      if (rc == SQLITE_DONE)
        return g_steal_pointer (&records);

      record = g_atomic_rc_box_new0 (EbApplicationRecord);
      record->id = sqlite3_column_int64 (stmt, 0);
      record->person_key = dup_column (stmt, 1);
      record->application_no = dup_column (stmt, 2);
      record->method = dup_column (stmt, 3);
      record->state = dup_column (stmt, 4);
      record->summary = parse_dict ((const char *) sqlite3_column_text (stmt, 5),
                                    "An application's summary", error);
      record->created_at = sqlite3_column_int64 (stmt, 6);
      record->updated_at = sqlite3_column_int64 (stmt, 7);
      record->checklist = (guint) sqlite3_column_int64 (stmt, 8);
      record->has_document = sqlite3_column_int (stmt, 9) != 0;
      if (record->summary == NULL)
        return NULL;

      g_ptr_array_add (records, g_steal_pointer (&record));
    }

  return NULL;
}
