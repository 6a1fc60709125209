/* eb-session.c — what the wizard's pages share: the form, the store, the draft
 *
 * Pages never talk to each other (the GNOME Initial Setup model): they read
 * and write this object. Later steps add the portal client here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-draft-autosave.h"
#include "eb-session.h"

/* Long enough to batch a burst of typing, short enough that a crash loses
 * at most a word. */
#define AUTOSAVE_DELAY_MS 400

struct _EbSession
{
  GObject parent_instance;

  EbApplicationForm *form;
  EbStore *store;
  EbPortalClient *client;
  EbDraftAutosave *autosave;
  gboolean draft_restored;

  gboolean training;
  GPtrArray *sample_people;     /* GVariant a{ss}, training mode only */

  EbPortalSmsInfo *sms_info;
  gint64 sms_sent_at;           /* monotonic µs */
  char *application_no;
  char *method;
  gint64 application_id;        /* its row in the local history; 0: none */
  char *state;                  /* the portal's last state of it, as noted */
  gint64 recorded_at;           /* when it was numbered, unix µs */
  gint64 state_at;              /* when the state was noted, unix µs */
  GBytes *document;             /* the form as the portal issued it */
  GBytes *signed_document;      /* Yöntem 2: the form as signed by the card */
  GBytes *signed_from;          /* the issued form it was made from */
  gboolean signed_accepted;     /* the portal took it */
  guint checklist;              /* EbChecklistItem flags */
};

G_DEFINE_FINAL_TYPE (EbSession, eb_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLIENT,
  PROP_FORM,
  PROP_DRAFT_RESTORED,
  PROP_SMS_SENT_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eb_session_constructed (GObject *object)
{
  EbSession *self = EB_SESSION (object);

  G_OBJECT_CLASS (eb_session_parent_class)->constructed (object);

  self->form = eb_application_form_new ();
  if (self->store != NULL)
    self->autosave = eb_draft_autosave_new (self->store, self->form, AUTOSAVE_DELAY_MS);
}

static void
eb_session_dispose (GObject *object)
{
  EbSession *self = EB_SESSION (object);

  g_clear_object (&self->autosave);
  g_clear_object (&self->form);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->sample_people, g_ptr_array_unref);
  g_clear_pointer (&self->sms_info, eb_portal_sms_info_free);
  g_clear_pointer (&self->application_no, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->document, g_bytes_unref);
  g_clear_pointer (&self->signed_document, g_bytes_unref);
  g_clear_pointer (&self->signed_from, g_bytes_unref);

  G_OBJECT_CLASS (eb_session_parent_class)->dispose (object);
}

static void
eb_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EbSession *self = EB_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_DRAFT_RESTORED:
      g_value_set_boolean (value, self->draft_restored);
      break;
    case PROP_SMS_SENT_AT:
      g_value_set_int64 (value, self->sms_sent_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EbSession *self = EB_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_session_class_init (EbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eb_session_constructed;
  object_class->dispose = eb_session_dispose;
  object_class->get_property = eb_session_get_property;
  object_class->set_property = eb_session_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EB_TYPE_PORTAL_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, EB_TYPE_APPLICATION_FORM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT_RESTORED] =
    g_param_spec_boolean ("draft-restored", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When the portal sent the current SMS code (monotonic µs, 0 before any):
   * notified with each new code, whose lifetime starts then. */
  properties[PROP_SMS_SENT_AT] =
    g_param_spec_int64 ("sms-sent-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_session_init (EbSession *self)
{
}

/**
 * eb_session_new:
 * @store: (nullable): where drafts go; %NULL when the database could not be
 *   opened at all, in which case the app still works but keeps nothing
 * @client: the portal every step goes to
 */
EbSession *
eb_session_new (EbStore        *store,
                EbPortalClient *client)
{
  g_return_val_if_fail (store == NULL || EB_IS_STORE (store), NULL);
  g_return_val_if_fail (EB_IS_PORTAL_CLIENT (client), NULL);

  return g_object_new (EB_TYPE_SESSION, "store", store, "client", client, NULL);
}

EbPortalClient *
eb_session_get_client (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->client;
}

gboolean
eb_session_get_training (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  return self->training;
}

/**
 * eb_session_set_training:
 * @sample_people: (transfer none): the training registry's people as a{ss}
 *   keyed by form field name, offered to fill in the login
 *
 * Marks the session as practice against the built-in portal.
 */
void
eb_session_set_training (EbSession *self,
                         GPtrArray *sample_people)
{
  g_return_if_fail (EB_IS_SESSION (self));

  self->training = TRUE;
  g_clear_pointer (&self->sample_people, g_ptr_array_unref);
  if (sample_people != NULL)
    self->sample_people = g_ptr_array_ref (sample_people);
}

/**
 * eb_session_get_sample_people:
 *
 * Returns: (transfer none) (nullable): see eb_session_set_training()
 */
GPtrArray *
eb_session_get_sample_people (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->sample_people;
}

/**
 * eb_session_get_sms_info:
 *
 * Returns: (nullable): what the portal said when it last sent a code
 */
const EbPortalSmsInfo *
eb_session_get_sms_info (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->sms_info;
}

/**
 * eb_session_get_sms_sent_at:
 *
 * Returns: g_get_monotonic_time() when the last code was sent, for countdowns
 */
gint64
eb_session_get_sms_sent_at (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), 0);

  return self->sms_sent_at;
}

/**
 * eb_session_set_sms_info:
 * @info: (transfer full): from eb_portal_client_send_sms_finish()
 */
void
eb_session_set_sms_info (EbSession       *self,
                         EbPortalSmsInfo *info)
{
  g_return_if_fail (EB_IS_SESSION (self));

  g_clear_pointer (&self->sms_info, eb_portal_sms_info_free);
  self->sms_info = info;
  self->sms_sent_at = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMS_SENT_AT]);
}

const char *
eb_session_get_application_no (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->application_no;
}

const char *
eb_session_get_method (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->method;
}

/**
 * eb_session_record_application:
 *
 * Remembers the application number the portal gave and writes it to the
 * local history, so the user can come back to it.
 */
gboolean
eb_session_record_application (EbSession   *self,
                               const char  *application_no,
                               const char  *method,
                               GError     **error)
{
  g_autofree char *person_key = NULL;
  g_autoptr(GVariant) summary = NULL;

  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  eb_session_reset_application (self);
  self->application_no = g_strdup (application_no);
  self->method = g_strdup (method);
  self->state = g_strdup ("method_chosen");
  self->recorded_at = self->state_at = g_get_real_time ();

  /* In practice mode the store is the practice one, thrown away at exit. */
  if (self->store == NULL)
    return TRUE;

  person_key = eb_application_form_dup_person_key (self->form);
  summary = g_variant_ref_sink (eb_application_form_serialize (self->form));
  self->application_id = eb_store_add_application (self->store, person_key, application_no, method,
                                                   "method_chosen", summary, error);
  return self->application_id > 0;
}

/**
 * eb_session_reset_application:
 *
 * Forgets the application of this run (its number, method, issued and
 * signed form, checklist), as a new login or Start Over begins another; the
 * history keeps it.
 */
void
eb_session_reset_application (EbSession *self)
{
  g_return_if_fail (EB_IS_SESSION (self));

  g_clear_pointer (&self->application_no, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->document, g_bytes_unref);
  g_clear_pointer (&self->signed_document, g_bytes_unref);
  g_clear_pointer (&self->signed_from, g_bytes_unref);
  self->signed_accepted = FALSE;
  self->recorded_at = self->state_at = 0;
  self->checklist = 0;
  self->application_id = 0;
}

/**
 * eb_session_set_application_state:
 * @state: the portal's state name, e.g. "form_issued"
 *
 * Notes a state change of the application in the local history.
 */
gboolean
eb_session_set_application_state (EbSession   *self,
                                  const char  *state,
                                  GError     **error)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  if (self->application_no != NULL)
    {
      g_free (self->state);
      self->state = g_strdup (state);
      self->state_at = g_get_real_time ();
    }
  if (self->application_id == 0)
    return TRUE;
  return eb_store_update_application_state (self->store, self->application_id, state, NULL, error);
}

/**
 * eb_session_get_document:
 *
 * Returns: (transfer none) (nullable): the form PDF the portal issued
 */
GBytes *
eb_session_get_document (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->document;
}

/**
 * eb_session_set_document:
 *
 * Keeps the issued form for this run and in the history (to print again).
 * The form is kept in memory even when the history cannot take it.
 */
gboolean
eb_session_set_document (EbSession  *self,
                         GBytes     *document,
                         GError    **error)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  g_clear_pointer (&self->document, g_bytes_unref);
  self->document = g_bytes_ref (document);
  if (self->application_id == 0)
    return TRUE;
  return eb_store_save_application_document (self->store, self->application_id, document, error);
}

static void
document_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSession *self = g_task_get_source_object (task);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;

  document = eb_portal_client_fetch_document_finish (EB_PORTAL_CLIENT (source), result, NULL, &error);
  if (document == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The portal has issued it; the history failing to keep a copy is not
   * worth stopping the user for. */
  if (!eb_session_set_document (self, document, &error) ||
      !eb_session_set_application_state (self, "form_issued", &error))
    g_warning ("Could not keep the issued form in the history: %s", error->message);

  g_task_return_pointer (task, g_steal_pointer (&document), (GDestroyNotify) g_bytes_unref);
}

/**
 * eb_session_fetch_document_async:
 *
 * Gets the application form the portal issued for this application (the
 * portal issues it the first time), once: later calls give the kept copy.
 */
void
eb_session_fetch_document_async (EbSession           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_session_fetch_document_async);
  if (self->document != NULL)
    {
      g_task_return_pointer (task, g_bytes_ref (self->document), (GDestroyNotify) g_bytes_unref);
      return;
    }
  eb_portal_client_fetch_document_async (self->client, cancellable, document_fetched,
                                         g_steal_pointer (&task));
}

/**
 * eb_session_fetch_document_finish:
 *
 * Returns: (transfer full) (nullable): the issued form PDF
 */
GBytes *
eb_session_fetch_document_finish (EbSession     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * eb_session_get_signed_document:
 *
 * Returns: (transfer none) (nullable): Yöntem 2: the form as the card signed
 *   it, sent to the portal or not yet (eb_session_get_signed_accepted())
 */
GBytes *
eb_session_get_signed_document (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->signed_document;
}

/**
 * eb_session_set_signed_document:
 * @signed_document: (nullable): the issued form (eb_session_get_document())
 *   as the card signed it
 *
 * Keeps the signature until the portal takes it
 * (eb_session_upload_signed_document_async()), so that a failed upload is
 * tried again without asking the card to sign a second time.
 */
void
eb_session_set_signed_document (EbSession *self,
                                GBytes    *signed_document)
{
  g_return_if_fail (EB_IS_SESSION (self));

  g_clear_pointer (&self->signed_document, g_bytes_unref);
  g_clear_pointer (&self->signed_from, g_bytes_unref);
  self->signed_accepted = FALSE;
  if (signed_document == NULL)
    return;
  self->signed_document = g_bytes_ref (signed_document);
  if (self->document != NULL)
    self->signed_from = g_bytes_ref (self->document);
}

/**
 * eb_session_get_signed_accepted:
 *
 * Returns: whether the portal accepted the signed document
 */
gboolean
eb_session_get_signed_accepted (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  return self->signed_document != NULL && self->signed_accepted;
}

/**
 * eb_session_get_signed_unsent:
 *
 * Returns: whether the issued form is signed and only the sending is left
 *   (the card need not sign it again)
 */
gboolean
eb_session_get_signed_unsent (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  return self->signed_document != NULL && !self->signed_accepted
         && self->signed_from != NULL && self->signed_from == self->document;
}

static void
signed_document_uploaded (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSession *self = g_task_get_source_object (task);
  GBytes *sent = g_task_get_task_data (task);
  g_autoptr(EbPortalSignedInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = eb_portal_client_upload_signed_document_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (info == NULL)
    {
      /* The portal judged the signature: a new one is needed. Anything
       * else (network, timeout): the same signature is sent again. */
      if (eb_portal_error_is_signature_rejected (error) && self->signed_document == sent)
        eb_session_set_signed_document (self, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->signed_document == sent)
    self->signed_accepted = TRUE;
  /* The portal has it; the history failing to note it is not worth
   * stopping the user for. What is printed or saved again from the
   * history is now the form as signed and sent. */
  if (!eb_session_set_application_state (self, info->state, &error))
    g_warning ("Could not note the application's state: %s", error->message);
  g_clear_error (&error);
  if (self->signed_accepted && self->application_id != 0 &&
      !eb_store_save_application_document (self->store, self->application_id, sent, &error))
    g_warning ("Could not keep the signed form in the history: %s", error->message);
  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) eb_portal_signed_info_free);
}

/**
 * eb_session_upload_signed_document_async:
 *
 * Sends the signed form kept by eb_session_set_signed_document() to the
 * portal. Accepted, it is noted in the history with the portal's state;
 * refused for its signature, it is forgotten (the card must sign again);
 * not taken for any other reason, it is kept for the next try. Not
 * cancelled half way: the portal may have taken the signature, and its
 * answer is what the next step needs (a timeout bounds the wait).
 */
void
eb_session_upload_signed_document_async (EbSession           *self,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EB_IS_SESSION (self));
  g_return_if_fail (self->signed_document != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, eb_session_upload_signed_document_async);
  g_task_set_task_data (task, g_bytes_ref (self->signed_document), (GDestroyNotify) g_bytes_unref);
  eb_portal_client_upload_signed_document_async (self->client, self->signed_document, NULL,
                                                 signed_document_uploaded, g_steal_pointer (&task));
}

/**
 * eb_session_upload_signed_document_finish:
 *
 * Returns: (transfer full) (nullable): the portal's verdict on the signature
 */
EbPortalSignedInfo *
eb_session_upload_signed_document_finish (EbSession     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
eb_session_get_checklist (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), 0);

  return self->checklist;
}

/**
 * eb_session_set_checklist:
 * @checklist: #EbChecklistItem flags
 *
 * Yöntem 1: which copies of the form were mailed, handed over and kept,
 * stored with the application so the user can see what is left to do.
 */
gboolean
eb_session_set_checklist (EbSession  *self,
                          guint       checklist,
                          GError    **error)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  self->checklist = checklist & EB_CHECKLIST_ALL;
  if (self->application_id == 0)
    return TRUE;
  return eb_store_set_application_checklist (self->store, self->application_id, self->checklist, error);
}

EbApplicationForm *
eb_session_get_form (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->form;
}

/**
 * eb_session_get_store:
 *
 * Returns: (transfer none) (nullable): the store, or %NULL if there is none
 */
EbStore *
eb_session_get_store (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  return self->store;
}

gboolean
eb_session_get_draft_restored (EbSession *self)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  return self->draft_restored;
}

/**
 * eb_session_restore_draft:
 *
 * Loads the most recently saved draft into the form, if there is one.
 */
gboolean
eb_session_restore_draft (EbSession  *self,
                          GError    **error)
{
  g_autoptr(GVariant) fields = NULL;
  g_autofree char *person_key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  if (self->store == NULL)
    return TRUE;

  fields = eb_store_load_latest_draft (self->store, &person_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (fields == NULL)
    return TRUE;

  eb_application_form_deserialize (self->form, fields);
  self->draft_restored = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_RESTORED]);

  return TRUE;
}

/**
 * eb_session_flush_draft:
 *
 * Writes pending draft changes now; called when the app quits.
 */
gboolean
eb_session_flush_draft (EbSession  *self,
                        GError    **error)
{
  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  if (self->autosave == NULL)
    return TRUE;

  return eb_draft_autosave_flush (self->autosave, error);
}

/**
 * eb_session_discard_draft:
 *
 * Starts over: forgets the draft of the current person and empties the form.
 */
gboolean
eb_session_discard_draft (EbSession  *self,
                          GError    **error)
{
  g_autofree char *person_key = NULL;
  g_autoptr(EbApplicationForm) fresh = eb_application_form_new ();
  g_autoptr(GVariant) empty = NULL;

  g_return_val_if_fail (EB_IS_SESSION (self), FALSE);

  person_key = eb_application_form_dup_person_key (self->form);
  empty = g_variant_ref_sink (eb_application_form_serialize (fresh));
  eb_application_form_deserialize (self->form, empty);
  eb_application_form_clear_secrets (self->form);
  eb_session_reset_application (self);
  /* Starting over at the portal too: a new login, a new application. */
  eb_portal_client_forget_session (self->client);

  if (self->autosave != NULL && !eb_draft_autosave_flush (self->autosave, error))
    return FALSE;
  if (self->store == NULL)
    return TRUE;

  return eb_store_delete_draft (self->store, person_key, error) &&
         eb_store_delete_draft (self->store, "", error);
}

/**
 * eb_session_dup_application_record:
 *
 * What this run knows of its application: number, method, when it was
 * numbered, the portal's last state and when it was noted, the checklist;
 * as the history keeps it, for the final page's status and print again.
 *
 * Returns: (transfer full) (nullable): %NULL before the portal numbered one
 */
EbApplicationRecord *
eb_session_dup_application_record (EbSession *self)
{
  EbApplicationRecord *record;

  g_return_val_if_fail (EB_IS_SESSION (self), NULL);

  if (self->application_no == NULL)
    return NULL;

  record = g_atomic_rc_box_new0 (EbApplicationRecord);
  record->id = self->application_id;
  record->person_key = eb_application_form_dup_person_key (self->form);
  record->application_no = g_strdup (self->application_no);
  record->method = g_strdup (self->method);
  record->state = g_strdup (self->state);
  record->summary = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{ss}"), NULL, 0));
  record->created_at = self->recorded_at;
  record->updated_at = self->state_at;
  record->checklist = self->checklist;
  record->has_document = self->document != NULL;
  return record;
}
