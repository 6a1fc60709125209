/* eb-pcsc-private.h — PC/SC helpers shared by the monitor and the diagnostics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <winscard.h>

G_BEGIN_DECLS

/* pcsc-lite's reader for "tell me when readers come and go". */
#define EB_PCSC_PNP_READER "\\\\?PnP?\\Notification"

const char *eb_pcsc_rv_name            (LONG rv);
gboolean    eb_pcsc_rv_is_service_lost (LONG rv);
char      **eb_pcsc_list_readers       (SCARDCONTEXT context,
                                        LONG        *rv);

G_END_DECLS
