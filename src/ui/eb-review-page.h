/* eb-review-page.h — everything entered, on one page, before it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_REVIEW_PAGE (eb_review_page_get_type ())

G_DECLARE_FINAL_TYPE (EbReviewPage, eb_review_page, EB, REVIEW_PAGE, EbPage)

G_END_DECLS
