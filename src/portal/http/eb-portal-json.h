/* eb-portal-json.h — reading requests and writing answers of the portal API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Requests carry one flat object; anything nested deeper is not ours. */
#define EB_PORTAL_JSON_MAX_DEPTH 8

JsonObject *eb_portal_json_parse_request   (const char   *data,
                                            gsize         length,
                                            GError      **error);
JsonObject *eb_portal_json_parse_stored    (const char   *text);
gboolean    eb_portal_json_get_string      (JsonObject   *object,
                                            const char   *member,
                                            const char  **value,
                                            GError      **error);
void        eb_portal_json_wipe_member     (JsonObject   *object,
                                            const char   *member);
char       *eb_portal_json_to_data         (JsonObject   *object,
                                            gsize        *length);
char       *eb_portal_json_format_time     (gint64        usec);
void        eb_portal_json_add_field_error (JsonArray    *fields,
                                            const char   *api_name,
                                            const GError *error);

G_END_DECLS
