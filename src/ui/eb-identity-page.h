/* eb-identity-page.h — the applicant's identity, as asked at the portal's login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-field-binding.h"
#include "eb-page.h"

G_BEGIN_DECLS

#define EB_TYPE_IDENTITY_PAGE (eb_identity_page_get_type ())

G_DECLARE_FINAL_TYPE (EbIdentityPage, eb_identity_page, EB, IDENTITY_PAGE, EbPage)

const char     *eb_identity_page_get_captcha_id    (EbIdentityPage *self);
EbFieldBinding *eb_identity_page_get_field_binding (EbIdentityPage *self);
GtkListBox     *eb_identity_page_get_place_suggestions (EbIdentityPage *self);

G_END_DECLS
