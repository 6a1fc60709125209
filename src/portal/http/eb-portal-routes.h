/* eb-portal-routes.h — the API's route table: path and method to handler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-portal-request.h"

G_BEGIN_DECLS

typedef enum
{
  EB_PORTAL_ROUTE_SESSION       = 1 << 0,  /* needs Authorization: Bearer */
  EB_PORTAL_ROUTE_BODY          = 1 << 1,  /* a JSON body is required */
  EB_PORTAL_ROUTE_BODY_OPTIONAL = 1 << 2,  /* no body, or a JSON object */
  EB_PORTAL_ROUTE_BODY_PDF      = 1 << 3,  /* an application/pdf body is required */
  EB_PORTAL_ROUTE_BODY_SECRET   = 1 << 4,  /* the body holds a secret: wiped once parsed */
} EbPortalRouteFlags;

typedef void (*EbPortalHandler) (EbPortalRequest *request);

typedef struct
{
  const char         *path;
  const char         *method;
  EbPortalHandler     handler;
  EbPortalRouteFlags  flags;
} EbPortalRoute;

const EbPortalRoute *eb_portal_routes_find          (const char *path,
                                                     const char *method,
                                                     gboolean   *path_known);
char                *eb_portal_routes_dup_allowed   (const char *path);
gboolean             eb_portal_routes_take_pdf      (const char *path);

G_END_DECLS
