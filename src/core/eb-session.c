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
  EbDraftAutosave *autosave;
  gboolean draft_restored;
};

G_DEFINE_FINAL_TYPE (EbSession, eb_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FORM,
  PROP_DRAFT_RESTORED,
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
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_DRAFT_RESTORED:
      g_value_set_boolean (value, self->draft_restored);
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
  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, EB_TYPE_APPLICATION_FORM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT_RESTORED] =
    g_param_spec_boolean ("draft-restored", NULL, NULL, FALSE,
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
 */
EbSession *
eb_session_new (EbStore *store)
{
  g_return_val_if_fail (store == NULL || EB_IS_STORE (store), NULL);

  return g_object_new (EB_TYPE_SESSION, "store", store, NULL);
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

  if (self->autosave != NULL && !eb_draft_autosave_flush (self->autosave, error))
    return FALSE;
  if (self->store == NULL)
    return TRUE;

  return eb_store_delete_draft (self->store, person_key, error) &&
         eb_store_delete_draft (self->store, "", error);
}
