/* eb-card-type.h — which card is in the reader, from its ATR
 *
 * A table of ATR patterns (see eb-card-type.c for the source of each) tells
 * AKİS cards, which need Kamu SM's libakisp11.so, from everything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest ATR ISO 7816-3 allows (and pcsc-lite's MAX_ATR_SIZE). */
#define EB_ATR_MAX_LENGTH 33

typedef enum
{
  EB_CARD_TYPE_NONE,          /* no card in the reader */
  EB_CARD_TYPE_UNRESPONSIVE,  /* a card is there but gave no ATR (upside down, dirty, dead) */
  EB_CARD_TYPE_UNKNOWN,       /* not an AKİS card: another card, recognised or not */
  EB_CARD_TYPE_AKIS_1_0,      /* AKİS v1.0, "UEKAE V1.0" in the historical bytes */
  EB_CARD_TYPE_AKIS_1_X,      /* AKİS v1.1–v1.3, "UEKAE" family */
  EB_CARD_TYPE_AKIS_TC,       /* newer AKİS, "TC" family (2020 onwards) */
} EbCardType;

/* One row of the table. */
typedef struct
{
  EbCardType  type;
  const char *name;           /* product name, not translated */
  const char *pkcs11_module;  /* file name of the module it needs */
} EbCardTypeInfo;

const EbCardTypeInfo *eb_card_type_identify        (const guint8 *atr,
                                                    gsize         atr_len);
const EbCardTypeInfo *eb_card_type_identify_hex    (const char   *atr_hex);
gboolean              eb_card_type_is_akis         (EbCardType    type);
const char           *eb_card_type_get_module      (EbCardType    type);

char                 *eb_atr_to_hex                (const guint8 *atr,
                                                    gsize         atr_len);
GBytes               *eb_atr_from_hex              (const char   *hex);
gboolean              eb_atr_get_historical_bytes  (const guint8 *atr,
                                                    gsize         atr_len,
                                                    gsize        *offset,
                                                    gsize        *length);

G_END_DECLS
