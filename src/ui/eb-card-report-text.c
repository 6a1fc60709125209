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

/* Whether @report's system is, or is like, one of @ids (os-release words). */
static gboolean
os_is (const EbCardReport *report,
       const char * const *ids)
{
  g_auto(GStrv) words = NULL;

  if (report->os_ids == NULL)
    return FALSE;
  words = g_strsplit (report->os_ids, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (g_strv_contains (ids, words[i]))
      return TRUE;
  return FALSE;
}

/* The command that installs pcscd on this system, or NULL when it is not one
 * we know; the distribution's package starts the service where it does not
 * do so by itself. */
static char *
install_service_command (const EbCardReport *report)
{
  static const char * const debian[] = { "debian", "ubuntu", "pardus", NULL };
  static const char * const fedora[] = { "fedora", "rhel", "centos", NULL };
  static const char * const suse[] = { "suse", "opensuse", NULL };
  static const char * const arch[] = { "arch", NULL };

  if (os_is (report, debian))
    return g_strdup ("sudo apt install pcscd");
  if (os_is (report, fedora))
    return g_strdup ("sudo dnf install pcsc-lite && sudo systemctl enable --now pcscd.socket");
  if (os_is (report, suse))
    return g_strdup ("sudo zypper install pcsc-lite && sudo systemctl enable --now pcscd.socket");
  if (os_is (report, arch))
    return g_strdup ("sudo pacman -S pcsclite && sudo systemctl enable --now pcscd.socket");
  return NULL;
}

/* The command that starts pcscd, installed but not running. */
static char *
start_service_command (const EbCardReport *report)
{
  return g_strdup (report->systemd ? "sudo systemctl start pcscd.socket" : "sudo service pcscd start");
}

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
      return _("The smart card service (pcscd) is not running.");
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
      g_autofree char *command = report->service_installed ? start_service_command (report)
                                                           : install_service_command (report);

      g_string_append_printf (text, "  %s\n", report->service_installed
                                              ? _("Not running") : _("Not installed"));
      g_string_append_printf (text, "  (%s)\n", report->service_error);
      if (command != NULL)
        {
          g_string_append_printf (text, "  %s\n", report->service_installed
                                                  ? _("Start it with:") : _("Install it with:"));
          g_string_append_printf (text, "    %s\n", command);
        }
      else
        g_string_append_printf (text, "  %s\n", _("Install the pcscd (PC/SC) package of your system."));
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

/* Kamu SM's site, where its card drivers are ("Akıllı Kart Sürücüleri"). */
#define KAMU_SM_URL "https://kamusm.bilgem.tubitak.gov.tr/"

/* In practice mode the card is a software token on this computer: what is
 * said about readers, the smart card service and real cards is not for it. */
static gboolean
finding_concerns_practice (EbCardFinding finding)
{
  switch (finding)
    {
    case EB_CARD_FINDING_SERVICE_NOT_RUNNING:
    case EB_CARD_FINDING_NO_READER:
    case EB_CARD_FINDING_NO_CARD:
    case EB_CARD_FINDING_CARD_UNRESPONSIVE:
    case EB_CARD_FINDING_CARD_NOT_AKIS:
    case EB_CARD_FINDING_AKIS_MODULE_MISSING:
      return FALSE;
    default:
      return TRUE;
    }
}

static void
set_service_advice (EbCardAdvice       *advice,
                    const EbCardReport *report)
{
  if (report->service_installed)
    {
      advice->title = g_strdup (_("Start the Smart Card Service"));
      advice->text = g_strdup (_("The smart card service (pcscd), through which the computer talks "
                                 "to card readers, is not running. Start it with the command below "
                                 "in a terminal (it asks for your computer password), then press "
                                 "Check Again."));
      advice->command = start_service_command (report);
      return;
    }

  advice->title = g_strdup (_("Install the Smart Card Service"));
  advice->command = install_service_command (report);
  if (advice->command != NULL)
    advice->text = g_strdup (_("The smart card service (pcscd), through which the computer talks to "
                               "card readers, is not installed. Install it with the command below in "
                               "a terminal (it asks for your computer password); it starts by "
                               "itself. Then press Check Again."));
  else
    advice->text = g_strdup (_("The smart card service (pcscd), through which the computer talks to "
                               "card readers, is not installed. Install your system's pcscd (PC/SC) "
                               "package, or ask your IT unit to; then press Check Again."));
}

static void
set_finding_advice (EbCardAdvice       *advice,
                    const EbCardReport *report,
                    gboolean            practice)
{
  const char *title = NULL;
  const char *text = NULL;

  switch (advice->finding)
    {
    case EB_CARD_FINDING_SERVICE_NOT_RUNNING:
      set_service_advice (advice, report);
      return;
    case EB_CARD_FINDING_NO_READER:
      title = _("Plug In the Card Reader");
      text = _("No card reader is plugged in. Plug in the mini card reader; it is found within "
               "a second.");
      break;
    case EB_CARD_FINDING_NO_CARD:
      title = _("Insert Your Card");
      text = _("The card reader is empty. Insert your e-signature card, chip first.");
      break;
    case EB_CARD_FINDING_CARD_UNRESPONSIVE:
    case EB_CARD_FINDING_NO_TOKEN:
      title = _("Take the Card Out and Put It Back");
      text = _("The card does not answer. Take it out of the reader and insert it again, chip "
               "first, then press Check Again.");
      break;
    case EB_CARD_FINDING_CARD_NOT_AKIS:
      title = _("This Is Not an E-Signature Card");
      text = _("The card in the reader is not a Kamu SM e-signature card. Insert the card Kamu SM "
               "sent you.");
      break;
    case EB_CARD_FINDING_AKIS_MODULE_MISSING:
      advice->title = g_strdup (_("Install Kamu SM's AKİS Card Driver"));
      advice->text = g_strdup (_("Your card is a Kamu SM AKİS card. The computer needs Kamu SM's "
                                 "AKİS driver (libakisp11.so) to use it. Download it from Kamu "
                                 "SM's website, under “Akıllı Kart Sürücüleri”, and install it. "
                                 "Then start e-İmza Başvuru again: it finds the driver by itself, "
                                 "there is nothing to set up."));
      advice->link = g_strdup (KAMU_SM_URL);
      advice->link_label = g_strdup (_("Open Kamu SM's _Website"));
      return;
    case EB_CARD_FINDING_NO_MODULE:
      if (practice)
        {
          title = _("The Practice Card Cannot Be Read");
          text = _("The software behind the practice card (SoftHSM) could not be loaded. Start "
                   "practice mode again; if this stays, ask your IT unit to install the softhsm2 "
                   "package.");
          break;
        }
      advice->title = g_strdup (_("Install a Card Driver"));
      advice->text = g_strdup (_("No card driver was found on this computer. Install Kamu SM's AKİS "
                                 "driver from Kamu SM's website, under “Akıllı Kart Sürücüleri”. "
                                 "Then start e-İmza Başvuru again: it finds the driver by itself."));
      advice->link = g_strdup (KAMU_SM_URL);
      advice->link_label = g_strdup (_("Open Kamu SM's _Website"));
      return;
    case EB_CARD_FINDING_PIN_FINAL_TRY:
      title = _("One PIN Try Left");
      text = _("Only one PIN try is left. A wrong PIN now locks the card: type it carefully.");
      break;
    case EB_CARD_FINDING_PIN_LOCKED:
      title = _("The PIN Is Locked");
      text = _("The card's PIN is locked. Call the Kamu SM call centre on 444 5 576 and have your "
               "security word ready.");
      break;
    case EB_CARD_FINDING_NO_NES:
      title = _("No E-Signature Certificate on the Card");
      text = _("There is no qualified electronic certificate on the card: apply with Method 1 "
               "(wet signature).");
      break;
    case EB_CARD_FINDING_OTHER_PERSON:
      title = _("The Card Is Someone Else's");
      text = _("The certificate on the card belongs to someone else. Insert your own card.");
      break;
    case EB_CARD_FINDING_NES_EXPIRED:
      title = _("The Certificate Has Expired");
      text = _("The certificate on the card has expired, so it cannot sign: apply with Method 1 "
               "(wet signature).");
      break;
    case EB_CARD_FINDING_NES_EXPIRING:
      title = _("Renew Your Certificate Now");
      text = _("The certificate on the card expires soon: renew it now with Method 2.");
      break;
    case EB_CARD_FINDING_READY:
    default:
      if (practice)
        {
          title = _("The Practice Card Is Ready");
          text = _("In practice mode you sign with a practice card kept on this computer: no card "
                   "reader and no smart card service are needed. It signs like a real card, for "
                   "practice only.");
        }
      else
        {
          title = _("Your Card Is Ready");
          text = _("The card is ready: its certificate can sign a renewal (Method 2).");
        }
      break;
    }

  advice->title = g_strdup (title);
  advice->text = g_strdup (text);
}

/**
 * eb_card_advice_new:
 * @practice: practice mode, where the card is a software token: no reader
 *   or smart card service is needed, so their absence is not a problem
 *
 * Picks the one finding to say first, the most fundamental (the enum's
 * order): a card is not taken out while the service that reads it is down,
 * and a driver not installed while the card reader is missing.
 *
 * Returns: (transfer full): what to say, with the one action that helps
 */
EbCardAdvice *
eb_card_advice_new (const EbCardReport *report,
                    gboolean            practice)
{
  EbCardAdvice *advice = g_new0 (EbCardAdvice, 1);
  gboolean found = FALSE;

  g_return_val_if_fail (report != NULL, advice);

  advice->finding = EB_CARD_FINDING_READY;
  for (guint i = 0; i < report->findings->len; i++)
    {
      EbCardFinding finding = g_array_index (report->findings, EbCardFinding, i);

      if (practice && !finding_concerns_practice (finding))
        continue;
      if (!found || finding < advice->finding)
        advice->finding = finding;
      found = TRUE;
    }
  /* Renewal being due is news, not trouble: Method 2 is the way. */
  advice->problem = advice->finding != EB_CARD_FINDING_READY &&
                    advice->finding != EB_CARD_FINDING_NES_EXPIRING;
  set_finding_advice (advice, report, practice);

  return advice;
}

void
eb_card_advice_free (EbCardAdvice *advice)
{
  if (advice == NULL)
    return;
  g_free (advice->title);
  g_free (advice->text);
  g_free (advice->command);
  g_free (advice->link);
  g_free (advice->link_label);
  g_free (advice);
}
