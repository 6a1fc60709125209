/* eb-test-ui.c — waiting and screenshots for the in-process UI tests
 *
 * Tests wait for conditions with a generous deadline, never for fixed
 * times (docs/architecture.md, “Test fixtures: facts found by trying”);
 * screenshots go to $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-test-ui.h"

/* Generous: the sanitizer build on two busy cores is slow. */
#define DEADLINE_S 20

/**
 * eb_test_ui_spin_until:
 *
 * Runs the main loop until @done says so; fails the test after 20 s.
 */
void
eb_test_ui_spin_until (EbTestCondition done,
                       gpointer        data)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* A condition for a gboolean that a callback sets. */
gboolean
eb_test_ui_flag_is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * eb_test_ui_settle:
 *
 * Lets pending layout, frame clock ticks and idles run.
 */
void
eb_test_ui_settle (void)
{
  gboolean flag = FALSE;

  g_timeout_add (50, set_flag, &flag);
  eb_test_ui_spin_until (eb_test_ui_flag_is_set, &flag);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/**
 * eb_test_ui_screenshot:
 * @name: the PNG's file name
 *
 * Renders @window as it is on screen, for people to look at.
 */
void
eb_test_ui_screenshot (GtkWidget  *window,
                       const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  eb_test_ui_settle ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
