/* eb-card-report-text.h — the card diagnostics report, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-card-diagnostics.h"

G_BEGIN_DECLS

char *eb_card_report_text_build (const EbCardReport *report);

G_END_DECLS
