/* eb-window.h — the main window: the wizard with its pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "eb-assistant.h"
#include "eb-session.h"
#include "eb-signing-card.h"

G_BEGIN_DECLS

#define EB_TYPE_WINDOW (eb_window_get_type ())

G_DECLARE_FINAL_TYPE (EbWindow, eb_window, EB, WINDOW, AdwApplicationWindow)

EbWindow    *eb_window_new           (GtkApplication *application,
                                      EbSession      *session,
                                      EbSigningCard  *signing_card);
EbAssistant *eb_window_get_assistant (EbWindow       *self);
void         eb_window_show_phone_message (EbWindow   *self,
                                      const char     *number,
                                      const char     *text);
const char  *eb_window_get_phone_message  (EbWindow   *self);
void         eb_window_close_without_asking (EbWindow *self);

G_END_DECLS
