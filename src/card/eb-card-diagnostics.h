/* eb-card-diagnostics.h — everything about the card set-up, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eb-card-type.h"
#include "eb-certificate-info.h"
#include "eb-pkcs11-module.h"
#include "eb-token.h"
#include "eb-token-manager.h"

G_BEGIN_DECLS

/* What is wrong (or worth saying), most fundamental first. The UI can pick
 * the first one to explain; the text report (src/ui) lists them all. */
typedef enum
{
  EB_CARD_FINDING_SERVICE_NOT_RUNNING,  /* pcscd: start it */
  EB_CARD_FINDING_NO_READER,            /* plug in the card reader */
  EB_CARD_FINDING_NO_CARD,              /* insert the card */
  EB_CARD_FINDING_CARD_UNRESPONSIVE,    /* card in, no answer: reinsert it, chip side up */
  EB_CARD_FINDING_CARD_NOT_AKIS,        /* a card, but not a Kamu SM e-signature card */
  EB_CARD_FINDING_AKIS_MODULE_MISSING,  /* an AKİS card, and libakisp11.so not loaded */
  EB_CARD_FINDING_NO_MODULE,            /* no PKCS#11 module at all */
  EB_CARD_FINDING_NO_TOKEN,             /* the module sees no card */
  EB_CARD_FINDING_PIN_FINAL_TRY,        /* one PIN try left */
  EB_CARD_FINDING_PIN_LOCKED,           /* locked: call 444 5 576 with the security word */
  EB_CARD_FINDING_NO_NES,               /* no qualified certificate on the card(s) */
  EB_CARD_FINDING_OTHER_PERSON,         /* the NES is not the applicant's */
  EB_CARD_FINDING_NES_EXPIRED,          /* Yöntem 1 (wet signature) needed */
  EB_CARD_FINDING_NES_EXPIRING,         /* renewal is due; Yöntem 2 possible */
  EB_CARD_FINDING_READY,                /* a usable NES of the applicant: Yöntem 2 possible */
} EbCardFinding;

typedef struct
{
  char *name;
  gboolean has_card;
  char *atr;                  /* hex; NULL without a card */
  EbCardType card_type;
  char *card_name;            /* from the ATR table; NULL if it does not know the card */
  char *pkcs11_module;        /* the module the card needs; NULL without a card */
} EbCardReportReader;

typedef struct
{
  char *label;
  char *id;                   /* CKA_ID, hex */
  EbCertificateInfo *info;
  EbRenewalVerdict verdict;
  gint days_left;
} EbCardReportCertificate;

typedef struct
{
  char *label;
  char *serial;
  char *manufacturer;
  char *model;
  char *slot_description;
  gboolean protected_auth_path;
  gboolean logged_in;
  EbPinState pin_state;
  GPtrArray *certificates;    /* EbCardReportCertificate */
} EbCardReportToken;

typedef struct
{
  GDateTime *time;
  char *applicant_tckn;       /* nullable */

  gboolean service_running;
  char *service_error;        /* PC/SC symbol when not running */
  gboolean service_installed; /* pcscd is on this computer, running or not */
  gboolean systemd;           /* services are started with systemctl */
  char *os_ids;               /* os-release ID and ID_LIKE, e.g. "pardus debian"; nullable */
  GPtrArray *readers;         /* EbCardReportReader */

  char *module_path;          /* the module loaded, or NULL */
  char *module_description;
  char *module_error;         /* why none was loaded, or why its tokens could not be read */
  GPtrArray *module_attempts; /* EbPkcs11Module: each path tried, in order */

  GPtrArray *tokens;          /* EbCardReportToken */
  GArray *findings;           /* EbCardFinding, most fundamental first */
} EbCardReport;

#define EB_TYPE_CARD_REPORT (eb_card_report_get_type ())

GType         eb_card_report_get_type        (void) G_GNUC_CONST;
EbCardReport *eb_card_report_new             (GDateTime            *time);
EbCardReport *eb_card_report_ref             (EbCardReport         *report);
void          eb_card_report_unref           (EbCardReport         *report);
gboolean      eb_card_report_has_finding     (const EbCardReport   *report,
                                              EbCardFinding         finding);

void          eb_card_diagnostics_run_async  (EbTokenManager       *manager,
                                              const char           *user_module,
                                              const char           *applicant_tckn,
                                              GDateTime            *now,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
EbCardReport *eb_card_diagnostics_run_finish (GAsyncResult         *result,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbCardReport, eb_card_report_unref)

G_END_DECLS
