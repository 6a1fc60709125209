/* test-portal-fields.c — the form fields' names in the portal API
 *
 * The app's client and the portal server both name fields through this
 * one table; a field without a name, or two fields with one, would make
 * them lose or mix values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-application-form.h"
#include "eb-portal-fields.h"

static void
test_every_field_one_name (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint f = 0; f < EB_N_FIELDS; f++)
    {
      const char *name = eb_portal_field_get_name (f);
      EbFormField found = EB_N_FIELDS;

      g_assert_nonnull (name);
      g_assert_cmpstr (name, !=, "");
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);

      /* The name leads back to its field and to no other. */
      g_assert_true (eb_portal_field_from_name (name, &found));
      g_assert_cmpint (found, ==, f);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, EB_N_FIELDS);
}

static void
test_names_are_the_api_spelling (void)
{
  EbFormField field;

  /* docs/portal-api.md: snake_case of the form's property names. */
  for (guint f = 0; f < EB_N_FIELDS; f++)
    {
      g_autofree char *expected = g_strdelimit (g_strdup (eb_application_form_get_field_name (f)), "-", '_');

      g_assert_cmpstr (eb_portal_field_get_name (f), ==, expected);
    }

  g_assert_false (eb_portal_field_from_name ("postal-code", &field));
  g_assert_false (eb_portal_field_from_name ("captcha_id", &field));
  g_assert_false (eb_portal_field_from_name ("", &field));
  g_assert_false (eb_portal_field_from_name (NULL, &field));
}

static void
test_sources (void)
{
  guint n_login = 0;

  /* The identity goes with the login, the institution comes from the
   * registry, everything else goes with the form. */
  for (guint f = 0; f < EB_N_FIELDS; f++)
    {
      EbPortalFieldSource source = eb_portal_field_get_source (f);

      if (source == EB_PORTAL_FIELD_IN_LOGIN)
        n_login++;
      g_assert_cmpint (source == EB_PORTAL_FIELD_FROM_REGISTRY, ==, f == EB_FIELD_INSTITUTION_NAME);
    }
  g_assert_cmpuint (n_login, ==, 5);
  g_assert_cmpint (eb_portal_field_get_source (EB_FIELD_TCKN), ==, EB_PORTAL_FIELD_IN_LOGIN);
  g_assert_cmpint (eb_portal_field_get_source (EB_FIELD_BIRTH_DATE), ==, EB_PORTAL_FIELD_IN_LOGIN);
  g_assert_cmpint (eb_portal_field_get_source (EB_FIELD_SECURITY_WORD), ==, EB_PORTAL_FIELD_IN_FORM);
  g_assert_cmpint (eb_portal_field_get_source (EB_FIELD_MOBILE_PHONE), ==, EB_PORTAL_FIELD_IN_FORM);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/portal-fields/every-field-one-name", test_every_field_one_name);
  g_test_add_func ("/portal-fields/api-spelling", test_names_are_the_api_spelling);
  g_test_add_func ("/portal-fields/sources", test_sources);

  return g_test_run ();
}
