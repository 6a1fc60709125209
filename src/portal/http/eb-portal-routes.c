/* eb-portal-routes.c — the API's route table: path and method to handler
 *
 * One row per endpoint of docs/portal-api.md, with what the server checks
 * before the handler runs (a session, the kind of body). A new endpoint is
 * a row here, its handler in handlers/, what it stores in db/ and its
 * section in docs/portal-api.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-portal-handlers.h"
#include "eb-portal-routes.h"

#define SESSION       EB_PORTAL_ROUTE_SESSION
#define BODY          EB_PORTAL_ROUTE_BODY
#define BODY_OPTIONAL EB_PORTAL_ROUTE_BODY_OPTIONAL
#define BODY_PDF      EB_PORTAL_ROUTE_BODY_PDF
#define BODY_SECRET   EB_PORTAL_ROUTE_BODY_SECRET

static const EbPortalRoute routes[] = {
  { "/api/v1/health", "GET", eb_portal_handle_health, 0 },
  { "/api/v1/sessions", "POST", eb_portal_handle_create_session, BODY_OPTIONAL },
  { "/api/v1/captcha", "POST", eb_portal_handle_new_captcha, SESSION | BODY_OPTIONAL },
  { "/api/v1/login", "POST", eb_portal_handle_login, SESSION | BODY },
  { "/api/v1/application", "GET", eb_portal_handle_status, SESSION },
  { "/api/v1/application/form", "PUT", eb_portal_handle_save_form, SESSION | BODY | BODY_SECRET },
  { "/api/v1/application/sms", "POST", eb_portal_handle_send_sms, SESSION | BODY_OPTIONAL },
  { "/api/v1/application/sms/verify", "POST", eb_portal_handle_verify_sms, SESSION | BODY },
  { "/api/v1/application/method", "PUT", eb_portal_handle_choose_method, SESSION | BODY },
  { "/api/v1/application/document", "POST", eb_portal_handle_issue_document, SESSION | BODY_OPTIONAL },
  { "/api/v1/application/signed-document", "PUT", eb_portal_handle_upload_signed_document,
    SESSION | BODY_PDF },
};

/**
 * eb_portal_routes_find:
 * @path_known: (out): whether any route has @path (405 rather than 404)
 *
 * Returns: (nullable): the route of @method on @path; HEAD finds GET's
 */
const EbPortalRoute *
eb_portal_routes_find (const char *path,
                       const char *method,
                       gboolean   *path_known)
{
  /* HEAD is GET without the body; libsoup leaves the body out. */
  if (g_strcmp0 (method, "HEAD") == 0)
    method = "GET";

  *path_known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (strcmp (routes[i].path, path) != 0)
        continue;
      *path_known = TRUE;
      if (strcmp (routes[i].method, method) == 0)
        return &routes[i];
    }

  return NULL;
}

/**
 * eb_portal_routes_dup_allowed:
 *
 * Returns: (transfer full): the methods @path takes, for an Allow header
 */
char *
eb_portal_routes_dup_allowed (const char *path)
{
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (strcmp (routes[i].path, path) == 0)
      g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", routes[i].method);

  return g_string_free (g_steal_pointer (&allow), FALSE);
}

/* Whether a route of @path takes a PDF body (and so a larger one). */
gboolean
eb_portal_routes_take_pdf (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if ((routes[i].flags & BODY_PDF) && strcmp (routes[i].path, path) == 0)
      return TRUE;

  return FALSE;
}
