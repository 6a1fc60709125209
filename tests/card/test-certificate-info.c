/* test-certificate-info.c — what a certificate says, and the renewal verdict,
 * on the test PKI's certificates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "eb-certificate-info.h"
#include "eb-clock.h"
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

  status = g_test_run ();
  eb_test_pki_free (pki);
  return status;
}
