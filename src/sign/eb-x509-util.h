/* eb-x509-util.h — what the app and the portal both read from a certificate
 *
 * Small and without PC/SC, so the portal can link it; src/card has the full
 * certificate inspection (EbCertificateInfo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

char      *eb_x509_name_entry       (const X509_NAME *name,
                                     int              nid);
char      *eb_x509_dup_holder_name  (X509            *cert);
char      *eb_x509_dup_tckn         (X509            *cert);
char      *eb_x509_dup_serial_hex   (X509            *cert);
GDateTime *eb_x509_time_to_date_time (const ASN1_TIME *time);
gboolean   eb_x509_has_non_repudiation (X509         *cert);
char      *eb_tckn_from_subject_serial (const char   *serial_number);

G_END_DECLS
