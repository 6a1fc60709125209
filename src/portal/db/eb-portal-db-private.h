/* eb-portal-db-private.h — what the parts of EbPortalDb share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-portal-db.h"
#include "eb-sqlite.h"

G_BEGIN_DECLS

struct _EbPortalDb
{
  GObject parent_instance;

  GMutex    mutex;      /* guards db */
  EbSqlite *db;         /* NULL once closed */
  GBytes   *server_key;
};

#define STATE_BIT(s) (1u << (s))

/* Binds a statement's parameters from ?2 on (?1 is bound by the caller). */
typedef void (*EbPortalBindFunc) (sqlite3_stmt  *stmt,
                                  gconstpointer  data);

/* The caller of these holds the mutex (eb_portal_db_lock_open()). */
GMutexLocker *eb_portal_db_lock_open          (EbPortalDb           *self,
                                               GError              **error);
GMutexLocker *eb_portal_db_lock_begin         (EbPortalDb           *self,
                                               GError              **error);
gboolean      eb_portal_db_end                (EbPortalDb           *self,
                                               gboolean              ok,
                                               GError              **error);
sqlite3_stmt *eb_portal_db_query              (EbPortalDb           *self,
                                               const char           *sql,
                                               gint64                param,
                                               EbPortalBindFunc      bind,
                                               gconstpointer         data,
                                               int                  *rc,
                                               const char           *what,
                                               GError              **error);
gboolean      eb_portal_db_run                (EbPortalDb           *self,
                                               const char           *sql,
                                               gint64                param,
                                               EbPortalBindFunc      bind,
                                               gconstpointer         data,
                                               const char           *what,
                                               GError              **error);
void          eb_portal_db_bind_text          (sqlite3_stmt         *stmt,
                                               gconstpointer         data);
char         *eb_portal_db_dup_column         (sqlite3_stmt         *stmt,
                                               int                   column);
char         *eb_portal_db_session_tag        (const guint8         *token_hash);
gboolean      eb_portal_db_insert_audit       (EbPortalDb           *self,
                                               const EbPortalAudit  *audit,
                                               gint64                application_id,
                                               const char           *application_no,
                                               const char           *old_state,
                                               const char           *new_state,
                                               GError              **error);
gboolean      eb_portal_db_transition         (EbPortalDb           *self,
                                               gint64                id,
                                               guint                 allowed,
                                               EbPortalState         to,
                                               const EbPortalAudit  *audit,
                                               GError              **error);
gboolean      eb_portal_db_update             (EbPortalDb           *self,
                                               gint64                id,
                                               const char           *sql,
                                               EbPortalBindFunc      bind,
                                               gconstpointer         data,
                                               GError              **error);

G_END_DECLS
