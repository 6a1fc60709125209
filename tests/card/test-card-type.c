/* test-card-type.c — the ATR table: every AKİS family, other cards, broken ATRs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "eb-card-type.h"

typedef struct
{
  const char *atr;
  EbCardType type;
  const char *module;
} Case;

static void
check_cases (const Case *cases,
             gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      const EbCardTypeInfo *info = eb_card_type_identify_hex (cases[i].atr);

      g_test_message ("%s -> %s", cases[i].atr, info->name ? info->name : "(unknown)");
      g_assert_cmpint (info->type, ==, cases[i].type);
      g_assert_cmpstr (info->pkcs11_module, ==, cases[i].module);
      g_assert_cmpstr (eb_card_type_get_module (info->type), ==,
                       info->type == EB_CARD_TYPE_UNKNOWN ? "opensc-pkcs11.so" : cases[i].module);
    }
}

static void
test_akis (void)
{
  static const Case cases[] = {
    /* v1.0, the one ATR OpenSC 0.23 knows. */
    { "3BBA11008131FE4D55454B41452056312E30AE", EB_CARD_TYPE_AKIS_1_0, "libakisp11.so" },
    /* v1.2 to v1.3 (smartcard_list.txt). */
    { "3B9F968131FE45806755454B41451212318073B3A180EA", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F968131FE45806755454B41451252318073B3A180AA", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F968131FE45806755454B41451253318073B3A180AB", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F968131FE45806755454B41451292318073B3A1806A", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F968131FE45806755454B41451293318073B3A1806B", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    /* The rest of the UEKAE family: other versions, other TA1. */
    { "3B9F968131FE45806755454B41451112318073B3A180E9", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F968131FE45806755454B41451312318073B3A180EB", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F158131FE45806755454B41451221318073B3A1805A", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    { "3B9F138131FE45806755454B41451261318073B3A1801C", EB_CARD_TYPE_AKIS_1_X, "libakisp11.so" },
    /* The "TC" family. */
    { "3B9F978131FE4580655443D3230231C073F62180810552", EB_CARD_TYPE_AKIS_TC, "libakisp11.so" },
    { "3B9F968131FE458065544320201231C073F621808105B3", EB_CARD_TYPE_AKIS_TC, "libakisp11.so" },
    { "3B9F978131FE458065544312210031C073F62180810593", EB_CARD_TYPE_AKIS_TC, "libakisp11.so" },
    { "3B9F968131FE4580655443D2210831C073F6218081055A", EB_CARD_TYPE_AKIS_TC, "libakisp11.so" },
    /* Separators and lower case are fine. */
    { "3b:ba:11:00:81:31:fe:4d:55:45:4b:41:45:20:56:31:2e:30:ae", EB_CARD_TYPE_AKIS_1_0,
      "libakisp11.so" },
    { "3B 9F 97 81 31 FE 45 80 65 54 43 D3 23 02 31 C0 73 F6 21 80 81 05 52",
      EB_CARD_TYPE_AKIS_TC, "libakisp11.so" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
  g_assert_true (eb_card_type_is_akis (EB_CARD_TYPE_AKIS_1_0));
  g_assert_true (eb_card_type_is_akis (EB_CARD_TYPE_AKIS_1_X));
  g_assert_true (eb_card_type_is_akis (EB_CARD_TYPE_AKIS_TC));
  g_assert_false (eb_card_type_is_akis (EB_CARD_TYPE_UNKNOWN));
}

static void
test_not_akis (void)
{
  static const Case cases[] = {
    /* Known cards that are not Kamu SM's. */
    { "3BDA18FF81B1FE751F030031C573C001400090000C", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3BF81300008131FE15597562696B657934D4", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3B7F96000080318065B0846160FB120FFD829000", EB_CARD_TYPE_UNKNOWN, "libeTPkcs11.so" },
    { "3BBB1800C01031FE4580670412B00303000081053C", EB_CARD_TYPE_UNKNOWN, "libaetpkss.so" },
    { "3B9F958131FE9F006646530501001171DF00001234ABCD", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    /* Cards nobody listed: a SIM, a bank card. */
    { "3B9F96801FC78031E073FE211B6407548100829000E3", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3B6800000073C84013009000", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    /* Near misses: one AKİS byte changed, the v1.0 ATR cut short or extended. */
    { "3BBA11008131FE4D55454B41452056312E31AF", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3BBA11008131FE4D55454B41452056312E30", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3BBA11008131FE4D55454B41452056312E30AE00", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3B9F968131FE45806755454B41451252318073B3A181AA", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3B9F978131FE4580655444D3230231C073F62180810552", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    /* Garbage. */
    { "3B", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "not hex", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    { "3B9", EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
    /* Longer than any ATR can be. */
    { "3BFF" "0000000000000000000000000000000000" "0000000000000000000000000000000000",
      EB_CARD_TYPE_UNKNOWN, "opensc-pkcs11.so" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_no_atr (void)
{
  const EbCardTypeInfo *info;

  /* A card present that did not answer. */
  info = eb_card_type_identify (NULL, 0);
  g_assert_cmpint (info->type, ==, EB_CARD_TYPE_UNRESPONSIVE);
  g_assert_null (info->pkcs11_module);
  info = eb_card_type_identify_hex ("");
  g_assert_cmpint (info->type, ==, EB_CARD_TYPE_UNRESPONSIVE);
  g_assert_null (eb_card_type_get_module (EB_CARD_TYPE_NONE));
}

static void
test_historical_bytes (void)
{
  g_autoptr(GBytes) atr = eb_atr_from_hex ("3B9F978131FE4580655443D3230231C073F62180810552");
  const guint8 *data = g_bytes_get_data (atr, NULL);
  gsize offset = 0;
  gsize len = 0;
  g_autofree char *hist = NULL;

  g_assert_true (eb_atr_get_historical_bytes (data, g_bytes_get_size (atr), &offset, &len));
  hist = eb_atr_to_hex (data + offset, len);
  g_assert_cmpstr (hist, ==, "80655443D3230231C073F621808105");

  /* v1.0: TA1 TB1 TD1, TD2, TA3 TB3, then "UEKAE V1.0". */
  g_clear_pointer (&atr, g_bytes_unref);
  atr = eb_atr_from_hex ("3BBA11008131FE4D55454B41452056312E30AE");
  data = g_bytes_get_data (atr, NULL);
  g_assert_true (eb_atr_get_historical_bytes (data, g_bytes_get_size (atr), &offset, &len));
  g_assert_cmpmem (data + offset, len, "UEKAE V1.0", 10);

  /* Format bytes promising more than there is. */
  g_clear_pointer (&atr, g_bytes_unref);
  atr = eb_atr_from_hex ("3BFF9681");
  data = g_bytes_get_data (atr, NULL);
  g_assert_false (eb_atr_get_historical_bytes (data, g_bytes_get_size (atr), &offset, &len));
  g_assert_false (eb_atr_get_historical_bytes (data, 1, &offset, &len));
}

static void
test_hex (void)
{
  static const guint8 atr[] = { 0x3B, 0xBA, 0x0F };
  g_autofree char *hex = eb_atr_to_hex (atr, sizeof atr);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpstr (hex, ==, "3BBA0F");
  bytes = eb_atr_from_hex ("3b ba:0f");
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), atr, sizeof atr);
  g_assert_null (eb_atr_from_hex ("3 B"));
  g_assert_null (eb_atr_from_hex (""));
  g_assert_null (eb_atr_from_hex ("GG"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/card/atr/akis", test_akis);
  g_test_add_func ("/card/atr/not-akis", test_not_akis);
  g_test_add_func ("/card/atr/no-atr", test_no_atr);
  g_test_add_func ("/card/atr/historical-bytes", test_historical_bytes);
  g_test_add_func ("/card/atr/hex", test_hex);

  return g_test_run ();
}
