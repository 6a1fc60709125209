/* eb-portal-db-applications.c — the portal database's applications and their states
 *
 * Each step is one transaction that checks the state it starts from, moves
 * the application on and writes the audit, so two requests racing for the
 * same step cannot both win.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-portal-api-error.h"
#include "eb-portal-db-private.h"

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

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
    return NULL;

  stmt = eb_portal_db_query (self,
                             "SELECT state, person, form, method, application_no, sms_sends,"
                             " sms_last_sent, sms_code_mac, sms_code_sent_at, sms_code_tries"
                             " FROM applications WHERE id = ?1",
                             id, NULL, NULL, &rc, "Could not read the application", error);
  if (stmt == NULL)
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
  application->person = eb_portal_db_dup_column (stmt, 1);
  application->form = eb_portal_db_dup_column (stmt, 2);
  application->method = eb_portal_db_dup_column (stmt, 3);
  application->application_no = eb_portal_db_dup_column (stmt, 4);
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

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
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

/* eb_portal_db_update() on its own, without a change of state. */
static gboolean
update_locked (EbPortalDb        *self,
               gint64             id,
               const char        *sql,
               EbPortalBindFunc   bind,
               gconstpointer      data,
               GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
    return FALSE;

  return eb_portal_db_update (self, id, sql, bind, data, error);
}

/* One step of the application in one transaction: from a state of @allowed
 * to @to, then @sql as eb_portal_db_update() runs it. */
static gboolean
advance (EbPortalDb           *self,
         gint64                id,
         guint                 allowed,
         EbPortalState         to,
         const EbPortalAudit  *audit,
         const char           *sql,
         EbPortalBindFunc      bind,
         gconstpointer         data,
         GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;

  return eb_portal_db_end (self,
                           eb_portal_db_transition (self, id, allowed, to, audit, error) &&
                           eb_portal_db_update (self, id, sql, bind, data, error),
                           error);
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
  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  return advance (self, id, STATE_BIT (EB_PORTAL_STATE_STARTED), EB_PORTAL_STATE_AUTHENTICATED, audit,
                  "UPDATE applications SET person = ?2, tckn = json_extract (?2, '$.tckn')"
                  " WHERE id = ?1",
                  eb_portal_db_bind_text, person, error);
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
  FormData data = { form, security_word_hash, audit->now };

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  return advance (self, id,
                  STATE_BIT (EB_PORTAL_STATE_AUTHENTICATED) | STATE_BIT (EB_PORTAL_STATE_FORM_SAVED),
                  EB_PORTAL_STATE_FORM_SAVED, audit,
                  "UPDATE applications SET form = ?2, security_word_hash = ?3,"
                  " sms_code_mac = NULL, sms_code_tries = 0, updated_at = ?4 WHERE id = ?1",
                  bind_form, &data, error);
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
  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;

  stmt = eb_portal_db_query (self, "SELECT state, sms_sends, sms_last_sent FROM applications WHERE id = ?1",
                             id, NULL, NULL, &rc, "Could not read the application", error);
  if (stmt == NULL)
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

  if (!eb_portal_db_update (self, id,
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
  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  return update_locked (self, id,
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
  CodeData data = { code_mac, now };

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  /* Only while still in form_saved: a save of the form since then voids it. */
  return update_locked (self, id,
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
  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  return update_locked (self, id, "UPDATE applications SET sms_code_tries = sms_code_tries + 1 WHERE id = ?1",
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
  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);

  return advance (self, id, STATE_BIT (EB_PORTAL_STATE_FORM_SAVED), EB_PORTAL_STATE_PHONE_VERIFIED, audit,
                  "UPDATE applications SET sms_code_mac = NULL WHERE id = ?1", NULL, NULL, error);
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
                     const char  *prefix,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int year = g_date_time_get_year (date);

  stmt = eb_portal_db_query (self,
                             "INSERT INTO application_numbers (year, last) VALUES (?1, 1)"
                             " ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
                             year, NULL, NULL, NULL, "Could not number the application", error);
  if (stmt == NULL)
    return NULL;

  return g_strdup_printf ("%s-%04d-%06" G_GINT64_FORMAT, prefix, year,
                          (gint64) sqlite3_column_int64 (stmt, 0));
}

/**
 * eb_portal_db_choose_method:
 * @method: "wet" or "esign"
 * @number_prefix: "MEB", or the practice portal's "ALISTIRMA"
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
                            const char           *number_prefix,
                            const EbPortalAudit  *audit,
                            GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *number = NULL;
  MethodData data;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return NULL;

  /* Numbered first, so the audit of the change carries the number. */
  number = next_application_no (self, number_prefix, audit->now, error);
  data.method = method;
  data.number = number;
  if (!eb_portal_db_end (self,
                         number != NULL &&
                         eb_portal_db_update (self, id,
                                              "UPDATE applications SET method = ?2, application_no = ?3"
                                              " WHERE id = ?1 AND state = 'phone_verified'",
                                              bind_method, &data, error) &&
                         eb_portal_db_transition (self, id, STATE_BIT (EB_PORTAL_STATE_PHONE_VERIFIED),
                                                  EB_PORTAL_STATE_METHOD_CHOSEN, audit, error),
                         error))
    return NULL;

  return g_steal_pointer (&number);
}

/* The issued document of @id, or NULL (no error) if there is none yet; the
 * caller holds the mutex. */
static GBytes *
select_issued (EbPortalDb  *self,
               gint64       id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = eb_portal_db_query (self, "SELECT issued FROM documents WHERE application_id = ?1", id,
                             NULL, NULL, &rc, "Could not read the issued form", error);
  if (stmt == NULL || rc != SQLITE_ROW)
    return NULL;

  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

typedef struct
{
  GBytes     *pdf;
  const char *digest;
  gint64      now;
} IssueData;

static void
bind_issue (sqlite3_stmt  *stmt,
            gconstpointer  data)
{
  const IssueData *issue = data;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (issue->pdf, &size);

  sqlite3_bind_blob64 (stmt, 2, bytes, size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, issue->digest, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, issue->now);
}

/**
 * eb_portal_db_issue_document:
 * @pdf: the form document just rendered
 *
 * `method_chosen` → `form_issued`, keeping @pdf and its SHA-256. If a
 * document was issued already (a repeated request, or one that raced this
 * one) that one is kept and returned instead, so the application only ever
 * has one issued form. Fails with %EB_PORTAL_API_ERROR_WRONG_STATE before
 * `method_chosen`.
 *
 * Returns: (transfer full): the bytes issued for the application
 */
GBytes *
eb_portal_db_issue_document (EbPortalDb           *self,
                             gint64                id,
                             GBytes               *pdf,
                             const EbPortalAudit  *audit,
                             GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GBytes) issued = NULL;
  g_autofree char *digest = NULL;
  GError *local_error = NULL;
  IssueData data;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return NULL;

  issued = select_issued (self, id, &local_error);
  if (issued != NULL || local_error != NULL)
    {
      eb_portal_db_end (self, FALSE, NULL);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return g_steal_pointer (&issued);
    }

  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  data = (IssueData) { pdf, digest, audit->now };
  if (!eb_portal_db_end (self,
                         eb_portal_db_transition (self, id, STATE_BIT (EB_PORTAL_STATE_METHOD_CHOSEN),
                                                  EB_PORTAL_STATE_FORM_ISSUED, audit, error) &&
                         eb_portal_db_run (self,
                                           "INSERT INTO documents (application_id, issued, issued_sha256,"
                                           " issued_at) VALUES (?1, ?2, ?3, ?4)",
                                           id, bind_issue, &data, "Could not store the issued form", error),
                         error))
    return NULL;

  return g_bytes_ref (pdf);
}

/**
 * eb_portal_db_load_issued_document:
 *
 * Returns: (transfer full) (nullable): the bytes issued for the
 *   application; %NULL with @error unset if none was issued
 */
GBytes *
eb_portal_db_load_issued_document (EbPortalDb  *self,
                                   gint64       id,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), NULL);

  if ((locker = eb_portal_db_lock_open (self, error)) == NULL)
    return NULL;

  return select_issued (self, id, error);
}

typedef struct
{
  IssueData   document;   /* the signed file, bound as an issued one is */
  const char *name;
  const char *tckn;
  const char *serial;
} SignedData;

static void
bind_signed (sqlite3_stmt  *stmt,
             gconstpointer  data)
{
  const SignedData *signed_data = data;

  bind_issue (stmt, &signed_data->document);
  sqlite3_bind_text (stmt, 5, signed_data->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, signed_data->tckn, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, signed_data->serial, -1, SQLITE_STATIC);
}

/**
 * eb_portal_db_accept_signed_document:
 * @pdf: the signed form, verified
 *
 * `form_issued` → `signature_verified` → `awaiting_approval` in one
 * transaction (both audited), keeping the signed bytes and who signed.
 */
gboolean
eb_portal_db_accept_signed_document (EbPortalDb           *self,
                                     gint64                id,
                                     GBytes               *pdf,
                                     const char           *signer_name,
                                     const char           *signer_tckn,
                                     const char           *signer_serial,
                                     const EbPortalAudit  *audit,
                                     GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *digest = NULL;
  SignedData data;

  g_return_val_if_fail (EB_IS_PORTAL_DB (self), FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);

  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  data = (SignedData) { { pdf, digest, audit->now }, signer_name, signer_tckn, signer_serial };

  if ((locker = eb_portal_db_lock_begin (self, error)) == NULL)
    return FALSE;

  return eb_portal_db_end (self,
                           eb_portal_db_transition (self, id, STATE_BIT (EB_PORTAL_STATE_FORM_ISSUED),
                                                    EB_PORTAL_STATE_SIGNATURE_VERIFIED, audit, error) &&
                           eb_portal_db_run (self,
                                             "UPDATE documents SET signed = ?2, signed_sha256 = ?3,"
                                             " signed_at = ?4, signer_name = ?5, signer_tckn = ?6,"
                                             " signer_serial = ?7 WHERE application_id = ?1",
                                             id, bind_signed, &data, "Could not store the signed form",
                                             error) &&
                           eb_portal_db_transition (self, id, STATE_BIT (EB_PORTAL_STATE_SIGNATURE_VERIFIED),
                                                    EB_PORTAL_STATE_AWAITING_APPROVAL, audit, error),
                           error);
}
