/* eb-procedure.c — the procedure's steps and the wizard's pages, one table
 *
 * The seed's order of the application, in the steps a person is told about
 * (the welcome page lists them) and the wizard's pages that make each step
 * (the window builds them in this order, the header counts "Step n of N"
 * from them). One table, so the two counts cannot disagree; adding a page
 * is a line here. Pages never refer to each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-document-page.h"
#include "eb-form-page.h"
#include "eb-identity-page.h"
#include "eb-method-page.h"
#include "eb-procedure.h"
#include "eb-sign-page.h"
#include "eb-sms-send-page.h"
#include "eb-sms-verify-page.h"
#include "eb-submitted-page.h"
#include "eb-welcome-page.h"

/* Step 0 is "before the steps", the welcome page. */
static const struct
{
  const char *title;
  const char *description;
} steps[] = {
  { NULL, NULL },
  { N_("Your identity"),
    N_("T.C. identity number, name, place and date of birth, checked against MEBBİS") },
  { N_("The application form"),
    N_("Institution, delivery address, contact details and a security word") },
  { N_("Phone verification"),
    N_("A code sent by SMS to your mobile phone, valid for 300 seconds") },
  { N_("Signing the form"),
    N_("On paper or with your e-signature card, see below") },
  { N_("Approval"),
    N_("The provincial MEB IT unit approves the application from your MEBBİS records; then your card is made and sent to you") },
};

static const struct
{
  GType (*get_type) (void);
  guint step;
} pages[] = {
  { eb_welcome_page_get_type, 0 },
  { eb_identity_page_get_type, 1 },
  { eb_form_page_get_type, 2 },
  { eb_sms_send_page_get_type, 3 },
  { eb_sms_verify_page_get_type, 3 },
  { eb_method_page_get_type, 4 },
  { eb_document_page_get_type, 4 },    /* Yöntem 1 */
  { eb_sign_page_get_type, 4 },        /* Yöntem 2 */
  { eb_submitted_page_get_type, 5 },
};

/**
 * eb_procedure_get_n_steps:
 *
 * Returns: how many steps the procedure has, as people are told
 */
guint
eb_procedure_get_n_steps (void)
{
  return G_N_ELEMENTS (steps) - 1;
}

/**
 * eb_procedure_get_step_title:
 * @step: from 1 to eb_procedure_get_n_steps()
 *
 * Returns: the step's name, translated
 */
const char *
eb_procedure_get_step_title (guint step)
{
  g_return_val_if_fail (step >= 1 && step < G_N_ELEMENTS (steps), NULL);

  return _(steps[step].title);
}

/**
 * eb_procedure_get_step_description:
 * @step: from 1 to eb_procedure_get_n_steps()
 *
 * Returns: what the step is about, translated
 */
const char *
eb_procedure_get_step_description (guint step)
{
  g_return_val_if_fail (step >= 1 && step < G_N_ELEMENTS (steps), NULL);

  return _(steps[step].description);
}

guint
eb_procedure_get_n_pages (void)
{
  return G_N_ELEMENTS (pages);
}

/**
 * eb_procedure_get_page_type:
 *
 * Returns: the type of the wizard's page at @index, in the procedure's order
 */
GType
eb_procedure_get_page_type (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (pages), G_TYPE_INVALID);

  return pages[index].get_type ();
}

/**
 * eb_procedure_get_page_step:
 *
 * Returns: the step the page at @index belongs to; 0 for the page before
 *   the steps
 */
guint
eb_procedure_get_page_step (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (pages), 0);

  return pages[index].step;
}
