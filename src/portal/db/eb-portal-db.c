/* eb-portal-db.c — the portal's database: schema, server key, registry, audit
 *
 * One SQLite file (WAL, migrations through eb-sqlite) and one connection
 * guarded by a mutex, so the server thread and its workers may both call in.
 * Sessions are in eb-portal-db-sessions.c, applications and their states in
 * eb-portal-db-applications.c; the helpers they share are here. Times come
 * from the caller (the server's injectable clock), never from here. Nothing
 * secret is stored in plain text: tokens as SHA-256, captcha answers and SMS
 * codes as HMAC-SHA256 under the server key kept in this file, the security
 * word as scrypt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "eb-portal-api-error.h"
#include "eb-portal-db-private.h"

#define SERVER_KEY_NAME  "hmac-key"
#define SERVER_KEY_BYTES 32
/* The audit names a session by this many hex digits of its token's hash:
 * enough to follow one session through the log, useless to take it over. */
#define SESSION_TAG_CHARS 16

/* Entry i takes the schema from user_version i to i + 1. Shipped entries are
 * frozen: change the schema by appending one. */
static const char *const migrations[] = {
  /* 1: the first version of the API */
  "CREATE TABLE secrets ("
  "  name TEXT PRIMARY KEY NOT NULL,"
  "  value BLOB NOT NULL"
  ");"
  "CREATE TABLE registry ("
  "  tckn TEXT PRIMARY KEY NOT NULL,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  birth_place TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL,"
  "  institution_name TEXT NOT NULL,"
  "  assignment_recorded INTEGER NOT NULL"
  ");"
  "CREATE TABLE applications ("
  "  id INTEGER PRIMARY KEY,"
  "  state TEXT NOT NULL,"
  "  tckn TEXT,"
  "  person TEXT,"
  "  form TEXT,"
  "  security_word_hash TEXT,"
  "  method TEXT,"
  "  application_no TEXT UNIQUE,"
  "  sms_sends INTEGER NOT NULL DEFAULT 0,"
  "  sms_last_sent INTEGER NOT NULL DEFAULT 0,"
  "  sms_code_mac BLOB,"
  "  sms_code_sent_at INTEGER NOT NULL DEFAULT 0,"
  "  sms_code_tries INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX applications_tckn ON applications (tckn);"
  "CREATE TABLE sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  token_hash BLOB UNIQUE NOT NULL,"
  "  application_id INTEGER NOT NULL REFERENCES applications (id),"
  "  created_at INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL"
  ");"
  "CREATE TABLE captchas ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  answer_mac BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX captchas_session_id ON captchas (session_id);"
  "CREATE TABLE login_failures ("
  "  id INTEGER PRIMARY KEY,"
  "  client TEXT NOT NULL,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX login_failures_client ON login_failures (client, at);"
  "CREATE TABLE application_numbers ("
  "  year INTEGER PRIMARY KEY,"
  "  last INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  session_tag TEXT,"
  "  application_id INTEGER,"
  "  application_no TEXT,"
  "  old_state TEXT,"
  "  new_state TEXT NOT NULL,"
  "  client TEXT"
  ");"
  "CREATE INDEX audit_application_id ON audit (application_id, id);",

  /* 2: the form document as issued, and as signed (Yöntem 2) */
  "CREATE TABLE documents ("
  "  application_id INTEGER PRIMARY KEY REFERENCES applications (id),"
  "  issued BLOB NOT NULL,"
  "  issued_sha256 TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  signed BLOB,"
  "  signed_sha256 TEXT,"
  "  signed_at INTEGER,"
  "  signer_name TEXT,"
  "  signer_tckn TEXT,"
  "  signer_serial TEXT"
  ");",
};

static const EbSqliteSchema portal_schema = {
  .migrations = migrations,
  .n_migrations = G_N_ELEMENTS (migrations),
};

static const char *const state_names[] = {
  [EB_PORTAL_STATE_STARTED] = "started",
  [EB_PORTAL_STATE_AUTHENTICATED] = "authenticated",
  [EB_PORTAL_STATE_FORM_SAVED] = "form_saved",
  [EB_PORTAL_STATE_PHONE_VERIFIED] = "phone_verified",
  [EB_PORTAL_STATE_METHOD_CHOSEN] = "method_chosen",
  [EB_PORTAL_STATE_FORM_ISSUED] = "form_issued",
  [EB_PORTAL_STATE_PAPER_RECEIVED] = "paper_received",
  [EB_PORTAL_STATE_SIGNATURE_VERIFIED] = "signature_verified",
  [EB_PORTAL_STATE_AWAITING_APPROVAL] = "awaiting_approval",
  [EB_PORTAL_STATE_APPROVED] = "approved",
  [EB_PORTAL_STATE_REJECTED] = "rejected",
  [EB_PORTAL_STATE_PRODUCED] = "produced",
  [EB_PORTAL_STATE_SHIPPED] = "shipped",
};


G_DEFINE_FINAL_TYPE (EbPortalDb, eb_portal_db, G_TYPE_OBJECT)

const char *
eb_portal_state_to_string (EbPortalState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
eb_portal_state_from_string (const char    *text,
                             EbPortalState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state_names[i], text) == 0)
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

void
eb_portal_session_free (EbPortalSession *session)
{
  if (session == NULL)
    return;

  g_free (session->tag);
  g_free (session);
}

void
eb_portal_application_free (EbPortalApplication *application)
{
  if (application == NULL)
    return;

  g_free (application->person);
  g_free (application->form);
  g_free (application->method);
  g_free (application->application_no);
  OPENSSL_cleanse (application->code_mac, sizeof application->code_mac);
  g_free (application);
}

/* Helpers; the caller holds the mutex. */

GMutexLocker *
eb_portal_db_lock_open (EbPortalDb  *self,
                        GError     **error)
{
  GMutexLocker *locker = g_mutex_locker_new (&self->mutex);

  if (self->db == NULL)
    {
      g_mutex_locker_free (locker);
      g_set_error_literal (error, EB_SQLITE_ERROR, EB_SQLITE_ERROR_FAILED, "The database is closed");
      return NULL;
    }

  return locker;
}

/* eb_portal_db_lock_open() and a transaction begun; end it with eb_portal_db_end(). */
GMutexLocker *
eb_portal_db_lock_begin (EbPortalDb  *self,
                         GError     **error)
{
  GMutexLocker *locker = eb_portal_db_lock_open (self, error);

  if (locker != NULL && !eb_sqlite_begin (self->db, error))
    g_clear_pointer (&locker, g_mutex_locker_free);

  return locker;
}

/* Commits if @ok, else (or if the commit fails) rolls back. */
gboolean
eb_portal_db_end (EbPortalDb  *self,
                  gboolean     ok,
                  GError     **error)
{
  if (ok && eb_sqlite_commit (self->db, error))
    return TRUE;

  eb_sqlite_rollback (self->db);
  return FALSE;
}

/* Prepares @sql, binds ?1 = @param and the rest as given by @bind, and
 * steps once; the statement is on its row if *@rc is SQLITE_ROW. */
sqlite3_stmt *
eb_portal_db_query (EbPortalDb       *self,
                    const char       *sql,
                    gint64            param,
                    EbPortalBindFunc  bind,
                    gconstpointer     data,
                    int              *rc,
                    const char       *what,
                    GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = eb_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, param);
  if (bind != NULL)
    bind (stmt, data);
  if (!eb_sqlite_step (self->db, stmt, rc, what, error))
    return NULL;

  return g_steal_pointer (&stmt);
}

/* Runs @sql once, bound as by eb_portal_db_query(). */
gboolean
eb_portal_db_run (EbPortalDb        *self,
                  const char        *sql,
                  gint64             param,
                  EbPortalBindFunc   bind,
                  gconstpointer      data,
                  const char        *what,
                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = eb_portal_db_query (self, sql, param, bind, data, NULL, what, error);

  return stmt != NULL;
}

/* An EbPortalBindFunc: ?2 = the string @data. */
void
eb_portal_db_bind_text (sqlite3_stmt  *stmt,
                        gconstpointer  data)
{
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
}

char *
eb_portal_db_dup_column (sqlite3_stmt *stmt,
                         int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

char *
eb_portal_db_session_tag (const guint8 *token_hash)
{
  GString *tag = g_string_sized_new (SESSION_TAG_CHARS);

  for (guint i = 0; i < SESSION_TAG_CHARS / 2; i++)
    g_string_append_printf (tag, "%02x", token_hash[i]);

  return g_string_free (tag, FALSE);
}

gboolean
eb_portal_db_insert_audit (EbPortalDb          *self,
                           const EbPortalAudit *audit,
                           gint64               application_id,
                           const char          *application_no,
                           const char          *old_state,
                           const char          *new_state,
                           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO audit (at, session_tag, application_id, application_no,"
                            " old_state, new_state, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audit->now);
  sqlite3_bind_text (stmt, 2, audit->session_tag, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, application_id);
  sqlite3_bind_text (stmt, 4, application_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, old_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, new_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, audit->client, -1, SQLITE_STATIC);

  return eb_sqlite_step (self->db, stmt, NULL, "Could not write the audit", error);
}

/* Inside a transaction: moves application @id to @to if it is in one of the
 * states of @allowed, and audits the change (none if it stays in @to). */
gboolean
eb_portal_db_transition (EbPortalDb          *self,
                         gint64               id,
                         guint                allowed,
                         EbPortalState        to,
                         const EbPortalAudit *audit,
                         GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *number = NULL;
  EbPortalState from;
  int rc;

  stmt = eb_portal_db_query (self, "SELECT state, application_no FROM applications WHERE id = ?1", id,
                             NULL, NULL, &rc, "Could not read the application", error);
  if (stmt == NULL)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                   "Application %" G_GINT64_FORMAT " is missing", id);
      return FALSE;
    }

  old_name = eb_portal_db_dup_column (stmt, 0);
  number = eb_portal_db_dup_column (stmt, 1);
  if (!eb_portal_state_from_string (old_name, &from) || (allowed & STATE_BIT (from)) == 0)
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_WRONG_STATE,
                   "The application is in state %s", old_name);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (from == to)
    return TRUE;

  stmt = eb_sqlite_prepare (self->db, "UPDATE applications SET state = ?1, updated_at = ?2 WHERE id = ?3",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state_names[to], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, audit->now);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not update the application", error))
    return FALSE;

  return eb_portal_db_insert_audit (self, audit, id, number, old_name, state_names[to], error);
}

/* Runs one UPDATE of application @id with @sql, binding ?1 = id and the
 * rest as given by @bind. */
gboolean
eb_portal_db_update (EbPortalDb        *self,
                     gint64             id,
                     const char        *sql,
                     EbPortalBindFunc   bind,
                     gconstpointer      data,
                     GError           **error)
{
  return eb_portal_db_run (self, sql, id, bind, data, "Could not update the application", error);
}

/* Opening */

static gboolean
load_server_key (EbPortalDb  *self,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint8 key[SERVER_KEY_BYTES];
  int rc;

  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  stmt = eb_sqlite_prepare (self->db, "SELECT value FROM secrets WHERE name = '" SERVER_KEY_NAME "'",
                            error);
  if (stmt == NULL || !eb_sqlite_step (self->db, stmt, &rc, "Could not read the server key", error))
    goto fail;

  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == SERVER_KEY_BYTES)
    {
      self->server_key = g_bytes_new (sqlite3_column_blob (stmt, 0), SERVER_KEY_BYTES);
      g_clear_pointer (&stmt, sqlite3_finalize);
      return eb_sqlite_commit (self->db, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* First start: a key of this server's own, so a MAC from elsewhere never verifies. */
  if (!eb_portal_random_bytes (key, sizeof key))
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                           "The random number generator failed");
      goto fail;
    }
  stmt = eb_sqlite_prepare (self->db,
                            "INSERT OR REPLACE INTO secrets (name, value) VALUES ('" SERVER_KEY_NAME "', ?1)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_blob (stmt, 1, key, sizeof key, SQLITE_TRANSIENT);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not store the server key", error) ||
      !eb_sqlite_commit (self->db, error))
    goto fail;

  self->server_key = g_bytes_new (key, sizeof key);
  OPENSSL_cleanse (key, sizeof key);
  return TRUE;

fail:
  OPENSSL_cleanse (key, sizeof key);
  eb_sqlite_rollback (self->db);
  return FALSE;
}

/**
 * eb_portal_db_open:
 * @path: the database file; created (mode 0600) if missing
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 *   (%EB_SQLITE_ERROR). A damaged file is an error, never replaced: the
 *   server's data is not the server's to throw away.
 */
EbPortalDb *
eb_portal_db_open (const char  *path,
                   GError     **error)
{
  g_autoptr(EbPortalDb) self = NULL;
  EbSqlite *db;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = eb_sqlite_open (path, &portal_schema, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (EB_TYPE_PORTAL_DB, NULL);
  self->db = db;
  if (!load_server_key (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * eb_portal_db_close:
 *
 * Closes the database now (checkpointing the WAL into the main file).
 * Finalizing also closes it.
 */
gboolean
eb_portal_db_close (EbPortalDb  *self,
                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (self->db == NULL)
    return TRUE;
  if (!eb_sqlite_close (self->db, error))
    return FALSE;

  self->db = NULL;
  return TRUE;
}

static void
eb_portal_db_finalize (GObject *object)
{
  EbPortalDb *self = EB_PORTAL_DB (object);

  g_clear_pointer (&self->db, eb_sqlite_free);
  g_clear_pointer (&self->server_key, g_bytes_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (eb_portal_db_parent_class)->finalize (object);
}

static void
eb_portal_db_class_init (EbPortalDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eb_portal_db_finalize;
}

static void
eb_portal_db_init (EbPortalDb *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * eb_portal_db_get_server_key:
 *
 * Returns: (transfer none): the key captcha answers and SMS codes are MACed with
 */
GBytes *
eb_portal_db_get_server_key (EbPortalDb *self)
{
  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  return self->server_key;
}

/* Registry */

/**
 * eb_portal_db_replace_registry:
 * @people: (element-type EbRegistryPerson): as read by eb_portal_registry_parse()
 *
 * Replaces the whole registry in one transaction, names in Turkish capitals.
 */
gboolean
eb_portal_db_replace_registry (EbPortalDb  *self,
                               GPtrArray   *people,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);
  g_return_val_if_fail (people != NULL, FALSE);

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_exec (self->db, "DELETE FROM registry", "Could not clear the registry", error))
    goto fail;

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO registry (tckn, first_name, last_name, birth_place, birth_date,"
                            " institution_name, assignment_recorded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            error);
  if (stmt == NULL)
    goto fail;

  for (guint i = 0; i < people->len; i++)
    {
      g_autoptr(EbRegistryPerson) person = eb_registry_person_dup_normalized (g_ptr_array_index (people, i));

      if (person == NULL)
        {
          g_set_error (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_INVALID,
                       "Registry entry %u is not valid", i + 1);
          goto fail;
        }

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, person->tckn, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, person->first_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, person->last_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, person->birth_place, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, person->birth_date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, person->institution_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 7, person->assignment_recorded ? 1 : 0);
      if (!eb_sqlite_step (self->db, stmt, NULL, "Could not import the registry", error))
        goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return eb_sqlite_commit (self->db, error);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  eb_sqlite_rollback (self->db);
  return FALSE;
}

/**
 * eb_portal_db_lookup_person:
 *
 * Returns: (transfer full) (nullable): the person, normalised; %NULL without
 *   an error if the registry has no such TCKN
 */
EbRegistryPerson *
eb_portal_db_lookup_person (EbPortalDb  *self,
                            const char  *tckn,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EbRegistryPerson *person;
  int rc;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT tckn, first_name, last_name, birth_place, birth_date,"
                            " institution_name, assignment_recorded FROM registry WHERE tckn = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tckn, -1, SQLITE_STATIC);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the registry", error) || rc != SQLITE_ROW)
    return NULL;

  person = g_new0 (EbRegistryPerson, 1);
  person->tckn = eb_portal_db_dup_column (stmt, 0);
  person->first_name = eb_portal_db_dup_column (stmt, 1);
  person->last_name = eb_portal_db_dup_column (stmt, 2);
  person->birth_place = eb_portal_db_dup_column (stmt, 3);
  person->birth_date = eb_portal_db_dup_column (stmt, 4);
  person->institution_name = eb_portal_db_dup_column (stmt, 5);
  person->assignment_recorded = sqlite3_column_int (stmt, 6) != 0;

  return person;
}

/**
 * eb_portal_db_count_people:
 *
 * Returns: the number of people in the registry, or -1 with @error set
 */
gint64
eb_portal_db_count_people (EbPortalDb  *self,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), -1);

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
    return -1;

  stmt = eb_sqlite_prepare (self->db, "SELECT count(*) FROM registry", error);
  if (stmt == NULL || !eb_sqlite_step (self->db, stmt, NULL, "Could not read the registry", error))
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}
