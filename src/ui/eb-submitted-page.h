/* eb-submitted-page.h — the application number and what comes next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_SUBMITTED_PAGE (eb_submitted_page_get_type ())

G_DECLARE_FINAL_TYPE (EbSubmittedPage, eb_submitted_page, EB, SUBMITTED_PAGE, EbPage)

GBytes *eb_submitted_page_get_kept_form (EbSubmittedPage *self);

G_END_DECLS
