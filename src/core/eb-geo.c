/* eb-geo.c — Turkish provinces, districts, their postal codes and neighbourhoods
 *
 * The table comes from data/geo/tr-geo.tsv (made by tools/gen-geo-data) and is
 * compiled into the core library as a GResource. An EbGeo is never changed
 * after it is built, so one instance can be read from any thread without locks.
 *
 * The neighbourhoods of a postal code (73 000 names in all) are only split out
 * of the table when they are first asked for: start-up reads past them.
 *
 * Names are matched through a key (white space collapsed, then Turkish upper
 * case) so that "MUŞ", "muş" and " Muş " all find Muş, and "istanbul" finds
 * İstanbul, whatever the process locale is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-core-resources.h"
#include "eb-geo.h"
#include "eb-turkish-text.h"

#define POSTAL_CODE_LEN 5

typedef struct
{
  char  *name;
  char **postal_codes; /* NULL-terminated, ascending */
} EbGeoDistrict;

typedef struct
{
  guint        plate;
  char        *name;
  GPtrArray   *districts;       /* EbGeoDistrict*, Turkish order */
  const char **district_names;  /* NULL-terminated; borrowed from districts */
  GHashTable  *district_by_key; /* lookup key → EbGeoDistrict*, borrowed */
} EbGeoProvince;

/* One per postal code: where it belongs, and its neighbourhoods. */
typedef struct
{
  const char    *code;        /* borrowed from district->postal_codes */
  EbGeoProvince *province;    /* borrowed */
  EbGeoDistrict *district;    /* borrowed */
  const char    *names_text;  /* "A Mah|B Köyü", in the table's bytes; not NUL-terminated */
  gsize          names_len;
  char         **names;       /* split on first use (g_once_init_*), NULL-terminated */
} EbGeoPostalCode;

struct _EbGeo
{
  GObject     parent_instance;

  GBytes     *bytes;             /* the table: neighbourhood names point into it */
  GHashTable *postal_code_by_code; /* code → EbGeoPostalCode*, owned; keys borrowed */
  EbGeoDistrict *last_district;  /* while parsing: the district M lines belong to */

  GPtrArray  *provinces;         /* EbGeoProvince*, Turkish order of names */
  GHashTable *province_by_plate; /* GUINT_TO_POINTER (plate) → EbGeoProvince*, borrowed */
  GHashTable *province_by_key;   /* lookup key → EbGeoProvince*, borrowed */
  guint      *plates;            /* same order as provinces */
  guint       n_districts;
};

G_DEFINE_FINAL_TYPE (EbGeo, eb_geo, G_TYPE_OBJECT)

static void
eb_geo_district_free (EbGeoDistrict *district)
{
  g_free (district->name);
  g_strfreev (district->postal_codes);
  g_free (district);
}

static void
eb_geo_province_free (EbGeoProvince *province)
{
  g_free (province->name);
  g_clear_pointer (&province->district_by_key, g_hash_table_unref);
  g_free (province->district_names);
  g_clear_pointer (&province->districts, g_ptr_array_unref);
  g_free (province);
}

static void
eb_geo_postal_code_free (EbGeoPostalCode *postal_code)
{
  g_strfreev (postal_code->names);
  g_free (postal_code);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbGeoProvince, eb_geo_province_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbGeoDistrict, eb_geo_district_free)

static void
eb_geo_finalize (GObject *object)
{
  EbGeo *self = EB_GEO (object);

  g_clear_pointer (&self->postal_code_by_code, g_hash_table_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->province_by_key, g_hash_table_unref);
  g_clear_pointer (&self->province_by_plate, g_hash_table_unref);
  g_clear_pointer (&self->provinces, g_ptr_array_unref);
  g_clear_pointer (&self->plates, g_free);

  G_OBJECT_CLASS (eb_geo_parent_class)->finalize (object);
}

static void
eb_geo_class_init (EbGeoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eb_geo_finalize;
}

static void
eb_geo_init (EbGeo *self)
{
  self->provinces = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_geo_province_free);
  self->province_by_plate = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->province_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->postal_code_by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                     (GDestroyNotify) eb_geo_postal_code_free);
}

/* The same folding eb_turkish_equal_ci() does, done once per name so that a
 * lookup is one hash probe. NULL for text that cannot match anything. */
static char *
lookup_key (const char *name)
{
  g_autofree char *collapsed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;

  collapsed = eb_turkish_collapse_space (name);
  return eb_turkish_upper (collapsed);
}

static EbGeoProvince *
lookup_province (EbGeo *self,
                 guint  plate)
{
  return g_hash_table_lookup (self->province_by_plate, GUINT_TO_POINTER (plate));
}

static EbGeoDistrict *
lookup_district (EbGeo      *self,
                 guint       plate,
                 const char *name)
{
  EbGeoProvince *province = lookup_province (self, plate);
  g_autofree char *key = NULL;

  if (province == NULL)
    return NULL;

  key = lookup_key (name);
  if (key == NULL)
    return NULL;

  return g_hash_table_lookup (province->district_by_key, key);
}

/* --- Parsing --- */

G_GNUC_PRINTF (3, 4)
static gboolean
set_line_error (GError     **error,
                guint        line_no,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "Geo data line %u: %s", line_no, message);
  return FALSE;
}

static gboolean
parse_plate (const char *text,
             guint      *plate)
{
  /* Always two digits, as on number plates: "01" … "81". */
  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != '\0')
    return FALSE;

  *plate = (guint) g_ascii_digit_value (text[0]) * 10 + (guint) g_ascii_digit_value (text[1]);
  return *plate != 0;
}

static gboolean
is_postal_code (const char *text)
{
  for (guint i = 0; i < POSTAL_CODE_LEN; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return text[POSTAL_CODE_LEN] == '\0';
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char **
parse_postal_codes (const char  *field,
                    guint        line_no,
                    GError     **error)
{
  g_auto(GStrv) codes = NULL;
  guint n_codes;

  /* An empty field is a district the source had no postal code for. */
  if (*field == '\0')
    return g_new0 (char *, 1);

  codes = g_strsplit (field, " ", -1);
  n_codes = g_strv_length (codes);
  for (guint i = 0; i < n_codes; i++)
    if (!is_postal_code (codes[i]))
      {
        set_line_error (error, line_no, "“%s” is not a five-digit postal code", codes[i]);
        return NULL;
      }

  qsort (codes, n_codes, sizeof (char *), compare_strings);
  for (guint i = 1; i < n_codes; i++)
    if (strcmp (codes[i - 1], codes[i]) == 0)
      {
        set_line_error (error, line_no, "postal code %s is listed twice", codes[i]);
        return NULL;
      }

  return g_steal_pointer (&codes);
}

static gboolean
parse_province (EbGeo       *self,
                char       **fields,
                guint        line_no,
                GError     **error)
{
  g_autoptr(EbGeoProvince) province = NULL;
  g_autofree char *key = NULL;
  guint plate;

  if (g_strv_length (fields) != 3)
    return set_line_error (error, line_no, "a province needs 3 fields, found %u",
                           g_strv_length (fields));
  if (!parse_plate (fields[1], &plate))
    return set_line_error (error, line_no, "“%s” is not a plate code", fields[1]);
  if (lookup_province (self, plate) != NULL)
    return set_line_error (error, line_no, "plate %02u is listed twice", plate);

  key = lookup_key (fields[2]);
  if (*key == '\0')
    return set_line_error (error, line_no, "the province name is empty");
  if (g_hash_table_contains (self->province_by_key, key))
    return set_line_error (error, line_no, "province “%s” is listed twice", fields[2]);

  province = g_new0 (EbGeoProvince, 1);
  province->plate = plate;
  province->name = eb_turkish_collapse_space (fields[2]);
  province->districts = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_geo_district_free);
  province->district_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->last_district = NULL;
  g_hash_table_insert (self->province_by_plate, GUINT_TO_POINTER (plate), province);
  g_hash_table_insert (self->province_by_key, g_steal_pointer (&key), province);
  g_ptr_array_add (self->provinces, g_steal_pointer (&province));
  return TRUE;
}

static gboolean
parse_district (EbGeo       *self,
                char       **fields,
                guint        line_no,
                GError     **error)
{
  g_autoptr(EbGeoDistrict) district = NULL;
  g_autofree char *key = NULL;
  EbGeoProvince *province;
  guint plate;

  if (g_strv_length (fields) != 4)
    return set_line_error (error, line_no, "a district needs 4 fields, found %u",
                           g_strv_length (fields));
  if (!parse_plate (fields[1], &plate))
    return set_line_error (error, line_no, "“%s” is not a plate code", fields[1]);

  /* Districts follow their province, so a stray one is caught where it is. */
  province = lookup_province (self, plate);
  if (province == NULL)
    return set_line_error (error, line_no, "district of plate %02u before its province", plate);

  key = lookup_key (fields[2]);
  if (*key == '\0')
    return set_line_error (error, line_no, "the district name is empty");
  if (g_hash_table_contains (province->district_by_key, key))
    return set_line_error (error, line_no, "district “%s” is listed twice in %s",
                           fields[2], province->name);

  district = g_new0 (EbGeoDistrict, 1);
  district->name = eb_turkish_collapse_space (fields[2]);
  district->postal_codes = parse_postal_codes (fields[3], line_no, error);
  if (district->postal_codes == NULL)
    return FALSE;

  /* A code names one place: "which district is 41400?" has one answer. */
  for (guint i = 0; district->postal_codes[i] != NULL; i++)
    {
      EbGeoPostalCode *other = g_hash_table_lookup (self->postal_code_by_code, district->postal_codes[i]);
      EbGeoPostalCode *postal_code;

      if (other != NULL)
        return set_line_error (error, line_no, "postal code %s is also in %s / %s",
                               district->postal_codes[i], other->province->name, other->district->name);

      postal_code = g_new0 (EbGeoPostalCode, 1);
      postal_code->code = district->postal_codes[i];
      postal_code->province = province;
      postal_code->district = district;
      g_hash_table_insert (self->postal_code_by_code, (gpointer) postal_code->code, postal_code);
    }

  self->last_district = district;
  g_hash_table_insert (province->district_by_key, g_steal_pointer (&key), district);
  g_ptr_array_add (province->districts, g_steal_pointer (&district));
  self->n_districts++;
  return TRUE;
}

/* `M<TAB>code<TAB>name|name|…`, right after the district the code is in.
 * Only checked and remembered here; split when asked for. */
static gboolean
parse_neighbourhoods (EbGeo       *self,
                      const char  *line,
                      gsize        len,
                      guint        line_no,
                      GError     **error)
{
  g_autofree char *code = NULL;
  EbGeoPostalCode *postal_code;
  const char *names;
  gsize names_len;

  if (len < 2 + POSTAL_CODE_LEN + 2 || line[1] != '\t' || line[2 + POSTAL_CODE_LEN] != '\t')
    return set_line_error (error, line_no, "neighbourhoods need a postal code and names");

  code = g_strndup (line + 2, POSTAL_CODE_LEN);
  if (!is_postal_code (code))
    return set_line_error (error, line_no, "“%s” is not a five-digit postal code", code);

  postal_code = g_hash_table_lookup (self->postal_code_by_code, code);
  if (postal_code == NULL || postal_code->district != self->last_district)
    return set_line_error (error, line_no, "neighbourhoods of %s are not under its district", code);
  if (postal_code->names_text != NULL)
    return set_line_error (error, line_no, "neighbourhoods of %s are listed twice", code);

  names = line + 2 + POSTAL_CODE_LEN + 1;
  names_len = len - (2 + POSTAL_CODE_LEN + 1);
  if (names_len == 0 || memchr (names, '\t', names_len) != NULL)
    return set_line_error (error, line_no, "neighbourhoods need one field of names");

  postal_code->names_text = names;
  postal_code->names_len = names_len;
  return TRUE;
}

static gboolean
parse_line (EbGeo       *self,
            const char  *line,
            gsize        len,
            guint        line_no,
            GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (len > 0 && line[len - 1] == '\r')
    len--;
  if (len == 0 || line[0] == '#')
    return TRUE;

  if (memchr (line, '\0', len) != NULL)
    return set_line_error (error, line_no, "NUL byte in the text");
  if (!g_utf8_validate_len (line, len, NULL))
    return set_line_error (error, line_no, "invalid UTF-8");

  /* Most of the table by size: read in place, not copied and split. */
  if (line[0] == 'M')
    return parse_neighbourhoods (self, line, len, line_no, error);

  text = g_strndup (line, len);
  fields = g_strsplit (text, "\t", -1);

  if (strcmp (fields[0], "P") == 0)
    return parse_province (self, fields, line_no, error);
  if (strcmp (fields[0], "D") == 0)
    return parse_district (self, fields, line_no, error);

  return set_line_error (error, line_no, "unknown record type “%s”", fields[0]);
}

static int
compare_districts (gconstpointer a,
                   gconstpointer b)
{
  const EbGeoDistrict *da = *(EbGeoDistrict * const *) a;
  const EbGeoDistrict *db = *(EbGeoDistrict * const *) b;

  return eb_turkish_collate (da->name, db->name);
}

static int
compare_provinces (gconstpointer a,
                   gconstpointer b)
{
  const EbGeoProvince *pa = *(EbGeoProvince * const *) a;
  const EbGeoProvince *pb = *(EbGeoProvince * const *) b;

  return eb_turkish_collate (pa->name, pb->name);
}

/* Sorts here rather than trusting the file, so the order always matches
 * eb_turkish_collate() even if the generator and the C code drift apart. */
static void
eb_geo_seal (EbGeo *self)
{
  g_ptr_array_sort (self->provinces, compare_provinces);
  self->plates = g_new (guint, self->provinces->len);

  for (guint i = 0; i < self->provinces->len; i++)
    {
      EbGeoProvince *province = g_ptr_array_index (self->provinces, i);

      self->plates[i] = province->plate;

      g_ptr_array_sort (province->districts, compare_districts);
      province->district_names = g_new (const char *, province->districts->len + 1);
      for (guint j = 0; j < province->districts->len; j++)
        {
          EbGeoDistrict *district = g_ptr_array_index (province->districts, j);

          province->district_names[j] = district->name;
        }
      province->district_names[province->districts->len] = NULL;
    }
}

/**
 * eb_geo_new_from_bytes:
 * @bytes: the table in the tr-geo.tsv format
 * @error: return location for a #GError
 *
 * Parses a province/district table. Lines are `P<TAB>plate<TAB>name` for a
 * province and `D<TAB>plate<TAB>name<TAB>postal codes` for one of its
 * districts, with the postal codes separated by single spaces, and
 * `M<TAB>postal code<TAB>name|name|…` for the neighbourhoods of one of the
 * district's codes, right after the district; empty lines and lines starting
 * with `#` are skipped. @bytes is kept for the neighbourhood names.
 *
 * Returns: (transfer full): a new #EbGeo, or %NULL with @error set to
 *   %G_IO_ERROR_INVALID_DATA naming the first bad line
 */
EbGeo *
eb_geo_new_from_bytes (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(EbGeo) self = NULL;
  const char *data;
  const char *end;
  gsize size;
  guint line_no = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (EB_TYPE_GEO, NULL);
  self->bytes = g_bytes_ref (bytes);
  data = g_bytes_get_data (bytes, &size);
  end = data + size;

  /* Walks the buffer in place: GBytes need not end with a NUL. */
  for (const char *line = data; line != NULL && line < end;)
    {
      const char *newline = memchr (line, '\n', (gsize) (end - line));
      gsize len = (gsize) ((newline != NULL ? newline : end) - line);

      if (!parse_line (self, line, len, ++line_no, error))
        return NULL;

      line = newline != NULL ? newline + 1 : NULL;
    }

  if (self->provinces->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Geo data has no provinces");
      return NULL;
    }

  self->last_district = NULL;
  eb_geo_seal (self);
  return g_steal_pointer (&self);
}

static gpointer
load_default (gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  EbGeo *geo;

  /* Asking eb_core_get_resource() directly, not the global registry, also
   * keeps the resource object from being dropped when the core library is
   * linked statically. */
  bytes = g_resource_lookup_data (eb_core_get_resource (), EB_GEO_RESOURCE_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("Built-in geo data %s is missing: %s", EB_GEO_RESOURCE_PATH, error->message);

  geo = eb_geo_new_from_bytes (bytes, &error);
  if (geo == NULL)
    g_error ("Built-in geo data is broken: %s", error->message);

  return geo;
}

/**
 * eb_geo_get_default:
 *
 * Returns the table built into the application, parsed on first use. The
 * built-in data is checked by the tests, so a failure here is a packaging bug
 * and aborts.
 *
 * Returns: (transfer none): the shared #EbGeo, never %NULL
 */
EbGeo *
eb_geo_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_default, NULL);
}

/**
 * eb_geo_get_n_provinces:
 *
 * Returns: how many provinces there are (81 in the built-in table)
 */
guint
eb_geo_get_n_provinces (EbGeo *self)
{
  g_return_val_if_fail (EB_IS_GEO (self), 0);

  return self->provinces->len;
}

/**
 * eb_geo_get_n_districts:
 *
 * Returns: how many districts there are in all provinces together
 */
guint
eb_geo_get_n_districts (EbGeo *self)
{
  g_return_val_if_fail (EB_IS_GEO (self), 0);

  return self->n_districts;
}

/**
 * eb_geo_get_plates:
 * @n_plates: (out) (optional): where to store the number of plates
 *
 * Returns: (array length=n_plates) (transfer none): the plate codes of all
 *   provinces, in Turkish alphabetical order of the province names, as a
 *   list of provinces is shown
 */
const guint *
eb_geo_get_plates (EbGeo *self,
                   guint *n_plates)
{
  g_return_val_if_fail (EB_IS_GEO (self), NULL);

  if (n_plates != NULL)
    *n_plates = self->provinces->len;
  return self->plates;
}

/**
 * eb_geo_get_province_name:
 * @plate: a plate code, 1 for Adana … 81 for Düzce
 *
 * Returns: (nullable): the province's name, or %NULL for an unknown plate
 */
const char *
eb_geo_get_province_name (EbGeo *self,
                          guint  plate)
{
  EbGeoProvince *province;

  g_return_val_if_fail (EB_IS_GEO (self), NULL);

  province = lookup_province (self, plate);
  return province != NULL ? province->name : NULL;
}

/**
 * eb_geo_find_province:
 * @name: a province name in any case ("MUŞ", "istanbul")
 * @plate: (out) (optional): where to store the plate code
 *
 * Returns: whether a province is called @name
 */
gboolean
eb_geo_find_province (EbGeo      *self,
                      const char *name,
                      guint      *plate)
{
  g_autofree char *key = NULL;
  EbGeoProvince *province;

  g_return_val_if_fail (EB_IS_GEO (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  key = lookup_key (name);
  if (key == NULL)
    return FALSE;

  province = g_hash_table_lookup (self->province_by_key, key);
  if (province == NULL)
    return FALSE;

  if (plate != NULL)
    *plate = province->plate;
  return TRUE;
}

/**
 * eb_geo_get_districts:
 * @plate: a plate code
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the names of
 *   the province's districts in Turkish alphabetical order, or %NULL for an
 *   unknown plate
 */
const char * const *
eb_geo_get_districts (EbGeo *self,
                      guint  plate)
{
  EbGeoProvince *province;

  g_return_val_if_fail (EB_IS_GEO (self), NULL);

  province = lookup_province (self, plate);
  return province != NULL ? (const char * const *) province->district_names : NULL;
}

/**
 * eb_geo_find_district:
 * @plate: a plate code
 * @name: a district name in any case
 *
 * Returns: (nullable): the district's name as written in the table, or %NULL
 *   if the province has no such district
 */
const char *
eb_geo_find_district (EbGeo      *self,
                      guint       plate,
                      const char *name)
{
  EbGeoDistrict *district;

  g_return_val_if_fail (EB_IS_GEO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  district = lookup_district (self, plate, name);
  return district != NULL ? district->name : NULL;
}

/**
 * eb_geo_get_postal_codes:
 * @plate: a plate code
 * @district: a district name in any case
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the
 *   district's postal codes in ascending order (possibly none), or %NULL if
 *   the province has no such district
 */
const char * const *
eb_geo_get_postal_codes (EbGeo      *self,
                         guint       plate,
                         const char *district)
{
  EbGeoDistrict *found;

  g_return_val_if_fail (EB_IS_GEO (self), NULL);
  g_return_val_if_fail (district != NULL, NULL);

  found = lookup_district (self, plate, district);
  return found != NULL ? (const char * const *) found->postal_codes : NULL;
}

/**
 * eb_geo_district_has_postal_code:
 * @plate: a plate code
 * @district: a district name in any case
 * @postal_code: five digits
 *
 * Returns: whether @postal_code belongs to @district of the province
 */
gboolean
eb_geo_district_has_postal_code (EbGeo      *self,
                                 guint       plate,
                                 const char *district,
                                 const char *postal_code)
{
  EbGeoDistrict *found;

  g_return_val_if_fail (EB_IS_GEO (self), FALSE);
  g_return_val_if_fail (district != NULL, FALSE);
  g_return_val_if_fail (postal_code != NULL, FALSE);

  found = lookup_district (self, plate, district);
  return found != NULL && g_strv_contains ((const char * const *) found->postal_codes, postal_code);
}

static EbGeoPostalCode *
lookup_postal_code (EbGeo      *self,
                    const char *postal_code)
{
  g_autofree char *clean = g_strstrip (g_strdup (postal_code));

  return g_hash_table_lookup (self->postal_code_by_code, clean);
}

/**
 * eb_geo_get_neighbourhoods:
 * @postal_code: five digits
 *
 * The neighbourhoods and villages the code is for ("Kültür Mah",
 * "Yoncalı Köyü", …), in Turkish alphabetical order. Split out of the table
 * the first time a code's names are asked for; safe from any thread.
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the names
 *   (possibly none), or %NULL for a code no district has
 */
const char * const *
eb_geo_get_neighbourhoods (EbGeo      *self,
                           const char *postal_code)
{
  EbGeoPostalCode *found;

  g_return_val_if_fail (EB_IS_GEO (self), NULL);
  g_return_val_if_fail (postal_code != NULL, NULL);

  found = lookup_postal_code (self, postal_code);
  if (found == NULL)
    return NULL;

  if (g_once_init_enter (&found->names))
    {
      char **names;

      if (found->names_text != NULL)
        {
          g_autofree char *text = g_strndup (found->names_text, found->names_len);

          names = g_strsplit (text, "|", -1);
        }
      else
        names = g_new0 (char *, 1);
      g_once_init_leave (&found->names, names);
    }

  return (const char * const *) found->names;
}

/**
 * eb_geo_find_postal_code:
 * @postal_code: five digits
 * @plate: (out) (optional): the plate of the province the code is in
 * @district: (out) (optional) (transfer none): the name of its district
 *
 * Which district a postal code belongs to, e.g. to tell someone who typed
 * 41400 under Darıca that it is Gebze's.
 *
 * Returns: whether any district has @postal_code
 */
gboolean
eb_geo_find_postal_code (EbGeo       *self,
                         const char  *postal_code,
                         guint       *plate,
                         const char **district)
{
  EbGeoPostalCode *found;

  g_return_val_if_fail (EB_IS_GEO (self), FALSE);
  g_return_val_if_fail (postal_code != NULL, FALSE);

  found = lookup_postal_code (self, postal_code);
  if (found == NULL)
    return FALSE;

  if (plate != NULL)
    *plate = found->province->plate;
  if (district != NULL)
    *district = found->district->name;
  return TRUE;
}
