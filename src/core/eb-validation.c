/* eb-validation.c — validators for the application form's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-geo.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

G_DEFINE_QUARK (eb-validation-error-quark, eb_validation_error)

#define PERSON_NAME_MAX_CHARS 60
#define PLACE_NAME_MAX_CHARS  60
#define REGISTRY_NO_MAX_DIGITS 12

/* Geographic area codes of Türkiye (BTK numbering plan), plus 850, the
 * nationwide fixed-line range that many public offices use. */
static const guint16 landline_area_codes[] = {
  212, 216, 222, 224, 226, 228, 232, 236, 242, 246, 248, 252, 256, 258, 262, 264,
  266, 272, 274, 276, 282, 284, 286, 288, 312, 318, 322, 324, 326, 328, 332, 338,
  342, 344, 346, 348, 352, 354, 356, 358, 362, 364, 366, 368, 370, 372, 374, 376,
  378, 380, 382, 384, 386, 388, 412, 414, 416, 422, 424, 426, 428, 432, 434, 436,
  438, 442, 446, 452, 454, 456, 458, 462, 464, 466, 472, 474, 476, 478, 482, 484,
  486, 488, 850,
};

/* Second digit of mobile numbers in use: 50x/55x Türk Telekom, 53x Turkcell,
 * 54x Vodafone, 51x/56x newer allocations. Number portability makes the
 * operator independent of the prefix, so only the range is checked. */
static const char mobile_second_digits[] = "013456";

static gboolean
fail (GError           **error,
      EbValidationError  code,
      const char        *message)
{
  g_set_error_literal (error, EB_VALIDATION_ERROR, code, message);
  return FALSE;
}

static gpointer
fail_null (GError           **error,
           EbValidationError  code,
           const char        *message)
{
  fail (error, code, message);
  return NULL;
}

static gboolean
is_ascii_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
trimmed (const char *text)
{
  return eb_turkish_collapse_space (text != NULL ? text : "");
}

/**
 * eb_tckn_is_valid:
 * @tckn: exactly the 11 digits, nothing around them
 *
 * The T.C. Kimlik No rules: 11 digits, the first not 0, and two check digits:
 * d10 = (7·(d1+d3+d5+d7+d9) − (d2+d4+d6+d8)) mod 10 (taken non-negative) and
 * d11 = (d1+…+d10) mod 10.
 */
gboolean
eb_tckn_is_valid (const char *tckn)
{
  int d[11];
  int odd = 0, even = 0, sum10 = 0;
  int d10;

  if (tckn == NULL || strlen (tckn) != 11 || !is_ascii_digits (tckn) || tckn[0] == '0')
    return FALSE;

  for (guint i = 0; i < 11; i++)
    d[i] = tckn[i] - '0';

  for (guint i = 0; i < 9; i += 2)
    odd += d[i];
  for (guint i = 1; i < 8; i += 2)
    even += d[i];

  /* C's % keeps the sign of the dividend; the rule wants 0..9. */
  d10 = ((7 * odd - even) % 10 + 10) % 10;
  if (d10 != d[9])
    return FALSE;

  for (guint i = 0; i < 10; i++)
    sum10 += d[i];

  return sum10 % 10 == d[10];
}

/**
 * eb_validate_tckn:
 *
 * Returns: (transfer full) (nullable): the 11 digits, spaces removed
 */
char *
eb_validate_tckn (const char  *text,
                  GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isdigit (*p))
        return fail_null (error, EB_VALIDATION_ERROR_TCKN_NOT_DIGITS,
                     "The T.C. identity number has characters other than digits");
      g_string_append_c (digits, *p);
    }

  if (digits->len == 0)
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The T.C. identity number is empty");
  if (digits->len != 11)
    return fail_null (error, EB_VALIDATION_ERROR_TCKN_LENGTH,
                 "The T.C. identity number must have 11 digits");
  if (digits->str[0] == '0')
    return fail_null (error, EB_VALIDATION_ERROR_TCKN_FIRST_DIGIT_ZERO,
                 "The T.C. identity number cannot start with 0");
  if (!eb_tckn_is_valid (digits->str))
    return fail_null (error, EB_VALIDATION_ERROR_TCKN_CHECKSUM,
                 "The check digits of the T.C. identity number do not match");

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static char *
validate_letters (const char  *text,
                  gsize        max_chars,
                  GError     **error)
{
  g_autofree char *clean = trimmed (text);
  g_autoptr(GString) out = NULL;

  if (*clean == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "This field is required");
  if (g_utf8_strlen (clean, -1) > (glong) max_chars)
    return fail_null (error, EB_VALIDATION_ERROR_TOO_LONG, "The text is too long");

  out = g_string_sized_new (strlen (clean));
  for (const char *p = clean; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Marks combine with the letter before them (NFC leaves a few uncomposed). */
      if (g_unichar_isalpha (c) || g_unichar_ismark (c) || c == ' ' || c == '-')
        g_string_append_unichar (out, c);
      else if (is_apostrophe (c))
        g_string_append_c (out, '\'');
      else
        return fail_null (error, EB_VALIDATION_ERROR_INVALID_CHARACTERS,
                     "Only letters, spaces, apostrophes and hyphens are allowed");
    }

  if (!g_unichar_isalpha (g_utf8_get_char (out->str)))
    return fail_null (error, EB_VALIDATION_ERROR_INVALID_CHARACTERS,
                 "The text must start with a letter");

  return eb_turkish_upper (out->str);
}

/**
 * eb_validate_person_name:
 *
 * Returns: (transfer full) (nullable): the name trimmed and in Turkish capitals
 */
char *
eb_validate_person_name (const char  *text,
                         GError     **error)
{
  return validate_letters (text, PERSON_NAME_MAX_CHARS, error);
}

/**
 * eb_validate_place_name:
 *
 * Returns: (transfer full) (nullable): the place trimmed and in Turkish capitals
 */
char *
eb_validate_place_name (const char  *text,
                        GError     **error)
{
  return validate_letters (text, PLACE_NAME_MAX_CHARS, error);
}

/**
 * eb_validate_free_text:
 * @max_chars: longest accepted text in characters
 *
 * Institution unit, job title and address: anything printable but markup-ish
 * characters that have no business on a form printed for the post.
 *
 * Returns: (transfer full) (nullable): trimmed text in Turkish capitals
 */
char *
eb_validate_free_text (const char  *text,
                       gsize        max_chars,
                       GError     **error)
{
  g_autofree char *clean = trimmed (text);

  if (*clean == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "This field is required");
  if (g_utf8_strlen (clean, -1) > (glong) max_chars)
    return fail_null (error, EB_VALIDATION_ERROR_TOO_LONG, "The text is too long");

  for (const char *p = clean; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isprint (c) || (c < 0x80 && strchr ("<>{}[]\\|^~`$", (int) c) != NULL))
        return fail_null (error, EB_VALIDATION_ERROR_INVALID_CHARACTERS,
                     "The text contains characters that cannot be used");
    }

  return eb_turkish_upper (clean);
}

/**
 * eb_normalize_date:
 * @text: a date as people type it: "17.06.1983", "17/06/1983", "17-06-1983",
 *   "1.6.1983", the digits run together ("17061983", DDMMYYYY), or ISO
 *
 * Returns: (transfer full): "DD.MM.YYYY" when @text is a real date in one of
 *   those forms, otherwise @text trimmed, unchanged, for the validator to
 *   reject with its own reason
 */
char *
eb_normalize_date (const char *text)
{
  g_autoptr(GDate) date = eb_parse_date (text, NULL);

  if (date == NULL)
    return trimmed (text);

  return g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

/* "17061983" as "17.06.1983": eight digits run together are DDMMYYYY (how
 * Turkish forms write a date, and the order people type it in). */
static char *
separate_run_together_date (const char *clean)
{
  if (strlen (clean) != 8 || !is_ascii_digits (clean))
    return g_strdup (clean);

  return g_strdup_printf ("%.2s.%.2s.%.4s", clean, clean + 2, clean + 4);
}

/**
 * eb_parse_date:
 * @text: "24.11.1980", "24/11/1980", "24-11-1980", "24111980" or ISO "1980-11-24"
 *
 * Returns: (transfer full) (nullable): the date, or %NULL with
 *   %EB_VALIDATION_ERROR_DATE_FORMAT or %EB_VALIDATION_ERROR_DATE_NOT_REAL
 */
GDate *
eb_parse_date (const char  *text,
               GError     **error)
{
  g_autofree char *typed = trimmed (text);
  g_autofree char *clean = NULL;
  g_auto(GStrv) parts = NULL;
  guint day, month, year;
  guint64 v[3];

  if (*typed == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The date is empty");

  clean = separate_run_together_date (typed);

  parts = g_regex_split_simple ("[./-]", clean, 0, 0);
  if (g_strv_length (parts) != 3)
    return fail_null (error, EB_VALIDATION_ERROR_DATE_FORMAT, "The date is not in DD.MM.YYYY form");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));

      if (!is_ascii_digits (part) || strlen (part) > 4 ||
          !g_ascii_string_to_unsigned (part, 10, 0, 9999, &v[i], NULL))
        return fail_null (error, EB_VALIDATION_ERROR_DATE_FORMAT,
                     "The date is not in DD.MM.YYYY form");
    }

  if (strlen (g_strstrip (parts[0])) == 4)
    year = v[0], month = v[1], day = v[2];
  else if (strlen (g_strstrip (parts[2])) == 4)
    day = v[0], month = v[1], year = v[2];
  else
    return fail_null (error, EB_VALIDATION_ERROR_DATE_FORMAT,
                 "The year must have four digits");

  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return fail_null (error, EB_VALIDATION_ERROR_DATE_NOT_REAL, "There is no such day in the calendar");

  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static int
years_between (const GDate *birth,
               const GDate *today)
{
  int years = g_date_get_year (today) - g_date_get_year (birth);

  if (g_date_get_month (today) < g_date_get_month (birth) ||
      (g_date_get_month (today) == g_date_get_month (birth) &&
       g_date_get_day (today) < g_date_get_day (birth)))
    years--;

  return years;
}

/**
 * eb_validate_birth_date:
 * @today: (nullable): the date to measure age against; %NULL for the local today
 *
 * Returns: (transfer full) (nullable): the date as ISO 8601 "YYYY-MM-DD"
 */
char *
eb_validate_birth_date (const char  *text,
                        GDate       *today,
                        GError     **error)
{
  g_autoptr(GDate) birth = eb_parse_date (text, error);
  g_autoptr(GDate) now = NULL;
  int age;

  if (birth == NULL)
    return NULL;

  if (today == NULL)
    {
      now = g_date_new ();
      g_date_set_time_t (now, time (NULL));
      today = now;
    }

  if (g_date_compare (birth, today) >= 0)
    return fail_null (error, EB_VALIDATION_ERROR_DATE_IN_FUTURE, "The birth date is not in the past");

  age = years_between (birth, today);
  if (age < EB_MINIMUM_AGE_YEARS)
    return fail_null (error, EB_VALIDATION_ERROR_DATE_TOO_YOUNG,
                 "The applicant must be an adult");
  if (age > EB_MAXIMUM_AGE_YEARS)
    return fail_null (error, EB_VALIDATION_ERROR_DATE_TOO_OLD, "The birth date is too far back");

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (birth),
                          g_date_get_month (birth), g_date_get_day (birth));
}

/**
 * eb_normalize_phone:
 *
 * Strips separators and the +90 / 0090 / 0 prefixes people type.
 *
 * Returns: (transfer full): the national number (digits only when the input
 *   was a phone number; anything else is returned as is, for the validators
 *   to reject)
 */
char *
eb_normalize_phone (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *digits;

  for (const char *p = text != NULL ? text : ""; *p; p++)
    if (!strchr (" \t-().", *p))
      g_string_append_c (out, *p);

  digits = out->str;
  if (g_str_has_prefix (digits, "+90"))
    digits += 3;
  else if (g_str_has_prefix (digits, "0090"))
    digits += 4;
  else if (strlen (digits) == 12 && g_str_has_prefix (digits, "90"))
    digits += 2;
  else if (strlen (digits) == 11 && digits[0] == '0')
    digits += 1;

  return g_strdup (digits);
}

/**
 * eb_normalize_sms_code:
 *
 * People copy the code as the message groups it ("632 284", "632-284"):
 * spaces, dashes and dots between the digits are dropped.
 *
 * Returns: (transfer full): the code's characters without separators; the
 *   caller checks that six digits are left
 */
char *
eb_normalize_sms_code (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p; p++)
    if (!strchr (" \t-.", *p))
      g_string_append_c (out, *p);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * eb_validate_mobile_phone:
 *
 * Returns: (transfer full) (nullable): the ten digits 5XXXXXXXXX
 */
char *
eb_validate_mobile_phone (const char  *text,
                          GError     **error)
{
  g_autofree char *number = eb_normalize_phone (text);

  if (*number == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The mobile number is empty");
  if (!is_ascii_digits (number) || strlen (number) != 10 || number[0] != '5')
    return fail_null (error, EB_VALIDATION_ERROR_MOBILE_FORMAT,
                 "A mobile number has ten digits starting with 5");
  if (strchr (mobile_second_digits, number[1]) == NULL)
    return fail_null (error, EB_VALIDATION_ERROR_MOBILE_PREFIX,
                 "No mobile operator uses this prefix");

  return g_steal_pointer (&number);
}

gboolean
eb_is_landline_area_code (guint area_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (landline_area_codes); i++)
    if (landline_area_codes[i] == area_code)
      return TRUE;
  return FALSE;
}

/**
 * eb_validate_landline_phone:
 * @required: whether an empty value is an error
 *
 * Returns: (transfer full) (nullable): ten digits with a valid area code, or
 *   "" when the field is optional and empty
 */
char *
eb_validate_landline_phone (const char  *text,
                            gboolean     required,
                            GError     **error)
{
  g_autofree char *number = eb_normalize_phone (text);

  if (*number == '\0')
    {
      if (required)
        return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The phone number is empty");
      return g_steal_pointer (&number);
    }
  if (!is_ascii_digits (number) || strlen (number) != 10)
    return fail_null (error, EB_VALIDATION_ERROR_LANDLINE_FORMAT,
                 "A phone number has ten digits with its area code");
  if (!eb_is_landline_area_code ((guint) (number[0] - '0') * 100 + (guint) (number[1] - '0') * 10 +
                                 (guint) (number[2] - '0')))
    return fail_null (error, EB_VALIDATION_ERROR_LANDLINE_AREA_CODE,
                 "The area code is not a Turkish landline area code");

  return g_steal_pointer (&number);
}

/**
 * eb_validate_phone_extension:
 *
 * Returns: (transfer full) (nullable): up to six digits, or "" when empty
 */
char *
eb_validate_phone_extension (const char  *text,
                             GError     **error)
{
  g_autofree char *clean = trimmed (text);

  if (*clean != '\0' && (!is_ascii_digits (clean) || strlen (clean) > 6))
    return fail_null (error, EB_VALIDATION_ERROR_EXTENSION_FORMAT,
                 "An extension has at most six digits");

  return g_steal_pointer (&clean);
}

static gboolean
is_email_local_char (char c)
{
  return g_ascii_isalnum (c) || strchr (".!#$%&'*+/=?^_`{|}~-", c) != NULL;
}

static gboolean
is_valid_domain (const char *domain)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
  guint n = g_strv_length (labels);
  const char *tld;

  if (n < 2 || strlen (domain) > 253)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;
      for (const char *p = labels[i]; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          return FALSE;
    }

  tld = labels[n - 1];
  if (strlen (tld) < 2)
    return FALSE;
  for (const char *p = tld; *p; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;

  return TRUE;
}

/**
 * eb_validate_email:
 *
 * A practical check of what mail servers accept in an address people type;
 * Turkish letters are refused because the card notices go through systems
 * that do not take internationalised addresses.
 *
 * Returns: (transfer full) (nullable): the address with its domain in lower case
 */
char *
eb_validate_email (const char  *text,
                   GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *domain = NULL;
  const char *at;
  gsize local_len;

  if (*clean == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The e-mail address is empty");

  at = strchr (clean, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL || strlen (clean) > 254)
    return fail_null (error, EB_VALIDATION_ERROR_EMAIL_FORMAT, "The e-mail address is not valid");

  local_len = (gsize) (at - clean);
  if (local_len == 0 || local_len > 64 || clean[0] == '.' || at[-1] == '.' ||
      g_strstr_len (clean, (gssize) local_len, "..") != NULL)
    return fail_null (error, EB_VALIDATION_ERROR_EMAIL_FORMAT, "The e-mail address is not valid");

  for (gsize i = 0; i < local_len; i++)
    if (!is_email_local_char (clean[i]))
      return fail_null (error, EB_VALIDATION_ERROR_EMAIL_FORMAT, "The e-mail address is not valid");

  domain = g_ascii_strdown (at + 1, -1);
  if (!is_valid_domain (domain))
    return fail_null (error, EB_VALIDATION_ERROR_EMAIL_FORMAT, "The e-mail address is not valid");

  return g_strdup_printf ("%.*s@%s", (int) local_len, clean, domain);
}

/**
 * eb_validate_registry_no:
 *
 * Returns: (transfer full) (nullable): the kurum sicil no, digits only
 */
char *
eb_validate_registry_no (const char  *text,
                         GError     **error)
{
  g_autofree char *clean = trimmed (text);

  if (*clean == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The registry number is empty");
  if (!is_ascii_digits (clean) || strlen (clean) > REGISTRY_NO_MAX_DIGITS)
    return fail_null (error, EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT,
                 "The registry number has only digits");

  return g_steal_pointer (&clean);
}

/* A run like "123456", "654321", "abcdef" or "aaaaaa" is the first thing a
 * person tries to guess. */
static gboolean
is_trivial_sequence (const char *word)
{
  glong n = g_utf8_strlen (word, -1);
  gboolean same = TRUE, up = TRUE, down = TRUE;
  gunichar prev;

  if (n < 2)
    return TRUE;

  prev = g_unichar_tolower (g_utf8_get_char (word));
  for (const char *p = g_utf8_next_char (word); *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      same = same && c == prev;
      up = up && c == prev + 1;
      down = down && c + 1 == prev;
      prev = c;
    }

  return same || up || down;
}

/**
 * eb_validate_security_word:
 *
 * The security word is compared exactly as typed: it is a secret, so it is
 * neither trimmed nor re-cased behind the user's back.
 */
gboolean
eb_validate_security_word (const char  *word,
                           GError     **error)
{
  glong n;

  if (word == NULL || *word == '\0')
    return fail (error, EB_VALIDATION_ERROR_REQUIRED, "The security word is empty");

  n = g_utf8_strlen (word, -1);
  if (n < EB_SECURITY_WORD_MIN_LENGTH)
    return fail (error, EB_VALIDATION_ERROR_SECURITY_WORD_SHORT, "The security word is too short");
  if (n > EB_SECURITY_WORD_MAX_LENGTH)
    return fail (error, EB_VALIDATION_ERROR_TOO_LONG, "The security word is too long");
  if (g_unichar_isspace (g_utf8_get_char (word)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (word + strlen (word)))))
    return fail (error, EB_VALIDATION_ERROR_INVALID_CHARACTERS,
                 "The security word starts or ends with a space");
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return fail (error, EB_VALIDATION_ERROR_INVALID_CHARACTERS,
                   "The security word contains characters that cannot be typed");
  if (is_trivial_sequence (word))
    return fail (error, EB_VALIDATION_ERROR_SECURITY_WORD_WEAK, "The security word is too easy to guess");

  return TRUE;
}

gboolean
eb_validate_security_word_pair (const char  *word,
                                const char  *repeat,
                                GError     **error)
{
  if (repeat == NULL || *repeat == '\0')
    return fail (error, EB_VALIDATION_ERROR_REQUIRED, "The repeated security word is empty");
  if (g_strcmp0 (word, repeat) != 0)
    return fail (error, EB_VALIDATION_ERROR_SECURITY_WORD_MISMATCH,
                 "The two security words are not the same");
  return TRUE;
}

gboolean
eb_validate_province (guint    plate,
                      GError **error)
{
  if (plate == 0)
    return fail (error, EB_VALIDATION_ERROR_REQUIRED, "No province is chosen");
  if (eb_geo_get_province_name (eb_geo_get_default (), plate) == NULL)
    return fail (error, EB_VALIDATION_ERROR_PROVINCE_UNKNOWN, "There is no such province");
  return TRUE;
}

gboolean
eb_validate_district (guint        plate,
                      const char  *district,
                      GError     **error)
{
  if (district == NULL || *district == '\0')
    return fail (error, EB_VALIDATION_ERROR_REQUIRED, "No district is chosen");
  if (eb_geo_find_district (eb_geo_get_default (), plate, district) == NULL)
    return fail (error, EB_VALIDATION_ERROR_DISTRICT_UNKNOWN,
                 "The district is not in the chosen province");
  return TRUE;
}

/**
 * eb_validate_postal_code:
 *
 * Returns: (transfer full) (nullable): the five digits
 */
char *
eb_validate_postal_code (const char  *text,
                         guint        plate,
                         const char  *district,
                         GError     **error)
{
  g_autofree char *clean = trimmed (text);
  g_autofree char *prefix = NULL;

  if (*clean == '\0')
    return fail_null (error, EB_VALIDATION_ERROR_REQUIRED, "The postal code is empty");
  if (!is_ascii_digits (clean) || strlen (clean) != 5)
    return fail_null (error, EB_VALIDATION_ERROR_POSTAL_FORMAT, "A postal code has five digits");

  /* The first two digits of a Turkish postal code are the province's plate code. */
  prefix = g_strdup_printf ("%02u", plate);
  if (plate == 0 || strncmp (clean, prefix, 2) != 0)
    return fail_null (error, EB_VALIDATION_ERROR_POSTAL_PROVINCE,
                 "The postal code does not belong to the chosen province");
  if (district != NULL && *district != '\0' &&
      !eb_geo_district_has_postal_code (eb_geo_get_default (), plate, district, clean))
    return fail_null (error, EB_VALIDATION_ERROR_POSTAL_DISTRICT,
                 "The postal code does not belong to the chosen district");

  return g_steal_pointer (&clean);
}

/**
 * eb_format_phone:
 * @normalized: ten digits
 *
 * Returns: (transfer full): "0 (436) 311 20 25", the way Turkish numbers are written
 */
char *
eb_format_phone (const char *normalized)
{
  if (normalized == NULL || strlen (normalized) != 10 || !is_ascii_digits (normalized))
    return g_strdup (normalized != NULL ? normalized : "");

  return g_strdup_printf ("0 (%.3s) %.3s %.2s %.2s", normalized, normalized + 3,
                          normalized + 6, normalized + 8);
}

/**
 * eb_format_date_dotted:
 * @iso_date: "YYYY-MM-DD"
 *
 * Returns: (transfer full): "DD.MM.YYYY", as dates are written on Turkish forms
 */
char *
eb_format_date_dotted (const char *iso_date)
{
  g_autoptr(GDate) date = NULL;

  if (iso_date == NULL || *iso_date == '\0')
    return g_strdup ("");

  date = eb_parse_date (iso_date, NULL);
  if (date == NULL)
    return g_strdup (iso_date);

  /* Also what was typed and is not valid yet (too young, say) reads the
   * form's way once the row is left: "17062015" as 17.06.2015. */
  return eb_normalize_date (iso_date);
}
