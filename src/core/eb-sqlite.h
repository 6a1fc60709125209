/* eb-sqlite.h — SQLite plumbing shared by the app's store and the portal's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define EB_SQLITE_ERROR (eb_sqlite_error_quark ())

typedef enum
{
  EB_SQLITE_ERROR_FAILED,          /* anything not listed below */
  EB_SQLITE_ERROR_IO,              /* the file or its folder cannot be opened, read or written */
  EB_SQLITE_ERROR_READ_ONLY,       /* no permission to write, or a read-only file system */
  EB_SQLITE_ERROR_FULL,            /* the disk (or the user's quota) is full */
  EB_SQLITE_ERROR_BUSY,            /* another process keeps the database locked */
  EB_SQLITE_ERROR_CORRUPT,         /* not a database, or a damaged one */
  EB_SQLITE_ERROR_SCHEMA_TOO_NEW,  /* written by a newer version of the program; left alone */
  EB_SQLITE_ERROR_EXISTS,          /* a UNIQUE or PRIMARY KEY constraint failed */
  EB_SQLITE_N_ERRORS,
} EbSqliteError;

/* What a database looks like to the code that opens it. */
typedef struct
{
  /* Entry i takes the schema from user_version i to i + 1; each runs in its
   * own transaction. Shipped entries are frozen: append, never edit. */
  const char *const *migrations;
  gsize              n_migrations;

  /* Errors are set in this domain with error_codes[EbSqliteError] as the
   * code, so a caller keeps its own domain; NULL and NULL mean EB_SQLITE_ERROR. */
  GQuark           (*error_quark) (void);
  const int         *error_codes;
} EbSqliteSchema;

/* One connection; not locked: callers serialise their use of it. */
typedef struct _EbSqlite EbSqlite;

GQuark         eb_sqlite_error_quark      (void);
EbSqliteError  eb_sqlite_error_from_errno (int                    err,
                                           EbSqliteError          fallback);
void           eb_sqlite_set_error_code   (const EbSqliteSchema  *schema,
                                           GError               **error,
                                           EbSqliteError          code,
                                           const char            *format,
                                           ...) G_GNUC_PRINTF (4, 5);

EbSqlite      *eb_sqlite_open             (const char            *path,
                                           const EbSqliteSchema  *schema,
                                           GError               **error);
gboolean       eb_sqlite_close            (EbSqlite              *self,
                                           GError               **error);
void           eb_sqlite_free             (EbSqlite              *self);
sqlite3       *eb_sqlite_get_handle       (EbSqlite              *self);
int            eb_sqlite_get_version      (EbSqlite              *self);

void           eb_sqlite_set_error        (EbSqlite              *self,
                                           GError               **error,
                                           int                    rc,
                                           const char            *what);
gboolean       eb_sqlite_exec             (EbSqlite              *self,
                                           const char            *sql,
                                           const char            *what,
                                           GError               **error);
sqlite3_stmt  *eb_sqlite_prepare          (EbSqlite              *self,
                                           const char            *sql,
                                           GError               **error);
gboolean       eb_sqlite_step             (EbSqlite              *self,
                                           sqlite3_stmt          *stmt,
                                           int                   *rc_out,
                                           const char            *what,
                                           GError               **error);
gboolean       eb_sqlite_begin            (EbSqlite              *self,
                                           GError               **error);
gboolean       eb_sqlite_commit           (EbSqlite              *self,
                                           GError               **error);
void           eb_sqlite_rollback         (EbSqlite              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbSqlite, eb_sqlite_free)

G_END_DECLS
