/* eb-certificate-info.h — what an X.509 certificate says, for the renewal rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define EB_CERTIFICATE_ERROR (eb_certificate_error_quark ())

typedef enum
{
  EB_CERTIFICATE_ERROR_INVALID,   /* not a DER X.509 certificate */
} EbCertificateError;

/* Renewal is meant for a certificate's last months (Kamu SM's practice). */
#define EB_RENEWAL_WINDOW_DAYS 90

/* Can the applicant renew by e-signing the form with this certificate
 * (Yöntem 2)? Checked in the order listed. */
typedef enum
{
  EB_RENEWAL_VERDICT_USABLE,          /* a valid NES of the applicant */
  EB_RENEWAL_VERDICT_EXPIRING_SOON,   /* as USABLE, in its last 90 days: renewal is due */
  EB_RENEWAL_VERDICT_EXPIRED,         /* the applicant's, expired: Yöntem 1 (wet signature) */
  EB_RENEWAL_VERDICT_NOT_YET_VALID,   /* the applicant's, validity not begun (or a wrong clock) */
  EB_RENEWAL_VERDICT_NOT_NES,         /* no nonRepudiation, no QcCompliance or no TCKN */
  EB_RENEWAL_VERDICT_OTHER_PERSON,    /* an NES with somebody else's TCKN */
} EbRenewalVerdict;

#define EB_TYPE_CERTIFICATE_INFO (eb_certificate_info_get_type ())

G_DECLARE_FINAL_TYPE (EbCertificateInfo, eb_certificate_info, EB, CERTIFICATE_INFO, GObject)

GQuark             eb_certificate_error_quark                    (void);

EbCertificateInfo *eb_certificate_info_new_from_der              (GBytes            *der,
                                                                  GError           **error);
EbCertificateInfo *eb_certificate_info_new_from_x509             (X509              *cert);

X509              *eb_certificate_info_get_x509                  (EbCertificateInfo *self);
GBytes            *eb_certificate_info_get_der                   (EbCertificateInfo *self);
const char        *eb_certificate_info_get_holder_name           (EbCertificateInfo *self);
const char        *eb_certificate_info_get_subject               (EbCertificateInfo *self);
const char        *eb_certificate_info_get_subject_serial_number (EbCertificateInfo *self);
const char        *eb_certificate_info_get_tckn                  (EbCertificateInfo *self);
const char        *eb_certificate_info_get_issuer                (EbCertificateInfo *self);
const char        *eb_certificate_info_get_issuer_name           (EbCertificateInfo *self);
const char        *eb_certificate_info_get_serial                (EbCertificateInfo *self);
const char        *eb_certificate_info_get_fingerprint           (EbCertificateInfo *self);
GDateTime         *eb_certificate_info_get_not_before            (EbCertificateInfo *self);
GDateTime         *eb_certificate_info_get_not_after             (EbCertificateInfo *self);
gboolean           eb_certificate_info_get_non_repudiation       (EbCertificateInfo *self);
gboolean           eb_certificate_info_get_qc_compliance         (EbCertificateInfo *self);
gboolean           eb_certificate_info_get_btk_statement         (EbCertificateInfo *self);
gboolean           eb_certificate_info_get_nes_policy            (EbCertificateInfo *self);
gboolean           eb_certificate_info_is_nes                    (EbCertificateInfo *self);

gint               eb_certificate_info_get_days_left             (EbCertificateInfo *self,
                                                                  GDateTime         *now);
EbRenewalVerdict   eb_certificate_info_get_verdict               (EbCertificateInfo *self,
                                                                  const char        *applicant_tckn,
                                                                  GDateTime         *now);

gboolean           eb_renewal_verdict_allows_esign               (EbRenewalVerdict   verdict);
char              *eb_tckn_from_serial_number                    (const char        *serial_number);

G_END_DECLS
