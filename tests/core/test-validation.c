/* test-validation.c — every validator's edge cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "eb-validation.h"

#define ASSERT_FAILS(expr, code)                                     \
  G_STMT_START {                                                     \
    g_autoptr(GError) _e = NULL;                                     \
    g_autofree char *_r = (expr);                                    \
    g_assert_null (_r);                                              \
    g_assert_error (_e, EB_VALIDATION_ERROR, (code));                \
  } G_STMT_END

#define ASSERT_GIVES(expr, expected)                                 \
  G_STMT_START {                                                     \
    g_autoptr(GError) _e = NULL;                                     \
    g_autofree char *_r = (expr);                                    \
    g_assert_no_error (_e);                                          \
    g_assert_cmpstr (_r, ==, (expected));                            \
  } G_STMT_END

static void
test_tckn (void)
{
  /* Valid, including ones where 7·odd − even is negative (−29, −20), where
   * C's % would give a negative check digit. */
  const char *valid[] = { "10000000146", "12345678950", "10909090996", "19090909018",
                          "10090909008", "10505050578" };
  const char *invalid[] = { "10000000147", "10000000156", "12345678951", "19090909098",
                            "10090909018", "11111111111", "00000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_assert_true (eb_tckn_is_valid (valid[i]));
      ASSERT_GIVES (eb_validate_tckn (valid[i], &_e), valid[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (eb_tckn_is_valid (invalid[i]));

  ASSERT_GIVES (eb_validate_tckn (" 100 000 001 46 ", &_e), "10000000146");
  ASSERT_FAILS (eb_validate_tckn ("", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_tckn ("   ", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_tckn (NULL, &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_tckn ("1000000014", &_e), EB_VALIDATION_ERROR_TCKN_LENGTH);
  ASSERT_FAILS (eb_validate_tckn ("100000001460", &_e), EB_VALIDATION_ERROR_TCKN_LENGTH);
  ASSERT_FAILS (eb_validate_tckn ("1000000014a", &_e), EB_VALIDATION_ERROR_TCKN_NOT_DIGITS);
  ASSERT_FAILS (eb_validate_tckn ("10000-000146", &_e), EB_VALIDATION_ERROR_TCKN_NOT_DIGITS);
  ASSERT_FAILS (eb_validate_tckn ("01234567890", &_e), EB_VALIDATION_ERROR_TCKN_FIRST_DIGIT_ZERO);
  ASSERT_FAILS (eb_validate_tckn ("10000000147", &_e), EB_VALIDATION_ERROR_TCKN_CHECKSUM);
  /* Only d10 wrong, only d11 wrong. */
  ASSERT_FAILS (eb_validate_tckn ("19090909008", &_e), EB_VALIDATION_ERROR_TCKN_CHECKSUM);
  ASSERT_FAILS (eb_validate_tckn ("19090909019", &_e), EB_VALIDATION_ERROR_TCKN_CHECKSUM);
  /* Full-width digits are not ASCII digits. */
  ASSERT_FAILS (eb_validate_tckn ("１0000000146", &_e), EB_VALIDATION_ERROR_TCKN_NOT_DIGITS);
}

static void
test_person_name (void)
{
  ASSERT_GIVES (eb_validate_person_name ("  mehmet   ali ", &_e), "MEHMET ALİ");
  ASSERT_GIVES (eb_validate_person_name ("ılgın", &_e), "ILGIN");
  ASSERT_GIVES (eb_validate_person_name ("şükrü-can", &_e), "ŞÜKRÜ-CAN");
  ASSERT_GIVES (eb_validate_person_name ("D’Alessandro", &_e), "D'ALESSANDRO");
  ASSERT_FAILS (eb_validate_person_name ("", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_person_name (" \t ", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_person_name ("Ali2", &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  ASSERT_FAILS (eb_validate_person_name ("Ali.", &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  ASSERT_FAILS (eb_validate_person_name ("-Ali", &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  ASSERT_FAILS (eb_validate_person_name ("<b>Ali</b>", &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  ASSERT_FAILS (eb_validate_person_name ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &_e),
                EB_VALIDATION_ERROR_TOO_LONG);
  ASSERT_GIVES (eb_validate_place_name ("bulanık", &_e), "BULANIK");
  ASSERT_FAILS (eb_validate_place_name ("Muş/Bulanık", &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
}

static void
test_free_text (void)
{
  ASSERT_GIVES (eb_validate_free_text ("okul müdürü/müdür yardımcısı", 100, &_e),
                "OKUL MÜDÜRÜ/MÜDÜR YARDIMCISI");
  ASSERT_GIVES (eb_validate_free_text ("Cumhuriyet Mah. No:5/3 (Hükümet Konağı)", 200, &_e),
                "CUMHURİYET MAH. NO:5/3 (HÜKÜMET KONAĞI)");
  ASSERT_FAILS (eb_validate_free_text ("", 100, &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_free_text ("abc", 2, &_e), EB_VALIDATION_ERROR_TOO_LONG);
  ASSERT_FAILS (eb_validate_free_text ("<script>", 100, &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  ASSERT_FAILS (eb_validate_free_text ("a\x01" "b", 100, &_e), EB_VALIDATION_ERROR_INVALID_CHARACTERS);
}

static void
test_birth_date (void)
{
  g_autoptr(GDate) today = g_date_new_dmy (24, G_DATE_NOVEMBER, 2026);

  ASSERT_GIVES (eb_validate_birth_date ("24.11.1980", today, &_e), "1980-11-24");
  ASSERT_GIVES (eb_validate_birth_date ("1.2.1980", today, &_e), "1980-02-01");
  ASSERT_GIVES (eb_validate_birth_date ("01/02/1980", today, &_e), "1980-02-01");
  ASSERT_GIVES (eb_validate_birth_date ("1980-02-01", today, &_e), "1980-02-01");
  ASSERT_GIVES (eb_validate_birth_date ("29.02.1984", today, &_e), "1984-02-29");
  /* Exactly 18 today is an adult; one day short is not. */
  ASSERT_GIVES (eb_validate_birth_date ("24.11.2008", today, &_e), "2008-11-24");
  ASSERT_FAILS (eb_validate_birth_date ("25.11.2008", today, &_e), EB_VALIDATION_ERROR_DATE_TOO_YOUNG);
  ASSERT_FAILS (eb_validate_birth_date ("29.02.1983", today, &_e), EB_VALIDATION_ERROR_DATE_NOT_REAL);
  ASSERT_FAILS (eb_validate_birth_date ("31.04.1980", today, &_e), EB_VALIDATION_ERROR_DATE_NOT_REAL);
  ASSERT_FAILS (eb_validate_birth_date ("00.01.1980", today, &_e), EB_VALIDATION_ERROR_DATE_NOT_REAL);
  ASSERT_FAILS (eb_validate_birth_date ("12.13.1980", today, &_e), EB_VALIDATION_ERROR_DATE_NOT_REAL);
  ASSERT_FAILS (eb_validate_birth_date ("24.11.2027", today, &_e), EB_VALIDATION_ERROR_DATE_IN_FUTURE);
  ASSERT_FAILS (eb_validate_birth_date ("24.11.2026", today, &_e), EB_VALIDATION_ERROR_DATE_IN_FUTURE);
  ASSERT_FAILS (eb_validate_birth_date ("01.01.1900", today, &_e), EB_VALIDATION_ERROR_DATE_TOO_OLD);
  ASSERT_FAILS (eb_validate_birth_date ("24.11.80", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
  ASSERT_FAILS (eb_validate_birth_date ("24 Kasım 1980", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
  ASSERT_FAILS (eb_validate_birth_date ("24.11", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
  ASSERT_FAILS (eb_validate_birth_date ("a.b.cdef", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
  ASSERT_FAILS (eb_validate_birth_date ("99999.1.1980", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
  ASSERT_FAILS (eb_validate_birth_date ("", today, &_e), EB_VALIDATION_ERROR_REQUIRED);
}

/* Dates as people type them, shown the form's way on leaving the field
 * (issue 12, item 9). */
static void
test_normalize_date (void)
{
  g_autoptr(GDate) today = g_date_new_dmy (24, G_DATE_NOVEMBER, 2026);

  ASSERT_GIVES (eb_normalize_date ("17061983"), "17.06.1983");
  ASSERT_GIVES (eb_normalize_date (" 17061983 "), "17.06.1983");
  ASSERT_GIVES (eb_normalize_date ("17/06/1983"), "17.06.1983");
  ASSERT_GIVES (eb_normalize_date ("17-06-1983"), "17.06.1983");
  ASSERT_GIVES (eb_normalize_date ("1.6.1983"), "01.06.1983");
  ASSERT_GIVES (eb_normalize_date ("17.06.1983"), "17.06.1983");
  ASSERT_GIVES (eb_normalize_date ("1983-06-17"), "17.06.1983");
  /* What is not a date stays as typed, for the validator's own reason. */
  ASSERT_GIVES (eb_normalize_date ("31021980"), "31021980");
  ASSERT_GIVES (eb_normalize_date ("1706198"), "1706198");
  ASSERT_GIVES (eb_normalize_date ("170619833"), "170619833");
  ASSERT_GIVES (eb_normalize_date ("19830617x"), "19830617x");
  ASSERT_GIVES (eb_normalize_date (" 24.11 "), "24.11");
  ASSERT_GIVES (eb_normalize_date (""), "");

  ASSERT_GIVES (eb_validate_birth_date ("17061983", today, &_e), "1983-06-17");
  ASSERT_FAILS (eb_validate_birth_date ("31021980", today, &_e), EB_VALIDATION_ERROR_DATE_NOT_REAL);
  ASSERT_FAILS (eb_validate_birth_date ("1706198", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
  ASSERT_FAILS (eb_validate_birth_date ("241180", today, &_e), EB_VALIDATION_ERROR_DATE_FORMAT);
}

static void
test_phones (void)
{
  ASSERT_GIVES (eb_normalize_phone ("+90 (532) 123-45-67"), "5321234567");
  ASSERT_GIVES (eb_normalize_phone ("0090 532 123 45 67"), "5321234567");
  ASSERT_GIVES (eb_normalize_phone ("905321234567"), "5321234567");
  ASSERT_GIVES (eb_normalize_phone ("0532 123 45 67"), "5321234567");
  ASSERT_GIVES (eb_normalize_phone ("532.123.45.67"), "5321234567");

  ASSERT_GIVES (eb_validate_mobile_phone ("0 532 123 45 67", &_e), "5321234567");
  ASSERT_GIVES (eb_validate_mobile_phone ("+905421234567", &_e), "5421234567");
  ASSERT_GIVES (eb_validate_mobile_phone ("505 123 45 67", &_e), "5051234567");
  ASSERT_FAILS (eb_validate_mobile_phone ("", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_mobile_phone ("4363112025", &_e), EB_VALIDATION_ERROR_MOBILE_FORMAT);
  ASSERT_FAILS (eb_validate_mobile_phone ("532123456", &_e), EB_VALIDATION_ERROR_MOBILE_FORMAT);
  ASSERT_FAILS (eb_validate_mobile_phone ("53212345678", &_e), EB_VALIDATION_ERROR_MOBILE_FORMAT);
  ASSERT_FAILS (eb_validate_mobile_phone ("532 ABC 45 67", &_e), EB_VALIDATION_ERROR_MOBILE_FORMAT);
  ASSERT_FAILS (eb_validate_mobile_phone ("5921234567", &_e), EB_VALIDATION_ERROR_MOBILE_PREFIX);
  ASSERT_FAILS (eb_validate_mobile_phone ("5221234567", &_e), EB_VALIDATION_ERROR_MOBILE_PREFIX);

  ASSERT_GIVES (eb_validate_landline_phone ("0 (436) 311 20 25", TRUE, &_e), "4363112025");
  ASSERT_GIVES (eb_validate_landline_phone ("+90 212 555 00 00", TRUE, &_e), "2125550000");
  ASSERT_GIVES (eb_validate_landline_phone ("850 123 45 67", TRUE, &_e), "8501234567");
  ASSERT_GIVES (eb_validate_landline_phone ("", FALSE, &_e), "");
  ASSERT_FAILS (eb_validate_landline_phone ("", TRUE, &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_landline_phone ("999 311 20 25", TRUE, &_e), EB_VALIDATION_ERROR_LANDLINE_AREA_CODE);
  ASSERT_FAILS (eb_validate_landline_phone ("532 123 45 67", FALSE, &_e), EB_VALIDATION_ERROR_LANDLINE_AREA_CODE);
  ASSERT_FAILS (eb_validate_landline_phone ("436 311 20", TRUE, &_e), EB_VALIDATION_ERROR_LANDLINE_FORMAT);
  ASSERT_FAILS (eb_validate_landline_phone ("436-311-20-2x", TRUE, &_e), EB_VALIDATION_ERROR_LANDLINE_FORMAT);
  g_assert_true (eb_is_landline_area_code (436));
  g_assert_true (eb_is_landline_area_code (212));
  g_assert_false (eb_is_landline_area_code (532));
  g_assert_false (eb_is_landline_area_code (392));

  ASSERT_GIVES (eb_validate_phone_extension ("", &_e), "");
  ASSERT_GIVES (eb_validate_phone_extension (" 1234 ", &_e), "1234");
  ASSERT_FAILS (eb_validate_phone_extension ("1234567", &_e), EB_VALIDATION_ERROR_EXTENSION_FORMAT);
  ASSERT_FAILS (eb_validate_phone_extension ("12a", &_e), EB_VALIDATION_ERROR_EXTENSION_FORMAT);

  ASSERT_GIVES (eb_format_phone ("4363112025"), "0 (436) 311 20 25");
  ASSERT_GIVES (eb_format_phone ("532"), "532");
}

static void
test_email (void)
{
  ASSERT_GIVES (eb_validate_email (" ad.soyad@MEB.GOV.TR ", &_e), "ad.soyad@meb.gov.tr");
  ASSERT_GIVES (eb_validate_email ("a+b_c-d@x-y.com.tr", &_e), "a+b_c-d@x-y.com.tr");
  ASSERT_FAILS (eb_validate_email ("", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_email ("adsoyad", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@soyad@meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("@meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@meb", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@meb.", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@-meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@meb.gov.t", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email (".ad@meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad..soyad@meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad soyad@meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("şükrü@meb.gov.tr", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
  ASSERT_FAILS (eb_validate_email ("ad@meb.gov.tr2", &_e), EB_VALIDATION_ERROR_EMAIL_FORMAT);
}

static void
test_registry_no (void)
{
  ASSERT_GIVES (eb_validate_registry_no (" 123456 ", &_e), "123456");
  ASSERT_FAILS (eb_validate_registry_no ("", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_registry_no ("12 34", &_e), EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT);
  ASSERT_FAILS (eb_validate_registry_no ("A123", &_e), EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT);
  ASSERT_FAILS (eb_validate_registry_no ("1234567890123", &_e), EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT);
}

static void
test_security_word (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eb_validate_security_word ("Kırmızı Elma", &error));
  g_assert_no_error (error);
  g_assert_true (eb_validate_security_word ("kelebek", NULL));

  g_assert_false (eb_validate_security_word ("", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (eb_validate_security_word ("kedi5", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_SECURITY_WORD_SHORT);
  g_clear_error (&error);
  /* Length counts letters, not bytes: "ığüşçö" is 6 letters in 12 bytes. */
  g_assert_true (eb_validate_security_word ("ığüşçö", NULL));
  g_assert_false (eb_validate_security_word ("ığüşç", NULL));
  g_assert_false (eb_validate_security_word ("123456", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_SECURITY_WORD_WEAK);
  g_clear_error (&error);
  g_assert_false (eb_validate_security_word ("aaaaaaa", NULL));
  g_assert_false (eb_validate_security_word ("fedcba", NULL));
  g_assert_false (eb_validate_security_word (" kelebek", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_INVALID_CHARACTERS);
  g_clear_error (&error);
  g_assert_false (eb_validate_security_word ("kelebek ", NULL));
  g_assert_false (eb_validate_security_word ("kele\tbek", NULL));
  g_assert_false (eb_validate_security_word ("abcdefghijklmnopqrstuvwxyzABCDEFG", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_TOO_LONG);
  g_clear_error (&error);

  g_assert_true (eb_validate_security_word_pair ("kelebek", "kelebek", NULL));
  g_assert_false (eb_validate_security_word_pair ("kelebek", "Kelebek", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_SECURITY_WORD_MISMATCH);
  g_clear_error (&error);
  g_assert_false (eb_validate_security_word_pair ("kelebek", "", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_REQUIRED);
}

static void
test_places (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eb_validate_province (49, NULL));
  g_assert_false (eb_validate_province (0, &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (eb_validate_province (82, &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_PROVINCE_UNKNOWN);
  g_clear_error (&error);

  g_assert_true (eb_validate_district (49, "Bulanık", NULL));
  g_assert_true (eb_validate_district (49, "BULANIK", NULL));
  g_assert_false (eb_validate_district (49, "", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  /* Bulanık is in Muş, not in İstanbul. */
  g_assert_false (eb_validate_district (34, "Bulanık", &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_DISTRICT_UNKNOWN);
  g_clear_error (&error);

  ASSERT_GIVES (eb_validate_postal_code (" 49500 ", 49, "Bulanık", &_e), "49500");
  ASSERT_GIVES (eb_validate_postal_code ("49500", 49, NULL, &_e), "49500");
  ASSERT_FAILS (eb_validate_postal_code ("", 49, "Bulanık", &_e), EB_VALIDATION_ERROR_REQUIRED);
  ASSERT_FAILS (eb_validate_postal_code ("4950", 49, "Bulanık", &_e), EB_VALIDATION_ERROR_POSTAL_FORMAT);
  ASSERT_FAILS (eb_validate_postal_code ("49 500", 49, "Bulanık", &_e), EB_VALIDATION_ERROR_POSTAL_FORMAT);
  ASSERT_FAILS (eb_validate_postal_code ("34500", 49, "Bulanık", &_e), EB_VALIDATION_ERROR_POSTAL_PROVINCE);
  ASSERT_FAILS (eb_validate_postal_code ("49500", 0, NULL, &_e), EB_VALIDATION_ERROR_POSTAL_PROVINCE);
  /* 49 is Muş, but 49100 is not a postal code of Bulanık. */
  ASSERT_FAILS (eb_validate_postal_code ("49100", 49, "Bulanık", &_e), EB_VALIDATION_ERROR_POSTAL_DISTRICT);
  /* Plate codes below 10 keep their leading zero. */
  ASSERT_FAILS (eb_validate_postal_code ("10720", 1, NULL, &_e), EB_VALIDATION_ERROR_POSTAL_PROVINCE);
  ASSERT_GIVES (eb_validate_postal_code ("01720", 1, "Aladağ", &_e), "01720");
}

static void
test_format_date_dotted (void)
{
  ASSERT_GIVES (eb_format_date_dotted ("1980-11-24"), "24.11.1980");
  ASSERT_GIVES (eb_format_date_dotted (""), "");
  ASSERT_GIVES (eb_format_date_dotted ("24.1"), "24.1");
}

static void
test_sms_code (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "632284", "632284" },
    { "632 284", "632284" },
    { " 632-284 ", "632284" },
    { "63.22.84", "632284" },
    { "632\t284", "632284" },
    /* Anything else is kept, for the six-digit check to refuse. */
    { "632a84", "632a84" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = eb_normalize_sms_code (cases[i].in);

      g_assert_cmpstr (code, ==, cases[i].out);
    }
  {
    g_autofree char *none = eb_normalize_sms_code (NULL);

    g_assert_cmpstr (none, ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation/tckn", test_tckn);
  g_test_add_func ("/validation/person-name", test_person_name);
  g_test_add_func ("/validation/free-text", test_free_text);
  g_test_add_func ("/validation/birth-date", test_birth_date);
  g_test_add_func ("/validation/phones", test_phones);
  g_test_add_func ("/validation/sms-code", test_sms_code);
  g_test_add_func ("/validation/email", test_email);
  g_test_add_func ("/validation/registry-no", test_registry_no);
  g_test_add_func ("/validation/security-word", test_security_word);
  g_test_add_func ("/validation/places", test_places);
  g_test_add_func ("/validation/format-date-dotted", test_format_date_dotted);
  g_test_add_func ("/validation/normalize-date", test_normalize_date);

  return g_test_run ();
}
