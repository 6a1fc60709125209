/* eb-draft-autosave.c — saves the form as a draft while the user types
 *
 * A change starts a timer; when it fires, the form is snapshot on the main
 * thread and written by a worker. Only one write runs at a time so drafts
 * reach the disk in the order they were taken; changes made meanwhile are
 * written by one more save after it. The security word never leaves memory.
 *
 * Use it from the thread whose thread-default main context was current when
 * it was made (the UI thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "eb-draft-autosave.h"

struct _EbDraftAutosave
{
  GObject parent_instance;

  EbStore           *store;
  EbApplicationForm *form;
  guint              delay_ms;

  GMainContext      *context;
  GCancellable      *cancellable;
  GSource           *timeout;
  gulong             changed_id;
  char              *in_flight_key;

  guint              dirty : 1;     /* changed since the last snapshot */
  guint              in_flight : 1; /* a write is running */
  guint              flushing : 1;
  guint              pending : 1;   /* dirty || in_flight, as last notified */
};

G_DEFINE_FINAL_TYPE (EbDraftAutosave, eb_draft_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FORM,
  PROP_DELAY_MS,
  PROP_PENDING,
  N_PROPS
};

enum {
  SAVED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_write (EbDraftAutosave *self);

static void
update_pending (EbDraftAutosave *self)
{
  gboolean pending = self->dirty || self->in_flight;

  if (pending == self->pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
clear_timeout (EbDraftAutosave *self)
{
  if (self->timeout == NULL)
    return;

  g_source_destroy (self->timeout);
  g_clear_pointer (&self->timeout, g_source_unref);
}

static gboolean
is_secret_key (const char *key)
{
  for (guint i = 0; i < EB_N_FIELDS; i++)
    if (eb_application_form_field_is_secret (i) &&
        g_strcmp0 (eb_application_form_get_field_name (i), key) == 0)
      return TRUE;

  return FALSE;
}

static GVariant *
snapshot (EbDraftAutosave  *self,
          char            **person_key)
{
  g_autoptr(GVariant) fields = g_variant_ref_sink (eb_application_form_serialize (self->form));
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  const char *value;

  /* serialize() already leaves the secrets out; checking again here keeps
   * a future change there from ever putting them on disk. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!is_secret_key (key))
      g_variant_builder_add (&builder, "{ss}", key, value);

  *person_key = eb_application_form_dup_person_key (self->form);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EbDraftAutosave) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person_key = NULL;
  gboolean ok;

  ok = eb_store_save_draft_finish (EB_STORE (source), result, &error);
  /* Cancelled means disposed: @user_data may be gone. */
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Signal handlers may drop the last reference. */
  self = g_object_ref (user_data);
  person_key = g_steal_pointer (&self->in_flight_key);
  self->in_flight = FALSE;

  if (!ok)
    {
      /* Not retried by itself, so a full disk does not fail in a loop: the
       * next change or a flush tries again. */
      self->dirty = TRUE;
      update_pending (self);
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  update_pending (self);
  g_signal_emit (self, signals[SAVED], 0, person_key);

  /* Changes made during the write whose delay has already passed. */
  if (self->dirty && self->timeout == NULL && !self->flushing && self->store != NULL)
    start_write (self);
}

static void
start_write (EbDraftAutosave *self)
{
  g_autoptr(GVariant) fields = NULL;
  g_autofree char *person_key = NULL;

  g_assert (!self->in_flight);

  fields = snapshot (self, &person_key);
  self->dirty = FALSE;
  self->in_flight = TRUE;
  self->in_flight_key = g_strdup (person_key);
  update_pending (self);

  /* The result must come back to the context flush() iterates. */
  g_main_context_push_thread_default (self->context);
  eb_store_save_draft_async (self->store, person_key, fields, self->cancellable, on_saved, self);
  g_main_context_pop_thread_default (self->context);
}

static gboolean
on_timeout (gpointer user_data)
{
  EbDraftAutosave *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);

  /* With a write running, its completion starts the next one. */
  if (self->dirty && !self->in_flight)
    start_write (self);

  return G_SOURCE_REMOVE;
}

static void
on_form_changed (EbApplicationForm *form,
                 EbFormField        field,
                 gpointer           user_data)
{
  EbDraftAutosave *self = user_data;

  if (eb_application_form_field_is_secret (field))
    return;

  self->dirty = TRUE;
  update_pending (self);

  /* The timer is not restarted by later changes, so steady typing is still
   * saved every delay_ms instead of only once it pauses. */
  if (self->timeout == NULL && !self->flushing)
    {
      self->timeout = g_timeout_source_new (self->delay_ms);
      g_source_set_callback (self->timeout, on_timeout, self, NULL);
      g_source_set_static_name (self->timeout, "[eb] draft autosave");
      g_source_attach (self->timeout, self->context);
    }
}

static void
eb_draft_autosave_constructed (GObject *object)
{
  EbDraftAutosave *self = EB_DRAFT_AUTOSAVE (object);

  G_OBJECT_CLASS (eb_draft_autosave_parent_class)->constructed (object);

  g_assert (EB_IS_STORE (self->store));
  g_assert (EB_IS_APPLICATION_FORM (self->form));

  self->context = g_main_context_ref_thread_default ();
  self->changed_id = g_signal_connect (self->form, "changed", G_CALLBACK (on_form_changed), self);
}

static void
eb_draft_autosave_dispose (GObject *object)
{
  EbDraftAutosave *self = EB_DRAFT_AUTOSAVE (object);

  g_cancellable_cancel (self->cancellable);
  clear_timeout (self);
  if (self->form != NULL)
    g_clear_signal_handler (&self->changed_id, self->form);
  g_clear_object (&self->form);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (eb_draft_autosave_parent_class)->dispose (object);
}

static void
eb_draft_autosave_finalize (GObject *object)
{
  EbDraftAutosave *self = EB_DRAFT_AUTOSAVE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->in_flight_key);

  G_OBJECT_CLASS (eb_draft_autosave_parent_class)->finalize (object);
}

static void
eb_draft_autosave_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EbDraftAutosave *self = EB_DRAFT_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_DELAY_MS:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_draft_autosave_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EbDraftAutosave *self = EB_DRAFT_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FORM:
      self->form = g_value_dup_object (value);
      break;
    case PROP_DELAY_MS:
      self->delay_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_draft_autosave_class_init (EbDraftAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eb_draft_autosave_constructed;
  object_class->dispose = eb_draft_autosave_dispose;
  object_class->finalize = eb_draft_autosave_finalize;
  object_class->get_property = eb_draft_autosave_get_property;
  object_class->set_property = eb_draft_autosave_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, EB_TYPE_APPLICATION_FORM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY_MS] =
    g_param_spec_uint ("delay-ms", NULL, NULL, 0, G_MAXUINT, 400,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EbDraftAutosave:pending:
   *
   * Whether some change is not on disk yet (waiting, being written, or its
   * write failed).
   */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbDraftAutosave::saved:
   * @person_key: the key the draft was saved under ("" before the TCKN is valid)
   *
   * Emitted after each successful write, including one made by flush.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * EbDraftAutosave::failed:
   * @error: why the draft could not be written (%EB_STORE_ERROR domain)
   *
   * Emitted after each failed write, including one made by flush. The form
   * keeps its values; the next change or flush tries again.
   */
  signals[FAILED] = g_signal_new ("failed",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
eb_draft_autosave_init (EbDraftAutosave *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * eb_draft_autosave_new:
 * @delay_ms: how long after a change the draft is written
 *
 * Starts saving @form's changes to @store. Call eb_draft_autosave_flush()
 * before dropping it: unsaved changes are not written on dispose.
 */
EbDraftAutosave *
eb_draft_autosave_new (EbStore           *store,
                       EbApplicationForm *form,
                       guint              delay_ms)
{
  g_return_val_if_fail (EB_IS_STORE (store), NULL);
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (form), NULL);

  return g_object_new (EB_TYPE_DRAFT_AUTOSAVE,
                       "store", store,
                       "form", form,
                       "delay-ms", delay_ms,
                       NULL);
}

gboolean
eb_draft_autosave_get_pending (EbDraftAutosave *self)
{
  g_return_val_if_fail (EB_IS_DRAFT_AUTOSAVE (self), FALSE);

  return self->pending;
}

/**
 * eb_draft_autosave_flush:
 *
 * Writes any change not yet on disk, synchronously; a write already running
 * is waited for first (by iterating the main context). Used when quitting.
 */
gboolean
eb_draft_autosave_flush (EbDraftAutosave  *self,
                         GError          **error)
{
  g_autoptr(EbDraftAutosave) hold = NULL;
  g_autoptr(GVariant) fields = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *person_key = NULL;

  g_return_val_if_fail (EB_IS_DRAFT_AUTOSAVE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store == NULL)
    return TRUE;

  if (!g_main_context_acquire (self->context))
    {
      g_critical ("%s: called from a thread that does not own the autosave's main context",
                  G_STRFUNC);
      return FALSE;
    }

  hold = g_object_ref (self);
  clear_timeout (self);

  /* A write still running could otherwise land after ours, with older data. */
  self->flushing = TRUE;
  while (self->in_flight)
    g_main_context_iteration (self->context, TRUE);
  self->flushing = FALSE;

  g_main_context_release (self->context);
  clear_timeout (self);

  if (!self->dirty || self->store == NULL)
    return TRUE;

  fields = snapshot (self, &person_key);
  self->dirty = FALSE;

  if (!eb_store_save_draft (self->store, person_key, fields, &local_error))
    {
      self->dirty = TRUE;
      update_pending (self);
      g_signal_emit (self, signals[FAILED], 0, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  update_pending (self);
  g_signal_emit (self, signals[SAVED], 0, person_key);
  return TRUE;
}
