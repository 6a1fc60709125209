/* eb-choice-row.c — a row that picks one of many values, with search
 *
 * AdwComboRow in libadwaita 1.2 has no search, and GtkDropDown's search
 * folds case by Unicode rules ("İ" → "i̇"), so "istanbul" would not find
 * İstanbul. This row keeps a search key per choice made by Turkish rules.
 *
 * A choice can carry details (a postal code's neighbourhoods): shown after
 * it in the list, shortened, and searched in full. When nothing matches, the
 * owner can say why in place of "Nothing matches" (a code of another district).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eb-choice-row.h"
#include "eb-turkish-text.h"

struct _EbChoiceRow
{
  AdwActionRow parent_instance;

  GtkMenuButton *button;
  GtkLabel *value_label;
  GtkPopover *popover;
  GtkSearchEntry *search_entry;
  GtkListView *list_view;
  GtkWidget *scrolled;
  GtkLabel *empty_label;

  GtkStringList *labels;          /* what the list shows: the label, and details */
  GStrv value_labels;             /* what the button shows: the label */
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GStrv keys;
  GStrv search_keys;
  char *query;
  char *placeholder;
  guint selected;
  gboolean enable_search;

  EbChoiceRowNoMatchFunc no_match_func;
  gpointer no_match_data;
  GDestroyNotify no_match_destroy;
};

G_DEFINE_FINAL_TYPE (EbChoiceRow, eb_choice_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_SELECTED_KEY,
  PROP_ENABLE_SEARCH,
  PROP_PLACEHOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define INDEX_KEY "eb-choice-index"

static void
update_value_label (EbChoiceRow *self)
{
  gboolean chosen = self->selected != GTK_INVALID_LIST_POSITION;
  const char *text;

  text = chosen ? self->value_labels[self->selected]
                : (self->placeholder != NULL ? self->placeholder : _("Choose"));
  gtk_label_set_text (self->value_label, text);

  if (chosen)
    gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "dim-label");

  /* Screen readers announce the row's title; the value goes in its description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  EbChoiceRow *self = user_data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (item, INDEX_KEY));

  return eb_turkish_search_match (self->search_keys[index], self->query);
}

static void
refilter (EbChoiceRow *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filtered);

  gboolean empty;

  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0 &&
          self->keys != NULL && self->keys[0] != NULL;
  if (empty)
    {
      g_autofree char *why = NULL;

      if (self->no_match_func != NULL && self->query != NULL)
        why = self->no_match_func (self, self->query, self->no_match_data);
      gtk_label_set_text (self->empty_label, why != NULL ? why : _("Nothing matches"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  /* An empty list would leave a blank above the note. */
  gtk_widget_set_visible (GTK_WIDGET (self->scrolled), !empty);
}

static void
choose (EbChoiceRow *self,
        guint        index)
{
  if (self->selected == index)
    return;

  self->selected = index;
  update_value_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_KEY]);
}

static void
choose_filtered (EbChoiceRow *self,
                 guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item == NULL)
    return;

  choose (self, GPOINTER_TO_UINT (g_object_get_data (item, INDEX_KEY)));
  gtk_popover_popdown (self->popover);
}

static void
on_search_changed (EbChoiceRow *self)
{
  g_free (self->query);
  self->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  refilter (self);
}

static void
on_search_activate (EbChoiceRow *self)
{
  eb_choice_row_choose_first_match (self);
}

static void
on_list_activate (EbChoiceRow *self,
                  guint        position)
{
  choose_filtered (self, position);
}

static void
on_popover_show (EbChoiceRow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_clear_pointer (&self->query, g_free);
  refilter (self);

  if (self->selected != GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, self->selected);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                  self->selected);
    }

  if (self->enable_search)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Down from the search field goes into the list, as in GNOME Settings. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       EbChoiceRow           *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
  return GDK_EVENT_STOP;
}

static void
eb_choice_row_dispose (GObject *object)
{
  EbChoiceRow *self = EB_CHOICE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EB_TYPE_CHOICE_ROW);

  G_OBJECT_CLASS (eb_choice_row_parent_class)->dispose (object);
}

static void
eb_choice_row_finalize (GObject *object)
{
  EbChoiceRow *self = EB_CHOICE_ROW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->value_labels, g_strfreev);
  if (self->no_match_destroy != NULL)
    self->no_match_destroy (self->no_match_data);
  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->search_keys, g_strfreev);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->placeholder, g_free);

  G_OBJECT_CLASS (eb_choice_row_parent_class)->finalize (object);
}

static void
eb_choice_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EbChoiceRow *self = EB_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_KEY:
      g_value_set_string (value, eb_choice_row_get_selected_key (self));
      break;
    case PROP_ENABLE_SEARCH:
      g_value_set_boolean (value, self->enable_search);
      break;
    case PROP_PLACEHOLDER:
      g_value_set_string (value, self->placeholder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_choice_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  EbChoiceRow *self = EB_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_KEY:
      eb_choice_row_set_selected_key (self, g_value_get_string (value));
      break;
    case PROP_ENABLE_SEARCH:
      self->enable_search = g_value_get_boolean (value);
      gtk_widget_set_visible (GTK_WIDGET (self->search_entry), self->enable_search);
      break;
    case PROP_PLACEHOLDER:
      g_free (self->placeholder);
      self->placeholder = g_value_dup_string (value);
      update_value_label (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_choice_row_class_init (EbChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eb_choice_row_dispose;
  object_class->finalize = eb_choice_row_finalize;
  object_class->get_property = eb_choice_row_get_property;
  object_class->set_property = eb_choice_row_set_property;

  properties[PROP_SELECTED_KEY] =
    g_param_spec_string ("selected-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLE_SEARCH] =
    g_param_spec_boolean ("enable-search", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEHOLDER] =
    g_param_spec_string ("placeholder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-choice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, button);
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, value_label);
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, popover);
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, list_view);
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, scrolled);
  gtk_widget_class_bind_template_child (widget_class, EbChoiceRow, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
eb_choice_row_init (EbChoiceRow *self)
{
  GtkEventController *keys;

  self->selected = GTK_INVALID_LIST_POSITION;
  self->enable_search = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->labels = gtk_string_list_new (NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->labels)),
                                              GTK_FILTER (gtk_custom_filter_new (filter_func, self, NULL)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  update_value_label (self);
}

GtkWidget *
eb_choice_row_new (void)
{
  return g_object_new (EB_TYPE_CHOICE_ROW, NULL);
}

/**
 * eb_choice_row_set_choices:
 * @keys: (nullable): the values the row stands for, %NULL-terminated
 * @labels: (nullable): what is shown for each key; %NULL shows the keys
 *
 * Replaces the choices. The selection is kept if its key is still there.
 */
void
eb_choice_row_set_choices (EbChoiceRow        *self,
                           const char * const *keys,
                           const char * const *labels)
{
  eb_choice_row_set_choices_with_details (self, keys, labels, NULL);
}

/* About one line of a popover: the list is for recognising the place, the
 * search finds the rest. */
#define DETAILS_SHOWN_CHARS 60

static char *
shorten_details (const char *details)
{
  const char *end;

  if (g_utf8_strlen (details, -1) <= DETAILS_SHOWN_CHARS)
    return g_strdup (details);

  /* Cut after the last whole item ("…, Alagez Mah (Uzgörür Beldesi)") that
   * fits, else at the last word. */
  end = g_utf8_offset_to_pointer (details, DETAILS_SHOWN_CHARS);
  {
    const char *item_end = NULL;

    for (const char *p = strstr (details, ", "); p != NULL && p < end; p = strstr (p + 1, ", "))
      item_end = p;
    if (item_end != NULL)
      end = item_end;
    else
      {
        while (end > details && *end != ' ')
          end--;
        if (end == details)
          end = g_utf8_offset_to_pointer (details, DETAILS_SHOWN_CHARS);
      }
  }

  return g_strdup_printf ("%.*s, …", (int) (end - details), details);
}

/**
 * eb_choice_row_set_choices_with_details:
 * @keys: (nullable): the values the row stands for, %NULL-terminated
 * @labels: (nullable): what is shown for each key; %NULL shows the keys
 * @details: (nullable): more about each choice ("Kültür Mah, Yeni Mah");
 *   shown after the label in the list, shortened to about a line, and
 *   searched in full; an empty string for none
 *
 * As eb_choice_row_set_choices(); the row's own value shows only the label.
 */
void
eb_choice_row_set_choices_with_details (EbChoiceRow        *self,
                                        const char * const *keys,
                                        const char * const *labels,
                                        const char * const *details)
{
  g_autofree char *previous = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  const char * const empty[] = { NULL };
  guint n;

  g_return_if_fail (EB_IS_CHOICE_ROW (self));

  if (keys == NULL)
    keys = empty;
  if (labels == NULL)
    labels = keys;

  previous = g_strdup (eb_choice_row_get_selected_key (self));
  n = g_strv_length ((char **) keys);
  g_return_if_fail (g_strv_length ((char **) labels) == n);
  g_return_if_fail (details == NULL || g_strv_length ((char **) details) == n);

  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->search_keys, g_strfreev);
  g_clear_pointer (&self->value_labels, g_strfreev);
  self->keys = g_strdupv ((char **) keys);
  self->value_labels = g_strdupv ((char **) labels);
  self->search_keys = g_new0 (char *, n + 1);
  shown = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      if (details != NULL && *details[i] != '\0')
        {
          g_autofree char *both = g_strconcat (labels[i], " ", details[i], NULL);
          g_autofree char *shortened = shorten_details (details[i]);

          self->search_keys[i] = eb_turkish_search_key (both);
          /* TRANSLATORS: a choice and more about it, "49500 — Kültür Mah, …" */
          g_ptr_array_add (shown, g_strdup_printf (_("%s — %s"), labels[i], shortened));
        }
      else
        {
          self->search_keys[i] = eb_turkish_search_key (labels[i]);
          g_ptr_array_add (shown, g_strdup (labels[i]));
        }
    }
  g_ptr_array_add (shown, NULL);

  self->selected = GTK_INVALID_LIST_POSITION;
  gtk_string_list_splice (self->labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                          (const char * const *) shown->pdata);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->labels), i);

      g_object_set_data (item, INDEX_KEY, GUINT_TO_POINTER (i));
    }
  refilter (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), n > 0);
  eb_choice_row_set_selected_key (self, previous);
  if (self->selected == GTK_INVALID_LIST_POSITION && previous != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_KEY]);
  update_value_label (self);
}

guint
eb_choice_row_get_n_choices (EbChoiceRow *self)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), 0);

  return self->keys != NULL ? g_strv_length (self->keys) : 0;
}

/**
 * eb_choice_row_get_selected_key:
 *
 * Returns: (nullable): the key of the chosen value, or %NULL
 */
const char *
eb_choice_row_get_selected_key (EbChoiceRow *self)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), NULL);

  if (self->selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return self->keys[self->selected];
}

void
eb_choice_row_set_selected_key (EbChoiceRow *self,
                                const char  *key)
{
  g_return_if_fail (EB_IS_CHOICE_ROW (self));

  if (key != NULL && self->keys != NULL)
    {
      for (guint i = 0; self->keys[i] != NULL; i++)
        {
          if (g_strcmp0 (self->keys[i], key) == 0)
            {
              choose (self, i);
              return;
            }
        }
    }

  choose (self, GTK_INVALID_LIST_POSITION);
}

gboolean
eb_choice_row_get_popup_open (EbChoiceRow *self)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->popover));
}

void
eb_choice_row_popup (EbChoiceRow *self)
{
  g_return_if_fail (EB_IS_CHOICE_ROW (self));

  gtk_menu_button_popup (self->button);
}

/**
 * eb_choice_row_set_search_text:
 *
 * Types @text into the search field, as the user would.
 */
void
eb_choice_row_set_search_text (EbChoiceRow *self,
                               const char  *text)
{
  g_return_if_fail (EB_IS_CHOICE_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* GtkSearchEntry delays search-changed; filter now so callers see the result. */
  on_search_changed (self);
}

guint
eb_choice_row_get_n_matches (EbChoiceRow *self)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/**
 * eb_choice_row_choose_first_match:
 *
 * Picks the first value that matches the search, as Enter in the search
 * field does.
 *
 * Returns: whether anything matched
 */
gboolean
eb_choice_row_choose_first_match (EbChoiceRow *self)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    return FALSE;

  choose_filtered (self, 0);
  return TRUE;
}

/**
 * eb_choice_row_set_no_match_func:
 * @func: (nullable): says why nothing matches what was searched, or %NULL
 *   for the usual "Nothing matches"
 *
 * E.g. that a postal code typed into a district's list is another
 * district's.
 */
void
eb_choice_row_set_no_match_func (EbChoiceRow            *self,
                                 EbChoiceRowNoMatchFunc  func,
                                 gpointer                user_data,
                                 GDestroyNotify          destroy)
{
  g_return_if_fail (EB_IS_CHOICE_ROW (self));

  if (self->no_match_destroy != NULL)
    self->no_match_destroy (self->no_match_data);
  self->no_match_func = func;
  self->no_match_data = user_data;
  self->no_match_destroy = destroy;
  refilter (self);
}

/**
 * eb_choice_row_get_no_match_text:
 *
 * Returns: (nullable): what the list says when the search matches nothing,
 *   or %NULL while something matches
 */
const char *
eb_choice_row_get_no_match_text (EbChoiceRow *self)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->empty_label)))
    return NULL;
  return gtk_label_get_text (self->empty_label);
}

/**
 * eb_choice_row_get_shown_label:
 * @key: a choice's key
 *
 * Returns: (nullable): the line the list shows for @key, or %NULL
 */
const char *
eb_choice_row_get_shown_label (EbChoiceRow *self,
                               const char  *key)
{
  g_return_val_if_fail (EB_IS_CHOICE_ROW (self), NULL);

  for (guint i = 0; self->keys != NULL && self->keys[i] != NULL; i++)
    if (g_strcmp0 (self->keys[i], key) == 0)
      return gtk_string_list_get_string (self->labels, i);
  return NULL;
}
