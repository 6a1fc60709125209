/* eb-signature-verifier.c — checking an e-signed form upload (Yöntem 2)
 *
 * The checks run in the order of the error codes a user can act on: is it
 * a PDF at all, is it the issued form plus one signature, does the
 * signature cover it, is the CMS intact and made by the certificate it
 * names, does that certificate chain to our anchors, is it valid, an NES,
 * and the applicant's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "eb-pdf-parser.h"
#include "eb-signature-verifier.h"
#include "eb-x509-util.h"

/* More than a real NES chain with a timestamp; the hex string costs twice. */
#define MAX_CMS_SIZE (256 * 1024)
#define MAX_ANCHOR_FILES 256

G_DEFINE_QUARK (eb-signature-error-quark, eb_signature_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)

void
eb_signer_info_free (EbSignerInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->subject_name);
  g_free (info->tckn);
  g_free (info->serial_hex);
  g_clear_pointer (&info->not_after, g_date_time_unref);
  g_clear_pointer (&info->signing_time, g_date_time_unref);
  g_free (info);
}

static void
free_x509_stack (STACK_OF (X509) *certs)
{
  sk_X509_pop_free (certs, X509_free);
}

static gboolean
map_pdf_error (GError **error,
               GError  *pdf_error)
{
  EbSignatureError code;

  switch (pdf_error->code)
    {
    case EB_PDF_ERROR_NOT_PDF:
      code = EB_SIGNATURE_ERROR_NOT_PDF;
      break;
    case EB_PDF_ERROR_TRUNCATED:
      code = EB_SIGNATURE_ERROR_TRUNCATED;
      break;
    case EB_PDF_ERROR_UNSUPPORTED:
      code = EB_SIGNATURE_ERROR_UNSUPPORTED_PDF;
      break;
    default:
      code = EB_SIGNATURE_ERROR_MALFORMED_PDF;
      break;
    }
  g_set_error_literal (error, EB_SIGNATURE_ERROR, code, pdf_error->message);
  g_error_free (pdf_error);
  return FALSE;
}

/* "D:YYYYMMDDHHmmSS+HH'mm'" with everything after the year optional. */
static GDateTime *
parse_pdf_date (const EbPdfObject *value)
{
  g_autofree char *text = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int parts[6] = { 0, 1, 1, 0, 0, 0 };
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  const char *p;
  gsize len;

  if (value == NULL || value->type != EB_PDF_STRING)
    return NULL;
  p = g_bytes_get_data (value->data, &len);
  if (len > 64 || memchr (p, '\0', len) != NULL)
    return NULL;
  text = g_strndup (p, len);
  p = g_str_has_prefix (text, "D:") ? text + 2 : text;

  for (int i = 0; i < 6 && g_ascii_isdigit (*p); i++)
    {
      parts[i] = 0;
      for (int k = 0; k < widths[i]; k++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return NULL;
          parts[i] = parts[i] * 10 + (*p - '0');
        }
    }

  if (*p == '+' || *p == '-')
    {
      g_autofree char *id = NULL;

      if (!g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]))
        return NULL;
      if (p[3] == '\'' && g_ascii_isdigit (p[4]) && g_ascii_isdigit (p[5]))
        id = g_strdup_printf ("%c%c%c:%c%c", p[0], p[1], p[2], p[4], p[5]);
      else
        id = g_strdup_printf ("%c%c%c:00", p[0], p[1], p[2]);
      tz = g_time_zone_new_identifier (id);
    }
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  return g_date_time_new (tz, parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
}

static gboolean
load_trust_anchors (X509_STORE  *store,
                    const char  *dir_path,
                    GError     **error)
{
  g_autoptr(GDir) dir = dir_path != NULL ? g_dir_open (dir_path, 0, NULL) : NULL;
  const char *name;
  guint files = 0, loaded = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL && files < MAX_ANCHOR_FILES)
    {
      g_autofree char *path = NULL;
      BIO *bio;
      X509 *cert;

      if (!g_str_has_suffix (name, ".pem") && !g_str_has_suffix (name, ".crt"))
        continue;
      files++;
      path = g_build_filename (dir_path, name, NULL);
      bio = BIO_new_file (path, "r");
      while (bio != NULL && (cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
        {
          if (X509_STORE_add_cert (store, cert) == 1)
            loaded++;
          X509_free (cert);
        }
      BIO_free (bio);
      ERR_clear_error ();
    }

  if (loaded == 0)
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_UNTRUSTED_CHAIN,
                           "The portal has no trusted certificate authorities configured.");
      return FALSE;
    }
  return TRUE;
}

/* Chains @cert to the anchors, at @when (or without times if 0). */
static int
verify_chain (X509_STORE       *store,
              X509             *cert,
              STACK_OF (X509)  *untrusted,
              time_t            when)
{
  g_autoptr(X509_STORE_CTX) ctx = X509_STORE_CTX_new ();

  if (ctx == NULL || X509_STORE_CTX_init (ctx, store, cert, untrusted) != 1)
    return X509_V_ERR_OUT_OF_MEM;
  if (when == 0)
    X509_STORE_CTX_set_flags (ctx, X509_V_FLAG_NO_CHECK_TIME);
  else
    X509_STORE_CTX_set_time (ctx, 0, when);
  if (X509_verify_cert (ctx) == 1)
    return X509_V_OK;
  return X509_STORE_CTX_get_error (ctx);
}

/* CAdES: the signed signing-certificate-v2 attribute names the signer's
 * certificate, so it cannot be swapped for another with the same key. */
static gboolean
signing_certificate_matches (CMS_SignerInfo *si,
                             X509           *signer)
{
  ASN1_STRING *value = CMS_signed_get0_data_by_OBJ (
    si, OBJ_nid2obj (NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE);
  const unsigned char *p;
  ESS_SIGNING_CERT_V2 *ssv2;
  STACK_OF (X509) *chain;
  gboolean ok;

  if (value == NULL)
    return FALSE;
  p = ASN1_STRING_get0_data (value);
  ssv2 = d2i_ESS_SIGNING_CERT_V2 (NULL, &p, ASN1_STRING_length (value));
  chain = sk_X509_new_null ();
  ok = ssv2 != NULL && chain != NULL && sk_X509_push (chain, signer) > 0 &&
       OSSL_ESS_check_signing_certs (NULL, ssv2, chain, 1) > 0;
  sk_X509_free (chain);
  ESS_SIGNING_CERT_V2_free (ssv2);
  ERR_clear_error ();
  return ok;
}

static gboolean
valid_at (X509      *cert,
          GDateTime *when)
{
  time_t t = g_date_time_to_unix (when);

  return X509_cmp_time (X509_get0_notBefore (cert), &t) < 0 &&
         X509_cmp_time (X509_get0_notAfter (cert), &t) > 0;
}

/* The one signature dictionary the increment (after @issued_len) adds. */
static const EbPdfObject *
find_signature (EbPdfDocument  *doc,
                gsize           issued_len,
                GError        **error)
{
  g_autoptr(GArray) newest = eb_pdf_document_get_newest_objects (doc);
  const EbPdfObject *found = NULL;
  guint count = 0;

  for (guint i = 0; i < newest->len; i++)
    {
      GError *pdf_error = NULL;
      const EbPdfObject *object = eb_pdf_document_get_object (doc, g_array_index (newest, guint, i),
                                                              &pdf_error);

      if (object == NULL)
        {
          map_pdf_error (error, pdf_error);
          return NULL;
        }
      if (object->type == EB_PDF_DICT && object->start >= issued_len &&
          (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Type"), "Sig") ||
           eb_pdf_dict_get (object, "ByteRange") != NULL))
        {
          found = object;
          count++;
        }
    }

  if (count != 1)
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_NO_SIGNATURE,
                           count == 0
                           ? "The uploaded form has no electronic signature."
                           : "The uploaded form must carry exactly one electronic signature.");
      return NULL;
    }
  if (!eb_pdf_object_is_name (eb_pdf_dict_get (found, "SubFilter"), "ETSI.CAdES.detached") &&
      !eb_pdf_object_is_name (eb_pdf_dict_get (found, "SubFilter"), "adbe.pkcs7.detached"))
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_NO_SIGNATURE,
                           "The uploaded form's signature is not a PAdES signature.");
      return NULL;
    }
  return found;
}

static gboolean
check_byte_range (const EbPdfObject  *sig,
                  gsize               issued_len,
                  gsize               total,
                  gsize               ranges[4],
                  GError            **error)
{
  const EbPdfObject *range = eb_pdf_dict_get (sig, "ByteRange");
  const EbPdfObject *contents = eb_pdf_dict_get (sig, "Contents");
  gint64 v[4];

  if (eb_pdf_array_get_length (range) != 4 || contents == NULL ||
      contents->type != EB_PDF_STRING || !contents->hex)
    goto bad;
  for (guint i = 0; i < 4; i++)
    {
      const EbPdfObject *item = eb_pdf_array_get (range, i);

      if (item->type != EB_PDF_INT || item->integer < 0 || (guint64) item->integer > total)
        goto bad;
      v[i] = item->integer;
    }
  /* [0, '<') and ('>', end): everything but the hex string itself. */
  if (v[0] != 0 || (gsize) v[1] != contents->start || (gsize) v[2] != contents->end ||
      (guint64) v[2] + (guint64) v[3] != total || contents->start < issued_len)
    goto bad;
  for (guint i = 0; i < 4; i++)
    ranges[i] = v[i];
  return TRUE;

bad:
  g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_BYTE_RANGE,
                       "The signature does not cover the whole uploaded form.");
  return FALSE;
}

/**
 * eb_signature_verify_document:
 * @issued: the form PDF as the portal issued it for this application
 * @uploaded: what the applicant sent back
 * @trust_anchor_dir: a directory of CA certificates (*.pem, *.crt)
 * @expected_tckn: the applicant's T.C. Kimlik No
 * @now: the time to check validity at
 * @out_signer: (out) (optional): who signed, on success
 *
 * Returns: whether @uploaded is @issued e-signed by the applicant; else
 *   @error says why (EB_SIGNATURE_ERROR)
 */
gboolean
eb_signature_verify_document (GBytes        *issued,
                                  GBytes        *uploaded,
                                  const char    *trust_anchor_dir,
                                  const char    *expected_tckn,
                                  GDateTime     *now,
                                  EbSignerInfo **out_signer,
                                  GError       **error)
{
  g_autoptr(EbPdfDocument) doc = NULL;
  g_autoptr(EbPdfDocument) issued_doc = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(X509_STORE) store = NULL;
  g_autoptr(GDateTime) signing_time = NULL;
  g_autofree char *tckn = NULL;
  STACK_OF (X509) *certs = NULL;
  STACK_OF (CMS_SignerInfo) *infos;
  CMS_SignerInfo *si;
  X509 *signer = NULL;
  X509_ALGOR *digest_alg = NULL;
  const EVP_MD *md;
  const EbPdfObject *sig, *prev;
  ASN1_OCTET_STRING *message_digest;
  GError *pdf_error = NULL;
  const guint8 *data, *issued_data, *cms_data;
  gsize len, issued_len, cms_len;
  gsize ranges[4];
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_MD_CTX *md_ctx;
  gboolean ok = FALSE;
  int err;

  g_return_val_if_fail (issued != NULL && uploaded != NULL, FALSE);
  g_return_val_if_fail (expected_tckn != NULL && now != NULL, FALSE);

  data = g_bytes_get_data (uploaded, &len);
  issued_data = g_bytes_get_data (issued, &issued_len);

  doc = eb_pdf_document_new (uploaded, &pdf_error);
  if (doc == NULL)
    return map_pdf_error (error, pdf_error);

  /* The issued form, byte for byte, then exactly one update. */
  issued_doc = eb_pdf_document_new (issued, NULL);
  prev = eb_pdf_dict_get (eb_pdf_document_get_trailer (doc), "Prev");
  if (issued_doc == NULL || len <= issued_len || memcmp (data, issued_data, issued_len) != 0 ||
      eb_pdf_document_get_n_revisions (doc) != eb_pdf_document_get_n_revisions (issued_doc) + 1 ||
      eb_pdf_document_get_revision_end (doc, eb_pdf_document_get_n_revisions (issued_doc) - 1) != issued_len ||
      prev == NULL || prev->type != EB_PDF_INT ||
      (gsize) prev->integer != eb_pdf_document_get_startxref (issued_doc))
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_NOT_ISSUED_DOCUMENT,
                           "The uploaded file is not the form issued for this application "
                             "with a signature added: sign the issued form without changing it.");
      return FALSE;
    }

  sig = find_signature (doc, issued_len, error);
  if (sig == NULL)
    return FALSE;
  if (!check_byte_range (sig, issued_len, len, ranges, error))
    return FALSE;
  signing_time = parse_pdf_date (eb_pdf_dict_get (sig, "M"));

  /* The CMS: SignedData, detached, one signer; trailing padding zeros only. */
  cms_data = g_bytes_get_data (eb_pdf_dict_get (sig, "Contents")->data, &cms_len);
  if (cms_len > 0 && cms_len <= MAX_CMS_SIZE)
    {
      const unsigned char *p = cms_data;

      cms = d2i_CMS_ContentInfo (NULL, &p, cms_len);
      for (const guint8 *q = p; cms != NULL && q < cms_data + cms_len; q++)
        if (*q != 0)
          g_clear_pointer (&cms, CMS_ContentInfo_free);
    }
  infos = cms != NULL && OBJ_obj2nid (CMS_get0_type (cms)) == NID_pkcs7_signed &&
          CMS_is_detached (cms) == 1 ? CMS_get0_SignerInfos (cms) : NULL;
  if (infos == NULL || sk_CMS_SignerInfo_num (infos) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_CMS_MALFORMED,
                           "The signature in the uploaded form is damaged.");
      return FALSE;
    }
  si = sk_CMS_SignerInfo_value (infos, 0);
  certs = CMS_get1_certs (cms);
  for (int i = 0; certs != NULL && i < sk_X509_num (certs) && signer == NULL; i++)
    if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (certs, i)) == 0)
      signer = sk_X509_value (certs, i);
  CMS_SignerInfo_get0_algs (si, NULL, NULL, &digest_alg, NULL);
  md = digest_alg != NULL ? EVP_get_digestbyobj (digest_alg->algorithm) : NULL;
  message_digest = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_pkcs9_messageDigest),
                                                -3, V_ASN1_OCTET_STRING);
  if (signer == NULL || md == NULL || message_digest == NULL ||
      (EVP_MD_get_type (md) != NID_sha256 && EVP_MD_get_type (md) != NID_sha384 &&
       EVP_MD_get_type (md) != NID_sha512))
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_CMS_MALFORMED,
                           "The signature in the uploaded form is damaged or incomplete.");
      goto out;
    }

  /* What was signed is what was uploaded. */
  md_ctx = EVP_MD_CTX_new ();
  if (md_ctx == NULL || EVP_DigestInit_ex (md_ctx, md, NULL) != 1 ||
      EVP_DigestUpdate (md_ctx, data + ranges[0], ranges[1]) != 1 ||
      EVP_DigestUpdate (md_ctx, data + ranges[2], ranges[3]) != 1 ||
      EVP_DigestFinal_ex (md_ctx, digest, &digest_len) != 1)
    digest_len = 0;
  EVP_MD_CTX_free (md_ctx);
  if (digest_len == 0 || (unsigned int) ASN1_STRING_length (message_digest) != digest_len ||
      memcmp (ASN1_STRING_get0_data (message_digest), digest, digest_len) != 0)
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_DIGEST_MISMATCH,
                           "The uploaded form was changed after it was signed.");
      goto out;
    }

  CMS_SignerInfo_set1_signer_cert (si, signer);
  if (CMS_SignerInfo_verify (si) != 1 || !signing_certificate_matches (si, signer))
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_SIGNATURE_INVALID,
                           "The electronic signature on the uploaded form is not valid.");
      goto out;
    }

  /* Trust first without times: an untrusted issuer is a different answer
   * from an expired certificate. */
  store = X509_STORE_new ();
  if (!load_trust_anchors (store, trust_anchor_dir, error))
    goto out;
  err = verify_chain (store, signer, certs, 0);
  if (err != X509_V_OK)
    {
      g_set_error (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_UNTRUSTED_CHAIN,
                   "The signing certificate is not from a trusted certificate authority (%s).",
                   X509_verify_cert_error_string (err));
      goto out;
    }
  if (!valid_at (signer, now) || (signing_time != NULL && !valid_at (signer, signing_time)) ||
      verify_chain (store, signer, certs, g_date_time_to_unix (now)) != X509_V_OK)
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_CERT_NOT_VALID,
                           "The signing certificate has expired or is not valid yet: "
                             "apply with a wet signature (Method 1) instead.");
      goto out;
    }

  if (!eb_x509_has_non_repudiation (signer))
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_NO_NON_REPUDIATION,
                           "The form was signed with a certificate that is not a qualified "
                             "electronic signature certificate.");
      goto out;
    }

  tckn = eb_x509_dup_tckn (signer);
  if (g_strcmp0 (tckn, expected_tckn) != 0)
    {
      g_set_error_literal (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_TCKN_MISMATCH,
                           "The form was signed by somebody else: the signing certificate "
                             "must carry the applicant's T.C. Kimlik No.");
      goto out;
    }

  if (out_signer != NULL)
    {
      EbSignerInfo *info = g_new0 (EbSignerInfo, 1);

      info->subject_name = eb_x509_dup_holder_name (signer);
      info->tckn = g_steal_pointer (&tckn);
      info->serial_hex = eb_x509_dup_serial_hex (signer);
      info->not_after = eb_x509_time_to_date_time (X509_get0_notAfter (signer));
      info->signing_time = g_steal_pointer (&signing_time);
      *out_signer = info;
    }
  ok = TRUE;

out:
  ERR_clear_error ();
  g_clear_pointer (&certs, free_x509_stack);
  return ok;
}
