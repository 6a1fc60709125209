/* eb-portal-fields.c — the form's fields as the portal API names them
 *
 * The one table of the JSON member name of every form field, and which
 * request carries it (docs/portal-api.md). The app's client writes and
 * reads members through it and so does the portal server, so the two
 * cannot spell a field differently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-portal-fields.h"

typedef struct
{
  const char          *name;
  EbPortalFieldSource  source;
} FieldInfo;

#define FORM     EB_PORTAL_FIELD_IN_FORM
#define LOGIN    EB_PORTAL_FIELD_IN_LOGIN
#define REGISTRY EB_PORTAL_FIELD_FROM_REGISTRY

static const FieldInfo fields[EB_N_FIELDS] = {
  [EB_FIELD_CARD_READER_TYPE] = { "card_reader_type", FORM },
  [EB_FIELD_VALIDITY_YEARS] = { "validity_years", FORM },
  [EB_FIELD_REASON] = { "reason", FORM },
  [EB_FIELD_TCKN] = { "tckn", LOGIN },
  [EB_FIELD_FIRST_NAME] = { "first_name", LOGIN },
  [EB_FIELD_LAST_NAME] = { "last_name", LOGIN },
  [EB_FIELD_BIRTH_PLACE] = { "birth_place", LOGIN },
  [EB_FIELD_BIRTH_DATE] = { "birth_date", LOGIN },
  [EB_FIELD_SECURITY_WORD] = { "security_word", FORM },
  [EB_FIELD_SECURITY_WORD_REPEAT] = { "security_word_repeat", FORM },
  [EB_FIELD_INSTITUTION_NAME] = { "institution_name", REGISTRY },
  [EB_FIELD_REGISTRY_NO] = { "registry_no", FORM },
  [EB_FIELD_UNIT] = { "unit", FORM },
  [EB_FIELD_JOB_TITLE] = { "job_title", FORM },
  [EB_FIELD_DELIVERY_ADDRESS] = { "delivery_address", FORM },
  [EB_FIELD_PROVINCE] = { "province", FORM },
  [EB_FIELD_DISTRICT] = { "district", FORM },
  [EB_FIELD_POSTAL_CODE] = { "postal_code", FORM },
  [EB_FIELD_EMAIL] = { "email", FORM },
  [EB_FIELD_WORK_PHONE] = { "work_phone", FORM },
  [EB_FIELD_WORK_PHONE_EXTENSION] = { "work_phone_extension", FORM },
  [EB_FIELD_MOBILE_PHONE] = { "mobile_phone", FORM },
  [EB_FIELD_MOBILE_OPERATOR] = { "mobile_operator", FORM },
  [EB_FIELD_HOME_PHONE] = { "home_phone", FORM },
  [EB_FIELD_INFO_CHANNEL] = { "info_channel", FORM },
};

/**
 * eb_portal_field_get_name:
 *
 * Returns: @field's member name in the API's JSON, "postal_code"
 */
const char *
eb_portal_field_get_name (EbFormField field)
{
  g_return_val_if_fail (field < EB_N_FIELDS, NULL);

  return fields[field].name;
}

/**
 * eb_portal_field_from_name:
 * @name: a member name of the API's JSON
 * @field: (out): the form field it names
 *
 * Returns: whether @name is a form field's
 */
gboolean
eb_portal_field_from_name (const char  *name,
                           EbFormField *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      if (g_strcmp0 (fields[i].name, name) == 0)
        {
          *field = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * eb_portal_field_get_source:
 *
 * Returns: which request carries @field to the portal
 */
EbPortalFieldSource
eb_portal_field_get_source (EbFormField field)
{
  g_return_val_if_fail (field < EB_N_FIELDS, EB_PORTAL_FIELD_IN_FORM);

  return fields[field].source;
}
