/* eb-card-type.c — the ATR table: AKİS cards apart from everything else
 *
 * OpenSC 0.23 knows only the oldest AKİS ATR, so the app cannot ask OpenSC
 * which card it has; this table answers instead, and says which PKCS#11
 * module the card needs. Patterns use one '.' per wildcard nibble, like
 * pcsc-tools' smartcard_list.txt, and match either the whole ATR or only its
 * historical bytes (which is how TÜBİTAK's own MA3 API matches card families:
 * the interface bytes vary with the chip, the historical bytes do not).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-card-type.h"

#define AKIS_MODULE   "libakisp11.so"
#define OPENSC_MODULE "opensc-pkcs11.so"

typedef enum
{
  MATCH_ATR,         /* the pattern covers the whole ATR, TCK included */
  MATCH_HISTORICAL,  /* the pattern covers the historical bytes only */
} MatchKind;

typedef struct
{
  MatchKind      kind;
  const char    *pattern;
  EbCardTypeInfo info;
} AtrEntry;

/* First match wins: specific entries before families. */
static const AtrEntry atr_table[] = {
  /* AKİS v1.0 ("UEKAE V1.0"). Source: pcsc-tools smartcard_list.txt
   * ("AKİS v1.0 on infineon") and OpenSC 0.23 src/libopensc/card-akis.c,
   * whose driver is among the disabled "old" ones. */
  { MATCH_ATR, "3B BA 11 00 81 31 FE 4D 55 45 4B 41 45 20 56 31 2E 30 AE",
    { EB_CARD_TYPE_AKIS_1_0, "AKİS v1.0", AKIS_MODULE } },

  /* AKİS v1.2 to v1.3: byte 15 is the version and chip (12 = v1.2 NXP,
   * 52/53 = v1.2.1 Infineon/NXP, 92 = v1.2.2, 93 = v1.3), the last the TCK.
   * Source: pcsc-tools smartcard_list.txt, "AKiS v1.2 on nxp chip" to
   * "AKiS v1.3 on infineon chip". */
  { MATCH_ATR, "3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 .. 31 80 73 B3 A1 80 ..",
    { EB_CARD_TYPE_AKIS_1_X, "AKİS v1.2–v1.3", AKIS_MODULE } },

  /* The whole "UEKAE" family, other versions (11xx, 13xx) and chips with
   * other TA1 (13, 15; smartcard_list.txt names some "UKiS 1.2.1").
   * Source: TÜBİTAK MA3 API smartcard-config.xml, regular expression
   * 806755454B4145....318073B3A180 on the historical bytes. */
  { MATCH_HISTORICAL, "80 67 55 45 4B 41 45 .. .. 31 80 73 B3 A1 80",
    { EB_CARD_TYPE_AKIS_1_X, "AKİS (UEKAE)", AKIS_MODULE } },

  /* Newer AKİS cards, the "TC" family, e.g.
   * 3B9F978131FE4580655443D3230231C073F62180810552. The same chips carry the
   * T.C. Kimlik Kartı, so this ATR alone does not prove an e-signature card:
   * the token's certificates do. Source: TÜBİTAK MA3 API
   * smartcard-config.xml, regular expression 80655443......31C073F6218081..
   * on the historical bytes. */
  { MATCH_HISTORICAL, "80 65 54 43 .. .. .. 31 C0 73 F6 21 80 81 ..",
    { EB_CARD_TYPE_AKIS_TC, "AKİS (TC)", AKIS_MODULE } },

  /* Cards people have at hand and may insert by mistake. They are not
   * Kamu SM cards, so they count as unknown, but naming them helps. */

  /* Source: OpenSC 0.23 src/libopensc/card-openpgp.c, pgp_atrs[]. */
  { MATCH_ATR, "3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C",
    { EB_CARD_TYPE_UNKNOWN, "OpenPGP card v2", OPENSC_MODULE } },
  { MATCH_ATR, "3B DA 18 FF 81 B1 FE 75 1F 03 00 31 F5 73 C0 01 60 00 90 00 1C",
    { EB_CARD_TYPE_UNKNOWN, "OpenPGP card v3", OPENSC_MODULE } },
  { MATCH_ATR, "3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4",
    { EB_CARD_TYPE_UNKNOWN, "YubiKey 4", OPENSC_MODULE } },
  { MATCH_ATR, "3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40",
    { EB_CARD_TYPE_UNKNOWN, "YubiKey 5", OPENSC_MODULE } },

  /* Source: pcsc-tools smartcard_list.txt, "Feitian ePass2003 token". */
  { MATCH_ATR, "3B 9F 95 81 31 FE 9F 00 66 46 53 05 01 00 11 71 DF 00 00 .. .. .. ..",
    { EB_CARD_TYPE_UNKNOWN, "Feitian ePass2003", OPENSC_MODULE } },

  /* Tokens of other Turkish certificate providers. Source: TÜBİTAK MA3 API
   * smartcard-config.xml (card types ALADDIN, module eTPKCS11, and SAFESIGN,
   * module aetpkss1). */
  { MATCH_ATR, "3B 7F 96 00 00 80 31 80 65 B0 84 61 60 FB 12 0F FD 82 90 00",
    { EB_CARD_TYPE_UNKNOWN, "SafeNet eToken (Aladdin)", "libeTPkcs11.so" } },
  { MATCH_ATR, "3B BB 18 00 C0 10 31 FE 45 80 67 04 12 B0 03 03 00 00 81 05 3C",
    { EB_CARD_TYPE_UNKNOWN, "SafeSign", "libaetpkss.so" } },
};

/* Not in the table: OpenSC knows many cards, so it is the best guess. */
static const EbCardTypeInfo unknown_info = { EB_CARD_TYPE_UNKNOWN, NULL, OPENSC_MODULE };
static const EbCardTypeInfo unresponsive_info = { EB_CARD_TYPE_UNRESPONSIVE, NULL, NULL };

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Does @pattern (hex nibbles, '.' for any, spaces ignored) cover exactly @len bytes of @data? */
static gboolean
pattern_matches (const char   *pattern,
                 const guint8 *data,
                 gsize         len)
{
  gsize nibble = 0;

  for (const char *p = pattern; *p; p++)
    {
      guint8 actual;

      if (*p == ' ')
        continue;
      if (nibble / 2 >= len)
        return FALSE;

      actual = (nibble % 2 == 0) ? data[nibble / 2] >> 4 : data[nibble / 2] & 0x0f;
      if (*p != '.' && hex_value (*p) != actual)
        return FALSE;
      nibble++;
    }

  return nibble == len * 2;
}

/**
 * eb_atr_get_historical_bytes:
 * @atr: an ATR
 * @atr_len: its length
 * @offset: (out): where the historical bytes start
 * @length: (out): how many there are
 *
 * Walks the interface bytes (ISO/IEC 7816-3 §8.2) to find the historical bytes.
 *
 * Returns: %FALSE if @atr is too short for what its own format bytes announce
 */
gboolean
eb_atr_get_historical_bytes (const guint8 *atr,
                             gsize         atr_len,
                             gsize        *offset,
                             gsize        *length)
{
  gsize pos;
  guint8 y;
  gsize k;

  g_return_val_if_fail (offset != NULL && length != NULL, FALSE);

  if (atr == NULL || atr_len < 2 || (atr[0] != 0x3B && atr[0] != 0x3F))
    return FALSE;

  k = atr[1] & 0x0f;
  y = atr[1] >> 4;
  pos = 2;
  while (TRUE)
    {
      gboolean has_td = (y & 0x8) != 0;

      /* TAi, TBi, TCi, TDi are present as bits 5 to 8 of the format byte say. */
      pos += ((y & 0x1) != 0) + ((y & 0x2) != 0) + ((y & 0x4) != 0);
      if (!has_td)
        break;
      if (pos >= atr_len)
        return FALSE;
      y = atr[pos] >> 4;
      pos++;
    }

  if (pos + k > atr_len)
    return FALSE;

  *offset = pos;
  *length = k;
  return TRUE;
}

/**
 * eb_card_type_identify:
 * @atr: (nullable): the ATR the card answered with
 * @atr_len: its length; 0 for a card that did not answer
 *
 * Returns: (transfer none): the table row for the card; never %NULL. Its
 *   @name is %NULL when the card is not in the table.
 */
const EbCardTypeInfo *
eb_card_type_identify (const guint8 *atr,
                       gsize         atr_len)
{
  gsize hist_offset = 0;
  gsize hist_len = 0;
  gboolean has_hist;

  if (atr == NULL || atr_len == 0)
    return &unresponsive_info;

  has_hist = eb_atr_get_historical_bytes (atr, atr_len, &hist_offset, &hist_len);

  for (gsize i = 0; i < G_N_ELEMENTS (atr_table); i++)
    {
      const AtrEntry *entry = &atr_table[i];

      if (entry->kind == MATCH_ATR && pattern_matches (entry->pattern, atr, atr_len))
        return &entry->info;
      if (entry->kind == MATCH_HISTORICAL && has_hist &&
          pattern_matches (entry->pattern, atr + hist_offset, hist_len))
        return &entry->info;
    }

  return &unknown_info;
}

/**
 * eb_card_type_identify_hex:
 * @atr_hex: (nullable): the ATR in hex; spaces and colons are allowed
 *
 * Returns: (transfer none): as eb_card_type_identify(); an unparsable
 *   string counts as an unknown card.
 */
const EbCardTypeInfo *
eb_card_type_identify_hex (const char *atr_hex)
{
  g_autoptr(GBytes) atr = NULL;

  if (atr_hex == NULL || *atr_hex == '\0')
    return &unresponsive_info;

  atr = eb_atr_from_hex (atr_hex);
  if (atr == NULL)
    return &unknown_info;

  return eb_card_type_identify (g_bytes_get_data (atr, NULL), g_bytes_get_size (atr));
}

gboolean
eb_card_type_is_akis (EbCardType type)
{
  return type == EB_CARD_TYPE_AKIS_1_0 ||
         type == EB_CARD_TYPE_AKIS_1_X ||
         type == EB_CARD_TYPE_AKIS_TC;
}

/**
 * eb_card_type_get_module:
 * @type: a card type
 *
 * Returns: (nullable): the file name of the PKCS#11 module a card of this
 *   type needs; %NULL when there is no card to talk to
 */
const char *
eb_card_type_get_module (EbCardType type)
{
  switch (type)
    {
    case EB_CARD_TYPE_AKIS_1_0:
    case EB_CARD_TYPE_AKIS_1_X:
    case EB_CARD_TYPE_AKIS_TC:
      return AKIS_MODULE;
    case EB_CARD_TYPE_UNKNOWN:
      return OPENSC_MODULE;
    case EB_CARD_TYPE_NONE:
    case EB_CARD_TYPE_UNRESPONSIVE:
    default:
      return NULL;
    }
}

/**
 * eb_atr_to_hex:
 *
 * Returns: (transfer full): @atr as upper-case hex without separators,
 *   the form the ATR tables use
 */
char *
eb_atr_to_hex (const guint8 *atr,
               gsize         atr_len)
{
  static const char digits[] = "0123456789ABCDEF";
  char *hex = g_malloc (atr_len * 2 + 1);

  for (gsize i = 0; i < atr_len; i++)
    {
      hex[2 * i] = digits[atr[i] >> 4];
      hex[2 * i + 1] = digits[atr[i] & 0x0f];
    }
  hex[atr_len * 2] = '\0';

  return hex;
}

/**
 * eb_atr_from_hex:
 * @hex: hex digits; spaces and colons between bytes are allowed
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL if @hex is not
 *   an even number of hex digits or longer than an ATR can be
 */
GBytes *
eb_atr_from_hex (const char *hex)
{
  guint8 buf[EB_ATR_MAX_LENGTH];
  gsize len = 0;
  int high = -1;

  g_return_val_if_fail (hex != NULL, NULL);

  for (const char *p = hex; *p; p++)
    {
      int v;

      if (*p == ' ' || *p == ':')
        {
          if (high >= 0)
            return NULL;
          continue;
        }
      v = hex_value (*p);
      if (v < 0)
        return NULL;
      if (high < 0)
        {
          high = v;
          continue;
        }
      if (len == sizeof buf)
        return NULL;
      buf[len++] = (guint8) ((high << 4) | v);
      high = -1;
    }

  if (high >= 0 || len == 0)
    return NULL;

  return g_bytes_new (buf, len);
}
