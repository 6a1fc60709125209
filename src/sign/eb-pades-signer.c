/* eb-pades-signer.c — PAdES baseline B-B: an incremental update of a PDF with
 * a visible signature made once by the key
 *
 * The update (written with EbPdfWriter) appends: the signature dictionary
 * (/Contents reserved, then filled with the CMS), a widget annotation with
 * its appearance, a new version of the page (its /Annots) and of the
 * catalog (/AcroForm), and a cross-reference section with /Prev. The
 * appearance is drawn with cairo and pango into a one-page PDF of the box's
 * size, whose content stream and resources (fonts embedded by cairo) become
 * the widget's form XObject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "eb-cades-signer.h"
#include "eb-pades-signer.h"
#include "eb-pdf-parser.h"
#include "eb-pdf-writer.h"
#include "eb-turkish-text.h"

typedef struct
{
  EbPadesErrorDetail detail;
} EbPadesErrorPrivate;

static void
eb_pades_error_private_init (EbPadesErrorPrivate *priv)
{
}

static void
eb_pades_error_private_copy (const EbPadesErrorPrivate *src,
                             EbPadesErrorPrivate       *dest)
{
  dest->detail = src->detail;
}

static void
eb_pades_error_private_clear (EbPadesErrorPrivate *priv)
{
}

/* An extended error: the problem rides along with the code, for src/ui. */
G_DEFINE_EXTENDED_ERROR (EbPadesError, eb_pades_error)

/* "[0 a b c]" is written into this much room once the offsets are known. */
#define BYTE_RANGE_WIDTH 40

/* The issued document, as far as the signature needs it. */
typedef struct
{
  EbPdfDocument     *doc;
  const EbPdfObject *catalog;
  const EbPdfObject *page;
  guint              catalog_num, catalog_gen;
  guint              page_num, page_gen;
} Target;

/* Where the signature dictionary's reserved bytes are in the signed file. */
typedef struct
{
  gsize byte_range_at;  /* BYTE_RANGE_WIDTH spaces */
  gsize contents_at;    /* the '<' of the hex string */
  gsize contents_end;   /* just after its '>' */
} Placeholders;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->doc, eb_pdf_document_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* @pdf_error (nullable) is the reader's, kept as the detail; @text is
 * static English. */
static void
set_pades_error (GError         **error,
                 EbPadesError     code,
                 EbPadesProblem   problem,
                 GError          *pdf_error,
                 guint64          number,
                 const char      *text)
{
  const EbPdfErrorDetail *pdf = eb_pdf_error_get_detail (pdf_error);
  EbPadesErrorDetail detail = { problem, pdf != NULL, { 0 }, number, text };

  if (pdf != NULL)
    detail.pdf = *pdf;
  if (pdf_error != NULL)
    g_set_error (error, EB_PADES_ERROR, code, "%s: %s", text, pdf_error->message);
  else
    g_set_error_literal (error, EB_PADES_ERROR, code, text);
  if (error != NULL && *error != NULL && (*error)->domain == EB_PADES_ERROR)
    eb_pades_error_get_private (*error)->detail = detail;
  g_clear_error (&pdf_error);
}

static void
map_pdf_error (GError **error,
               GError  *pdf_error)
{
  set_pades_error (error,
                   g_error_matches (pdf_error, EB_PDF_ERROR, EB_PDF_ERROR_UNSUPPORTED)
                   ? EB_PADES_ERROR_UNSUPPORTED_PDF : EB_PADES_ERROR_INVALID_PDF,
                   EB_PADES_PROBLEM_PDF, pdf_error, 0, "The PDF to sign cannot be read");
}

static guint
renumber_appearance (guint     num,
                     guint    *gen,
                     gpointer  user_data)
{
  GHashTable *renum = user_data;

  *gen = 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (renum, GUINT_TO_POINTER (num)));
}

/* Step 1: the issued PDF, its catalog and the page the box is on. */
static gboolean
read_issued_pdf (GBytes           *pdf,
                 const EbPdfRect  *box,
                 Target           *target,
                 GError          **error)
{
  GError *pdf_error = NULL;

  target->doc = eb_pdf_document_new (pdf, &pdf_error);
  target->catalog = target->doc != NULL
                    ? eb_pdf_document_get_catalog (target->doc, &target->catalog_num,
                                                   &target->catalog_gen, &pdf_error)
                    : NULL;
  if (target->catalog == NULL)
    {
      map_pdf_error (error, pdf_error);
      return FALSE;
    }
  if (box->page < 0 || !(box->width > 1 && box->height > 1) ||
      !isfinite (box->x) || !isfinite (box->y) || box->width > 14400 || box->height > 14400)
    {
      set_pades_error (error, EB_PADES_ERROR_INVALID_BOX, EB_PADES_PROBLEM_BOX_OFF_PAGE, NULL, 0,
                       "The signature box is empty, too large or not a number");
      return FALSE;
    }
  target->page = eb_pdf_document_get_page (target->doc, box->page, &target->page_num,
                                           &target->page_gen, &pdf_error);
  if (target->page == NULL)
    {
      set_pades_error (error, EB_PADES_ERROR_INVALID_BOX, EB_PADES_PROBLEM_PDF, pdf_error, 0,
                       "The signature box's page cannot be read");
      return FALSE;
    }
  if (target->catalog_num == target->page_num)
    {
      set_pades_error (error, EB_PADES_ERROR_INVALID_PDF, EB_PADES_PROBLEM_PAGE_IS_CATALOG, NULL, 0,
                       "The page and the catalog are one object");
      return FALSE;
    }
  return TRUE;
}

/* Step 2: the visible signature, drawn, and its objects */

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
      /* cairo's status strings are static. */
      set_pades_error (error, EB_PADES_ERROR_APPEARANCE, EB_PADES_PROBLEM_DRAWING, NULL, status,
                       cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

/* Every object the appearance's resources reach, numbered after ours. */
static gboolean
collect_references (EbPdfDocument      *ap,
                    const EbPdfObject  *root,
                    EbPdfWriter        *writer,
                    GHashTable         *renum,
                    GPtrArray          *order,
                    GError            **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  GError *pdf_error = NULL;

  g_ptr_array_add (stack, (gpointer) root);
  while (stack->len > 0)
    {
      const EbPdfObject *object = g_ptr_array_steal_index (stack, stack->len - 1);

      if (object->type == EB_PDF_REF)
        {
          gpointer key = GUINT_TO_POINTER ((guint) object->integer);
          const EbPdfObject *target;

          if (g_hash_table_contains (renum, key))
            continue;
          target = eb_pdf_document_get_object (ap, object->integer, &pdf_error);
          if (target == NULL)
            {
              set_pades_error (error, EB_PADES_ERROR_APPEARANCE, EB_PADES_PROBLEM_LAYOUT, pdf_error, 0,
                               "The drawn signature cannot be read back");
              return FALSE;
            }
          if (eb_pdf_object_is_name (eb_pdf_dict_get (target, "Type"), "Page") ||
              eb_pdf_object_is_name (eb_pdf_dict_get (target, "Type"), "Pages"))
            {
              set_pades_error (error, EB_PADES_ERROR_APPEARANCE, EB_PADES_PROBLEM_PAGE_REFERENCE, NULL, 0,
                               "The drawn signature's resources refer to a page");
              return FALSE;
            }
          g_hash_table_insert (renum, key, GUINT_TO_POINTER (eb_pdf_writer_new_object_number (writer)));
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
write_appearance (EbPdfWriter             *writer,
                  GBytes                  *ap_pdf,
                  double                   width,
                  double                   height,
                  guint                    ap_num,
                  GError                 **error)
{
  g_autoptr(EbPdfDocument) ap = NULL;
  g_autoptr(GHashTable) renum = g_hash_table_new (g_direct_hash, g_direct_equal);
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
      set_pades_error (error, EB_PADES_ERROR_APPEARANCE, EB_PADES_PROBLEM_LAYOUT, pdf_error, 0,
                       "unexpected layout");
      return FALSE;
    }

  if (!collect_references (ap, resources, writer, renum, order, error))
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

  eb_pdf_writer_write_object (writer, ap_num, 0, xobject, renumber_appearance, renum);

  for (guint i = 0; i < order->len; i++)
    {
      guint old = GPOINTER_TO_UINT (order->pdata[i]);
      const EbPdfObject *object = eb_pdf_document_get_object (ap, old, NULL);

      g_assert (object != NULL);  /* collected above */
      eb_pdf_writer_write_object (writer, GPOINTER_TO_UINT (g_hash_table_lookup (renum, order->pdata[i])),
                                  0, object, renumber_appearance, renum);
    }
  return TRUE;
}

/* Step 3: the update, with room kept for /ByteRange and /Contents */

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

/* The signature dictionary; /ByteRange and /Contents are filled in later. */
static void
write_signature_dictionary (EbPdfWriter             *writer,
                            guint                    sig_num,
                            const EbPadesAppearance *appearance,
                            Placeholders            *placeholders)
{
  g_autofree char *date = pdf_date (appearance->time);
  g_autofree char *m = g_strdup_printf ("\n/M(%s)/Name", date);
  g_autoptr(EbPdfObject) name = eb_pdf_object_new_text (appearance->name);

  eb_pdf_writer_begin_object (writer, sig_num, 0);
  eb_pdf_writer_append (writer, "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached\n/ByteRange ");
  placeholders->byte_range_at = eb_pdf_writer_reserve (writer, BYTE_RANGE_WIDTH, ' ');
  eb_pdf_writer_append (writer, "\n/Contents ");
  placeholders->contents_at = eb_pdf_writer_reserve (writer, 1, '<');
  eb_pdf_writer_reserve (writer, 2 * EB_PADES_CONTENTS_SIZE, '0');
  eb_pdf_writer_append (writer, ">");
  placeholders->contents_end = eb_pdf_writer_tell (writer);
  eb_pdf_writer_append (writer, m);
  eb_pdf_writer_append_value (writer, name, NULL, NULL);
  eb_pdf_writer_append (writer, ">>");
  eb_pdf_writer_end_object (writer);
}

/* The field's widget, and the catalog's new version with the field in
 * /AcroForm and SigFlags SignaturesExist | AppendOnly. */
static void
write_field (EbPdfWriter     *writer,
             const Target    *target,
             const EbPdfRect *box,
             guint            sig_num,
             guint            widget_num,
             guint            ap_num)
{
  g_autoptr(EbPdfObject) widget = eb_pdf_object_new (EB_PDF_DICT);
  g_autoptr(EbPdfObject) rect = eb_pdf_object_new (EB_PDF_ARRAY);
  g_autoptr(EbPdfObject) ap = eb_pdf_object_new (EB_PDF_DICT);
  const EbPdfObject *acroform = eb_pdf_document_resolve (target->doc,
                                                         eb_pdf_dict_get (target->catalog, "AcroForm"),
                                                         NULL);
  const EbPdfObject *fields = acroform != NULL
                              ? eb_pdf_document_resolve (target->doc, eb_pdf_dict_get (acroform, "Fields"), NULL)
                              : NULL;
  g_autofree char *field_name = g_strdup_printf ("Imza%u", eb_pdf_array_get_length (fields) + 1);
  g_autoptr(EbPdfObject) new_catalog = eb_pdf_object_copy (target->catalog);
  g_autoptr(EbPdfObject) new_form = acroform != NULL && acroform->type == EB_PDF_DICT
                                    ? eb_pdf_object_copy (acroform)
                                    : eb_pdf_object_new (EB_PDF_DICT);
  g_autoptr(EbPdfObject) new_fields = fields != NULL && fields->type == EB_PDF_ARRAY
                                      ? eb_pdf_object_copy (fields)
                                      : eb_pdf_object_new (EB_PDF_ARRAY);

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
  eb_pdf_dict_take (widget, "P", eb_pdf_object_new_ref (target->page_num, target->page_gen));
  eb_pdf_dict_take (ap, "N", eb_pdf_object_new_ref (ap_num, 0));
  eb_pdf_dict_take (widget, "AP", g_steal_pointer (&ap));
  eb_pdf_writer_write_object (writer, widget_num, 0, widget, NULL, NULL);

  eb_pdf_array_take (new_fields, eb_pdf_object_new_ref (widget_num, 0));
  eb_pdf_dict_take (new_form, "Fields", g_steal_pointer (&new_fields));
  eb_pdf_dict_take (new_form, "SigFlags", eb_pdf_object_new_int (3));
  eb_pdf_dict_take (new_catalog, "AcroForm", g_steal_pointer (&new_form));
  eb_pdf_writer_write_object (writer, target->catalog_num, target->catalog_gen, new_catalog, NULL, NULL);
}

/* The page's new version, with the widget in /Annots. */
static void
write_page (EbPdfWriter  *writer,
            const Target *target,
            guint         widget_num)
{
  g_autoptr(EbPdfObject) new_page = eb_pdf_object_copy (target->page);
  const EbPdfObject *annots = eb_pdf_document_resolve (target->doc, eb_pdf_dict_get (target->page, "Annots"),
                                                       NULL);
  g_autoptr(EbPdfObject) new_annots = annots != NULL && annots->type == EB_PDF_ARRAY
                                      ? eb_pdf_object_copy (annots)
                                      : eb_pdf_object_new (EB_PDF_ARRAY);

  eb_pdf_array_take (new_annots, eb_pdf_object_new_ref (widget_num, 0));
  eb_pdf_dict_take (new_page, "Annots", g_steal_pointer (&new_annots));
  eb_pdf_writer_write_object (writer, target->page_num, target->page_gen, new_page, NULL, NULL);
}

/* The whole signed file, /ByteRange and /Contents still blank. */
static GByteArray *
write_update (const Target             *target,
              const EbPdfRect          *box,
              const EbPadesAppearance  *appearance,
              GBytes                   *ap_pdf,
              Placeholders             *placeholders,
              GError                  **error)
{
  g_autoptr(EbPdfWriter) writer = eb_pdf_writer_new (target->doc);
  guint sig_num = eb_pdf_writer_new_object_number (writer);
  guint widget_num = eb_pdf_writer_new_object_number (writer);
  guint ap_num = eb_pdf_writer_new_object_number (writer);

  write_signature_dictionary (writer, sig_num, appearance, placeholders);
  write_field (writer, target, box, sig_num, widget_num, ap_num);
  write_page (writer, target, widget_num);
  if (!write_appearance (writer, ap_pdf, box->width, box->height, ap_num, error))
    return NULL;
  return eb_pdf_writer_finish (writer);
}

/* Step 4: /ByteRange is everything but the hex string; its SHA-256. */
static void
digest_byte_range (GByteArray         *file,
                   const Placeholders *placeholders,
                   guint8              digest[EB_CADES_DIGEST_LENGTH])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize total = file->len;
  gsize digest_len = EB_CADES_DIGEST_LENGTH;
  char range[BYTE_RANGE_WIDTH + 1];
  int n;

  n = g_snprintf (range, sizeof range, "[0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "]",
                  placeholders->contents_at, placeholders->contents_end,
                  total - placeholders->contents_end);
  g_assert (n > 0 && n <= BYTE_RANGE_WIDTH);
  memcpy (file->data + placeholders->byte_range_at, range, n);

  g_checksum_update (checksum, file->data, placeholders->contents_at);
  g_checksum_update (checksum, file->data + placeholders->contents_end, total - placeholders->contents_end);
  g_checksum_get_digest (checksum, digest, &digest_len);
}

/* Step 6: the CMS, in hex, into the room kept for it. */
static gboolean
splice_contents (GByteArray          *file,
                 const Placeholders  *placeholders,
                 GBytes              *cms,
                 GError             **error)
{
  static const char hex[] = "0123456789ABCDEF";
  gsize cms_len;
  const guint8 *p = g_bytes_get_data (cms, &cms_len);
  guint8 *dst = file->data + placeholders->contents_at + 1;

  if (cms_len > EB_PADES_CONTENTS_SIZE)
    {
      set_pades_error (error, EB_PADES_ERROR_SIGNATURE_TOO_LARGE, EB_PADES_PROBLEM_TOO_LARGE, NULL,
                       cms_len, "The CMS does not fit the room kept for /Contents");
      return FALSE;
    }
  for (gsize i = 0; i < cms_len; i++)
    {
      dst[2 * i] = hex[p[i] >> 4];
      dst[2 * i + 1] = hex[p[i] & 0xf];
    }
  return TRUE;
}

/**
 * eb_pades_sign:
 * @pdf: the document as issued; its bytes stay the first bytes of the result
 * @key: the signer's private key (a file's, or the card's from libp11); used once
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
  g_auto(Target) target = { 0 };
  g_autoptr(GBytes) ap_pdf = NULL;
  g_autoptr(GByteArray) file = NULL;
  g_autoptr(GBytes) cms = NULL;
  Placeholders placeholders;
  guint8 digest[EB_CADES_DIGEST_LENGTH];

  g_return_val_if_fail (pdf != NULL && key != NULL && cert != NULL, NULL);
  g_return_val_if_fail (box != NULL && appearance != NULL, NULL);
  g_return_val_if_fail (appearance->name != NULL && appearance->tckn != NULL &&
                        appearance->time != NULL, NULL);

  if (!read_issued_pdf (pdf, box, &target, error))
    return NULL;
  ap_pdf = render_appearance (box->width, box->height, appearance, error);
  if (ap_pdf == NULL)
    return NULL;
  file = write_update (&target, box, appearance, ap_pdf, &placeholders, error);
  if (file == NULL)
    return NULL;
  digest_byte_range (file, &placeholders, digest);
  /* Step 5: the one operation with the key. */
  cms = eb_cades_sign_digest (digest, key, cert, chain, error);
  if (cms == NULL)
    return NULL;
  if (!splice_contents (file, &placeholders, cms, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&file));
}

/**
 * eb_pades_error_get_detail:
 * @error: an %EB_PADES_ERROR
 *
 * Returns: (nullable): what exactly was wrong, for a sentence a person
 *   reads; %NULL for another domain
 */
const EbPadesErrorDetail *
eb_pades_error_get_detail (const GError *error)
{
  if (error == NULL || error->domain != EB_PADES_ERROR)
    return NULL;
  return &eb_pades_error_get_private (error)->detail;
}
