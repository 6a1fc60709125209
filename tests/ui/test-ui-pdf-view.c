/* test-ui-pdf-view.c — the PDF preview, in-process under Xvfb
 *
 * A real two-page PDF with Turkish text (made here with cairo and pango)
 * in a window: pages, navigation, zoom by the actions the keys are bound
 * to, background rendering at high zoom, a broken file, and a screenshot
 * in $G_TEST_BUILDDIR/screenshots. Run once more with GDK_SCALE=2, where
 * every page image must have twice the pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "eb-pdf-view.h"
#include "eb-test-ui.h"

#define A4_WIDTH  595.275590551
#define A4_HEIGHT 841.889763780

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (void)
{
  const char *texts[] = {
    "Nitelikli Elektronik Sertifika Başvuru Formu\nAyşe Çığır IŞIKOĞLU — İstanbul, Şişli",
    "Talimatlar: üç kopya\nTÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi, Pk:74 41470 Gebze/KOCAELİ",
  };
  GByteArray *buffer = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, buffer, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans 14");

      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, texts[i], -1);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 56, 56);
      pango_cairo_show_layout (cr, layout);
      cairo_rectangle (cr, 56, 400, 480, 200);
      cairo_set_source_rgb (cr, 0.2, 0.3, 0.8);
      cairo_stroke (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (buffer);
}

static gboolean
not_busy (gpointer data)
{
  return !eb_pdf_view_get_busy (data);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

typedef struct
{
  GtkWidget *window;
  EbPdfView *view;
  GBytes *pdf;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 900);
  fixture->view = EB_PDF_VIEW (eb_pdf_view_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  eb_test_ui_spin_until (window_mapped, fixture->window);
  fixture->pdf = make_pdf ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_bytes_unref (fixture->pdf);
  eb_test_ui_settle ();
}

static GtkWidget *
view_child (EbPdfView  *view,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), EB_TYPE_PDF_VIEW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static GtkWidget *
page_picture (EbPdfView *view,
              guint      index)
{
  GtkWidget *child = gtk_widget_get_first_child (view_child (view, "pages_box"));

  for (guint i = 0; i < index && child != NULL; i++)
    child = gtk_widget_get_next_sibling (child);
  g_assert_true (GTK_IS_PICTURE (child));
  return child;
}

static void
load (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eb_pdf_view_set_document (fixture->view, fixture->pdf, &error));
  g_assert_no_error (error);
  eb_test_ui_settle ();
  eb_test_ui_spin_until (not_busy, fixture->view);
  eb_test_ui_settle ();
}

static void
assert_sharp (EbPdfView *view,
              guint      index)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (view));
  double zoom = eb_pdf_view_get_zoom (view);
  int width = 0, height = 0;

  g_assert_true (eb_pdf_view_get_rendered_size (view, index, &width, &height));
  g_assert_cmpint (width, ==, (int) ceil (A4_WIDTH * zoom) * scale);
  g_assert_cmpint (height, ==, (int) ceil (A4_HEIGHT * zoom) * scale);
}

static void
test_pdf_view_document (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *scrolled;
  int viewport_width, page_width;
  g_autofree char *name = NULL;

  g_assert_cmpuint (eb_pdf_view_get_n_pages (fixture->view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (fixture->view, "stack"))), ==, "empty");

  load (fixture);
  g_assert_cmpuint (eb_pdf_view_get_n_pages (fixture->view), ==, 2);
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 0);
  g_assert_true (eb_pdf_view_get_fit_width (fixture->view));
  g_assert_null (eb_pdf_view_get_error_message (fixture->view));
  g_assert_true (eb_pdf_view_get_document (fixture->view) == fixture->pdf);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (fixture->view, "stack"))), ==, "document");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (view_child (fixture->view, "page_label"))), ==, "1 / 2");

  /* Fit width: the page (with its shadow margin) nearly fills the view, and
   * the view does not scroll sideways. */
  scrolled = view_child (fixture->view, "scrolled");
  viewport_width = gtk_widget_get_width (scrolled);
  page_width = gtk_widget_get_width (page_picture (fixture->view, 0));
  g_test_message ("viewport %d, page %d, zoom %.3f", viewport_width, page_width,
                  eb_pdf_view_get_zoom (fixture->view));
  g_assert_cmpint (page_width, <=, viewport_width - 24);
  g_assert_cmpint (page_width, >, viewport_width - 24 - 8);
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled))), <=,
                     viewport_width);
  assert_sharp (fixture->view, 0);
  assert_sharp (fixture->view, 1);

  /* Both pages are the same size, one under the other. */
  g_assert_cmpint (gtk_widget_get_width (page_picture (fixture->view, 1)), ==, page_width);

  name = g_strdup_printf ("pdf-view-scale%d.png", gtk_widget_get_scale_factor (fixture->window));
  eb_test_ui_screenshot (fixture->window, name);
}

static gboolean
value_settled (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *scrolled = view_child (fixture->view, "scrolled");

  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled))) > 0;
}

/* The action a key is bound to, as the view's shortcut controller has it. */
static const char *
action_for_key (EbPdfView       *view,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              GTK_IS_NAMED_ACTION (action))
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

static void
press (EbPdfView       *view,
       guint            keyval,
       GdkModifierType  modifiers)
{
  const char *action = action_for_key (view, keyval, modifiers);

  g_assert_nonnull (action);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, NULL));
  eb_test_ui_settle ();
  eb_test_ui_spin_until (not_busy, view);
}

static void
test_pdf_view_navigation (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkAdjustment *vadj;

  load (fixture);
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (view_child (fixture->view, "scrolled")));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);

  press (fixture->view, GDK_KEY_Page_Down, 0);
  eb_test_ui_spin_until (value_settled, fixture);
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (view_child (fixture->view, "page_label"))), ==, "2 / 2");
  /* The second page's top is in view. */
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (page_picture (fixture->view, 1),
                                              view_child (fixture->view, "scrolled"), &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y, <, 24);
  }

  /* No page after the last. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf-view.next-page", NULL) &&
                  eb_pdf_view_get_page (fixture->view) != 1);
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 1);

  press (fixture->view, GDK_KEY_Page_Up, 0);
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), <, 12);

  /* Scrolling by hand moves the page number along. */
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj));
  eb_test_ui_settle ();
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 1);
  gtk_adjustment_set_value (vadj, 0);
  eb_test_ui_settle ();
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 0);

  /* The property too. */
  g_object_set (fixture->view, "page", 1, NULL);
  eb_test_ui_settle ();
  g_assert_cmpuint (eb_pdf_view_get_page (fixture->view), ==, 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);
}

static void
test_pdf_view_zoom (Fixture       *fixture,
                    gconstpointer  data)
{
  double fit_zoom;
  int width_100, width, previous;

  load (fixture);
  fit_zoom = eb_pdf_view_get_zoom (fixture->view);

  eb_pdf_view_set_zoom (fixture->view, 1.0);
  eb_test_ui_settle ();
  g_assert_false (eb_pdf_view_get_fit_width (fixture->view));
  assert_sharp (fixture->view, 0);
  g_assert_true (eb_pdf_view_get_rendered_size (fixture->view, 0, &width_100, NULL));
  g_assert_cmpint (width_100, ==, 596 * gtk_widget_get_scale_factor (fixture->window));
  g_assert_nonnull (g_strstr_len (gtk_label_get_text (GTK_LABEL (view_child (fixture->view, "zoom_label"))), -1, "100"));

  /* Ctrl++ and plain + zoom in, Ctrl+− and plain − out. */
  press (fixture->view, GDK_KEY_plus, GDK_CONTROL_MASK);
  g_assert_cmpfloat_with_epsilon (eb_pdf_view_get_zoom (fixture->view), 1.2, 1e-6);
  assert_sharp (fixture->view, 0);
  g_assert_true (eb_pdf_view_get_rendered_size (fixture->view, 0, &width, NULL));
  g_assert_cmpint (width, >, width_100);
  g_assert_cmpint (gtk_widget_get_width (page_picture (fixture->view, 0)), ==, (int) ceil (A4_WIDTH * 1.2) + 16);

  previous = width;
  press (fixture->view, GDK_KEY_plus, 0);
  g_assert_true (eb_pdf_view_get_rendered_size (fixture->view, 0, &width, NULL));
  g_assert_cmpint (width, >, previous);

  press (fixture->view, GDK_KEY_minus, GDK_CONTROL_MASK);
  press (fixture->view, GDK_KEY_minus, 0);
  press (fixture->view, GDK_KEY_KP_Subtract, 0);
  g_assert_cmpfloat_with_epsilon (eb_pdf_view_get_zoom (fixture->view), 1.0 / 1.2, 1e-6);
  g_assert_true (eb_pdf_view_get_rendered_size (fixture->view, 0, &width, NULL));
  g_assert_cmpint (width, <, width_100);
  assert_sharp (fixture->view, 1);

  /* Ctrl+0 goes back to fitting the width. */
  press (fixture->view, GDK_KEY_0, GDK_CONTROL_MASK);
  g_assert_true (eb_pdf_view_get_fit_width (fixture->view));
  g_assert_cmpfloat_with_epsilon (eb_pdf_view_get_zoom (fixture->view), fit_zoom, 1e-6);

  /* Bounded. */
  eb_pdf_view_set_zoom (fixture->view, 100);
  g_assert_cmpfloat (eb_pdf_view_get_zoom (fixture->view), ==, EB_PDF_VIEW_ZOOM_MAX);
  eb_test_ui_spin_until (not_busy, fixture->view);
  eb_pdf_view_set_zoom (fixture->view, 0.01);
  g_assert_cmpfloat (eb_pdf_view_get_zoom (fixture->view), ==, EB_PDF_VIEW_ZOOM_MIN);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf-view.zoom-out", NULL) &&
                  eb_pdf_view_get_zoom (fixture->view) < EB_PDF_VIEW_ZOOM_MIN);
  assert_sharp (fixture->view, 0);
}

static void
test_pdf_view_background (Fixture       *fixture,
                          gconstpointer  data)
{
  load (fixture);

  /* Large pages are rendered by the worker; the stand-in is not sharp. */
  eb_pdf_view_set_zoom (fixture->view, 4.0);
  g_assert_true (eb_pdf_view_get_busy (fixture->view));
  g_assert_false (eb_pdf_view_get_rendered_size (fixture->view, 0, NULL, NULL));
  g_assert_cmpint (gtk_widget_get_width (page_picture (fixture->view, 0)), >=, 0);
  eb_test_ui_spin_until (not_busy, fixture->view);
  assert_sharp (fixture->view, 0);
  assert_sharp (fixture->view, 1);

  /* A zoom change makes queued renders stale: only the last one shows. */
  eb_pdf_view_set_zoom (fixture->view, 3.0);
  eb_pdf_view_set_zoom (fixture->view, 3.5);
  g_assert_true (eb_pdf_view_get_busy (fixture->view));
  eb_test_ui_spin_until (not_busy, fixture->view);
  eb_test_ui_settle ();
  assert_sharp (fixture->view, 0);
  assert_sharp (fixture->view, 1);
  eb_test_ui_screenshot (fixture->window, "pdf-view-zoomed.png");

  /* Closing while the worker renders: it is joined, nothing is delivered. */
  eb_pdf_view_set_zoom (fixture->view, 4.0);
  g_assert_true (eb_pdf_view_get_busy (fixture->view));
}

static void
test_pdf_view_broken (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.7\nthis is not a PDF", 25);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (fixture->pdf, 0, g_bytes_get_size (fixture->pdf) / 3);
  g_autoptr(GError) error = NULL;
  GBytes *broken[] = { junk, truncated };

  load (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_assert_false (eb_pdf_view_set_document (fixture->view, broken[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (g_strstr_len (error->message, -1, "PDF"));
      g_assert_cmpstr (eb_pdf_view_get_error_message (fixture->view), ==, error->message);
      g_assert_cmpuint (eb_pdf_view_get_n_pages (fixture->view), ==, 0);
      g_assert_null (eb_pdf_view_get_document (fixture->view));
      g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (fixture->view, "stack"))), ==, "error");
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (view_child (fixture->view, "page_label"))), ==, "");
      g_clear_error (&error);
    }
  eb_test_ui_screenshot (fixture->window, "pdf-view-error.png");

  /* A good document afterwards is shown again. */
  load (fixture);
  g_assert_null (eb_pdf_view_get_error_message (fixture->view));
  g_assert_cmpuint (eb_pdf_view_get_n_pages (fixture->view), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (fixture->view, "stack"))), ==, "document");

  /* And none empties the view. */
  g_assert_true (eb_pdf_view_set_document (fixture->view, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eb_pdf_view_get_n_pages (fixture->view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (fixture->view, "stack"))), ==, "empty");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/pdf-view/document", Fixture, NULL, fixture_set_up, test_pdf_view_document, fixture_tear_down);
  g_test_add ("/ui/pdf-view/navigation", Fixture, NULL, fixture_set_up, test_pdf_view_navigation, fixture_tear_down);
  g_test_add ("/ui/pdf-view/zoom", Fixture, NULL, fixture_set_up, test_pdf_view_zoom, fixture_tear_down);
  g_test_add ("/ui/pdf-view/background", Fixture, NULL, fixture_set_up, test_pdf_view_background, fixture_tear_down);
  g_test_add ("/ui/pdf-view/broken", Fixture, NULL, fixture_set_up, test_pdf_view_broken, fixture_tear_down);

  return g_test_run ();
}
