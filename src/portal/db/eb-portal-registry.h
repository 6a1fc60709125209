/* eb-portal-registry.h — the personnel registry (MEBBİS extract) as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define EB_PORTAL_REGISTRY_ERROR (eb_portal_registry_error_quark ())

typedef enum
{
  EB_PORTAL_REGISTRY_ERROR_ENCODING,   /* not UTF-8 */
  EB_PORTAL_REGISTRY_ERROR_HEADER,     /* the header line is not the documented one */
  EB_PORTAL_REGISTRY_ERROR_SYNTAX,     /* wrong number of fields, an unclosed quote */
  EB_PORTAL_REGISTRY_ERROR_INVALID,    /* a field fails its validator, or a TCKN repeats */
  EB_PORTAL_REGISTRY_ERROR_EMPTY,      /* no rows */
} EbPortalRegistryError;

/* The CSV's header, in order. */
#define EB_PORTAL_REGISTRY_HEADER \
  "tckn,first_name,last_name,birth_place,birth_date,institution_name,assignment_recorded"

/* One person of the registry, as the CSV spells it (trimmed), the birth date as ISO. */
typedef struct
{
  char     *tckn;
  char     *first_name;
  char     *last_name;
  char     *birth_place;
  char     *birth_date;          /* YYYY-MM-DD */
  char     *institution_name;
  gboolean  assignment_recorded; /* the administrator assignment is in e-personel */
} EbRegistryPerson;

#define EB_TYPE_REGISTRY_PERSON (eb_registry_person_get_type ())

GType             eb_registry_person_get_type      (void) G_GNUC_CONST;
EbRegistryPerson *eb_registry_person_copy          (const EbRegistryPerson *person);
void              eb_registry_person_free          (EbRegistryPerson       *person);
EbRegistryPerson *eb_registry_person_dup_normalized (const EbRegistryPerson *person);

GQuark            eb_portal_registry_error_quark   (void);
GPtrArray        *eb_portal_registry_parse         (GBytes                 *csv,
                                                    GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbRegistryPerson, eb_registry_person_free)

G_END_DECLS
