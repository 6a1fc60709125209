/* eb-application-form.c — the Nitelikli Elektronik Sertifika application form
 *
 * Every field is kept as the text the user typed (enums by nick, the province
 * by plate code) so the form can be validated field by field as the user
 * leaves it, saved as a draft mid-way and sent to the portal as is. Typed
 * GObject properties sit on top for binding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-application-form.h"
#include "eb-geo.h"
#include "eb-validation.h"

#define UNIT_MAX_CHARS        100
#define JOB_TITLE_MAX_CHARS   100
#define ADDRESS_MAX_CHARS     200
#define INSTITUTION_MAX_CHARS 150

typedef enum
{
  KIND_TEXT,
  KIND_SECRET,
  KIND_ENUM,
  KIND_UINT,
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
  const char *default_value;
  GType     (*enum_type) (void);
} FieldInfo;

/* Indexed by EbFormField; names are the property names and the draft keys. */
static const FieldInfo fields[EB_N_FIELDS] = {
  [EB_FIELD_CARD_READER_TYPE] = { "card-reader-type", KIND_ENUM, "mini", eb_card_reader_type_get_type },
  [EB_FIELD_VALIDITY_YEARS] = { "validity-years", KIND_UINT, G_STRINGIFY (EB_CERTIFICATE_VALIDITY_YEARS), NULL },
  [EB_FIELD_REASON] = { "reason", KIND_ENUM, "new", eb_application_reason_get_type },
  [EB_FIELD_TCKN] = { "tckn", KIND_TEXT, "", NULL },
  [EB_FIELD_FIRST_NAME] = { "first-name", KIND_TEXT, "", NULL },
  [EB_FIELD_LAST_NAME] = { "last-name", KIND_TEXT, "", NULL },
  [EB_FIELD_BIRTH_PLACE] = { "birth-place", KIND_TEXT, "", NULL },
  [EB_FIELD_BIRTH_DATE] = { "birth-date", KIND_TEXT, "", NULL },
  [EB_FIELD_SECURITY_WORD] = { "security-word", KIND_SECRET, "", NULL },
  [EB_FIELD_SECURITY_WORD_REPEAT] = { "security-word-repeat", KIND_SECRET, "", NULL },
  [EB_FIELD_INSTITUTION_NAME] = { "institution-name", KIND_TEXT, "", NULL },
  [EB_FIELD_REGISTRY_NO] = { "registry-no", KIND_TEXT, "", NULL },
  [EB_FIELD_UNIT] = { "unit", KIND_TEXT, "", NULL },
  [EB_FIELD_JOB_TITLE] = { "job-title", KIND_TEXT, "", NULL },
  [EB_FIELD_DELIVERY_ADDRESS] = { "delivery-address", KIND_TEXT, "", NULL },
  [EB_FIELD_PROVINCE] = { "province", KIND_UINT, "0", NULL },
  [EB_FIELD_DISTRICT] = { "district", KIND_TEXT, "", NULL },
  [EB_FIELD_POSTAL_CODE] = { "postal-code", KIND_TEXT, "", NULL },
  [EB_FIELD_EMAIL] = { "email", KIND_TEXT, "", NULL },
  [EB_FIELD_WORK_PHONE] = { "work-phone", KIND_TEXT, "", NULL },
  [EB_FIELD_WORK_PHONE_EXTENSION] = { "work-phone-extension", KIND_TEXT, "", NULL },
  [EB_FIELD_MOBILE_PHONE] = { "mobile-phone", KIND_TEXT, "", NULL },
  [EB_FIELD_MOBILE_OPERATOR] = { "mobile-operator", KIND_ENUM, "none", eb_mobile_operator_get_type },
  [EB_FIELD_HOME_PHONE] = { "home-phone", KIND_TEXT, "", NULL },
  [EB_FIELD_INFO_CHANNEL] = { "info-channel", KIND_ENUM, "both", eb_info_channel_get_type },
};

struct _EbApplicationForm
{
  GObject parent_instance;

  char *values[EB_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (EbApplicationForm, eb_application_form, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[EB_N_FIELDS + 1];

static void
secret_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
free_value (EbFormField  field,
            char        *value)
{
  if (fields[field].kind == KIND_SECRET)
    secret_free (value);
  else
    g_free (value);
}

static int
enum_value_from_nick (EbFormField  field,
                      const char  *nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (fields[field].enum_type ());
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  return value != NULL ? value->value : -1;
}

static const char *
enum_nick_from_value (EbFormField field,
                      int         value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (fields[field].enum_type ());
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

static void
eb_application_form_finalize (GObject *object)
{
  EbApplicationForm *self = EB_APPLICATION_FORM (object);

  for (guint i = 0; i < EB_N_FIELDS; i++)
    free_value (i, g_steal_pointer (&self->values[i]));

  G_OBJECT_CLASS (eb_application_form_parent_class)->finalize (object);
}

static void
eb_application_form_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EbApplicationForm *self = EB_APPLICATION_FORM (object);
  EbFormField field = prop_id - 1;

  if (prop_id == 0 || prop_id > EB_N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  switch (fields[field].kind)
    {
    case KIND_TEXT:
    case KIND_SECRET:
      g_value_set_string (value, self->values[field]);
      break;
    case KIND_ENUM:
      g_value_set_enum (value, MAX (0, enum_value_from_nick (field, self->values[field])));
      break;
    case KIND_UINT:
      g_value_set_uint (value, (guint) g_ascii_strtoull (self->values[field], NULL, 10));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
eb_application_form_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EbApplicationForm *self = EB_APPLICATION_FORM (object);
  EbFormField field = prop_id - 1;
  g_autofree char *text = NULL;

  if (prop_id == 0 || prop_id > EB_N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  switch (fields[field].kind)
    {
    case KIND_TEXT:
    case KIND_SECRET:
      eb_application_form_set_text (self, field, g_value_get_string (value));
      break;
    case KIND_ENUM:
      eb_application_form_set_text (self, field,
                                    enum_nick_from_value (field, g_value_get_enum (value)));
      break;
    case KIND_UINT:
      text = g_strdup_printf ("%u", g_value_get_uint (value));
      eb_application_form_set_text (self, field, text);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
eb_application_form_class_init (EbApplicationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eb_application_form_finalize;
  object_class->get_property = eb_application_form_get_property;
  object_class->set_property = eb_application_form_set_property;

  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      const FieldInfo *info = &fields[i];
      GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

      switch (info->kind)
        {
        case KIND_TEXT:
        case KIND_SECRET:
          properties[i + 1] = g_param_spec_string (info->name, NULL, NULL, "", flags);
          break;
        case KIND_ENUM:
          properties[i + 1] = g_param_spec_enum (info->name, NULL, NULL, info->enum_type (),
                                                 enum_value_from_nick (i, info->default_value),
                                                 flags);
          break;
        case KIND_UINT:
          properties[i + 1] = g_param_spec_uint (info->name, NULL, NULL, 0, G_MAXUINT,
                                                 (guint) g_ascii_strtoull (info->default_value, NULL, 10),
                                                 flags);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_object_class_install_properties (object_class, EB_N_FIELDS + 1, properties);

  /**
   * EbApplicationForm::changed:
   * @field: the #EbFormField whose value changed
   *
   * Emitted after any field changed, once per field; drafts are saved on it.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, EB_TYPE_FORM_FIELD);
}

static void
eb_application_form_init (EbApplicationForm *self)
{
  for (guint i = 0; i < EB_N_FIELDS; i++)
    self->values[i] = g_strdup (fields[i].default_value);
}

EbApplicationForm *
eb_application_form_new (void)
{
  return g_object_new (EB_TYPE_APPLICATION_FORM, NULL);
}

/**
 * eb_application_form_get_field_name:
 *
 * Returns: the field's property name, also its key in drafts and the portal's JSON
 */
const char *
eb_application_form_get_field_name (EbFormField field)
{
  g_return_val_if_fail (field < EB_N_FIELDS, NULL);

  return fields[field].name;
}

/**
 * eb_application_form_field_is_secret:
 *
 * Returns: whether the field must never be written to disk or logged
 */
gboolean
eb_application_form_field_is_secret (EbFormField field)
{
  g_return_val_if_fail (field < EB_N_FIELDS, FALSE);

  return fields[field].kind == KIND_SECRET;
}

const char *
eb_application_form_get_text (EbApplicationForm *self,
                              EbFormField        field)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), NULL);
  g_return_val_if_fail (field < EB_N_FIELDS, NULL);

  return self->values[field];
}

static void
replace_value (EbApplicationForm *self,
               EbFormField        field,
               const char        *value)
{
  if (g_strcmp0 (self->values[field], value) == 0)
    return;

  free_value (field, self->values[field]);
  self->values[field] = g_strdup (value);

  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
  g_signal_emit (self, signals[CHANGED], 0, field);
}

/**
 * eb_application_form_set_text:
 * @value: (nullable): the text as typed; %NULL clears the field
 *
 * Stores the value as typed. Enum fields take their nick ("renewal"), the
 * province its plate code ("49"); an unknown nick is refused. A new province
 * clears a district that is not in it, and a new district a postal code that
 * is not in it, so the three never disagree.
 */
void
eb_application_form_set_text (EbApplicationForm *self,
                              EbFormField        field,
                              const char        *value)
{
  g_return_if_fail (EB_IS_APPLICATION_FORM (self));
  g_return_if_fail (field < EB_N_FIELDS);

  if (value == NULL)
    value = fields[field].default_value;

  if (fields[field].kind == KIND_ENUM && enum_value_from_nick (field, value) < 0)
    {
      g_warning ("Unknown value “%s” for form field %s", value, fields[field].name);
      return;
    }
  if (fields[field].kind == KIND_UINT)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, NULL))
        {
          g_warning ("Form field %s takes a number, not “%s”", fields[field].name, value);
          return;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  replace_value (self, field, value);

  if (field == EB_FIELD_PROVINCE)
    {
      guint plate = eb_application_form_get_province (self);
      const char *district = self->values[EB_FIELD_DISTRICT];

      if (*district != '\0' && eb_geo_find_district (eb_geo_get_default (), plate, district) == NULL)
        replace_value (self, EB_FIELD_DISTRICT, "");
    }
  if (field == EB_FIELD_PROVINCE || field == EB_FIELD_DISTRICT)
    {
      const char *postal = self->values[EB_FIELD_POSTAL_CODE];

      if (*postal != '\0' &&
          !eb_geo_district_has_postal_code (eb_geo_get_default (),
                                            eb_application_form_get_province (self),
                                            self->values[EB_FIELD_DISTRICT], postal))
        replace_value (self, EB_FIELD_POSTAL_CODE, "");
    }

  g_object_thaw_notify (G_OBJECT (self));
}

EbApplicationReason
eb_application_form_get_reason (EbApplicationForm *self)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), EB_REASON_NEW);

  return enum_value_from_nick (EB_FIELD_REASON, self->values[EB_FIELD_REASON]);
}

void
eb_application_form_set_reason (EbApplicationForm   *self,
                                EbApplicationReason  reason)
{
  eb_application_form_set_text (self, EB_FIELD_REASON, enum_nick_from_value (EB_FIELD_REASON, reason));
}

EbMobileOperator
eb_application_form_get_mobile_operator (EbApplicationForm *self)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), EB_OPERATOR_NONE);

  return enum_value_from_nick (EB_FIELD_MOBILE_OPERATOR, self->values[EB_FIELD_MOBILE_OPERATOR]);
}

void
eb_application_form_set_mobile_operator (EbApplicationForm *self,
                                         EbMobileOperator   op)
{
  eb_application_form_set_text (self, EB_FIELD_MOBILE_OPERATOR,
                                enum_nick_from_value (EB_FIELD_MOBILE_OPERATOR, op));
}

EbInfoChannel
eb_application_form_get_info_channel (EbApplicationForm *self)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), EB_INFO_CHANNEL_BOTH);

  return enum_value_from_nick (EB_FIELD_INFO_CHANNEL, self->values[EB_FIELD_INFO_CHANNEL]);
}

void
eb_application_form_set_info_channel (EbApplicationForm *self,
                                      EbInfoChannel      channel)
{
  eb_application_form_set_text (self, EB_FIELD_INFO_CHANNEL,
                                enum_nick_from_value (EB_FIELD_INFO_CHANNEL, channel));
}

guint
eb_application_form_get_province (EbApplicationForm *self)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), 0);

  return (guint) g_ascii_strtoull (self->values[EB_FIELD_PROVINCE], NULL, 10);
}

void
eb_application_form_set_province (EbApplicationForm *self,
                                  guint              plate)
{
  g_autofree char *text = g_strdup_printf ("%u", plate);

  eb_application_form_set_text (self, EB_FIELD_PROVINCE, text);
}

/* Runs the field's validator; returns the normalised value (owned) or NULL. */
static char *
check_field (EbApplicationForm  *self,
             EbFormField         field,
             GError            **error)
{
  const char *v = self->values[field];
  guint plate = eb_application_form_get_province (self);
  const char *district;

  switch (field)
    {
    case EB_FIELD_CARD_READER_TYPE:
    case EB_FIELD_REASON:
    case EB_FIELD_INFO_CHANNEL:
      if (enum_value_from_nick (field, v) < 0)
        {
          g_set_error_literal (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_CHOICE_MISSING,
                               "Nothing is chosen");
          return NULL;
        }
      return g_strdup (v);

    case EB_FIELD_MOBILE_OPERATOR:
      if (eb_application_form_get_mobile_operator (self) == EB_OPERATOR_NONE)
        {
          g_set_error_literal (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_CHOICE_MISSING,
                               "No mobile operator is chosen");
          return NULL;
        }
      return g_strdup (v);

    case EB_FIELD_VALIDITY_YEARS:
      if (g_strcmp0 (v, G_STRINGIFY (EB_CERTIFICATE_VALIDITY_YEARS)) != 0)
        {
          g_set_error_literal (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_CHOICE_MISSING,
                               "Kamu SM issues NES certificates for three years only");
          return NULL;
        }
      return g_strdup (v);

    case EB_FIELD_TCKN:
      return eb_validate_tckn (v, error);

    case EB_FIELD_FIRST_NAME:
    case EB_FIELD_LAST_NAME:
      return eb_validate_person_name (v, error);

    case EB_FIELD_BIRTH_PLACE:
      return eb_validate_place_name (v, error);

    case EB_FIELD_BIRTH_DATE:
      return eb_validate_birth_date (v, NULL, error);

    case EB_FIELD_SECURITY_WORD:
      return eb_validate_security_word (v, error) ? g_strdup (v) : NULL;

    case EB_FIELD_SECURITY_WORD_REPEAT:
      return eb_validate_security_word_pair (self->values[EB_FIELD_SECURITY_WORD], v, error)
             ? g_strdup (v) : NULL;

    case EB_FIELD_INSTITUTION_NAME:
      /* Filled by the portal from the personnel registry, not typed. */
      return *v == '\0' ? g_strdup ("") : eb_validate_free_text (v, INSTITUTION_MAX_CHARS, error);

    case EB_FIELD_REGISTRY_NO:
      return eb_validate_registry_no (v, error);

    case EB_FIELD_UNIT:
      return eb_validate_free_text (v, UNIT_MAX_CHARS, error);

    case EB_FIELD_JOB_TITLE:
      return eb_validate_free_text (v, JOB_TITLE_MAX_CHARS, error);

    case EB_FIELD_DELIVERY_ADDRESS:
      return eb_validate_free_text (v, ADDRESS_MAX_CHARS, error);

    case EB_FIELD_PROVINCE:
      return eb_validate_province (plate, error) ? g_strdup (v) : NULL;

    case EB_FIELD_DISTRICT:
      if (!eb_validate_district (plate, v, error))
        return NULL;
      return g_strdup (eb_geo_find_district (eb_geo_get_default (), plate, v));

    case EB_FIELD_POSTAL_CODE:
      district = self->values[EB_FIELD_DISTRICT];
      return eb_validate_postal_code (v, plate, district, error);

    case EB_FIELD_EMAIL:
      return eb_validate_email (v, error);

    case EB_FIELD_WORK_PHONE:
      return eb_validate_landline_phone (v, TRUE, error);

    case EB_FIELD_WORK_PHONE_EXTENSION:
      return eb_validate_phone_extension (v, error);

    case EB_FIELD_MOBILE_PHONE:
      return eb_validate_mobile_phone (v, error);

    case EB_FIELD_HOME_PHONE:
      return eb_validate_landline_phone (v, FALSE, error);

    case EB_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * eb_application_form_validate_field:
 *
 * Returns: whether the field's current value is acceptable; otherwise @error
 *   carries an %EB_VALIDATION_ERROR code that says what is wrong
 */
gboolean
eb_application_form_validate_field (EbApplicationForm  *self,
                                    EbFormField         field,
                                    GError            **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), FALSE);
  g_return_val_if_fail (field < EB_N_FIELDS, FALSE);

  normalized = check_field (self, field, error);
  if (normalized != NULL && fields[field].kind == KIND_SECRET)
    explicit_bzero (normalized, strlen (normalized));

  return normalized != NULL;
}

/**
 * eb_application_form_validate_fields:
 * @first_invalid: (out) (optional): the first field that failed
 *
 * Returns: whether every field in @fields is valid
 */
gboolean
eb_application_form_validate_fields (EbApplicationForm  *self,
                                     const EbFormField  *field_list,
                                     gsize               n_fields,
                                     EbFormField        *first_invalid,
                                     GError            **error)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), FALSE);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (!eb_application_form_validate_field (self, field_list[i], error))
        {
          if (first_invalid != NULL)
            *first_invalid = field_list[i];
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * eb_application_form_normalize_field:
 *
 * Validates the field and, when valid, replaces what was typed by its
 * normalised form (Turkish capitals, bare phone digits, ISO date). Called when
 * the user leaves a field; secrets are never rewritten.
 */
gboolean
eb_application_form_normalize_field (EbApplicationForm  *self,
                                     EbFormField         field,
                                     GError            **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), FALSE);
  g_return_val_if_fail (field < EB_N_FIELDS, FALSE);

  normalized = check_field (self, field, error);
  if (normalized == NULL)
    return FALSE;

  if (fields[field].kind == KIND_SECRET)
    explicit_bzero (normalized, strlen (normalized));
  else
    eb_application_form_set_text (self, field, normalized);

  return TRUE;
}

/**
 * eb_application_form_serialize:
 *
 * Returns: (transfer floating): every non-secret field as a{ss}, keyed by
 *   field name; the security word is never included
 */
GVariant *
eb_application_form_serialize (EbApplicationForm *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < EB_N_FIELDS; i++)
    if (fields[i].kind != KIND_SECRET)
      g_variant_builder_add (&builder, "{ss}", fields[i].name, self->values[i]);

  return g_variant_builder_end (&builder);
}

/**
 * eb_application_form_deserialize:
 * @fields_variant: a{ss} as made by eb_application_form_serialize()
 *
 * Restores a draft. Unknown keys (from a newer version) and secret fields are
 * ignored; fields absent from the draft keep their value.
 */
void
eb_application_form_deserialize (EbApplicationForm *self,
                                 GVariant          *fields_variant)
{
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (EB_IS_APPLICATION_FORM (self));
  g_return_if_fail (g_variant_is_of_type (fields_variant, G_VARIANT_TYPE ("a{ss}")));

  /* The province first: setting it later would clear the district. */
  if (g_variant_lookup (fields_variant, fields[EB_FIELD_PROVINCE].name, "&s", &value))
    eb_application_form_set_text (self, EB_FIELD_PROVINCE, value);
  if (g_variant_lookup (fields_variant, fields[EB_FIELD_DISTRICT].name, "&s", &value))
    eb_application_form_set_text (self, EB_FIELD_DISTRICT, value);

  g_variant_iter_init (&iter, fields_variant);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      for (guint i = 0; i < EB_N_FIELDS; i++)
        {
          if (g_strcmp0 (fields[i].name, key) == 0 && fields[i].kind != KIND_SECRET)
            {
              eb_application_form_set_text (self, i, value);
              break;
            }
        }
    }
}

/**
 * eb_application_form_clear_secrets:
 *
 * Wipes the security word from memory, e.g. once the portal has it.
 */
void
eb_application_form_clear_secrets (EbApplicationForm *self)
{
  g_return_if_fail (EB_IS_APPLICATION_FORM (self));

  for (guint i = 0; i < EB_N_FIELDS; i++)
    if (fields[i].kind == KIND_SECRET)
      eb_application_form_set_text (self, i, "");
}

/**
 * eb_application_form_dup_person_key:
 *
 * Returns: (transfer full): the key drafts are kept under: the TCKN once it is
 *   valid, "" before that
 */
char *
eb_application_form_dup_person_key (EbApplicationForm *self)
{
  g_autofree char *tckn = NULL;

  g_return_val_if_fail (EB_IS_APPLICATION_FORM (self), NULL);

  tckn = eb_validate_tckn (self->values[EB_FIELD_TCKN], NULL);
  return tckn != NULL ? g_steal_pointer (&tckn) : g_strdup ("");
}
