/* eb-form-text.c — what the user reads about form fields: labels and errors
 *
 * src/core reports what is wrong as an EB_VALIDATION_ERROR code; this file is
 * the one place that turns a code into a Turkish sentence saying how to fix it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-form-text.h"
#include "eb-validation.h"

/* Labels as on the Kamu SM form (seed), in English msgids. */
static const char *field_labels[EB_N_FIELDS] = {
  [EB_FIELD_CARD_READER_TYPE] = N_("Card reader type"),
  [EB_FIELD_VALIDITY_YEARS] = N_("Certificate validity"),
  [EB_FIELD_REASON] = N_("Reason for application"),
  [EB_FIELD_TCKN] = N_("T.C. identity number"),
  [EB_FIELD_FIRST_NAME] = N_("First name"),
  [EB_FIELD_LAST_NAME] = N_("Last name"),
  [EB_FIELD_BIRTH_PLACE] = N_("Place of birth"),
  [EB_FIELD_BIRTH_DATE] = N_("Date of birth"),
  [EB_FIELD_SECURITY_WORD] = N_("Security word"),
  [EB_FIELD_SECURITY_WORD_REPEAT] = N_("Security word (again)"),
  [EB_FIELD_INSTITUTION_NAME] = N_("Institution name"),
  [EB_FIELD_REGISTRY_NO] = N_("Institution registry number"),
  [EB_FIELD_UNIT] = N_("Unit of work"),
  [EB_FIELD_JOB_TITLE] = N_("Job title"),
  [EB_FIELD_DELIVERY_ADDRESS] = N_("Institution / unit address"),
  [EB_FIELD_PROVINCE] = N_("Province"),
  [EB_FIELD_DISTRICT] = N_("District"),
  [EB_FIELD_POSTAL_CODE] = N_("Postal code"),
  [EB_FIELD_EMAIL] = N_("E-mail"),
  [EB_FIELD_WORK_PHONE] = N_("Work phone"),
  [EB_FIELD_WORK_PHONE_EXTENSION] = N_("Extension"),
  [EB_FIELD_MOBILE_PHONE] = N_("Mobile phone"),
  [EB_FIELD_MOBILE_OPERATOR] = N_("Mobile operator"),
  [EB_FIELD_HOME_PHONE] = N_("Home phone"),
  [EB_FIELD_INFO_CHANNEL] = N_("Information channel"),
};

const char *
eb_form_text_field_label (EbFormField field)
{
  g_return_val_if_fail (field < EB_N_FIELDS, NULL);

  return _(field_labels[field]);
}

const char *
eb_form_text_operator (EbMobileOperator op)
{
  switch (op)
    {
    case EB_OPERATOR_NONE:
      return "";
    case EB_OPERATOR_TURKCELL:
      return "Turkcell";
    case EB_OPERATOR_VODAFONE:
      return "Vodafone";
    case EB_OPERATOR_TURK_TELEKOM:
      return "Türk Telekom";
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
invalid_characters_text (EbFormField field)
{
  switch (field)
    {
    case EB_FIELD_FIRST_NAME:
    case EB_FIELD_LAST_NAME:
    case EB_FIELD_BIRTH_PLACE:
      return g_strdup (_("Use only letters, spaces, apostrophes (') and hyphens (-), "
                         "and start with a letter."));
    case EB_FIELD_SECURITY_WORD:
      return g_strdup (_("Remove the spaces at the start or end of the security word "
                         "and any characters that cannot be typed."));
    default:
      return g_strdup (_("Remove characters such as < > { } [ ] \\ | ^ ~ ` $ from the text."));
    }
}

/**
 * eb_form_text_error:
 * @error: an %EB_VALIDATION_ERROR about @field
 *
 * Returns: (transfer full): a sentence in the user's language saying what is
 *   wrong with the field and how to put it right
 */
char *
eb_form_text_error (EbApplicationForm *form,
                    EbFormField        field,
                    const GError      *error)
{
  const char *label = eb_form_text_field_label (field);

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != EB_VALIDATION_ERROR)
    return g_strdup (error->message);

  switch ((EbValidationError) error->code)
    {
    case EB_VALIDATION_ERROR_REQUIRED:
      /* TRANSLATORS: %s is a field's label, e.g. "First name" */
      return g_strdup_printf (_("Fill in “%s”; it is required."), label);
    case EB_VALIDATION_ERROR_TOO_LONG:
      /* TRANSLATORS: %s is a field's label */
      return g_strdup_printf (_("“%s” is too long; shorten it."), label);
    case EB_VALIDATION_ERROR_INVALID_CHARACTERS:
      return invalid_characters_text (field);
    case EB_VALIDATION_ERROR_TCKN_LENGTH:
      return g_strdup (_("A T.C. identity number has 11 digits; check that none is missing or extra."));
    case EB_VALIDATION_ERROR_TCKN_NOT_DIGITS:
      return g_strdup (_("A T.C. identity number has digits only; remove letters and signs."));
    case EB_VALIDATION_ERROR_TCKN_FIRST_DIGIT_ZERO:
      return g_strdup (_("A T.C. identity number never starts with 0; check the first digit."));
    case EB_VALIDATION_ERROR_TCKN_CHECKSUM:
      return g_strdup (_("This is not a valid T.C. identity number; compare it digit by digit "
                         "with your identity card."));
    case EB_VALIDATION_ERROR_DATE_FORMAT:
      return g_strdup (_("Write the date as DD.MM.YYYY, for example 24.11.1980."));
    case EB_VALIDATION_ERROR_DATE_NOT_REAL:
      return g_strdup (_("There is no such day in the calendar; check the day and the month."));
    case EB_VALIDATION_ERROR_DATE_IN_FUTURE:
      return g_strdup (_("The date of birth must be in the past; check the year."));
    case EB_VALIDATION_ERROR_DATE_TOO_YOUNG:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The applicant must be at least %d year old; check the year.",
                                           "The applicant must be at least %d years old; check the year.",
                                           EB_MINIMUM_AGE_YEARS),
                              EB_MINIMUM_AGE_YEARS);
    case EB_VALIDATION_ERROR_DATE_TOO_OLD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "This date is more than %d year ago; check the year.",
                                           "This date is more than %d years ago; check the year.",
                                           EB_MAXIMUM_AGE_YEARS),
                              EB_MAXIMUM_AGE_YEARS);
    case EB_VALIDATION_ERROR_MOBILE_FORMAT:
      return g_strdup (_("Write the mobile number with 10 digits starting with 5, "
                         "for example 532 123 45 67."));
    case EB_VALIDATION_ERROR_MOBILE_PREFIX:
      return g_strdup (_("No mobile operator in Türkiye uses this prefix; check the first three digits."));
    case EB_VALIDATION_ERROR_LANDLINE_FORMAT:
      return g_strdup (_("Write the number with its area code, 10 digits, for example 436 311 20 25."));
    case EB_VALIDATION_ERROR_LANDLINE_AREA_CODE:
      return g_strdup (_("This is not a landline area code in Türkiye; check the first three digits."));
    case EB_VALIDATION_ERROR_EXTENSION_FORMAT:
      return g_strdup (_("An extension has at most 6 digits; type digits only."));
    case EB_VALIDATION_ERROR_EMAIL_FORMAT:
      return g_strdup (_("Write a whole e-mail address such as ad.soyad@meb.gov.tr, "
                         "without spaces or Turkish letters."));
    case EB_VALIDATION_ERROR_POSTAL_FORMAT:
      return g_strdup (_("A postal code has 5 digits."));
    case EB_VALIDATION_ERROR_POSTAL_PROVINCE:
      /* TRANSLATORS: %02u is the province's plate code, e.g. "49" */
      return g_strdup_printf (_("Postal codes in this province start with %02u; choose one from the list."),
                              eb_application_form_get_province (form));
    case EB_VALIDATION_ERROR_POSTAL_DISTRICT:
      return g_strdup (_("This postal code is not in the chosen district; choose one from the list."));
    case EB_VALIDATION_ERROR_PROVINCE_UNKNOWN:
      return g_strdup (_("Choose the province from the list."));
    case EB_VALIDATION_ERROR_DISTRICT_UNKNOWN:
      return g_strdup (_("This district is not in the chosen province; choose one from the list."));
    case EB_VALIDATION_ERROR_SECURITY_WORD_SHORT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Use at least %d character for the security word.",
                                           "Use at least %d characters for the security word.",
                                           EB_SECURITY_WORD_MIN_LENGTH),
                              EB_SECURITY_WORD_MIN_LENGTH);
    case EB_VALIDATION_ERROR_SECURITY_WORD_WEAK:
      return g_strdup (_("Choose a word that is harder to guess than a run such as 123456 or aaaaaa."));
    case EB_VALIDATION_ERROR_SECURITY_WORD_MISMATCH:
      return g_strdup (_("The two security words are not the same; type the word again."));
    case EB_VALIDATION_ERROR_REGISTRY_NO_FORMAT:
      return g_strdup (_("The institution registry number has digits only (at most 12)."));
    case EB_VALIDATION_ERROR_CHOICE_MISSING:
      /* TRANSLATORS: %s is a field's label, e.g. "Mobile operator" */
      return g_strdup_printf (_("Choose a value for “%s”."), label);
    default:
      return g_strdup (error->message);
    }
}
