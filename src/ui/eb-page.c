/* eb-page.c — one step of the wizard
 *
 * Pages follow GNOME Initial Setup: a page has a title and a "complete" state,
 * and an apply step the assistant runs (with a spinner) before moving on.
 * This base class also ties a page's rows to fields of the application form:
 * typing goes into the form, a field is checked when the user leaves it, and
 * its error is shown right under it until fixed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-choice-row.h"
#include "eb-form-text.h"
#include "eb-page.h"
#include "eb-validation.h"

typedef struct
{
  EbPage *page;                 /* unowned */
  EbFormField field;
  GtkWidget *row;               /* unowned: a child of the page's template */
  GtkWidget *error_row;         /* unowned: inserted after @row */
  GtkWidget *error_label;
  EbFieldDisplayFunc display;
  char *error_text;
  gboolean syncing;
} FieldBinding;

typedef struct
{
  EbSession *session;
  EbSigningCard *signing_card;
  char *title;
  char *next_label;
  gboolean complete;
  gboolean is_final;
  gboolean starts_session;

  GPtrArray *bindings;          /* FieldBinding */
  GArray *required;             /* EbFormField */
  gulong form_changed_id;
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

static void
field_binding_free (gpointer data)
{
  FieldBinding *binding = data;

  g_free (binding->error_text);
  g_free (binding);
}

/* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
static gboolean
replace_str (char       **str,
             const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

static FieldBinding *
find_binding (EbPage      *self,
              EbFormField  field)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  for (guint i = 0; i < priv->bindings->len; i++)
    {
      FieldBinding *binding = g_ptr_array_index (priv->bindings, i);

      if (binding->field == field)
        return binding;
    }

  return NULL;
}

static void
show_error (FieldBinding *binding,
            const char   *text)
{
  if (g_strcmp0 (binding->error_text, text) == 0)
    return;

  g_free (binding->error_text);
  binding->error_text = g_strdup (text);

  if (text != NULL)
    {
      gtk_label_set_text (GTK_LABEL (binding->error_label), text);
      gtk_widget_set_visible (binding->error_row, TRUE);
      gtk_widget_add_css_class (binding->row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (binding->row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (binding->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (binding->row),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, binding->error_label, NULL,
                                      -1);
    }
  else
    {
      gtk_widget_set_visible (binding->error_row, FALSE);
      gtk_widget_remove_css_class (binding->row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (binding->row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (binding->row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (binding->row),
                                     GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

/* Checks the field; with @normalize, also rewrites what was typed into its
 * canonical form (capitals, bare digits). Shows or clears the error. */
static gboolean
check_binding (FieldBinding *binding,
               gboolean      normalize)
{
  EbApplicationForm *form = eb_page_get_form (binding->page);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (normalize)
    ok = eb_application_form_normalize_field (form, binding->field, &error);
  else
    ok = eb_application_form_validate_field (form, binding->field, &error);

  if (ok)
    {
      show_error (binding, NULL);
    }
  else
    {
      g_autofree char *text = eb_form_text_error (form, binding->field, error);

      show_error (binding, text);
    }

  return ok;
}

/**
 * eb_page_update_complete:
 *
 * Works out "complete" again: every required field valid and whatever the
 * page's check_complete() asks for. Pages call it when their own state
 * (a captcha, a code) changes.
 */
void
eb_page_update_complete (EbPage *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);
  EbPageClass *klass = EB_PAGE_GET_CLASS (self);
  gboolean complete = TRUE;

  g_return_if_fail (EB_IS_PAGE (self));

  if (priv->required == NULL && klass->check_complete == NULL)
    return;

  if (priv->required != NULL)
    complete = eb_application_form_validate_fields (eb_page_get_form (self),
                                                    (const EbFormField *) priv->required->data,
                                                    priv->required->len, NULL, NULL);
  if (complete && klass->check_complete != NULL)
    complete = klass->check_complete (self);

  eb_page_set_complete (self, complete);
}

static void
sync_widget_from_form (FieldBinding *binding)
{
  EbApplicationForm *form = eb_page_get_form (binding->page);
  const char *value = eb_application_form_get_text (form, binding->field);

  if (binding->syncing)
    return;

  binding->syncing = TRUE;
  if (EB_IS_CHOICE_ROW (binding->row))
    {
      eb_choice_row_set_selected_key (EB_CHOICE_ROW (binding->row), *value ? value : NULL);
    }
  else
    {
      g_autofree char *shown = binding->display != NULL ? binding->display (value) : g_strdup (value);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (binding->row)), shown) != 0)
        gtk_editable_set_text (GTK_EDITABLE (binding->row), shown);
    }
  binding->syncing = FALSE;
}

static void
on_form_changed (EbApplicationForm *form,
                 EbFormField        field,
                 EbPage            *self)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  for (guint i = 0; i < priv->bindings->len; i++)
    {
      FieldBinding *binding = g_ptr_array_index (priv->bindings, i);

      if (binding->field == field)
        sync_widget_from_form (binding);

      /* Fixing one field can fix another (the repeated security word), so
       * every visible error is looked at again; none is added while typing. */
      if (binding->error_text != NULL)
        check_binding (binding, FALSE);
    }

  eb_page_update_complete (self);
}

static void
on_entry_changed (GtkEditable  *editable,
                  FieldBinding *binding)
{
  if (binding->syncing)
    return;

  binding->syncing = TRUE;
  eb_application_form_set_text (eb_page_get_form (binding->page), binding->field,
                                gtk_editable_get_text (editable));
  binding->syncing = FALSE;
}

static void
on_choice_selected (EbChoiceRow  *row,
                    GParamSpec   *pspec,
                    FieldBinding *binding)
{
  if (binding->syncing)
    return;

  binding->syncing = TRUE;
  eb_application_form_set_text (eb_page_get_form (binding->page), binding->field,
                                eb_choice_row_get_selected_key (row));
  binding->syncing = FALSE;

  check_binding (binding, FALSE);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                FieldBinding            *binding)
{
  /* A choice row loses focus to its own popover while the list is open. */
  if (EB_IS_CHOICE_ROW (binding->row) && eb_choice_row_get_popup_open (EB_CHOICE_ROW (binding->row)))
    return;

  check_binding (binding, TRUE);
}

static FieldBinding *
add_binding (EbPage             *self,
             EbFormField         field,
             GtkWidget          *row,
             EbFieldDisplayFunc  display)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);
  FieldBinding *binding = g_new0 (FieldBinding, 1);
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkEventController *focus;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (find_binding (self, field) == NULL, NULL);

  binding->page = self;
  binding->field = field;
  binding->row = row;
  binding->display = display;

  /* The error sits in a row of its own right under the field, so it reads
   * as part of the field and a screen reader reaches it next. */
  binding->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (binding->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (binding->error_label), 0);
  gtk_widget_add_css_class (binding->error_label, "error");
  gtk_widget_add_css_class (binding->error_label, "caption");
  gtk_widget_set_margin_start (binding->error_label, 12);
  gtk_widget_set_margin_end (binding->error_label, 12);
  gtk_widget_set_margin_top (binding->error_label, 6);
  gtk_widget_set_margin_bottom (binding->error_label, 6);
  binding->error_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (binding->error_row), binding->error_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (binding->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (binding->error_row), FALSE);
  gtk_widget_set_focusable (binding->error_row, FALSE);
  gtk_widget_set_visible (binding->error_row, FALSE);
  gtk_widget_add_css_class (binding->error_row, "field-error-row");
  gtk_list_box_insert (GTK_LIST_BOX (list), binding->error_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), binding);
  gtk_widget_add_controller (row, focus);

  g_ptr_array_add (priv->bindings, binding);
  sync_widget_from_form (binding);

  return binding;
}

/**
 * eb_page_bind_entry:
 * @row: an editable row (AdwEntryRow, AdwPasswordEntryRow)
 * @display: (nullable): how a stored value is shown in the entry
 *
 * Ties @row to @field: what is typed goes into the form at once; leaving the
 * row normalises and checks it and shows any error under it.
 */
void
eb_page_bind_entry (EbPage             *self,
                    EbFormField         field,
                    GtkWidget          *row,
                    EbFieldDisplayFunc  display)
{
  FieldBinding *binding;

  g_return_if_fail (EB_IS_PAGE (self));
  g_return_if_fail (GTK_IS_EDITABLE (row));

  binding = add_binding (self, field, row, display);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), binding);
}

/**
 * eb_page_bind_choice:
 * @row: an #EbChoiceRow whose keys are the field's stored values
 */
void
eb_page_bind_choice (EbPage      *self,
                     EbFormField  field,
                     GtkWidget   *row)
{
  FieldBinding *binding;

  g_return_if_fail (EB_IS_PAGE (self));
  g_return_if_fail (EB_IS_CHOICE_ROW (row));

  binding = add_binding (self, field, row, NULL);
  g_signal_connect (row, "notify::selected-key", G_CALLBACK (on_choice_selected), binding);
}

/**
 * eb_page_set_required_fields:
 *
 * The page is complete when every one of @fields is valid.
 */
void
eb_page_set_required_fields (EbPage            *self,
                             const EbFormField *fields,
                             gsize              n_fields)
{
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  g_return_if_fail (EB_IS_PAGE (self));

  g_clear_pointer (&priv->required, g_array_unref);
  priv->required = g_array_sized_new (FALSE, FALSE, sizeof (EbFormField), (guint) n_fields);
  g_array_append_vals (priv->required, fields, (guint) n_fields);
  eb_page_update_complete (self);
}

/**
 * eb_page_check_field:
 *
 * Checks a bound field as if the user had left it, showing its error.
 */
gboolean
eb_page_check_field (EbPage      *self,
                     EbFormField  field)
{
  FieldBinding *binding;

  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  binding = find_binding (self, field);
  g_return_val_if_fail (binding != NULL, FALSE);

  return check_binding (binding, TRUE);
}

/**
 * eb_page_get_field_error:
 *
 * Returns: (nullable): the message shown under the field, if any
 */
const char *
eb_page_get_field_error (EbPage      *self,
                         EbFormField  field)
{
  FieldBinding *binding;

  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  binding = find_binding (self, field);
  return binding != NULL ? binding->error_text : NULL;
}

/**
 * eb_page_show_field_errors:
 * @field_errors: #EbPortalFieldError items, as the portal reported them
 *
 * Shows the portal's verdict on the fields of this page under each field
 * and focuses the first one.
 *
 * Returns: whether any of the fields is on this page
 */
gboolean
eb_page_show_field_errors (EbPage       *self,
                           const GArray *field_errors)
{
  GtkWidget *first = NULL;

  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++)
    {
      const EbPortalFieldError *fe = &g_array_index (field_errors, EbPortalFieldError, i);
      FieldBinding *binding = find_binding (self, fe->field);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (binding == NULL)
        continue;

      error = g_error_new_literal (EB_VALIDATION_ERROR, fe->reason, "");
      text = eb_form_text_error (eb_page_get_form (self), fe->field, error);
      show_error (binding, text);
      if (first == NULL)
        first = binding->row;
    }

  if (first != NULL)
    gtk_widget_grab_focus (first);

  return first != NULL;
}

/**
 * eb_page_get_field_widget:
 *
 * Returns: (transfer none) (nullable): the row bound to @field
 */
GtkWidget *
eb_page_get_field_widget (EbPage      *self,
                          EbFormField  field)
{
  FieldBinding *binding;

  g_return_val_if_fail (EB_IS_PAGE (self), NULL);

  binding = find_binding (self, field);
  return binding != NULL ? binding->row : NULL;
}

static void
eb_page_real_apply_async (EbPage              *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, eb_page_real_apply_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
eb_page_real_apply_finish (EbPage        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
eb_page_constructed (GObject *object)
{
  EbPage *self = EB_PAGE (object);
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  G_OBJECT_CLASS (eb_page_parent_class)->constructed (object);

  g_return_if_fail (priv->session != NULL);

  priv->form_changed_id = g_signal_connect (eb_session_get_form (priv->session), "changed",
                                            G_CALLBACK (on_form_changed), self);
}

static void
eb_page_dispose (GObject *object)
{
  EbPage *self = EB_PAGE (object);
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  if (priv->session != NULL)
    g_clear_signal_handler (&priv->form_changed_id, eb_session_get_form (priv->session));
  g_ptr_array_set_size (priv->bindings, 0);

  G_OBJECT_CLASS (eb_page_parent_class)->dispose (object);
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
  g_clear_pointer (&priv->bindings, g_ptr_array_unref);
  g_clear_pointer (&priv->required, g_array_unref);

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
  object_class->dispose = eb_page_dispose;
  object_class->finalize = eb_page_finalize;
  object_class->get_property = eb_page_get_property;
  object_class->set_property = eb_page_set_property;

  klass->apply_async = eb_page_real_apply_async;
  klass->apply_finish = eb_page_real_apply_finish;

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
  EbPagePrivate *priv = eb_page_get_instance_private (self);

  priv->bindings = g_ptr_array_new_with_free_func (field_binding_free);
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

  if (replace_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
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

  if (replace_str (&priv->next_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
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

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
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

  is_final = !!is_final;
  if (priv->is_final == is_final)
    return;

  priv->is_final = is_final;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_FINAL]);
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

  starts_session = !!starts_session;
  if (priv->starts_session == starts_session)
    return;

  priv->starts_session = starts_session;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTS_SESSION]);
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
  g_return_if_fail (EB_IS_PAGE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  EB_PAGE_GET_CLASS (self)->apply_async (self, cancellable, callback, user_data);
}

gboolean
eb_page_apply_finish (EbPage        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (EB_IS_PAGE (self), FALSE);

  return EB_PAGE_GET_CLASS (self)->apply_finish (self, result, error);
}
