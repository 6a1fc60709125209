/* eb-assistant.c — runs the wizard's pages: Back, Next, Cancel
 *
 * As in GNOME Initial Setup: the assistant owns the navigation; a page only
 * says whether it is complete and does its work in apply. While a page
 * applies, a spinner shows, Back is off and Cancel stops the work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-assistant.h"
#include "eb-card-status.h"
#include "eb-portal-client.h"
#include "eb-portal-text.h"

struct _EbAssistant
{
  AdwBin parent_instance;

  GtkWidget *title_label;
  GtkWidget *subtitle_label;
  GtkWidget *back_button;
  GtkWidget *cancel_button;
  GtkWidget *next_button;
  GtkWidget *menu_button;
  GtkWidget *spinner;
  GtkWidget *banner_label;
  GtkWidget *card_status;
  GtkWidget *bars;
  GtkWidget *error_revealer;
  GtkWidget *error_label;
  GtkWidget *error_retry_button;
  GtkStack *stack;

  GPtrArray *pages;             /* EbPage, owned by the stack */
  GArray *steps;                /* guint: the procedure's step of each page, 0 before the steps */
  guint current;
  GCancellable *apply_cancellable;
};

static void eb_assistant_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EbAssistant, eb_assistant, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, eb_assistant_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_MENU_MODEL,
  PROP_BANNER,
  PROP_APPLYING,
  PROP_STEP_ERROR,
  PROP_CURRENT_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The next (or previous, @step -1) page that applies to this application,
 * or -1; pages for one method only are passed over on the other. */
static int
neighbour (EbAssistant *self,
           int          step)
{
  for (int i = (int) self->current + step; i >= 0 && i < (int) self->pages->len; i += step)
    if (eb_page_applies (g_ptr_array_index (self->pages, i)))
      return i;
  return -1;
}

/* The procedure's steps, as the welcome page lists them: several pages
 * can make one step (the two SMS pages), one method's pages stand in for
 * the other's, so the count does not change when the method is chosen. */
static guint
count_steps (EbAssistant *self)
{
  guint n_steps = 0;

  for (guint i = 0; i < self->steps->len; i++)
    n_steps = MAX (n_steps, g_array_index (self->steps, guint, i));
  return n_steps;
}

static void
update_navigation (EbAssistant *self)
{
  EbPage *page = eb_assistant_get_current_page (self);
  gboolean applying = self->apply_cancellable != NULL;
  g_autofree char *step = NULL;
  const char *next_label;

  if (page == NULL)
    return;

  next_label = eb_page_get_next_label (page);
  gtk_button_set_label (GTK_BUTTON (self->next_button), next_label != NULL ? next_label : _("_Next"));
  gtk_widget_set_visible (self->next_button, !eb_page_get_is_final (page));
  gtk_widget_set_visible (self->back_button, !applying);
  gtk_widget_set_visible (self->cancel_button, applying);
  gtk_widget_set_visible (self->spinner, applying);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), applying);

  /* The final page reports what the portal has done; there is no undoing it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back",
                                 !applying && neighbour (self, -1) >= 0 && !eb_page_get_is_final (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next",
                                 !applying && eb_page_get_complete (page) && !eb_page_get_is_final (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.cancel", applying);

  {
    guint n = g_array_index (self->steps, guint, self->current);
    guint n_steps = count_steps (self);

    if (n == 0)
      /* TRANSLATORS: under the welcome page's title: how many steps there are */
      step = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", n_steps), n_steps);
    else
      /* TRANSLATORS: shown under the page title: "Step 2 of 4" */
      step = g_strdup_printf (_("Step %u of %u"), n, n_steps);
  }
  gtk_label_set_text (GTK_LABEL (self->title_label), eb_page_get_title (page));
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), step);
}

static void
go_to (EbAssistant *self,
       guint        index)
{
  EbPage *page;

  g_assert (index < self->pages->len);

  self->current = index;
  page = g_ptr_array_index (self->pages, index);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  update_navigation (self);
  eb_page_shown (page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
}

static void
set_applying (EbAssistant  *self,
              GCancellable *cancellable)
{
  g_clear_object (&self->apply_cancellable);
  if (cancellable != NULL)
    self->apply_cancellable = g_object_ref (cancellable);

  update_navigation (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

static void
go_to_session_start (EbAssistant *self)
{
  for (guint i = self->current; i > 0; i--)
    {
      EbPage *page = g_ptr_array_index (self->pages, i - 1);

      if (eb_page_get_starts_session (page))
        {
          go_to (self, i - 1);
          return;
        }
    }
}

/* The last step's error stays, whole, until the step succeeds or the user
 * dismisses it; "Try Again" where trying again can help. */
static void
show_step_error (EbAssistant  *self,
                 const GError *error)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
  gtk_widget_set_visible (self->error_retry_button, eb_portal_text_is_retryable (error));
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->error_revealer), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_ERROR]);
}

static void
clear_step_error (EbAssistant *self)
{
  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->error_revealer)))
    return;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->error_revealer), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_ERROR]);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  clear_step_error (EB_ASSISTANT (widget));
}

static void
apply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EbAssistant) self = user_data;
  EbPage *page = EB_PAGE (source);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = eb_page_apply_finish (page, result, &error);
  set_applying (self, NULL);

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Pages give errors in the user's words already. */
      show_step_error (self, error);

      /* The portal forgot us: back to the login, the form stays. */
      if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SESSION_EXPIRED) ||
          g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SESSION_MISSING) ||
          g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_WRONG_STATE))
        go_to_session_start (self);
      return;
    }

  /* An error about an earlier try of this step is no longer true. */
  clear_step_error (self);

  /* The user may have gone elsewhere (or the page removed) meanwhile. */
  if (eb_assistant_get_current_page (self) == page && neighbour (self, 1) >= 0)
    go_to (self, neighbour (self, 1));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbAssistant *self = EB_ASSISTANT (widget);
  EbPage *page = eb_assistant_get_current_page (self);
  g_autoptr(GCancellable) cancellable = NULL;

  if (page == NULL || self->apply_cancellable != NULL || !eb_page_get_complete (page))
    return;

  cancellable = g_cancellable_new ();
  set_applying (self, cancellable);
  eb_page_apply_async (page, cancellable, apply_cb, g_object_ref (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbAssistant *self = EB_ASSISTANT (widget);
  EbPage *page = eb_assistant_get_current_page (self);

  if (self->apply_cancellable == NULL && neighbour (self, -1) >= 0
      && page != NULL && !eb_page_get_is_final (page))
    go_to (self, neighbour (self, -1));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EbAssistant *self = EB_ASSISTANT (widget);

  if (self->apply_cancellable != NULL)
    g_cancellable_cancel (self->apply_cancellable);
}

/* A new application, from the final page: back to the first step. The
 * page that asks has reset the session; what was sent stays sent. */
static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EbAssistant *self = EB_ASSISTANT (widget);

  if (self->apply_cancellable != NULL || self->pages->len == 0)
    return;
  clear_step_error (self);
  go_to (self, 0);
}

static void
on_page_notify (EbPage      *page,
                GParamSpec  *pspec,
                EbAssistant *self)
{
  if (page == eb_assistant_get_current_page (self))
    update_navigation (self);
}

static void
eb_assistant_dispose (GObject *object)
{
  EbAssistant *self = EB_ASSISTANT (object);

  if (self->apply_cancellable != NULL)
    g_cancellable_cancel (self->apply_cancellable);
  g_clear_object (&self->apply_cancellable);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), EB_TYPE_ASSISTANT);

  G_OBJECT_CLASS (eb_assistant_parent_class)->dispose (object);
}

static void
eb_assistant_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EbAssistant *self = EB_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_MENU_MODEL:
      g_value_set_object (value, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->menu_button)));
      break;
    case PROP_BANNER:
      g_value_set_string (value, gtk_widget_get_visible (self->banner_label)
                                 ? gtk_label_get_text (GTK_LABEL (self->banner_label)) : NULL);
      break;
    case PROP_APPLYING:
      g_value_set_boolean (value, self->apply_cancellable != NULL);
      break;
    case PROP_STEP_ERROR:
      g_value_set_string (value, eb_assistant_get_step_error (self));
      break;
    case PROP_CURRENT_PAGE:
      g_value_set_object (value, eb_assistant_get_current_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_assistant_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EbAssistant *self = EB_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_MENU_MODEL:
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), g_value_get_object (value));
      break;
    case PROP_BANNER:
      gtk_label_set_text (GTK_LABEL (self->banner_label), g_value_get_string (value));
      gtk_widget_set_visible (self->banner_label, g_value_get_string (value) != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_assistant_class_init (EbAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eb_assistant_dispose;
  object_class->get_property = eb_assistant_get_property;
  object_class->set_property = eb_assistant_set_property;

  properties[PROP_MENU_MODEL] =
    g_param_spec_object ("menu-model", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BANNER] =
    g_param_spec_string ("banner", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The last step's error as shown, NULL when none is. */
  properties[PROP_STEP_ERROR] =
    g_param_spec_string ("step-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The page on screen; notified each time another one is shown. */
  properties[PROP_CURRENT_PAGE] =
    g_param_spec_object ("current-page", NULL, NULL, EB_TYPE_PAGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EB_TYPE_CARD_STATUS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, title_label);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, banner_label);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, card_status);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, bars);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, error_retry_button);
  gtk_widget_class_bind_template_child (widget_class, EbAssistant, stack);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "assistant.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "assistant.restart", NULL, restart_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "assistant.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "assistant.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
}

static void
eb_assistant_init (EbAssistant *self)
{
  self->pages = g_ptr_array_new ();
  self->steps = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* <child type="bar">: a row of the window's own (the practice phone) above
 * the pages, which pushes them down rather than covering them. */
static void
eb_assistant_buildable_add_child (GtkBuildable *buildable,
                                  GtkBuilder   *builder,
                                  GObject      *child,
                                  const char   *type)
{
  if (g_strcmp0 (type, "bar") == 0)
    eb_assistant_add_bar (EB_ASSISTANT (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
eb_assistant_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = eb_assistant_buildable_add_child;
}

/**
 * eb_assistant_add_bar:
 * @bar: a row to show between the header and the pages
 *
 * The row takes room of its own: whatever it shows never covers a page.
 */
void
eb_assistant_add_bar (EbAssistant *self,
                      GtkWidget   *bar)
{
  g_return_if_fail (EB_IS_ASSISTANT (self));
  g_return_if_fail (GTK_IS_WIDGET (bar));

  gtk_box_append (GTK_BOX (self->bars), bar);
}

/**
 * eb_assistant_add_page:
 * @step: the procedure's step the page belongs to (eb-procedure.h), 0 for
 *   a page before the steps
 */
void
eb_assistant_add_page (EbAssistant *self,
                       EbPage      *page,
                       guint        step)
{
  g_return_if_fail (EB_IS_ASSISTANT (self));
  g_return_if_fail (EB_IS_PAGE (page));

  g_ptr_array_add (self->pages, page);
  g_array_append_val (self->steps, step);
  gtk_stack_add_child (self->stack, GTK_WIDGET (page));
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_notify), self, 0);
  g_signal_connect_object (page, "notify::next-label", G_CALLBACK (on_page_notify), self, 0);
  g_signal_connect_object (page, "notify::is-final", G_CALLBACK (on_page_notify), self, 0);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (on_page_notify), self, 0);

  if (self->pages->len == 1)
    go_to (self, 0);
  else
    update_navigation (self);
}

/**
 * eb_assistant_get_current_page:
 *
 * Returns: (transfer none) (nullable): the page on screen
 */
EbPage *
eb_assistant_get_current_page (EbAssistant *self)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), NULL);

  if (self->pages == NULL || self->current >= self->pages->len)
    return NULL;

  return g_ptr_array_index (self->pages, self->current);
}

guint
eb_assistant_get_current_index (EbAssistant *self)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), 0);

  return self->current;
}

guint
eb_assistant_get_n_pages (EbAssistant *self)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), 0);

  return self->pages->len;
}

/**
 * eb_assistant_get_page:
 *
 * Returns: (transfer none): the page at @index
 */
EbPage *
eb_assistant_get_page (EbAssistant *self,
                       guint        index)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);

  return g_ptr_array_index (self->pages, index);
}

gboolean
eb_assistant_get_applying (EbAssistant *self)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), FALSE);

  return self->apply_cancellable != NULL;
}

/**
 * eb_assistant_set_signing_card:
 * @signing_card: (nullable): where the card status in the header comes from
 */
void
eb_assistant_set_signing_card (EbAssistant   *self,
                               EbSigningCard *signing_card)
{
  g_return_if_fail (EB_IS_ASSISTANT (self));

  eb_card_status_set_signing_card (EB_CARD_STATUS (self->card_status), signing_card);
}

/**
 * eb_assistant_get_step_error:
 *
 * Returns: (nullable): the last step's error as the user reads it, while it
 *   is shown
 */
const char *
eb_assistant_get_step_error (EbAssistant *self)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), NULL);

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->error_revealer)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->error_label));
}

/**
 * eb_assistant_get_step:
 * @n_steps: (out) (optional): how many steps there are
 *
 * Returns: the procedure's step of the page on screen, as the header
 *   counts it; 0 before the steps
 */
guint
eb_assistant_get_step (EbAssistant *self,
                       guint       *n_steps)
{
  g_return_val_if_fail (EB_IS_ASSISTANT (self), 0);

  if (n_steps != NULL)
    *n_steps = count_steps (self);
  if (self->current >= self->steps->len)
    return 0;
  return g_array_index (self->steps, guint, self->current);
}
