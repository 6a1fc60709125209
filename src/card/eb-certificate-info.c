/* eb-certificate-info.c — what an X.509 certificate says, for the renewal rules
 *
 * Reads what makes a Turkish qualified certificate (NES) one: the holder's
 * T.C. Kimlik No in the subject serialNumber, keyUsage nonRepudiation, the
 * qcStatements (ETSI QcCompliance; the BTK statement citing law 5070) and,
 * for Kamu SM's, the NES certificate policy. Then judges whether it can sign
 * a renewal application (Yöntem 2) for a given applicant on a given day.
 *
 * Immutable once made, so it may be passed between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "eb-certificate-info.h"
#include "eb-clock.h"
#include "eb-validation.h"
#include "eb-x509-util.h"

#define OID_QC_STATEMENTS  "1.3.6.1.5.5.7.1.3"
#define OID_QC_COMPLIANCE  "0.4.0.1862.1.1"            /* ETSI EN 319 412-5 */
#define OID_BTK_STATEMENT  "2.16.792.1.61.0.1.5070.1.1" /* BTK, law 5070 */
#define OID_KAMUSM_NES     "2.16.792.1.2.1.1.5.7.1.1"  /* Kamu SM NES policy */

struct _EbCertificateInfo
{
  GObject parent_instance;

  X509 *x509;
  GBytes *der;
  char *holder_name;
  char *subject;
  char *subject_serial_number;
  char *tckn;
  char *issuer;
  char *issuer_name;
  char *serial;
  char *fingerprint;
  GDateTime *not_before;
  GDateTime *not_after;
  gboolean non_repudiation;
  gboolean qc_compliance;
  gboolean btk_statement;
  gboolean nes_policy;
};

G_DEFINE_FINAL_TYPE (EbCertificateInfo, eb_certificate_info, G_TYPE_OBJECT)

G_DEFINE_QUARK (eb-certificate-error-quark, eb_certificate_error)

enum {
  PROP_0,
  PROP_HOLDER_NAME,
  PROP_TCKN,
  PROP_ISSUER_NAME,
  PROP_SERIAL,
  PROP_NOT_BEFORE,
  PROP_NOT_AFTER,
  PROP_NON_REPUDIATION,
  PROP_QC_COMPLIANCE,
  PROP_BTK_STATEMENT,
  PROP_NES_POLICY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

/* RFC 2253 order and escaping (control characters, NUL too, as \XX), but
 * UTF-8 left as it is: Turkish names. Only for showing the whole name;
 * the fields the rules use come from eb-x509-util, as on the portal. */
static char *
name_one_line (const X509_NAME *name)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  /* It fails, writing nothing, on an entry OpenSSL cannot convert. */
  if (X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
    return g_strdup ("");
  len = BIO_get_mem_data (bio, &data);
  if (data == NULL || len <= 0)
    return g_strdup ("");

  return g_utf8_make_valid (data, len);
}

static gboolean
object_is (const ASN1_OBJECT *object,
           const char        *oid)
{
  char buf[128];

  return OBJ_obj2txt (buf, sizeof buf, object, 1) > 0 && strcmp (buf, oid) == 0;
}

/* QCStatements ::= SEQUENCE OF SEQUENCE { statementId OID, statementInfo ANY OPTIONAL } */
static void
read_qc_statements (EbCertificateInfo *self)
{
  int index = -1;
  ASN1_OBJECT *qc_oid = OBJ_txt2obj (OID_QC_STATEMENTS, 1);
  X509_EXTENSION *ext;
  const ASN1_OCTET_STRING *value;
  const unsigned char *p;
  STACK_OF (ASN1_TYPE) *statements;

  index = X509_get_ext_by_OBJ (self->x509, qc_oid, -1);
  ASN1_OBJECT_free (qc_oid);
  if (index < 0)
    return;

  ext = X509_get_ext (self->x509, index);
  value = X509_EXTENSION_get_data (ext);
  p = ASN1_STRING_get0_data (value);
  statements = d2i_ASN1_SEQUENCE_ANY (NULL, &p, ASN1_STRING_length (value));
  if (statements == NULL)
    return;

  for (int i = 0; i < sk_ASN1_TYPE_num (statements); i++)
    {
      ASN1_TYPE *statement = sk_ASN1_TYPE_value (statements, i);
      STACK_OF (ASN1_TYPE) *fields;
      const unsigned char *q;
      ASN1_TYPE *id;

      if (ASN1_TYPE_get (statement) != V_ASN1_SEQUENCE)
        continue;
      q = ASN1_STRING_get0_data (statement->value.sequence);
      fields = d2i_ASN1_SEQUENCE_ANY (NULL, &q, ASN1_STRING_length (statement->value.sequence));
      if (fields == NULL)
        continue;

      id = sk_ASN1_TYPE_num (fields) > 0 ? sk_ASN1_TYPE_value (fields, 0) : NULL;
      if (id != NULL && ASN1_TYPE_get (id) == V_ASN1_OBJECT)
        {
          if (object_is (id->value.object, OID_QC_COMPLIANCE))
            self->qc_compliance = TRUE;
          else if (object_is (id->value.object, OID_BTK_STATEMENT))
            self->btk_statement = TRUE;
        }
      sk_ASN1_TYPE_pop_free (fields, ASN1_TYPE_free);
    }

  sk_ASN1_TYPE_pop_free (statements, ASN1_TYPE_free);
}

static void
read_policies (EbCertificateInfo *self)
{
  CERTIFICATEPOLICIES *policies = X509_get_ext_d2i (self->x509, NID_certificate_policies,
                                                    NULL, NULL);

  if (policies == NULL)
    return;

  for (int i = 0; i < sk_POLICYINFO_num (policies); i++)
    if (object_is (sk_POLICYINFO_value (policies, i)->policyid, OID_KAMUSM_NES))
      self->nes_policy = TRUE;

  CERTIFICATEPOLICIES_free (policies);
}

static void
read_certificate (EbCertificateInfo *self)
{
  const X509_NAME *subject = X509_get_subject_name (self->x509);
  const X509_NAME *issuer = X509_get_issuer_name (self->x509);
  unsigned char *der = NULL;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  int der_len;

  der_len = i2d_X509 (self->x509, &der);
  self->der = der_len > 0 ? g_bytes_new (der, der_len) : g_bytes_new (NULL, 0);
  OPENSSL_free (der);

  /* The portal's verifier reads the signer with the same helpers, so the
   * app and the portal never read one certificate differently. */
  self->holder_name = eb_x509_dup_holder_name (self->x509);
  self->subject = name_one_line (subject);
  self->subject_serial_number = eb_x509_name_entry (subject, NID_serialNumber);
  self->tckn = eb_tckn_from_subject_serial (self->subject_serial_number);
  self->issuer = name_one_line (issuer);
  self->issuer_name = eb_x509_name_entry (issuer, NID_commonName);
  self->serial = eb_x509_dup_serial_hex (self->x509);

  if (X509_digest (self->x509, EVP_sha256 (), md, &md_len))
    {
      GString *fp = g_string_sized_new (md_len * 3);

      for (unsigned int i = 0; i < md_len; i++)
        g_string_append_printf (fp, i ? ":%02X" : "%02X", md[i]);
      self->fingerprint = g_string_free (fp, FALSE);
    }

  self->not_before = eb_x509_time_to_date_time (X509_get0_notBefore (self->x509));
  self->not_after = eb_x509_time_to_date_time (X509_get0_notAfter (self->x509));
  self->non_repudiation = eb_x509_has_non_repudiation (self->x509);

  read_qc_statements (self);
  read_policies (self);
}

static void
eb_certificate_info_finalize (GObject *object)
{
  EbCertificateInfo *self = EB_CERTIFICATE_INFO (object);

  X509_free (self->x509);
  g_bytes_unref (self->der);
  g_free (self->holder_name);
  g_free (self->subject);
  g_free (self->subject_serial_number);
  g_free (self->tckn);
  g_free (self->issuer);
  g_free (self->issuer_name);
  g_free (self->serial);
  g_free (self->fingerprint);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (eb_certificate_info_parent_class)->finalize (object);
}

static void
eb_certificate_info_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EbCertificateInfo *self = EB_CERTIFICATE_INFO (object);

  switch (prop_id)
    {
    case PROP_HOLDER_NAME:
      g_value_set_string (value, self->holder_name);
      break;
    case PROP_TCKN:
      g_value_set_string (value, self->tckn);
      break;
    case PROP_ISSUER_NAME:
      g_value_set_string (value, self->issuer_name);
      break;
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;
    case PROP_NOT_BEFORE:
      g_value_set_boxed (value, self->not_before);
      break;
    case PROP_NOT_AFTER:
      g_value_set_boxed (value, self->not_after);
      break;
    case PROP_NON_REPUDIATION:
      g_value_set_boolean (value, self->non_repudiation);
      break;
    case PROP_QC_COMPLIANCE:
      g_value_set_boolean (value, self->qc_compliance);
      break;
    case PROP_BTK_STATEMENT:
      g_value_set_boolean (value, self->btk_statement);
      break;
    case PROP_NES_POLICY:
      g_value_set_boolean (value, self->nes_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_certificate_info_class_init (EbCertificateInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = eb_certificate_info_finalize;
  object_class->get_property = eb_certificate_info_get_property;

  properties[PROP_HOLDER_NAME] = g_param_spec_string ("holder-name", NULL, NULL, NULL, flags);
  properties[PROP_TCKN] = g_param_spec_string ("tckn", NULL, NULL, NULL, flags);
  properties[PROP_ISSUER_NAME] = g_param_spec_string ("issuer-name", NULL, NULL, NULL, flags);
  properties[PROP_SERIAL] = g_param_spec_string ("serial", NULL, NULL, NULL, flags);
  properties[PROP_NOT_BEFORE] =
    g_param_spec_boxed ("not-before", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_NOT_AFTER] =
    g_param_spec_boxed ("not-after", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_NON_REPUDIATION] =
    g_param_spec_boolean ("non-repudiation", NULL, NULL, FALSE, flags);
  properties[PROP_QC_COMPLIANCE] =
    g_param_spec_boolean ("qc-compliance", NULL, NULL, FALSE, flags);
  properties[PROP_BTK_STATEMENT] =
    g_param_spec_boolean ("btk-statement", NULL, NULL, FALSE, flags);
  properties[PROP_NES_POLICY] =
    g_param_spec_boolean ("nes-policy", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_certificate_info_init (EbCertificateInfo *self)
{
}

/**
 * eb_tckn_from_serial_number:
 * @serial_number: (nullable): a subject serialNumber
 *
 * Accepts the forms Turkish providers use: the 11 digits alone, with a
 * "TR" prefix, or as an ETSI EN 319 412-1 identifier ("PNOTR-…").
 *
 * Returns: (transfer full) (nullable): the T.C. Kimlik No if there is one
 *   with valid check digits
 */
char *
eb_tckn_from_serial_number (const char *serial_number)
{
  /* The portal reads it the same way (src/sign, no PC/SC there). */
  return eb_tckn_from_subject_serial (serial_number);
}

/**
 * eb_certificate_info_new_from_x509:
 * @cert: a certificate; a reference is taken
 *
 * Returns: (transfer full): what @cert says
 */
EbCertificateInfo *
eb_certificate_info_new_from_x509 (X509 *cert)
{
  EbCertificateInfo *self;

  g_return_val_if_fail (cert != NULL, NULL);

  self = g_object_new (EB_TYPE_CERTIFICATE_INFO, NULL);
  X509_up_ref (cert);
  self->x509 = cert;
  read_certificate (self);

  return self;
}

/**
 * eb_certificate_info_new_from_der:
 * @der: a DER-encoded certificate
 *
 * Returns: (transfer full) (nullable): what it says, or %NULL with
 *   %EB_CERTIFICATE_ERROR_INVALID
 */
EbCertificateInfo *
eb_certificate_info_new_from_der (GBytes  *der,
                                  GError **error)
{
  const unsigned char *p;
  gsize len;
  X509 *cert;
  EbCertificateInfo *self;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = g_bytes_get_data (der, &len);
  cert = len > 0 && len < G_MAXLONG ? d2i_X509 (NULL, &p, (long) len) : NULL;
  if (cert == NULL)
    {
      g_set_error (error, EB_CERTIFICATE_ERROR, EB_CERTIFICATE_ERROR_INVALID,
                   "Not a DER X.509 certificate");
      return NULL;
    }

  self = eb_certificate_info_new_from_x509 (cert);
  X509_free (cert);
  return self;
}

/**
 * eb_certificate_info_get_x509:
 *
 * Returns: (transfer none): the certificate; X509_up_ref() it to keep it
 */
X509 *
eb_certificate_info_get_x509 (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->x509;
}

/**
 * eb_certificate_info_get_der:
 *
 * Returns: (transfer none): the certificate, DER-encoded
 */
GBytes *
eb_certificate_info_get_der (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->der;
}

/* Subject CN (or given name and surname), UTF-8. */
const char *
eb_certificate_info_get_holder_name (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->holder_name;
}

/* The whole subject, RFC 2253 order, UTF-8. */
const char *
eb_certificate_info_get_subject (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->subject;
}

/* The subject serialNumber as written ("TR12345678950"), nullable. */
const char *
eb_certificate_info_get_subject_serial_number (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->subject_serial_number;
}

/* The holder's T.C. Kimlik No (check digits valid), or NULL. */
const char *
eb_certificate_info_get_tckn (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->tckn;
}

/* The whole issuer, RFC 2253 order, UTF-8. */
const char *
eb_certificate_info_get_issuer (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->issuer;
}

/* The issuer's CN, nullable. */
const char *
eb_certificate_info_get_issuer_name (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->issuer_name;
}

/* The serial number in upper-case hex. */
const char *
eb_certificate_info_get_serial (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->serial;
}

/* SHA-256 of the DER, "AB:CD:…". */
const char *
eb_certificate_info_get_fingerprint (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->fingerprint;
}

GDateTime *
eb_certificate_info_get_not_before (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->not_before;
}

GDateTime *
eb_certificate_info_get_not_after (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), NULL);

  return self->not_after;
}

gboolean
eb_certificate_info_get_non_repudiation (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), FALSE);

  return self->non_repudiation;
}

gboolean
eb_certificate_info_get_qc_compliance (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), FALSE);

  return self->qc_compliance;
}

gboolean
eb_certificate_info_get_btk_statement (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), FALSE);

  return self->btk_statement;
}

/* Kamu SM's NES policy: other providers' NES have policies of their own. */
gboolean
eb_certificate_info_get_nes_policy (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), FALSE);

  return self->nes_policy;
}

/**
 * eb_certificate_info_is_nes:
 *
 * A qualified signature certificate of a Turkish person: nonRepudiation,
 * QcCompliance and a T.C. Kimlik No. The policy is not required, so that an
 * NES from another provider is recognised as one (the portal decides
 * whether it accepts it).
 */
gboolean
eb_certificate_info_is_nes (EbCertificateInfo *self)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), FALSE);

  return self->non_repudiation && self->qc_compliance && self->tckn != NULL;
}

/**
 * eb_certificate_info_get_days_left:
 * @now: (nullable): the time to judge at; %NULL for now
 *
 * Returns: the calendar days from today to the last day of validity, on
 *   Türkiye's clock (eb_clock_days_until()): 0 on the last day, negative
 *   once it has passed
 */
gint
eb_certificate_info_get_days_left (EbCertificateInfo *self,
                                   GDateTime         *now)
{
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), G_MININT);

  if (self->not_after == NULL)
    return G_MININT;

  return eb_clock_days_until (self->not_after, now);
}

/**
 * eb_certificate_info_get_verdict:
 * @applicant_tckn: (nullable): whose application it is; %NULL skips the
 *   same-person check (diagnostics before login)
 * @now: (nullable): the time to judge at; %NULL for now
 */
EbRenewalVerdict
eb_certificate_info_get_verdict (EbCertificateInfo *self,
                                 const char        *applicant_tckn,
                                 GDateTime         *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (self), EB_RENEWAL_VERDICT_NOT_NES);

  if (!eb_certificate_info_is_nes (self))
    return EB_RENEWAL_VERDICT_NOT_NES;

  if (applicant_tckn != NULL && g_strcmp0 (applicant_tckn, self->tckn) != 0)
    return EB_RENEWAL_VERDICT_OTHER_PERSON;

  current = now != NULL ? g_date_time_ref (now) : eb_clock_now ();
  if (self->not_before == NULL || self->not_after == NULL)
    return EB_RENEWAL_VERDICT_NOT_NES;
  if (g_date_time_compare (current, self->not_before) < 0)
    return EB_RENEWAL_VERDICT_NOT_YET_VALID;
  if (g_date_time_compare (current, self->not_after) >= 0)
    return EB_RENEWAL_VERDICT_EXPIRED;
  if (eb_clock_days_until (self->not_after, current) <= EB_RENEWAL_WINDOW_DAYS)
    return EB_RENEWAL_VERDICT_EXPIRING_SOON;

  return EB_RENEWAL_VERDICT_USABLE;
}

/* Whether Yöntem 2 (e-signed application) is open with such a certificate. */
gboolean
eb_renewal_verdict_allows_esign (EbRenewalVerdict verdict)
{
  return verdict == EB_RENEWAL_VERDICT_USABLE || verdict == EB_RENEWAL_VERDICT_EXPIRING_SOON;
}
