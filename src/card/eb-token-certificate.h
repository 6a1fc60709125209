/* eb-token-certificate.h — a certificate object on a PKCS#11 token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-certificate-info.h"

G_BEGIN_DECLS

#define EB_TYPE_TOKEN_CERTIFICATE (eb_token_certificate_get_type ())

G_DECLARE_FINAL_TYPE (EbTokenCertificate, eb_token_certificate, EB, TOKEN_CERTIFICATE, GObject)

EbTokenCertificate *eb_token_certificate_new      (const char         *label,
                                                   GBytes             *id,
                                                   EbCertificateInfo  *info);
const char         *eb_token_certificate_get_label (EbTokenCertificate *self);
GBytes             *eb_token_certificate_get_id    (EbTokenCertificate *self);
char               *eb_token_certificate_dup_id_hex (EbTokenCertificate *self);
EbCertificateInfo  *eb_token_certificate_get_info  (EbTokenCertificate *self);
gboolean            eb_token_certificate_equal     (EbTokenCertificate *a,
                                                    EbTokenCertificate *b);

G_END_DECLS
