/* eb-portal-api-error.c — the errors the portal API answers with
 *
 * The HTTP status, the stable code the client maps to Turkish and a plain
 * English message for logs, kept in one table beside the contract's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-portal-api-error.h"

G_DEFINE_QUARK (eb-portal-api-error-quark, eb_portal_api_error)

static const struct
{
  guint       status;
  const char *code;
  const char *message;
} errors[] = {
  [EB_PORTAL_API_ERROR_MALFORMED_REQUEST] = { 400, "malformed_request", "The request is malformed" },
  [EB_PORTAL_API_ERROR_SESSION_MISSING] = { 401, "session_missing", "No session token was sent" },
  [EB_PORTAL_API_ERROR_SESSION_EXPIRED] = { 401, "session_expired", "The session is unknown or has expired" },
  [EB_PORTAL_API_ERROR_NOT_FOUND] = { 404, "not_found", "There is no such path" },
  [EB_PORTAL_API_ERROR_METHOD_NOT_ALLOWED] = { 405, "method_not_allowed", "The path does not take this method" },
  [EB_PORTAL_API_ERROR_WRONG_STATE] = { 409, "wrong_state", "The step is not allowed in the application's state" },
  [EB_PORTAL_API_ERROR_BODY_TOO_LARGE] = { 413, "body_too_large", "The request body is larger than the endpoint takes" },
  [EB_PORTAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE] = { 415, "unsupported_media_type", "The request body must be application/json in UTF-8" },
  [EB_PORTAL_API_ERROR_INVALID_FIELDS] = { 422, "invalid_fields", "Some fields are not valid" },
  [EB_PORTAL_API_ERROR_CAPTCHA_WRONG] = { 403, "captcha_wrong", "The captcha answer is wrong" },
  [EB_PORTAL_API_ERROR_CAPTCHA_EXPIRED] = { 410, "captcha_expired", "The captcha is unknown, used or expired" },
  [EB_PORTAL_API_ERROR_IDENTITY_MISMATCH] = { 403, "identity_mismatch", "The identity does not match the personnel registry" },
  [EB_PORTAL_API_ERROR_PERSON_NOT_FOUND] = { 404, "person_not_found", "No person with this identity number is in the personnel registry" },
  [EB_PORTAL_API_ERROR_ASSIGNMENT_NOT_RECORDED] = { 403, "assignment_not_recorded", "The administrator assignment is not recorded in e-personel" },
  [EB_PORTAL_API_ERROR_TOO_MANY_ATTEMPTS] = { 429, "too_many_attempts", "Too many failed logins; try again later" },
  [EB_PORTAL_API_ERROR_METHOD_NEEDS_RENEWAL] = { 422, "method_needs_renewal", "Signing electronically needs a renewal application" },
  [EB_PORTAL_API_ERROR_SMS_RESEND_TOO_SOON] = { 429, "sms_resend_too_soon", "A new code can be sent later" },
  [EB_PORTAL_API_ERROR_SMS_RESEND_LIMIT] = { 429, "sms_resend_limit", "No more codes can be sent for this application" },
  [EB_PORTAL_API_ERROR_SMS_GATEWAY_FAILED] = { 502, "sms_gateway_failed", "The SMS gateway did not take the message" },
  [EB_PORTAL_API_ERROR_SMS_CODE_WRONG] = { 403, "sms_code_wrong", "The code is wrong" },
  [EB_PORTAL_API_ERROR_SMS_CODE_EXPIRED] = { 410, "sms_code_expired", "The code has expired" },
  [EB_PORTAL_API_ERROR_SMS_CODE_TRIES_EXHAUSTED] = { 403, "sms_code_tries_exhausted", "Three wrong codes; ask for a new one" },
  [EB_PORTAL_API_ERROR_SMS_CODE_MISSING] = { 409, "sms_code_missing", "No code has been sent" },
  [EB_PORTAL_API_ERROR_METHOD_NOT_ESIGN] = { 422, "method_not_esign", "Only an application signed electronically (Yöntem 2) takes a signed form" },
  [EB_PORTAL_API_ERROR_SIGNATURE_NOT_PDF] = { 422, "signature_not_pdf", "The upload is not a PDF" },
  [EB_PORTAL_API_ERROR_SIGNATURE_TRUNCATED] = { 422, "signature_truncated", "The PDF is cut short" },
  [EB_PORTAL_API_ERROR_SIGNATURE_UNSUPPORTED_PDF] = { 422, "signature_unsupported_pdf", "The PDF uses features the verifier does not read" },
  [EB_PORTAL_API_ERROR_SIGNATURE_NOT_ISSUED_DOCUMENT] = { 422, "signature_not_issued_document", "The signed PDF does not start with the form the portal issued" },
  [EB_PORTAL_API_ERROR_SIGNATURE_MISSING] = { 422, "signature_missing", "The PDF has no signature" },
  [EB_PORTAL_API_ERROR_SIGNATURE_BYTE_RANGE] = { 422, "signature_byte_range", "The signature does not cover the whole file" },
  [EB_PORTAL_API_ERROR_SIGNATURE_CMS_MALFORMED] = { 422, "signature_cms_malformed", "The signature is not a readable CMS structure" },
  [EB_PORTAL_API_ERROR_SIGNATURE_DIGEST_MISMATCH] = { 422, "signature_digest_mismatch", "The signed bytes have changed since they were signed" },
  [EB_PORTAL_API_ERROR_SIGNATURE_INVALID] = { 422, "signature_invalid", "The signature does not verify" },
  [EB_PORTAL_API_ERROR_SIGNATURE_UNTRUSTED] = { 422, "signature_untrusted", "The signer's certificate does not chain to a trusted root" },
  [EB_PORTAL_API_ERROR_SIGNATURE_CERTIFICATE_NOT_VALID] = { 422, "signature_certificate_not_valid", "The signer's certificate was not valid at signing" },
  [EB_PORTAL_API_ERROR_SIGNATURE_NO_NON_REPUDIATION] = { 422, "signature_no_non_repudiation", "The signer's certificate is not for qualified signatures (no nonRepudiation)" },
  [EB_PORTAL_API_ERROR_SIGNATURE_TCKN_MISMATCH] = { 422, "signature_tckn_mismatch", "The signer is not the applicant" },
  [EB_PORTAL_API_ERROR_SIGNATURE_MALFORMED_PDF] = { 422, "signature_malformed_pdf", "The PDF is damaged" },
  [EB_PORTAL_API_ERROR_INTERNAL] = { 500, "internal", "Internal server error" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (errors) == EB_PORTAL_API_ERROR_INTERNAL + 1);

guint
eb_portal_api_error_get_status (EbPortalApiError code)
{
  g_return_val_if_fail (code <= EB_PORTAL_API_ERROR_INTERNAL, 500);

  return errors[code].status;
}

/**
 * eb_portal_api_error_get_code:
 *
 * Returns: the code as the API writes it, e.g. "captcha_wrong"
 */
const char *
eb_portal_api_error_get_code (EbPortalApiError code)
{
  g_return_val_if_fail (code <= EB_PORTAL_API_ERROR_INTERNAL, "internal");

  return errors[code].code;
}

const char *
eb_portal_api_error_get_message (EbPortalApiError code)
{
  g_return_val_if_fail (code <= EB_PORTAL_API_ERROR_INTERNAL, "Internal server error");

  return errors[code].message;
}
