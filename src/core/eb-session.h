/* eb-session.h — what the wizard's pages share: the form, the store, the draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-application-form.h"
#include "eb-portal-client.h"
#include "eb-store.h"

G_BEGIN_DECLS

#define EB_TYPE_SESSION (eb_session_get_type ())

G_DECLARE_FINAL_TYPE (EbSession, eb_session, EB, SESSION, GObject)

EbSession         *eb_session_new                (EbStore        *store,
                                                  EbPortalClient *client);
EbApplicationForm *eb_session_get_form           (EbSession   *self);
EbStore           *eb_session_get_store          (EbSession   *self);
EbPortalClient    *eb_session_get_client         (EbSession   *self);
gboolean           eb_session_get_training       (EbSession   *self);
void               eb_session_set_training       (EbSession   *self,
                                                  GPtrArray   *sample_people);
GPtrArray         *eb_session_get_sample_people  (EbSession   *self);
const EbPortalSmsInfo *eb_session_get_sms_info   (EbSession   *self);
gint64             eb_session_get_sms_sent_at    (EbSession   *self);
void               eb_session_set_sms_info       (EbSession   *self,
                                                  EbPortalSmsInfo *info);
const char        *eb_session_get_application_no (EbSession   *self);
const char        *eb_session_get_method         (EbSession   *self);
gboolean           eb_session_record_application (EbSession   *self,
                                                  const char  *application_no,
                                                  const char  *method,
                                                  GError     **error);
void               eb_session_reset_application  (EbSession   *self);
EbApplicationRecord *eb_session_dup_application_record (EbSession *self);
gboolean           eb_session_set_application_state (EbSession *self,
                                                  const char  *state,
                                                  GError     **error);
GBytes            *eb_session_get_document       (EbSession   *self);
gboolean           eb_session_set_document       (EbSession   *self,
                                                  GBytes      *document,
                                                  GError     **error);
void               eb_session_fetch_document_async  (EbSession           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GBytes            *eb_session_fetch_document_finish (EbSession           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
GBytes            *eb_session_get_signed_document (EbSession  *self);
void               eb_session_set_signed_document (EbSession  *self,
                                                  GBytes      *signed_document);
gboolean           eb_session_get_signed_accepted (EbSession  *self);
gboolean           eb_session_get_signed_unsent  (EbSession   *self);
void               eb_session_upload_signed_document_async  (EbSession           *self,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
EbPortalSignedInfo *eb_session_upload_signed_document_finish (EbSession          *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
guint              eb_session_get_checklist      (EbSession   *self);
gboolean           eb_session_set_checklist      (EbSession   *self,
                                                  guint        checklist,
                                                  GError     **error);
gboolean           eb_session_get_draft_restored (EbSession   *self);
gboolean           eb_session_restore_draft      (EbSession   *self,
                                                  GError     **error);
gboolean           eb_session_flush_draft        (EbSession   *self,
                                                  GError     **error);
gboolean           eb_session_discard_draft      (EbSession   *self,
                                                  GError     **error);

G_END_DECLS
