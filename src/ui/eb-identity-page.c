/* eb-identity-page.c — the portal's login: identity and captcha
 *
 * As on the Kamu SM login screen (seed, Şekil 2): the text in the picture,
 * T.C. Kimlik No, ad, soyad, doğum yeri, doğum tarihi. Applying logs in at
 * the portal, which checks the person against the MEBBİS registry and gives
 * back the registry's record (with the institution name) for the form.
 *
 * The registry's spelling wins: "bulanik" typed logs in as BULANIK and the
 * rows then show BULANIK. A refusal stands whole in the assistant's error
 * bar with the rows it concerns marked, until one of them is edited. The
 * birth place offers the provinces and districts as the person types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eb-geo.h"
#include "eb-identity-page.h"
#include "eb-portal-text.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

/* How many places the birth-place suggestions show at most. */
#define MAX_PLACE_SUGGESTIONS 8

typedef struct
{
  char *name;        /* what goes into the row: "Bulanık" */
  char *label;       /* what the list shows: "Bulanık (Muş)" */
  char *key;         /* eb_turkish_search_key (name) */
} Place;

static void
place_free (gpointer data)
{
  Place *place = data;

  g_free (place->name);
  g_free (place->label);
  g_free (place->key);
  g_free (place);
}

struct _EbIdentityPage
{
  EbPage parent_instance;

  GtkWidget *sample_group;
  GtkWidget *sample_button;
  GtkWidget *tckn_row;
  GtkWidget *first_name_row;
  GtkWidget *last_name_row;
  GtkWidget *birth_place_row;
  GtkWidget *birth_date_row;
  GtkStack *captcha_stack;
  GtkWidget *captcha_spinner;
  GtkWidget *captcha_picture;
  GtkWidget *captcha_error_label;
  GtkWidget *captcha_row;
  GtkWidget *place_popover;       /* suggestions under birth_place_row */
  GtkWidget *place_list;
  GPtrArray *places;              /* Place: provinces and districts */
  gboolean choosing_place;

  EbFieldBinding *fields;
  GCancellable *cancellable;
  char *captcha_id;
  gboolean loading_captcha;
  gboolean details_refused;       /* the error bar says the details are wrong */
};

G_DEFINE_FINAL_TYPE (EbIdentityPage, eb_identity_page, EB_TYPE_PAGE)

static const EbFormField identity_fields[] = {
  EB_FIELD_TCKN,
  EB_FIELD_FIRST_NAME,
  EB_FIELD_LAST_NAME,
  EB_FIELD_BIRTH_PLACE,
  EB_FIELD_BIRTH_DATE,
};

static void load_captcha (EbIdentityPage *self);

/* The registry's refusals name no field, but they concern some: those rows
 * are marked while the refusal, whole, stands in the assistant's error bar
 * (an unrecorded assignment concerns none: nothing typed here can fix it). */
static void
mark_refused_fields (EbIdentityPage *self,
                     const GError   *error)
{
  static const EbFormField mismatch[] = {
    EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME, EB_FIELD_BIRTH_PLACE, EB_FIELD_BIRTH_DATE,
  };
  static const EbFormField not_found[] = { EB_FIELD_TCKN };

  if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_IDENTITY_MISMATCH))
    eb_field_binding_mark (self->fields, mismatch, G_N_ELEMENTS (mismatch),
                           _("Does not match the personnel records"));
  else if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PERSON_NOT_FOUND))
    eb_field_binding_mark (self->fields, not_found, G_N_ELEMENTS (not_found),
                           _("Not in the personnel records"));
}

/* Once every detail is valid, the bar's "some details are missing" is not. */
static void
on_form_changed (EbIdentityPage *self)
{
  if (self->details_refused &&
      eb_application_form_validate_fields (eb_page_get_form (EB_PAGE (self)), identity_fields,
                                           G_N_ELEMENTS (identity_fields), NULL, NULL))
    {
      self->details_refused = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "assistant.dismiss-error", NULL);
    }
}

/* The person changed a detail the refusal was about: it no longer applies. */
static void
on_marks_cleared (EbIdentityPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.dismiss-error", NULL);
}

static void
show_captcha (EbIdentityPage  *self,
              EbPortalCaptcha *captcha)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_texture_new_from_bytes (captcha->png, &error);
  if (texture == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->captcha_error_label),
                          _("The picture from the portal cannot be shown. Ask for a new picture."));
      gtk_stack_set_visible_child_name (self->captcha_stack, "error");
      return;
    }

  g_free (self->captcha_id);
  self->captcha_id = g_strdup (captcha->id);
  gtk_picture_set_paintable (GTK_PICTURE (self->captcha_picture), GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->captcha_stack, "picture");
  gtk_editable_set_text (GTK_EDITABLE (self->captcha_row), "");
}

/* Adds @name unless a place of the same folded name is there already. */
static void
add_place (GPtrArray  *places,
           GHashTable *seen,
           const char *name,
           const char *province)
{
  g_autofree char *key = eb_turkish_search_key (name);
  Place *place;

  /* "Merkez" is a district of every province, not a place. */
  if (g_hash_table_contains (seen, key) || strcmp (key, "merkez") == 0)
    return;

  place = g_new0 (Place, 1);
  place->name = g_strdup (name);
  /* TRANSLATORS: a district in the birth-place suggestions: "Bulanık (Muş)" */
  place->label = province == NULL ? g_strdup (name) : g_strdup_printf (_("%s (%s)"), name, province);
  place->key = g_steal_pointer (&key);
  g_hash_table_add (seen, place->key);
  g_ptr_array_add (places, place);
}

/* Every province and district (the names people give as a birth place),
 * provinces first, each name once. */
static GPtrArray *
load_places (void)
{
  EbGeo *geo = eb_geo_get_default ();
  GPtrArray *places = g_ptr_array_new_with_free_func (place_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const guint *plates;
  guint n;

  plates = eb_geo_get_plates (geo, &n);
  for (guint i = 0; i < n; i++)
    add_place (places, seen, eb_geo_get_province_name (geo, plates[i]), NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *province = eb_geo_get_province_name (geo, plates[i]);
      const char * const *districts = eb_geo_get_districts (geo, plates[i]);

      for (guint d = 0; districts != NULL && districts[d] != NULL; d++)
        add_place (places, seen, districts[d], province);
    }

  return places;
}

static void
update_place_suggestions (EbIdentityPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->birth_place_row));
  g_autofree char *typed = eb_turkish_collapse_space (text);
  GtkRoot *root = gtk_widget_get_root (self->birth_place_row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (self->place_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->place_list), child);

  /* Two letters at least, and only while the person types there (not when
   * a sample person or the registry's spelling fills the row). */
  if (g_utf8_strlen (typed, -1) < 2 || focus == NULL ||
      (focus != self->birth_place_row && !gtk_widget_is_ancestor (focus, self->birth_place_row)))
    {
      gtk_popover_popdown (GTK_POPOVER (self->place_popover));
      return;
    }

  if (self->places == NULL)
    self->places = load_places ();

  for (guint i = 0; i < self->places->len && shown < MAX_PLACE_SUGGESTIONS; i++)
    {
      Place *place = g_ptr_array_index (self->places, i);
      GtkWidget *row, *label;

      if (!eb_turkish_search_match (place->key, typed) || eb_turkish_equal_ci (place->name, typed))
        continue;
      label = gtk_label_new (place->label);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "place-name", g_strdup (place->name), g_free);
      gtk_list_box_append (GTK_LIST_BOX (self->place_list), row);
      shown++;
    }

  if (shown > 0)
    {
      /* As wide as the row it belongs to, like an entry completion. */
      gtk_widget_set_size_request (gtk_popover_get_child (GTK_POPOVER (self->place_popover)),
                                   MAX (gtk_widget_get_width (self->birth_place_row) - 24, 200), -1);
      gtk_popover_popup (GTK_POPOVER (self->place_popover));
    }
  else
    gtk_popover_popdown (GTK_POPOVER (self->place_popover));
}

static void
on_birth_place_changed (EbIdentityPage *self)
{
  if (!self->choosing_place)
    update_place_suggestions (self);
}

static void
on_place_activated (GtkListBox     *list,
                    GtkListBoxRow  *row,
                    EbIdentityPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "place-name");

  self->choosing_place = TRUE;
  gtk_popover_popdown (GTK_POPOVER (self->place_popover));
  gtk_editable_set_text (GTK_EDITABLE (self->birth_place_row), name);
  gtk_editable_set_position (GTK_EDITABLE (self->birth_place_row), -1);
  self->choosing_place = FALSE;
  gtk_widget_grab_focus (self->birth_place_row);
}

/* Down from the entry goes into the suggestions; Escape closes them. */
static gboolean
on_birth_place_key (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    EbIdentityPage        *self)
{
  GtkListBoxRow *first;

  if (!gtk_widget_get_visible (self->place_popover))
    return FALSE;

  if (keyval == GDK_KEY_Escape)
    {
      gtk_popover_popdown (GTK_POPOVER (self->place_popover));
      return TRUE;
    }

  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->place_list), 0)) != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (first));
      return TRUE;
    }

  return FALSE;
}

static gboolean
on_place_list_key (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   EbIdentityPage        *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;

  gtk_popover_popdown (GTK_POPOVER (self->place_popover));
  gtk_widget_grab_focus (self->birth_place_row);
  return TRUE;
}

/* Once the focus has settled: gone from the entry and not into the list,
 * the suggestions go too. */
static gboolean
close_place_suggestions_idle (gpointer data)
{
  g_autoptr(EbIdentityPage) self = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->place_popover != NULL &&
      (focus == NULL || (!gtk_widget_is_ancestor (focus, self->birth_place_row) &&
                         !gtk_widget_is_ancestor (focus, self->place_popover))))
    gtk_popover_popdown (GTK_POPOVER (self->place_popover));

  return G_SOURCE_REMOVE;
}

static void
on_birth_place_focus_leave (EbIdentityPage *self)
{
  g_idle_add (close_place_suggestions_idle, g_object_ref (self));
}

static void
setup_place_suggestions (EbIdentityPage *self)
{
  GtkEventController *keys;
  GtkWidget *scrolled;

  self->place_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->place_list), GTK_SELECTION_BROWSE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->place_list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Places of birth"), -1);
  g_signal_connect (self->place_list, "row-activated", G_CALLBACK (on_place_activated), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_place_list_key), self);
  gtk_widget_add_controller (self->place_list, keys);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->place_list);

  /* Not modal: typing goes on in the entry while the list shows. */
  self->place_popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->place_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->place_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->place_popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->place_popover, GTK_ALIGN_START);
  gtk_popover_set_child (GTK_POPOVER (self->place_popover), scrolled);
  gtk_widget_set_parent (self->place_popover, self->birth_place_row);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_birth_place_key), self);
  gtk_widget_add_controller (self->birth_place_row, keys);
  g_signal_connect_swapped (self->birth_place_row, "changed", G_CALLBACK (on_birth_place_changed), self);
  keys = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (keys, "leave", G_CALLBACK (on_birth_place_focus_leave), self);
  gtk_widget_add_controller (self->birth_place_row, keys);
}

static void
captcha_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EbPortalClient *client = EB_PORTAL_CLIENT (source);
  g_autoptr(EbPortalCaptcha) captcha = NULL;
  g_autoptr(GError) error = NULL;
  EbIdentityPage *self;

  if (g_task_get_source_tag (G_TASK (result)) == eb_portal_client_start_session_async)
    captcha = eb_portal_client_start_session_finish (client, result, &error);
  else
    captcha = eb_portal_client_refresh_captcha_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = EB_IDENTITY_PAGE (user_data);
  self->loading_captcha = FALSE;
  gtk_spinner_set_spinning (GTK_SPINNER (self->captcha_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "identity.new-captcha", TRUE);

  if (captcha == NULL)
    {
      g_autofree char *text = eb_portal_text_error (error);

      /* An ended session is started again on the next request. */
      if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SESSION_EXPIRED))
        eb_portal_client_forget_session (client);
      gtk_label_set_text (GTK_LABEL (self->captcha_error_label), text);
      gtk_stack_set_visible_child_name (self->captcha_stack, "error");
    }
  else
    {
      show_captcha (self, captcha);
    }

  eb_page_update_complete (EB_PAGE (self));
}

/* A new session gets its first picture; within one, the refresh call. */
static void
load_captcha (EbIdentityPage *self)
{
  EbPortalClient *client = eb_session_get_client (eb_page_get_session (EB_PAGE (self)));

  if (self->loading_captcha)
    return;

  self->loading_captcha = TRUE;
  g_clear_pointer (&self->captcha_id, g_free);
  gtk_stack_set_visible_child_name (self->captcha_stack, "loading");
  gtk_spinner_set_spinning (GTK_SPINNER (self->captcha_spinner), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "identity.new-captcha", FALSE);
  eb_page_update_complete (EB_PAGE (self));

  if (eb_portal_client_has_session (client))
    eb_portal_client_refresh_captcha_async (client, self->cancellable, captcha_cb, self);
  else
    eb_portal_client_start_session_async (client, self->cancellable, captcha_cb, self);
}

static void
new_captcha_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  load_captcha (EB_IDENTITY_PAGE (widget));
}

static void
fill_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (widget);
  EbSession *session = eb_page_get_session (EB_PAGE (self));
  GPtrArray *people = eb_session_get_sample_people (session);
  guint index = g_variant_get_uint32 (parameter);

  if (people == NULL || index >= people->len)
    return;

  eb_application_form_deserialize (eb_session_get_form (session), g_ptr_array_index (people, index));
  for (guint i = 0; i < G_N_ELEMENTS (identity_fields); i++)
    eb_field_binding_check (self->fields, identity_fields[i]);
  gtk_widget_grab_focus (self->captcha_row);
}

static void
build_sample_menu (EbIdentityPage *self)
{
  GPtrArray *people = eb_session_get_sample_people (eb_page_get_session (EB_PAGE (self)));
  g_autoptr(GMenu) menu = g_menu_new ();

  gtk_widget_set_visible (self->sample_group, eb_session_get_training (eb_page_get_session (EB_PAGE (self))));
  if (people == NULL)
    return;

  for (guint i = 0; i < people->len; i++)
    {
      GVariant *person = g_ptr_array_index (people, i);
      const char *first = "", *last = "", *tckn = "";
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      g_variant_lookup (person, "first-name", "&s", &first);
      g_variant_lookup (person, "last-name", "&s", &last);
      g_variant_lookup (person, "tckn", "&s", &tckn);
      label = g_strdup_printf ("%s %s (%s)", first, last, tckn);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "identity.fill-sample", g_variant_new_uint32 (i));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->sample_button), G_MENU_MODEL (menu));
}

static void
on_captcha_changed (EbIdentityPage *self)
{
  eb_page_update_complete (EB_PAGE (self));
}

/* Enter logs in from the last field, as in the PIN entry (the assistant's
 * action is off while the page is incomplete). */
static void
on_captcha_activated (EbIdentityPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static gboolean
eb_identity_page_check_complete (EbPage *page)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (page);
  g_autofree char *answer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->captcha_row))));

  /* The details are judged when Log In is pressed (all of them, each
   * with its own message), not by greying the button out with no reason
   * given; the picture and its text are needed to press it at all. */
  return self->captcha_id != NULL && *answer != '\0';
}

static void
eb_identity_page_shown (EbPage *page)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (page);
  EbPortalClient *client = eb_session_get_client (eb_page_get_session (page));

  /* Coming back after the session ended (or first time): a fresh session. */
  if (self->captcha_id == NULL || !eb_portal_client_has_session (client))
    {
      eb_portal_client_forget_session (client);
      g_clear_pointer (&self->captcha_id, g_free);
      load_captcha (self);
    }

  gtk_widget_grab_focus (self->tckn_row);
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbIdentityPage *self = g_task_get_source_object (task);
  g_autoptr(GVariant) person = NULL;
  g_autoptr(GError) error = NULL;

  person = eb_portal_client_login_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (person == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_INVALID_FIELDS))
        eb_field_binding_show_errors (self->fields, eb_portal_error_get_fields (error));
      mark_refused_fields (self, error);

      /* A captcha is used up by any attempt, right or wrong. */
      g_clear_pointer (&self->captcha_id, g_free);
      if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SESSION_EXPIRED) ||
          g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_WRONG_STATE))
        eb_portal_client_forget_session (EB_PORTAL_CLIENT (source));
      load_captcha (self);

      g_task_return_error (task, eb_portal_text_translate (error));
      return;
    }

  /* The registry's spelling and the institution name go into the form. */
  eb_application_form_deserialize (eb_page_get_form (EB_PAGE (self)), person);
  /* A new login is a new application at the portal: what an earlier one
   * got (number, method, issued form) belongs to that one. */
  eb_session_reset_application (eb_page_get_session (EB_PAGE (self)));
  g_task_return_boolean (task, TRUE);
}

static void
eb_identity_page_apply_async (EbPage              *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (page);
  EbSession *session = eb_page_get_session (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *answer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->captcha_row))));

  g_task_set_source_tag (task, eb_identity_page_apply_async);

  /* A new try is judged afresh. */
  eb_field_binding_clear_marks (self->fields);
  self->details_refused = FALSE;
  /* Normalise what was typed the way the portal will compare it; what is
   * missing or wrong shows under its row (the first gets the focus) and
   * nothing goes to the portal: the picture is not used up. */
  if (!eb_field_binding_check_all (self->fields))
    {
      self->details_refused = TRUE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("Some details are missing or not valid. Correct them where "
                                 "marked, then log in."));
      return;
    }

  eb_portal_client_login_async (eb_session_get_client (session), self->captcha_id, answer,
                                eb_session_get_form (session), cancellable, login_cb,
                                g_steal_pointer (&task));
}

static gboolean
eb_identity_page_apply_finish (EbPage        *page,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
eb_identity_page_constructed (GObject *object)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (object);
  EbPage *page = EB_PAGE (self);

  G_OBJECT_CLASS (eb_identity_page_parent_class)->constructed (object);

  self->fields = eb_field_binding_new (eb_page_get_form (page));
  eb_field_binding_bind_entry (self->fields, EB_FIELD_TCKN, self->tckn_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_FIRST_NAME, self->first_name_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_LAST_NAME, self->last_name_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_BIRTH_PLACE, self->birth_place_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_BIRTH_DATE, self->birth_date_row, eb_format_date_dotted);
  g_signal_connect_object (self->fields, "marks-cleared", G_CALLBACK (on_marks_cleared), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (eb_page_get_form (page), "changed", G_CALLBACK (on_form_changed), self,
                           G_CONNECT_SWAPPED);
  eb_page_update_complete (page);
  build_sample_menu (self);
  setup_place_suggestions (self);
}

static void
eb_identity_page_dispose (GObject *object)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->captcha_id, g_free);
  /* Before the rows go: it holds handlers on them. */
  g_clear_object (&self->fields);
  g_clear_pointer (&self->place_popover, gtk_widget_unparent);
  g_clear_pointer (&self->places, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_IDENTITY_PAGE);

  G_OBJECT_CLASS (eb_identity_page_parent_class)->dispose (object);
}

static void
eb_identity_page_class_init (EbIdentityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->constructed = eb_identity_page_constructed;
  object_class->dispose = eb_identity_page_dispose;
  page_class->shown = eb_identity_page_shown;
  page_class->apply_async = eb_identity_page_apply_async;
  page_class->apply_finish = eb_identity_page_apply_finish;
  page_class->check_complete = eb_identity_page_check_complete;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-identity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, sample_group);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, sample_button);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, tckn_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, birth_place_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, birth_date_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, captcha_stack);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, captcha_spinner);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, captcha_picture);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, captcha_error_label);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, captcha_row);
  gtk_widget_class_bind_template_callback (widget_class, on_captcha_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_captcha_activated);

  gtk_widget_class_install_action (widget_class, "identity.new-captcha", NULL, new_captcha_action);
  gtk_widget_class_install_action (widget_class, "identity.fill-sample", "u", fill_sample_action);
}

static void
eb_identity_page_init (EbIdentityPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * eb_identity_page_get_captcha_id:
 *
 * Returns: (nullable): the portal's id of the picture on show
 */
const char *
eb_identity_page_get_captcha_id (EbIdentityPage *self)
{
  g_return_val_if_fail (EB_IS_IDENTITY_PAGE (self), NULL);

  return self->captcha_id;
}

/**
 * eb_identity_page_get_place_suggestions:
 *
 * Returns: (transfer none): the list of the birth-place suggestions (its
 *   rows the places that match what is typed; shown when not empty)
 */
GtkListBox *
eb_identity_page_get_place_suggestions (EbIdentityPage *self)
{
  g_return_val_if_fail (EB_IS_IDENTITY_PAGE (self), NULL);

  return GTK_LIST_BOX (self->place_list);
}

/**
 * eb_identity_page_get_field_binding:
 *
 * Returns: (transfer none): what ties the identity rows to the form
 */
EbFieldBinding *
eb_identity_page_get_field_binding (EbIdentityPage *self)
{
  g_return_val_if_fail (EB_IS_IDENTITY_PAGE (self), NULL);

  return self->fields;
}
