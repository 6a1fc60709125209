/* eb-session.h — what the wizard's pages share: the form, the store, the draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-application-form.h"
#include "eb-store.h"

G_BEGIN_DECLS

#define EB_TYPE_SESSION (eb_session_get_type ())

G_DECLARE_FINAL_TYPE (EbSession, eb_session, EB, SESSION, GObject)

EbSession         *eb_session_new                (EbStore     *store);
EbApplicationForm *eb_session_get_form           (EbSession   *self);
EbStore           *eb_session_get_store          (EbSession   *self);
gboolean           eb_session_get_draft_restored (EbSession   *self);
gboolean           eb_session_restore_draft      (EbSession   *self,
                                                  GError     **error);
gboolean           eb_session_flush_draft        (EbSession   *self,
                                                  GError     **error);
gboolean           eb_session_discard_draft      (EbSession   *self,
                                                  GError     **error);

G_END_DECLS
