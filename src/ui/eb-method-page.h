/* eb-method-page.h — Yöntem 1 (wet-signed) or Yöntem 2 (e-signed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_METHOD_PAGE (eb_method_page_get_type ())

G_DECLARE_FINAL_TYPE (EbMethodPage, eb_method_page, EB, METHOD_PAGE, EbPage)

G_END_DECLS
