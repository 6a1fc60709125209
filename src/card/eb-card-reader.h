/* eb-card-reader.h — one PC/SC reader as EbPcscMonitor last saw it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-card-type.h"

G_BEGIN_DECLS

#define EB_TYPE_CARD_READER (eb_card_reader_get_type ())

G_DECLARE_FINAL_TYPE (EbCardReader, eb_card_reader, EB, CARD_READER, GObject)

EbCardReader *eb_card_reader_new               (const char   *name);
const char   *eb_card_reader_get_name          (EbCardReader *self);
gboolean      eb_card_reader_get_has_card      (EbCardReader *self);
const char   *eb_card_reader_get_atr           (EbCardReader *self);
EbCardType    eb_card_reader_get_card_type     (EbCardReader *self);
const char   *eb_card_reader_get_card_name     (EbCardReader *self);
const char   *eb_card_reader_get_pkcs11_module (EbCardReader *self);

/* For EbPcscMonitor: readers are read-only to everybody else. */
void          eb_card_reader_set_card          (EbCardReader *self,
                                                gboolean      has_card,
                                                const guint8 *atr,
                                                gsize         atr_len);

G_END_DECLS
