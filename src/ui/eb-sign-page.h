/* eb-sign-page.h — Yöntem 2: sign the issued form with the card, send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_SIGN_PAGE (eb_sign_page_get_type ())

G_DECLARE_FINAL_TYPE (EbSignPage, eb_sign_page, EB, SIGN_PAGE, EbPage)

G_END_DECLS
