/* eb-card-reader.c — one PC/SC reader as EbPcscMonitor last saw it
 *
 * The items of the monitor's reader list: a status widget binds to
 * has-card / card-type and shows which card is where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-card-enums.h"
#include "eb-card-reader.h"

struct _EbCardReader
{
  GObject parent_instance;

  char *name;
  gboolean has_card;
  char *atr;                        /* hex; NULL without a card */
  const EbCardTypeInfo *card_info;  /* from the static table */
};

G_DEFINE_FINAL_TYPE (EbCardReader, eb_card_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_HAS_CARD,
  PROP_ATR,
  PROP_CARD_TYPE,
  PROP_CARD_NAME,
  PROP_PKCS11_MODULE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const EbCardTypeInfo no_card_info = { EB_CARD_TYPE_NONE, NULL, NULL };

static void
eb_card_reader_finalize (GObject *object)
{
  EbCardReader *self = EB_CARD_READER (object);

  g_free (self->name);
  g_free (self->atr);

  G_OBJECT_CLASS (eb_card_reader_parent_class)->finalize (object);
}

static void
eb_card_reader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EbCardReader *self = EB_CARD_READER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_HAS_CARD:
      g_value_set_boolean (value, self->has_card);
      break;
    case PROP_ATR:
      g_value_set_string (value, self->atr);
      break;
    case PROP_CARD_TYPE:
      g_value_set_enum (value, self->card_info->type);
      break;
    case PROP_CARD_NAME:
      g_value_set_string (value, self->card_info->name);
      break;
    case PROP_PKCS11_MODULE:
      g_value_set_string (value, self->card_info->pkcs11_module);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_card_reader_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EbCardReader *self = EB_CARD_READER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_card_reader_class_init (EbCardReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eb_card_reader_finalize;
  object_class->get_property = eb_card_reader_get_property;
  object_class->set_property = eb_card_reader_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CARD] =
    g_param_spec_boolean ("has-card", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Hex, upper case, no separators; NULL without a card. */
  properties[PROP_ATR] =
    g_param_spec_string ("atr", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARD_TYPE] =
    g_param_spec_enum ("card-type", NULL, NULL, EB_TYPE_CARD_TYPE, EB_CARD_TYPE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The product name from the ATR table; NULL for cards it does not know. */
  properties[PROP_CARD_NAME] =
    g_param_spec_string ("card-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PKCS11_MODULE] =
    g_param_spec_string ("pkcs11-module", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_card_reader_init (EbCardReader *self)
{
  self->card_info = &no_card_info;
}

EbCardReader *
eb_card_reader_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (EB_TYPE_CARD_READER, "name", name, NULL);
}

const char *
eb_card_reader_get_name (EbCardReader *self)
{
  g_return_val_if_fail (EB_IS_CARD_READER (self), NULL);

  return self->name;
}

gboolean
eb_card_reader_get_has_card (EbCardReader *self)
{
  g_return_val_if_fail (EB_IS_CARD_READER (self), FALSE);

  return self->has_card;
}

const char *
eb_card_reader_get_atr (EbCardReader *self)
{
  g_return_val_if_fail (EB_IS_CARD_READER (self), NULL);

  return self->atr;
}

EbCardType
eb_card_reader_get_card_type (EbCardReader *self)
{
  g_return_val_if_fail (EB_IS_CARD_READER (self), EB_CARD_TYPE_NONE);

  return self->card_info->type;
}

const char *
eb_card_reader_get_card_name (EbCardReader *self)
{
  g_return_val_if_fail (EB_IS_CARD_READER (self), NULL);

  return self->card_info->name;
}

const char *
eb_card_reader_get_pkcs11_module (EbCardReader *self)
{
  g_return_val_if_fail (EB_IS_CARD_READER (self), NULL);

  return self->card_info->pkcs11_module;
}

void
eb_card_reader_set_card (EbCardReader *self,
                         gboolean      has_card,
                         const guint8 *atr,
                         gsize         atr_len)
{
  g_autofree char *atr_hex = NULL;
  const EbCardTypeInfo *info;

  g_return_if_fail (EB_IS_CARD_READER (self));

  if (has_card)
    {
      atr_hex = eb_atr_to_hex (atr, atr_len);
      info = eb_card_type_identify (atr, atr_len);
    }
  else
    {
      info = &no_card_info;
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->has_card != has_card)
    {
      self->has_card = has_card;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CARD]);
    }
  if (g_strcmp0 (self->atr, atr_hex) != 0)
    {
      g_free (self->atr);
      self->atr = g_steal_pointer (&atr_hex);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATR]);
    }
  if (self->card_info != info)
    {
      gboolean type_changed = self->card_info->type != info->type;

      self->card_info = info;
      if (type_changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_TYPE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_NAME]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PKCS11_MODULE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}
