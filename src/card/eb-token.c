/* eb-token.c — a PKCS#11 token (a card in a reader) as EbTokenManager last read it
 *
 * A plain object on the main context: the manager's worker thread reads the
 * token and the manager copies what it read in here, so that widgets can
 * bind to the PIN state and the certificate list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <p11-kit/pkcs11.h>

#include "eb-card-enums.h"
#include "eb-token-private.h"

struct _EbToken
{
  GObject parent_instance;

  gulong slot_id;
  char *slot_description;
  char *label;
  char *manufacturer;
  char *model;
  char *serial;
  gulong flags;
  gboolean logged_in;
  GListStore *certificates;   /* EbTokenCertificate */
};

G_DEFINE_FINAL_TYPE (EbToken, eb_token, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SLOT_ID,
  PROP_SLOT_DESCRIPTION,
  PROP_LABEL,
  PROP_SERIAL,
  PROP_MANUFACTURER,
  PROP_MODEL,
  PROP_LOGIN_REQUIRED,
  PROP_PROTECTED_AUTH_PATH,
  PROP_PIN_COUNT_LOW,
  PROP_PIN_FINAL_TRY,
  PROP_PIN_LOCKED,
  PROP_PIN_TO_BE_CHANGED,
  PROP_PIN_STATE,
  PROP_LOGGED_IN,
  PROP_CERTIFICATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Which properties follow from which token flag. */
static const struct
{
  gulong flag;
  guint prop;
} flag_props[] = {
  { CKF_LOGIN_REQUIRED, PROP_LOGIN_REQUIRED },
  { CKF_PROTECTED_AUTHENTICATION_PATH, PROP_PROTECTED_AUTH_PATH },
  { CKF_USER_PIN_COUNT_LOW, PROP_PIN_COUNT_LOW },
  { CKF_USER_PIN_FINAL_TRY, PROP_PIN_FINAL_TRY },
  { CKF_USER_PIN_LOCKED, PROP_PIN_LOCKED },
  { CKF_USER_PIN_TO_BE_CHANGED, PROP_PIN_TO_BE_CHANGED },
};

void
eb_token_state_free (EbTokenState *state)
{
  if (state == NULL)
    return;

  g_free (state->slot_description);
  g_free (state->label);
  g_free (state->manufacturer);
  g_free (state->model);
  g_free (state->serial);
  g_clear_pointer (&state->certificates, g_ptr_array_unref);
  g_free (state);
}

static EbPinState
pin_state_from_flags (gulong flags)
{
  if (flags & CKF_USER_PIN_LOCKED)
    return EB_PIN_STATE_LOCKED;
  if (flags & CKF_USER_PIN_FINAL_TRY)
    return EB_PIN_STATE_FINAL_TRY;
  if (flags & CKF_USER_PIN_COUNT_LOW)
    return EB_PIN_STATE_COUNT_LOW;
  return EB_PIN_STATE_OK;
}

static void
eb_token_finalize (GObject *object)
{
  EbToken *self = EB_TOKEN (object);

  g_free (self->slot_description);
  g_free (self->label);
  g_free (self->manufacturer);
  g_free (self->model);
  g_free (self->serial);
  g_clear_object (&self->certificates);

  G_OBJECT_CLASS (eb_token_parent_class)->finalize (object);
}

static void
eb_token_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EbToken *self = EB_TOKEN (object);

  for (guint i = 0; i < G_N_ELEMENTS (flag_props); i++)
    {
      if (flag_props[i].prop == prop_id)
        {
          g_value_set_boolean (value, (self->flags & flag_props[i].flag) != 0);
          return;
        }
    }

  switch (prop_id)
    {
    case PROP_SLOT_ID:
      g_value_set_ulong (value, self->slot_id);
      break;
    case PROP_SLOT_DESCRIPTION:
      g_value_set_string (value, self->slot_description);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;
    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_PIN_STATE:
      g_value_set_enum (value, pin_state_from_flags (self->flags));
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->logged_in);
      break;
    case PROP_CERTIFICATES:
      g_value_set_object (value, self->certificates);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_token_class_init (EbTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = eb_token_finalize;
  object_class->get_property = eb_token_get_property;

  properties[PROP_SLOT_ID] =
    g_param_spec_ulong ("slot-id", NULL, NULL, 0, G_MAXULONG, 0, flags);
  properties[PROP_SLOT_DESCRIPTION] =
    g_param_spec_string ("slot-description", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_SERIAL] = g_param_spec_string ("serial", NULL, NULL, NULL, flags);
  properties[PROP_MANUFACTURER] = g_param_spec_string ("manufacturer", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_LOGIN_REQUIRED] =
    g_param_spec_boolean ("login-required", NULL, NULL, FALSE, flags);
  /* The reader has a PIN pad: log in without a PIN in the app. */
  properties[PROP_PROTECTED_AUTH_PATH] =
    g_param_spec_boolean ("protected-auth-path", NULL, NULL, FALSE, flags);
  properties[PROP_PIN_COUNT_LOW] =
    g_param_spec_boolean ("pin-count-low", NULL, NULL, FALSE, flags);
  properties[PROP_PIN_FINAL_TRY] =
    g_param_spec_boolean ("pin-final-try", NULL, NULL, FALSE, flags);
  properties[PROP_PIN_LOCKED] =
    g_param_spec_boolean ("pin-locked", NULL, NULL, FALSE, flags);
  properties[PROP_PIN_TO_BE_CHANGED] =
    g_param_spec_boolean ("pin-to-be-changed", NULL, NULL, FALSE, flags);
  properties[PROP_PIN_STATE] =
    g_param_spec_enum ("pin-state", NULL, NULL, EB_TYPE_PIN_STATE, EB_PIN_STATE_OK, flags);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE, flags);
  properties[PROP_CERTIFICATES] =
    g_param_spec_object ("certificates", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_token_init (EbToken *self)
{
  self->certificates = g_list_store_new (EB_TYPE_TOKEN_CERTIFICATE);
}

static void
set_string (EbToken     *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

EbToken *
eb_token_new (const EbTokenState *state)
{
  EbToken *self = g_object_new (EB_TYPE_TOKEN, NULL);

  self->slot_id = state->slot_id;
  eb_token_update (self, state);

  return self;
}

/* Whether @state is about this token (same slot, same card). */
gboolean
eb_token_matches (EbToken            *self,
                  const EbTokenState *state)
{
  return self->slot_id == state->slot_id &&
         g_strcmp0 (self->serial, state->serial) == 0 &&
         g_strcmp0 (self->label, state->label) == 0;
}

void
eb_token_update (EbToken            *self,
                 const EbTokenState *state)
{
  gulong changed = self->flags ^ state->flags;

  g_object_freeze_notify (G_OBJECT (self));

  set_string (self, &self->slot_description, state->slot_description, PROP_SLOT_DESCRIPTION);
  set_string (self, &self->label, state->label, PROP_LABEL);
  set_string (self, &self->serial, state->serial, PROP_SERIAL);
  set_string (self, &self->manufacturer, state->manufacturer, PROP_MANUFACTURER);
  set_string (self, &self->model, state->model, PROP_MODEL);

  self->flags = state->flags;
  for (guint i = 0; i < G_N_ELEMENTS (flag_props); i++)
    if (changed & flag_props[i].flag)
      g_object_notify_by_pspec (G_OBJECT (self), properties[flag_props[i].prop]);
  if (changed & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIN_STATE]);

  if (self->logged_in != state->logged_in)
    {
      self->logged_in = state->logged_in;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
    }

  if (state->certificates != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->certificates));
      g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);

      /* The same certificates read again keep their objects: whoever holds
       * one (a page showing it, a signer) still holds the current one. */
      for (guint i = 0; i < state->certificates->len; i++)
        {
          EbTokenCertificate *cert = g_ptr_array_index (state->certificates, i);
          EbTokenCertificate *same = NULL;

          for (guint j = 0; j < n && same == NULL; j++)
            {
              g_autoptr(EbTokenCertificate) old = NULL;

              old = g_list_model_get_item (G_LIST_MODEL (self->certificates), j);

              if (eb_token_certificate_equal (old, cert))
                same = g_steal_pointer (&old);
            }
          g_ptr_array_add (certs, same != NULL ? same : g_object_ref (cert));
        }

      g_list_store_splice (self->certificates, 0, n, certs->pdata, certs->len);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

gulong
eb_token_get_slot_id (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), 0);

  return self->slot_id;
}

const char *
eb_token_get_slot_description (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);

  return self->slot_description;
}

/* AKİS cards: "AKIS_<serial>". */
const char *
eb_token_get_label (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);

  return self->label;
}

const char *
eb_token_get_serial (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);

  return self->serial;
}

const char *
eb_token_get_manufacturer (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);

  return self->manufacturer;
}

const char *
eb_token_get_model (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);

  return self->model;
}

gboolean
eb_token_get_login_required (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return (self->flags & CKF_LOGIN_REQUIRED) != 0;
}

gboolean
eb_token_get_protected_auth_path (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return (self->flags & CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
}

gboolean
eb_token_get_pin_count_low (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return (self->flags & CKF_USER_PIN_COUNT_LOW) != 0;
}

gboolean
eb_token_get_pin_final_try (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return (self->flags & CKF_USER_PIN_FINAL_TRY) != 0;
}

gboolean
eb_token_get_pin_locked (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return (self->flags & CKF_USER_PIN_LOCKED) != 0;
}

gboolean
eb_token_get_pin_to_be_changed (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return (self->flags & CKF_USER_PIN_TO_BE_CHANGED) != 0;
}

EbPinState
eb_token_get_pin_state (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), EB_PIN_STATE_OK);

  return pin_state_from_flags (self->flags);
}

gboolean
eb_token_get_logged_in (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), FALSE);

  return self->logged_in;
}

/**
 * eb_token_get_certificates:
 *
 * Returns: (transfer none): the token's certificates, #EbTokenCertificate items
 */
GListModel *
eb_token_get_certificates (EbToken *self)
{
  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);

  return G_LIST_MODEL (self->certificates);
}

/**
 * eb_token_find_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate labelled @label
 */
EbTokenCertificate *
eb_token_find_certificate (EbToken    *self,
                           const char *label)
{
  guint n;

  g_return_val_if_fail (EB_IS_TOKEN (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->certificates));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EbTokenCertificate) cert = NULL;

      cert = g_list_model_get_item (G_LIST_MODEL (self->certificates), i);

      if (g_strcmp0 (eb_token_certificate_get_label (cert), label) == 0)
        return cert;  /* the store keeps a reference */
    }

  return NULL;
}
