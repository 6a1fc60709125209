/* eb-draft-autosave.h — saves the form as a draft while the user types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "eb-application-form.h"
#include "eb-store.h"

G_BEGIN_DECLS

#define EB_TYPE_DRAFT_AUTOSAVE (eb_draft_autosave_get_type ())

G_DECLARE_FINAL_TYPE (EbDraftAutosave, eb_draft_autosave, EB, DRAFT_AUTOSAVE, GObject)

EbDraftAutosave *eb_draft_autosave_new         (EbStore            *store,
                                                EbApplicationForm  *form,
                                                guint               delay_ms);
gboolean         eb_draft_autosave_get_pending (EbDraftAutosave    *self);
gboolean         eb_draft_autosave_flush       (EbDraftAutosave    *self,
                                                GError            **error);

G_END_DECLS
