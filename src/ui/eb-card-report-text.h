/* eb-card-report-text.h — the card diagnostics report, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eb-card-diagnostics.h"

G_BEGIN_DECLS

/* The one thing to say first, and the one action that helps. */
typedef struct
{
  EbCardFinding finding;  /* the finding said */
  gboolean problem;       /* something to put right (FALSE: all is well) */
  char *title;            /* the finding, in a few words */
  char *text;             /* what it means and what to do */
  char *command;          /* nullable: a command to type in a terminal */
  char *link;             /* nullable: a web page that helps */
  char *link_label;       /* nullable: the button that opens it */
} EbCardAdvice;

char         *eb_card_report_text_build (const EbCardReport *report);
EbCardAdvice *eb_card_advice_new        (const EbCardReport *report,
                                         gboolean            practice);
void          eb_card_advice_free       (EbCardAdvice       *advice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbCardAdvice, eb_card_advice_free)

G_END_DECLS
