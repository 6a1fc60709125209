/* eb-field-binding.c — rows of a page tied to fields of the application form
 *
 * One object per page that has form fields (the login, the form). Typing
 * goes into the form at once; leaving a row the person has typed in
 * normalises what was typed and checks it; an error shows in a row of its
 * own right under the field until it is fixed. A row nobody has typed in is
 * not judged on leaving (an untouched or optional field never turns red by
 * being passed over); the page checks all of them on Next. The form is the
 * truth: when it changes (a draft restored, the registry's spelling after
 * the login), the rows follow.
 *
 * Apart from its own errors a row can be marked as concerned by a refusal
 * the page shows elsewhere (the registry's "does not match"): styled and
 * announced as invalid, until one of the marked fields changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-choice-row.h"
#include "eb-field-binding.h"
#include "eb-form-text.h"
#include "eb-portal-client.h"
#include "eb-validation.h"

typedef struct
{
  EbFieldBinding *self;           /* unowned: owns this */
  EbFormField field;
  GtkWidget *row;                 /* a row of the page's template */
  GtkWidget *error_row;           /* unowned: inserted after @row */
  GtkWidget *error_label;
  GtkEventController *focus;      /* added to @row */
  EbFieldDisplayFunc display;
  char *error_text;
  char *mark_text;                /* the refusal's word for a marked row */
  gulong row_changed_id;
  gboolean syncing;
  gboolean touched;               /* the person has typed in it */
  gboolean marked;
} BoundField;

struct _EbFieldBinding
{
  GObject parent_instance;

  EbApplicationForm *form;
  GPtrArray *fields;              /* BoundField */
  gulong form_changed_id;
};

G_DEFINE_FINAL_TYPE (EbFieldBinding, eb_field_binding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MARKS_CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bound_field_free (gpointer data)
{
  BoundField *bound = data;

  /* The row may outlive the binding (the page drops it first). */
  g_clear_signal_handler (&bound->row_changed_id, bound->row);
  if (gtk_event_controller_get_widget (bound->focus) == bound->row)
    gtk_widget_remove_controller (bound->row, bound->focus);
  g_clear_object (&bound->focus);
  g_clear_object (&bound->row);
  g_free (bound->error_text);
  g_free (bound->mark_text);
  g_free (bound);
}

static BoundField *
find_field (EbFieldBinding *self,
            EbFormField     field)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      BoundField *bound = g_ptr_array_index (self->fields, i);

      if (bound->field == field)
        return bound;
    }

  return NULL;
}

/* The row's look and accessible state: its own error first, else a mark. */
static void
update_row_state (BoundField *bound)
{
  GtkAccessible *row = GTK_ACCESSIBLE (bound->row);
  const char *text = bound->error_text != NULL ? bound->error_text : bound->marked ? bound->mark_text : NULL;

  gtk_widget_set_visible (bound->error_row, bound->error_text != NULL);
  if (bound->error_text != NULL)
    gtk_label_set_text (GTK_LABEL (bound->error_label), bound->error_text);

  if (bound->error_text != NULL || bound->marked)
    {
      gtk_widget_add_css_class (bound->row, "error");
      gtk_accessible_update_state (row, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (bound->row, "error");
      gtk_accessible_reset_state (row, GTK_ACCESSIBLE_STATE_INVALID);
    }

  if (text != NULL)
    gtk_accessible_update_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (bound->error_text != NULL)
    gtk_accessible_update_relation (row, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, bound->error_label, NULL, -1);
  else
    gtk_accessible_reset_relation (row, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
}

static void
show_error (BoundField *bound,
            const char *text)
{
  if (g_strcmp0 (bound->error_text, text) == 0)
    return;

  g_free (bound->error_text);
  bound->error_text = g_strdup (text);
  update_row_state (bound);
}

/* Drops every mark; TRUE if there was one. */
static gboolean
clear_marks (EbFieldBinding *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      BoundField *bound = g_ptr_array_index (self->fields, i);

      if (!bound->marked)
        continue;
      any = TRUE;
      bound->marked = FALSE;
      g_clear_pointer (&bound->mark_text, g_free);
      update_row_state (bound);
    }

  return any;
}

/* Checks the field; with @normalize, also rewrites what was typed into its
 * canonical form (capitals, bare digits). Shows or clears the error. */
static gboolean
check_field (BoundField *bound,
             gboolean    normalize)
{
  EbApplicationForm *form = bound->self->form;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  if (normalize)
    ok = eb_application_form_normalize_field (form, bound->field, &error);
  else
    ok = eb_application_form_validate_field (form, bound->field, &error);

  if (!ok)
    text = eb_form_text_error (form, bound->field, error);
  show_error (bound, text);

  return ok;
}

static void
sync_row_from_form (BoundField *bound)
{
  const char *value = eb_application_form_get_text (bound->self->form, bound->field);

  if (bound->syncing)
    return;

  bound->syncing = TRUE;
  if (EB_IS_CHOICE_ROW (bound->row))
    {
      eb_choice_row_set_selected_key (EB_CHOICE_ROW (bound->row), *value ? value : NULL);
    }
  else
    {
      g_autofree char *shown = bound->display != NULL ? bound->display (value) : g_strdup (value);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (bound->row)), shown) != 0)
        gtk_editable_set_text (GTK_EDITABLE (bound->row), shown);
    }
  bound->syncing = FALSE;
}

static void
on_form_changed (EbApplicationForm *form,
                 EbFormField        field,
                 EbFieldBinding    *self)
{
  BoundField *changed = find_field (self, field);

  /* A refusal about these details no longer describes what is there. */
  if (changed != NULL && changed->marked && clear_marks (self))
    g_signal_emit (self, signals[SIGNAL_MARKS_CLEARED], 0);

  for (guint i = 0; i < self->fields->len; i++)
    {
      BoundField *bound = g_ptr_array_index (self->fields, i);

      if (bound->field == field)
        sync_row_from_form (bound);

      /* Fixing one field can fix another (the repeated security word), so
       * every visible error is looked at again; none is added while typing. */
      if (bound->error_text != NULL)
        check_field (bound, FALSE);
    }
}

static void
on_entry_changed (GtkEditable *editable,
                  BoundField  *bound)
{
  if (bound->syncing)
    return;

  bound->touched = TRUE;
  bound->syncing = TRUE;
  eb_application_form_set_text (bound->self->form, bound->field, gtk_editable_get_text (editable));
  bound->syncing = FALSE;
}

static void
on_choice_selected (EbChoiceRow *row,
                    GParamSpec  *pspec,
                    BoundField  *bound)
{
  if (bound->syncing)
    return;

  bound->syncing = TRUE;
  eb_application_form_set_text (bound->self->form, bound->field, eb_choice_row_get_selected_key (row));
  bound->syncing = FALSE;

  check_field (bound, FALSE);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                BoundField              *bound)
{
  /* A choice row loses focus to its own popover while the list is open. */
  if (EB_IS_CHOICE_ROW (bound->row) && eb_choice_row_get_popup_open (EB_CHOICE_ROW (bound->row)))
    return;

  /* Passing over a row is not a mistake: only what was typed is judged. */
  if (!bound->touched)
    return;

  check_field (bound, TRUE);
  /* Shown the canonical way even when normalising kept the stored value
   * ("5321234567" typed is stored as is, and shown 0 (532) 123 45 67). */
  if (!EB_IS_CHOICE_ROW (bound->row))
    sync_row_from_form (bound);
}

/* The error sits in a row of its own right under the field, so it reads as
 * part of the field and a screen reader reaches it next. */
static void
add_error_row (BoundField *bound,
               GtkListBox *list)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_visible (row, FALSE);
  gtk_widget_add_css_class (row, "field-error-row");
  gtk_list_box_insert (list, row, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (bound->row)) + 1);

  bound->error_label = label;
  bound->error_row = row;
}

static BoundField *
add_field (EbFieldBinding     *self,
           EbFormField         field,
           GtkWidget          *row,
           EbFieldDisplayFunc  display)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  BoundField *bound;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (find_field (self, field) == NULL, NULL);

  bound = g_new0 (BoundField, 1);
  bound->self = self;
  bound->field = field;
  bound->row = g_object_ref (row);
  bound->display = display;
  add_error_row (bound, GTK_LIST_BOX (list));

  bound->focus = g_object_ref (gtk_event_controller_focus_new ());
  g_signal_connect (bound->focus, "leave", G_CALLBACK (on_focus_leave), bound);
  gtk_widget_add_controller (row, bound->focus);

  g_ptr_array_add (self->fields, bound);
  sync_row_from_form (bound);

  return bound;
}

static void
eb_field_binding_constructed (GObject *object)
{
  EbFieldBinding *self = EB_FIELD_BINDING (object);

  G_OBJECT_CLASS (eb_field_binding_parent_class)->constructed (object);

  g_return_if_fail (self->form != NULL);

  self->form_changed_id = g_signal_connect (self->form, "changed", G_CALLBACK (on_form_changed), self);
}

static void
eb_field_binding_dispose (GObject *object)
{
  EbFieldBinding *self = EB_FIELD_BINDING (object);

  if (self->form != NULL)
    g_clear_signal_handler (&self->form_changed_id, self->form);
  g_ptr_array_set_size (self->fields, 0);

  G_OBJECT_CLASS (eb_field_binding_parent_class)->dispose (object);
}

static void
eb_field_binding_finalize (GObject *object)
{
  EbFieldBinding *self = EB_FIELD_BINDING (object);

  g_clear_object (&self->form);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (eb_field_binding_parent_class)->finalize (object);
}

static void
eb_field_binding_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbFieldBinding *self = EB_FIELD_BINDING (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_field_binding_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EbFieldBinding *self = EB_FIELD_BINDING (object);

  switch (prop_id)
    {
    case PROP_FORM:
      self->form = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_field_binding_class_init (EbFieldBindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eb_field_binding_constructed;
  object_class->dispose = eb_field_binding_dispose;
  object_class->finalize = eb_field_binding_finalize;
  object_class->get_property = eb_field_binding_get_property;
  object_class->set_property = eb_field_binding_set_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, EB_TYPE_APPLICATION_FORM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbFieldBinding::marks-cleared:
   *
   * The marks of eb_field_binding_mark() went because one of the marked
   * fields changed: the refusal they went with is out of date.
   */
  signals[SIGNAL_MARKS_CLEARED] =
    g_signal_new ("marks-cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
eb_field_binding_init (EbFieldBinding *self)
{
  self->fields = g_ptr_array_new_with_free_func (bound_field_free);
}

EbFieldBinding *
eb_field_binding_new (EbApplicationForm *form)
{
  g_return_val_if_fail (EB_IS_APPLICATION_FORM (form), NULL);

  return g_object_new (EB_TYPE_FIELD_BINDING, "form", form, NULL);
}

/**
 * eb_field_binding_get_form:
 *
 * Returns: (transfer none): the form the rows are tied to
 */
EbApplicationForm *
eb_field_binding_get_form (EbFieldBinding *self)
{
  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), NULL);

  return self->form;
}

/**
 * eb_field_binding_bind_entry:
 * @row: an editable row (AdwEntryRow, AdwPasswordEntryRow) in a #GtkListBox
 * @display: (nullable): how a stored value is shown in the entry
 *
 * Ties @row to @field: what is typed goes into the form at once; leaving the
 * row normalises and checks it and shows any error under it.
 */
void
eb_field_binding_bind_entry (EbFieldBinding     *self,
                             EbFormField         field,
                             GtkWidget          *row,
                             EbFieldDisplayFunc  display)
{
  BoundField *bound;

  g_return_if_fail (EB_IS_FIELD_BINDING (self));
  g_return_if_fail (GTK_IS_EDITABLE (row));

  bound = add_field (self, field, row, display);
  if (bound != NULL)
    bound->row_changed_id = g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), bound);
}

/**
 * eb_field_binding_bind_choice:
 * @row: an #EbChoiceRow, in a #GtkListBox, whose keys are the field's
 *   stored values
 */
void
eb_field_binding_bind_choice (EbFieldBinding *self,
                              EbFormField     field,
                              GtkWidget      *row)
{
  BoundField *bound;

  g_return_if_fail (EB_IS_FIELD_BINDING (self));
  g_return_if_fail (EB_IS_CHOICE_ROW (row));

  bound = add_field (self, field, row, NULL);
  if (bound != NULL)
    bound->row_changed_id = g_signal_connect (row, "notify::selected-key",
                                              G_CALLBACK (on_choice_selected), bound);
}

/**
 * eb_field_binding_check:
 *
 * Checks a bound field as if the user had typed in it and left it (as on
 * Next), normalising it and showing its error.
 *
 * Returns: whether the field is valid
 */
gboolean
eb_field_binding_check (EbFieldBinding *self,
                        EbFormField     field)
{
  BoundField *bound;
  gboolean ok;

  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), FALSE);

  bound = find_field (self, field);
  g_return_val_if_fail (bound != NULL, FALSE);

  bound->touched = TRUE;
  ok = check_field (bound, TRUE);
  if (!EB_IS_CHOICE_ROW (bound->row))
    sync_row_from_form (bound);
  return ok;
}

/**
 * eb_field_binding_check_all:
 *
 * Checks every bound field, as Next does: each invalid one shows its error,
 * and the first of them gets the focus.
 *
 * Returns: whether all are valid
 */
gboolean
eb_field_binding_check_all (EbFieldBinding *self)
{
  GtkWidget *first = NULL;

  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      BoundField *bound = g_ptr_array_index (self->fields, i);

      if (!eb_field_binding_check (self, bound->field) && first == NULL)
        first = bound->row;
    }

  if (first != NULL)
    gtk_widget_grab_focus (first);

  return first == NULL;
}

/**
 * eb_field_binding_mark:
 * @fields: (array length=n_fields): the fields a refusal concerns
 * @description: what a screen reader says about each of them
 *
 * Marks the rows of @fields as concerned by a refusal shown elsewhere on the
 * page, in the error style and as invalid, replacing any earlier marks. The
 * marks stay until one of the marked fields changes (then
 * #EbFieldBinding::marks-cleared) or eb_field_binding_clear_marks().
 */
void
eb_field_binding_mark (EbFieldBinding    *self,
                       const EbFormField *fields,
                       guint              n_fields,
                       const char        *description)
{
  g_return_if_fail (EB_IS_FIELD_BINDING (self));
  g_return_if_fail (fields != NULL || n_fields == 0);

  clear_marks (self);
  for (guint i = 0; i < n_fields; i++)
    {
      BoundField *bound = find_field (self, fields[i]);

      if (bound == NULL)
        continue;
      bound->marked = TRUE;
      bound->mark_text = g_strdup (description);
      update_row_state (bound);
    }
}

/**
 * eb_field_binding_clear_marks:
 *
 * Drops the marks of eb_field_binding_mark(), without the signal.
 */
void
eb_field_binding_clear_marks (EbFieldBinding *self)
{
  g_return_if_fail (EB_IS_FIELD_BINDING (self));

  clear_marks (self);
}

/**
 * eb_field_binding_get_marked:
 *
 * Returns: whether @field's row is marked by eb_field_binding_mark()
 */
gboolean
eb_field_binding_get_marked (EbFieldBinding *self,
                             EbFormField     field)
{
  BoundField *bound;

  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), FALSE);

  bound = find_field (self, field);
  return bound != NULL && bound->marked;
}

/**
 * eb_field_binding_get_error:
 *
 * Returns: (nullable): the message shown under the field, if any
 */
const char *
eb_field_binding_get_error (EbFieldBinding *self,
                            EbFormField     field)
{
  BoundField *bound;

  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), NULL);

  bound = find_field (self, field);
  return bound != NULL ? bound->error_text : NULL;
}

/**
 * eb_field_binding_get_widget:
 *
 * Returns: (transfer none) (nullable): the row bound to @field
 */
GtkWidget *
eb_field_binding_get_widget (EbFieldBinding *self,
                             EbFormField     field)
{
  BoundField *bound;

  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), NULL);

  bound = find_field (self, field);
  return bound != NULL ? bound->row : NULL;
}

/**
 * eb_field_binding_show_errors:
 * @field_errors: #EbPortalFieldError items, as the portal reported them
 *
 * Shows the portal's verdict under each bound field it names and focuses
 * the first one.
 *
 * Returns: whether any of the fields is bound here
 */
gboolean
eb_field_binding_show_errors (EbFieldBinding *self,
                              const GArray   *field_errors)
{
  GtkWidget *first = NULL;

  g_return_val_if_fail (EB_IS_FIELD_BINDING (self), FALSE);

  for (guint i = 0; field_errors != NULL && i < field_errors->len; i++)
    {
      const EbPortalFieldError *fe = &g_array_index (field_errors, EbPortalFieldError, i);
      BoundField *bound = find_field (self, fe->field);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (bound == NULL)
        continue;

      error = g_error_new_literal (EB_VALIDATION_ERROR, fe->reason, "");
      text = eb_form_text_error (self->form, fe->field, error);
      show_error (bound, text);
      if (first == NULL)
        first = bound->row;
    }

  if (first != NULL)
    gtk_widget_grab_focus (first);

  return first != NULL;
}
