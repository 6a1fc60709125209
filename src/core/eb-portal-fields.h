/* eb-portal-fields.h — the form's fields as the portal API names them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "eb-form-enums.h"

G_BEGIN_DECLS

/* Which request carries a field to the portal. */
typedef enum
{
  EB_PORTAL_FIELD_IN_FORM,        /* PUT /api/v1/application/form */
  EB_PORTAL_FIELD_IN_LOGIN,       /* POST /api/v1/login: the identity */
  EB_PORTAL_FIELD_FROM_REGISTRY,  /* none: the portal takes it from the registry */
} EbPortalFieldSource;

const char          *eb_portal_field_get_name   (EbFormField  field);
gboolean             eb_portal_field_from_name  (const char  *name,
                                                 EbFormField *field);
EbPortalFieldSource  eb_portal_field_get_source (EbFormField  field);

G_END_DECLS
