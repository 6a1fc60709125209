/* eb-portal-db-sessions.c — the portal database's sessions, captchas and failed logins
 *
 * A session is known by its token's SHA-256 only, a captcha by its
 * answer's HMAC; both are swept out once useless. Failed logins are
 * counted per client address for the throttle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-portal-db-private.h"

/* A session is renewed at most once a second: a request stream then costs
 * no write per request, and a second is nothing against 30 minutes. */
#define RENEW_GRANULARITY G_USEC_PER_SEC

static gboolean
insert_captcha (EbPortalDb    *self,
                gint64         session_id,
                const char    *captcha_id,
                const guint8  *captcha_mac,
                gint64         now,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!eb_portal_db_run (self, "DELETE FROM captchas WHERE session_id = ?1", session_id, NULL, NULL,
                         "Could not replace the captcha", error))
    return FALSE;

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

  session->tag = eb_portal_db_session_tag (token_hash);

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return NULL;

  stmt = eb_sqlite_prepare (self->db,
                            "INSERT INTO applications (state, created_at, updated_at) VALUES (?1, ?2, ?2)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, eb_portal_state_to_string (EB_PORTAL_STATE_STARTED), -1, SQLITE_STATIC);
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
      !eb_portal_db_insert_audit (self, &session_audit, session->application_id, NULL, NULL,
                                  eb_portal_state_to_string (EB_PORTAL_STATE_STARTED), error) ||
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

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
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
  session->tag = eb_portal_db_session_tag (token_hash);
  last_seen = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (now - last_seen > idle_limit)
    {
      eb_portal_db_run (self, "DELETE FROM sessions WHERE id = ?1", session->id, NULL, NULL,
                        "Could not close the session", error);
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
 * eb_portal_db_prune:
 * @sessions_before: sessions idle since before this time (µs) are deleted
 * @captchas_before: captchas made before this time (µs) are deleted
 *
 * Drops what can no longer be used, token hashes and captcha MACs among
 * it; applications and the audit stay.
 */
gboolean
eb_portal_db_prune (EbPortalDb  *self,
                    gint64       sessions_before,
                    gint64       captchas_before,
                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;

  /* Their captchas go with them (ON DELETE CASCADE). */
  ok = eb_portal_db_run (self, "DELETE FROM sessions WHERE last_seen < ?1", sessions_before, NULL, NULL,
                         "Could not delete old sessions", error) &&
       eb_portal_db_run (self, "DELETE FROM captchas WHERE created_at < ?1", captchas_before, NULL, NULL,
                         "Could not delete old captchas", error);

  return eb_portal_db_end (self, ok, error);
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

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;

  return eb_portal_db_end (self, insert_captcha (self, session_id, captcha_id, captcha_mac, now, error),
                           error);
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
  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
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

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
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
  gboolean ok;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;

  ok = eb_portal_db_run (self, "DELETE FROM login_failures WHERE at < ?1", forget_before, NULL, NULL,
                         "Could not record the failed login", error) &&
       eb_portal_db_run (self, "INSERT INTO login_failures (at, client) VALUES (?1, ?2)", now,
                         eb_portal_db_bind_text, client, "Could not record the failed login", error);

  return eb_portal_db_end (self, ok, error);
}
