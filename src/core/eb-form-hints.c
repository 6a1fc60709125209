/* eb-form-hints.c — help for free-text fields: usual job titles, and words
 * written without their Turkish letters
 *
 * Kamu SM prints the unit and the delivery address as typed, and a courier
 * reads them. On a keyboard without Turkish letters people write "Ilce Milli
 * Egitim Mudurlugu"; the form accepts it (it is not wrong enough to refuse)
 * but the page can offer the Turkish spelling. Only words from a small table
 * are looked at: words common in MEB unit names and addresses whose ASCII
 * form is not itself a Turkish word (so "koy"/"köy", "sok." are left alone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-form-hints.h"
#include "eb-turkish-text.h"

/* The titles MEB school and institution administrators sign with, most
 * common first; the field still takes any text. */
static const char * const job_titles[] = {
  "Okul Müdürü",
  "Müdür Yardımcısı",
  "Müdür Başyardımcısı",
  "Kurum Müdürü",
  "Müdür Vekili",
  "Merkez Müdürü",
  "Şube Müdürü",
  "İlçe Millî Eğitim Müdürü",
  "İl Millî Eğitim Müdürü",
  "Öğretmen",
  NULL,
};

/**
 * eb_form_hints_job_titles:
 *
 * Returns: (array zero-terminated=1) (transfer none): the usual titles, to
 *   offer as suggestions for the job title
 */
const char * const *
eb_form_hints_job_titles (void)
{
  return job_titles;
}

/* In small Turkish letters. The ASCII form (the search key) of each must not
 * be a Turkish word of its own, nor the ASCII form of another word: "koyu"
 * (dark) rules out "köyü", "yani" rules out "yanı", "dişi" rules out "dışı".
 * Words that need no Turkish letter ("mahallesi") are dropped when the
 * table is built. */
static const char * const turkish_words[] = {
  /* units */
  "müdürlüğü", "müdürlük", "müdürü", "müdür", "müdürlüğümüz",
  "ilçe", "eğitim", "öğretim", "öğretmen", "öğretmenler", "ilköğretim",
  "başkanlığı", "başkanlık", "şube", "şubesi", "şefliği",
  "ortaöğretim", "yükseköğretim", "rehberlik", "araştırma",
  "bölge", "bölümü", "kültür", "çocuk", "özel", "üniversitesi",
  "bilişim", "teknolojileri", "hizmetleri", "halkla", "ilişkiler",
  /* addresses */
  "sokağı", "bulvarı", "çıkmazı", "çarşı", "çarşısı",
  "mahallesi", "beldesi", "hükümet", "konağı", "binası",
  "şehit", "şehitler", "atatürk", "cumhuriyet", "istiklal", "inönü",
  "yıldırım", "büyük", "küçük", "doğu", "batı", "güney",
  "üstü", "karşısı", "girişi", "meydanı", "pazarı", "parkı",
  "apartmanı", "öğrenci",
  NULL,
};

static GHashTable *
word_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *built = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; turkish_words[i] != NULL; i++)
        {
          char *key = eb_turkish_search_key (turkish_words[i]);

          /* A word whose ASCII form is the same ("mahallesi") is never a slip. */
          if (strcmp (key, turkish_words[i]) == 0)
            g_free (key);
          else
            g_hash_table_replace (built, key, (gpointer) turkish_words[i]);
        }
      g_once_init_leave (&table, built);
    }

  return table;
}

void
eb_ascii_slip_free (EbAsciiSlip *slip)
{
  if (slip == NULL)
    return;

  g_free (slip->typed);
  g_free (slip->suggestion);
  g_free (slip);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c);
}

/* The suggestion in the case the word was typed in: "MUDUR" → "MÜDÜR",
 * "Mudur" → "Müdür", "mudur" → "müdür". */
static char *
in_typed_case (const char *typed,
               const char *lower)
{
  gboolean all_upper = TRUE;
  gboolean any_letter = FALSE;

  for (const char *p = typed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        {
          any_letter = TRUE;
          all_upper = all_upper && g_unichar_isupper (c);
        }
    }

  if (any_letter && all_upper && g_utf8_strlen (typed, -1) > 1)
    return eb_turkish_upper (lower);

  if (g_unichar_isupper (g_utf8_get_char (typed)))
    {
      const char *rest = g_utf8_next_char (lower);
      g_autofree char *first = g_strndup (lower, (gsize) (rest - lower));
      g_autofree char *upper_first = eb_turkish_upper (first);

      return g_strconcat (upper_first, rest, NULL);
    }

  return g_strdup (lower);
}

/**
 * eb_find_ascii_slips:
 * @text: (nullable): what was typed
 *
 * Finds the words of @text that are common Turkish words written with plain
 * Latin letters ("Mudurlugu", "ILCE", "Egitim"). A hint, not a check: the
 * text is fine to send either way.
 *
 * Returns: (transfer full) (element-type EbAsciiSlip): the slips in order,
 *   possibly none
 */
GPtrArray *
eb_find_ascii_slips (const char *text)
{
  GPtrArray *slips = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_ascii_slip_free);
  GHashTable *table = word_table ();
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return slips;

  p = text;
  while (*p != '\0')
    {
      const char *start;
      g_autofree char *word = NULL;
      g_autofree char *key = NULL;
      g_autofree char *lower = NULL;
      const char *turkish;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      word = g_strndup (start, (gsize) (p - start));
      key = eb_turkish_search_key (word);
      turkish = g_hash_table_lookup (table, key);
      if (turkish == NULL)
        continue;

      /* Typed right, in any case: "MÜDÜRLÜĞÜ" is not a slip. Compared in
       * capitals, where "ILCE" and "İLÇE" differ only by the letters. */
      lower = eb_turkish_lower (word);
      {
        g_autofree char *typed_upper = eb_turkish_upper (word);
        g_autofree char *right_upper = eb_turkish_upper (turkish);

        if (strcmp (typed_upper, right_upper) == 0)
          continue;
      }

      {
        EbAsciiSlip *slip = g_new0 (EbAsciiSlip, 1);

        slip->start = (gsize) (start - text);
        slip->length = (gsize) (p - start);
        slip->typed = g_steal_pointer (&word);
        slip->suggestion = in_typed_case (slip->typed, turkish);
        g_ptr_array_add (slips, slip);
      }
    }

  return slips;
}

/**
 * eb_fix_ascii_slips:
 * @text: (nullable): what was typed
 *
 * Returns: (transfer full): @text with every slip eb_find_ascii_slips()
 *   finds replaced by its suggestion, the rest untouched
 */
char *
eb_fix_ascii_slips (const char *text)
{
  g_autoptr(GPtrArray) slips = eb_find_ascii_slips (text);
  GString *out;
  gsize at = 0;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (guint i = 0; i < slips->len; i++)
    {
      EbAsciiSlip *slip = g_ptr_array_index (slips, i);

      g_string_append_len (out, text + at, (gssize) (slip->start - at));
      g_string_append (out, slip->suggestion);
      at = slip->start + slip->length;
    }
  g_string_append (out, text + at);

  return g_string_free (out, FALSE);
}
