/* form-document.c — how long the application form PDF takes to make, and
 * page 1 of it to draw for the preview at 100 % zoom
 *
 * (a) eb_form_document_render() of a filled form, as the portal does when it
 *     issues the form;
 * (b) poppler-glib drawing page 1 at 72 dpi × scale 1 onto a cairo image
 *     surface, as the preview does at 100 % (the document is loaded once,
 *     outside the timing; the load is timed on its own).
 *
 * The first run of each is a warm-up (fontconfig, font files) and is not
 * counted. Usage: form-document [N]   (default 20)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <poppler.h>

#include "eb-form-document.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *samples)
{
  g_array_sort (samples, compare_doubles);
  g_print ("%-44s median %8.2f ms (min %7.2f, max %7.2f, n %u)\n", what,
           g_array_index (samples, double, samples->len / 2),
           g_array_index (samples, double, 0),
           g_array_index (samples, double, samples->len - 1),
           samples->len);
}

static EbApplicationForm *
sample_form (void)
{
  EbApplicationForm *form = eb_application_form_new ();
  const struct { EbFormField field; const char *value; } values[] = {
    { EB_FIELD_REASON, "renewal" },
    { EB_FIELD_TCKN, "10000000146" },
    { EB_FIELD_FIRST_NAME, "IŞIL ÇAĞRI" },
    { EB_FIELD_LAST_NAME, "ÖZGÜR" },
    { EB_FIELD_BIRTH_PLACE, "İSKİLİP" },
    { EB_FIELD_BIRTH_DATE, "1980-11-24" },
    { EB_FIELD_INSTITUTION_NAME, "IĞDIR İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ" },
    { EB_FIELD_REGISTRY_NO, "123456" },
    { EB_FIELD_UNIT, "ARALIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ" },
    { EB_FIELD_JOB_TITLE, "OKUL MÜDÜRÜ" },
    { EB_FIELD_DELIVERY_ADDRESS, "İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ" },
    { EB_FIELD_PROVINCE, "76" },
    { EB_FIELD_DISTRICT, "Aralık" },
    { EB_FIELD_POSTAL_CODE, "76500" },
    { EB_FIELD_EMAIL, "isil.ozgur@meb.gov.tr" },
    { EB_FIELD_WORK_PHONE, "4762261010" },
    { EB_FIELD_MOBILE_PHONE, "5321234567" },
    { EB_FIELD_MOBILE_OPERATOR, "vodafone" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    eb_application_form_set_text (form, values[i].field, values[i].value);
  return form;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EbApplicationForm) form = NULL;
  g_autoptr(GDateTime) issued_at = g_date_time_new_utc (2026, 11, 24, 7, 17, 0);
  g_autoptr(GArray) generate = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  PopplerPage *page;
  double width, height;
  int n = argc > 1 ? atoi (argv[1]) : 20;

  setlocale (LC_ALL, "");
  if (n < 1)
    {
      g_printerr ("usage: %s [N]\n", argv[0]);
      return 2;
    }
  form = sample_form ();

  for (int i = 0; i <= n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      g_clear_pointer (&pdf, g_bytes_unref);
      pdf = eb_form_document_render (form, "MEB-2026-000042", EB_FORM_DOCUMENT_METHOD_WET,
                                     issued_at, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (pdf == NULL)
        g_error ("render: %s", error->message);
      if (i > 0)
        g_array_append_val (generate, ms);
    }

  for (int i = 0; i <= n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      document = poppler_document_new_from_bytes (pdf, NULL, &error);
      if (document == NULL)
        g_error ("poppler: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i > 0)
        g_array_append_val (load, ms);
      g_object_unref (document);
    }

  document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  for (int i = 0; i <= n; i++)
    {
      gint64 start;
      cairo_surface_t *surface;
      cairo_t *cr;
      double ms;

      /* Scale 1 at 72 dpi: one pixel per point, as the preview at 100 %. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width + 0.5), (int) (height + 0.5));
      start = g_get_monotonic_time ();
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        g_error ("cairo: %s", cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      if (i > 0)
        g_array_append_val (draw, ms);
    }
  g_object_unref (page);
  g_object_unref (document);

  g_print ("form document, %zu bytes, %d runs each (after one warm-up)\n",
           (size_t) g_bytes_get_size (pdf), n);
  report ("(a) generate the PDF (eb_form_document_render)", generate);
  report ("    load it in poppler-glib", load);
  report ("(b) draw page 1 at 100 % (poppler, image)", draw);
  return 0;
}
