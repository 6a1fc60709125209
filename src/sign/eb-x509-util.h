/* eb-x509-util.h — what the app and the portal both read from a certificate
 *
 * Without PC/SC or PKCS#11, so the portal links it; src/card's
 * EbCertificateInfo builds the full inspection on top of it.
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
