/* test-ui-login.c — the login page's forgiving input and its refusals
 *
 * In-process under Xvfb against the practice portal (issue 12, items 1, 3,
 * 8 and 9): a registry refusal stands whole in the assistant's error bar
 * with the rows it concerns marked, until one of them is edited; the
 * unrecorded assignment marks none and stays; "bulanik" logs in as BULANIK
 * and the form shows the registry's spelling; no row turns red before it is
 * typed in; the birth place can be picked from the place list; "17061983"
 * reads 17.06.1983 and a mobile number without its 0 reads formatted once
 * the row is left. Screenshots at 1366×768 go to $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eb-assistant.h"
#include "eb-field-binding.h"
#include "eb-file-util.h"
#include "eb-form-page.h"
#include "eb-identity-page.h"
#include "eb-page.h"
#include "eb-portal-client.h"
#include "eb-portal-text.h"
#include "eb-session.h"
#include "eb-store.h"
#include "eb-test-pki.h"
#include "eb-test-ui.h"
#include "eb-training-portal.h"
#include "eb-validation.h"
#include "eb-window.h"

static char *tmp_dir;
static EbTrainingPortal *portal;
static EbTokenManager *tokens;
static EbSigningCard *signing_card;
static guint n_windows;

static GtkWidget *
assistant_child (EbAssistant *assistant,
                 const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (assistant), EB_TYPE_ASSISTANT, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gboolean
stack_settled (gpointer data)
{
  EbAssistant *assistant = data;
  GtkStack *stack = GTK_STACK (assistant_child (assistant, "stack"));

  return !gtk_stack_get_transition_running (stack) &&
         gtk_stack_get_visible_child (stack) == GTK_WIDGET (eb_assistant_get_current_page (assistant));
}

static gboolean
not_applying (gpointer data)
{
  return !eb_assistant_get_applying (EB_ASSISTANT (data)) && stack_settled (data);
}

static gboolean
captcha_loaded (gpointer data)
{
  return eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (data)) != NULL;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Row titles move when a row gets the focus; the pictures wait for them. */
static void
wait_for_animations (void)
{
  gboolean done = FALSE;

  g_timeout_add (500, set_flag, &done);
  eb_test_ui_spin_until (eb_test_ui_flag_is_set, &done);
}

/* A window of its own, on a database of its own (no draft to restore). */
static GtkWidget *
open_window (EbSession **session_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("login-%u.db", n_windows++);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(EbStore) store = eb_store_open (path, &error);
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);
  EbSession *session;
  GtkWidget *window;

  g_assert_no_error (error);
  session = eb_session_new (store, client);
  eb_session_set_training (session, people);

  window = GTK_WIDGET (eb_window_new (NULL, session, signing_card));
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  eb_test_ui_settle ();

  *session_out = session;
  return window;
}

static void
close_window (GtkWidget *window,
              EbSession *session)
{
  gtk_window_destroy (GTK_WINDOW (window));
  eb_test_ui_settle ();
  g_object_unref (session);
}

/* Welcome → the login page; returns it once its picture is there. */
static EbPage *
go_to_login (EbAssistant *assistant)
{
  EbPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  eb_test_ui_spin_until (not_applying, assistant);
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_IDENTITY_PAGE (page));
  eb_test_ui_spin_until (captcha_loaded, page);
  return page;
}

static EbFieldBinding *
page_fields (EbPage *page)
{
  if (EB_IS_IDENTITY_PAGE (page))
    return eb_identity_page_get_field_binding (EB_IDENTITY_PAGE (page));
  return eb_form_page_get_field_binding (EB_FORM_PAGE (page));
}

static GtkWidget *
row_of (EbPage      *page,
        EbFormField  field)
{
  GtkWidget *row = eb_field_binding_get_widget (page_fields (page), field);

  g_assert_nonnull (row);
  return row;
}

static gboolean
focus_is_in (GtkWidget *row)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (row));

  return focus == row || (focus != NULL && gtk_widget_is_ancestor (focus, row));
}

/* Tabs until the focus is out of @row, as a user moving on does. */
static void
tab_out_of (GtkWidget *row)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (row));

  for (guint i = 0; i < 5 && focus_is_in (row); i++)
    g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_false (focus_is_in (row));
  eb_test_ui_settle ();
}

static void
type_into (EbPage      *page,
           EbFormField  field,
           const char  *text)
{
  GtkWidget *row = row_of (page, field);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  tab_out_of (row);
}

static const char *
row_text (EbPage      *page,
          EbFormField  field)
{
  return gtk_editable_get_text (GTK_EDITABLE (row_of (page, field)));
}

static gboolean
row_is_red (EbPage      *page,
            EbFormField  field)
{
  return gtk_widget_has_css_class (row_of (page, field), "error");
}

static guint
sample_index (const char *tckn)
{
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);

  for (guint i = 0; i < people->len; i++)
    {
      const char *value = NULL;

      g_assert_true (g_variant_lookup (g_ptr_array_index (people, i), "tckn", "&s", &value));
      if (g_strcmp0 (value, tckn) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static void
fill_sample_person (EbPage     *page,
                    const char *tckn)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "identity.fill-sample", "u",
                                             sample_index (tckn)));
  eb_test_ui_settle ();
}

static void
solve_captcha (EbPage *page)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (page), EB_TYPE_IDENTITY_PAGE, "captcha_row");
  g_autofree char *answer = NULL;

  eb_test_ui_spin_until (captcha_loaded, page);
  answer = eb_training_portal_dup_captcha_answer (portal,
                                                  eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)));
  g_assert_nonnull (answer);
  gtk_editable_set_text (GTK_EDITABLE (row), answer);
  eb_test_ui_settle ();
}

/* Log In pressed; waits for the portal's answer. */
static void
log_in (EbAssistant *assistant)
{
  g_assert_true (gtk_widget_get_sensitive (assistant_child (assistant, "next_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  eb_test_ui_spin_until (not_applying, assistant);
  eb_test_ui_settle ();
}

static char *
portal_sentence (EbPortalError code)
{
  g_autoptr(GError) error = g_error_new_literal (EB_PORTAL_ERROR, code, "");

  return eb_portal_text_error (error);
}

static const EbFormField mismatch_fields[] = {
  EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME, EB_FIELD_BIRTH_PLACE, EB_FIELD_BIRTH_DATE,
};

/* Items 1 and 8: the registry's "does not match" stands whole with the
 * rows it concerns marked, through a new picture typed, until one of them
 * is edited; then "bulanik" for BULANIK logs in, and the form shows the
 * registry's spelling. */
static void
test_login_refusal_marks_fields (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  EbApplicationForm *form = eb_session_get_form (session);
  g_autofree char *mismatch = portal_sentence (EB_PORTAL_ERROR_IDENTITY_MISMATCH);
  EbPage *page = go_to_login (assistant);
  guint index = eb_assistant_get_current_index (assistant);

  /* Mehmet Ali Yıldız, but born "in Muş". */
  fill_sample_person (page, "10000000146");
  type_into (page, EB_FIELD_BIRTH_PLACE, "Muş");
  solve_captcha (page);
  log_in (assistant);

  g_assert_cmpuint (eb_assistant_get_current_index (assistant), ==, index);
  g_assert_cmpstr (eb_assistant_get_step_error (assistant), ==, mismatch);
  for (guint i = 0; i < G_N_ELEMENTS (mismatch_fields); i++)
    {
      g_assert_true (eb_field_binding_get_marked (page_fields (page), mismatch_fields[i]));
      g_assert_true (row_is_red (page, mismatch_fields[i]));
      /* A screen reader hears it as invalid, and why. */
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (row_of (page, mismatch_fields[i])),
                                        GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row_of (page, mismatch_fields[i])),
                                           GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                           _("Does not match the personnel records"));
      /* Marked, not judged: no message of its own under the row. */
      g_assert_null (eb_field_binding_get_error (page_fields (page), mismatch_fields[i]));
    }
  g_assert_false (eb_field_binding_get_marked (page_fields (page), EB_FIELD_TCKN));
  g_assert_false (row_is_red (page, EB_FIELD_TCKN));
  eb_test_ui_spin_until (captcha_loaded, page);
  wait_for_animations ();
  eb_test_ui_screenshot (window, "login-refusal-marked.png");

  /* Typing the new picture's text changes nothing the refusal was about. */
  solve_captcha (page);
  g_assert_cmpstr (eb_assistant_get_step_error (assistant), ==, mismatch);
  g_assert_true (eb_field_binding_get_marked (page_fields (page), EB_FIELD_BIRTH_DATE));

  /* Editing one of the marked details: the refusal and the marks go. The
   * place typed without its Turkish letters, as on many keyboards. */
  type_into (page, EB_FIELD_BIRTH_PLACE, "bulanik");
  g_assert_null (eb_assistant_get_step_error (assistant));
  for (guint i = 0; i < G_N_ELEMENTS (mismatch_fields); i++)
    {
      g_assert_false (eb_field_binding_get_marked (page_fields (page), mismatch_fields[i]));
      g_assert_false (row_is_red (page, mismatch_fields[i]));
      g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (row_of (page, mismatch_fields[i])),
                                                     GTK_ACCESSIBLE_STATE_INVALID));
    }
  /* i for ı: Turkish capitals make it YİLDİZ, which is not the registry's. */
  type_into (page, EB_FIELD_LAST_NAME, "yildiz");
  g_assert_cmpstr (row_text (page, EB_FIELD_LAST_NAME), ==, "YİLDİZ");

  /* The portal folds the letters: the same person, in the registry's spelling. */
  log_in (assistant);
  g_assert_null (eb_assistant_get_step_error (assistant));
  g_assert_cmpuint (eb_assistant_get_current_index (assistant), >, index);
  g_assert_true (EB_IS_FORM_PAGE (eb_assistant_get_current_page (assistant)));
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_BIRTH_PLACE), ==, "BULANIK");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_LAST_NAME), ==, "YILDIZ");
  g_assert_cmpstr (row_text (page, EB_FIELD_BIRTH_PLACE), ==, "BULANIK");
  g_assert_cmpstr (row_text (page, EB_FIELD_LAST_NAME), ==, "YILDIZ");

  /* Item 9: the mobile number typed without its 0 reads formatted as soon
   * as the row is left. */
  {
    EbPage *form_page = eb_assistant_get_current_page (assistant);
    g_autofree char *shown = eb_format_phone ("5321234567");

    type_into (form_page, EB_FIELD_MOBILE_PHONE, "5321234567");
    g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_MOBILE_PHONE), ==, "5321234567");
    g_assert_cmpstr (row_text (form_page, EB_FIELD_MOBILE_PHONE), ==, shown);
    g_assert_cmpstr (shown, ==, "0 (532) 123 45 67");
    g_assert_false (row_is_red (form_page, EB_FIELD_MOBILE_PHONE));
  }

  close_window (window, session);
}

/* Item 1: an assignment not recorded in e-personel concerns nothing typed
 * here: no row is marked, and the advice stays while the person edits. */
static void
test_login_assignment_not_recorded (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  g_autofree char *advice = portal_sentence (EB_PORTAL_ERROR_ASSIGNMENT_NOT_RECORDED);
  EbPage *page = go_to_login (assistant);
  const EbFormField all[] = { EB_FIELD_TCKN, EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME,
                              EB_FIELD_BIRTH_PLACE, EB_FIELD_BIRTH_DATE };

  /* Şükrü Doğan, typed "sukru" (item 8: the letters do not stop him). */
  fill_sample_person (page, "45672389138");
  type_into (page, EB_FIELD_FIRST_NAME, "sukru");
  solve_captcha (page);
  log_in (assistant);

  g_assert_cmpstr (eb_assistant_get_step_error (assistant), ==, advice);
  g_assert_nonnull (strstr (advice, "e-personel"));
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_false (eb_field_binding_get_marked (page_fields (page), all[i]));
      g_assert_false (row_is_red (page, all[i]));
    }
  eb_test_ui_spin_until (captcha_loaded, page);
  wait_for_animations ();
  eb_test_ui_screenshot (window, "login-refusal-assignment.png");

  type_into (page, EB_FIELD_FIRST_NAME, "Şükrü");
  g_assert_cmpstr (eb_assistant_get_step_error (assistant), ==, advice);

  close_window (window, session);
}

/* Item 3: picking a sample person with the focus in the empty T.C. row, or
 * tabbing past empty rows, turns nothing red; Log In judges them all; a row
 * typed in and left is judged; on the form page, empty optional rows
 * passed over stay plain. */
static void
test_login_no_red_before_typing (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  EbPage *page = go_to_login (assistant);
  GtkWidget *sample_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                        EB_TYPE_IDENTITY_PAGE,
                                                                        "sample_button"));
  const EbFormField all[] = { EB_FIELD_TCKN, EB_FIELD_FIRST_NAME, EB_FIELD_LAST_NAME,
                              EB_FIELD_BIRTH_PLACE, EB_FIELD_BIRTH_DATE };

  /* The page puts the focus in the T.C. row; tab through all, typing nothing. */
  g_assert_true (focus_is_in (row_of (page, EB_FIELD_TCKN)));
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      gtk_widget_grab_focus (row_of (page, all[i]));
      tab_out_of (row_of (page, all[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_null (eb_field_binding_get_error (page_fields (page), all[i]));
      g_assert_false (row_is_red (page, all[i]));
    }
  wait_for_animations ();
  eb_test_ui_screenshot (window, "login-untouched.png");

  /* To the sample people's button, as a click moves the focus, and a pick. */
  gtk_widget_grab_focus (row_of (page, EB_FIELD_TCKN));
  gtk_widget_grab_focus (sample_button);
  eb_test_ui_settle ();
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN));
  g_assert_false (row_is_red (page, EB_FIELD_TCKN));

  /* Log In with the details empty: now every one says what it needs, the
   * first has the focus, and the picture is not used up. */
  {
    g_autofree char *captcha = NULL;
    guint index = eb_assistant_get_current_index (assistant);

    solve_captcha (page);
    captcha = g_strdup (eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)));
    log_in (assistant);
    g_assert_cmpuint (eb_assistant_get_current_index (assistant), ==, index);
    g_assert_nonnull (eb_assistant_get_step_error (assistant));
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_assert_nonnull (eb_field_binding_get_error (page_fields (page), all[i]));
        g_assert_true (row_is_red (page, all[i]));
      }
    g_assert_true (focus_is_in (row_of (page, EB_FIELD_TCKN)));
    g_assert_cmpstr (eb_identity_page_get_captcha_id (EB_IDENTITY_PAGE (page)), ==, captcha);
    wait_for_animations ();
    eb_test_ui_screenshot (window, "login-next-with-empty-details.png");
  }

  /* Filled in (here by a sample person): the errors and the bar go. */
  fill_sample_person (page, "10000000146");
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_null (eb_field_binding_get_error (page_fields (page), all[i]));
      g_assert_false (row_is_red (page, all[i]));
    }
  g_assert_null (eb_assistant_get_step_error (assistant));

  /* Typed in and left: judged. Emptied and left: required. */
  type_into (page, EB_FIELD_TCKN, "123");
  g_assert_nonnull (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN));
  g_assert_true (row_is_red (page, EB_FIELD_TCKN));
  type_into (page, EB_FIELD_TCKN, "");
  g_assert_nonnull (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN));
  type_into (page, EB_FIELD_TCKN, "10000000146");
  g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_TCKN));

  /* Item 9: dates as people type them read DD.MM.YYYY once left. */
  {
    static const char *const typed[][2] = {
      { "24111980", "24.11.1980" },
      { "24/11/1980", "24.11.1980" },
      { "24-11-1980", "24.11.1980" },
      { "1.6.1983", "01.06.1983" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        type_into (page, EB_FIELD_BIRTH_DATE, typed[i][0]);
        g_assert_cmpstr (row_text (page, EB_FIELD_BIRTH_DATE), ==, typed[i][1]);
        g_assert_null (eb_field_binding_get_error (page_fields (page), EB_FIELD_BIRTH_DATE));
      }
    type_into (page, EB_FIELD_BIRTH_DATE, "24111980");
  }

  /* Logged in: the form page, whose optional rows are passed over empty. */
  solve_captcha (page);
  log_in (assistant);
  page = eb_assistant_get_current_page (assistant);
  g_assert_true (EB_IS_FORM_PAGE (page));
  {
    const EbFormField optional[] = { EB_FIELD_WORK_PHONE_EXTENSION, EB_FIELD_HOME_PHONE };

    for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
      {
        gtk_widget_grab_focus (row_of (page, optional[i]));
        tab_out_of (row_of (page, optional[i]));
        g_assert_null (eb_field_binding_get_error (page_fields (page), optional[i]));
        g_assert_false (row_is_red (page, optional[i]));
      }
    /* A required one passed over untouched is not red either, until typed. */
    gtk_widget_grab_focus (row_of (page, EB_FIELD_EMAIL));
    tab_out_of (row_of (page, EB_FIELD_EMAIL));
    g_assert_false (row_is_red (page, EB_FIELD_EMAIL));
    type_into (page, EB_FIELD_EMAIL, "mehmet@");
    g_assert_true (row_is_red (page, EB_FIELD_EMAIL));
  }

  close_window (window, session);
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The window with @popover drawn where it is on screen (a window
 * snapshot leaves popovers out: they are surfaces of their own). */
static void
screenshot_with_popover (GtkWidget  *window,
                         GtkWidget  *popover,
                         const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) window_paint = gtk_widget_paintable_new (window);
  g_autoptr(GdkPaintable) popover_paint = gtk_widget_paintable_new (popover);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);
  double wx, wy, px, py;

  eb_test_ui_settle ();
  gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  gdk_paintable_snapshot (window_paint, snapshot, width, height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx,
                                                          gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy));
  gdk_paintable_snapshot (popover_paint, snapshot, gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_mkdir_with_parents (dir, 0755);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* A key pressed in @widget, as its own key controllers get it (GTK has
 * no public way to synthesise the event itself). */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
      if (handled)
        return TRUE;
    }

  return FALSE;
}

/* Item 8: the birth place can be picked from the places (provinces and
 * districts) as well as typed; the list is reached with the keyboard. */
static void
test_login_birth_place_suggestions (void)
{
  EbSession *session = NULL;
  GtkWidget *window = open_window (&session);
  EbAssistant *assistant = eb_window_get_assistant (EB_WINDOW (window));
  EbPage *page = go_to_login (assistant);
  GtkListBox *list = eb_identity_page_get_place_suggestions (EB_IDENTITY_PAGE (page));
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);
  GtkWidget *row = row_of (page, EB_FIELD_BIRTH_PLACE);
  GtkListBoxRow *bulanik = NULL;

  g_assert_nonnull (popover);
  g_assert_false (gtk_widget_get_visible (popover));

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "bulan");
  eb_test_ui_spin_until (popover_shown, popover);
  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *item = gtk_list_box_get_row_at_index (list, i);
      GtkWidget *label = gtk_list_box_row_get_child (item);

      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (item)));
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), "Bulanık (Muş)") == 0)
        bulanik = item;
    }
  g_assert_nonnull (bulanik);
  wait_for_animations ();
  screenshot_with_popover (window, popover, "login-birth-place-suggestions.png");

  /* The keyboard: Down goes into the list, Escape back to the entry and
   * closes it; typing on opens it again, Tab past the row closes it. */
  g_assert_true (press_key (row, GDK_KEY_Down));
  eb_test_ui_settle ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))));
  g_assert_true (press_key (GTK_WIDGET (list), GDK_KEY_Escape));
  eb_test_ui_settle ();
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (focus_is_in (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "bulani");
  eb_test_ui_spin_until (popover_shown, popover);
  tab_out_of (row);
  g_assert_false (gtk_widget_get_visible (popover));
  gtk_widget_grab_focus (row);

  /* A province by its name without Turkish letters. */
  gtk_editable_set_text (GTK_EDITABLE (row), "igd");
  eb_test_ui_settle ();
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 0)))),
                   ==, "Iğdır");

  /* Picked (Enter or a click on the row activates it): the name goes in,
   * the list goes, the focus stays in the row. */
  gtk_editable_set_text (GTK_EDITABLE (row), "bulani");
  eb_test_ui_settle ();
  bulanik = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (bulanik);
  gtk_widget_grab_focus (GTK_WIDGET (bulanik));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (bulanik)));
  g_signal_emit_by_name (list, "row-activated", bulanik);
  eb_test_ui_settle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Bulanık");
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (focus_is_in (row));

  /* Leaving normalises it as typed names are. */
  tab_out_of (row);
  g_assert_cmpstr (row_text (page, EB_FIELD_BIRTH_PLACE), ==, "BULANIK");
  g_assert_false (gtk_widget_get_visible (popover));

  /* Filled by a sample person, not typed: no list. */
  fill_sample_person (page, "23456789138");
  g_assert_false (gtk_widget_get_visible (popover));

  close_window (window, session);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  tmp_dir = g_dir_make_tmp ("eb-ui-login-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);

  /* The suite runs with no accessibility backend; GTK's test one records
   * the states and properties a screen reader would get, for the checks. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/eimzabasvuru/EimzaBasvuru/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  portal = eb_training_portal_new (&error);
  g_assert_no_error (error);
  /* No card here: the shim with no token behind it. */
  tokens = eb_token_manager_new ();
  signing_card = eb_signing_card_new (NULL, tokens, EB_TEST_SHIM_PATH);

  g_test_add_func ("/ui/login/refusal-marks-fields", test_login_refusal_marks_fields);
  g_test_add_func ("/ui/login/assignment-not-recorded", test_login_assignment_not_recorded);
  g_test_add_func ("/ui/login/no-red-before-typing", test_login_no_red_before_typing);
  g_test_add_func ("/ui/login/birth-place-suggestions", test_login_birth_place_suggestions);

  status = g_test_run ();
  g_clear_object (&portal);
  g_clear_object (&signing_card);
  eb_token_manager_unload (tokens);
  g_clear_object (&tokens);

  g_assert_true (eb_remove_tree (tmp_dir, NULL));

  return status;
}
