/* eb-portal-client.h — the app's side of the portal API (docs/portal-api.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-application-form.h"
#include "eb-validation.h"

G_BEGIN_DECLS

#define EB_PORTAL_ERROR (eb_portal_error_quark ())

/* One code per error code of the API, plus what can go wrong on the way. */
typedef enum
{
  EB_PORTAL_ERROR_NETWORK,
  EB_PORTAL_ERROR_TIMEOUT,
  EB_PORTAL_ERROR_TLS,
  EB_PORTAL_ERROR_PROTOCOL,
  EB_PORTAL_ERROR_NOT_CONFIGURED,
  EB_PORTAL_ERROR_MALFORMED_REQUEST,
  EB_PORTAL_ERROR_SESSION_MISSING,
  EB_PORTAL_ERROR_SESSION_EXPIRED,
  EB_PORTAL_ERROR_NOT_FOUND,
  EB_PORTAL_ERROR_METHOD_NOT_ALLOWED,
  EB_PORTAL_ERROR_WRONG_STATE,
  EB_PORTAL_ERROR_BODY_TOO_LARGE,
  EB_PORTAL_ERROR_UNSUPPORTED_MEDIA_TYPE,
  EB_PORTAL_ERROR_INVALID_FIELDS,
  EB_PORTAL_ERROR_CAPTCHA_WRONG,
  EB_PORTAL_ERROR_CAPTCHA_EXPIRED,
  EB_PORTAL_ERROR_IDENTITY_MISMATCH,
  EB_PORTAL_ERROR_PERSON_NOT_FOUND,
  EB_PORTAL_ERROR_ASSIGNMENT_NOT_RECORDED,
  EB_PORTAL_ERROR_TOO_MANY_ATTEMPTS,
  EB_PORTAL_ERROR_METHOD_NEEDS_RENEWAL,
  EB_PORTAL_ERROR_SMS_RESEND_TOO_SOON,
  EB_PORTAL_ERROR_SMS_RESEND_LIMIT,
  EB_PORTAL_ERROR_SMS_GATEWAY_FAILED,
  EB_PORTAL_ERROR_SMS_CODE_WRONG,
  EB_PORTAL_ERROR_SMS_CODE_EXPIRED,
  EB_PORTAL_ERROR_SMS_CODE_TRIES_EXHAUSTED,
  EB_PORTAL_ERROR_SMS_CODE_MISSING,
  EB_PORTAL_ERROR_METHOD_NOT_ESIGN,
  EB_PORTAL_ERROR_SIGNATURE_NOT_PDF,
  EB_PORTAL_ERROR_SIGNATURE_TRUNCATED,
  EB_PORTAL_ERROR_SIGNATURE_UNSUPPORTED_PDF,
  EB_PORTAL_ERROR_SIGNATURE_NOT_ISSUED_DOCUMENT,
  EB_PORTAL_ERROR_SIGNATURE_MISSING,
  EB_PORTAL_ERROR_SIGNATURE_BYTE_RANGE,
  EB_PORTAL_ERROR_SIGNATURE_CMS_MALFORMED,
  EB_PORTAL_ERROR_SIGNATURE_DIGEST_MISMATCH,
  EB_PORTAL_ERROR_SIGNATURE_INVALID,
  EB_PORTAL_ERROR_SIGNATURE_UNTRUSTED,
  EB_PORTAL_ERROR_SIGNATURE_CERTIFICATE_NOT_VALID,
  EB_PORTAL_ERROR_SIGNATURE_NO_NON_REPUDIATION,
  EB_PORTAL_ERROR_SIGNATURE_TCKN_MISMATCH,
  EB_PORTAL_ERROR_SIGNATURE_MALFORMED_PDF,
  EB_PORTAL_ERROR_INTERNAL,
} EbPortalError;

typedef struct
{
  EbFormField       field;
  EbValidationError reason;
} EbPortalFieldError;

typedef struct
{
  char   *id;
  GBytes *png;
  guint   expires_in;
} EbPortalCaptcha;

typedef struct
{
  char *phone;
  guint expires_in;
  guint resends_left;
  guint resend_after;
} EbPortalSmsInfo;

/* The portal's verdict on an e-signed form it accepted. */
typedef struct
{
  char *state;          /* "awaiting_approval" */
  char *signer_name;    /* the signer certificate's subject */
  char *signer_tckn;
  char *signer_serial;  /* the certificate's serial number, hex */
} EbPortalSignedInfo;

GQuark       eb_portal_error_quark            (void);
guint        eb_portal_error_get_retry_after  (const GError *error);
int          eb_portal_error_get_tries_left   (const GError *error);
const GArray *eb_portal_error_get_fields      (const GError *error);
gboolean     eb_portal_error_is_signature_rejected (const GError *error);

GType        eb_portal_captcha_get_type       (void);
void         eb_portal_captcha_free           (EbPortalCaptcha *captcha);
GType        eb_portal_sms_info_get_type      (void);
void         eb_portal_sms_info_free          (EbPortalSmsInfo *info);
GType        eb_portal_signed_info_get_type   (void);
void         eb_portal_signed_info_free       (EbPortalSignedInfo *info);

#define EB_TYPE_PORTAL_CLIENT (eb_portal_client_get_type ())

G_DECLARE_FINAL_TYPE (EbPortalClient, eb_portal_client, EB, PORTAL_CLIENT, GObject)

EbPortalClient  *eb_portal_client_new                  (const char          *base_url);
const char      *eb_portal_client_get_base_url         (EbPortalClient      *self);
gboolean         eb_portal_client_has_session          (EbPortalClient      *self);
void             eb_portal_client_forget_session       (EbPortalClient      *self);

void             eb_portal_client_start_session_async  (EbPortalClient      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
EbPortalCaptcha *eb_portal_client_start_session_finish (EbPortalClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_refresh_captcha_async (EbPortalClient     *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
EbPortalCaptcha *eb_portal_client_refresh_captcha_finish (EbPortalClient    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_login_async          (EbPortalClient      *self,
                                                        const char          *captcha_id,
                                                        const char          *captcha_answer,
                                                        EbApplicationForm   *form,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GVariant        *eb_portal_client_login_finish         (EbPortalClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_save_form_async      (EbPortalClient      *self,
                                                        EbApplicationForm   *form,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GVariant        *eb_portal_client_save_form_finish     (EbPortalClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_send_sms_async       (EbPortalClient      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
EbPortalSmsInfo *eb_portal_client_send_sms_finish      (EbPortalClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_verify_sms_async     (EbPortalClient      *self,
                                                        const char          *code,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean         eb_portal_client_verify_sms_finish    (EbPortalClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_choose_method_async  (EbPortalClient      *self,
                                                        const char          *method,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char            *eb_portal_client_choose_method_finish (EbPortalClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             eb_portal_client_fetch_document_async (EbPortalClient      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GBytes          *eb_portal_client_fetch_document_finish (EbPortalClient     *self,
                                                        GAsyncResult        *result,
                                                        char               **application_no,
                                                        GError             **error);
void             eb_portal_client_upload_signed_document_async (EbPortalClient *self,
                                                        GBytes              *pdf,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
EbPortalSignedInfo *eb_portal_client_upload_signed_document_finish (EbPortalClient *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPortalCaptcha, eb_portal_captcha_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPortalSmsInfo, eb_portal_sms_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPortalSignedInfo, eb_portal_signed_info_free)

G_END_DECLS
