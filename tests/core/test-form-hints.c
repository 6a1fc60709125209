/* test-form-hints.c — usual job titles, and Turkish words typed in ASCII
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-form-hints.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

static void
test_job_titles (void)
{
  const char * const *titles = eb_form_hints_job_titles ();
  const char *must[] = { "Okul Müdürü", "Müdür Yardımcısı", "Müdür Başyardımcısı", "Kurum Müdürü" };

  for (guint i = 0; i < G_N_ELEMENTS (must); i++)
    g_assert_true (g_strv_contains (titles, must[i]));

  for (guint i = 0; titles[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) slips = eb_find_ascii_slips (titles[i]);
      g_autofree char *clean = eb_validate_free_text (titles[i], 100, &error);
      g_autofree char *upper = eb_turkish_upper (titles[i]);

      /* Each is a job title the form takes (in capitals), and spelled right. */
      g_assert_no_error (error);
      g_assert_cmpstr (clean, ==, upper);
      g_assert_cmpuint (slips->len, ==, 0);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (titles[i], !=, titles[j]);
    }
}

static void
test_slips_found (void)
{
  static const struct {
    const char *text;
    const char *fixed;
    guint       n_slips;
  } cases[] = {
    { "Bulanik Ilce Milli Egitim Mudurlugu", "Bulanik İlçe Milli Eğitim Müdürlüğü", 3 },
    { "BULANIK ILCE MILLI EGITIM MUDURLUGU", "BULANIK İLÇE MILLI EĞİTİM MÜDÜRLÜĞÜ", 3 },
    { "ilce milli egitim mudurlugu, hukumet konagi", "ilçe milli eğitim müdürlüğü, hükümet konağı", 5 },
    { "Ataturk Bulvari No: 12/3", "Atatürk Bulvarı No: 12/3", 2 },
    /* half right is still a slip */
    { "Müdürlügü", "Müdürlüğü", 1 },
    /* right already, in any case, or nothing from the table */
    { "İlçe Millî Eğitim Müdürlüğü", NULL, 0 },
    { "İLÇE MİLLÎ EĞİTİM MÜDÜRLÜĞÜ", NULL, 0 },
    { "ilçe milli eğitim müdürlüğü, hükümet konağı", NULL, 0 },
    { "Cumhuriyet Mah. Okul Sok. No: 5 Koyu Kat", NULL, 0 },
    { "Yeni Mahallesi Okulu", NULL, 0 },
    { "", NULL, 0 },
    /* a word inside another is not the word */
    { "Mudurlugumuzde", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) slips = eb_find_ascii_slips (cases[i].text);
      g_autofree char *fixed = eb_fix_ascii_slips (cases[i].text);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpuint (slips->len, ==, cases[i].n_slips);
      g_assert_cmpstr (fixed, ==, cases[i].fixed != NULL ? cases[i].fixed : cases[i].text);
      for (guint j = 0; j < slips->len; j++)
        {
          EbAsciiSlip *slip = g_ptr_array_index (slips, j);

          /* The slip is where it says, and the fix differs only in letters. */
          g_assert_cmpmem (cases[i].text + slip->start, slip->length, slip->typed, strlen (slip->typed));
          {
            g_autofree char *a = eb_turkish_search_key (slip->typed);
            g_autofree char *b = eb_turkish_search_key (slip->suggestion);

            g_assert_cmpstr (a, ==, b);
            g_assert_cmpstr (slip->typed, !=, slip->suggestion);
          }
        }
    }
}

static void
test_slip_case (void)
{
  g_autoptr(GPtrArray) slips = eb_find_ascii_slips ("Ilce, ILCE, ilce");
  const char *expected[] = { "İlçe", "İLÇE", "ilçe" };

  g_assert_cmpuint (slips->len, ==, 3);
  for (guint i = 0; i < slips->len; i++)
    g_assert_cmpstr (((EbAsciiSlip *) g_ptr_array_index (slips, i))->suggestion, ==, expected[i]);

  g_clear_pointer (&slips, g_ptr_array_unref);
  slips = eb_find_ascii_slips (NULL);
  g_assert_cmpuint (slips->len, ==, 0);
  g_clear_pointer (&slips, g_ptr_array_unref);
  slips = eb_find_ascii_slips ("Mudur\xff");
  g_assert_cmpuint (slips->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/form-hints/job-titles", test_job_titles);
  g_test_add_func ("/form-hints/slips", test_slips_found);
  g_test_add_func ("/form-hints/slip-case", test_slip_case);

  return g_test_run ();
}
