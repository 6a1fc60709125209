/* eb-secret.h — a PIN in memory that is wiped when dropped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _EbSecret EbSecret;

#define EB_TYPE_SECRET (eb_secret_get_type ())

GType       eb_secret_get_type   (void) G_GNUC_CONST;
EbSecret   *eb_secret_new        (const char *text,
                                  gssize      len);
EbSecret   *eb_secret_ref        (EbSecret   *secret);
void        eb_secret_unref      (EbSecret   *secret);
const char *eb_secret_get_text   (EbSecret   *secret);
gsize       eb_secret_get_length (EbSecret   *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbSecret, eb_secret_unref)

G_END_DECLS
