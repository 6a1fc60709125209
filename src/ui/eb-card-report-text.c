/* eb-card-report-text.c — the card diagnostics report, in words
 *
 * src/card gathers the facts (EbCardReport: the service, readers, module,
 * tokens, certificates, findings); this says them the way a school
 * administrator reads them out to IT support, for the Diagnostics window
 * and `eimza-basvuru --diagnose` alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-card-report-text.h"
#include "eb-certificate-info.h"
#include "eb-turkish-text.h"

static const char *
source_text (const EbPkcs11Module *module)
{
  switch (module->source)
    {
    case EB_PKCS11_SOURCE_USER_SETTING:
      return _("your setting");
    case EB_PKCS11_SOURCE_AKIS:
      return _("Kamu SM AKİS module");
    case EB_PKCS11_SOURCE_P11_KIT:
      return _("registered with p11-kit");
    case EB_PKCS11_SOURCE_OPENSC:
      return _("OpenSC");
    default:
      g_assert_not_reached ();
    }
}

static char *
status_text (const EbPkcs11Module *module)
{
  switch (module->status)
    {
    case EB_PKCS11_STATUS_NOT_TRIED:
      return g_strdup (_("not tried"));
    case EB_PKCS11_STATUS_NOT_FOUND:
      return g_strdup (_("not found"));
    case EB_PKCS11_STATUS_LOAD_FAILED:
      /* TRANSLATORS: %s is the system's reason, in English */
      return g_strdup_printf (_("cannot be loaded: %s"), module->message);
    case EB_PKCS11_STATUS_INIT_FAILED:
      /* TRANSLATORS: %s is the module's error code */
      return g_strdup_printf (_("does not start: %s"), module->message);
    case EB_PKCS11_STATUS_LOADED:
      return g_strdup (_("loaded"));
    case EB_PKCS11_STATUS_LOADED_NULL_ARGS:
      return g_strdup (_("loaded (without OS locking, as some AKİS modules need)"));
    default:
      g_assert_not_reached ();
    }
}

static char *
verdict_text (const EbCardReportCertificate *cert)
{
  switch (cert->verdict)
    {
    case EB_RENEWAL_VERDICT_USABLE:
      return g_strdup (_("can sign the renewal application (Method 2)"));
    case EB_RENEWAL_VERDICT_EXPIRING_SOON:
      return g_strdup (_("expires soon: renewal is due; it can sign the application (Method 2)"));
    case EB_RENEWAL_VERDICT_EXPIRED:
      return g_strdup (_("expired: apply with a wet signature (Method 1)"));
    case EB_RENEWAL_VERDICT_NOT_YET_VALID:
      return g_strdup (_("not valid yet: check the computer's date and time"));
    case EB_RENEWAL_VERDICT_NOT_NES:
      return g_strdup (_("not a qualified electronic certificate (NES)"));
    case EB_RENEWAL_VERDICT_OTHER_PERSON:
      /* TRANSLATORS: %s is a T.C. Kimlik No */
      return g_strdup_printf (_("belongs to another person (T.C. Kimlik No %s)"),
                              eb_certificate_info_get_tckn (cert->info));
    default:
      g_assert_not_reached ();
    }
}

static const char *
finding_text (EbCardFinding finding)
{
  switch (finding)
    {
    case EB_CARD_FINDING_SERVICE_NOT_RUNNING:
      return _("The smart card service (pcscd) is not running. Start it with "
               "“sudo systemctl start pcscd.socket” (or “sudo service pcscd start”).");
    case EB_CARD_FINDING_NO_READER:
      return _("No card reader is connected. Plug in the card reader.");
    case EB_CARD_FINDING_NO_CARD:
      return _("There is no card in the reader. Insert your e-signature card.");
    case EB_CARD_FINDING_CARD_UNRESPONSIVE:
      return _("The card does not answer. Take it out and insert it again, chip first.");
    case EB_CARD_FINDING_CARD_NOT_AKIS:
      return _("The card in the reader is not a Kamu SM e-signature (AKİS) card.");
    case EB_CARD_FINDING_AKIS_MODULE_MISSING:
      return _("The AKİS card needs Kamu SM's driver libakisp11.so, which is not loaded. "
               "Install the Kamu SM card driver.");
    case EB_CARD_FINDING_NO_MODULE:
      return _("No card driver (PKCS#11 module) could be loaded.");
    case EB_CARD_FINDING_NO_TOKEN:
      return _("The card driver sees no card.");
    case EB_CARD_FINDING_PIN_FINAL_TRY:
      return _("One PIN try left: a wrong PIN now locks the card.");
    case EB_CARD_FINDING_PIN_LOCKED:
      /* TRANSLATORS: 444 5 576 is Kamu SM's call centre, which unblocks a
       * locked PIN when told the security word given in the application */
      return _("The PIN is locked. Call Kamu SM at 444 5 576; they unblock it with your "
               "security word.");
    case EB_CARD_FINDING_NO_NES:
      return _("No qualified electronic certificate (NES) was found on the card.");
    case EB_CARD_FINDING_OTHER_PERSON:
      return _("The certificate on the card belongs to another person.");
    case EB_CARD_FINDING_NES_EXPIRED:
      return _("The certificate has expired: apply with a wet signature (Method 1).");
    case EB_CARD_FINDING_NES_EXPIRING:
      return _("The certificate expires soon: renewal is due, and it can sign the "
               "application (Method 2).");
    case EB_CARD_FINDING_READY:
      return _("The certificate can sign the renewal application (Method 2).");
    default:
      g_assert_not_reached ();
    }
}

static const char *
pin_text (EbPinState state)
{
  switch (state)
    {
    case EB_PIN_STATE_OK:
      return _("PIN: no wrong tries");
    case EB_PIN_STATE_COUNT_LOW:
      return _("PIN: a wrong PIN was entered before; tries are running out");
    case EB_PIN_STATE_FINAL_TRY:
      return _("PIN: one try left, a wrong PIN now locks the card");
    case EB_PIN_STATE_LOCKED:
      return _("PIN: locked; call Kamu SM at 444 5 576 with your security word");
    default:
      g_assert_not_reached ();
    }
}

/**
 * eb_card_report_text_build:
 *
 * Returns: (transfer full): the plain-text report, translated: what the
 *   Diagnostics window shows and `eimza-basvuru --diagnose` prints
 */
char *
eb_card_report_text_build (const EbCardReport *report)
{
  GString *text = g_string_new (NULL);
  g_autofree char *when = g_date_time_format (report->time, "%Y-%m-%d %H:%M:%S UTC");

  /* TRANSLATORS: %s is a date and time */
  g_string_append_printf (text, _("e-İmza Başvuru card diagnostics, %s"), when);
  g_string_append_c (text, '\n');
  if (report->applicant_tckn != NULL)
    {
      g_string_append_printf (text, _("Applicant T.C. Kimlik No: %s"), report->applicant_tckn);
      g_string_append_c (text, '\n');
    }

  g_string_append_printf (text, "\n%s\n", _("Smart card service (pcscd)"));
  if (report->service_running)
    {
      g_string_append_printf (text, "  %s\n", _("Running."));
    }
  else
    {
      g_string_append_printf (text, "  %s\n", _("Not running"));
      g_string_append_printf (text, "  (%s)\n", report->service_error);
      g_string_append_printf (text, "  %s\n", _("Start it with:"));
      g_string_append (text, "    sudo systemctl start pcscd.socket\n");
      g_string_append_printf (text, "  %s\n", _("or, without systemd:"));
      g_string_append (text, "    sudo service pcscd start\n");
    }

  g_string_append_printf (text, "\n%s\n", _("Card readers"));
  if (report->service_running && report->readers->len == 0)
    g_string_append_printf (text, "  %s\n", _("None found. Plug in the card reader."));
  else if (!report->service_running)
    g_string_append_printf (text, "  %s\n", _("Unknown while the service is not running."));
  for (guint i = 0; i < report->readers->len; i++)
    {
      EbCardReportReader *reader = g_ptr_array_index (report->readers, i);

      g_string_append_printf (text, "  %s\n", reader->name);
      if (!reader->has_card)
        {
          g_string_append_printf (text, "    %s\n", _("No card"));
          continue;
        }
      g_string_append_printf (text, "    %s %s\n", _("Card ATR:"),
                              *reader->atr != '\0' ? reader->atr
                                                   : _("(none: the card does not answer)"));
      if (reader->card_type == EB_CARD_TYPE_UNRESPONSIVE)
        continue;
      g_string_append_printf (text, "    %s %s%s\n", _("Card:"),
                              reader->card_name != NULL ? reader->card_name : _("unknown card"),
                              eb_card_type_is_akis (reader->card_type)
                              ? _(" (Kamu SM e-signature card)") : "");
      g_string_append_printf (text, "    %s %s\n", _("Needs the driver:"), reader->pkcs11_module);
    }

  g_string_append_printf (text, "\n%s\n", _("Card driver (PKCS#11 module)"));
  if (report->module_path != NULL)
    g_string_append_printf (text, "  %s %s (%s)\n", _("Loaded:"), report->module_path,
                            report->module_description ? report->module_description : "");
  else
    g_string_append_printf (text, "  %s\n", _("None loaded."));
  if (report->module_error != NULL)
    g_string_append_printf (text, "  %s %s\n", _("Error:"), report->module_error);
  if (report->module_attempts->len > 0)
    g_string_append_printf (text, "  %s\n", _("Paths tried, in order:"));
  for (guint i = 0; i < report->module_attempts->len; i++)
    {
      EbPkcs11Module *module = g_ptr_array_index (report->module_attempts, i);
      g_autofree char *status = status_text (module);

      g_string_append_printf (text, "    %s [%s]: %s\n",
                              module->path, source_text (module), status);
    }

  g_string_append_printf (text, "\n%s\n", _("Cards seen by the driver"));
  if (report->tokens->len == 0)
    g_string_append_printf (text, "  %s\n", _("None."));
  for (guint i = 0; i < report->tokens->len; i++)
    {
      EbCardReportToken *token = g_ptr_array_index (report->tokens, i);

      g_string_append_printf (text, "  %s (%s %s, %s %s)\n", token->label, token->manufacturer,
                              token->model, _("serial"), token->serial);
      g_string_append_printf (text, "    %s\n", pin_text (token->pin_state));
      if (token->protected_auth_path)
        g_string_append_printf (text, "    %s\n", _("The PIN is entered on the reader's keypad."));
      if (token->certificates->len == 0)
        g_string_append_printf (text, "    %s\n", _("No certificates."));

      for (guint j = 0; j < token->certificates->len; j++)
        {
          EbCardReportCertificate *cert = g_ptr_array_index (token->certificates, j);
          EbCertificateInfo *info = cert->info;
          g_autoptr(GDateTime) last_day = eb_turkish_time (eb_certificate_info_get_not_after (info));
          g_autofree char *until = g_date_time_format (last_day, "%Y-%m-%d");
          g_autofree char *verdict = verdict_text (cert);
          const char *tckn = eb_certificate_info_get_tckn (info);

          g_string_append_printf (text, "    %s: %s\n", _("Certificate"), cert->label);
          g_string_append_printf (text, "      %s %s\n", _("Holder:"),
                                  eb_certificate_info_get_holder_name (info));
          g_string_append_printf (text, "      %s %s\n", _("T.C. Kimlik No:"),
                                  tckn != NULL ? tckn : _("none"));
          g_string_append_printf (text, "      %s %s\n", _("Issuer:"),
                                  eb_certificate_info_get_issuer_name (info)
                                  ? eb_certificate_info_get_issuer_name (info)
                                  : eb_certificate_info_get_issuer (info));
          g_string_append_printf (text, "      %s %s\n", _("Serial number:"),
                                  eb_certificate_info_get_serial (info));
          g_string_append_printf (text, "      %s %s (", _("Valid until:"), until);
          if (g_date_time_compare (report->time, eb_certificate_info_get_not_after (info)) < 0)
            g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d day left",
                                                       "%d days left", cert->days_left),
                                    cert->days_left);
          else
            {
              /* Calendar days since its last day: 0 on the day itself. */
              gint ago = -cert->days_left;

              g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "expired %d day ago",
                                                         "expired %d days ago", ago),
                                      ago);
            }
          g_string_append (text, ")\n");
          g_string_append_printf (text, "      %s %s%s%s%s\n", _("Qualified (NES):"),
                                  eb_certificate_info_is_nes (info) ? _("yes") : _("no"),
                                  eb_certificate_info_get_non_repudiation (info)
                                  ? ", nonRepudiation" : "",
                                  eb_certificate_info_get_qc_compliance (info)
                                  ? ", QcCompliance" : "",
                                  eb_certificate_info_get_nes_policy (info)
                                  ? ", Kamu SM NES" : "");
          g_string_append_printf (text, "      → %s\n", verdict);
        }
    }

  g_string_append_printf (text, "\n%s\n", _("Summary"));
  for (guint i = 0; i < report->findings->len; i++)
    g_string_append_printf (text, "  • %s\n",
                            finding_text (g_array_index (report->findings, EbCardFinding, i)));

  return g_string_free (text, FALSE);
}
