/* eb-geo.h — Turkish provinces, districts, their postal codes and neighbourhoods
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EB_GEO_RESOURCE_PATH "/io/github/eimzabasvuru/EimzaBasvuru/core/geo/tr-geo.tsv"

#define EB_TYPE_GEO (eb_geo_get_type ())
G_DECLARE_FINAL_TYPE (EbGeo, eb_geo, EB, GEO, GObject)

EbGeo               *eb_geo_get_default              (void);
EbGeo               *eb_geo_new_from_bytes           (GBytes      *bytes,
                                                      GError     **error);

guint                eb_geo_get_n_provinces          (EbGeo       *self);
guint                eb_geo_get_n_districts          (EbGeo       *self);
const guint         *eb_geo_get_plates               (EbGeo       *self,
                                                      guint       *n_plates);
const char          *eb_geo_get_province_name        (EbGeo       *self,
                                                      guint        plate);
gboolean             eb_geo_find_province            (EbGeo       *self,
                                                      const char  *name,
                                                      guint       *plate);

const char * const  *eb_geo_get_districts            (EbGeo       *self,
                                                      guint        plate);
const char          *eb_geo_find_district            (EbGeo       *self,
                                                      guint        plate,
                                                      const char  *name);

const char * const  *eb_geo_get_postal_codes         (EbGeo       *self,
                                                      guint        plate,
                                                      const char  *district);
gboolean             eb_geo_district_has_postal_code (EbGeo       *self,
                                                      guint        plate,
                                                      const char  *district,
                                                      const char  *postal_code);

const char * const  *eb_geo_get_neighbourhoods       (EbGeo       *self,
                                                      const char  *postal_code);
gboolean             eb_geo_find_postal_code         (EbGeo       *self,
                                                      const char  *postal_code,
                                                      guint       *plate,
                                                      const char **district);

G_END_DECLS
