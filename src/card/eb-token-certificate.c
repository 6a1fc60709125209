/* eb-token-certificate.c — a certificate object on a PKCS#11 token
 *
 * The token's label and CKA_ID (which ties the certificate to its private
 * key) with what the certificate says. AKİS labels the signing certificate
 * "<TCKN>NES0". Immutable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-token-certificate.h"

struct _EbTokenCertificate
{
  GObject parent_instance;

  char *label;
  GBytes *id;
  EbCertificateInfo *info;
};

G_DEFINE_FINAL_TYPE (EbTokenCertificate, eb_token_certificate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eb_token_certificate_finalize (GObject *object)
{
  EbTokenCertificate *self = EB_TOKEN_CERTIFICATE (object);

  g_free (self->label);
  g_bytes_unref (self->id);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (eb_token_certificate_parent_class)->finalize (object);
}

static void
eb_token_certificate_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EbTokenCertificate *self = EB_TOKEN_CERTIFICATE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_token_certificate_class_init (EbTokenCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eb_token_certificate_finalize;
  object_class->get_property = eb_token_certificate_get_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL, EB_TYPE_CERTIFICATE_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_token_certificate_init (EbTokenCertificate *self)
{
}

EbTokenCertificate *
eb_token_certificate_new (const char        *label,
                          GBytes            *id,
                          EbCertificateInfo *info)
{
  EbTokenCertificate *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (EB_IS_CERTIFICATE_INFO (info), NULL);

  self = g_object_new (EB_TYPE_TOKEN_CERTIFICATE, NULL);
  self->label = g_strdup (label);
  self->id = g_bytes_ref (id);
  self->info = g_object_ref (info);

  return self;
}

const char *
eb_token_certificate_get_label (EbTokenCertificate *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_CERTIFICATE (self), NULL);

  return self->label;
}

/**
 * eb_token_certificate_get_id:
 *
 * Returns: (transfer none): the CKA_ID, shared with the private key
 */
GBytes *
eb_token_certificate_get_id (EbTokenCertificate *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_CERTIFICATE (self), NULL);

  return self->id;
}

char *
eb_token_certificate_dup_id_hex (EbTokenCertificate *self)
{
  const guint8 *data;
  gsize len;
  GString *hex;

  g_return_val_if_fail (EB_IS_TOKEN_CERTIFICATE (self), NULL);

  data = g_bytes_get_data (self->id, &len);
  hex = g_string_sized_new (len * 2);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", data[i]);

  return g_string_free (hex, FALSE);
}

/**
 * eb_token_certificate_get_info:
 *
 * Returns: (transfer none): the certificate, with its X509 and DER
 */
EbCertificateInfo *
eb_token_certificate_get_info (EbTokenCertificate *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_CERTIFICATE (self), NULL);

  return self->info;
}

/* Same label, same id, same certificate. */
gboolean
eb_token_certificate_equal (EbTokenCertificate *a,
                            EbTokenCertificate *b)
{
  g_return_val_if_fail (EB_IS_TOKEN_CERTIFICATE (a), FALSE);
  g_return_val_if_fail (EB_IS_TOKEN_CERTIFICATE (b), FALSE);

  return g_strcmp0 (a->label, b->label) == 0 &&
         g_bytes_equal (a->id, b->id) &&
         g_bytes_equal (eb_certificate_info_get_der (a->info),
                        eb_certificate_info_get_der (b->info));
}
