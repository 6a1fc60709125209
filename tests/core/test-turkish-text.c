/* test-turkish-text.c — Turkish casing, collation and search folding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "eb-turkish-text.h"

static void
check_casing (void)
{
  const struct { const char *in, *upper, *lower; } cases[] = {
    { "istanbul", "İSTANBUL", "istanbul" },
    { "ılgaz", "ILGAZ", "ılgaz" },
    { "İzmir", "İZMİR", "izmir" },
    { "IĞDIR", "IĞDIR", "ığdır" },
    { "çağrı şükür öğün", "ÇAĞRI ŞÜKÜR ÖĞÜN", "çağrı şükür öğün" },
    { "Muş", "MUŞ", "muş" },
    { "bulanık", "BULANIK", "bulanık" },
    { "d'ali-veli", "D'ALİ-VELİ", "d'ali-veli" },
    { "", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *upper = eb_turkish_upper (cases[i].in);
      g_autofree char *lower = eb_turkish_lower (cases[i].in);

      g_assert_cmpstr (upper, ==, cases[i].upper);
      g_assert_cmpstr (lower, ==, cases[i].lower);
    }

  /* A decomposed "i" + combining dot above is composed before mapping. */
  {
    g_autofree char *upper = eb_turkish_upper ("I\xcc\x87stanbul");

    g_assert_cmpstr (upper, ==, "İSTANBUL");
  }
}

static void
test_casing_c_locale (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  check_casing ();
}

static void
test_casing_turkish_locale (void)
{
  /* The mapping must not depend on the locale; tools/install-deps generates
   * tr_TR.UTF-8 so that this runs under a real Turkish locale too. */
  g_assert_nonnull (setlocale (LC_ALL, "tr_TR.UTF-8"));
  check_casing ();
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_collapse_space (void)
{
  g_autofree char *a = eb_turkish_collapse_space ("  Mehmet \t  Ali\n");
  g_autofree char *b = eb_turkish_collapse_space ("\xc2\xa0" "Ali" "\xc2\xa0\xc2\xa0" "Veli ");
  g_autofree char *c = eb_turkish_collapse_space ("   ");

  g_assert_cmpstr (a, ==, "Mehmet Ali");
  g_assert_cmpstr (b, ==, "Ali Veli");
  g_assert_cmpstr (c, ==, "");
}

static void
test_collate (void)
{
  const char *sorted[] = {
    "Adana", "Ağrı", "Aydın", "Bursa", "Çanakkale", "Çorum", "Denizli", "Giresun", "Gümüşhane",
    "Hakkari", "Iğdır", "Isparta", "İstanbul", "İzmir", "Kars", "Ordu", "Osmaniye", "Ödemiş",
    "Sakarya", "Şanlıurfa", "Şırnak", "Tokat", "Uşak", "Ünye", "Van", "Zonguldak",
  };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (sorted); i++)
    {
      g_assert_cmpint (eb_turkish_collate (sorted[i], sorted[i + 1]), <, 0);
      g_assert_cmpint (eb_turkish_collate (sorted[i + 1], sorted[i]), >, 0);
    }

  g_assert_cmpint (eb_turkish_collate ("Muş", "Muş"), ==, 0);
  g_assert_cmpint (eb_turkish_collate ("Mu", "Muş"), <, 0);
}

static void
test_equal_ci (void)
{
  g_assert_true (eb_turkish_equal_ci ("MUŞ", "muş"));
  g_assert_true (eb_turkish_equal_ci ("istanbul", "İSTANBUL"));
  g_assert_true (eb_turkish_equal_ci (" bulanık ", "BULANIK"));
  /* Dotless and dotted i are different letters. */
  g_assert_false (eb_turkish_equal_ci ("ISTANBUL", "istanbul"));
  g_assert_false (eb_turkish_equal_ci ("bulanik", "BULANIK"));
  g_assert_true (eb_turkish_has_prefix_ci ("İstanbul", "ist"));
  g_assert_false (eb_turkish_has_prefix_ci ("İstanbul", "Ist"));
}

/* What a keyboard without Turkish letters gives folds to the same form;
 * any other difference stays a difference (issue 12, item 8). */
static void
test_fold (void)
{
  g_autofree char *bulanik = eb_turkish_fold ("  BULANIK ");
  g_autofree char *mehmet = eb_turkish_fold ("MEHMET  ALİ");

  g_assert_cmpstr (bulanik, ==, "bulanik");
  g_assert_cmpstr (mehmet, ==, "mehmet ali");

  g_assert_true (eb_turkish_equal_folded ("bulanik", "BULANIK"));
  g_assert_true (eb_turkish_equal_folded ("BULANIK", "BULANİK"));
  g_assert_true (eb_turkish_equal_folded ("Istanbul", "İSTANBUL"));
  g_assert_true (eb_turkish_equal_folded ("sukru", "ŞÜKRÜ"));
  g_assert_true (eb_turkish_equal_folded ("GOKCE OZGUL", "GÖKÇE ÖZGÜL"));
  g_assert_true (eb_turkish_equal_folded ("Cagri", "ÇAĞRI"));
  g_assert_true (eb_turkish_equal_folded (" yildiz ", "YILDIZ"));
  g_assert_true (eb_turkish_equal_folded ("MEHMET ALİ", "mehmet  ali"));

  /* Only those letters: another letter, a letter more or less, a hyphen,
   * an apostrophe or a digit is a different name. */
  g_assert_false (eb_turkish_equal_folded ("ALP", "ALİ"));
  g_assert_false (eb_turkish_equal_folded ("BULANIKK", "BULANIK"));
  g_assert_false (eb_turkish_equal_folded ("BULANI", "BULANIK"));
  g_assert_false (eb_turkish_equal_folded ("AYSE-NUR", "AYŞE NUR"));
  g_assert_false (eb_turkish_equal_folded ("MEHMETALI", "MEHMET ALİ"));
  g_assert_false (eb_turkish_equal_folded ("O'NEIL", "ONEIL"));
  g_assert_false (eb_turkish_equal_folded ("", "A"));
  g_assert_true (eb_turkish_equal_folded (NULL, NULL));
  g_assert_false (eb_turkish_equal_folded (NULL, "A"));
}

static void
test_search (void)
{
  g_autofree char *istanbul = eb_turkish_search_key ("İstanbul");
  g_autofree char *mus = eb_turkish_search_key ("Muş");
  g_autofree char *sanliurfa = eb_turkish_search_key ("Şanlıurfa");
  g_autofree char *igdir = eb_turkish_search_key ("Iğdır");

  g_assert_cmpstr (istanbul, ==, "istanbul");
  g_assert_cmpstr (mus, ==, "mus");
  g_assert_cmpstr (sanliurfa, ==, "sanliurfa");
  g_assert_cmpstr (igdir, ==, "igdir");

  g_assert_true (eb_turkish_search_match (istanbul, "ist"));
  g_assert_true (eb_turkish_search_match (istanbul, "İST"));
  g_assert_true (eb_turkish_search_match (istanbul, "ISTANBUL"));
  g_assert_true (eb_turkish_search_match (mus, "muş"));
  g_assert_true (eb_turkish_search_match (mus, "MUS"));
  g_assert_false (eb_turkish_search_match (sanliurfa, "urfa"));
  g_assert_true (eb_turkish_search_match (sanliurfa, "ŞANLI"));
  g_assert_true (eb_turkish_search_match (igdir, "ığd"));
  g_assert_true (eb_turkish_search_match (mus, ""));
  g_assert_true (eb_turkish_search_match (mus, "  "));
  g_assert_true (eb_turkish_search_match (mus, NULL));
  g_assert_false (eb_turkish_search_match (mus, "van"));
  /* Word starts only: "mus" is Muş, not Gümüşhane. */
  {
    g_autofree char *gumushane = eb_turkish_search_key ("Gümüşhane");
    g_autofree char *afyon = eb_turkish_search_key ("Afyon-Karahisar (Merkez)");

    g_assert_false (eb_turkish_search_match (gumushane, "mus"));
    g_assert_true (eb_turkish_search_match (gumushane, "gümüş"));
    g_assert_true (eb_turkish_search_match (afyon, "kara"));
    g_assert_true (eb_turkish_search_match (afyon, "merk"));
    g_assert_true (eb_turkish_search_match (afyon, "afyon-kara"));
  }
}

static void
test_format_date (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 24, 10, 0, 0);
  g_autofree char *text = eb_turkish_format_date (date);

  /* No translation is loaded here, so the English month name comes back;
   * the Turkish one is checked in the UI test under LANGUAGE=tr. */
  g_assert_cmpstr (text, ==, "24 November 2026");
}

/* Türkiye's clock, whatever the computer's zone: the form and its signature agree. */
static void
test_turkish_time (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 11, 24, 12, 5, 0);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_offset (9 * 60 * 60);
  g_autoptr(GDateTime) elsewhere = g_date_time_to_timezone (utc, tokyo);
  g_autoptr(GDateTime) from_utc = eb_turkish_time (utc);
  g_autoptr(GDateTime) from_elsewhere = eb_turkish_time (elsewhere);
  g_autofree char *text = g_date_time_format (from_utc, "%d.%m.%Y %H:%M %z");

  g_assert_cmpstr (text, ==, "24.11.2026 15:05 +0300");
  g_assert_true (g_date_time_equal (from_utc, from_elsewhere));
  g_assert_cmpint (g_date_time_get_hour (from_elsewhere), ==, 15);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/turkish-text/casing/c-locale", test_casing_c_locale);
  g_test_add_func ("/turkish-text/casing/turkish-locale", test_casing_turkish_locale);
  g_test_add_func ("/turkish-text/collapse-space", test_collapse_space);
  g_test_add_func ("/turkish-text/collate", test_collate);
  g_test_add_func ("/turkish-text/equal-ci", test_equal_ci);
  g_test_add_func ("/turkish-text/fold", test_fold);
  g_test_add_func ("/turkish-text/search", test_search);
  g_test_add_func ("/turkish-text/format-date", test_format_date);
  g_test_add_func ("/turkish-text/turkish-time", test_turkish_time);

  return g_test_run ();
}
