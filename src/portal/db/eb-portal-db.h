/* eb-portal-db.h — the portal's database: registry, sessions, applications, audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-portal-crypto.h"
#include "eb-portal-registry.h"

G_BEGIN_DECLS

/* The application's states (docs/portal-api.md); it only moves forward. */
typedef enum
{
  EB_PORTAL_STATE_STARTED,
  EB_PORTAL_STATE_AUTHENTICATED,
  EB_PORTAL_STATE_FORM_SAVED,
  EB_PORTAL_STATE_PHONE_VERIFIED,
  EB_PORTAL_STATE_METHOD_CHOSEN,
  EB_PORTAL_STATE_FORM_ISSUED,
  EB_PORTAL_STATE_PAPER_RECEIVED,
  EB_PORTAL_STATE_SIGNATURE_VERIFIED,
  EB_PORTAL_STATE_AWAITING_APPROVAL,
  EB_PORTAL_STATE_APPROVED,
  EB_PORTAL_STATE_REJECTED,
  EB_PORTAL_STATE_PRODUCED,
  EB_PORTAL_STATE_SHIPPED,
} EbPortalState;

const char *eb_portal_state_to_string   (EbPortalState  state);
gboolean    eb_portal_state_from_string (const char    *text,
                                         EbPortalState *state);

/* Who caused a change, for the audit table. Never holds a secret. */
typedef struct
{
  gint64      now;          /* µs since the epoch, from the server's clock */
  const char *session_tag;  /* a prefix of the token's SHA-256, not the token */
  const char *client;       /* the client's address */
} EbPortalAudit;

typedef struct
{
  gint64  id;
  gint64  application_id;
  char   *tag;              /* see EbPortalAudit */
} EbPortalSession;

/* One application row. The security word's hash never leaves the database. */
typedef struct
{
  gint64         id;
  EbPortalState  state;
  char          *person;          /* JSON object text; NULL before login */
  char          *form;            /* JSON object text; NULL before the form is saved */
  char          *method;          /* "wet" or "esign"; NULL before it is chosen */
  char          *application_no;  /* NULL before the method is chosen */
  guint          sms_sends;
  gint64         sms_last_sent;   /* µs; 0 if none was sent */
  gboolean       has_code;
  guint8         code_mac[EB_SHA256_LENGTH];
  gint64         code_sent_at;    /* µs */
  guint          code_tries;      /* wrong tries of the current code */
} EbPortalApplication;

typedef struct
{
  EbPortalState state;
  gint64        at;               /* µs */
} EbPortalHistoryEntry;

void eb_portal_session_free     (EbPortalSession     *session);
void eb_portal_application_free (EbPortalApplication *application);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPortalSession, eb_portal_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPortalApplication, eb_portal_application_free)

#define EB_TYPE_PORTAL_DB (eb_portal_db_get_type ())

G_DECLARE_FINAL_TYPE (EbPortalDb, eb_portal_db, EB, PORTAL_DB, GObject)

EbPortalDb          *eb_portal_db_open                 (const char            *path,
                                                        GError               **error);
gboolean             eb_portal_db_close                (EbPortalDb            *self,
                                                        GError               **error);
GBytes              *eb_portal_db_get_server_key       (EbPortalDb            *self);

gboolean             eb_portal_db_replace_registry     (EbPortalDb            *self,
                                                        GPtrArray             *people,
                                                        GError               **error);
EbRegistryPerson    *eb_portal_db_lookup_person        (EbPortalDb            *self,
                                                        const char            *tckn,
                                                        GError               **error);
gint64               eb_portal_db_count_people         (EbPortalDb            *self,
                                                        GError               **error);

EbPortalSession     *eb_portal_db_create_session       (EbPortalDb            *self,
                                                        const guint8          *token_hash,
                                                        const char            *captcha_id,
                                                        const guint8          *captcha_mac,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);
EbPortalSession     *eb_portal_db_lookup_session       (EbPortalDb            *self,
                                                        const guint8          *token_hash,
                                                        gint64                 now,
                                                        gint64                 idle_limit,
                                                        GError               **error);

gboolean             eb_portal_db_prune                (EbPortalDb            *self,
                                                        gint64                 sessions_before,
                                                        gint64                 captchas_before,
                                                        GError               **error);
gboolean             eb_portal_db_replace_captcha      (EbPortalDb            *self,
                                                        gint64                 session_id,
                                                        const char            *captcha_id,
                                                        const guint8          *captcha_mac,
                                                        gint64                 now,
                                                        GError               **error);
gboolean             eb_portal_db_take_captcha         (EbPortalDb            *self,
                                                        gint64                 session_id,
                                                        const char            *captcha_id,
                                                        gint64                 not_before,
                                                        guint8                *mac_out,
                                                        gboolean              *found,
                                                        GError               **error);

gboolean             eb_portal_db_count_login_failures (EbPortalDb            *self,
                                                        const char            *client,
                                                        gint64                 since,
                                                        guint                 *count,
                                                        gint64                *oldest,
                                                        GError               **error);
gboolean             eb_portal_db_add_login_failure    (EbPortalDb            *self,
                                                        const char            *client,
                                                        gint64                 now,
                                                        gint64                 forget_before,
                                                        GError               **error);

EbPortalApplication *eb_portal_db_load_application     (EbPortalDb            *self,
                                                        gint64                 id,
                                                        GError               **error);
GArray              *eb_portal_db_list_history         (EbPortalDb            *self,
                                                        gint64                 id,
                                                        GError               **error);
gboolean             eb_portal_db_authenticate         (EbPortalDb            *self,
                                                        gint64                 id,
                                                        const char            *person,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);
gboolean             eb_portal_db_save_form            (EbPortalDb            *self,
                                                        gint64                 id,
                                                        const char            *form,
                                                        const char            *security_word_hash,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);
gboolean             eb_portal_db_reserve_sms          (EbPortalDb            *self,
                                                        gint64                 id,
                                                        guint                  max_sends,
                                                        gint64                 min_interval,
                                                        gint64                 now,
                                                        gint64                *previous_sent,
                                                        guint                 *sends,
                                                        gint64                *retry_after,
                                                        GError               **error);
gboolean             eb_portal_db_release_sms          (EbPortalDb            *self,
                                                        gint64                 id,
                                                        gint64                 previous_sent,
                                                        GError               **error);
gboolean             eb_portal_db_store_sms_code       (EbPortalDb            *self,
                                                        gint64                 id,
                                                        const guint8          *code_mac,
                                                        gint64                 now,
                                                        GError               **error);
gboolean             eb_portal_db_count_sms_try        (EbPortalDb            *self,
                                                        gint64                 id,
                                                        GError               **error);
gboolean             eb_portal_db_verify_phone         (EbPortalDb            *self,
                                                        gint64                 id,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);
char                *eb_portal_db_choose_method        (EbPortalDb            *self,
                                                        gint64                 id,
                                                        const char            *method,
                                                        const char            *number_prefix,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);
GBytes              *eb_portal_db_issue_document       (EbPortalDb            *self,
                                                        gint64                 id,
                                                        GBytes                *pdf,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);
GBytes              *eb_portal_db_load_issued_document (EbPortalDb            *self,
                                                        gint64                 id,
                                                        GError               **error);
gboolean             eb_portal_db_accept_signed_document (EbPortalDb          *self,
                                                        gint64                 id,
                                                        GBytes                *pdf,
                                                        const char            *signer_name,
                                                        const char            *signer_tckn,
                                                        const char            *signer_serial,
                                                        const EbPortalAudit   *audit,
                                                        GError               **error);

G_END_DECLS
