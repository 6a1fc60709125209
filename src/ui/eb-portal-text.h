/* eb-portal-text.h — portal errors in words a person reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *eb_portal_text_error        (const GError *error);
gboolean  eb_portal_text_is_retryable (const GError *error);
GError   *eb_portal_text_translate    (const GError *error);

G_END_DECLS
