/* eb-identity-page.c — the portal's login: identity and captcha
 *
 * As on the Kamu SM login screen (seed, Şekil 2): the text in the picture,
 * T.C. Kimlik No, ad, soyad, doğum yeri, doğum tarihi. Applying logs in at
 * the portal, which checks the person against the MEBBİS registry and gives
 * back the registry's record (with the institution name) for the form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-identity-page.h"
#include "eb-portal-text.h"
#include "eb-validation.h"

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

  EbFieldBinding *fields;
  GCancellable *cancellable;
  char *captcha_id;
  gboolean loading_captcha;
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

  return eb_application_form_validate_fields (eb_page_get_form (page), identity_fields,
                                              G_N_ELEMENTS (identity_fields), NULL, NULL)
         && self->captcha_id != NULL && *answer != '\0';
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

  /* Normalise what was typed the way the portal will compare it. */
  for (guint i = 0; i < G_N_ELEMENTS (identity_fields); i++)
    eb_field_binding_check (self->fields, identity_fields[i]);

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
  eb_page_update_complete (page);
  build_sample_menu (self);
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
