/* eb-page.c — one step of the wizard
 *
 * Pages follow GNOME Initial Setup: a page has a title, a "complete" state
 * and an apply step the assistant runs (with a spinner) before moving on;
 * it reaches the shared session and signing card, never other pages or the
 * assistant. Pages with form fields tie their rows with an EbFieldBinding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-page.h"

typedef struct
{
  EbSession *session;
  EbSigningCard *signing_card;
  char *title;
  char *next_label;
  gboolean complete;
  gboolean is_final;
  gboolean starts_session;
} EbPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (EbPage, eb_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SIGNING_CARD,
  PROP_TITLE,
  PROP_NEXT_LABEL,
  PROP_COMPLETE,
  PROP_IS_FINAL,
  PROP_STARTS_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Like g_set_str() (GLib 2.76; Debian 12 has 2.74), and notifies. */
static void
set_string (EbPage     *self,
            char      **str,
            const char *value,
            guint       prop_id)
{
  if (g_strcmp0 (*str, value) == 0)
    return;

  g_free (*str);
  *str = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Sets a boolean property; notifies only when it changes. */
static void
set_flag (EbPage   *self,
          gboolean *flag,
          gboolean  value,
          guint     prop_id)
{
  if (*flag == !!value)
    return;

  *flag = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
eb_page_constructed (GObject *object)
{
  EbPage *self = EB_PAGE (object);
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  G_OBJECT_CLASS (eb_page_parent_class)->constructed (object);

  g_return_if_fail (priv->session != NULL);

  /* The session outlives the page. */
  g_signal_connect_object (eb_session_get_form (priv->session), "changed",
                           G_CALLBACK (eb_page_update_complete), self, G_CONNECT_SWAPPED);
}

static void
eb_page_finalize (GObject *object)
{
  EbPage *self = EB_PAGE (object);
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_clear_object (&priv->session);
  g_clear_object (&priv->signing_card);
  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);

  G_OBJECT_CLASS (eb_page_parent_class)->finalize (object);
}

static void
eb_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  EbPage *self = EB_PAGE (object);
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_SIGNING_CARD:
      g_value_set_object (value, priv->signing_card);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, priv->next_label);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_IS_FINAL:
      g_value_set_boolean (value, priv->is_final);
      break;
    case PROP_STARTS_SESSION:
      g_value_set_boolean (value, priv->starts_session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  EbPage *self = EB_PAGE (object);
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    case PROP_SIGNING_CARD:
      priv->signing_card = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      eb_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_NEXT_LABEL:
      eb_page_set_next_label (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      eb_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_IS_FINAL:
      eb_page_set_is_final (self, g_value_get_boolean (value));
      break;
    case PROP_STARTS_SESSION:
      eb_page_set_starts_session (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_page_class_init (EbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eb_page_constructed;
  object_class->finalize = eb_page_finalize;
  object_class->get_property = eb_page_get_property;
  object_class->set_property = eb_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, EB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* NULL without card support (tests of the pages that do not sign). */
  properties[PROP_SIGNING_CARD] =
    g_param_spec_object ("signing-card", NULL, NULL, EB_TYPE_SIGNING_CARD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_FINAL] =
    g_param_spec_boolean ("is-final", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTS_SESSION] =
    g_param_spec_boolean ("starts-session", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_page_init (EbPage *self)
{
}

EbSession *
eb_page_get_session (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  return priv->session;
}

/**
 * eb_page_get_signing_card:
 *
 * Returns: (transfer none) (nullable): the card the app would sign with
 */
EbSigningCard *
eb_page_get_signing_card (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  return priv->signing_card;
}

EbApplicationForm *
eb_page_get_form (EbPage *self)
{
  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  return eb_session_get_form (eb_page_get_session (self));
}

const char *
eb_page_get_title (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  return priv->title;
}

void
eb_page_set_title (EbPage     *self,
                   const char *title)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_if_fail (EB_IS_PAGE (self));

  set_string (self, &priv->title, title, PROP_TITLE);
}

/**
 * eb_page_get_next_label:
 *
 * Returns: (nullable): the label of the assistant's forward button on this
 *   page, or %NULL for the default "Next"
 */
const char *
eb_page_get_next_label (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  return priv->next_label;
}

void
eb_page_set_next_label (EbPage     *self,
                        const char *label)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_if_fail (EB_IS_PAGE (self));

  set_string (self, &priv->next_label, label, PROP_NEXT_LABEL);
}

gboolean
eb_page_get_complete (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
eb_page_set_complete (EbPage   *self,
                      gboolean  complete)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_if_fail (EB_IS_PAGE (self));

  set_flag (self, &priv->complete, complete, PROP_COMPLETE);
}

/**
 * eb_page_get_is_final:
 *
 * Returns: whether the wizard ends on this page (no forward button)
 */
gboolean
eb_page_get_is_final (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  return priv->is_final;
}

void
eb_page_set_is_final (EbPage   *self,
                      gboolean  is_final)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_if_fail (EB_IS_PAGE (self));

  set_flag (self, &priv->is_final, is_final, PROP_IS_FINAL);
}

/**
 * eb_page_get_starts_session:
 *
 * Returns: whether this page opens a portal session (the login); the
 *   assistant comes back to it when the portal says the session ended
 */
gboolean
eb_page_get_starts_session (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  return priv->starts_session;
}

void
eb_page_set_starts_session (EbPage   *self,
                            gboolean  starts_session)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_if_fail (EB_IS_PAGE (self));

  set_flag (self, &priv->starts_session, starts_session, PROP_STARTS_SESSION);
}

/**
 * eb_page_update_complete:
 *
 * Works out "complete" again from the page's check_complete(). It runs by
 * itself when the form changes; pages call it when their own state (a
 * captcha, a code) changes.
 */
void
eb_page_update_complete (EbPage *self)
{
  EbPageClass *klass;

  g_return_if_fail (EB_IS_PAGE (self));

  klass = EB_PAGE_GET_CLASS (self);
  if (klass->check_complete != NULL)
    eb_page_set_complete (self, klass->check_complete (self));
}

void
eb_page_shown (EbPage *self)
{
  g_return_if_fail (EB_IS_PAGE (self));

  if (EB_PAGE_GET_CLASS (self)->shown != NULL)
    EB_PAGE_GET_CLASS (self)->shown (self);
}

gboolean
eb_page_applies (EbPage *self)
{
  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  if (EB_PAGE_GET_CLASS (self)->applies != NULL)
    return EB_PAGE_GET_CLASS (self)->applies (self);
  return TRUE;
}

void
eb_page_apply_async (EbPage              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EB_IS_PAGE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* A page without an apply step is done at once. */
  if (EB_PAGE_GET_CLASS (self)->apply_async != NULL)
    {
      EB_PAGE_GET_CLASS (self)->apply_async (self, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_page_apply_async);
  g_task_return_boolean (task, TRUE);
}

gboolean
eb_page_apply_finish (EbPage        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  if (EB_PAGE_GET_CLASS (self)->apply_finish != NULL)
    return EB_PAGE_GET_CLASS (self)->apply_finish (self, result, error);
  return g_task_propagate_boolean (G_TASK (result), error);
}
