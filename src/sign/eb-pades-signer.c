/* eb-pades-signer.c — PAdES baseline B-B: an incremental update of a PDF with
 * a visible signature made once by the card
 *
 * The update appends: the signature dictionary (/Contents reserved, then
 * filled with the CMS), a widget annotation with its appearance, a new
 * version of the page (its /Annots) and of the catalog (/AcroForm), and a
 * cross-reference section with /Prev. The appearance is drawn with cairo
 * and pango into a one-page PDF of the box's size, whose content stream and
 * resources (fonts embedded by cairo) become the widget's form XObject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/rand.h>
#include <pango/pangocairo.h>

#include "eb-cades-signer.h"
#include "eb-pades-signer.h"
#include "eb-pdf-parser.h"
#include "eb-turkish-text.h"

G_DEFINE_QUARK (eb-pades-error-quark, eb_pades_error)

/* "[0 a b c]" is written into this much room once the offsets are known. */
#define BYTE_RANGE_WIDTH 40

typedef struct
{
  guint num;
  guint gen;
  gsize offset;
} XrefRow;

typedef struct
{
  GString    *out;     /* the increment */
  gsize       base;    /* length of the original file */
  GArray     *rows;    /* XrefRow */
  GHashTable *renum;   /* appearance file's object number → ours */
} Writer;

static void
map_pdf_error (GError **error,
               GError  *pdf_error)
{
  g_set_error_literal (error, EB_PADES_ERROR,
                       g_error_matches (pdf_error, EB_PDF_ERROR, EB_PDF_ERROR_UNSUPPORTED)
                       ? EB_PADES_ERROR_UNSUPPORTED_PDF : EB_PADES_ERROR_INVALID_PDF,
                       pdf_error->message);
  g_error_free (pdf_error);
}

static void
begin_object (Writer *w,
              guint   num,
              guint   gen)
{
  XrefRow row = { num, gen, w->base + w->out->len };

  g_array_append_val (w->rows, row);
  g_string_append_printf (w->out, "%u %u obj\n", num, gen);
}

static void
end_object (Writer *w)
{
  g_string_append (w->out, "\nendobj\n");
}

static guint
renumber_appearance (guint     num,
                     guint    *gen,
                     gpointer  user_data)
{
  Writer *w = user_data;

  *gen = 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (w->renum, GUINT_TO_POINTER (num)));
}

/* The appearance */

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_appearance (double                   width,
                   double                   height,
                   const EbPadesAppearance *appearance,
                   GError                 **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GDateTime) local = eb_turkish_time (appearance->time);
  g_autofree char *date = g_date_time_format (local, "%d.%m.%Y %H:%M");
  g_autofree char *text = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *font;
  double pad = MIN (4.0, MIN (width, height) / 10);
  double size = CLAMP (height / 6.0, 4.0, 9.0);
  int text_height;
  cairo_status_t status;

  /* Turkish text printed into the document: not translated. */
  text = g_strdup_printf ("Elektronik olarak imzalanmıştır\n"
                          "İmzalayan: %s\n"
                          "T.C. Kimlik No: %s\n"
                          "Tarih: %s",
                          appearance->name, appearance->tckn, date);

  surface = cairo_pdf_surface_create_for_stream (append_to_array, pdf, width, height);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.25, 0.5);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, 0.4, 0.4, width - 0.8, height - 0.8);
  cairo_stroke (cr);

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("DejaVu Sans");
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (width - 2 * pad) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  /* Shrink until it fits the box. */
  for (pango_layout_get_size (layout, NULL, &text_height);
       text_height > (height - 2 * pad) * PANGO_SCALE && size > 3.0;
       pango_layout_get_size (layout, NULL, &text_height))
    {
      size -= 0.5;
      pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, pad, MAX (pad, (height - text_height / (double) PANGO_SCALE) / 2));
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, EB_PADES_ERROR, EB_PADES_ERROR_APPEARANCE,
                   _("The visible signature could not be drawn: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

/* Every object the appearance's resources reach, numbered after ours. */
static gboolean
collect_references (EbPdfDocument      *ap,
                    const EbPdfObject  *root,
                    Writer             *w,
                    guint              *next,
                    GPtrArray          *order,
                    GError            **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, (gpointer) root);
  while (stack->len > 0)
    {
      const EbPdfObject *object = g_ptr_array_steal_index (stack, stack->len - 1);

      if (object->type == EB_PDF_REF)
        {
          gpointer key = GUINT_TO_POINTER ((guint) object->integer);
          const EbPdfObject *target;

          if (g_hash_table_contains (w->renum, key))
            continue;
          target = eb_pdf_document_get_object (ap, object->integer, error);
          if (target == NULL)
            return FALSE;
          if (eb_pdf_object_is_name (eb_pdf_dict_get (target, "Type"), "Page") ||
              eb_pdf_object_is_name (eb_pdf_dict_get (target, "Type"), "Pages"))
            {
              g_set_error_literal (error, EB_PADES_ERROR, EB_PADES_ERROR_APPEARANCE,
                                   _("The visible signature could not be drawn: "
                                     "unexpected page reference."));
              return FALSE;
            }
          g_hash_table_insert (w->renum, key, GUINT_TO_POINTER ((*next)++));
          g_ptr_array_add (order, key);
          g_ptr_array_add (stack, (gpointer) target);
        }
      else if (object->items != NULL)
        {
          for (guint i = 0; i < object->items->len; i++)
            {
              const EbPdfObject *item = g_ptr_array_index (object->items, i);

              /* A stream's /Length is written anew: do not copy its object. */
              if (object->type == EB_PDF_STREAM && (i % 2) == 0 &&
                  eb_pdf_object_is_name (item, "Length"))
                {
                  i++;
                  continue;
                }
              g_ptr_array_add (stack, (gpointer) item);
            }
        }
    }
  return TRUE;
}

/* Writes the form XObject (as @ap_num) and what its resources reach. */
static gboolean
write_appearance (Writer                  *w,
                  GBytes                  *ap_pdf,
                  double                   width,
                  double                   height,
                  guint                    ap_num,
                  guint                   *next,
                  GError                 **error)
{
  g_autoptr(EbPdfDocument) ap = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(EbPdfObject) xobject = NULL;
  g_autoptr(EbPdfObject) dict = eb_pdf_object_new (EB_PDF_DICT);
  g_autoptr(EbPdfObject) bbox = eb_pdf_object_new (EB_PDF_ARRAY);
  const EbPdfObject *page, *contents, *resources, *value;
  GError *pdf_error = NULL;

  ap = eb_pdf_document_new (ap_pdf, &pdf_error);
  page = ap != NULL ? eb_pdf_document_get_page (ap, 0, NULL, NULL, &pdf_error) : NULL;
  contents = page != NULL ? eb_pdf_document_resolve (ap, eb_pdf_dict_get (page, "Contents"),
                                                     &pdf_error) : NULL;
  if (contents != NULL && contents->type == EB_PDF_ARRAY && eb_pdf_array_get_length (contents) == 1)
    contents = eb_pdf_document_resolve (ap, eb_pdf_array_get (contents, 0), &pdf_error);
  resources = contents != NULL ? eb_pdf_document_resolve (ap, eb_pdf_dict_get (page, "Resources"),
                                                          &pdf_error) : NULL;
  if (resources == NULL || contents->type != EB_PDF_STREAM || resources->type != EB_PDF_DICT)
    {
      g_set_error (error, EB_PADES_ERROR, EB_PADES_ERROR_APPEARANCE,
                   _("The visible signature could not be drawn: %s"),
                   pdf_error != NULL ? pdf_error->message : "unexpected layout");
      g_clear_error (&pdf_error);
      return FALSE;
    }

  if (!collect_references (ap, resources, w, next, order, error))
    return FALSE;

  eb_pdf_dict_take (dict, "Type", eb_pdf_object_new_name ("XObject"));
  eb_pdf_dict_take (dict, "Subtype", eb_pdf_object_new_name ("Form"));
  eb_pdf_array_take (bbox, eb_pdf_object_new_int (0));
  eb_pdf_array_take (bbox, eb_pdf_object_new_int (0));
  eb_pdf_array_take (bbox, eb_pdf_object_new_real (width));
  eb_pdf_array_take (bbox, eb_pdf_object_new_real (height));
  eb_pdf_dict_take (dict, "BBox", g_steal_pointer (&bbox));
  eb_pdf_dict_take (dict, "Resources", eb_pdf_object_copy (resources));
  if ((value = eb_pdf_dict_get (contents, "Filter")) != NULL)
    eb_pdf_dict_take (dict, "Filter", eb_pdf_object_copy (value));
  if ((value = eb_pdf_dict_get (contents, "DecodeParms")) != NULL)
    eb_pdf_dict_take (dict, "DecodeParms", eb_pdf_object_copy (value));
  xobject = eb_pdf_object_new_stream (g_steal_pointer (&dict), contents->data);

  begin_object (w, ap_num, 0);
  eb_pdf_object_write (xobject, w->out, renumber_appearance, w);
  end_object (w);

  for (guint i = 0; i < order->len; i++)
    {
      guint old = GPOINTER_TO_UINT (order->pdata[i]);
      const EbPdfObject *object = eb_pdf_document_get_object (ap, old, NULL);

      g_assert (object != NULL);  /* collected above */
      begin_object (w, GPOINTER_TO_UINT (g_hash_table_lookup (w->renum, order->pdata[i])), 0);
      eb_pdf_object_write (object, w->out, renumber_appearance, w);
      end_object (w);
    }
  return TRUE;
}

/* The increment */

static char *
pdf_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = eb_turkish_time (time);
  g_autofree char *stamp = g_date_time_format (local, "%Y%m%d%H%M%S");
  gint64 offset = g_date_time_get_utc_offset (local) / G_TIME_SPAN_MINUTE;
  gint64 abs_offset = ABS (offset);

  return g_strdup_printf ("D:%s%c%02d'%02d'", stamp, offset < 0 ? '-' : '+',
                          (int) (abs_offset / 60), (int) (abs_offset % 60));
}

static gint
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const XrefRow *x = a;
  const XrefRow *y = b;

  return (x->num > y->num) - (x->num < y->num);
}

static void
write_xref_and_trailer (Writer            *w,
                        EbPdfDocument     *doc,
                        guint              size,
                        guint              catalog_num,
                        guint              catalog_gen)
{
  const EbPdfObject *trailer = eb_pdf_document_get_trailer (doc);
  const EbPdfObject *id = eb_pdf_dict_get (trailer, "ID");
  const EbPdfObject *info = eb_pdf_dict_get (trailer, "Info");
  g_autoptr(EbPdfObject) new_trailer = eb_pdf_object_new (EB_PDF_DICT);
  g_autoptr(EbPdfObject) new_id = eb_pdf_object_new (EB_PDF_ARRAY);
  gsize xref_offset = w->base + w->out->len;
  guint8 random_id[16];

  g_array_sort (w->rows, compare_rows);
  g_string_append (w->out, "xref\n");
  for (guint i = 0; i < w->rows->len;)
    {
      guint j = i;

      while (j + 1 < w->rows->len &&
             g_array_index (w->rows, XrefRow, j + 1).num == g_array_index (w->rows, XrefRow, j).num + 1)
        j++;
      g_string_append_printf (w->out, "%u %u\n", g_array_index (w->rows, XrefRow, i).num, j - i + 1);
      for (; i <= j; i++)
        {
          XrefRow *row = &g_array_index (w->rows, XrefRow, i);

          /* 20 bytes each, as the format wants. */
          g_string_append_printf (w->out, "%010" G_GSIZE_FORMAT " %05u n\r\n",
                                  row->offset, row->gen);
        }
    }

  eb_pdf_dict_take (new_trailer, "Size", eb_pdf_object_new_int (size));
  eb_pdf_dict_take (new_trailer, "Root", eb_pdf_object_new_ref (catalog_num, catalog_gen));
  if (info != NULL && info->type == EB_PDF_REF)
    eb_pdf_dict_take (new_trailer, "Info", eb_pdf_object_copy (info));
  eb_pdf_dict_take (new_trailer, "Prev",
                    eb_pdf_object_new_int (eb_pdf_document_get_startxref (doc)));
  /* The first /ID names the document and stays; the second is this version's. */
  RAND_bytes (random_id, sizeof random_id);
  if (eb_pdf_array_get_length (id) == 2 && eb_pdf_array_get (id, 0)->type == EB_PDF_STRING)
    eb_pdf_array_take (new_id, eb_pdf_object_copy (eb_pdf_array_get (id, 0)));
  else
    eb_pdf_array_take (new_id, eb_pdf_object_new_string (random_id, sizeof random_id, TRUE));
  eb_pdf_array_take (new_id, eb_pdf_object_new_string (random_id, sizeof random_id, TRUE));
  eb_pdf_dict_take (new_trailer, "ID", g_steal_pointer (&new_id));

  g_string_append (w->out, "trailer\n");
  eb_pdf_object_write (new_trailer, w->out, NULL, NULL);
  g_string_append_printf (w->out, "\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref_offset);
}

static guint
count_fields (const EbPdfObject *fields)
{
  return eb_pdf_array_get_length (fields);
}

/**
 * eb_pades_sign:
 * @pdf: the document as issued; its bytes stay the first bytes of the result
 * @key: the signer's private key (the card's, from libp11); used once
 * @cert: its certificate
 * @chain: (nullable): issuing certificates to embed
 * @box: where the visible signature goes (PDF points, origin bottom-left)
 * @appearance: what it shows
 *
 * Returns: (transfer full): the signed document, or %NULL with @error set
 *   (EB_PADES_ERROR about the document, EB_CADES_ERROR about the signature)
 */
GBytes *
eb_pades_sign (GBytes                   *pdf,
               EVP_PKEY                 *key,
               X509                     *cert,
               STACK_OF (X509)          *chain,
               const EbPdfRect          *box,
               const EbPadesAppearance  *appearance,
               GError                  **error)
{
  g_autoptr(EbPdfDocument) doc = NULL;
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (XrefRow));
  g_autoptr(GHashTable) renum = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GBytes) ap_pdf = NULL;
  g_autoptr(GByteArray) result = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autofree char *date = NULL;
  const EbPdfObject *catalog, *page;
  guint catalog_num, catalog_gen, page_num, page_gen;
  guint sig_num, widget_num, ap_num, next;
  gsize byte_range_at, contents_at, contents_end, total;
  Writer w;
  GError *pdf_error = NULL;
  const guint8 *original;
  gsize original_len;
  guint8 digest[EB_CADES_DIGEST_LENGTH];
  g_autoptr(GChecksum) checksum = NULL;
  gsize digest_len = sizeof digest;
  char range[BYTE_RANGE_WIDTH + 1];
  int n;

  g_return_val_if_fail (pdf != NULL && key != NULL && cert != NULL, NULL);
  g_return_val_if_fail (box != NULL && appearance != NULL, NULL);
  g_return_val_if_fail (appearance->name != NULL && appearance->tckn != NULL &&
                        appearance->time != NULL, NULL);

  original = g_bytes_get_data (pdf, &original_len);
  doc = eb_pdf_document_new (pdf, &pdf_error);
  catalog = doc != NULL ? eb_pdf_document_get_catalog (doc, &catalog_num, &catalog_gen,
                                                       &pdf_error) : NULL;
  if (catalog == NULL)
    {
      map_pdf_error (error, pdf_error);
      return NULL;
    }
  if (box->page < 0 || !(box->width > 1 && box->height > 1) ||
      !isfinite (box->x) || !isfinite (box->y) || box->width > 14400 || box->height > 14400)
    {
      g_set_error_literal (error, EB_PADES_ERROR, EB_PADES_ERROR_INVALID_BOX,
                           _("The place for the signature is not on the page."));
      return NULL;
    }
  page = eb_pdf_document_get_page (doc, box->page, &page_num, &page_gen, &pdf_error);
  if (page == NULL)
    {
      g_set_error (error, EB_PADES_ERROR, EB_PADES_ERROR_INVALID_BOX, "%s", pdf_error->message);
      g_clear_error (&pdf_error);
      return NULL;
    }

  ap_pdf = render_appearance (box->width, box->height, appearance, error);
  if (ap_pdf == NULL)
    return NULL;

  w = (Writer) { out, original_len, rows, renum };
  /* The update starts on a line of its own. */
  if (original_len > 0 && original[original_len - 1] != '\n' && original[original_len - 1] != '\r')
    g_string_append_c (out, '\n');

  next = eb_pdf_document_get_size (doc);
  sig_num = next++;
  widget_num = next++;
  ap_num = next++;

  /* The signature dictionary, /ByteRange and /Contents filled in below. */
  date = pdf_date (appearance->time);
  begin_object (&w, sig_num, 0);
  g_string_append (out, "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached\n/ByteRange ");
  byte_range_at = out->len;
  g_string_append_printf (out, "%*s", BYTE_RANGE_WIDTH, "");
  g_string_append (out, "\n/Contents ");
  contents_at = out->len;
  g_string_append_c (out, '<');
  for (gsize i = 0; i < 2 * EB_PADES_CONTENTS_SIZE; i++)
    g_string_append_c (out, '0');
  g_string_append_c (out, '>');
  contents_end = out->len;
  g_string_append_printf (out, "\n/M(%s)", date);
  {
    g_autoptr(EbPdfObject) name = eb_pdf_object_new_text (appearance->name);

    g_string_append (out, "/Name");
    eb_pdf_object_write (name, out, NULL, NULL);
  }
  g_string_append (out, ">>");
  end_object (&w);

  /* The widget of the signature field. */
  {
    g_autoptr(EbPdfObject) widget = eb_pdf_object_new (EB_PDF_DICT);
    g_autoptr(EbPdfObject) rect = eb_pdf_object_new (EB_PDF_ARRAY);
    g_autoptr(EbPdfObject) ap = eb_pdf_object_new (EB_PDF_DICT);
    const EbPdfObject *acroform = eb_pdf_document_resolve (doc, eb_pdf_dict_get (catalog, "AcroForm"),
                                                           NULL);
    const EbPdfObject *fields = acroform != NULL
                                ? eb_pdf_document_resolve (doc, eb_pdf_dict_get (acroform, "Fields"), NULL)
                                : NULL;
    g_autofree char *field_name = g_strdup_printf ("Imza%u", count_fields (fields) + 1);

    eb_pdf_dict_take (widget, "Type", eb_pdf_object_new_name ("Annot"));
    eb_pdf_dict_take (widget, "Subtype", eb_pdf_object_new_name ("Widget"));
    eb_pdf_dict_take (widget, "FT", eb_pdf_object_new_name ("Sig"));
    eb_pdf_dict_take (widget, "T", eb_pdf_object_new_text (field_name));
    eb_pdf_dict_take (widget, "V", eb_pdf_object_new_ref (sig_num, 0));
    eb_pdf_dict_take (widget, "F", eb_pdf_object_new_int (132));  /* Print | Locked */
    eb_pdf_array_take (rect, eb_pdf_object_new_real (box->x));
    eb_pdf_array_take (rect, eb_pdf_object_new_real (box->y));
    eb_pdf_array_take (rect, eb_pdf_object_new_real (box->x + box->width));
    eb_pdf_array_take (rect, eb_pdf_object_new_real (box->y + box->height));
    eb_pdf_dict_take (widget, "Rect", g_steal_pointer (&rect));
    eb_pdf_dict_take (widget, "P", eb_pdf_object_new_ref (page_num, page_gen));
    eb_pdf_dict_take (ap, "N", eb_pdf_object_new_ref (ap_num, 0));
    eb_pdf_dict_take (widget, "AP", g_steal_pointer (&ap));
    begin_object (&w, widget_num, 0);
    eb_pdf_object_write (widget, out, NULL, NULL);
    end_object (&w);

    /* The catalog's new version: the field in /AcroForm, SigFlags
     * SignaturesExist | AppendOnly. */
    {
      g_autoptr(EbPdfObject) new_catalog = eb_pdf_object_copy (catalog);
      g_autoptr(EbPdfObject) new_form = acroform != NULL && acroform->type == EB_PDF_DICT
                                        ? eb_pdf_object_copy (acroform)
                                        : eb_pdf_object_new (EB_PDF_DICT);
      g_autoptr(EbPdfObject) new_fields = fields != NULL && fields->type == EB_PDF_ARRAY
                                          ? eb_pdf_object_copy (fields)
                                          : eb_pdf_object_new (EB_PDF_ARRAY);

      eb_pdf_array_take (new_fields, eb_pdf_object_new_ref (widget_num, 0));
      eb_pdf_dict_take (new_form, "Fields", g_steal_pointer (&new_fields));
      eb_pdf_dict_take (new_form, "SigFlags", eb_pdf_object_new_int (3));
      eb_pdf_dict_take (new_catalog, "AcroForm", g_steal_pointer (&new_form));
      begin_object (&w, catalog_num, catalog_gen);
      eb_pdf_object_write (new_catalog, out, NULL, NULL);
      end_object (&w);
    }
  }

  /* The page's new version, with the widget in /Annots. */
  {
    g_autoptr(EbPdfObject) new_page = eb_pdf_object_copy (page);
    const EbPdfObject *annots = eb_pdf_document_resolve (doc, eb_pdf_dict_get (page, "Annots"), NULL);
    g_autoptr(EbPdfObject) new_annots = annots != NULL && annots->type == EB_PDF_ARRAY
                                        ? eb_pdf_object_copy (annots)
                                        : eb_pdf_object_new (EB_PDF_ARRAY);

    eb_pdf_array_take (new_annots, eb_pdf_object_new_ref (widget_num, 0));
    eb_pdf_dict_take (new_page, "Annots", g_steal_pointer (&new_annots));
    if (catalog_num == page_num)
      {
        g_set_error_literal (error, EB_PADES_ERROR, EB_PADES_ERROR_INVALID_PDF,
                             _("The PDF file is damaged (its page is its catalog)."));
        return NULL;
      }
    begin_object (&w, page_num, page_gen);
    eb_pdf_object_write (new_page, out, NULL, NULL);
    end_object (&w);
  }

  if (!write_appearance (&w, ap_pdf, box->width, box->height, ap_num, &next, error))
    return NULL;

  write_xref_and_trailer (&w, doc, next, catalog_num, catalog_gen);

  /* Now the offsets are known: fill in /ByteRange. */
  total = original_len + out->len;
  contents_at += original_len;
  contents_end += original_len;
  n = g_snprintf (range, sizeof range, "[0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "]",
                  contents_at, contents_end, total - contents_end);
  g_assert (n > 0 && n <= BYTE_RANGE_WIDTH);
  memcpy (out->str + byte_range_at, range, n);

  result = g_byte_array_sized_new (total);
  g_byte_array_append (result, original, original_len);
  g_byte_array_append (result, (const guint8 *) out->str, out->len);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, result->data, contents_at);
  g_checksum_update (checksum, result->data + contents_end, total - contents_end);
  g_checksum_get_digest (checksum, digest, &digest_len);

  cms = eb_cades_sign_digest (digest, key, cert, chain, error);
  if (cms == NULL)
    return NULL;
  if (g_bytes_get_size (cms) > EB_PADES_CONTENTS_SIZE)
    {
      g_set_error (error, EB_PADES_ERROR, EB_PADES_ERROR_SIGNATURE_TOO_LARGE,
                   _("The signature is too large for this document (%lu bytes)."),
                   (unsigned long) g_bytes_get_size (cms));
      return NULL;
    }
  {
    static const char hex[] = "0123456789ABCDEF";
    gsize cms_len;
    const guint8 *p = g_bytes_get_data (cms, &cms_len);
    guint8 *dst = result->data + contents_at + 1;

    for (gsize i = 0; i < cms_len; i++)
      {
        dst[2 * i] = hex[p[i] >> 4];
        dst[2 * i + 1] = hex[p[i] & 0xf];
      }
  }

  return g_byte_array_free_to_bytes (g_steal_pointer (&result));
}

/* Saving */

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG)
    g_set_error (error, EB_PADES_ERROR, EB_PADES_ERROR_DISK_FULL,
                 _("There is not enough free disk space to save the signed form as “%s”. "
                   "Free some space or choose another place."), display);
  else
    g_set_error (error, EB_PADES_ERROR, EB_PADES_ERROR_WRITE,
                 _("The signed form could not be saved as “%s”: %s"), display,
                 g_strerror (saved_errno));
}

/**
 * eb_pades_write_atomically:
 *
 * Writes @signed_pdf to a temporary file beside @path, flushes it to disk
 * and renames it over @path. On any failure the temporary file is removed
 * and @path is left as it was.
 *
 * Returns: whether @path now holds @signed_pdf
 */
gboolean
eb_pades_write_atomically (GBytes      *signed_pdf,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  const guint8 *data;
  gsize len, done = 0;
  int fd;

  g_return_val_if_fail (signed_pdf != NULL && path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_write_error (error, errno, path);
      return FALSE;
    }

  data = g_bytes_get_data (signed_pdf, &len);
  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          goto failed;
        }
      done += n;
    }
  if (fsync (fd) != 0)
    goto failed;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    goto failed;

  /* The rename itself reaches the disk with the directory. */
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;

failed:
  {
    int saved = errno != 0 ? errno : EIO;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    set_write_error (error, saved, path);
    return FALSE;
  }
}
