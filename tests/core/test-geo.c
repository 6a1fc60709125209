/* test-geo.c — the built-in province/district/postal code/neighbourhood table and its parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-geo.h"
#include "eb-turkish-text.h"

#define N_PROVINCES 81
#define N_DISTRICTS 973

static EbGeo *
parse_ok (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  EbGeo *geo;

  geo = eb_geo_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (geo);
  return geo;
}

static void
test_default_counts (void)
{
  EbGeo *geo = eb_geo_get_default ();
  const guint *plates;
  guint n_plates = 0;
  guint n_districts = 0;
  gboolean seen[N_PROVINCES + 1] = { FALSE, };

  g_assert_cmpuint (eb_geo_get_n_provinces (geo), ==, N_PROVINCES);
  g_assert_cmpuint (eb_geo_get_n_districts (geo), ==, N_DISTRICTS);

  plates = eb_geo_get_plates (geo, &n_plates);
  g_assert_cmpuint (n_plates, ==, N_PROVINCES);
  for (guint i = 0; i < n_plates; i++)
    {
      g_assert_cmpuint (plates[i], >=, 1);
      g_assert_cmpuint (plates[i], <=, N_PROVINCES);
      g_assert_false (seen[plates[i]]);
      seen[plates[i]] = TRUE;
    }

  for (guint plate = 1; plate <= N_PROVINCES; plate++)
    {
      const char * const *districts = eb_geo_get_districts (geo, plate);

      g_assert_true (seen[plate]);
      g_assert_nonnull (eb_geo_get_province_name (geo, plate));
      g_assert_nonnull (districts);
      g_assert_nonnull (districts[0]);
      n_districts += g_strv_length ((char **) districts);
    }
  g_assert_cmpuint (n_districts, ==, N_DISTRICTS);
}

static void
test_default_singleton (void)
{
  EbGeo *a = eb_geo_get_default ();
  EbGeo *b = eb_geo_get_default ();

  g_assert_true (EB_IS_GEO (a));
  g_assert_true (a == b);
}

static void
test_mus_bulanik (void)
{
  EbGeo *geo = eb_geo_get_default ();
  const char * const *codes;
  guint plate = 0;

  g_assert_cmpstr (eb_geo_get_province_name (geo, 49), ==, "Muş");
  g_assert_true (eb_geo_find_province (geo, "MUŞ", &plate));
  g_assert_cmpuint (plate, ==, 49);
  plate = 0;
  g_assert_true (eb_geo_find_province (geo, "muş", &plate));
  g_assert_cmpuint (plate, ==, 49);
  g_assert_true (eb_geo_find_province (geo, "  Muş ", NULL));
  /* ş is not s: the plain-Latin spelling is a search, not a match. */
  g_assert_false (eb_geo_find_province (geo, "MUS", NULL));

  g_assert_true (g_strv_contains (eb_geo_get_districts (geo, 49), "Bulanık"));
  g_assert_cmpstr (eb_geo_find_district (geo, 49, "Bulanık"), ==, "Bulanık");
  g_assert_cmpstr (eb_geo_find_district (geo, 49, "BULANIK"), ==, "Bulanık");
  g_assert_cmpstr (eb_geo_find_district (geo, 49, "bulanık"), ==, "Bulanık");
  /* Dotted i is another letter in Turkish. */
  g_assert_null (eb_geo_find_district (geo, 49, "bulanik"));
  g_assert_null (eb_geo_find_district (geo, 34, "Bulanık"));

  codes = eb_geo_get_postal_codes (geo, 49, "BULANIK");
  g_assert_nonnull (codes);
  g_assert_true (g_strv_contains (codes, "49500"));
  g_assert_true (eb_geo_district_has_postal_code (geo, 49, "bulanık", "49500"));
  g_assert_false (eb_geo_district_has_postal_code (geo, 49, "Bulanık", "49700"));
  g_assert_false (eb_geo_district_has_postal_code (geo, 49, "Bulanık", "4950"));
  g_assert_false (eb_geo_district_has_postal_code (geo, 34, "Bulanık", "49500"));
}

static void
test_istanbul (void)
{
  EbGeo *geo = eb_geo_get_default ();
  guint plate = 0;

  g_assert_cmpstr (eb_geo_get_province_name (geo, 34), ==, "İstanbul");
  g_assert_true (eb_geo_find_province (geo, "istanbul", &plate));
  g_assert_cmpuint (plate, ==, 34);
  plate = 0;
  g_assert_true (eb_geo_find_province (geo, "İSTANBUL", &plate));
  g_assert_cmpuint (plate, ==, 34);
  /* ISTANBUL would be "ıstanbul" in Turkish. */
  g_assert_false (eb_geo_find_province (geo, "ISTANBUL", NULL));

  g_assert_cmpstr (eb_geo_find_district (geo, 34, "üsküdar"), ==, "Üsküdar");
  g_assert_cmpstr (eb_geo_find_district (geo, 34, "ŞİŞLİ"), ==, "Şişli");
  g_assert_true (eb_geo_find_province (geo, "ığdır", &plate));
  g_assert_cmpuint (plate, ==, 76);
}

static void
test_postal_codes_well_formed (void)
{
  EbGeo *geo = eb_geo_get_default ();
  guint n_bad = 0;
  guint n_codes = 0;
  guint n_without = 0;

  for (guint plate = 1; plate <= N_PROVINCES; plate++)
    {
      const char * const *districts = eb_geo_get_districts (geo, plate);
      g_autofree char *prefix = g_strdup_printf ("%02u", plate);

      for (guint i = 0; districts[i] != NULL; i++)
        {
          const char * const *codes = eb_geo_get_postal_codes (geo, plate, districts[i]);

          g_assert_nonnull (codes);
          if (codes[0] == NULL)
            {
              g_test_message ("%s / %s has no postal code",
                              eb_geo_get_province_name (geo, plate), districts[i]);
              n_without++;
            }

          for (guint j = 0; codes[j] != NULL; j++)
            {
              gboolean ok = strlen (codes[j]) == 5 && g_str_has_prefix (codes[j], prefix);

              for (guint k = 0; ok && k < 5; k++)
                ok = g_ascii_isdigit (codes[j][k]);
              if (!ok)
                {
                  g_test_message ("%s / %s: bad postal code “%s”",
                                  eb_geo_get_province_name (geo, plate), districts[i], codes[j]);
                  n_bad++;
                }
              if (j > 0)
                g_assert_cmpstr (codes[j - 1], <, codes[j]);
              g_assert_true (eb_geo_district_has_postal_code (geo, plate, districts[i], codes[j]));
              n_codes++;
            }
        }
    }

  g_test_message ("%u postal codes, %u not five digits starting with the plate, "
                  "%u districts without a postal code", n_codes, n_bad, n_without);
  g_assert_cmpuint (n_bad, ==, 0);
  g_assert_cmpuint (n_codes, >, N_DISTRICTS);
}

static void
test_turkish_order (void)
{
  EbGeo *geo = eb_geo_get_default ();
  const char * const *istanbul;
  const guint *plates;
  guint n_plates;
  guint sile = 0, sisli = 0, sultangazi = 0, tuzla = 0;

  for (guint plate = 1; plate <= N_PROVINCES; plate++)
    {
      const char * const *districts = eb_geo_get_districts (geo, plate);

      for (guint i = 1; districts[i] != NULL; i++)
        g_assert_cmpint (eb_turkish_collate (districts[i - 1], districts[i]), <, 0);
    }

  plates = eb_geo_get_plates (geo, &n_plates);
  for (guint i = 1; i < n_plates; i++)
    g_assert_cmpint (eb_turkish_collate (eb_geo_get_province_name (geo, plates[i - 1]),
                                         eb_geo_get_province_name (geo, plates[i])), <, 0);
  /* Adana, Adıyaman … and the Ç, I, İ, Ş provinces where Turks expect them. */
  g_assert_cmpuint (plates[0], ==, 1);
  g_assert_cmpuint (plates[1], ==, 2);
  g_assert_cmpuint (plates[n_plates - 1], ==, 67); /* Zonguldak */

  /* Ş sorts after S, not with it or at the end. */
  istanbul = eb_geo_get_districts (geo, 34);
  for (guint i = 0; istanbul[i] != NULL; i++)
    {
      if (strcmp (istanbul[i], "Sultangazi") == 0)
        sultangazi = i;
      else if (strcmp (istanbul[i], "Şile") == 0)
        sile = i;
      else if (strcmp (istanbul[i], "Şişli") == 0)
        sisli = i;
      else if (strcmp (istanbul[i], "Tuzla") == 0)
        tuzla = i;
    }
  g_assert_cmpuint (sultangazi, <, sile);
  g_assert_cmpuint (sile, <, sisli);
  g_assert_cmpuint (sisli, <, tuzla);
}

static void
test_unknown (void)
{
  EbGeo *geo = eb_geo_get_default ();
  guint plate = 12345;

  for (guint i = 0; i < 2; i++)
    {
      guint bad = i == 0 ? 0 : N_PROVINCES + 1;

      g_assert_null (eb_geo_get_province_name (geo, bad));
      g_assert_null (eb_geo_get_districts (geo, bad));
      g_assert_null (eb_geo_find_district (geo, bad, "Merkez"));
      g_assert_null (eb_geo_get_postal_codes (geo, bad, "Merkez"));
      g_assert_false (eb_geo_district_has_postal_code (geo, bad, "Merkez", "49001"));
    }

  g_assert_false (eb_geo_find_province (geo, "Atlantis", &plate));
  g_assert_cmpuint (plate, ==, 12345);
  g_assert_false (eb_geo_find_province (geo, "", NULL));
  g_assert_false (eb_geo_find_province (geo, "\xff\xfe", NULL));
  g_assert_null (eb_geo_find_district (geo, 49, "Atlantis"));
  g_assert_null (eb_geo_get_postal_codes (geo, 49, "Atlantis"));
  g_assert_false (eb_geo_district_has_postal_code (geo, 49, "Atlantis", "49500"));
}

static void
test_parse_small (void)
{
  /* Unsorted, with comments, CRLF, a district without postal codes and no
   * final newline: the parser must still hand out sorted, clean lists. */
  g_autoptr(EbGeo) geo = parse_ok ("# a comment\r\n"
                                   "\n"
                                   "P\t35\tİzmir\r\n"
                                   "D\t35\tUrla\t35430\r\n"
                                   "D\t35\tÇeşme\t35940 35930\r\n"
                                   "D\t35\tBornova\t\r\n"
                                   "P\t06\tAnkara\n"
                                   "D\t06\tÇankaya\t06690");
  const char *izmir[] = { "Bornova", "Çeşme", "Urla", NULL };
  const char * const *codes;
  const guint *plates;
  guint n_plates;

  g_assert_cmpuint (eb_geo_get_n_provinces (geo), ==, 2);
  g_assert_cmpuint (eb_geo_get_n_districts (geo), ==, 4);

  plates = eb_geo_get_plates (geo, &n_plates);
  g_assert_cmpuint (n_plates, ==, 2);
  g_assert_cmpuint (plates[0], ==, 6);
  g_assert_cmpuint (plates[1], ==, 35);

  g_assert_true (g_strv_equal (eb_geo_get_districts (geo, 35), izmir));

  codes = eb_geo_get_postal_codes (geo, 35, "ÇEŞME");
  g_assert_cmpstr (codes[0], ==, "35930");
  g_assert_cmpstr (codes[1], ==, "35940");
  g_assert_null (codes[2]);

  codes = eb_geo_get_postal_codes (geo, 35, "bornova");
  g_assert_nonnull (codes);
  g_assert_null (codes[0]);

  g_assert_true (eb_geo_district_has_postal_code (geo, 6, "çankaya", "06690"));
}

static void
test_parse_malformed (void)
{
  static const struct {
    const char *text;
    guint       line;
  } cases[] = {
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nD\t01\tCeyhan\t0192\n", 3 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720 x1722\n", 2 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720  01722\n", 2 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720 01720\n", 2 },
    { "P\t01\tAdana\nD\t01\tAladağ\n", 2 },
    { "# header\nP\t01\tAdana\tx\n", 2 },
    { "P\t1\tAdana\n", 1 },
    { "P\t00\tAdana\n", 1 },
    { "P\t01\tAdana\nP\t01\tAdana\n", 2 },
    { "P\t01\tAdana\nP\t02\tADANA\n", 2 },
    { "P\t01\t \n", 1 },
    { "P\t01\tAdana\n\nD\t02\tBesni\t02300\n", 3 },
    { "P\t01\tAdana\nD\t01\tSeyhan\t01010\nD\t01\tSEYHAN\t01020\n", 3 },
    { "P\t01\tAdana\nX\t01\tAdana\n", 2 },
    { "P\t01\tAdana\nD\t01\tAlada\xc4\t01720\n", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(EbGeo) geo = NULL;
      g_autofree char *expected = g_strdup_printf ("line %u:", cases[i].line);

      geo = eb_geo_new_from_bytes (bytes, &error);
      g_assert_null (geo);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, expected));
    }
}

static void
test_parse_nul_and_empty (void)
{
  static const char with_nul[] = "P\t01\tAdana\nP\t02\tAd\0yaman\n";
  g_autoptr(GBytes) nul = g_bytes_new_static (with_nul, sizeof with_nul - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("# nothing\n", 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbGeo) geo = NULL;

  geo = eb_geo_new_from_bytes (nul, &error);
  g_assert_null (geo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 2:"));
  g_clear_error (&error);

  geo = eb_geo_new_from_bytes (empty, &error);
  g_assert_null (geo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Every code of every district has its neighbourhoods, and knows its district. */
static void
test_default_neighbourhoods (void)
{
  EbGeo *geo = eb_geo_get_default ();
  const guint *plates;
  guint n_plates, n_codes = 0, n_names = 0;
  const char * const *names;
  const char *district = NULL;
  guint plate = 0;

  plates = eb_geo_get_plates (geo, &n_plates);
  for (guint i = 0; i < n_plates; i++)
    for (const char * const *d = eb_geo_get_districts (geo, plates[i]); *d != NULL; d++)
      for (const char * const *c = eb_geo_get_postal_codes (geo, plates[i], *d); *c != NULL; c++)
        {
          names = eb_geo_get_neighbourhoods (geo, *c);
          g_assert_nonnull (names);
          g_assert_nonnull (names[0]);
          for (guint k = 0; names[k] != NULL; k++)
            {
              g_assert_true (g_utf8_validate (names[k], -1, NULL));
              g_assert_cmpstr (names[k], !=, "");
              /* Sorted as shown, no repeats, and the village in brackets
               * starts with a capital as the package did not write it. */
              if (k > 0)
                g_assert_cmpint (eb_turkish_collate (names[k - 1], names[k]), <, 0);
              g_assert_null (strstr (names[k], "  "));
              for (const char *p = strchr (names[k], '('); p != NULL; p = strchr (p + 1, '('))
                g_assert_false (g_unichar_islower (g_utf8_get_char (p + 1)));
              n_names++;
            }
          g_assert_true (eb_geo_find_postal_code (geo, *c, &plate, &district));
          g_assert_cmpuint (plate, ==, plates[i]);
          g_assert_cmpstr (district, ==, *d);
          n_codes++;
        }

  g_assert_cmpuint (n_codes, ==, 2771);
  /* 73 305 rows in the package, five of them a name repeated in its code. */
  g_assert_cmpuint (n_names, ==, 73300);

  /* The district of the wizard's tests. */
  names = eb_geo_get_neighbourhoods (geo, "49500");
  g_assert_true (g_strv_contains (names, "Kültür Mah"));
  /* Asked again: the same split list, not a new one. */
  g_assert_true (eb_geo_get_neighbourhoods (geo, "49500") == names);
  g_assert_true (eb_geo_get_neighbourhoods (geo, " 49500 ") == names);

  g_assert_true (eb_geo_find_postal_code (geo, "41400", &plate, &district));
  g_assert_cmpuint (plate, ==, 41);
  g_assert_cmpstr (district, ==, "Gebze");
  g_assert_true (eb_geo_find_postal_code (geo, "06690", NULL, NULL));

  g_assert_null (eb_geo_get_neighbourhoods (geo, "99999"));
  g_assert_null (eb_geo_get_neighbourhoods (geo, "4940"));
  g_assert_false (eb_geo_find_postal_code (geo, "99999", &plate, &district));
  g_assert_false (eb_geo_find_postal_code (geo, "", NULL, NULL));
}

/* The table is parsed at every start: keep it quick even with 73 000 names. */
static void
test_default_parse_time (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (EB_GEO_RESOURCE_PATH, 0, NULL);
  g_autoptr(GError) error = NULL;
  gint64 best = G_MAXINT64;

  g_assert_nonnull (bytes);
  for (guint i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(EbGeo) geo = eb_geo_new_from_bytes (bytes, &error);

      g_assert_no_error (error);
      best = MIN (best, g_get_monotonic_time () - start);
    }
  g_test_message ("parsing the built-in table took %" G_GINT64_FORMAT " µs", best);
  /* Generous for a slow, shared machine under a sanitizer; a copy-and-split
   * of every name would be far over it. */
  g_assert_cmpint (best, <, 250 * 1000);
}

static void
test_parse_neighbourhoods (void)
{
  g_autoptr(EbGeo) geo = parse_ok ("P\t35\tİzmir\n"
                                   "D\t35\tÇeşme\t35930 35940\n"
                                   "M\t35930\tAlaçatı Mah|Ovacık Köyü\r\n"
                                   "D\t35\tUrla\t35430\n"
                                   "M\t35430\tİskele Mah");
  const char * const *names;
  const char *district = NULL;
  guint plate = 0;

  names = eb_geo_get_neighbourhoods (geo, "35930");
  g_assert_cmpstr (names[0], ==, "Alaçatı Mah");
  g_assert_cmpstr (names[1], ==, "Ovacık Köyü");
  g_assert_null (names[2]);
  /* A code with no M line has no names, but is a code. */
  names = eb_geo_get_neighbourhoods (geo, "35940");
  g_assert_nonnull (names);
  g_assert_null (names[0]);
  names = eb_geo_get_neighbourhoods (geo, "35430");
  g_assert_cmpstr (names[0], ==, "İskele Mah");
  g_assert_null (names[1]);

  g_assert_true (eb_geo_find_postal_code (geo, "35940", &plate, &district));
  g_assert_cmpuint (plate, ==, 35);
  g_assert_cmpstr (district, ==, "Çeşme");
}

static void
test_parse_neighbourhoods_malformed (void)
{
  static const struct {
    const char *text;
    guint       line;
  } cases[] = {
    /* before any district, under the wrong district, twice, bad code, no names */
    { "P\t01\tAdana\nM\t01720\tA Mah\n", 2 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nD\t01\tCeyhan\t01920\nM\t01720\tA Mah\n", 4 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nM\t01720\tA Mah\nM\t01720\tB Mah\n", 4 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nM\t0172x\tA Mah\n", 3 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nM\t01720\t\n", 3 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nM\t01720\n", 3 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nM\t01720\tA\tB\n", 3 },
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nP\t02\tAdıyaman\nM\t01720\tA Mah\n", 4 },
    /* one code in two districts */
    { "P\t01\tAdana\nD\t01\tAladağ\t01720\nD\t01\tCeyhan\t01720\n", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(EbGeo) geo = NULL;
      g_autofree char *expected = g_strdup_printf ("line %u:", cases[i].line);

      geo = eb_geo_new_from_bytes (bytes, &error);
      g_assert_null (geo);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, expected));
    }
}

static gpointer
neighbourhood_thread (gpointer user_data)
{
  EbGeo *geo = user_data;

  return (gpointer) eb_geo_get_neighbourhoods (geo, "49500");
}

/* The first look at a code splits its names; threads racing for it all get
 * the one list. */
static void
test_neighbourhood_threads (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (EB_GEO_RESOURCE_PATH, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbGeo) geo = eb_geo_new_from_bytes (bytes, &error);
  GThread *threads[4];
  gpointer results[G_N_ELEMENTS (threads)];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("geo-names", neighbourhood_thread, geo);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    results[i] = g_thread_join (threads[i]);
  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (results[i] == results[0]);
  g_assert_true (results[0] == eb_geo_get_neighbourhoods (geo, "49500"));
}

static gpointer
lookup_thread (gpointer user_data)
{
  for (guint i = 0; i < 200; i++)
    {
      EbGeo *geo = eb_geo_get_default ();
      guint plate = 0;

      g_assert_true (eb_geo_find_province (geo, "muş", &plate));
      g_assert_cmpuint (plate, ==, 49);
      g_assert_true (eb_geo_district_has_postal_code (geo, plate, "BULANIK", "49500"));
    }

  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("geo-lookup", lookup_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* First, so several threads race to load the default table. */
  g_test_add_func ("/geo/threads", test_threads);
  g_test_add_func ("/geo/default/counts", test_default_counts);
  g_test_add_func ("/geo/default/singleton", test_default_singleton);
  g_test_add_func ("/geo/default/mus-bulanik", test_mus_bulanik);
  g_test_add_func ("/geo/default/istanbul", test_istanbul);
  g_test_add_func ("/geo/default/postal-codes", test_postal_codes_well_formed);
  g_test_add_func ("/geo/default/turkish-order", test_turkish_order);
  g_test_add_func ("/geo/default/unknown", test_unknown);
  g_test_add_func ("/geo/parse/small", test_parse_small);
  g_test_add_func ("/geo/parse/malformed", test_parse_malformed);
  g_test_add_func ("/geo/parse/nul-and-empty", test_parse_nul_and_empty);
  g_test_add_func ("/geo/default/neighbourhoods", test_default_neighbourhoods);
  g_test_add_func ("/geo/default/parse-time", test_default_parse_time);
  g_test_add_func ("/geo/parse/neighbourhoods", test_parse_neighbourhoods);
  g_test_add_func ("/geo/parse/neighbourhoods-malformed", test_parse_neighbourhoods_malformed);
  g_test_add_func ("/geo/neighbourhood-threads", test_neighbourhood_threads);

  return g_test_run ();
}
