/* eb-cades-signer.c — CAdES-BES detached signatures (CMS SignedData)
 *
 * The structure is written as DER by hand: it is fixed and small, and it
 * is the only way with OpenSSL 3.0 to leave signing-time out and still sign
 * once on the card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>

#include "eb-cades-signer.h"

#define OID_DATA             "1.2.840.113549.1.7.1"
#define OID_SIGNED_DATA      "1.2.840.113549.1.7.2"
#define OID_CONTENT_TYPE     "1.2.840.113549.1.9.3"
#define OID_MESSAGE_DIGEST   "1.2.840.113549.1.9.4"
#define OID_SIGNING_CERT_V2  "1.2.840.113549.1.9.16.2.47"
#define OID_SHA256           "2.16.840.1.101.3.4.2.1"
#define OID_RSA_ENCRYPTION   "1.2.840.113549.1.1.1"

G_DEFINE_QUARK (eb-cades-error-quark, eb_cades_error)

#define TAG_INTEGER     0x02
#define TAG_OCTETS      0x04
#define TAG_NULL        0x05
#define TAG_SEQUENCE    0x30
#define TAG_SET         0x31
#define TAG_CONTEXT_0   0xa0
#define TAG_CONTEXT_4   0xa4

/* DER building: every helper appends to a GByteArray. */

static void
der_header (GByteArray *out,
            guint8      tag,
            gsize       len)
{
  guint8 head[6] = { tag };
  guint n = 1;

  if (len < 0x80)
    head[n++] = len;
  else
    {
      guint bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;

      head[n++] = 0x80 | bytes;
      for (guint i = bytes; i-- > 0;)
        head[n++] = (len >> (8 * i)) & 0xff;
    }
  g_byte_array_append (out, head, n);
}

static void
der_append (GByteArray  *out,
            guint8       tag,
            const void  *content,
            gsize        len)
{
  der_header (out, tag, len);
  g_byte_array_append (out, content, len);
}

/* Appends @inner wrapped in @tag and frees it. */
static void
der_take (GByteArray *out,
          guint8      tag,
          GByteArray *inner)
{
  der_append (out, tag, inner->data, inner->len);
  g_byte_array_unref (inner);
}

/* @inner wrapped in a SEQUENCE, as a new array; frees @inner. */
static GByteArray *
der_sequence (GByteArray *inner)
{
  GByteArray *out = g_byte_array_new ();

  der_take (out, TAG_SEQUENCE, inner);
  return out;
}

static void
der_oid (GByteArray *out,
         const char *dotted)
{
  ASN1_OBJECT *oid = OBJ_txt2obj (dotted, 1);
  unsigned char *der = NULL;
  int n = i2d_ASN1_OBJECT (oid, &der);

  g_assert (n > 0);
  g_byte_array_append (out, der, n);
  OPENSSL_free (der);
  ASN1_OBJECT_free (oid);
}

/* Appends an i2d_…() encoding. */
#define DER_I2D(out, fn, value)                         \
  G_STMT_START {                                        \
    unsigned char *der_ = NULL;                         \
    int n_ = fn (value, &der_);                         \
    if (n_ <= 0)                                        \
      goto encode_failed;                               \
    g_byte_array_append ((out), der_, n_);              \
    OPENSSL_free (der_);                                \
  } G_STMT_END

static void
der_sha256_algorithm (GByteArray *out)
{
  GByteArray *alg = g_byte_array_new ();

  /* RFC 5754: parameters absent. */
  der_oid (alg, OID_SHA256);
  der_take (out, TAG_SEQUENCE, alg);
}

static gint
compare_der (gconstpointer a,
             gconstpointer b)
{
  const GByteArray *x = *(GByteArray * const *) a;
  const GByteArray *y = *(GByteArray * const *) b;
  int c = memcmp (x->data, y->data, MIN (x->len, y->len));

  return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/**
 * eb_cades_sign_digest:
 * @digest: SHA-256 of the signed content (for PAdES: the byte ranges)
 * @key: the signer's private key; used for exactly one signature
 * @cert: its certificate
 * @chain: (nullable): issuing certificates to include
 *
 * Returns: (transfer full): the DER ContentInfo, or %NULL with @error set
 *   (EB_CADES_ERROR). After %EB_CADES_ERROR_KEY this thread's OpenSSL error
 *   queue still holds what the key's provider said: the key's owner reads
 *   it (src/card does, for libp11).
 */
GBytes *
eb_cades_sign_digest (const guint8      digest[EB_CADES_DIGEST_LENGTH],
                      EVP_PKEY         *key,
                      X509             *cert,
                      STACK_OF (X509)  *chain,
                      GError          **error)
{
  g_autoptr(GByteArray) attrs_content = g_byte_array_new ();
  g_autoptr(GByteArray) attrs_set = g_byte_array_new ();
  g_autoptr(GByteArray) signer_info = g_byte_array_new ();
  g_autoptr(GByteArray) signed_data = g_byte_array_new ();
  g_autoptr(GByteArray) content_info = g_byte_array_new ();
  g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  g_autofree guint8 *signature = NULL;
  guint8 cert_hash[EVP_MAX_MD_SIZE];
  unsigned int cert_hash_len = 0;
  size_t signature_len;
  EVP_MD_CTX *md_ctx = NULL;
  gboolean signed_ok;

  g_return_val_if_fail (digest != NULL && key != NULL && cert != NULL, NULL);

  if (!X509_digest (cert, EVP_sha256 (), cert_hash, &cert_hash_len))
    goto encode_failed;

  /* Signed attributes, each Attribute ::= SEQUENCE { type, SET OF value } */
  {
    GByteArray *attr = g_byte_array_new ();
    GByteArray *values = g_byte_array_new ();

    der_oid (attr, OID_CONTENT_TYPE);
    der_oid (values, OID_DATA);
    der_take (attr, TAG_SET, values);
    g_ptr_array_add (attrs, der_sequence (attr));
  }
  {
    GByteArray *attr = g_byte_array_new ();
    GByteArray *values = g_byte_array_new ();

    der_oid (attr, OID_MESSAGE_DIGEST);
    der_append (values, TAG_OCTETS, digest, EB_CADES_DIGEST_LENGTH);
    der_take (attr, TAG_SET, values);
    g_ptr_array_add (attrs, der_sequence (attr));
  }
  {
    /* SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { certHash,
     * issuerSerial { GeneralNames { [4] directoryName }, serial } } };
     * hashAlgorithm is left out: SHA-256 is its default. */
    GByteArray *attr = g_byte_array_new ();
    GByteArray *values = g_byte_array_new ();
    GByteArray *v2 = g_byte_array_new ();
    GByteArray *certs = g_byte_array_new ();
    GByteArray *id = g_byte_array_new ();
    GByteArray *issuer_serial = g_byte_array_new ();
    GByteArray *general_names = g_byte_array_new ();
    GByteArray *directory_name = g_byte_array_new ();

    der_append (id, TAG_OCTETS, cert_hash, cert_hash_len);
    DER_I2D (directory_name, i2d_X509_NAME, X509_get_issuer_name (cert));
    der_take (general_names, TAG_CONTEXT_4, directory_name);
    der_take (issuer_serial, TAG_SEQUENCE, general_names);
    DER_I2D (issuer_serial, i2d_ASN1_INTEGER, X509_get0_serialNumber (cert));
    der_take (id, TAG_SEQUENCE, issuer_serial);
    der_take (certs, TAG_SEQUENCE, id);
    der_take (v2, TAG_SEQUENCE, certs);
    der_take (values, TAG_SEQUENCE, v2);
    der_oid (attr, OID_SIGNING_CERT_V2);
    der_take (attr, TAG_SET, values);
    g_ptr_array_add (attrs, der_sequence (attr));
  }

  /* DER sorts a SET OF by the encodings. */
  g_ptr_array_sort (attrs, compare_der);
  for (guint i = 0; i < attrs->len; i++)
    {
      GByteArray *attr = g_ptr_array_index (attrs, i);

      g_byte_array_append (attrs_content, attr->data, attr->len);
    }
  der_append (attrs_set, TAG_SET, attrs_content->data, attrs_content->len);

  /* The one operation with the card's key: over the attributes as a SET. */
  md_ctx = EVP_MD_CTX_new ();
  signature_len = EVP_PKEY_get_size (key);
  signature = g_malloc (MAX (signature_len, 1));
  /* Only what this signature leaves in the queue is left for the caller. */
  ERR_clear_error ();
  signed_ok = md_ctx != NULL &&
              EVP_DigestSignInit (md_ctx, NULL, EVP_sha256 (), NULL, key) == 1 &&
              EVP_DigestSign (md_ctx, signature, &signature_len,
                              attrs_set->data, attrs_set->len) == 1;
  EVP_MD_CTX_free (md_ctx);
  md_ctx = NULL;
  if (!signed_ok)
    {
      g_set_error_literal (error, EB_CADES_ERROR, EB_CADES_ERROR_KEY,
                           "The private key did not sign the signed attributes");
      return NULL;
    }

  /* A card that answers garbage must not produce a file that looks signed. */
  md_ctx = EVP_MD_CTX_new ();
  signed_ok = md_ctx != NULL &&
              EVP_DigestVerifyInit (md_ctx, NULL, EVP_sha256 (), NULL,
                                    X509_get0_pubkey (cert)) == 1 &&
              EVP_DigestVerify (md_ctx, signature, signature_len,
                                attrs_set->data, attrs_set->len) == 1;
  EVP_MD_CTX_free (md_ctx);
  ERR_clear_error ();
  if (!signed_ok)
    {
      g_set_error_literal (error, EB_CADES_ERROR, EB_CADES_ERROR_WRONG_SIGNATURE,
                           "The signature does not verify with the certificate's public key");
      return NULL;
    }

  /* SignerInfo */
  {
    GByteArray *sid = g_byte_array_new ();
    GByteArray *alg = g_byte_array_new ();

    der_append (signer_info, TAG_INTEGER, "\x01", 1);
    DER_I2D (sid, i2d_X509_NAME, X509_get_issuer_name (cert));
    DER_I2D (sid, i2d_ASN1_INTEGER, X509_get0_serialNumber (cert));
    der_take (signer_info, TAG_SEQUENCE, sid);
    der_sha256_algorithm (signer_info);
    /* The same attributes, as [0] IMPLICIT. */
    der_append (signer_info, TAG_CONTEXT_0, attrs_content->data, attrs_content->len);
    der_oid (alg, OID_RSA_ENCRYPTION);
    der_append (alg, TAG_NULL, NULL, 0);
    der_take (signer_info, TAG_SEQUENCE, alg);
    der_append (signer_info, TAG_OCTETS, signature, signature_len);
  }

  /* SignedData */
  {
    GByteArray *digest_algs = g_byte_array_new ();
    GByteArray *encap = g_byte_array_new ();
    GByteArray *certs = g_byte_array_new ();
    GByteArray *infos = g_byte_array_new ();

    der_append (signed_data, TAG_INTEGER, "\x01", 1);
    der_sha256_algorithm (digest_algs);
    der_take (signed_data, TAG_SET, digest_algs);
    der_oid (encap, OID_DATA);  /* detached: no eContent */
    der_take (signed_data, TAG_SEQUENCE, encap);
    DER_I2D (certs, i2d_X509, cert);
    for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
      if (X509_cmp (sk_X509_value (chain, i), cert) != 0)
        DER_I2D (certs, i2d_X509, sk_X509_value (chain, i));
    der_take (signed_data, TAG_CONTEXT_0, certs);
    der_append (infos, TAG_SEQUENCE, signer_info->data, signer_info->len);
    der_take (signed_data, TAG_SET, infos);
  }

  /* ContentInfo */
  {
    GByteArray *body = g_byte_array_new ();
    GByteArray *explicit = g_byte_array_new ();

    der_oid (body, OID_SIGNED_DATA);
    der_append (explicit, TAG_SEQUENCE, signed_data->data, signed_data->len);
    der_take (body, TAG_CONTEXT_0, explicit);
    der_take (content_info, TAG_SEQUENCE, body);
  }

  return g_bytes_new (content_info->data, content_info->len);

encode_failed:
  ERR_clear_error ();
  g_set_error_literal (error, EB_CADES_ERROR, EB_CADES_ERROR_ENCODING,
                       "The certificate could not be encoded into the SignedData");
  return NULL;
}
