/* test-certificate-info.c — what a certificate says, and the renewal verdict,
 * on the test PKI's certificates; and that the app (EbCertificateInfo) and
 * the portal (the signed-upload verifier) read odd names alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "eb-certificate-info.h"
#include "eb-clock.h"
#include "eb-form-document.h"
#include "eb-pades-signer.h"
#include "eb-signature-verifier.h"
#include "eb-test-form.h"
#include "eb-test-pki.h"

#define APPLICANT "12345678950"
#define OTHER     "23456789138"

static EbTestPki *pki;

static EbCertificateInfo *
load (const char *person)
{
  g_autoptr(GBytes) der = eb_test_pki_load_cert_der (pki, person);
  g_autoptr(GError) error = NULL;
  EbCertificateInfo *info = eb_certificate_info_new_from_der (der, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static void
test_fields (void)
{
  g_autoptr(EbCertificateInfo) info = load ("valid");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint days = eb_certificate_info_get_days_left (info, now);

  g_assert_cmpstr (eb_certificate_info_get_holder_name (info), ==, "AYŞE YILMAZ");
  g_assert_cmpstr (eb_certificate_info_get_tckn (info), ==, APPLICANT);
  g_assert_cmpstr (eb_certificate_info_get_subject_serial_number (info), ==, APPLICANT);
  g_assert_cmpstr (eb_certificate_info_get_issuer_name (info), ==,
                   "Test Nitelikli Elektronik Sertifika Hizmet Sağlayıcısı");
  g_assert_nonnull (strstr (eb_certificate_info_get_issuer (info), "O=Test Kamu SM"));
  g_assert_nonnull (strstr (eb_certificate_info_get_subject (info), "CN=AYŞE YILMAZ"));
  g_assert_cmpstr (eb_certificate_info_get_serial (info), ==, "1000");
  g_assert_cmpuint (strlen (eb_certificate_info_get_fingerprint (info)), ==, 32 * 3 - 1);
  g_assert_true (eb_certificate_info_get_non_repudiation (info));
  g_assert_true (eb_certificate_info_get_qc_compliance (info));
  g_assert_true (eb_certificate_info_get_btk_statement (info));
  g_assert_true (eb_certificate_info_get_nes_policy (info));
  g_assert_true (eb_certificate_info_is_nes (info));
  /* Valid from 10 days ago to 720 days from now (when the script ran). */
  g_assert_cmpint (days, >=, 719);
  g_assert_cmpint (days, <=, 720);
  g_assert_cmpint (g_date_time_difference (eb_certificate_info_get_not_after (info),
                                           eb_certificate_info_get_not_before (info)),
                   ==, 730 * G_TIME_SPAN_DAY);
  g_assert_nonnull (eb_certificate_info_get_x509 (info));
  g_assert_cmpuint (g_bytes_get_size (eb_certificate_info_get_der (info)), >, 500);
}

static void
test_tr_prefix (void)
{
  g_autoptr(EbCertificateInfo) expiring = load ("expiring");
  g_autoptr(EbCertificateInfo) other = load ("other-person");

  g_assert_cmpstr (eb_certificate_info_get_subject_serial_number (expiring), ==, "TR" APPLICANT);
  g_assert_cmpstr (eb_certificate_info_get_tckn (expiring), ==, APPLICANT);
  g_assert_cmpstr (eb_certificate_info_get_tckn (other), ==, OTHER);
  g_assert_cmpstr (eb_certificate_info_get_holder_name (other), ==, "MEHMET DEMİR");
}

static void
test_no_non_repudiation (void)
{
  g_autoptr(EbCertificateInfo) info = load ("no-nonrepudiation");

  g_assert_false (eb_certificate_info_get_non_repudiation (info));
  g_assert_false (eb_certificate_info_get_qc_compliance (info));
  g_assert_false (eb_certificate_info_get_nes_policy (info));
  g_assert_false (eb_certificate_info_is_nes (info));
  g_assert_cmpstr (eb_certificate_info_get_tckn (info), ==, APPLICANT);
}

static void
test_verdicts (void)
{
  static const struct
  {
    const char *person;
    const char *applicant;
    EbRenewalVerdict verdict;
  } cases[] = {
    { "valid", APPLICANT, EB_RENEWAL_VERDICT_USABLE },
    { "expiring", APPLICANT, EB_RENEWAL_VERDICT_EXPIRING_SOON },
    { "expired", APPLICANT, EB_RENEWAL_VERDICT_EXPIRED },
    { "no-nonrepudiation", APPLICANT, EB_RENEWAL_VERDICT_NOT_NES },
    { "other-person", APPLICANT, EB_RENEWAL_VERDICT_OTHER_PERSON },
    /* Seen from the other person's side. */
    { "other-person", OTHER, EB_RENEWAL_VERDICT_USABLE },
    { "valid", OTHER, EB_RENEWAL_VERDICT_OTHER_PERSON },
    /* No applicant yet (diagnostics before login): no person check. */
    { "other-person", NULL, EB_RENEWAL_VERDICT_USABLE },
    { "expired", NULL, EB_RENEWAL_VERDICT_EXPIRED },
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EbCertificateInfo) info = load (cases[i].person);
      EbRenewalVerdict verdict = eb_certificate_info_get_verdict (info, cases[i].applicant, now);

      g_test_message ("%s for %s", cases[i].person, cases[i].applicant);
      g_assert_cmpint (verdict, ==, cases[i].verdict);
      g_assert_cmpint (eb_renewal_verdict_allows_esign (verdict), ==,
                       cases[i].verdict == EB_RENEWAL_VERDICT_USABLE ||
                       cases[i].verdict == EB_RENEWAL_VERDICT_EXPIRING_SOON);
    }
}

static void
test_verdict_over_time (void)
{
  g_autoptr(EbCertificateInfo) info = load ("valid");
  GDateTime *not_before = eb_certificate_info_get_not_before (info);
  GDateTime *not_after = eb_certificate_info_get_not_after (info);
  g_autoptr(GDateTime) before = g_date_time_add_seconds (not_before, -1);
  /* The window opens at midnight in Türkiye, 90 calendar days before the last day. */
  g_autoptr(GDateTime) window = eb_test_turkish_midnight (not_after, -EB_RENEWAL_WINDOW_DAYS);
  g_autoptr(GDateTime) just_before_window = g_date_time_add_seconds (window, -1);
  g_autoptr(GDateTime) last_second = g_date_time_add_seconds (not_after, -1);

  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, before), ==,
                   EB_RENEWAL_VERDICT_NOT_YET_VALID);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, not_before), ==,
                   EB_RENEWAL_VERDICT_USABLE);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, just_before_window), ==,
                   EB_RENEWAL_VERDICT_USABLE);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, window), ==,
                   EB_RENEWAL_VERDICT_EXPIRING_SOON);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, last_second), ==,
                   EB_RENEWAL_VERDICT_EXPIRING_SOON);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, not_after), ==,
                   EB_RENEWAL_VERDICT_EXPIRED);

  g_assert_cmpint (eb_certificate_info_get_days_left (info, window), ==, EB_RENEWAL_WINDOW_DAYS);
  g_assert_cmpint (eb_certificate_info_get_days_left (info, just_before_window), ==,
                   EB_RENEWAL_WINDOW_DAYS + 1);
  g_assert_cmpint (eb_certificate_info_get_days_left (info, last_second), ==, 0);
  g_assert_cmpint (eb_certificate_info_get_days_left (info, not_after), ==, 0);
  {
    g_autoptr(GDateTime) day_after = eb_test_turkish_midnight (not_after, 1);
    g_assert_cmpint (eb_certificate_info_get_days_left (info, day_after), ==, -1);
  }
}

/* The clock pinned just before and after Türkiye's midnight (21:00 UTC),
 * 720 days before the last day: what the card status shows. */
static void
test_days_left_pinned (void)
{
  g_autoptr(EbCertificateInfo) info = load ("valid");
  GDateTime *not_after = eb_certificate_info_get_not_after (info);
  g_autoptr(GDateTime) midnight = eb_test_turkish_midnight (not_after, -719);
  const struct { gint seconds; gint days; } cases[] = {
    { -60, 720 },  /* 23:59 in Türkiye, 20:59 UTC */
    { 60, 719 },   /* 00:01 in Türkiye, 21:01 UTC */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) pin = g_date_time_add_seconds (midnight, cases[i].seconds);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (pin);

      g_assert_cmpint (g_date_time_get_hour (utc), ==, cases[i].seconds < 0 ? 20 : 21);
      eb_clock_pin (pin);
      g_assert_cmpint (eb_certificate_info_get_days_left (info, NULL), ==, cases[i].days);
      g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, NULL), ==,
                       EB_RENEWAL_VERDICT_USABLE);
    }
  eb_clock_pin (NULL);
}

static void
test_expiry_days (void)
{
  g_autoptr(EbCertificateInfo) expiring = load ("expiring");
  g_autoptr(EbCertificateInfo) expired = load ("expired");

  /* Made "30 days from now" a moment ago. */
  g_assert_cmpint (eb_certificate_info_get_days_left (expiring, NULL), >=, 29);
  g_assert_cmpint (eb_certificate_info_get_days_left (expiring, NULL), <=, 30);
  g_assert_cmpint (eb_certificate_info_get_days_left (expired, NULL), <=, -5);
  g_assert_cmpint (eb_certificate_info_get_days_left (expired, NULL), >=, -6);
}

static void
test_tckn_from_serial_number (void)
{
  static const struct
  {
    const char *serial;
    const char *tckn;
  } cases[] = {
    { APPLICANT, APPLICANT },
    { "TR" APPLICANT, APPLICANT },
    { "tr" APPLICANT, APPLICANT },
    { "TR-" APPLICANT, APPLICANT },
    { "PNOTR-" APPLICANT, APPLICANT },
    { "12345678951", NULL },        /* check digit wrong */
    { "02345678950", NULL },        /* leading zero */
    { "1234567895", NULL },         /* too short */
    { "TR1234567895X", NULL },
    { "DE" APPLICANT, NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tckn = eb_tckn_from_serial_number (cases[i].serial);

      g_assert_cmpstr (tckn, ==, cases[i].tckn);
    }
}

static void
test_invalid (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x01", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  g_assert_null (eb_certificate_info_new_from_der (junk, &error));
  g_assert_error (error, EB_CERTIFICATE_ERROR, EB_CERTIFICATE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (eb_certificate_info_new_from_der (empty, &error));
  g_assert_error (error, EB_CERTIFICATE_ERROR, EB_CERTIFICATE_ERROR_INVALID);
}

/* Odd names: certificates made here with the C API, issued by the test
 * PKI's CA, with entries OpenSSL's own tools would refuse to write. */

typedef struct
{
  const char *what;
  int         cn_type;        /* 0: no CN */
  const char *cn;
  gsize       cn_len;
  const char *serial;         /* subject serialNumber */
  gsize       serial_len;
  gboolean    given_surname;  /* givenName AYŞE, surname YILMAZ */
  gboolean    unencodable;    /* OpenSSL will not encode such a name at all */
} OddName;

static X509 *
load_pem_cert (const char *path)
{
  BIO *bio = BIO_new_file (path, "r");
  X509 *cert = bio != NULL ? PEM_read_bio_X509 (bio, NULL, NULL, NULL) : NULL;

  BIO_free (bio);
  g_assert_nonnull (cert);
  return cert;
}

static EVP_PKEY *
load_pem_key (const char *path)
{
  BIO *bio = BIO_new_file (path, "r");
  EVP_PKEY *key = bio != NULL ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;

  BIO_free (bio);
  g_assert_nonnull (key);
  return key;
}

/* Raw bytes as the entry's value: X509_NAME_add_entry_by_NID() with a
 * V_ASN1_* type (not MBSTRING_*) stores them without checking. */
static void
add_entry (X509_NAME  *name,
           int         nid,
           int         type,
           const char *bytes,
           gsize       len)
{
  g_assert_cmpint (X509_NAME_add_entry_by_NID (name, nid, type, (const unsigned char *) bytes,
                                               (int) len, -1, 0), ==, 1);
}

static X509 *
make_odd_cert (const OddName *odd,
               EVP_PKEY      *key,
               X509          *ca,
               EVP_PKEY      *ca_key)
{
  X509 *cert = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  X509V3_CTX ctx;
  X509_EXTENSION *ext;

  X509_set_version (cert, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), 0x5eed);
  X509_gmtime_adj (X509_getm_notBefore (cert), -24 * 3600);
  X509_gmtime_adj (X509_getm_notAfter (cert), 400L * 24 * 3600);
  add_entry (name, NID_countryName, V_ASN1_PRINTABLESTRING, "TR", 2);
  if (odd->given_surname)
    {
      add_entry (name, NID_givenName, V_ASN1_UTF8STRING, "AYŞE", strlen ("AYŞE"));
      add_entry (name, NID_surname, V_ASN1_UTF8STRING, "YILMAZ", 6);
    }
  if (odd->cn_type != 0)
    add_entry (name, NID_commonName, odd->cn_type, odd->cn, odd->cn_len);
  add_entry (name, NID_serialNumber, V_ASN1_PRINTABLESTRING, odd->serial, odd->serial_len);
  /* Setting it encodes it, which converts every entry to UTF-8. */
  if (X509_set_subject_name (cert, name) != 1)
    {
      X509_NAME_free (name);
      X509_free (cert);
      ERR_clear_error ();
      return NULL;
    }
  X509_NAME_free (name);
  X509_set_issuer_name (cert, X509_get_subject_name (ca));
  X509_set_pubkey (cert, key);

  X509V3_set_ctx (&ctx, ca, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation");
  X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_authority_key_identifier, "keyid");
  X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  g_assert_cmpint (X509_sign (cert, ca_key, EVP_sha256 ()), >, 0);
  return cert;
}

static void
test_odd_names_read_alike (void)
{
  static const OddName cases[] = {
    /* A NUL inside the CN: refused, so both fall back to givenName surname. */
    { "nul in CN", V_ASN1_UTF8STRING, "AYŞE YILMAZ\0BAŞKASI", sizeof "AYŞE YILMAZ\0BAŞKASI" - 1,
      "12345678950", 11, TRUE },
    /* The same without a fallback: no holder name on either side. */
    { "nul in CN only", V_ASN1_UTF8STRING, "AYŞE YILMAZ\0BAŞKASI", sizeof "AYŞE YILMAZ\0BAŞKASI" - 1,
      "12345678950", 11, FALSE },
    /* Not UTF-8 in a UTF8String, a lone surrogate in a BMPString: OpenSSL
     * refuses to encode (or decode) such a name, so no side ever reads one. */
    { "bad UTF-8 in CN", V_ASN1_UTF8STRING, "AY\xfe\xff" "E YILMAZ", sizeof "AY\xfe\xff" "E YILMAZ" - 1,
      "12345678950", 11, TRUE, TRUE },
    { "surrogate in CN", V_ASN1_BMPSTRING, "\0A\xd8\x00\0Z", 6, "12345678950", 11, FALSE, TRUE },
    /* An 8-bit byte in a T61String: converted, so read (the same) on both sides. */
    { "T61 CN", V_ASN1_T61STRING, "AY\xde" "E", 4, "12345678950", 11, FALSE },
    /* A NUL inside the serialNumber: no T.C. Kimlik No on either side. */
    { "nul in serialNumber", V_ASN1_UTF8STRING, "AYŞE YILMAZ", strlen ("AYŞE YILMAZ"),
      "12345678950\0" "1", 13, FALSE },
  };
  g_autofree char *ca_path = eb_test_pki_get (pki, "pki", "ca");
  g_autofree char *ca_key_path = eb_test_pki_get (pki, "pki", "ca-key");
  g_autofree char *root_path = eb_test_pki_get (pki, "pki", "root");
  g_autofree char *trust_dir = g_build_filename (eb_test_pki_get_dir (pki), "odd-trust", NULL);
  g_autofree char *anchor = g_build_filename (trust_dir, "root.pem", NULL);
  g_autoptr(GBytes) issued = eb_test_form_render_sample (APPLICANT);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  X509 *ca = load_pem_cert (ca_path);
  EVP_PKEY *ca_key = load_pem_key (ca_key_path);
  EVP_PKEY *key = EVP_RSA_gen (2048);
  STACK_OF (X509) *chain = sk_X509_new_null ();
  EbPdfRect box;

  g_assert_nonnull (key);
  g_assert_cmpint (g_mkdir_with_parents (trust_dir, 0700), ==, 0);
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (root_path, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (anchor, contents, len, NULL));
  }
  X509_up_ref (ca);
  sk_X509_push (chain, ca);
  eb_form_document_get_signature_box (&box);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      X509 *cert = make_odd_cert (&cases[i], key, ca, ca_key);
      g_autoptr(EbCertificateInfo) info = NULL;
      EbPadesAppearance appearance = { "AYŞE YILMAZ", APPLICANT, now };
      g_autoptr(GBytes) signed_pdf = NULL;
      g_autoptr(EbSignerInfo) signer = NULL;
      g_autoptr(GError) error = NULL;
      const char *holder, *tckn;

      if (cases[i].unencodable)
        {
          g_test_message ("%s: OpenSSL refuses the name", cases[i].what);
          g_assert_null (cert);
          continue;
        }
      g_assert_nonnull (cert);
      info = eb_certificate_info_new_from_x509 (cert);
      holder = eb_certificate_info_get_holder_name (info);
      tckn = eb_certificate_info_get_tckn (info);

      g_test_message ("%s: app reads holder %s, T.C. Kimlik No %s", cases[i].what,
                      holder != NULL ? holder : "(none)", tckn != NULL ? tckn : "(none)");
      /* Whatever either side reads is valid UTF-8 without a NUL. */
      g_assert_true (holder == NULL || g_utf8_validate (holder, -1, NULL));
      g_assert_null (holder != NULL ? strstr (holder, "BAŞKASI") : NULL);
      g_assert_null (holder != NULL ? strstr (holder, "\xef\xbf\xbd") : NULL);

      signed_pdf = eb_pades_sign (issued, key, cert, chain, &box, &appearance, &error);
      g_assert_no_error (error);
      eb_signature_verify_document (issued, signed_pdf, trust_dir, APPLICANT, now, &signer, &error);
      if (tckn == NULL)
        {
          /* The portal finds no T.C. Kimlik No either. */
          g_assert_error (error, EB_SIGNATURE_ERROR, EB_SIGNATURE_ERROR_TCKN_MISMATCH);
          g_assert_null (signer);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (signer);
          g_assert_cmpstr (signer->subject_name, ==, holder);
          g_assert_cmpstr (signer->tckn, ==, tckn);
          g_assert_cmpstr (signer->serial_hex, ==, eb_certificate_info_get_serial (info));
          g_assert_true (g_date_time_equal (signer->not_after, eb_certificate_info_get_not_after (info)));
        }

      switch (i)
        {
        case 0:
          g_assert_cmpstr (holder, ==, "AYŞE YILMAZ");
          break;
        case 1:
          g_assert_null (holder);
          break;
        case 4:
          /* OpenSSL reads T61String as Latin-1 (0xDE is Þ there, Ş only in
           * Latin-5): odd, but read the same on both sides. */
          g_assert_cmpstr (holder, ==, "AYÞE");
          break;
        case 5:
          g_assert_null (tckn);
          g_assert_null (eb_certificate_info_get_subject_serial_number (info));
          break;
        default:
          g_assert_not_reached ();
        }
      X509_free (cert);
    }

  sk_X509_pop_free (chain, X509_free);
  EVP_PKEY_free (key);
  EVP_PKEY_free (ca_key);
  X509_free (ca);
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

  g_test_add_func ("/card/certificate/fields", test_fields);
  g_test_add_func ("/card/certificate/tr-prefix", test_tr_prefix);
  g_test_add_func ("/card/certificate/no-non-repudiation", test_no_non_repudiation);
  g_test_add_func ("/card/certificate/verdicts", test_verdicts);
  g_test_add_func ("/card/certificate/verdict-over-time", test_verdict_over_time);
  g_test_add_func ("/card/certificate/days-left-pinned", test_days_left_pinned);
  g_test_add_func ("/card/certificate/expiry-days", test_expiry_days);
  g_test_add_func ("/card/certificate/tckn-from-serial-number", test_tckn_from_serial_number);
  g_test_add_func ("/card/certificate/invalid", test_invalid);
  g_test_add_func ("/card/certificate/odd-names-read-alike", test_odd_names_read_alike);

  status = g_test_run ();
  eb_test_pki_free (pki);
  return status;
}
