/* eb-portal-text.c — portal errors in words a person reads
 *
 * One sentence per EB_PORTAL_ERROR code: what happened and what to do next,
 * with the seed's advice where it has some (e-personel, 444 5 576).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-portal-client.h"
#include "eb-portal-text.h"

static char *
minutes_text (guint seconds)
{
  guint minutes = MAX (1, (seconds + 59) / 60);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
}

/**
 * eb_portal_text_error:
 *
 * Returns: (transfer full): @error as a sentence for the user
 */
char *
eb_portal_text_error (const GError *error)
{
  g_autofree char *wait = NULL;
  int tries;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != EB_PORTAL_ERROR)
    return g_strdup (error->message);

  switch ((EbPortalError) error->code)
    {
    case EB_PORTAL_ERROR_NETWORK:
      return g_strdup (_("Cannot reach the portal. Check your internet connection and try again; "
                         "nothing you entered is lost."));
    case EB_PORTAL_ERROR_TIMEOUT:
      return g_strdup (_("The portal did not answer in time. Try again in a moment; "
                         "nothing you entered is lost."));
    case EB_PORTAL_ERROR_TLS:
      return g_strdup (_("The portal's security certificate is not trusted, so the connection was "
                         "stopped. Check the portal address or ask your IT unit."));
    case EB_PORTAL_ERROR_NOT_CONFIGURED:
      return g_strdup (_("No portal address is set. Start the application with --portal-url, "
                         "or with --training to practise."));
    case EB_PORTAL_ERROR_SESSION_MISSING:
    case EB_PORTAL_ERROR_SESSION_EXPIRED:
      return g_strdup (_("Your portal session has ended. Log in again; your form is kept."));
    case EB_PORTAL_ERROR_WRONG_STATE:
      return g_strdup (_("The portal expected a different step. Log in again to continue; "
                         "your form is kept."));
    case EB_PORTAL_ERROR_INVALID_FIELDS:
      return g_strdup (_("The portal did not accept some fields; they are marked on the page."));
    case EB_PORTAL_ERROR_CAPTCHA_WRONG:
      return g_strdup (_("The text from the picture was wrong. Type the text of the new picture."));
    case EB_PORTAL_ERROR_CAPTCHA_EXPIRED:
      return g_strdup (_("The picture has expired. Type the text of the new picture."));
    case EB_PORTAL_ERROR_IDENTITY_MISMATCH:
      return g_strdup (_("These details do not match the personnel records. Check your name, "
                         "place and date of birth against your identity card."));
    case EB_PORTAL_ERROR_PERSON_NOT_FOUND:
      return g_strdup (_("No one with this T.C. identity number is in the MEB personnel records "
                         "(MEBBİS). Check the number, or ask your district MEB appointment unit."));
    case EB_PORTAL_ERROR_ASSIGNMENT_NOT_RECORDED:
      return g_strdup (_("Your administrator assignment is not recorded in the e-personel module, "
                         "so the application cannot be approved. Ask your district MEB appointment "
                         "unit to update your records, then apply again."));
    case EB_PORTAL_ERROR_TOO_MANY_ATTEMPTS:
      wait = minutes_text (eb_portal_error_get_retry_after (error));
      /* TRANSLATORS: %s is a duration such as "5 minutes" */
      return g_strdup_printf (_("Too many failed attempts. Wait %s and try again."), wait);
    case EB_PORTAL_ERROR_METHOD_NEEDS_RENEWAL:
      return g_strdup (_("Method 2 is only for renewing a certificate. Choose Method 1, or go back "
                         "and set the reason to renewal."));
    case EB_PORTAL_ERROR_SMS_RESEND_TOO_SOON:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Wait %u second before asking for a new code.",
                                           "Wait %u seconds before asking for a new code.",
                                           eb_portal_error_get_retry_after (error)),
                              eb_portal_error_get_retry_after (error));
    case EB_PORTAL_ERROR_SMS_RESEND_LIMIT:
      return g_strdup (_("No more codes can be sent for this application. If the number is wrong, "
                         "start the application again."));
    case EB_PORTAL_ERROR_SMS_GATEWAY_FAILED:
      return g_strdup (_("The portal could not send the SMS. Try again in a moment."));
    case EB_PORTAL_ERROR_SMS_CODE_WRONG:
      tries = eb_portal_error_get_tries_left (error);
      if (tries < 0)
        return g_strdup (_("The code is wrong. Check the SMS and type it again."));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The code is wrong. You have %d more try.",
                                           "The code is wrong. You have %d more tries.",
                                           tries),
                              tries);
    case EB_PORTAL_ERROR_SMS_CODE_EXPIRED:
      return g_strdup (_("The code has expired. Ask for a new code."));
    case EB_PORTAL_ERROR_SMS_CODE_TRIES_EXHAUSTED:
      return g_strdup (_("The code was typed wrong three times. Ask for a new code."));
    case EB_PORTAL_ERROR_SMS_CODE_MISSING:
      return g_strdup (_("No code has been sent yet. Go back and press Send."));
    case EB_PORTAL_ERROR_METHOD_NOT_ESIGN:
      return g_strdup (_("This application is a Method 1 (wet-signed) one: print the form and "
                         "sign it by hand."));
    case EB_PORTAL_ERROR_SIGNATURE_NOT_PDF:
    case EB_PORTAL_ERROR_SIGNATURE_TRUNCATED:
    case EB_PORTAL_ERROR_SIGNATURE_UNSUPPORTED_PDF:
    case EB_PORTAL_ERROR_SIGNATURE_MALFORMED_PDF:
      return g_strdup (_("The portal could not read the signed form. Sign it again."));
    case EB_PORTAL_ERROR_SIGNATURE_NOT_ISSUED_DOCUMENT:
      return g_strdup (_("The signed form is not the one the portal issued for this application. "
                         "Sign the form shown here again."));
    case EB_PORTAL_ERROR_SIGNATURE_MISSING:
    case EB_PORTAL_ERROR_SIGNATURE_BYTE_RANGE:
    case EB_PORTAL_ERROR_SIGNATURE_CMS_MALFORMED:
    case EB_PORTAL_ERROR_SIGNATURE_DIGEST_MISMATCH:
    case EB_PORTAL_ERROR_SIGNATURE_INVALID:
      return g_strdup (_("The portal found the e-signature on the form invalid. Sign it again; "
                         "if it happens again, use Card Diagnostics."));
    case EB_PORTAL_ERROR_SIGNATURE_UNTRUSTED:
      return g_strdup (_("The portal does not trust the certificate that signed the form: it was "
                         "not issued by Kamu SM. Sign with your Kamu SM e-signature card."));
    case EB_PORTAL_ERROR_SIGNATURE_CERTIFICATE_NOT_VALID:
      return g_strdup (_("The certificate that signed the form is expired or not yet valid. "
                         "An expired certificate cannot renew itself: use Method 1."));
    case EB_PORTAL_ERROR_SIGNATURE_NO_NON_REPUDIATION:
      return g_strdup (_("The certificate that signed the form is not a qualified e-signature "
                         "certificate (NES)."));
    case EB_PORTAL_ERROR_SIGNATURE_TCKN_MISMATCH:
      return g_strdup (_("The form was signed with somebody else's certificate. Sign it with "
                         "your own card."));
    case EB_PORTAL_ERROR_PROTOCOL:
    case EB_PORTAL_ERROR_MALFORMED_REQUEST:
    case EB_PORTAL_ERROR_NOT_FOUND:
    case EB_PORTAL_ERROR_METHOD_NOT_ALLOWED:
    case EB_PORTAL_ERROR_BODY_TOO_LARGE:
    case EB_PORTAL_ERROR_UNSUPPORTED_MEDIA_TYPE:
    case EB_PORTAL_ERROR_INTERNAL:
    default:
      return g_strdup (_("The portal could not handle the request. Try again later; if it goes on, "
                         "call the Kamu SM call centre on 444 5 576."));
    }
}

/**
 * eb_portal_text_is_retryable:
 *
 * Returns: whether trying the same step again may work (network trouble)
 */
gboolean
eb_portal_text_is_retryable (const GError *error)
{
  return g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_NETWORK) ||
         g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_TIMEOUT) ||
         g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SMS_GATEWAY_FAILED) ||
         g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_INTERNAL);
}

/**
 * eb_portal_text_translate:
 *
 * Returns: (transfer full): a copy of @error, same domain and code, whose
 *   message is the sentence for the user
 */
GError *
eb_portal_text_translate (const GError *error)
{
  g_autofree char *text = eb_portal_text_error (error);
  GError *copy = g_error_copy (error);

  g_free (copy->message);
  copy->message = g_steal_pointer (&text);
  return copy;
}
