/* eb-card-text.c — what the signing card means for the application, in words
 *
 * One place for the sentences about the card that the method page and the
 * e-sign page both say, so they never tell the user different things.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-cades-signer.h"
#include "eb-card-text.h"
#include "eb-certificate-info.h"
#include "eb-clock.h"
#include "eb-pades-signer.h"
#include "eb-practice-card.h"
#include "eb-token-manager.h"
#include "eb-turkish-text.h"

/* On Türkiye's clock, as the days left are counted (eb_clock_days_until()). */
static char *
format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = eb_turkish_time (time);

  return g_date_time_format (local, "%d.%m.%Y");
}

/* The PDF reader's problem: the sentences it said itself before src/sign
 * left words to src/ui. */
static char *
pdf_problem_text (const EbPdfErrorDetail *pdf)
{
  switch (pdf->problem)
    {
    case EB_PDF_PROBLEM_NOT_PDF:
      return g_strdup (_("The file is not a PDF document."));
    case EB_PDF_PROBLEM_TRUNCATED:
      return g_strdup (_("The PDF file is incomplete: it ends too early."));
    case EB_PDF_PROBLEM_DAMAGED:
      /* xgettext cannot read G_GSIZE_FORMAT inside a msgid. */
      return g_strdup_printf (_("The PDF file is damaged (%s at byte %lu)."),
                              pdf->what != NULL ? pdf->what : "?", (unsigned long) pdf->number);
    case EB_PDF_PROBLEM_TOO_COMPLEX:
      return g_strdup (_("The PDF file is too complex to read."));
    case EB_PDF_PROBLEM_XREF_STREAMS:
      return g_strdup (_("PDF files with cross-reference streams are not supported."));
    case EB_PDF_PROBLEM_OBJECT_STREAMS:
      return g_strdup (_("PDF files with compressed object streams are not supported."));
    case EB_PDF_PROBLEM_MISSING_OBJECT:
      return g_strdup_printf (_("The PDF file is damaged (object %u is missing)."), (guint) pdf->number);
    case EB_PDF_PROBLEM_ENCRYPTED:
      return g_strdup (_("Encrypted PDF files are not supported."));
    case EB_PDF_PROBLEM_NO_PAGE:
    default:
      return g_strdup_printf (_("The PDF file has no page %u."), (guint) pdf->number);
    }
}

/* Why the form could not be signed, from the signer's code and detail. */
static char *
pades_text (const GError *error)
{
  const EbPadesErrorDetail *detail = eb_pades_error_get_detail (error);
  g_autofree char *pdf = detail->has_pdf ? pdf_problem_text (&detail->pdf) : NULL;

  switch (detail->problem)
    {
    case EB_PADES_PROBLEM_PDF:
      return g_steal_pointer (&pdf);
    case EB_PADES_PROBLEM_BOX_OFF_PAGE:
      return g_strdup (_("The place for the signature is not on the page."));
    case EB_PADES_PROBLEM_PAGE_IS_CATALOG:
      return g_strdup (_("The PDF file is damaged (its page is its catalog)."));
    case EB_PADES_PROBLEM_DRAWING:
    case EB_PADES_PROBLEM_LAYOUT:
      /* TRANSLATORS: %s says why, often in English (from cairo) */
      return g_strdup_printf (_("The visible signature could not be drawn: %s"),
                              pdf != NULL ? pdf : detail->text);
    case EB_PADES_PROBLEM_PAGE_REFERENCE:
      return g_strdup (_("The visible signature could not be drawn: unexpected page reference."));
    case EB_PADES_PROBLEM_TOO_LARGE:
    default:
      return g_strdup_printf (_("The signature is too large for this document (%lu bytes)."),
                              (unsigned long) detail->number);
    }
}

/**
 * eb_card_text_judge:
 * @card: (nullable): the app's signing card; %NULL without card support
 * @tckn: (nullable): the applicant's
 * @out_subtitle: (out): in the user's words, why (not)
 *
 * Returns: whether the card can sign the application (Yöntem 2)
 */
gboolean
eb_card_text_judge (EbSigningCard  *card,
                    const char     *tckn,
                    char          **out_subtitle)
{
  g_autoptr(GDateTime) now = eb_clock_now ();
  EbCertificateInfo *info;
  g_autofree char *until = NULL;
  const char *holder;
  gint days;

  if (card == NULL)
    {
      *out_subtitle = g_strdup (_("This computer has no smart card support; use Method 1."));
      return FALSE;
    }

  switch (eb_signing_card_get_state (card))
    {
    case EB_SIGNING_CARD_STATE_IDLE:
    case EB_SIGNING_CARD_STATE_READING:
      *out_subtitle = g_strdup (_("Reading the card in the card reader…"));
      return FALSE;
    case EB_SIGNING_CARD_STATE_NO_MODULE:
      *out_subtitle = g_strdup (_("The software for your card (its PKCS#11 module) was not found. "
                                  "Card Diagnostics shows what was tried."));
      return FALSE;
    case EB_SIGNING_CARD_STATE_NO_TOKEN:
      *out_subtitle = g_strdup (_("Insert your current e-signature card into the card reader. "
                                  "Method 2 opens as soon as the card is read."));
      return FALSE;
    case EB_SIGNING_CARD_STATE_NO_CERTIFICATE:
      *out_subtitle = g_strdup (_("The card in the reader holds no certificate. Insert your "
                                  "current e-signature card, or use Method 1."));
      return FALSE;
    case EB_SIGNING_CARD_STATE_READY:
    default:
      break;
    }

  info = eb_token_certificate_get_info (eb_signing_card_get_certificate (card));
  holder = eb_certificate_info_get_holder_name (info);
  until = format_date (eb_certificate_info_get_not_after (info));
  days = eb_certificate_info_get_days_left (info, now);

  switch (eb_certificate_info_get_verdict (info, tckn, now))
    {
    case EB_RENEWAL_VERDICT_USABLE:
    case EB_RENEWAL_VERDICT_EXPIRING_SOON:
      /* TRANSLATORS: %s: holder's name, %s: date, %d: days left */
      *out_subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "Sign the application form with the certificate of %s "
                                                    "on the card in your reader, valid until %s (%d day left).",
                                                    "Sign the application form with the certificate of %s "
                                                    "on the card in your reader, valid until %s (%d days left).",
                                                    days),
                                       holder, until, days);
      return TRUE;
    case EB_RENEWAL_VERDICT_EXPIRED:
      /* TRANSLATORS: %s is a date */
      *out_subtitle = g_strdup_printf (_("The certificate on your card expired on %s. An expired "
                                         "certificate cannot sign: use Method 1."), until);
      return FALSE;
    case EB_RENEWAL_VERDICT_NOT_YET_VALID:
      *out_subtitle = g_strdup (_("The certificate on your card is not valid yet. Check the date "
                                  "and time of this computer."));
      return FALSE;
    case EB_RENEWAL_VERDICT_OTHER_PERSON:
      /* TRANSLATORS: %s is the certificate holder's name */
      *out_subtitle = g_strdup_printf (_("The card in the reader is %s's, not the applicant's. "
                                         "Insert your own card."), holder);
      return FALSE;
    case EB_RENEWAL_VERDICT_NOT_NES:
    default:
      *out_subtitle = g_strdup (_("The certificate on the card is not a qualified electronic "
                                  "certificate (NES) and cannot sign the application."));
      return FALSE;
    }
}

/**
 * eb_card_text_pin_state:
 *
 * Returns: (nullable): a warning about the PIN before the user types it
 */
char *
eb_card_text_pin_state (EbPinState state)
{
  switch (state)
    {
    case EB_PIN_STATE_COUNT_LOW:
      return g_strdup (_("A wrong PIN was entered on this card before. Type it carefully."));
    case EB_PIN_STATE_FINAL_TRY:
      return g_strdup (_("One try left: one more wrong PIN locks the card."));
    case EB_PIN_STATE_LOCKED:
      return g_strdup (_("The card's PIN is locked. Call Kamu SM on 444 5 576 with your security "
                         "word to unblock it."));
    case EB_PIN_STATE_OK:
    default:
      return NULL;
    }
}

/**
 * eb_card_text_translate:
 * @token: (nullable): the token, for its PIN state after a wrong PIN
 *
 * Returns: (transfer full): @error in the user's words, with what to do
 */
GError *
eb_card_text_translate (const GError *error,
                        EbToken      *token)
{
  const char *message = NULL;
  g_autofree char *owned = NULL;

  if (error->domain == EB_TOKEN_ERROR)
    {
      switch (error->code)
        {
        case EB_TOKEN_ERROR_PIN_INCORRECT:
          {
            g_autofree char *state = token != NULL ? eb_card_text_pin_state (eb_token_get_pin_state (token)) : NULL;

            owned = g_strdup_printf ("%s%s%s", _("Wrong PIN."), state != NULL ? " " : "",
                                     state != NULL ? state : "");
            message = owned;
          }
          break;
        case EB_TOKEN_ERROR_PIN_LOCKED:
          message = _("The card's PIN is locked. Call Kamu SM on 444 5 576 with your security "
                      "word to unblock it.");
          break;
        case EB_TOKEN_ERROR_PIN_FORMAT:
          message = _("This card does not take a PIN of that length or with those characters.");
          break;
        case EB_TOKEN_ERROR_PIN_REQUIRED:
          message = _("Type the card's PIN.");
          break;
        case EB_TOKEN_ERROR_TOKEN_NOT_PRESENT:
          message = _("The card was removed from the reader. Insert it again and sign again.");
          break;
        case EB_TOKEN_ERROR_NOT_LOGGED_IN:
          message = _("The card's PIN session ended. Sign again.");
          break;
        case EB_TOKEN_ERROR_NO_MODULE:
          message = _("The software for your card (its PKCS#11 module) was not found. "
                      "Card Diagnostics shows what was tried.");
          break;
        default:
          break;
        }
    }
  else if (error->domain == EB_PADES_ERROR)
    {
      switch (error->code)
        {
        case EB_PADES_ERROR_INVALID_PDF:
        case EB_PADES_ERROR_UNSUPPORTED_PDF:
        case EB_PADES_ERROR_INVALID_BOX:
        case EB_PADES_ERROR_APPEARANCE:
        case EB_PADES_ERROR_SIGNATURE_TOO_LARGE:
          owned = pades_text (error);
          message = owned;
          break;
        default:
          break;
        }
    }

  /* Whatever else the card or its module says is for the log; the user
   * gets what to do. */
  if (message == NULL && (error->domain == EB_TOKEN_ERROR || error->domain == EB_PADES_ERROR ||
                          error->domain == EB_CADES_ERROR))
    {
      g_debug ("Card error: %s", error->message);
      message = _("The card could not sign. Take it out of the reader, insert it again and "
                  "sign again; if it happens again, use Card Diagnostics.");
    }
  if (message == NULL)
    return g_error_copy (error);
  return g_error_new_literal (error->domain, error->code, message);
}

/**
 * eb_card_text_practice_card:
 *
 * Returns: (transfer full): why the practice card could not be made, in
 *   the user's words
 */
char *
eb_card_text_practice_card (const GError *error)
{
  const EbPracticeCardErrorDetail *detail = eb_practice_card_error_get_detail (error);

  g_return_val_if_fail (error != NULL, NULL);

  /* The folder's own errors (G_IO_ERROR) say the path and the system's words. */
  if (detail == NULL)
    return g_strdup (error->message);

  switch (detail->problem)
    {
    case EB_PRACTICE_CARD_PROBLEM_CALL_FAILED:
      return g_strdup_printf (_("Could not create the practice card: %s failed (%s)."),
                              detail->subject, detail->reason);
    case EB_PRACTICE_CARD_PROBLEM_TOKEN_CALL_FAILED:
      return g_strdup_printf (_("Could not create the practice card: %s failed (0x%lx)."),
                              detail->subject, (unsigned long) detail->number);
    case EB_PRACTICE_CARD_PROBLEM_NOT_INSTALLED:
      return g_strdup_printf (_("The practice card needs SoftHSM2, which is not installed (looked for %s). "
                                "Install the softhsm2 package."), detail->subject);
    case EB_PRACTICE_CARD_PROBLEM_NOT_LOADABLE:
      return g_strdup_printf (_("The SoftHSM2 module could not be loaded: %s"), detail->reason);
    case EB_PRACTICE_CARD_PROBLEM_BUSY:
      return g_strdup (_("The practice card cannot be created while SoftHSM2 is in use; "
                         "restart the application."));
    case EB_PRACTICE_CARD_PROBLEM_INVALID_TCKN:
      return g_strdup_printf (_("“%s” is not a valid T.C. Kimlik No."), detail->subject);
    case EB_PRACTICE_CARD_PROBLEM_NO_HOLDER_NAME:
    default:
      return g_strdup (_("The practice card needs the holder’s name."));
    }
}
