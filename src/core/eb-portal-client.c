/* eb-portal-client.c — the app's side of the portal API (docs/portal-api.md)
 *
 * Every step of the application goes over HTTP to the portal (the standalone
 * server or the training one in-process); nothing is decided here that the
 * server owns. Errors come back as EB_PORTAL_ERROR codes, one per API error
 * code, with the extra members (retry_after, tries_left, fields) attached to
 * the GError, for src/ui to put into words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eb-core-enums.h"
#include "eb-portal-client.h"
#include "eb-portal-fields.h"

/* Long enough for a slow mobile link, short enough that a dead server is
 * reported while the user is still looking. */
#define REQUEST_TIMEOUT_S 30

typedef struct
{
  guint retry_after;
  int tries_left;
  GArray *fields;               /* EbPortalFieldError */
} EbPortalErrorPrivate;

static void
eb_portal_error_private_init (EbPortalErrorPrivate *priv)
{
  priv->tries_left = -1;
}

static void
eb_portal_error_private_copy (const EbPortalErrorPrivate *src,
                              EbPortalErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
  dest->tries_left = src->tries_left;
  dest->fields = src->fields != NULL ? g_array_ref (src->fields) : NULL;
}

static void
eb_portal_error_private_clear (EbPortalErrorPrivate *priv)
{
  g_clear_pointer (&priv->fields, g_array_unref);
}

G_DEFINE_EXTENDED_ERROR (EbPortalError, eb_portal_error)

/* The API's error codes, in the order of EbPortalError from MALFORMED_REQUEST. */
static const struct
{
  const char *code;
  EbPortalError error;
} api_errors[] = {
  { "malformed_request", EB_PORTAL_ERROR_MALFORMED_REQUEST },
  { "session_missing", EB_PORTAL_ERROR_SESSION_MISSING },
  { "session_expired", EB_PORTAL_ERROR_SESSION_EXPIRED },
  { "not_found", EB_PORTAL_ERROR_NOT_FOUND },
  { "method_not_allowed", EB_PORTAL_ERROR_METHOD_NOT_ALLOWED },
  { "wrong_state", EB_PORTAL_ERROR_WRONG_STATE },
  { "body_too_large", EB_PORTAL_ERROR_BODY_TOO_LARGE },
  { "unsupported_media_type", EB_PORTAL_ERROR_UNSUPPORTED_MEDIA_TYPE },
  { "invalid_fields", EB_PORTAL_ERROR_INVALID_FIELDS },
  { "captcha_wrong", EB_PORTAL_ERROR_CAPTCHA_WRONG },
  { "captcha_expired", EB_PORTAL_ERROR_CAPTCHA_EXPIRED },
  { "identity_mismatch", EB_PORTAL_ERROR_IDENTITY_MISMATCH },
  { "person_not_found", EB_PORTAL_ERROR_PERSON_NOT_FOUND },
  { "assignment_not_recorded", EB_PORTAL_ERROR_ASSIGNMENT_NOT_RECORDED },
  { "too_many_attempts", EB_PORTAL_ERROR_TOO_MANY_ATTEMPTS },
  { "method_needs_renewal", EB_PORTAL_ERROR_METHOD_NEEDS_RENEWAL },
  { "sms_resend_too_soon", EB_PORTAL_ERROR_SMS_RESEND_TOO_SOON },
  { "sms_resend_limit", EB_PORTAL_ERROR_SMS_RESEND_LIMIT },
  { "sms_gateway_failed", EB_PORTAL_ERROR_SMS_GATEWAY_FAILED },
  { "sms_code_wrong", EB_PORTAL_ERROR_SMS_CODE_WRONG },
  { "sms_code_expired", EB_PORTAL_ERROR_SMS_CODE_EXPIRED },
  { "sms_code_tries_exhausted", EB_PORTAL_ERROR_SMS_CODE_TRIES_EXHAUSTED },
  { "sms_code_missing", EB_PORTAL_ERROR_SMS_CODE_MISSING },
  { "method_not_esign", EB_PORTAL_ERROR_METHOD_NOT_ESIGN },
  { "signature_not_pdf", EB_PORTAL_ERROR_SIGNATURE_NOT_PDF },
  { "signature_truncated", EB_PORTAL_ERROR_SIGNATURE_TRUNCATED },
  { "signature_unsupported_pdf", EB_PORTAL_ERROR_SIGNATURE_UNSUPPORTED_PDF },
  { "signature_not_issued_document", EB_PORTAL_ERROR_SIGNATURE_NOT_ISSUED_DOCUMENT },
  { "signature_missing", EB_PORTAL_ERROR_SIGNATURE_MISSING },
  { "signature_byte_range", EB_PORTAL_ERROR_SIGNATURE_BYTE_RANGE },
  { "signature_cms_malformed", EB_PORTAL_ERROR_SIGNATURE_CMS_MALFORMED },
  { "signature_digest_mismatch", EB_PORTAL_ERROR_SIGNATURE_DIGEST_MISMATCH },
  { "signature_invalid", EB_PORTAL_ERROR_SIGNATURE_INVALID },
  { "signature_untrusted", EB_PORTAL_ERROR_SIGNATURE_UNTRUSTED },
  { "signature_certificate_not_valid", EB_PORTAL_ERROR_SIGNATURE_CERTIFICATE_NOT_VALID },
  { "signature_no_non_repudiation", EB_PORTAL_ERROR_SIGNATURE_NO_NON_REPUDIATION },
  { "signature_tckn_mismatch", EB_PORTAL_ERROR_SIGNATURE_TCKN_MISMATCH },
  { "signature_malformed_pdf", EB_PORTAL_ERROR_SIGNATURE_MALFORMED_PDF },
  { "internal", EB_PORTAL_ERROR_INTERNAL },
};

struct _EbPortalClient
{
  GObject parent_instance;

  SoupSession *soup;
  char *base_url;
  char *session_token;
};

G_DEFINE_FINAL_TYPE (EbPortalClient, eb_portal_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_BOXED_TYPE (EbPortalCaptcha, eb_portal_captcha, (GBoxedCopyFunc) NULL, eb_portal_captcha_free)
G_DEFINE_BOXED_TYPE (EbPortalSmsInfo, eb_portal_sms_info, (GBoxedCopyFunc) NULL, eb_portal_sms_info_free)
G_DEFINE_BOXED_TYPE (EbPortalSignedInfo, eb_portal_signed_info, (GBoxedCopyFunc) NULL,
                     eb_portal_signed_info_free)

void
eb_portal_captcha_free (EbPortalCaptcha *captcha)
{
  if (captcha == NULL)
    return;
  g_free (captcha->id);
  g_clear_pointer (&captcha->png, g_bytes_unref);
  g_free (captcha);
}

void
eb_portal_sms_info_free (EbPortalSmsInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->phone);
  g_free (info);
}

void
eb_portal_signed_info_free (EbPortalSignedInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->state);
  g_free (info->signer_name);
  g_free (info->signer_tckn);
  g_free (info->signer_serial);
  g_free (info);
}

/**
 * eb_portal_error_get_retry_after:
 *
 * Returns: seconds to wait before trying again, or 0 when not said
 */
guint
eb_portal_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != EB_PORTAL_ERROR)
    return 0;
  return eb_portal_error_get_private (error)->retry_after;
}

/**
 * eb_portal_error_get_tries_left:
 *
 * Returns: how many SMS code tries remain, or -1 when not said
 */
int
eb_portal_error_get_tries_left (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != EB_PORTAL_ERROR)
    return -1;
  return eb_portal_error_get_private (error)->tries_left;
}

/**
 * eb_portal_error_get_fields:
 *
 * Returns: (nullable): the #EbPortalFieldError list of an
 *   %EB_PORTAL_ERROR_INVALID_FIELDS error
 */
const GArray *
eb_portal_error_get_fields (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != EB_PORTAL_ERROR)
    return NULL;
  return eb_portal_error_get_private (error)->fields;
}

/**
 * eb_portal_error_is_signature_rejected:
 *
 * Returns: whether the portal judged the signature itself (a new one is
 *   needed), rather than failing to take it
 */
gboolean
eb_portal_error_is_signature_rejected (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return error->domain == EB_PORTAL_ERROR
         && error->code >= EB_PORTAL_ERROR_SIGNATURE_NOT_PDF
         && error->code <= EB_PORTAL_ERROR_SIGNATURE_MALFORMED_PDF;
}

static GArray *
parse_field_errors (JsonObject *error_object)
{
  g_autoptr(GEnumClass) reasons = g_type_class_ref (EB_TYPE_VALIDATION_ERROR);
  JsonArray *list;
  GArray *fields = g_array_new (FALSE, FALSE, sizeof (EbPortalFieldError));

  if (!json_object_has_member (error_object, "fields") ||
      JSON_NODE_TYPE (json_object_get_member (error_object, "fields")) != JSON_NODE_ARRAY)
    return fields;

  list = json_object_get_array_member (error_object, "fields");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *item;
      EbPortalFieldError fe;
      g_autofree char *nick = NULL;
      GEnumValue *reason;

      if (JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
        continue;
      item = json_node_get_object (node);
      if (!eb_portal_field_from_name (json_object_get_string_member_with_default (item, "field", ""), &fe.field))
        continue;

      nick = g_strdelimit (g_strdup (json_object_get_string_member_with_default (item, "reason", "")), "_", '-');
      reason = g_enum_get_value_by_nick (reasons, nick);
      fe.reason = reason != NULL ? (EbValidationError) reason->value : EB_VALIDATION_ERROR_REQUIRED;
      g_array_append_val (fields, fe);
    }

  return fields;
}

/* Turns an error reply into a GError; replies outside the contract become
 * PROTOCOL errors naming the HTTP status. */
static GError *
error_from_reply (guint       status,
                  JsonNode   *root)
{
  JsonObject *error_object = NULL;
  const char *code = NULL;
  const char *message = NULL;
  EbPortalErrorPrivate *priv;
  GError *error;
  EbPortalError kind = EB_PORTAL_ERROR_PROTOCOL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *member = json_object_get_member (object, "error");

      if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        error_object = json_node_get_object (member);
    }

  if (error_object != NULL)
    {
      code = json_object_get_string_member_with_default (error_object, "code", NULL);
      message = json_object_get_string_member_with_default (error_object, "message", NULL);
    }

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (api_errors); i++)
    if (g_str_equal (api_errors[i].code, code))
      kind = api_errors[i].error;

  if (kind == EB_PORTAL_ERROR_PROTOCOL)
    error = g_error_new (EB_PORTAL_ERROR, kind, "The portal answered HTTP %u with %s", status,
                         code != NULL ? code : "no error code");
  else
    error = g_error_new_literal (EB_PORTAL_ERROR, kind, message != NULL ? message : code);

  if (error_object == NULL)
    return error;

  priv = eb_portal_error_get_private (error);
  priv->retry_after = (guint) CLAMP (json_object_get_int_member_with_default (error_object, "retry_after", 0),
                                     0, G_MAXUINT);
  priv->tries_left = (int) CLAMP (json_object_get_int_member_with_default (error_object, "tries_left", -1),
                                  -1, G_MAXINT);
  if (kind == EB_PORTAL_ERROR_INVALID_FIELDS)
    priv->fields = parse_field_errors (error_object);

  return error;
}

/* Network-level failures in the words of this domain; cancellation passes through. */
static GError *
error_from_transport (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    mapped = g_error_new (EB_PORTAL_ERROR, EB_PORTAL_ERROR_TIMEOUT, "The portal did not answer: %s",
                          error->message);
  else if (error->domain == G_TLS_ERROR)
    mapped = g_error_new (EB_PORTAL_ERROR, EB_PORTAL_ERROR_TLS,
                          "The portal's TLS certificate is not trusted: %s", error->message);
  else
    mapped = g_error_new (EB_PORTAL_ERROR, EB_PORTAL_ERROR_NETWORK, "Cannot reach the portal: %s",
                          error->message);

  g_error_free (error);
  return mapped;
}

typedef struct
{
  SoupMessage *message;
  const char  *reply_type;  /* a reply that is not JSON (a PDF); NULL for JSON */
} RequestData;

static void
wipe_and_free (gpointer text)
{
  explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}

static void
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint status;
  JsonNode *root = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error_from_transport (g_steal_pointer (&error)));
      return;
    }

  status = soup_message_get_status (data->message);
  if (g_bytes_get_size (body) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                  (gssize) g_bytes_get_size (body), NULL))
    root = json_parser_get_root (parser);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, error_from_reply (status, root));
      return;
    }

  if (data->reply_type != NULL)
    {
      const char *type =
        soup_message_headers_get_content_type (soup_message_get_response_headers (data->message), NULL);

      if (g_strcmp0 (type, data->reply_type) != 0)
        {
          g_task_return_new_error (task, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PROTOCOL,
                                   "The portal answered HTTP %u with %s, not %s", status,
                                   type != NULL ? type : "no content type", data->reply_type);
          return;
        }
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PROTOCOL,
                               "The portal answered HTTP %u without a JSON object", status);
      return;
    }

  g_task_return_pointer (task, json_object_ref (json_node_get_object (root)),
                         (GDestroyNotify) json_object_unref);
}

/* Sends one API request with a @raw_body of @raw_type (or @body as JSON);
 * the task returns the reply's JSON object, or its bytes if @reply_type
 * names what they must be. */
static void
request_full_async (EbPortalClient      *self,
                    const char          *method,
                    const char          *path,
                    JsonBuilder         *body,
                    const char          *raw_type,
                    GBytes              *raw_body,
                    const char          *reply_type,
                    gboolean             needs_session,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = NULL;
  RequestData *data;
  SoupMessageHeaders *headers;

  g_task_set_source_tag (task, source_tag);

  if (self->base_url == NULL || *self->base_url == '\0')
    {
      g_task_return_new_error (task, EB_PORTAL_ERROR, EB_PORTAL_ERROR_NOT_CONFIGURED,
                               "No portal address is set");
      return;
    }
  if (needs_session && self->session_token == NULL)
    {
      g_task_return_new_error (task, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SESSION_MISSING,
                               "There is no portal session");
      return;
    }

  url = g_strconcat (self->base_url, path, NULL);
  data = g_new0 (RequestData, 1);
  data->message = soup_message_new (method, url);
  data->reply_type = reply_type;
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, EB_PORTAL_ERROR, EB_PORTAL_ERROR_NOT_CONFIGURED,
                               "The portal address “%s” is not a valid URL", self->base_url);
      return;
    }

  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Accept", reply_type != NULL ? reply_type : "application/json");
  if (self->session_token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->session_token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }

  if (body != NULL)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (body);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize length;
      char *text;

      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, &length);
      /* The form request carries the security word: wipe the text when
       * libsoup is done with it. */
      soup_message_set_request_body_from_bytes (data->message, "application/json",
                                                g_bytes_new_with_free_func (text, length,
                                                                            wipe_and_free, text));
    }

  else if (raw_body != NULL)
    {
      soup_message_set_request_body_from_bytes (data->message, raw_type, raw_body);
    }

  soup_session_send_and_read_async (self->soup, data->message, G_PRIORITY_DEFAULT, cancellable,
                                    request_cb, g_steal_pointer (&task));
}

/* Sends one API request; the task returns the reply's JSON object. */
static void
request_async (EbPortalClient      *self,
               const char          *method,
               const char          *path,
               JsonBuilder         *body,
               gboolean             needs_session,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  request_full_async (self, method, path, body, NULL, NULL, NULL, needs_session, source_tag,
                      cancellable, callback, user_data);
}

static JsonObject *
request_finish (EbPortalClient  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
require_member (JsonObject  *object,
                const char  *name,
                JsonNodeType type,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_TYPE (node) == type &&
      (type != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_INVALID))
    return TRUE;

  g_set_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PROTOCOL,
               "The portal's reply has no valid “%s”", name);
  return FALSE;
}

static EbPortalCaptcha *
parse_captcha (JsonObject  *object,
               GError     **error)
{
  g_autoptr(EbPortalCaptcha) captcha = g_new0 (EbPortalCaptcha, 1);
  const char *image;
  guchar *png;
  gsize length;

  if (!require_member (object, "id", JSON_NODE_VALUE, error) ||
      !require_member (object, "image", JSON_NODE_VALUE, error))
    return NULL;

  image = json_object_get_string_member_with_default (object, "image", "");
  png = g_base64_decode (image, &length);
  if (length < 8 || memcmp (png, "\x89PNG", 4) != 0)
    {
      g_free (png);
      g_set_error_literal (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PROTOCOL,
                           "The captcha image is not a PNG");
      return NULL;
    }

  captcha->id = g_strdup (json_object_get_string_member_with_default (object, "id", ""));
  captcha->png = g_bytes_new_take (png, length);
  captcha->expires_in = (guint) CLAMP (json_object_get_int_member_with_default (object, "expires_in", 0),
                                       0, G_MAXUINT);
  return g_steal_pointer (&captcha);
}

/* A JSON object of string members (a person or a form) as the a{ss} that
 * eb_application_form_deserialize() takes. */
static GVariant *
fields_from_json (JsonObject *object)
{
  GVariantBuilder builder;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      EbFormField field;

      if (!eb_portal_field_from_name (name, &field) || eb_application_form_field_is_secret (field))
        continue;
      if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      g_variant_builder_add (&builder, "{ss}", eb_application_form_get_field_name (field),
                             json_node_get_string (node));
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* The a{ss} of a reply's object member ("person", "form"). */
static GVariant *
fields_member (JsonObject  *reply,
               const char  *member,
               GError     **error)
{
  if (reply == NULL || !require_member (reply, member, JSON_NODE_OBJECT, error))
    return NULL;

  return fields_from_json (json_object_get_object_member (reply, member));
}

static void
eb_portal_client_finalize (GObject *object)
{
  EbPortalClient *self = EB_PORTAL_CLIENT (object);

  g_clear_object (&self->soup);
  g_clear_pointer (&self->base_url, g_free);
  eb_portal_client_forget_session (self);

  G_OBJECT_CLASS (eb_portal_client_parent_class)->finalize (object);
}

static void
eb_portal_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbPortalClient *self = EB_PORTAL_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_portal_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EbPortalClient *self = EB_PORTAL_CLIENT (object);
  const char *url;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      url = g_value_get_string (value);
      /* "https://host/" and "https://host" mean the same portal. */
      self->base_url = url != NULL ? g_strdup (url) : NULL;
      if (self->base_url != NULL && g_str_has_suffix (self->base_url, "/"))
        self->base_url[strlen (self->base_url) - 1] = '\0';
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_portal_client_class_init (EbPortalClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eb_portal_client_finalize;
  object_class->get_property = eb_portal_client_get_property;
  object_class->set_property = eb_portal_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_portal_client_init (EbPortalClient *self)
{
  /* TLS certificates are verified against the system's trust store: libsoup
   * 3 does that by default and we never turn it off. */
  self->soup = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                              "idle-timeout", REQUEST_TIMEOUT_S,
                                              "user-agent", "eimza-basvuru/" PACKAGE_VERSION " ",
                                              NULL);
}

/**
 * eb_portal_client_new:
 * @base_url: (nullable): e.g. "https://portal.example" (no /api/v1)
 */
EbPortalClient *
eb_portal_client_new (const char *base_url)
{
  return g_object_new (EB_TYPE_PORTAL_CLIENT, "base-url", base_url, NULL);
}

const char *
eb_portal_client_get_base_url (EbPortalClient *self)
{
  g_return_val_if_fail (EB_IS_PORTAL_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
eb_portal_client_has_session (EbPortalClient *self)
{
  g_return_val_if_fail (EB_IS_PORTAL_CLIENT (self), FALSE);

  return self->session_token != NULL;
}

/**
 * eb_portal_client_forget_session:
 *
 * Drops the session token (wiped), e.g. after the portal said it expired.
 */
void
eb_portal_client_forget_session (EbPortalClient *self)
{
  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));

  if (self->session_token != NULL)
    explicit_bzero (self->session_token, strlen (self->session_token));
  g_clear_pointer (&self->session_token, g_free);
}

static void
captcha_reply_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EbPortalClient *self = EB_PORTAL_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *captcha_object = NULL;
  EbPortalCaptcha *captcha;
  gboolean new_session = g_task_get_source_tag (task) == eb_portal_client_start_session_async;

  reply = g_task_propagate_pointer (G_TASK (result), &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (new_session)
    {
      const char *token;

      if (!require_member (reply, "session", JSON_NODE_VALUE, &error) ||
          !require_member (reply, "captcha", JSON_NODE_OBJECT, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      token = json_object_get_string_member_with_default (reply, "session", "");
      eb_portal_client_forget_session (self);
      self->session_token = g_strdup (token);
      captcha_object = json_object_get_object_member (reply, "captcha");
    }
  else
    {
      captcha_object = reply;
    }

  captcha = parse_captcha (captcha_object, &error);
  if (captcha == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, captcha, (GDestroyNotify) eb_portal_captcha_free);
}

/**
 * eb_portal_client_start_session_async:
 *
 * Opens a new portal session (a new application) and gets its first captcha.
 * Any earlier session of this client is forgotten.
 */
void
eb_portal_client_start_session_async (EbPortalClient      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_portal_client_start_session_async);
  eb_portal_client_forget_session (self);
  request_async (self, "POST", "/api/v1/sessions", NULL, FALSE, request_async, cancellable,
                 captcha_reply_cb, task);
}

EbPortalCaptcha *
eb_portal_client_start_session_finish (EbPortalClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
eb_portal_client_refresh_captcha_async (EbPortalClient      *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_portal_client_refresh_captcha_async);
  request_async (self, "POST", "/api/v1/captcha", NULL, TRUE, request_async, cancellable,
                 captcha_reply_cb, task);
}

EbPortalCaptcha *
eb_portal_client_refresh_captcha_finish (EbPortalClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * eb_portal_client_login_async:
 * @form: the identity is taken from its TCKN, name, birth place and date
 */
void
eb_portal_client_login_async (EbPortalClient      *self,
                              const char          *captcha_id,
                              const char          *captcha_answer,
                              EbApplicationForm   *form,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();

  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));
  g_return_if_fail (EB_IS_APPLICATION_FORM (form));

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "captcha_id");
  json_builder_add_string_value (body, captcha_id != NULL ? captcha_id : "");
  json_builder_set_member_name (body, "captcha_answer");
  json_builder_add_string_value (body, captcha_answer != NULL ? captcha_answer : "");
  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      if (eb_portal_field_get_source (i) != EB_PORTAL_FIELD_IN_LOGIN)
        continue;
      json_builder_set_member_name (body, eb_portal_field_get_name (i));
      json_builder_add_string_value (body, eb_application_form_get_text (form, i));
    }
  json_builder_end_object (body);

  request_async (self, "POST", "/api/v1/login", body, TRUE, eb_portal_client_login_async,
                 cancellable, callback, user_data);
}

/**
 * eb_portal_client_login_finish:
 *
 * Returns: (transfer full) (nullable): the registry's record of the person
 *   (identity in the registry's spelling and the institution name) as a{ss}
 *   keyed by form field name
 */
GVariant *
eb_portal_client_login_finish (EbPortalClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_autoptr(JsonObject) reply = request_finish (self, result, eb_portal_client_login_async, error);

  return fields_member (reply, "person", error);
}

/**
 * eb_portal_client_save_form_async:
 *
 * Sends the form ("Form Onayla"), security word included; the request
 * text is wiped once sent.
 */
void
eb_portal_client_save_form_async (EbPortalClient      *self,
                                  EbApplicationForm   *form,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();

  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));
  g_return_if_fail (EB_IS_APPLICATION_FORM (form));

  json_builder_begin_object (body);
  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      if (eb_portal_field_get_source (i) != EB_PORTAL_FIELD_IN_FORM)
        continue;
      json_builder_set_member_name (body, eb_portal_field_get_name (i));
      json_builder_add_string_value (body, eb_application_form_get_text (form, i));
    }
  json_builder_end_object (body);

  request_async (self, "PUT", "/api/v1/application/form", body, TRUE,
                 eb_portal_client_save_form_async, cancellable, callback, user_data);
}

/**
 * eb_portal_client_save_form_finish:
 *
 * Returns: (transfer full) (nullable): the form as the portal stored it
 *   (normalised, with the institution name), a{ss} keyed by field name
 */
GVariant *
eb_portal_client_save_form_finish (EbPortalClient  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_autoptr(JsonObject) reply = request_finish (self, result, eb_portal_client_save_form_async, error);

  return fields_member (reply, "form", error);
}

void
eb_portal_client_send_sms_async (EbPortalClient      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));

  request_async (self, "POST", "/api/v1/application/sms", NULL, TRUE,
                 eb_portal_client_send_sms_async, cancellable, callback, user_data);
}

EbPortalSmsInfo *
eb_portal_client_send_sms_finish (EbPortalClient  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_autoptr(JsonObject) reply = request_finish (self, result, eb_portal_client_send_sms_async, error);
  EbPortalSmsInfo *info;

  if (reply == NULL || !require_member (reply, "expires_in", JSON_NODE_VALUE, error))
    return NULL;

  info = g_new0 (EbPortalSmsInfo, 1);
  info->phone = g_strdup (json_object_get_string_member_with_default (reply, "phone", ""));
  info->expires_in = (guint) CLAMP (json_object_get_int_member_with_default (reply, "expires_in", 0), 0, G_MAXUINT);
  info->resends_left = (guint) CLAMP (json_object_get_int_member_with_default (reply, "resends_left", 0), 0, G_MAXUINT);
  info->resend_after = (guint) CLAMP (json_object_get_int_member_with_default (reply, "resend_after", 0), 0, G_MAXUINT);
  return info;
}

void
eb_portal_client_verify_sms_async (EbPortalClient      *self,
                                   const char          *code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();

  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "code");
  json_builder_add_string_value (body, code != NULL ? code : "");
  json_builder_end_object (body);

  request_async (self, "POST", "/api/v1/application/sms/verify", body, TRUE,
                 eb_portal_client_verify_sms_async, cancellable, callback, user_data);
}

gboolean
eb_portal_client_verify_sms_finish (EbPortalClient  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_autoptr(JsonObject) reply = request_finish (self, result, eb_portal_client_verify_sms_async, error);

  return reply != NULL;
}

/**
 * eb_portal_client_choose_method_async:
 * @method: "wet" (Yöntem 1) or "esign" (Yöntem 2)
 */
void
eb_portal_client_choose_method_async (EbPortalClient      *self,
                                      const char          *method,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();

  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));
  g_return_if_fail (g_strcmp0 (method, "wet") == 0 || g_strcmp0 (method, "esign") == 0);

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "method");
  json_builder_add_string_value (body, method);
  json_builder_end_object (body);

  request_async (self, "PUT", "/api/v1/application/method", body, TRUE,
                 eb_portal_client_choose_method_async, cancellable, callback, user_data);
}

/**
 * eb_portal_client_choose_method_finish:
 *
 * Returns: (transfer full) (nullable): the application number
 */
char *
eb_portal_client_choose_method_finish (EbPortalClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_autoptr(JsonObject) reply = request_finish (self, result, eb_portal_client_choose_method_async, error);

  if (reply == NULL || !require_member (reply, "application_no", JSON_NODE_VALUE, error))
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (reply, "application_no", ""));
}

/**
 * eb_portal_client_fetch_document_async:
 *
 * Asks for the application form PDF. The portal issues it once, with the
 * application number, and answers every later request with the same bytes.
 */
void
eb_portal_client_fetch_document_async (EbPortalClient      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));

  request_full_async (self, "POST", "/api/v1/application/document", NULL, NULL, NULL, "application/pdf",
                      TRUE, eb_portal_client_fetch_document_async, cancellable, callback, user_data);
}

/**
 * eb_portal_client_fetch_document_finish:
 * @application_no: (out) (optional) (transfer full): the number the PDF carries
 *
 * Returns: (transfer full) (nullable): the PDF exactly as the portal issued it
 */
GBytes *
eb_portal_client_fetch_document_finish (EbPortalClient  *self,
                                        GAsyncResult    *result,
                                        char           **application_no,
                                        GError         **error)
{
  RequestData *data;
  GBytes *pdf;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_portal_client_fetch_document_async, NULL);

  pdf = g_task_propagate_pointer (G_TASK (result), error);
  if (pdf != NULL && application_no != NULL)
    {
      data = g_task_get_task_data (G_TASK (result));
      *application_no = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (data->message),
                                                                "X-Application-No"));
    }

  return pdf;
}

/**
 * eb_portal_client_upload_signed_document_async:
 * @pdf: the issued form with the applicant's PAdES signature added
 *
 * Sends the e-signed form (Yöntem 2) for the portal to verify.
 */
void
eb_portal_client_upload_signed_document_async (EbPortalClient      *self,
                                               GBytes              *pdf,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (EB_IS_PORTAL_CLIENT (self));
  g_return_if_fail (pdf != NULL);

  request_full_async (self, "PUT", "/api/v1/application/signed-document", NULL, "application/pdf", pdf,
                      NULL, TRUE, eb_portal_client_upload_signed_document_async, cancellable, callback,
                      user_data);
}

/**
 * eb_portal_client_upload_signed_document_finish:
 *
 * Returns: (transfer full) (nullable): the new state and who signed, or
 *   %NULL with an %EB_PORTAL_ERROR (`signature_*` codes say why the
 *   signature was refused)
 */
EbPortalSignedInfo *
eb_portal_client_upload_signed_document_finish (EbPortalClient  *self,
                                                GAsyncResult    *result,
                                                GError         **error)
{
  g_autoptr(JsonObject) reply = request_finish (self, result, eb_portal_client_upload_signed_document_async,
                                                error);
  EbPortalSignedInfo *info;
  JsonObject *signer;

  if (reply == NULL || !require_member (reply, "state", JSON_NODE_VALUE, error) ||
      !require_member (reply, "signer", JSON_NODE_OBJECT, error))
    return NULL;

  signer = json_object_get_object_member (reply, "signer");
  info = g_new0 (EbPortalSignedInfo, 1);
  info->state = g_strdup (json_object_get_string_member_with_default (reply, "state", ""));
  info->signer_name = g_strdup (json_object_get_string_member_with_default (signer, "name", ""));
  info->signer_tckn = g_strdup (json_object_get_string_member_with_default (signer, "tckn", ""));
  info->signer_serial = g_strdup (json_object_get_string_member_with_default (signer, "serial", ""));
  return info;
}
