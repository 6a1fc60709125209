/* eb-validation.h — validators for the application form's fields
 *
 * Each validator normalises its input (trims, upper-cases names by Turkish
 * rules, strips phone prefixes) and either returns the normalised value or
 * fails with a specific EB_VALIDATION_ERROR code. The GError message is plain
 * English for logs and the portal's JSON; src/ui turns codes into Turkish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EB_VALIDATION_ERROR (eb_validation_error_quark ())

typedef enum
{
  EB_VALIDATION_ERROR_REQUIRED,
  EB_VALIDATION_ERROR_TOO_LONG,
  EB_VALIDATION_ERROR_INVALID_CHARACTERS,
  EB_VALIDATION_ERROR_TCKN_LENGTH,
  EB_VALIDATION_ERROR_TCKN_NOT_DIGITS,
  EB_VALIDATION_ERROR_TCKN_FIRST_DIGIT_ZERO,
  EB_VALIDATION_ERROR_TCKN_CHECKSUM,
  EB_VALIDATION_ERROR_DATE_FORMAT,
  EB_VALIDATION_ERROR_DATE_NOT_REAL,
  EB_VALIDATION_ERROR_DATE_IN_FUTURE,
  EB_VALIDATION_ERROR_DATE_TOO_YOUNG,
  EB_VALIDATION_ERROR_DATE_TOO_OLD,
  EB_VALIDATION_ERROR_MOBILE_FORMAT,
  EB_VALIDATION_ERROR_MOBILE_PREFIX,
  EB_VALIDATION_ERROR_LANDLINE_FORMAT,
  EB_VALIDATION_ERROR_LANDLINE_AREA_CODE,
  EB_VALIDATION_ERROR_EXTENSION_FORMAT,
  EB_VALIDATION_ERROR_EMAIL_FORMAT,
  EB_VALIDATION_ERROR_POSTAL_FORMAT,
  EB_VALIDATION_ERROR_POSTAL_PROVINCE,
  EB_VALIDATION_ERROR_POSTAL_DISTRICT,
  EB_VALIDATION_ERROR_PROVINCE_UNKNOWN,
  EB_VALIDATION_ERROR_DISTRICT_UNKNOWN,
  EB_VALIDATION_ERROR_SECURITY_WORD_SHORT,
  EB_VALIDATION_ERROR_SECURITY_WORD_WEAK,
  EB_VALIDATION_ERROR_SECURITY_WORD_MISMATCH,
  EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT,
  EB_VALIDATION_ERROR_CHOICE_MISSING,
} EbValidationError;

/* Shortest security word we accept: the call centre reads it back over the
 * phone, so it must be more than a syllable, but it is a word, not a password. */
#define EB_SECURITY_WORD_MIN_LENGTH 6
#define EB_SECURITY_WORD_MAX_LENGTH 32
#define EB_MINIMUM_AGE_YEARS 18
#define EB_MAXIMUM_AGE_YEARS 100

GQuark    eb_validation_error_quark       (void);

gboolean  eb_tckn_is_valid                (const char  *tckn);
char     *eb_validate_tckn                (const char  *text,
                                           GError     **error);
char     *eb_validate_person_name         (const char  *text,
                                           GError     **error);
char     *eb_validate_place_name          (const char  *text,
                                           GError     **error);
char     *eb_validate_free_text           (const char  *text,
                                           gsize        max_chars,
                                           GError     **error);
char     *eb_normalize_date               (const char  *text);
GDate    *eb_parse_date                   (const char  *text,
                                           GError     **error);
char     *eb_validate_birth_date          (const char  *text,
                                           GDate       *today,
                                           GError     **error);
char     *eb_normalize_phone              (const char  *text);
char     *eb_normalize_sms_code           (const char  *text);
char     *eb_validate_mobile_phone        (const char  *text,
                                           GError     **error);
char     *eb_validate_landline_phone      (const char  *text,
                                           gboolean     required,
                                           GError     **error);
char     *eb_validate_phone_extension     (const char  *text,
                                           GError     **error);
char     *eb_validate_email               (const char  *text,
                                           GError     **error);
char     *eb_validate_registry_no         (const char  *text,
                                           GError     **error);
gboolean  eb_validate_security_word       (const char  *word,
                                           GError     **error);
gboolean  eb_validate_security_word_pair  (const char  *word,
                                           const char  *repeat,
                                           GError     **error);
gboolean  eb_validate_province            (guint        plate,
                                           GError     **error);
gboolean  eb_validate_district            (guint        plate,
                                           const char  *district,
                                           GError     **error);
char     *eb_validate_postal_code         (const char  *text,
                                           guint        plate,
                                           const char  *district,
                                           GError     **error);
gboolean  eb_is_landline_area_code        (guint        area_code);

char     *eb_format_phone                 (const char  *normalized);
char     *eb_format_date_dotted           (const char  *iso_date);

G_END_DECLS
