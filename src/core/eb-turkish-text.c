/* eb-turkish-text.c — Turkish text rules that must not depend on the process locale
 *
 * GLib's case mapping follows LC_CTYPE, and a fresh machine only has C locales,
 * so the dotted/dotless i pairs are mapped here explicitly: i↔İ, ı↔I.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "eb-turkish-text.h"

#define CAPITAL_I_WITH_DOT 0x0130 /* İ */
#define SMALL_DOTLESS_I    0x0131 /* ı */

static gunichar
turkish_toupper (gunichar c)
{
  switch (c)
    {
    case 'i':
      return CAPITAL_I_WITH_DOT;
    case SMALL_DOTLESS_I:
      return 'I';
    default:
      return g_unichar_toupper (c);
    }
}

static gunichar
turkish_tolower (gunichar c)
{
  switch (c)
    {
    case 'I':
      return SMALL_DOTLESS_I;
    case CAPITAL_I_WITH_DOT:
      return 'i';
    default:
      return g_unichar_tolower (c);
    }
}

static char *
map_chars (const char *text,
           gunichar (*map) (gunichar))
{
  g_autofree char *composed = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  /* Compose first so that "i" + COMBINING DOT ABOVE and friends map as one letter. */
  composed = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  out = g_string_sized_new (strlen (composed) + 8);
  for (const char *p = composed; *p; p = g_utf8_next_char (p))
    g_string_append_unichar (out, map (g_utf8_get_char (p)));

  return g_string_free (out, FALSE);
}

/**
 * eb_turkish_upper:
 * @text: valid UTF-8
 *
 * Returns: (transfer full): @text in capitals by Turkish rules (i→İ, ı→I),
 *   whatever the process locale is.
 */
char *
eb_turkish_upper (const char *text)
{
  return map_chars (text, turkish_toupper);
}

/**
 * eb_turkish_lower:
 * @text: valid UTF-8
 *
 * Returns: (transfer full): @text in small letters by Turkish rules (I→ı, İ→i).
 */
char *
eb_turkish_lower (const char *text)
{
  return map_chars (text, turkish_tolower);
}

/**
 * eb_turkish_collapse_space:
 * @text: valid UTF-8
 *
 * Returns: (transfer full): @text trimmed, with every run of white space
 *   (including no-break spaces pasted from web pages) made one ASCII space.
 */
char *
eb_turkish_collapse_space (const char *text)
{
  GString *out;
  gboolean pending_space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Position of a letter in the Turkish alphabet order; letters outside it sort
 * after, by code point. ç after c, ğ after g, ı before i, ö after o, ş after s,
 * ü after u. Upper and lower case share a rank so the order is case-blind. */
static guint
turkish_rank (gunichar c)
{
  static const char alphabet[] = "abcçdefgğhıijklmnoöprsştuüvyzqwx";
  gunichar lower = turkish_tolower (c);
  guint rank = 0;

  for (const char *p = alphabet; *p; p = g_utf8_next_char (p), rank++)
    if (g_utf8_get_char (p) == lower)
      return 0x10000 + rank;

  if (g_unichar_isdigit (c))
    return 0x8000 + (guint) g_unichar_digit_value (c);

  return 0x20000 + lower;
}

/**
 * eb_turkish_collate:
 *
 * Compares two strings in Turkish alphabetical order, ignoring case, so that
 * lists of provinces and districts read the way a Turkish user expects.
 */
int
eb_turkish_collate (const char *a,
                    const char *b)
{
  g_autofree char *na = g_utf8_normalize (a, -1, G_NORMALIZE_NFC);
  g_autofree char *nb = g_utf8_normalize (b, -1, G_NORMALIZE_NFC);
  const char *pa = na;
  const char *pb = nb;

  while (*pa && *pb)
    {
      guint ra = turkish_rank (g_utf8_get_char (pa));
      guint rb = turkish_rank (g_utf8_get_char (pb));

      if (ra != rb)
        return ra < rb ? -1 : 1;
      pa = g_utf8_next_char (pa);
      pb = g_utf8_next_char (pb);
    }

  if (*pa == *pb)
    return g_strcmp0 (na, nb);
  return *pa ? 1 : -1;
}

/**
 * eb_turkish_equal_ci:
 *
 * Returns: whether @a and @b are the same text ignoring case by Turkish rules
 *   and surrounding or repeated white space.
 */
gboolean
eb_turkish_equal_ci (const char *a,
                     const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  g_autofree char *ua = NULL;
  g_autofree char *ub = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  ca = eb_turkish_collapse_space (a);
  cb = eb_turkish_collapse_space (b);
  ua = eb_turkish_upper (ca);
  ub = eb_turkish_upper (cb);
  return g_strcmp0 (ua, ub) == 0;
}

/**
 * eb_turkish_fold:
 *
 * The common form of @text that a keyboard without Turkish letters gives:
 * white space trimmed and collapsed, lower case by Turkish rules, then the
 * letters only Turkish has to their plain Latin look-alikes (ç→c, ğ→g,
 * ı→i, ö→o, ş→s, ü→u, and İ/I both to i), as eb_turkish_search_key() does.
 * Nothing else changes: digits, hyphens and apostrophes stay as they are,
 * so texts that differ in anything but those letters stay different.
 *
 * Returns: (transfer full): the folded text
 */
char *
eb_turkish_fold (const char *text)
{
  g_autofree char *collapsed = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  collapsed = eb_turkish_collapse_space (text);
  return eb_turkish_search_key (collapsed);
}

/**
 * eb_turkish_equal_folded:
 *
 * Returns: whether @a and @b have the same eb_turkish_fold(): "bulanik"
 *   and "BULANIK", "Sukru" and "ŞÜKRÜ"; never "ALİ" and "ALP".
 */
gboolean
eb_turkish_equal_folded (const char *a,
                         const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  fa = eb_turkish_fold (a);
  fb = eb_turkish_fold (b);
  return strcmp (fa, fb) == 0;
}

/**
 * eb_turkish_has_prefix_ci:
 *
 * Returns: whether @text starts with @prefix ignoring case by Turkish rules;
 *   used for type-ahead search in lists of places.
 */
gboolean
eb_turkish_has_prefix_ci (const char *text,
                          const char *prefix)
{
  g_autofree char *ut = NULL;
  g_autofree char *up = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (prefix != NULL, FALSE);

  ut = eb_turkish_upper (text);
  up = eb_turkish_upper (prefix);
  return g_str_has_prefix (ut, up);
}

/**
 * eb_turkish_time:
 * @time: any instant
 *
 * The same instant on Türkiye's clock (UTC+3 all year since 2016), which the
 * form and its signature show whatever zone this computer is set to.
 *
 * Returns: (transfer full): @time in Türkiye time
 */
GDateTime *
eb_turkish_time (GDateTime *time)
{
  g_autoptr(GTimeZone) turkey = g_time_zone_new_offset (3 * 60 * 60);

  g_return_val_if_fail (time != NULL, NULL);

  return g_date_time_to_timezone (time, turkey);
}

/**
 * eb_turkish_format_date:
 * @date: a date
 *
 * Formats @date as a Turkish user writes it in running text ("24 Kasım 2026")
 * when the interface is Turkish; month names come through gettext because the
 * machine may have no Turkish locale for strftime.
 *
 * Returns: (transfer full): the formatted date
 */
char *
eb_turkish_format_date (GDateTime *date)
{
  const char *months[] = {
    N_("January"), N_("February"), N_("March"), N_("April"),
    N_("May"), N_("June"), N_("July"), N_("August"),
    N_("September"), N_("October"), N_("November"), N_("December"),
  };
  int month;

  g_return_val_if_fail (date != NULL, NULL);

  month = g_date_time_get_month (date);
  /* TRANSLATORS: a date in running text: day, month name, year ("24 November 2026") */
  return g_strdup_printf (_("%1$d %2$s %3$d"),
                          g_date_time_get_day_of_month (date),
                          g_dgettext (GETTEXT_PACKAGE, months[month - 1]),
                          g_date_time_get_year (date));
}

/**
 * eb_turkish_search_key:
 *
 * Folds @text for type-ahead search: Turkish lower case, then the Turkish
 * letters to their plain Latin look-alikes (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u,
 * circumflexes dropped), because people search "mus" for Muş and "istanbul"
 * for İstanbul, often on keyboards without Turkish letters.
 *
 * Returns: (transfer full): the search key
 */
char *
eb_turkish_search_key (const char *text)
{
  g_autofree char *lower = eb_turkish_lower (text);
  GString *out = g_string_sized_new (strlen (lower));

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case 0x00E7: c = 'c'; break; /* ç */
        case 0x011F: c = 'g'; break; /* ğ */
        case 0x0131: c = 'i'; break; /* ı */
        case 0x00F6: c = 'o'; break; /* ö */
        case 0x015F: c = 's'; break; /* ş */
        case 0x00FC: c = 'u'; break; /* ü */
        case 0x00E2: c = 'a'; break; /* â */
        case 0x00EE: c = 'i'; break; /* î */
        case 0x00FB: c = 'u'; break; /* û */
        case 0x0307: continue;       /* the dot of a decomposed İ */
        default: break;
        }
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * eb_turkish_search_match:
 * @key: a key made by eb_turkish_search_key()
 * @query: what the user typed
 *
 * Returns: whether @query, folded the same way, starts a word of @key
 */
gboolean
eb_turkish_search_match (const char *key,
                         const char *query)
{
  g_autofree char *folded = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  if (query == NULL)
    return TRUE;

  trimmed = eb_turkish_collapse_space (query);
  if (*trimmed == '\0')
    return TRUE;

  /* Matches at the start of a word only, so "mus" finds Muş and not
   * Gümüşhane, and "ali" finds Ali Paşa but not Kemalpaşa. */
  folded = eb_turkish_search_key (trimmed);
  for (const char *p = strstr (key, folded); p != NULL; p = strstr (p + 1, folded))
    if (p == key || strchr (" -'(/", p[-1]) != NULL)
      return TRUE;

  return FALSE;
}
