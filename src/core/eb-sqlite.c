/* eb-sqlite.c — SQLite plumbing shared by the app's store and the portal's database
 *
 * Both keep personal data in a private file, want the same settings (WAL,
 * foreign keys, a busy timeout, secure_delete), the same migrations by
 * `PRAGMA user_version` and the same mapping of SQLite's failures to errors a
 * person can act on, so that logic lives here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

#include "eb-sqlite.h"

#define BUSY_TIMEOUT_MS 5000

struct _EbSqlite
{
  sqlite3              *db;
  const EbSqliteSchema *schema;
  int                   version;
};

G_DEFINE_QUARK (eb-sqlite-error-quark, eb_sqlite_error)

/* Error mapping */

/**
 * eb_sqlite_error_from_errno:
 *
 * Returns: the code for a system error met around a database file
 */
EbSqliteError
eb_sqlite_error_from_errno (int           err,
                            EbSqliteError fallback)
{
  switch (err)
    {
    case EACCES:
    case EPERM:
    case EROFS:
      return EB_SQLITE_ERROR_READ_ONLY;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:   /* a file size limit: to the user, the same as a full disk */
      return EB_SQLITE_ERROR_FULL;
    default:
      return fallback;
    }
}

/* The errno behind an SQLITE_IOERR or SQLITE_CANTOPEN. sqlite3_system_errno()
 * reads errno late and often finds 0, so ask the files themselves too: the
 * WAL is where a write usually fails. */
static int
system_errno (sqlite3 *db)
{
  sqlite3_file *journal = NULL;
  int err;

  if (db == NULL)
    return 0;

  err = sqlite3_system_errno (db);
  if (err == 0)
    sqlite3_file_control (db, "main", SQLITE_FCNTL_LAST_ERRNO, &err);
  if (err == 0 &&
      sqlite3_file_control (db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal) == SQLITE_OK &&
      journal != NULL && journal->pMethods != NULL)
    journal->pMethods->xFileControl (journal, SQLITE_FCNTL_LAST_ERRNO, &err);

  return err;
}

static EbSqliteError
code_from_sqlite (sqlite3 *db,
                  int      rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return EB_SQLITE_ERROR_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return EB_SQLITE_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return eb_sqlite_error_from_errno (system_errno (db), EB_SQLITE_ERROR_IO);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return EB_SQLITE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return EB_SQLITE_ERROR_CORRUPT;
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return EB_SQLITE_ERROR_EXISTS;
      return EB_SQLITE_ERROR_FAILED;
    default:
      return EB_SQLITE_ERROR_FAILED;
    }
}

static void
set_error_valist (const EbSqliteSchema  *schema,
                  GError               **error,
                  EbSqliteError          code,
                  const char            *format,
                  va_list                args)
{
  GQuark domain = EB_SQLITE_ERROR;
  int mapped = code;

  if (error == NULL)
    return;

  g_assert (code < EB_SQLITE_N_ERRORS);
  if (schema != NULL && schema->error_quark != NULL)
    domain = schema->error_quark ();
  if (schema != NULL && schema->error_codes != NULL)
    mapped = schema->error_codes[code];

  g_propagate_error (error, g_error_new_valist (domain, mapped, format, args));
}

/**
 * eb_sqlite_set_error_code:
 * @schema: (nullable): whose domain and codes to use
 *
 * Sets @error to @code in the domain @schema asks for; for callers that
 * meet a file problem of their own (a folder, a rename) around the database.
 */
void
eb_sqlite_set_error_code (const EbSqliteSchema  *schema,
                          GError               **error,
                          EbSqliteError          code,
                          const char            *format,
                          ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (schema, error, code, format, args);
  va_end (args);
}

static void
set_sqlite_error (const EbSqliteSchema  *schema,
                  GError               **error,
                  sqlite3               *db,
                  int                    rc,
                  const char            *what)
{
  g_autofree char *message = NULL;
  int sys_errno = 0;

  if (error == NULL)
    return;

  message = g_strdup (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  /* "unable to open database file" alone does not say what to fix. */
  if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR)
    sys_errno = system_errno (db);

  if (sys_errno != 0)
    eb_sqlite_set_error_code (schema, error, code_from_sqlite (db, rc),
                              "%s: %s (%s)", what, message, g_strerror (sys_errno));
  else
    eb_sqlite_set_error_code (schema, error, code_from_sqlite (db, rc), "%s: %s", what, message);
}

/**
 * eb_sqlite_set_error:
 * @rc: the (extended) result code of the call that failed
 * @what: what was being done, e.g. "Could not save the draft"
 */
void
eb_sqlite_set_error (EbSqlite    *self,
                     GError     **error,
                     int          rc,
                     const char  *what)
{
  set_sqlite_error (self->schema, error, self->db, rc, what);
}

/* Low-level helpers on a bare handle, for use while opening */

static int
exec_sql (const EbSqliteSchema  *schema,
          sqlite3               *db,
          const char            *sql,
          const char            *what,
          GError               **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    set_sqlite_error (schema, error, db, rc, what);

  return rc;
}

static void
rollback (sqlite3 *db)
{
  /* Some errors (SQLITE_FULL, SQLITE_IOERR) already rolled back. */
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static int
query_int (const EbSqliteSchema  *schema,
           sqlite3               *db,
           const char            *sql,
           int                   *value,
           const char            *what,
           GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (schema, error, db, rc, what);
      return rc;
    }

  *value = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  return SQLITE_OK;
}

/* Opening */

static gboolean
ensure_file (const EbSqliteSchema  *schema,
             const char            *path,
             GError               **error)
{
  int fd;
  int saved_errno;

  /* SQLite would create the file 0644, and the -wal and -shm files copy its
   * mode; both databases hold personal data. */
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }

  saved_errno = errno;
  if (saved_errno == EEXIST)
    return TRUE;

  eb_sqlite_set_error_code (schema, error, eb_sqlite_error_from_errno (saved_errno, EB_SQLITE_ERROR_IO),
                            "Could not create “%s”: %s", path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
migrate (const EbSqliteSchema  *schema,
         sqlite3               *db,
         int                   *version,
         GError               **error)
{
  const int latest = (int) schema->n_migrations;
  const char *what = "Could not update the database";

  while (*version < latest)
    {
      g_autofree char *set_version = NULL;
      int current = 0;

      if (exec_sql (schema, db, "BEGIN IMMEDIATE", what, error) != SQLITE_OK)
        return FALSE;

      /* Re-read under the write lock: another instance may have migrated meanwhile. */
      if (query_int (schema, db, "PRAGMA user_version", &current, what, error) != SQLITE_OK)
        {
          rollback (db);
          return FALSE;
        }
      if (current > latest)
        {
          rollback (db);
          eb_sqlite_set_error_code (schema, error, EB_SQLITE_ERROR_SCHEMA_TOO_NEW,
                                    "The database was written by a newer version of this "
                                    "program (schema %d, this version knows %d)", current, latest);
          return FALSE;
        }
      if (current == latest)
        {
          rollback (db);
          *version = current;
          break;
        }

      /* Not user data: the version is a number from the caller's table. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", current + 1);
      if (exec_sql (schema, db, schema->migrations[current], what, error) != SQLITE_OK ||
          exec_sql (schema, db, set_version, what, error) != SQLITE_OK ||
          exec_sql (schema, db, "COMMIT", what, error) != SQLITE_OK)
        {
          rollback (db);
          return FALSE;
        }

      *version = current + 1;
      g_debug ("Database schema updated to version %d", *version);
    }

  return TRUE;
}

static sqlite3 *
open_connection (const EbSqliteSchema  *schema,
                 const char            *path,
                 int                   *version_out,
                 GError               **error)
{
  g_autofree char *what = g_strdup_printf ("Could not open “%s”", path);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  const char *check;
  int version = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (schema, error, db, rc, what);
      goto fail;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  /* Until the file is known to be ours and sound, closing must not
   * checkpoint: that would write into it and delete its WAL, the evidence a
   * caller may want to move aside (or a newer program's data). */
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* SQLite falls back to read-only silently; writes would then fail one by one. */
  if (sqlite3_db_readonly (db, "main") == 1)
    {
      eb_sqlite_set_error_code (schema, error, EB_SQLITE_ERROR_READ_ONLY,
                                "%s: the file is read-only", what);
      goto fail;
    }

  /* Read the version before anything writes: a newer program's file stays untouched. */
  if (query_int (schema, db, "PRAGMA user_version", &version, what, error) != SQLITE_OK)
    goto fail;
  if (version > (int) schema->n_migrations)
    {
      eb_sqlite_set_error_code (schema, error, EB_SQLITE_ERROR_SCHEMA_TOO_NEW,
                                "“%s” was written by a newer version of this program (schema %d, "
                                "this version knows %d)", path, version, (int) schema->n_migrations);
      goto fail;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (schema, error, db, rc, what);
      goto fail;
    }
  check = (const char *) sqlite3_column_text (stmt, 0);
  if (rc != SQLITE_ROW || g_strcmp0 (check, "ok") != 0)
    {
      eb_sqlite_set_error_code (schema, error, EB_SQLITE_ERROR_CORRUPT,
                                "%s: the database is damaged (%s)", what, check != NULL ? check : "?");
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* WAL lets readers go on while a write is made; NORMAL is durable enough
   * with WAL. secure_delete overwrites discarded rows (personal data)
   * instead of leaving them in free pages. */
  if (exec_sql (schema, db, "PRAGMA journal_mode = WAL", what, error) != SQLITE_OK ||
      exec_sql (schema, db, "PRAGMA synchronous = NORMAL", what, error) != SQLITE_OK ||
      exec_sql (schema, db, "PRAGMA foreign_keys = ON", what, error) != SQLITE_OK ||
      exec_sql (schema, db, "PRAGMA secure_delete = ON", what, error) != SQLITE_OK)
    goto fail;

  if (!migrate (schema, db, &version, error))
    goto fail;

  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  *version_out = version;
  return db;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (db);
  return NULL;
}

/**
 * eb_sqlite_open:
 * @path: the database file; created (mode 0600) if missing
 * @schema: (not nullable): must outlive the connection
 *
 * Opens @path, checks that it is a sound database this program can read,
 * sets WAL, `synchronous = NORMAL`, foreign keys, secure_delete and a busy
 * timeout, and runs the migrations it lacks. A damaged file fails with
 * %EB_SQLITE_ERROR_CORRUPT (mapped as @schema says) and is left as found.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
EbSqlite *
eb_sqlite_open (const char            *path,
                const EbSqliteSchema  *schema,
                GError               **error)
{
  EbSqlite *self;
  sqlite3 *db;
  int version = 0;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_file (schema, path, error))
    return NULL;

  db = open_connection (schema, path, &version, error);
  if (db == NULL)
    return NULL;

  self = g_new0 (EbSqlite, 1);
  self->db = db;
  self->schema = schema;
  self->version = version;
  return self;
}

/**
 * eb_sqlite_close:
 *
 * Closes the connection now (the -wal file is merged and removed) and frees
 * @self. On failure (statements still open) nothing is freed.
 */
gboolean
eb_sqlite_close (EbSqlite  *self,
                 GError   **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    {
      eb_sqlite_set_error (self, error, rc, "Could not close the database");
      return FALSE;
    }

  g_free (self);
  return TRUE;
}

/**
 * eb_sqlite_free:
 *
 * Closes the connection (whenever its last statement is finalized) and frees @self.
 */
void
eb_sqlite_free (EbSqlite *self)
{
  if (self == NULL)
    return;

  sqlite3_close_v2 (self->db);
  g_free (self);
}

sqlite3 *
eb_sqlite_get_handle (EbSqlite *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->db;
}

/**
 * eb_sqlite_get_version:
 *
 * Returns: the schema version (`PRAGMA user_version`) after migrations
 */
int
eb_sqlite_get_version (EbSqlite *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->version;
}

gboolean
eb_sqlite_exec (EbSqlite    *self,
                const char  *sql,
                const char  *what,
                GError     **error)
{
  return exec_sql (self->schema, self->db, sql, what, error) == SQLITE_OK;
}

/**
 * eb_sqlite_prepare:
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error set
 */
sqlite3_stmt *
eb_sqlite_prepare (EbSqlite    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      eb_sqlite_set_error (self, error, rc, "Could not prepare a query");
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/**
 * eb_sqlite_step:
 * @rc_out: (out) (optional): SQLITE_ROW, SQLITE_DONE or the failure
 *
 * Steps @stmt once.
 *
 * Returns: %TRUE for SQLITE_ROW or SQLITE_DONE
 */
gboolean
eb_sqlite_step (EbSqlite      *self,
                sqlite3_stmt  *stmt,
                int           *rc_out,
                const char    *what,
                GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc_out != NULL)
    *rc_out = rc;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      eb_sqlite_set_error (self, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

/**
 * eb_sqlite_begin:
 *
 * Starts a write transaction. IMMEDIATE takes the write lock now, so a busy
 * database waits here (busy timeout) instead of failing half way.
 */
gboolean
eb_sqlite_begin (EbSqlite  *self,
                 GError   **error)
{
  return eb_sqlite_exec (self, "BEGIN IMMEDIATE", "Could not write to the database", error);
}

/**
 * eb_sqlite_commit:
 *
 * Commits; on failure the transaction is rolled back.
 */
gboolean
eb_sqlite_commit (EbSqlite  *self,
                  GError   **error)
{
  if (!eb_sqlite_exec (self, "COMMIT", "Could not write to the database", error))
    {
      rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

/**
 * eb_sqlite_rollback:
 *
 * Rolls back the open transaction, if SQLite has not done so already.
 */
void
eb_sqlite_rollback (EbSqlite *self)
{
  rollback (self->db);
}
