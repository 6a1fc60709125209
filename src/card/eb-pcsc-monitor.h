/* eb-pcsc-monitor.h — card readers and cards coming and going, from pcscd
 *
 * Signals (in the main context that created the monitor):
 *   reader-added   (EbCardReader *reader)
 *   reader-removed (EbCardReader *reader)
 *   card-inserted  (EbCardReader *reader, const char *atr_hex)
 *   card-removed   (EbCardReader *reader)
 * Properties: state (EbPcscState), service-running, service-error,
 * readers (GListModel of EbCardReader), uses-pnp. A reader already holding
 * a card is announced with reader-added, then card-inserted; when pcscd
 * goes away, every card and reader is removed first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-card-reader.h"

G_BEGIN_DECLS

/* What the user has to do next, roughly: start the service, plug in the
 * reader, insert the card. */
typedef enum
{
  EB_PCSC_STATE_STARTING,      /* not yet talked to pcscd */
  EB_PCSC_STATE_NO_SERVICE,    /* pcscd is not running (or died); retrying */
  EB_PCSC_STATE_NO_READER,     /* pcscd runs, no reader is plugged in */
  EB_PCSC_STATE_NO_CARD,       /* readers, none with a card */
  EB_PCSC_STATE_CARD_PRESENT,  /* at least one reader has a card */
  EB_PCSC_STATE_STOPPED,       /* eb_pcsc_monitor_stop() was called */
} EbPcscState;

#define EB_TYPE_PCSC_MONITOR (eb_pcsc_monitor_get_type ())

G_DECLARE_FINAL_TYPE (EbPcscMonitor, eb_pcsc_monitor, EB, PCSC_MONITOR, GObject)

EbPcscMonitor *eb_pcsc_monitor_new                  (void);
void           eb_pcsc_monitor_stop                 (EbPcscMonitor *self);

EbPcscState    eb_pcsc_monitor_get_state            (EbPcscMonitor *self);
gboolean       eb_pcsc_monitor_get_service_running  (EbPcscMonitor *self);
const char    *eb_pcsc_monitor_get_service_error    (EbPcscMonitor *self);
GListModel    *eb_pcsc_monitor_get_readers          (EbPcscMonitor *self);
EbCardReader  *eb_pcsc_monitor_find_reader          (EbPcscMonitor *self,
                                                     const char    *name);
gboolean       eb_pcsc_monitor_get_uses_pnp         (EbPcscMonitor *self);

G_END_DECLS
