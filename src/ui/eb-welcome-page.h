/* eb-welcome-page.h — what the procedure is, before it starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_WELCOME_PAGE (eb_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (EbWelcomePage, eb_welcome_page, EB, WELCOME_PAGE, EbPage)

G_END_DECLS
