/* eb-form-hints.h — help for free-text fields: usual job titles, and words
 * written without their Turkish letters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One word typed in ASCII for a Turkish word: "Mudurlugu" for "Müdürlüğü". */
typedef struct
{
  gsize  start;       /* byte offset of the word in the text */
  gsize  length;      /* its length in bytes */
  char  *typed;       /* the word as typed */
  char  *suggestion;  /* the word with its Turkish letters, in the typed case */
} EbAsciiSlip;

const char * const *eb_form_hints_job_titles (void);

GPtrArray          *eb_find_ascii_slips      (const char *text);
char               *eb_fix_ascii_slips       (const char *text);
void                eb_ascii_slip_free       (EbAsciiSlip *slip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbAsciiSlip, eb_ascii_slip_free)

G_END_DECLS
