/* eb-signing-card.c — the certificate the app would sign with, kept current
 *
 * Ties the PC/SC monitor to the token manager: each card inserted or removed
 * makes the PKCS#11 module read the tokens again (off the main thread), and
 * the certificate that would sign the application is picked from them: the
 * applicant's NES if there is one. The status widget, the method page and
 * the e-sign page all read it from here, so they never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-card-enums.h"
#include "eb-certificate-info.h"
#include "eb-clock.h"
#include "eb-signing-card.h"

/* pcscd reports insertion before the card is ready for the module. */
#define REFRESH_DELAY_MS 150

struct _EbSigningCard
{
  GObject parent_instance;

  EbPcscMonitor *monitor;
  EbTokenManager *manager;
  char *user_module;
  char *applicant_tckn;

  EbSigningCardState state;
  char *problem;
  EbToken *token;
  EbTokenCertificate *certificate;

  GCancellable *cancellable;
  guint refresh_source;
  gboolean reading;
  gboolean refresh_again;
  gboolean pin_session_active;
  gboolean missed_event;        /* a card came during the PIN session */
  gboolean held;                /* no reading until released */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_PROBLEM,
  PROP_TOKEN,
  PROP_CERTIFICATE,
  PROP_APPLICANT_TCKN,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EbSigningCard, eb_signing_card, G_TYPE_OBJECT)

static void start_reading (EbSigningCard *self);

/* Higher is better: the applicant's own NES, with nonRepudiation, valid
 * today, labelled as AKİS labels the signing certificate (<TCKN>NES0). */
static int
score_certificate (EbSigningCard      *self,
                   EbTokenCertificate *certificate,
                   GDateTime          *now)
{
  EbCertificateInfo *info = eb_token_certificate_get_info (certificate);
  const char *label = eb_token_certificate_get_label (certificate);
  int score = 0;

  if (info == NULL)
    return -1;
  if (self->applicant_tckn != NULL
      && g_strcmp0 (eb_certificate_info_get_tckn (info), self->applicant_tckn) == 0)
    score += 16;
  if (eb_certificate_info_is_nes (info))
    score += 8;
  if (eb_certificate_info_get_non_repudiation (info))
    score += 4;
  if (g_date_time_compare (now, eb_certificate_info_get_not_before (info)) >= 0
      && g_date_time_compare (now, eb_certificate_info_get_not_after (info)) <= 0)
    score += 2;
  if (label != NULL && g_str_has_suffix (label, "NES0"))
    score += 1;
  return score;
}

static void
set_result (EbSigningCard      *self,
            EbSigningCardState  state,
            const char         *problem,
            EbToken            *token,
            EbTokenCertificate *certificate)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (object, properties[PROP_PROBLEM]);
    }
  if (g_set_object (&self->token, token))
    g_object_notify_by_pspec (object, properties[PROP_TOKEN]);
  if (g_set_object (&self->certificate, certificate))
    g_object_notify_by_pspec (object, properties[PROP_CERTIFICATE]);
  g_object_thaw_notify (object);

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
choose_certificate (EbSigningCard *self)
{
  GListModel *tokens = eb_token_manager_get_tokens (self->manager);
  g_autoptr(EbToken) best_token = NULL;
  g_autoptr(EbTokenCertificate) best = NULL;
  g_autoptr(EbToken) first_token = NULL;
  g_autoptr(GDateTime) now = eb_clock_now ();
  int best_score = -1;
  gint best_days = G_MININT;
  guint n_tokens = g_list_model_get_n_items (tokens);

  for (guint i = 0; i < n_tokens; i++)
    {
      g_autoptr(EbToken) token = g_list_model_get_item (tokens, i);
      GListModel *certificates = eb_token_get_certificates (token);

      if (first_token == NULL)
        first_token = g_object_ref (token);
      for (guint j = 0; j < g_list_model_get_n_items (certificates); j++)
        {
          g_autoptr(EbTokenCertificate) certificate = g_list_model_get_item (certificates, j);
          int score = score_certificate (self, certificate, now);
          EbCertificateInfo *info = eb_token_certificate_get_info (certificate);
          gint days = info != NULL ? eb_certificate_info_get_days_left (info, now) : G_MININT;

          /* Of equals, the one that lasts longest. */
          if (score > best_score || (score == best_score && days > best_days))
            {
              best_score = score;
              best_days = days;
              g_set_object (&best, certificate);
              g_set_object (&best_token, token);
            }
        }
    }

  if (n_tokens == 0)
    set_result (self, EB_SIGNING_CARD_STATE_NO_TOKEN, NULL, NULL, NULL);
  else if (best == NULL)
    set_result (self, EB_SIGNING_CARD_STATE_NO_CERTIFICATE, NULL, first_token, NULL);
  else
    set_result (self, EB_SIGNING_CARD_STATE_READY, NULL, best_token, best);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EbSigningCard) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == eb_token_manager_load_async)
    ok = eb_token_manager_load_finish (self->manager, result, &error);
  else
    ok = eb_token_manager_refresh_finish (self->manager, result, &error);

  self->reading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ok && g_error_matches (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NO_MODULE))
    set_result (self, EB_SIGNING_CARD_STATE_NO_MODULE, error->message, NULL, NULL);
  else if (!ok)
    set_result (self, EB_SIGNING_CARD_STATE_NO_TOKEN, error->message, NULL, NULL);
  else
    choose_certificate (self);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_reading (self);
    }
}

static void
start_reading (EbSigningCard *self)
{
  if (self->held)
    {
      self->missed_event = TRUE;
      return;
    }
  if (self->reading)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->reading = TRUE;
  if (self->state == EB_SIGNING_CARD_STATE_IDLE)
    {
      self->state = EB_SIGNING_CARD_STATE_READING;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (!eb_token_manager_get_loaded (self->manager))
    eb_token_manager_load_async (self->manager, self->user_module, self->cancellable,
                                 on_read, g_object_ref (self));
  else
    eb_token_manager_refresh_async (self->manager, self->cancellable, on_read, g_object_ref (self));
}

static gboolean
refresh_timeout (gpointer user_data)
{
  EbSigningCard *self = user_data;

  self->refresh_source = 0;
  start_reading (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (EbSigningCard *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
}

static void
on_card_inserted (EbSigningCard *self)
{
  /* Reading the tokens again logs the card out: not under a user typing
   * the PIN or signing. A removal ends that session anyway. */
  if (self->pin_session_active)
    {
      self->missed_event = TRUE;
      return;
    }
  schedule_refresh (self);
}

static void
on_card_removed (EbSigningCard *self)
{
  schedule_refresh (self);
}

static void
eb_signing_card_dispose (GObject *object)
{
  EbSigningCard *self = EB_SIGNING_CARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->manager);
  g_clear_object (&self->token);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (eb_signing_card_parent_class)->dispose (object);
}

static void
eb_signing_card_finalize (GObject *object)
{
  EbSigningCard *self = EB_SIGNING_CARD (object);

  g_clear_object (&self->cancellable);
  g_free (self->user_module);
  g_free (self->applicant_tckn);
  g_free (self->problem);

  G_OBJECT_CLASS (eb_signing_card_parent_class)->finalize (object);
}

static void
eb_signing_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EbSigningCard *self = EB_SIGNING_CARD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_APPLICANT_TCKN:
      g_value_set_string (value, self->applicant_tckn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_signing_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EbSigningCard *self = EB_SIGNING_CARD (object);

  switch (prop_id)
    {
    case PROP_APPLICANT_TCKN:
      eb_signing_card_set_applicant_tckn (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_signing_card_class_init (EbSigningCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_signing_card_dispose;
  object_class->finalize = eb_signing_card_finalize;
  object_class->get_property = eb_signing_card_get_property;
  object_class->set_property = eb_signing_card_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, EB_TYPE_SIGNING_CARD_STATE, EB_SIGNING_CARD_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL, EB_TYPE_TOKEN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, EB_TYPE_TOKEN_CERTIFICATE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLICANT_TCKN] =
    g_param_spec_string ("applicant-tckn", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After every read of the tokens, even when nothing changed: the token's
   * PIN state may have. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
eb_signing_card_init (EbSigningCard *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * eb_signing_card_new:
 * @monitor: (nullable): the PC/SC monitor whose card events trigger a new
 *   read; %NULL for tokens without a reader (SoftHSM in practice mode)
 * @manager: the app's token manager
 * @user_module: (nullable): the PKCS#11 module setting
 */
EbSigningCard *
eb_signing_card_new (EbPcscMonitor  *monitor,
                     EbTokenManager *manager,
                     const char     *user_module)
{
  EbSigningCard *self;

  g_return_val_if_fail (monitor == NULL || EB_IS_PCSC_MONITOR (monitor), NULL);
  g_return_val_if_fail (EB_IS_TOKEN_MANAGER (manager), NULL);

  self = g_object_new (EB_TYPE_SIGNING_CARD, NULL);
  self->manager = g_object_ref (manager);
  self->user_module = g_strdup (user_module != NULL && *user_module != '\0' ? user_module : NULL);
  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      g_signal_connect_swapped (monitor, "card-inserted", G_CALLBACK (on_card_inserted), self);
      g_signal_connect_swapped (monitor, "card-removed", G_CALLBACK (on_card_removed), self);
    }
  return self;
}

EbPcscMonitor *
eb_signing_card_get_monitor (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), NULL);
  return self->monitor;
}

EbTokenManager *
eb_signing_card_get_manager (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), NULL);
  return self->manager;
}

EbSigningCardState
eb_signing_card_get_state (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), EB_SIGNING_CARD_STATE_IDLE);
  return self->state;
}

/**
 * eb_signing_card_get_problem:
 *
 * Returns: (nullable): why the tokens could not be read (the module's words)
 */
const char *
eb_signing_card_get_problem (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), NULL);
  return self->problem;
}

/**
 * eb_signing_card_get_token:
 *
 * Returns: (transfer none) (nullable): the token holding the certificate
 */
EbToken *
eb_signing_card_get_token (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), NULL);
  return self->token;
}

/**
 * eb_signing_card_get_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate that would sign
 */
EbTokenCertificate *
eb_signing_card_get_certificate (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), NULL);
  return self->certificate;
}

const char *
eb_signing_card_get_applicant_tckn (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), NULL);
  return self->applicant_tckn;
}

/**
 * eb_signing_card_set_applicant_tckn:
 * @tckn: (nullable): whose certificate to prefer when a card holds several
 */
void
eb_signing_card_set_applicant_tckn (EbSigningCard *self,
                                    const char    *tckn)
{
  g_return_if_fail (EB_IS_SIGNING_CARD (self));

  if (tckn != NULL && *tckn == '\0')
    tckn = NULL;
  if (g_strcmp0 (self->applicant_tckn, tckn) == 0)
    return;

  g_free (self->applicant_tckn);
  self->applicant_tckn = g_strdup (tckn);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICANT_TCKN]);
  if (self->state == EB_SIGNING_CARD_STATE_READY || self->state == EB_SIGNING_CARD_STATE_NO_CERTIFICATE)
    choose_certificate (self);
}

/**
 * eb_signing_card_refresh:
 *
 * Reads the tokens again (loading the module the first time). Card events
 * do this by themselves; call it once at start and when the user asks.
 */
void
eb_signing_card_refresh (EbSigningCard *self)
{
  g_return_if_fail (EB_IS_SIGNING_CARD (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  start_reading (self);
}

gboolean
eb_signing_card_get_pin_session_active (EbSigningCard *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_CARD (self), FALSE);
  return self->pin_session_active;
}

/**
 * eb_signing_card_set_pin_session_active:
 *
 * While %TRUE (from the PIN entry until the signature is made), a card
 * inserted does not make the tokens be read again, which would log out.
 */
void
eb_signing_card_set_pin_session_active (EbSigningCard *self,
                                        gboolean       active)
{
  g_return_if_fail (EB_IS_SIGNING_CARD (self));
  self->pin_session_active = active;
  /* What happened meanwhile is read now. */
  if (!active && self->missed_event)
    {
      self->missed_event = FALSE;
      schedule_refresh (self);
    }
}

/**
 * eb_signing_card_set_held:
 *
 * While held, nothing reads the tokens (e.g. while the practice card's
 * SoftHSM token is being made: SoftHSM is one per process). Reads asked for
 * meanwhile happen on release.
 */
void
eb_signing_card_set_held (EbSigningCard *self,
                          gboolean       held)
{
  g_return_if_fail (EB_IS_SIGNING_CARD (self));

  self->held = held;
  if (!held && self->missed_event)
    {
      self->missed_event = FALSE;
      start_reading (self);
    }
}
