/* test-cades-signer.c — the CMS SignedData the PAdES signer embeds, made
 * with a key file from the test PKI: its signed attributes, OpenSSL's own
 * verification, and the errors for a key that cannot or did not sign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "eb-cades-signer.h"
#include "eb-test-pki.h"

static EbTestPki *pki;

static X509 *
load_pem (const char *path)
{
  BIO *bio = BIO_new_file (path, "r");
  X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);

  BIO_free (bio);
  g_assert_nonnull (cert);
  return cert;
}

static void
test_signed_data (void)
{
  static const guint8 digest[EB_CADES_DIGEST_LENGTH] = {
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
  };
  g_autofree char *ca_path = eb_test_pki_get (pki, "pki", "ca");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  EVP_PKEY *key = eb_test_pki_load_key (pki, "valid");
  X509 *cert = eb_test_pki_load_cert (pki, "valid");
  STACK_OF (X509) *chain = sk_X509_new_null ();
  STACK_OF (X509) *certs;
  STACK_OF (CMS_SignerInfo) *infos;
  CMS_ContentInfo *cms;
  CMS_SignerInfo *si;
  ASN1_OCTET_STRING *message_digest;
  const unsigned char *p;
  gsize len;

  /* The chain may name the signer again: it is embedded once. */
  X509_up_ref (cert);
  sk_X509_push (chain, cert);
  sk_X509_push (chain, load_pem (ca_path));

  der = eb_cades_sign_digest (digest, key, cert, chain, &error);
  g_assert_no_error (error);
  p = g_bytes_get_data (der, &len);
  cms = d2i_CMS_ContentInfo (NULL, &p, len);
  g_assert_nonnull (cms);
  g_assert_true (p == (const unsigned char *) g_bytes_get_data (der, NULL) + len);
  g_assert_cmpint (OBJ_obj2nid (CMS_get0_type (cms)), ==, NID_pkcs7_signed);
  g_assert_cmpint (CMS_is_detached (cms), ==, 1);

  infos = CMS_get0_SignerInfos (cms);
  g_assert_cmpint (sk_CMS_SignerInfo_num (infos), ==, 1);
  si = sk_CMS_SignerInfo_value (infos, 0);
  certs = CMS_get1_certs (cms);
  g_assert_cmpint (sk_X509_num (certs), ==, 2);
  g_assert_cmpint (CMS_SignerInfo_cert_cmp (si, cert), ==, 0);

  /* content-type, message-digest, signing-certificate-v2; no signing-time
   * (PAdES wants the time in /M). */
  g_assert_cmpint (CMS_signed_get_attr_count (si), ==, 3);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1), <, 0);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_pkcs9_contentType, -1), >=, 0);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_id_smime_aa_signingCertificateV2, -1), >=, 0);
  message_digest = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_pkcs9_messageDigest),
                                                -3, V_ASN1_OCTET_STRING);
  g_assert_nonnull (message_digest);
  g_assert_cmpmem (ASN1_STRING_get0_data (message_digest), ASN1_STRING_length (message_digest),
                   digest, sizeof digest);

  /* OpenSSL checks the signature over the attributes. */
  CMS_SignerInfo_set1_signer_cert (si, cert);
  g_assert_cmpint (CMS_SignerInfo_verify (si), ==, 1);

  sk_X509_pop_free (certs, X509_free);
  sk_X509_pop_free (chain, X509_free);
  CMS_ContentInfo_free (cms);
  EVP_PKEY_free (key);
  X509_free (cert);
}

static void
test_errors (void)
{
  static const guint8 digest[EB_CADES_DIGEST_LENGTH] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  EVP_PKEY *other_key = eb_test_pki_load_key (pki, "other-person");
  EVP_PKEY *x25519 = EVP_PKEY_Q_keygen (NULL, NULL, "X25519");
  X509 *cert = eb_test_pki_load_cert (pki, "valid");

  /* Somebody else's key: the result does not verify, so there is none. */
  der = eb_cades_sign_digest (digest, other_key, cert, NULL, &error);
  g_assert_error (error, EB_CADES_ERROR, EB_CADES_ERROR_WRONG_SIGNATURE);
  g_assert_null (der);
  g_clear_error (&error);

  /* A key that cannot sign at all: why is left in OpenSSL's error queue,
   * for the key's owner (the card layer reads libp11's CK_RV there). */
  g_assert_nonnull (x25519);
  ERR_clear_error ();
  der = eb_cades_sign_digest (digest, x25519, cert, NULL, &error);
  g_assert_error (error, EB_CADES_ERROR, EB_CADES_ERROR_KEY);
  g_assert_null (der);
  g_assert_cmpuint (ERR_peek_error (), !=, 0);
  ERR_clear_error ();

  EVP_PKEY_free (x25519);
  EVP_PKEY_free (other_key);
  X509_free (cert);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  pki = eb_test_pki_new (FALSE, &error);
  g_assert_no_error (error);

  g_test_add_func ("/sign/cades/signed-data", test_signed_data);
  g_test_add_func ("/sign/cades/errors", test_errors);

  status = g_test_run ();
  eb_test_pki_free (pki);
  return status;
}
