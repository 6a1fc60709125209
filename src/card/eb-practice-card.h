/* eb-practice-card.h — a practice e-signature card for training mode (SoftHSM2)
 *
 * Makes, in a directory of the practice session, everything a newcomer needs
 * to walk Yöntem 2 with no card: a SoftHSM2 token labelled like an AKİS card
 * holding an NES-shaped certificate and its key, issued by a practice root
 * CA (clearly not Kamu SM's) whose certificate the practice portal trusts.
 *
 * SoftHSM reads SOFTHSM2_CONF when it is initialised, so creating the card
 * sets that variable (g_setenv) to the card's config. Environment changes are
 * not thread-safe: create the card early at start-up, before any other thread
 * runs, and before anything else in the process loads SoftHSM. Afterwards the
 * token manager can load eb_practice_card_get_module_path() as the user's
 * module and finds the token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EB_PRACTICE_CARD_ERROR (eb_practice_card_error_quark ())

typedef enum
{
  EB_PRACTICE_CARD_ERROR_FAILED,        /* none of the below */
  EB_PRACTICE_CARD_ERROR_NO_SOFTHSM,    /* the SoftHSM2 module is not installed */
  EB_PRACTICE_CARD_ERROR_SOFTHSM_BUSY,  /* SoftHSM is already in use in this process */
  EB_PRACTICE_CARD_ERROR_INVALID_TCKN,  /* not a T.C. Kimlik No */
} EbPracticeCardError;

/* What exactly went wrong, for src/ui to say (eb-card-text.c). */
typedef enum
{
  EB_PRACTICE_CARD_PROBLEM_CALL_FAILED,       /* subject: the OpenSSL call; reason: its error */
  EB_PRACTICE_CARD_PROBLEM_TOKEN_CALL_FAILED, /* subject: the PKCS#11 call; number: its CK_RV */
  EB_PRACTICE_CARD_PROBLEM_NOT_INSTALLED,     /* subject: the paths looked at */
  EB_PRACTICE_CARD_PROBLEM_NOT_LOADABLE,      /* subject: the module; reason: why */
  EB_PRACTICE_CARD_PROBLEM_BUSY,
  EB_PRACTICE_CARD_PROBLEM_INVALID_TCKN,      /* subject: the number given */
  EB_PRACTICE_CARD_PROBLEM_NO_HOLDER_NAME,
} EbPracticeCardProblem;

typedef struct
{
  EbPracticeCardProblem problem;
  char *subject;
  char *reason;
  gulong number;
} EbPracticeCardErrorDetail;

/* The practice card's user PIN (and SO PIN): shown to the user, not a secret. */
#define EB_PRACTICE_CARD_PIN "123456"
/* Wrong PINs in a row that lock the practice card, as they lock an AKİS card. */
#define EB_PRACTICE_CARD_PIN_TRIES 3
/* Like a real card's AKIS_<serial>. */
#define EB_PRACTICE_CARD_TOKEN_LABEL "AKIS_PRACTICE"

#define EB_TYPE_PRACTICE_CARD (eb_practice_card_get_type ())

G_DECLARE_FINAL_TYPE (EbPracticeCard, eb_practice_card, EB, PRACTICE_CARD, GObject)

GQuark          eb_practice_card_error_quark         (void);
const EbPracticeCardErrorDetail *eb_practice_card_error_get_detail (const GError *error);

const char * const *eb_practice_card_get_default_module_paths (void);
char           *eb_practice_card_find_module         (const char * const  *module_paths,
                                                      GError             **error);

EbPracticeCard *eb_practice_card_new                 (const char          *dir,
                                                      const char          *holder_name,
                                                      const char          *tckn,
                                                      GError             **error);
EbPracticeCard *eb_practice_card_new_full            (const char          *dir,
                                                      const char          *holder_name,
                                                      const char          *tckn,
                                                      const char * const  *module_paths,
                                                      GError             **error);
void            eb_practice_card_new_async           (const char          *dir,
                                                      const char          *holder_name,
                                                      const char          *tckn,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
EbPracticeCard *eb_practice_card_new_finish          (GAsyncResult        *result,
                                                      GError             **error);

const char     *eb_practice_card_get_dir             (EbPracticeCard      *self);
const char     *eb_practice_card_get_module_path     (EbPracticeCard      *self);
const char     *eb_practice_card_get_softhsm_conf    (EbPracticeCard      *self);
const char     *eb_practice_card_get_trust_dir       (EbPracticeCard      *self);
const char     *eb_practice_card_get_root_path       (EbPracticeCard      *self);
const char     *eb_practice_card_get_holder_name     (EbPracticeCard      *self);
const char     *eb_practice_card_get_tckn            (EbPracticeCard      *self);
const char     *eb_practice_card_get_certificate_label (EbPracticeCard    *self);
GBytes         *eb_practice_card_get_certificate_der (EbPracticeCard      *self);

/* The PIN retry counter SoftHSM lacks; any thread (the token manager's worker). */
gboolean        eb_practice_card_pin_is_locked       (EbPracticeCard      *self);
void            eb_practice_card_record_login        (EbPracticeCard      *self,
                                                      gboolean             pin_right);
gulong          eb_practice_card_get_pin_flags       (EbPracticeCard      *self);

G_END_DECLS
