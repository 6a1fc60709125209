/* eb-store.h — the local SQLite store: drafts and the history of applications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EB_STORE_ERROR (eb_store_error_quark ())

typedef enum
{
  EB_STORE_ERROR_FAILED,          /* anything not listed below */
  EB_STORE_ERROR_IO,              /* the file or its folder cannot be opened, read or written */
  EB_STORE_ERROR_READ_ONLY,       /* no permission to write, or a read-only file system */
  EB_STORE_ERROR_FULL,            /* the disk (or the user's quota) is full */
  EB_STORE_ERROR_BUSY,            /* another process keeps the database locked */
  EB_STORE_ERROR_CORRUPT,         /* damaged, and could not be moved aside */
  EB_STORE_ERROR_SCHEMA_TOO_NEW,  /* written by a newer version of the app; left alone */
  EB_STORE_ERROR_INVALID_DATA,    /* a stored value does not parse */
  EB_STORE_ERROR_NOT_FOUND,       /* no application with that id */
  EB_STORE_ERROR_EXISTS,          /* an application with that number is already recorded */
  EB_STORE_ERROR_CLOSED,          /* eb_store_close() was called */
} EbStoreError;

GQuark eb_store_error_quark (void);

/* One row of the application history. Immutable once returned, so it can be
 * shared between threads. */
typedef struct
{
  gint64    id;
  char     *person_key;
  char     *application_no;  /* nullable: not yet numbered by the portal */
  char     *method;          /* nullable: not yet chosen */
  char     *state;
  GVariant *summary;         /* a{ss}, never NULL */
  gint64    created_at;      /* unix time, µs */
  gint64    updated_at;      /* unix time, µs */
  guint     checklist;       /* EbChecklistItem flags */
  gboolean  has_document;    /* the issued form is kept */
} EbApplicationRecord;

/* Yöntem 1: what became of the three printed copies (seed). */
typedef enum /*< flags >*/
{
  EB_CHECKLIST_MAILED            = 1 << 0,  /* to Kamu SM, Pk:74, 41470 Gebze/KOCAELİ */
  EB_CHECKLIST_HANDED_TO_DISTRICT = 1 << 1, /* to the district MEB IT unit */
  EB_CHECKLIST_KEPT              = 1 << 2,  /* the applicant's own */
} EbChecklistItem;

#define EB_CHECKLIST_ALL (EB_CHECKLIST_MAILED | EB_CHECKLIST_HANDED_TO_DISTRICT | EB_CHECKLIST_KEPT)

#define EB_TYPE_APPLICATION_RECORD (eb_application_record_get_type ())

GType                eb_application_record_get_type (void) G_GNUC_CONST;
EbApplicationRecord *eb_application_record_ref      (EbApplicationRecord *record);
void                 eb_application_record_unref    (EbApplicationRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbApplicationRecord, eb_application_record_unref)

#define EB_TYPE_STORE (eb_store_get_type ())

G_DECLARE_FINAL_TYPE (EbStore, eb_store, EB, STORE, GObject)

char       *eb_store_dup_default_path         (void);

EbStore    *eb_store_open                     (const char           *path,
                                               GError              **error);
gboolean    eb_store_close                    (EbStore              *self,
                                               GError              **error);
const char *eb_store_get_path                 (EbStore              *self);
const char *eb_store_get_moved_aside_path     (EbStore              *self);
int         eb_store_get_schema_version       (EbStore              *self);

gboolean    eb_store_save_draft               (EbStore              *self,
                                               const char           *person_key,
                                               GVariant             *fields,
                                               GError              **error);
void        eb_store_save_draft_async         (EbStore              *self,
                                               const char           *person_key,
                                               GVariant             *fields,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean    eb_store_save_draft_finish        (EbStore              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
GVariant   *eb_store_load_draft               (EbStore              *self,
                                               const char           *person_key,
                                               GError              **error);
GVariant   *eb_store_load_latest_draft        (EbStore              *self,
                                               char                **person_key_out,
                                               GError              **error);
gboolean    eb_store_delete_draft             (EbStore              *self,
                                               const char           *person_key,
                                               GError              **error);

gint64      eb_store_add_application          (EbStore              *self,
                                               const char           *person_key,
                                               const char           *application_no,
                                               const char           *method,
                                               const char           *state,
                                               GVariant             *summary,
                                               GError              **error);
gboolean    eb_store_update_application_state (EbStore              *self,
                                               gint64                id,
                                               const char           *state,
                                               const char           *note,
                                               GError              **error);
gboolean    eb_store_set_application_checklist (EbStore             *self,
                                               gint64                id,
                                               guint                 checklist,
                                               GError              **error);
gboolean    eb_store_save_application_document (EbStore             *self,
                                               gint64                id,
                                               GBytes               *document,
                                               GError              **error);
GBytes     *eb_store_load_application_document (EbStore             *self,
                                               gint64                id,
                                               GError              **error);
GPtrArray  *eb_store_list_applications        (EbStore              *self,
                                               const char           *person_key,
                                               GError              **error);

G_END_DECLS
