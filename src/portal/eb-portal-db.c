/* eb-portal-db.c — the portal's database: registry, sessions, applications, audit
 *
 * One SQLite file (WAL, migrations through eb-sqlite) and one connection
 * guarded by a mutex, so the server thread and its workers may both call in.
 * Every state change is made and audited in one transaction, and checks the
 * state it starts from inside that transaction, so two requests racing for
 * the same step cannot both win. Times come from the caller (the server's
 * injectable clock), never from here. Nothing secret is stored in plain
 * text: tokens as SHA-256, captcha answers and SMS codes as HMAC-SHA256 under
 * the server key kept in this file, the security word as scrypt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "eb-portal-api-error.h"
#include "eb-portal-db.h"
#include "eb-sqlite.h"

#define SERVER_KEY_NAME  "hmac-key"
#define SERVER_KEY_BYTES 32
/* The audit names a session by this many hex digits of its token's hash:
 * enough to follow one session through the log, useless to take it over. */
#define SESSION_TAG_CHARS 16
/* A session is renewed at most once a second: a request stream then costs
 * no write per request, and a second is nothing against 30 minutes. */
#define RENEW_GRANULARITY G_USEC_PER_SEC

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

struct _EbPortalDb
{
  GObject parent_instance;

  GMutex    mutex;      /* guards db */
  EbSqlite *db;         /* NULL once closed */
  GBytes   *server_key;
};

G_DEFINE_FINAL_TYPE (EbPortalDb, eb_portal_db, G_TYPE_OBJECT)

#define STATE_BIT(s) (1u << (s))

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

static GMutexLocker *
lock_open (EbPortalDb  *self,
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

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static char *
session_tag (const guint8 *token_hash)
{
  GString *tag = g_string_sized_new (SESSION_TAG_CHARS);

  for (guint i = 0; i < SESSION_TAG_CHARS / 2; i++)
    g_string_append_printf (tag, "%02x", token_hash[i]);

  return g_string_free (tag, FALSE);
}

static gboolean
insert_audit (EbPortalDb          *self,
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
static gboolean
transition (EbPortalDb          *self,
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

  stmt = eb_sqlite_prepare (self->db, "SELECT state, application_no FROM applications WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the application", error))
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                   "Application %" G_GINT64_FORMAT " is missing", id);
      return FALSE;
    }

  old_name = dup_column (stmt, 0);
  number = dup_column (stmt, 1);
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

  return insert_audit (self, audit, id, number, old_name, state_names[to], error);
}

/* Runs one UPDATE of application @id with @sql, binding ?1 = id and the
 * rest as given by @bind. */
typedef void (*BindFunc) (sqlite3_stmt *stmt, gconstpointer data);

static gboolean
update_application (EbPortalDb     *self,
                    gint64          id,
                    const char     *sql,
                    BindFunc        bind,
                    gconstpointer   data,
                    GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = eb_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (bind != NULL)
    bind (stmt, data);

  return eb_sqlite_step (self->db, stmt, NULL, "Could not update the application", error);
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

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error) ||
      !eb_sqlite_exec (self->db, "DELETE FROM registry", "Could not clear the registry", error))
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

  if ((locker = lock_open (self, error)) == NULL)
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
  person->tckn = dup_column (stmt, 0);
  person->first_name = dup_column (stmt, 1);
  person->last_name = dup_column (stmt, 2);
  person->birth_place = dup_column (stmt, 3);
  person->birth_date = dup_column (stmt, 4);
  person->institution_name = dup_column (stmt, 5);
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

  if ((locker = lock_open (self, error)) == NULL)
    return -1;

  stmt = eb_sqlite_prepare (self->db, "SELECT count(*) FROM registry", error);
  if (stmt == NULL || !eb_sqlite_step (self->db, stmt, NULL, "Could not read the registry", error))
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

/* Sessions and captchas */

static gboolean
insert_captcha (EbPortalDb    *self,
                gint64         session_id,
                const char    *captcha_id,
                const guint8  *captcha_mac,
                gint64         now,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = eb_sqlite_prepare (self->db, "DELETE FROM captchas WHERE session_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not replace the captcha", error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO captchas (id, session_id, answer_mac, created_at)"
                            " VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, captcha_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, session_id);
  sqlite3_bind_blob (stmt, 3, captcha_mac, EB_SHA256_LENGTH, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);

  return eb_sqlite_step (self->db, stmt, NULL, "Could not store the captcha", error);
}

/**
 * eb_portal_db_create_session:
 * @token_hash: the SHA-256 of the new token
 *
 * Creates an application in `started`, its session and first captcha, and
 * audits the start, in one transaction.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
EbPortalSession *
eb_portal_db_create_session (EbPortalDb           *self,
                             const guint8         *token_hash,
                             const char           *captcha_id,
                             const guint8         *captcha_mac,
                             const EbPortalAudit  *audit,
                             GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EbPortalSession) session = g_new0 (EbPortalSession, 1);
  EbPortalAudit session_audit;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  session->tag = session_tag (token_hash);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;
  if (!eb_sqlite_begin (self->db, error))
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO applications (state, created_at, updated_at) VALUES (?1, ?2, ?2)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, state_names[EB_PORTAL_STATE_STARTED], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, audit->now);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not start the application", error))
    goto fail;
  session->application_id = sqlite3_last_insert_rowid (eb_sqlite_get_handle (self->db));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO sessions (token_hash, application_id, created_at, last_seen)"
                            " VALUES (?1, ?2, ?3, ?3)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_blob (stmt, 1, token_hash, EB_SHA256_LENGTH, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, session->application_id);
  sqlite3_bind_int64 (stmt, 3, audit->now);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not start the session", error))
    goto fail;
  session->id = sqlite3_last_insert_rowid (eb_sqlite_get_handle (self->db));
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The audit of the start names the session it starts. */
  session_audit = *audit;
  session_audit.session_tag = session->tag;
  if (!insert_captcha (self, session->id, captcha_id, captcha_mac, audit->now, error) ||
      !insert_audit (self, &session_audit, session->application_id, NULL, NULL,
                     state_names[EB_PORTAL_STATE_STARTED], error) ||
      !eb_sqlite_commit (self->db, error))
    goto fail;

  return g_steal_pointer (&session);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  eb_sqlite_rollback (self->db);
  return NULL;
}

/**
 * eb_portal_db_lookup_session:
 * @idle_limit: µs without a request after which the session is over
 *
 * Finds the session of a token and renews it. An expired session is deleted.
 *
 * Returns: (transfer full) (nullable): the session; %NULL without an error
 *   if the token is unknown or its session expired
 */
EbPortalSession *
eb_portal_db_lookup_session (EbPortalDb    *self,
                             const guint8  *token_hash,
                             gint64         now,
                             gint64         idle_limit,
                             GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EbPortalSession) session = NULL;
  gint64 last_seen;
  int rc;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT id, application_id, last_seen FROM sessions WHERE token_hash = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, token_hash, EB_SHA256_LENGTH, SQLITE_STATIC);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the session", error) || rc != SQLITE_ROW)
    return NULL;

  session = g_new0 (EbPortalSession, 1);
  session->id = sqlite3_column_int64 (stmt, 0);
  session->application_id = sqlite3_column_int64 (stmt, 1);
  session->tag = session_tag (token_hash);
  last_seen = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (now - last_seen > idle_limit)
    {
      stmt = eb_sqlite_prepare (self->db, "DELETE FROM sessions WHERE id = ?1", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, session->id);
      eb_sqlite_step (self->db, stmt, NULL, "Could not close the session", error);
      return NULL;
    }

  if (now - last_seen >= RENEW_GRANULARITY)
    {
      stmt = eb_sqlite_prepare (self->db, "UPDATE sessions SET last_seen = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, session->id);
      if (!eb_sqlite_step (self->db, stmt, NULL, "Could not renew the session", error))
        return NULL;
    }

  return g_steal_pointer (&session);
}

/**
 * eb_portal_db_replace_captcha:
 *
 * Makes @captcha_id the session's only captcha; the one before is void.
 */
gboolean
eb_portal_db_replace_captcha (EbPortalDb    *self,
                              gint64         session_id,
                              const char    *captcha_id,
                              const guint8  *captcha_mac,
                              gint64         now,
                              GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;
  if (!insert_captcha (self, session_id, captcha_id, captcha_mac, now, error) ||
      !eb_sqlite_commit (self->db, error))
    {
      eb_sqlite_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

/**
 * eb_portal_db_take_captcha:
 * @not_before: captchas made before this time (µs) are expired
 * @mac_out: (out caller-allocates): the answer's MAC, %EB_SHA256_LENGTH bytes
 * @found: (out): whether the session has this captcha and it is fresh
 *
 * Takes the captcha out of the database: it can be answered once only,
 * whatever the answer.
 */
gboolean
eb_portal_db_take_captcha (EbPortalDb    *self,
                           gint64         session_id,
                           const char    *captcha_id,
                           gint64         not_before,
                           guint8        *mac_out,
                           gboolean      *found,
                           GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  *found = FALSE;
  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT answer_mac, created_at FROM captchas WHERE id = ?1 AND session_id = ?2",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, captcha_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, session_id);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the captcha", error))
    goto fail;
  if (rc != SQLITE_ROW)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      return eb_sqlite_commit (self->db, error);
    }

  if (sqlite3_column_bytes (stmt, 0) == EB_SHA256_LENGTH &&
      sqlite3_column_int64 (stmt, 1) >= not_before)
    {
      memcpy (mac_out, sqlite3_column_blob (stmt, 0), EB_SHA256_LENGTH);
      *found = TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = eb_sqlite_prepare (self->db, "DELETE FROM captchas WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, captcha_id, -1, SQLITE_STATIC);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not use up the captcha", error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (eb_sqlite_commit (self->db, error))
    return TRUE;

fail:
  *found = FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  eb_sqlite_rollback (self->db);
  return FALSE;
}

/* Login throttling */

/**
 * eb_portal_db_count_login_failures:
 * @oldest: (out): the time of the oldest failure counted (µs), 0 if none
 */
gboolean
eb_portal_db_count_login_failures (EbPortalDb  *self,
                                   const char  *client,
                                   gint64       since,
                                   guint       *count,
                                   gint64      *oldest,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT count(*), min(at) FROM login_failures WHERE client = ?1 AND at >= ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, client, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, since);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not read the failed logins", error))
    return FALSE;

  *count = (guint) sqlite3_column_int64 (stmt, 0);
  *oldest = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/**
 * eb_portal_db_add_login_failure:
 * @forget_before: failures older than this (µs) no longer count and are deleted
 */
gboolean
eb_portal_db_add_login_failure (EbPortalDb  *self,
                                const char  *client,
                                gint64       now,
                                gint64       forget_before,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  stmt = eb_sqlite_prepare (self->db, "DELETE FROM login_failures WHERE at < ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, forget_before);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not record the failed login", error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = eb_sqlite_prepare (self->db, "INSERT INTO login_failures (client, at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, client, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not record the failed login", error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (eb_sqlite_commit (self->db, error))
    return TRUE;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  eb_sqlite_rollback (self->db);
  return FALSE;
}

/* Applications */

/**
 * eb_portal_db_load_application:
 *
 * Returns: (transfer full): the application, or %NULL with @error set
 */
EbPortalApplication *
eb_portal_db_load_application (EbPortalDb  *self,
                               gint64       id,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EbPortalApplication) application = NULL;
  int rc;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT state, person, form, method, application_no, sms_sends,"
                            " sms_last_sent, sms_code_mac, sms_code_sent_at, sms_code_tries"
                            " FROM applications WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the application", error))
    return NULL;

  application = g_new0 (EbPortalApplication, 1);
  if (rc != SQLITE_ROW ||
      !eb_portal_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &application->state))
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                   "Application %" G_GINT64_FORMAT " is missing or unreadable", id);
      return NULL;
    }

  application->id = id;
  application->person = dup_column (stmt, 1);
  application->form = dup_column (stmt, 2);
  application->method = dup_column (stmt, 3);
  application->application_no = dup_column (stmt, 4);
  application->sms_sends = (guint) sqlite3_column_int (stmt, 5);
  application->sms_last_sent = sqlite3_column_int64 (stmt, 6);
  application->has_code = sqlite3_column_bytes (stmt, 7) == EB_SHA256_LENGTH;
  if (application->has_code)
    memcpy (application->code_mac, sqlite3_column_blob (stmt, 7), EB_SHA256_LENGTH);
  application->code_sent_at = sqlite3_column_int64 (stmt, 8);
  application->code_tries = (guint) sqlite3_column_int (stmt, 9);

  return g_steal_pointer (&application);
}

/**
 * eb_portal_db_list_history:
 *
 * Returns: (transfer full) (element-type EbPortalHistoryEntry): the states
 *   the application went through, oldest first
 */
GArray *
eb_portal_db_list_history (EbPortalDb  *self,
                           gint64       id,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (EbPortalHistoryEntry));
  int rc;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT new_state, at FROM audit WHERE application_id = ?1 ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (eb_sqlite_step (self->db, stmt, &rc, "Could not read the history", error))
    {
      EbPortalHistoryEntry entry;

      if (rc == SQLITE_DONE)
        return g_steal_pointer (&history);
      if (!eb_portal_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &entry.state))
        continue;
      entry.at = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (history, entry);
    }

  return NULL;
}

static void
bind_authenticate (sqlite3_stmt  *stmt,
                   gconstpointer  data)
{
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
}

/**
 * eb_portal_db_authenticate:
 * @person: the registry's record as a JSON object
 *
 * `started` → `authenticated`; fails with %EB_PORTAL_API_ERROR_WRONG_STATE otherwise.
 */
gboolean
eb_portal_db_authenticate (EbPortalDb           *self,
                           gint64                id,
                           const char           *person,
                           const EbPortalAudit  *audit,
                           GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  if (!transition (self, id, STATE_BIT (EB_PORTAL_STATE_STARTED), EB_PORTAL_STATE_AUTHENTICATED,
                   audit, error) ||
      !update_application (self, id,
                           "UPDATE applications SET person = ?2, tckn = json_extract (?2, '$.tckn')"
                           " WHERE id = ?1",
                           bind_authenticate, person, error) ||
      !eb_sqlite_commit (self->db, error))
    {
      eb_sqlite_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *form;
  const char *hash;
  gint64      now;
} FormData;

static void
bind_form (sqlite3_stmt  *stmt,
           gconstpointer  data)
{
  const FormData *form = data;

  sqlite3_bind_text (stmt, 2, form->form, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, form->hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, form->now);
}

/**
 * eb_portal_db_save_form:
 * @form: the normalised fields as a JSON object, without the security word
 * @security_word_hash: from eb_portal_hash_secret()
 *
 * `authenticated` or `form_saved` → `form_saved`. A code sent for an
 * earlier save is void: the number it went to may have changed.
 */
gboolean
eb_portal_db_save_form (EbPortalDb           *self,
                        gint64                id,
                        const char           *form,
                        const char           *security_word_hash,
                        const EbPortalAudit  *audit,
                        GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  FormData data = { form, security_word_hash, audit->now };

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  if (!transition (self, id,
                   STATE_BIT (EB_PORTAL_STATE_AUTHENTICATED) | STATE_BIT (EB_PORTAL_STATE_FORM_SAVED),
                   EB_PORTAL_STATE_FORM_SAVED, audit, error) ||
      !update_application (self, id,
                           "UPDATE applications SET form = ?2, security_word_hash = ?3,"
                           " sms_code_mac = NULL, sms_code_tries = 0, updated_at = ?4 WHERE id = ?1",
                           bind_form, &data, error) ||
      !eb_sqlite_commit (self->db, error))
    {
      eb_sqlite_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

static void
bind_int64_2 (sqlite3_stmt  *stmt,
              gconstpointer  data)
{
  sqlite3_bind_int64 (stmt, 2, *(const gint64 *) data);
}

/**
 * eb_portal_db_reserve_sms:
 * @min_interval: µs that must pass between two sends
 * @previous_sent: (out): the time of the send before, for eb_portal_db_release_sms()
 * @sends: (out): the number of sends including this one
 * @retry_after: (out): with %EB_PORTAL_API_ERROR_SMS_RESEND_TOO_SOON, µs to wait
 *
 * Counts a send before it is made, so two requests at once cannot both
 * pass the limits; the current code is void from here on. Fails with
 * %EB_PORTAL_API_ERROR_WRONG_STATE unless in `form_saved`, or with
 * %EB_PORTAL_API_ERROR_SMS_RESEND_LIMIT or _SMS_RESEND_TOO_SOON.
 */
gboolean
eb_portal_db_reserve_sms (EbPortalDb  *self,
                          gint64       id,
                          guint        max_sends,
                          gint64       min_interval,
                          gint64       now,
                          gint64      *previous_sent,
                          guint       *sends,
                          gint64      *retry_after,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EbPortalState state;
  guint sent;
  gint64 last;
  int rc;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  *retry_after = 0;
  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  stmt = eb_sqlite_prepare (self->db,
                            "SELECT state, sms_sends, sms_last_sent FROM applications WHERE id = ?1",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!eb_sqlite_step (self->db, stmt, &rc, "Could not read the application", error))
    goto fail;
  if (rc != SQLITE_ROW ||
      !eb_portal_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state) ||
      state != EB_PORTAL_STATE_FORM_SAVED)
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_WRONG_STATE,
                           "A code is sent only for a saved form");
      goto fail;
    }
  sent = (guint) sqlite3_column_int (stmt, 1);
  last = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sent >= max_sends)
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_SMS_RESEND_LIMIT,
                   "%u codes were sent already", sent);
      goto fail;
    }
  if (sent > 0 && now - last < min_interval)
    {
      *retry_after = min_interval - (now - last);
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_SMS_RESEND_TOO_SOON,
                           "The last code was sent too recently");
      goto fail;
    }

  if (!update_application (self, id,
                           "UPDATE applications SET sms_sends = sms_sends + 1, sms_last_sent = ?2,"
                           " sms_code_mac = NULL, sms_code_tries = 0 WHERE id = ?1",
                           bind_int64_2, &now, error) ||
      !eb_sqlite_commit (self->db, error))
    goto fail;

  *previous_sent = last;
  *sends = sent + 1;
  return TRUE;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  eb_sqlite_rollback (self->db);
  return FALSE;
}

/**
 * eb_portal_db_release_sms:
 *
 * Undoes eb_portal_db_reserve_sms() after the gateway refused the message:
 * a send that did not happen does not count.
 */
gboolean
eb_portal_db_release_sms (EbPortalDb  *self,
                          gint64       id,
                          gint64       previous_sent,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;

  return update_application (self, id,
                             "UPDATE applications SET sms_sends = max (sms_sends - 1, 0),"
                             " sms_last_sent = ?2 WHERE id = ?1",
                             bind_int64_2, &previous_sent, error);
}

typedef struct
{
  const guint8 *mac;
  gint64        now;
} CodeData;

static void
bind_code (sqlite3_stmt  *stmt,
           gconstpointer  data)
{
  const CodeData *code = data;

  sqlite3_bind_blob (stmt, 2, code->mac, EB_SHA256_LENGTH, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, code->now);
}

/**
 * eb_portal_db_store_sms_code:
 * @code_mac: the code's HMAC, never the code
 */
gboolean
eb_portal_db_store_sms_code (EbPortalDb    *self,
                             gint64         id,
                             const guint8  *code_mac,
                             gint64         now,
                             GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  CodeData data = { code_mac, now };

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;

  /* Only while still in form_saved: a save of the form since then voids it. */
  return update_application (self, id,
                             "UPDATE applications SET sms_code_mac = ?2, sms_code_sent_at = ?3,"
                             " sms_code_tries = 0 WHERE id = ?1 AND state = 'form_saved'",
                             bind_code, &data, error);
}

/**
 * eb_portal_db_count_sms_try:
 *
 * Counts a wrong try of the current code.
 */
gboolean
eb_portal_db_count_sms_try (EbPortalDb  *self,
                            gint64       id,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;

  return update_application (self, id,
                             "UPDATE applications SET sms_code_tries = sms_code_tries + 1 WHERE id = ?1",
                             NULL, NULL, error);
}

/**
 * eb_portal_db_verify_phone:
 *
 * `form_saved` → `phone_verified`; the code is used up.
 */
gboolean
eb_portal_db_verify_phone (EbPortalDb           *self,
                           gint64                id,
                           const EbPortalAudit  *audit,
                           GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = lock_open (self, error)) == NULL)
    return FALSE;
  if (!eb_sqlite_begin (self->db, error))
    return FALSE;

  if (!transition (self, id, STATE_BIT (EB_PORTAL_STATE_FORM_SAVED), EB_PORTAL_STATE_PHONE_VERIFIED,
                   audit, error) ||
      !update_application (self, id, "UPDATE applications SET sms_code_mac = NULL WHERE id = ?1",
                           NULL, NULL, error) ||
      !eb_sqlite_commit (self->db, error))
    {
      eb_sqlite_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *method;
  const char *number;
} MethodData;

static void
bind_method (sqlite3_stmt  *stmt,
             gconstpointer  data)
{
  const MethodData *method = data;

  sqlite3_bind_text (stmt, 2, method->method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, method->number, -1, SQLITE_STATIC);
}

static char *
next_application_no (EbPortalDb  *self,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int year = g_date_time_get_year (date);

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO application_numbers (year, last) VALUES (?1, 1)"
                            " ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  if (!eb_sqlite_step (self->db, stmt, NULL, "Could not number the application", error))
    return NULL;

  return g_strdup_printf ("MEB-%04d-%06" G_GINT64_FORMAT, year, (gint64) sqlite3_column_int64 (stmt, 0));
}

/**
 * eb_portal_db_choose_method:
 * @method: "wet" or "esign"
 *
 * `phone_verified` → `method_chosen`, numbering the application
 * (MEB-YYYY-NNNNNN, counted per year).
 *
 * Returns: (transfer full): the application number, or %NULL with @error set
 */
char *
eb_portal_db_choose_method (EbPortalDb           *self,
                            gint64                id,
                            const char           *method,
                            const EbPortalAudit  *audit,
                            GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *number = NULL;
  MethodData data;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = lock_open (self, error)) == NULL)
    return NULL;
  if (!eb_sqlite_begin (self->db, error))
    return NULL;

  /* Numbered first, so the audit of the change carries the number. */
  if ((number = next_application_no (self, audit->now, error)) == NULL)
    goto fail;
  data.method = method;
  data.number = number;
  if (!update_application (self, id,
                           "UPDATE applications SET method = ?2, application_no = ?3"
                           " WHERE id = ?1 AND state = 'phone_verified'",
                           bind_method, &data, error) ||
      !transition (self, id, STATE_BIT (EB_PORTAL_STATE_PHONE_VERIFIED), EB_PORTAL_STATE_METHOD_CHOSEN,
                   audit, error) ||
      !eb_sqlite_commit (self->db, error))
    goto fail;

  return g_steal_pointer (&number);

fail:
  eb_sqlite_rollback (self->db);
  return NULL;
}
