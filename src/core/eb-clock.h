/* eb-clock.h — what time it is, and how many days a person counts until a date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *eb_clock_now            (void);
void       eb_clock_pin            (GDateTime *now);
gint       eb_clock_days_until     (GDateTime *until,
                                    GDateTime *now);

G_END_DECLS
