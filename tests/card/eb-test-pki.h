/* eb-test-pki.h — the test PKI (and SoftHSM2 token) of eb-test-pki.sh, from C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef struct _EbTestPki EbTestPki;

EbTestPki  *eb_test_pki_new             (gboolean     with_token,
                                         GError     **error);
void        eb_test_pki_free            (EbTestPki   *self);
const char *eb_test_pki_get_dir         (EbTestPki   *self);
char       *eb_test_pki_get             (EbTestPki   *self,
                                         const char  *group,
                                         const char  *key);
char       *eb_test_pki_get_person      (EbTestPki   *self,
                                         const char  *person,
                                         const char  *key);
GBytes     *eb_test_pki_load_cert_der   (EbTestPki   *self,
                                         const char  *person);
GDateTime  *eb_test_pki_get_not_after   (EbTestPki   *self,
                                         const char  *person);
EVP_PKEY   *eb_test_pki_load_key        (EbTestPki   *self,
                                         const char  *person);
X509       *eb_test_pki_load_cert       (EbTestPki   *self,
                                         const char  *person);

/* Midnight on Türkiye's clock at the start of the day @days after @time's. */
GDateTime  *eb_test_turkish_midnight    (GDateTime   *time,
                                         gint         days);

/* With a token: eb-test-pkcs11-shim in front of SoftHSM. */
const char *eb_test_pki_setup_shim      (EbTestPki   *self);
void        eb_test_pki_write_shim_conf (EbTestPki   *self,
                                         const char  *extra);
/* An NSS db trusting the test root, for pdfsig, at DIR/home/.pki/nssdb
 * (where poppler-glib looks when HOME is DIR/home). */
char       *eb_test_pki_make_nss_db     (EbTestPki   *self);
/* The C_Sign calls the shim wrote to its sign-log file. */
int         eb_test_pki_count_signatures (const char *sign_log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbTestPki, eb_test_pki_free)

G_END_DECLS
