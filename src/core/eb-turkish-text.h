/* eb-turkish-text.h — Turkish text rules that must not depend on the process locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *eb_turkish_upper          (const char *text);
char     *eb_turkish_lower          (const char *text);
char     *eb_turkish_collapse_space (const char *text);
int       eb_turkish_collate        (const char *a,
                                     const char *b);
gboolean  eb_turkish_equal_ci       (const char *a,
                                     const char *b);
char     *eb_turkish_fold           (const char *text);
gboolean  eb_turkish_equal_folded   (const char *a,
                                     const char *b);
gboolean  eb_turkish_has_prefix_ci  (const char *text,
                                     const char *prefix);
GDateTime *eb_turkish_time          (GDateTime  *time);
char     *eb_turkish_format_date    (GDateTime  *date);
char     *eb_turkish_search_key     (const char *text);
gboolean  eb_turkish_search_match   (const char *key,
                                     const char *query);

G_END_DECLS
