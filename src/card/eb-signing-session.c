/* eb-signing-session.c — one PIN session on the signing card: log in, sign, log out
 *
 * Yöntem 2's card steps without a widget, so the e-sign page is a shell
 * over them and the whole protocol runs in a test with no display: the PIN
 * (a wiped EbSecret, never logged) opens the token the user saw, the card
 * signs the issued form once (PAdES on the token manager's thread), and the
 * card is not left open behind the user's back, whatever happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-card-enums.h"
#include "eb-certificate-info.h"
#include "eb-form-document.h"
#include "eb-pades-signer.h"
#include "eb-signing-session.h"
#include "eb-token-manager.h"

struct _EbSigningSession
{
  GObject parent_instance;

  EbSigningCard *card;
  /* What the PIN is given for, kept for the signature: a card event
   * meanwhile may make the signing card read something else. */
  EbToken *token;
  EbTokenCertificate *certificate;
  EbSigningSessionState state;
};

G_DEFINE_FINAL_TYPE (EbSigningSession, eb_signing_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the card's thread needs to sign; it owns its copies. */
typedef struct
{
  GBytes *document;
  char *name;
  char *tckn;
  GDateTime *time;
} SignJob;

/* The task's: the document until it is signed, then the outcome. */
typedef struct
{
  GBytes *document;
  GBytes *signed_document;
  GError *error;
} SignRun;

static void
sign_job_free (SignJob *job)
{
  g_bytes_unref (job->document);
  g_free (job->name);
  g_free (job->tckn);
  g_date_time_unref (job->time);
  g_free (job);
}

static void
sign_run_free (SignRun *run)
{
  g_clear_pointer (&run->document, g_bytes_unref);
  g_clear_pointer (&run->signed_document, g_bytes_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
set_state (EbSigningSession      *self,
           EbSigningSessionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
finish (GTask *task)
{
  EbSigningSession *self = g_task_get_source_object (task);
  SignRun *run = g_task_get_task_data (task);

  eb_signing_card_set_pin_session_active (self->card, FALSE);
  if (run->error != NULL)
    {
      set_state (self, EB_SIGNING_SESSION_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }
  set_state (self, EB_SIGNING_SESSION_STATE_SIGNED);
  g_task_return_pointer (task, g_steal_pointer (&run->signed_document), (GDestroyNotify) g_bytes_unref);
}

static void
logged_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A card pulled out is logged out anyway; what it says is for the log. */
  if (!eb_token_manager_logout_finish (EB_TOKEN_MANAGER (source), result, &error))
    g_debug ("Logging out of the card: %s", error->message);
  finish (task);
}

/* The card is not left open behind the user's back, signed or not. */
static void
log_out (GTask *task)
{
  EbSigningSession *self = g_task_get_source_object (task);

  if (!eb_token_get_logged_in (self->token))
    {
      finish (task);
      return;
    }
  set_state (self, EB_SIGNING_SESSION_STATE_LOGGING_OUT);
  /* Not cancellable: a cancelled signature still closes the PIN session. */
  eb_token_manager_logout_async (eb_signing_card_get_manager (self->card), self->token, NULL,
                                 logged_out_cb, task);
}

/* Runs on the token manager's thread, the only one that may use @key. */
static GBytes *
sign_with_key (EVP_PKEY      *key,
               X509          *certificate,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  SignJob *job = user_data;
  EbPadesAppearance appearance = { job->name, job->tckn, job->time };
  EbPdfRect box;

  eb_form_document_get_signature_box (&box);
  return eb_pades_sign (job->document, key, certificate, NULL, &box, &appearance, error);
}

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  SignRun *run = g_task_get_task_data (task);

  run->signed_document = eb_token_manager_run_with_key_finish (EB_TOKEN_MANAGER (source), result,
                                                               &run->error);
  log_out (task);
}

static void
sign (GTask *task)
{
  EbSigningSession *self = g_task_get_source_object (task);
  SignRun *run = g_task_get_task_data (task);
  EbCertificateInfo *info = eb_token_certificate_get_info (self->certificate);
  SignJob *job;

  if (info == NULL)
    {
      run->error = g_error_new_literal (EB_TOKEN_ERROR, EB_TOKEN_ERROR_TOKEN_NOT_PRESENT,
                                        "The card's certificate cannot be read");
      log_out (task);
      return;
    }

  job = g_new0 (SignJob, 1);
  job->document = g_steal_pointer (&run->document);
  job->name = g_strdup (eb_certificate_info_get_holder_name (info));
  job->tckn = g_strdup (eb_certificate_info_get_tckn (info));
  job->time = g_date_time_new_now_utc ();

  set_state (self, EB_SIGNING_SESSION_STATE_SIGNING);
  eb_token_manager_run_with_key_async (eb_signing_card_get_manager (self->card), self->token,
                                       self->certificate, sign_with_key, job,
                                       (GDestroyNotify) sign_job_free, g_task_get_cancellable (task),
                                       signed_cb, task);
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignRun *run = g_task_get_task_data (task);

  if (!eb_token_manager_login_finish (EB_TOKEN_MANAGER (source), result, &run->error))
    {
      log_out (task);
      return;
    }
  sign (task);
}

static void
eb_signing_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EbSigningSession *self = EB_SIGNING_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_signing_session_dispose (GObject *object)
{
  EbSigningSession *self = EB_SIGNING_SESSION (object);

  g_clear_object (&self->card);
  g_clear_object (&self->token);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (eb_signing_session_parent_class)->dispose (object);
}

static void
eb_signing_session_class_init (EbSigningSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_signing_session_dispose;
  object_class->get_property = eb_signing_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, EB_TYPE_SIGNING_SESSION_STATE, EB_SIGNING_SESSION_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_signing_session_init (EbSigningSession *self)
{
}

/**
 * eb_signing_session_new:
 * @card: the app's signing card, with a token and a certificate
 *   (%EB_SIGNING_CARD_STATE_READY)
 *
 * Returns: (transfer full): a session for the token and certificate @card
 *   shows now
 */
EbSigningSession *
eb_signing_session_new (EbSigningCard *card)
{
  EbSigningSession *self;

  g_return_val_if_fail (EB_IS_SIGNING_CARD (card), NULL);
  g_return_val_if_fail (eb_signing_card_get_token (card) != NULL, NULL);
  g_return_val_if_fail (eb_signing_card_get_certificate (card) != NULL, NULL);

  self = g_object_new (EB_TYPE_SIGNING_SESSION, NULL);
  self->card = g_object_ref (card);
  self->token = g_object_ref (eb_signing_card_get_token (card));
  self->certificate = g_object_ref (eb_signing_card_get_certificate (card));
  return self;
}

EbSigningSessionState
eb_signing_session_get_state (EbSigningSession *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_SESSION (self), EB_SIGNING_SESSION_STATE_IDLE);

  return self->state;
}

/**
 * eb_signing_session_get_token:
 *
 * Returns: (transfer none): the token the PIN is given for, which signs
 */
EbToken *
eb_signing_session_get_token (EbSigningSession *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_SESSION (self), NULL);

  return self->token;
}

/**
 * eb_signing_session_get_certificate:
 *
 * Returns: (transfer none): the certificate whose key signs
 */
EbTokenCertificate *
eb_signing_session_get_certificate (EbSigningSession *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_SESSION (self), NULL);

  return self->certificate;
}

/**
 * eb_signing_session_get_uses_pin_pad:
 *
 * Returns: whether the PIN is typed on the reader's keypad (pass no PIN)
 */
gboolean
eb_signing_session_get_uses_pin_pad (EbSigningSession *self)
{
  g_return_val_if_fail (EB_IS_SIGNING_SESSION (self), FALSE);

  return eb_token_get_protected_auth_path (self->token);
}

/**
 * eb_signing_session_sign_async:
 * @document: the PDF to sign (the form as the portal issued it)
 * @pin: (nullable): the PIN; %NULL on a PIN-pad reader
 *
 * Logs in to the token with @pin, has the card sign @document once (PAdES
 * B-B with the visible signature in the form's signature box, the holder's
 * name and T.C. Kimlik No from the certificate), and logs out, also when
 * something failed. Call once per session.
 */
void
eb_signing_session_sign_async (EbSigningSession    *self,
                               GBytes              *document,
                               EbSecret            *pin,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  SignRun *run;

  g_return_if_fail (EB_IS_SIGNING_SESSION (self));
  g_return_if_fail (document != NULL);
  g_return_if_fail (self->state == EB_SIGNING_SESSION_STATE_IDLE);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_signing_session_sign_async);
  run = g_new0 (SignRun, 1);
  run->document = g_bytes_ref (document);
  g_task_set_task_data (task, run, (GDestroyNotify) sign_run_free);

  /* No reading of the tokens again while the PIN session is open. */
  eb_signing_card_set_pin_session_active (self->card, TRUE);
  set_state (self, EB_SIGNING_SESSION_STATE_LOGGING_IN);
  eb_token_manager_login_async (eb_signing_card_get_manager (self->card), self->token, pin,
                                cancellable, logged_in_cb, task);
}

/**
 * eb_signing_session_sign_finish:
 *
 * Returns: (transfer full) (nullable): the signed PDF (the document, then
 *   the signature as an incremental update)
 */
GBytes *
eb_signing_session_sign_finish (EbSigningSession  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
