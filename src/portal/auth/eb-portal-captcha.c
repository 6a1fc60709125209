/* eb-portal-captcha.c — captcha answers and their pictures
 *
 * The glyphs are our own stroke font, so the picture needs no fonts on the
 * server (and no pango): every stroke is a polyline that is rotated, scaled,
 * sheared and then bent by a wave through the whole picture, which a font
 * rendered and rotated as a block would not be. Noise curves in the same
 * colours and pen width as the glyphs, and dots, go over it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "eb-portal-api-error.h"
#include "eb-portal-captcha.h"
#include "eb-portal-crypto.h"

/* Glyphs in font units: x from 0 (7 for m and w), y down from 0 (digits'
 * top) to 10 (baseline), 4 is the x-height and 13 the descender.
 *
 *   M x y               start a stroke
 *   L x y               line to
 *   E cx cy rx ry a b   elliptic arc from angle a to b (degrees, 0 = +x,
 *                       90 = down), continuing the stroke or starting one
 *   ;                   end the stroke
 */
static const struct
{
  char        c;
  double      width;
  const char *path;
} glyphs[] = {
  { 'a', 6, "E 3 7 3 3 0 360; M 6 4 L 6 10" },
  { 'b', 6, "M 0 0 L 0 10; E 3 7 3 3 0 360" },
  { 'c', 6, "E 3.2 7 3 3 -40 -320" },
  { 'd', 6, "M 6 0 L 6 10; E 3 7 3 3 0 360" },
  { 'e', 6, "M 0 7 L 6 7 E 3 7 3 3 0 -315" },
  { 'f', 5, "M 2 10 L 2 3 E 4 3 2 2 180 320; M 0 5 L 4.5 5" },
  { 'h', 6, "M 0 0 L 0 10; M 0 7 E 3 7 3 3 180 360 L 6 10" },
  { 'k', 6, "M 0 0 L 0 10; M 5.5 4 L 0 8; M 2 6.6 L 6 10" },
  { 'm', 7, "M 0 4 L 0 10; M 0 6.5 E 1.75 6.5 1.75 2 180 360 L 3.5 10; "
            "M 3.5 6.5 E 5.25 6.5 1.75 2 180 360 L 7 10" },
  { 'n', 6, "M 0 4 L 0 10; M 0 7 E 3 7 3 3 180 360 L 6 10" },
  { 'p', 6, "M 0 4 L 0 13; E 3 7 3 3 0 360" },
  { 'r', 5, "M 0 4 L 0 10; M 0 7 E 3 7 3 3 180 290" },
  { 's', 6, "E 3 5.5 2.5 1.5 -30 -270 E 3 8.5 2.8 1.5 -90 160" },
  { 't', 5, "M 2 1 L 2 8.5 E 3.5 8.5 1.5 1.5 180 60; M 0 4 L 4.5 4" },
  { 'u', 6, "M 0 4 L 0 7 E 3 7 3 3 180 0; M 6 4 L 6 10" },
  { 'v', 6, "M 0 4 L 3 10 L 6 4" },
  { 'w', 7, "M 0 4 L 1.75 10 L 3.5 5.5 L 5.25 10 L 7 4" },
  { 'x', 6, "M 0 4 L 6 10; M 6 4 L 0 10" },
  { 'y', 6, "M 0 4 L 3 10; M 6 4 L 1.5 13" },
  { 'z', 6, "M 0 4 L 6 4 L 0 10 L 6 10" },
  { '2', 6, "E 3 3 3 3 180 380 L 0 10 L 6 10" },
  { '3', 6, "E 3 2.5 2.7 2.5 200 450 E 3 7.5 3 2.5 270 520" },
  { '4', 6, "M 4.5 10 L 4.5 0 L 0 7 L 6 7" },
  { '5', 6, "M 6 0 L 1 0 L 0.6 4.6 E 3 7 3 3 -125 150" },
  { '6', 6, "E 3 7 3 3 0 360; M 0 7 E 6 7 6 7 180 255" },
  { '7', 6, "M 0 0 L 6 0 L 2 10" },
  { '8', 6, "E 3 2.5 2.5 2.5 0 360; E 3 7.3 3 2.7 0 360" },
};

#define ARC_STEP_DEG 15.0

typedef struct
{
  double x, y;
} Point;

typedef struct
{
  GRand  *rand;
  /* the wave every point goes through */
  double  amp_x, amp_y, period_x, period_y, phase_x, phase_y;
} Canvas;

/* Parsing the stroke font */

static GArray *
parse_stroke (const char *text)
{
  g_auto(GStrv) tokens = g_strsplit_set (g_strstrip ((char *) text), " ", -1);
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (Point));
  guint n = g_strv_length (tokens);

#define NUM(k) g_ascii_strtod (tokens[i + (k)], NULL)
  for (guint i = 0; i < n;)
    {
      if (g_str_equal (tokens[i], "M") || g_str_equal (tokens[i], "L"))
        {
          Point p = { NUM (1), NUM (2) };

          g_assert (i + 2 < n);
          g_array_append_val (stroke, p);
          i += 3;
        }
      else if (g_str_equal (tokens[i], "E"))
        {
          double cx, cy, rx, ry, a, b;
          guint steps;

          g_assert (i + 6 < n);
          cx = NUM (1), cy = NUM (2), rx = NUM (3), ry = NUM (4), a = NUM (5), b = NUM (6);
          steps = (guint) ceil (fabs (b - a) / ARC_STEP_DEG);
          for (guint s = 0; s <= steps; s++)
            {
              double t = (a + (b - a) * s / steps) * G_PI / 180.0;
              Point p = { cx + rx * cos (t), cy + ry * sin (t) };

              g_array_append_val (stroke, p);
            }
          i += 7;
        }
      else
        {
          g_assert_not_reached ();
        }
    }
#undef NUM

  return stroke;
}

static GPtrArray *
glyph_strokes (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ";", -1);
  GPtrArray *strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (strokes, parse_stroke (parts[i]));

  return strokes;
}

/* Drawing */

static double
uniform (Canvas *canvas,
         double  low,
         double  high)
{
  return g_rand_double_range (canvas->rand, low, high);
}

static Point
wave (Canvas *canvas,
      Point   p)
{
  Point q;

  q.x = p.x + canvas->amp_x * sin (2 * G_PI * p.y / canvas->period_x + canvas->phase_x);
  q.y = p.y + canvas->amp_y * sin (2 * G_PI * p.x / canvas->period_y + canvas->phase_y);
  return q;
}

static void
set_ink (cairo_t *cr,
         Canvas  *canvas)
{
  cairo_set_source_rgb (cr, uniform (canvas, 0.05, 0.45), uniform (canvas, 0.05, 0.4),
                        uniform (canvas, 0.1, 0.5));
}

static void
draw_glyph (cairo_t    *cr,
            Canvas     *canvas,
            guint       index,
            double      left,
            double      scale)
{
  g_autoptr(GPtrArray) strokes = glyph_strokes (glyphs[index].path);
  double angle = uniform (canvas, -0.3, 0.3);
  double shear = uniform (canvas, -0.25, 0.25);
  double sx = scale * uniform (canvas, 0.85, 1.15);
  double sy = scale * uniform (canvas, 0.85, 1.15);
  double top = uniform (canvas, 3, 9);
  double cx = glyphs[index].width / 2, cy = 7;

  set_ink (cr, canvas);
  cairo_set_line_width (cr, uniform (canvas, 2.6, 3.8));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint s = 0; s < strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (strokes, s);

      for (guint k = 0; k < stroke->len; k++)
        {
          Point p = g_array_index (stroke, Point, k);
          double x = p.x - cx + shear * (p.y - cy), y = p.y - cy;
          Point q;

          q.x = left + cx * sx + sx * (x * cos (angle) - y * sin (angle));
          q.y = top + cy * sy + sy * (x * sin (angle) + y * cos (angle));
          q = wave (canvas, q);
          if (k == 0)
            cairo_move_to (cr, q.x, q.y);
          else
            cairo_line_to (cr, q.x, q.y);
        }
      cairo_stroke (cr);
    }
}

static void
draw_noise (cairo_t *cr,
            Canvas  *canvas)
{
  guint n_lines = g_rand_int_range (canvas->rand, 3, 6);
  guint n_dots = g_rand_int_range (canvas->rand, 150, 260);

  for (guint i = 0; i < n_lines; i++)
    {
      set_ink (cr, canvas);
      cairo_set_line_width (cr, uniform (canvas, 1.2, 2.8));
      cairo_move_to (cr, uniform (canvas, -10, 30), uniform (canvas, 0, EB_CAPTCHA_HEIGHT));
      cairo_curve_to (cr,
                      uniform (canvas, 40, 100), uniform (canvas, -20, EB_CAPTCHA_HEIGHT + 20),
                      uniform (canvas, 110, 180), uniform (canvas, -20, EB_CAPTCHA_HEIGHT + 20),
                      uniform (canvas, EB_CAPTCHA_WIDTH - 30, EB_CAPTCHA_WIDTH + 10),
                      uniform (canvas, 0, EB_CAPTCHA_HEIGHT));
      cairo_stroke (cr);
    }

  for (guint i = 0; i < n_dots; i++)
    {
      set_ink (cr, canvas);
      cairo_arc (cr, uniform (canvas, 0, EB_CAPTCHA_WIDTH), uniform (canvas, 0, EB_CAPTCHA_HEIGHT),
                 uniform (canvas, 0.6, 1.7), 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint
glyph_index (char c)
{
  for (guint i = 0; i < G_N_ELEMENTS (glyphs); i++)
    if (glyphs[i].c == c)
      return i;

  return G_MAXUINT;
}

/**
 * eb_portal_captcha_new_answer:
 *
 * Returns: (transfer full) (nullable): %EB_CAPTCHA_LENGTH characters of
 *   %EB_CAPTCHA_ALPHABET, or %NULL if the random source failed
 */
char *
eb_portal_captcha_new_answer (void)
{
  return eb_portal_random_string (EB_CAPTCHA_ALPHABET, EB_CAPTCHA_LENGTH);
}

/**
 * eb_portal_captcha_fold_answer:
 *
 * Returns: (transfer full): the answer as compared: lower case, without
 *   the spaces people type around it
 */
char *
eb_portal_captcha_fold_answer (const char *answer)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (answer != NULL ? answer : ""));

  return g_ascii_strdown (trimmed, -1);
}

/**
 * eb_portal_captcha_render:
 * @answer: characters of %EB_CAPTCHA_ALPHABET
 *
 * Returns: (transfer full): a %EB_CAPTCHA_WIDTH × %EB_CAPTCHA_HEIGHT PNG
 *   showing @answer, drawn differently every time
 */
GBytes *
eb_portal_captcha_render (const char  *answer,
                          GError     **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_pattern_t *background;
  cairo_status_t status;
  cairo_t *cr;
  guint32 seed[4];
  Canvas canvas;
  gsize n = strlen (answer);
  double slot, scale;

  g_return_val_if_fail (answer != NULL && n > 0, NULL);

  for (gsize i = 0; i < n; i++)
    g_return_val_if_fail (glyph_index (answer[i]) != G_MAXUINT, NULL);

  /* The look need not be secret, but should not be predictable either. */
  if (!eb_portal_random_bytes ((guint8 *) seed, sizeof seed))
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                           "The random number generator failed");
      return NULL;
    }
  canvas.rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  canvas.amp_x = uniform (&canvas, 1.5, 3.0);
  canvas.amp_y = uniform (&canvas, 2.0, 4.0);
  canvas.period_x = uniform (&canvas, 25, 45);
  canvas.period_y = uniform (&canvas, 50, 90);
  canvas.phase_x = uniform (&canvas, 0, 2 * G_PI);
  canvas.phase_y = uniform (&canvas, 0, 2 * G_PI);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, EB_CAPTCHA_WIDTH, EB_CAPTCHA_HEIGHT);
  cr = cairo_create (surface);

  background = cairo_pattern_create_linear (0, 0, EB_CAPTCHA_WIDTH, EB_CAPTCHA_HEIGHT);
  cairo_pattern_add_color_stop_rgb (background, 0, uniform (&canvas, 0.85, 1), uniform (&canvas, 0.85, 1),
                                    uniform (&canvas, 0.85, 1));
  cairo_pattern_add_color_stop_rgb (background, 1, uniform (&canvas, 0.8, 1), uniform (&canvas, 0.8, 1),
                                    uniform (&canvas, 0.8, 1));
  cairo_set_source (cr, background);
  cairo_paint (cr);
  cairo_pattern_destroy (background);

  slot = (EB_CAPTCHA_WIDTH - 28.0) / n;
  scale = MIN (4.2, slot / 8.0);
  for (gsize i = 0; i < n; i++)
    draw_glyph (cr, &canvas, glyph_index (answer[i]),
                14 + slot * i + uniform (&canvas, -2, 4), scale);
  draw_noise (cr, &canvas);

  cairo_destroy (cr);
  status = cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  g_rand_free (canvas.rand);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                   "Could not draw the captcha: %s", cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
