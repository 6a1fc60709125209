/* eb-portal-json.c — reading requests and writing answers of the portal API
 *
 * Request bodies come from anyone: they are checked for UTF-8 and nesting
 * depth before json-glib sees them (its parser recurses, so a body of 64 KiB
 * of "[" would otherwise overflow the stack), and every member read through
 * here is type-checked, so a wrong type is a 400, never a critical.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-core-enums.h"
#include "eb-portal-api-error.h"
#include "eb-portal-json.h"
#include "eb-validation.h"

static gboolean
depth_within (const char *data,
              gsize       length,
              guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * eb_portal_json_parse_request:
 *
 * Returns: (transfer full): the body's object, or %NULL with
 *   %EB_PORTAL_API_ERROR_MALFORMED_REQUEST
 */
JsonObject *
eb_portal_json_parse_request (const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_MALFORMED_REQUEST,
                           "The body is not valid UTF-8");
      return NULL;
    }
  if (!depth_within (data, length, EB_PORTAL_JSON_MAX_DEPTH))
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_MALFORMED_REQUEST,
                           "The body is nested too deeply");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      /* json-glib's message quotes no input, only a position. */
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_MALFORMED_REQUEST,
                   "The body is not JSON: %s", parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_MALFORMED_REQUEST,
                           "The body is not a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * eb_portal_json_parse_stored:
 * @text: (nullable): an object the portal wrote itself
 *
 * Returns: (transfer full): the object, or an empty one
 */
JsonObject *
eb_portal_json_parse_stored (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));

  return json_object_new ();
}

/**
 * eb_portal_json_get_string:
 * @value: (out): the string, "" if @member is absent or null
 *
 * Returns: %FALSE with %EB_PORTAL_API_ERROR_MALFORMED_REQUEST if @member
 *   is there but not a string
 */
gboolean
eb_portal_json_get_string (JsonObject   *object,
                           const char   *member,
                           const char  **value,
                           GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = "";
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_MALFORMED_REQUEST,
                   "The member “%s” must be a string", member);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

/**
 * eb_portal_json_wipe_member:
 *
 * Overwrites a string member's text in place (the security word), so it
 * does not linger in freed memory.
 */
void
eb_portal_json_wipe_member (JsonObject *object,
                            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return;

  /* json-glib has no API for this; the string is its own heap copy. */
  text = (char *) json_node_get_string (node);
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

/**
 * eb_portal_json_to_data:
 *
 * Returns: (transfer full): @object as compact JSON text
 */
char *
eb_portal_json_to_data (JsonObject *object,
                        gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/**
 * eb_portal_json_format_time:
 *
 * Returns: (transfer full): @usec (since the epoch) as RFC 3339 UTC, whole seconds
 */
char *
eb_portal_json_format_time (gint64 usec)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * eb_portal_json_add_field_error:
 * @api_name: the field as the API names it (eb_portal_field_get_name()), "postal_code"
 * @error: an %EB_VALIDATION_ERROR
 *
 * Appends {"field", "reason"} to an `invalid_fields` list; the reason is the
 * validation error's nick with "_" for "-" ("tckn_checksum"), the same
 * vocabulary the app's validators use.
 */
void
eb_portal_json_add_field_error (JsonArray    *fields,
                                const char   *api_name,
                                const GError *error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (EB_TYPE_VALIDATION_ERROR);
  JsonObject *item = json_object_new ();
  GEnumValue *value = NULL;
  g_autofree char *reason = NULL;

  if (error != NULL && error->domain == EB_VALIDATION_ERROR)
    value = g_enum_get_value (klass, error->code);
  reason = g_strdelimit (g_strdup (value != NULL ? value->value_nick : "required"), "-", '_');

  json_object_set_string_member (item, "field", api_name);
  json_object_set_string_member (item, "reason", reason);
  json_array_add_object_element (fields, item);
}
