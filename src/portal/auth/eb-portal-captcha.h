/* eb-portal-captcha.h — captcha answers and their pictures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* No look-alikes: no i, j, l, o, q, g, 0, 1, 9. */
#define EB_CAPTCHA_ALPHABET "abcdefhkmnprstuvwxyz2345678"
#define EB_CAPTCHA_LENGTH   5
#define EB_CAPTCHA_WIDTH    220
#define EB_CAPTCHA_HEIGHT   70

char     *eb_portal_captcha_new_answer   (void);
GBytes   *eb_portal_captcha_render       (const char *answer,
                                          GError    **error);
char     *eb_portal_captcha_fold_answer  (const char *answer);

G_END_DECLS
