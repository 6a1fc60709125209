/* eb-portal-registry.c — the personnel registry (MEBBİS extract) as CSV
 *
 * The registry is what the portal checks a login against. It arrives as a
 * CSV export, so every row is checked with the same validators the form uses
 * and a file with one bad row is refused as a whole, naming the lines, rather
 * than imported half.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-portal-registry.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

#define N_COLUMNS              7
#define INSTITUTION_MAX_CHARS  150
/* Enough to fix a file by; a file with more bad rows is the wrong file. */
#define MAX_REPORTED_LINES     10

G_DEFINE_QUARK (eb-portal-registry-error-quark, eb_portal_registry_error)

G_DEFINE_BOXED_TYPE (EbRegistryPerson, eb_registry_person,
                     eb_registry_person_copy, eb_registry_person_free)

EbRegistryPerson *
eb_registry_person_copy (const EbRegistryPerson *person)
{
  EbRegistryPerson *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = g_new0 (EbRegistryPerson, 1);
  copy->tckn = g_strdup (person->tckn);
  copy->first_name = g_strdup (person->first_name);
  copy->last_name = g_strdup (person->last_name);
  copy->birth_place = g_strdup (person->birth_place);
  copy->birth_date = g_strdup (person->birth_date);
  copy->institution_name = g_strdup (person->institution_name);
  copy->assignment_recorded = person->assignment_recorded;

  return copy;
}

void
eb_registry_person_free (EbRegistryPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->tckn);
  g_free (person->first_name);
  g_free (person->last_name);
  g_free (person->birth_place);
  g_free (person->birth_date);
  g_free (person->institution_name);
  g_free (person);
}

/**
 * eb_registry_person_dup_normalized:
 *
 * Returns: (transfer full) (nullable): the person with names and places in
 *   Turkish capitals, as the portal stores and answers them; %NULL if a
 *   field does not validate
 */
EbRegistryPerson *
eb_registry_person_dup_normalized (const EbRegistryPerson *person)
{
  g_autoptr(EbRegistryPerson) copy = g_new0 (EbRegistryPerson, 1);
  g_autoptr(GDate) date = NULL;

  g_return_val_if_fail (person != NULL, NULL);

  copy->tckn = eb_validate_tckn (person->tckn, NULL);
  copy->first_name = eb_validate_person_name (person->first_name, NULL);
  copy->last_name = eb_validate_person_name (person->last_name, NULL);
  copy->birth_place = eb_validate_place_name (person->birth_place, NULL);
  copy->institution_name = eb_validate_free_text (person->institution_name, INSTITUTION_MAX_CHARS, NULL);
  date = eb_parse_date (person->birth_date, NULL);
  copy->assignment_recorded = person->assignment_recorded;

  if (copy->tckn == NULL || copy->first_name == NULL || copy->last_name == NULL ||
      copy->birth_place == NULL || copy->institution_name == NULL || date == NULL)
    return NULL;

  copy->birth_date = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                                      g_date_get_month (date), g_date_get_day (date));

  return g_steal_pointer (&copy);
}

/* Reading CSV */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
} Reader;

/* Reads one record into @fields; FALSE at the end of the input. */
static gboolean
read_record (Reader     *reader,
             GPtrArray  *fields,
             guint      *first_line,
             GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);

  g_ptr_array_set_size (fields, 0);

  /* Blank lines (and the end of the file) separate nothing. */
  while (reader->p < reader->end && (*reader->p == '\n' || *reader->p == '\r'))
    {
      if (*reader->p == '\n')
        reader->line++;
      reader->p++;
    }
  if (reader->p >= reader->end)
    return FALSE;

  *first_line = reader->line;
  for (;;)
    {
      gboolean quoted = FALSE;

      g_string_truncate (field, 0);
      while (reader->p < reader->end && (*reader->p == ' ' || *reader->p == '\t'))
        g_string_append_c (field, *reader->p++);

      if (reader->p < reader->end && *reader->p == '"')
        {
          quoted = TRUE;
          g_string_truncate (field, 0);
          reader->p++;
          for (;;)
            {
              if (reader->p >= reader->end)
                {
                  g_set_error (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_SYNTAX,
                               "line %u: a quoted field is not closed", *first_line);
                  return FALSE;
                }
              if (*reader->p == '"' && reader->p + 1 < reader->end && reader->p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  reader->p += 2;
                  continue;
                }
              if (*reader->p == '"')
                {
                  reader->p++;
                  break;
                }
              if (*reader->p == '\n')
                reader->line++;
              g_string_append_c (field, *reader->p++);
            }
          while (reader->p < reader->end && (*reader->p == ' ' || *reader->p == '\t'))
            reader->p++;
        }

      while (reader->p < reader->end && *reader->p != ',' && *reader->p != '\n' && *reader->p != '\r')
        {
          if (quoted || *reader->p == '"')
            {
              g_set_error (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_SYNTAX,
                           "line %u: a field has a stray double quote", reader->line);
              return FALSE;
            }
          g_string_append_c (field, *reader->p++);
        }

      g_ptr_array_add (fields, g_strstrip (g_strdup (field->str)));

      if (reader->p < reader->end && *reader->p == ',')
        {
          reader->p++;
          continue;
        }

      /* End of the record: \n, \r\n or the end of the input. */
      if (reader->p < reader->end && *reader->p == '\r')
        reader->p++;
      if (reader->p < reader->end && *reader->p == '\n')
        {
          reader->p++;
          reader->line++;
        }
      return TRUE;
    }
}

static gboolean
parse_flag (const char *text,
            gboolean   *value)
{
  g_autofree char *lower = eb_turkish_lower (text);

  if (g_str_equal (lower, "1") || g_str_equal (lower, "evet"))
    *value = TRUE;
  else if (g_str_equal (lower, "0") || g_str_equal (lower, "hayır"))
    *value = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* Checks one row; returns the problem in plain English, or NULL. */
static char *
check_row (GPtrArray         *fields,
           EbRegistryPerson **person_out)
{
  g_autoptr(EbRegistryPerson) person = g_new0 (EbRegistryPerson, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = NULL;
  g_autofree char *check = NULL;
  const char *const *f = (const char *const *) fields->pdata;

  if (fields->len != N_COLUMNS)
    return g_strdup_printf ("%u fields instead of %u", fields->len, N_COLUMNS);

  if ((check = eb_validate_tckn (f[0], &error)) == NULL)
    return g_strdup_printf ("tckn: %s", error->message);
  g_clear_pointer (&check, g_free);
  if ((check = eb_validate_person_name (f[1], &error)) == NULL)
    return g_strdup_printf ("first_name: %s", error->message);
  g_clear_pointer (&check, g_free);
  if ((check = eb_validate_person_name (f[2], &error)) == NULL)
    return g_strdup_printf ("last_name: %s", error->message);
  g_clear_pointer (&check, g_free);
  if ((check = eb_validate_place_name (f[3], &error)) == NULL)
    return g_strdup_printf ("birth_place: %s", error->message);
  g_clear_pointer (&check, g_free);
  if ((date = eb_parse_date (f[4], &error)) == NULL)
    return g_strdup_printf ("birth_date: %s", error->message);
  if ((check = eb_validate_free_text (f[5], INSTITUTION_MAX_CHARS, &error)) == NULL)
    return g_strdup_printf ("institution_name: %s", error->message);
  if (!parse_flag (f[6], &person->assignment_recorded))
    return g_strdup ("assignment_recorded: not 1, 0, evet or hayır");

  person->tckn = eb_validate_tckn (f[0], NULL);
  person->first_name = g_strdup (f[1]);
  person->last_name = g_strdup (f[2]);
  person->birth_place = g_strdup (f[3]);
  person->birth_date = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                                        g_date_get_month (date), g_date_get_day (date));
  person->institution_name = g_strdup (f[5]);
  *person_out = g_steal_pointer (&person);

  return NULL;
}

static gboolean
is_header (GPtrArray *fields)
{
  g_auto(GStrv) names = g_strsplit (EB_PORTAL_REGISTRY_HEADER, ",", -1);

  if (fields->len != g_strv_length (names))
    return FALSE;
  for (guint i = 0; i < fields->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (fields, i), names[i]) != 0)
      return FALSE;

  return TRUE;
}

/**
 * eb_portal_registry_parse:
 * @csv: UTF-8 text with the header %EB_PORTAL_REGISTRY_HEADER
 *
 * Reads and checks every row. Invalid rows (a TCKN failing its check digits,
 * a name with digits, an impossible date, a TCKN seen before …) are named
 * with their line numbers in the error, and nothing is returned.
 *
 * Returns: (transfer container) (element-type EbRegistryPerson): the people,
 *   in file order, or %NULL with @error set
 */
GPtrArray *
eb_portal_registry_parse (GBytes  *csv,
                          GError **error)
{
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_registry_person_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  const char *end_valid;
  guint n_problems = 0;
  guint line = 0;
  gsize length;
  Reader reader;

  g_return_val_if_fail (csv != NULL, NULL);

  reader.p = g_bytes_get_data (csv, &length);
  reader.end = reader.p + length;
  reader.line = 1;

  if (length > 0 && !g_utf8_validate_len (reader.p, length, &end_valid))
    {
      guint bad_line = 1;

      for (const char *q = reader.p; q < end_valid; q++)
        bad_line += *q == '\n';
      g_set_error (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_ENCODING,
                   "line %u: the file is not UTF-8 text", bad_line);
      return NULL;
    }
  if (length >= 3 && memcmp (reader.p, "\xEF\xBB\xBF", 3) == 0)
    reader.p += 3;

  if (!read_record (&reader, fields, &line, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error_literal (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_EMPTY,
                           "The file is empty");
      return NULL;
    }
  if (!is_header (fields))
    {
      g_set_error (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_HEADER,
                   "line %u: the header must be “%s”", line, EB_PORTAL_REGISTRY_HEADER);
      return NULL;
    }

  while (read_record (&reader, fields, &line, &local_error))
    {
      EbRegistryPerson *person = NULL;
      g_autofree char *problem = check_row (fields, &person);

      if (problem == NULL && g_hash_table_contains (seen, person->tckn))
        {
          problem = g_strdup_printf ("tckn: %s is already on line %u", person->tckn,
                                     GPOINTER_TO_UINT (g_hash_table_lookup (seen, person->tckn)));
          g_clear_pointer (&person, eb_registry_person_free);
        }
      if (problem != NULL)
        {
          if (n_problems++ < MAX_REPORTED_LINES)
            g_string_append_printf (problems, "%sline %u: %s", problems->len > 0 ? "; " : "",
                                    line, problem);
          continue;
        }

      g_hash_table_insert (seen, person->tckn, GUINT_TO_POINTER (line));
      g_ptr_array_add (people, person);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (n_problems > 0)
    {
      if (n_problems > MAX_REPORTED_LINES)
        g_string_append_printf (problems, "; and %u more", n_problems - MAX_REPORTED_LINES);
      g_set_error (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_INVALID,
                   "The registry was not imported: %s", problems->str);
      return NULL;
    }
  if (people->len == 0)
    {
      g_set_error_literal (error, EB_PORTAL_REGISTRY_ERROR, EB_PORTAL_REGISTRY_ERROR_EMPTY,
                           "The file has a header but no rows");
      return NULL;
    }

  return g_steal_pointer (&people);
}
