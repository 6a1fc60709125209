/* eb-form-document.c — the application form as the PDF that is signed and sent
 *
 * The app previews and prints it; the portal issues the official copy with
 * the application number and later checks that a signed upload starts with
 * exactly the bytes it issued. So the output must depend on nothing but the
 * form, the number, the method and the issue time: the PDF dates are set
 * from the issue time, the fonts are named, hinting is off, and the layout is
 * fixed (long values shrink inside their cells instead of moving what follows,
 * so the signature box never moves).
 *
 * Everything printed is Turkish literal text: this is the official form, not
 * the user interface, and it reads the same whatever the user's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "eb-form-document.h"
#include "eb-geo.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

G_DEFINE_QUARK (eb-form-document-error-quark, eb_form_document_error)

#define PAGE_W EB_FORM_DOCUMENT_PAGE_WIDTH
#define PAGE_H EB_FORM_DOCUMENT_PAGE_HEIGHT

/* Layout, in cairo's top-left coordinates, points. */
#define MARGIN      42.0
#define CONTENT_W   (PAGE_W - 2 * MARGIN)
#define LABEL_W     132.0
#define ROW_H       17.0
#define SECTION_H   17.0
#define CELL_PAD    5.0
#define QR_SIZE     74.0

/* The signature box, in PDF space (origin bottom-left): the lower right of
 * page 1, under every row of the form. The PAdES signer draws the visible
 * signature into exactly this rectangle. */
#define SIG_BOX_X      (PAGE_W / 2 + 6)
#define SIG_BOX_Y      62.0
#define SIG_BOX_WIDTH  (PAGE_W - MARGIN - SIG_BOX_X)
#define SIG_BOX_HEIGHT 96.0

#define FONT_FAMILY "DejaVu Sans"
#define MIN_FONT_SIZE 5.5

/* The seed's form header and declaration, word for word. */
#define KAMU_SM_NAME     "TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi"
#define KAMU_SM_ADDRESS  "Pk:74, 41470 Gebze/KOCAELİ"
/* The call centre's number, with no-break spaces: never split over lines. */
#define KAMU_SM_PHONE    "444\u00a05\u00a0576"
#define KAMU_SM_CONTACT  KAMU_SM_PHONE " · bilgi@kamusm.gov.tr"
#define FORM_TITLE       "Nitelikli Elektronik Sertifika Başvuru Formu"
#define DECLARATION \
  "Aşağıda yazılı bütün bilgilerin doğru olduğunu, aksi halde doğacak bütün zararlardan " \
  "sorumlu olduğumu beyan ederim. Bu formdaki bilgilere göre şahsıma bir nitelikli " \
  "elektronik sertifika hazırlanmasını talep ederim."

typedef struct { double r, g, b; } Rgb;

static const Rgb ink = { 0.08, 0.09, 0.11 };
static const Rgb muted = { 0.36, 0.39, 0.44 };
static const Rgb navy = { 0.12, 0.23, 0.37 };
static const Rgb rule = { 0.55, 0.61, 0.69 };
static const Rgb label_fill = { 0.92, 0.94, 0.97 };
static const Rgb note_fill = { 0.97, 0.97, 0.95 };
static const Rgb white = { 1, 1, 1 };
static const Rgb practice_red = { 0.75, 0.11, 0.16 };

typedef struct
{
  double           size;
  PangoWeight      weight;
  PangoStyle       style;
  const Rgb       *color;
  PangoAlignment   align;
  int              max_lines;  /* 0: wrap freely, no shrinking */
  gboolean         vcenter;
} TextStyle;

typedef struct
{
  cairo_t              *cr;
  PangoLayout          *layout;
  PangoFontDescription *font;
  EbApplicationForm    *form;
  const char           *application_no;
  gboolean              esign;
  gboolean              practice;
  char                 *issued_text;   /* "24.11.2026 10:17" */
} Doc;

static void
set_color (cairo_t   *cr,
           const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

/* Lays @text out in the box at (@x, @y) of @width × @height; shrinks the font
 * (down to MIN_FONT_SIZE) until it fits in style->max_lines lines, and cuts
 * it with an ellipsis only if even that does not fit. Returns the height
 * used. */
static double
draw_text (Doc             *d,
           const char      *text,
           double           x,
           double           y,
           double           width,
           double           height,
           const TextStyle *style)
{
  PangoLayout *layout = d->layout;
  PangoRectangle logical;
  double size = style->size;
  double text_h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, style->align);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (layout, -1);
  pango_font_description_set_weight (d->font, style->weight);
  pango_font_description_set_style (d->font, style->style);

  for (;;)
    {
      pango_font_description_set_size (d->font, (int) (size * PANGO_SCALE));
      pango_layout_set_font_description (layout, d->font);
      pango_layout_get_extents (layout, NULL, &logical);

      if (style->max_lines == 0)
        break;
      if (pango_layout_get_line_count (layout) <= style->max_lines &&
          (height <= 0 || (double) logical.height / PANGO_SCALE <= height))
        break;
      if (size <= MIN_FONT_SIZE)
        {
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_height (layout, -style->max_lines);
          pango_layout_get_extents (layout, NULL, &logical);
          break;
        }
      size = MAX (MIN_FONT_SIZE, size - 0.5);
    }

  text_h = (double) logical.height / PANGO_SCALE;
  set_color (d->cr, style->color);
  cairo_move_to (d->cr, x, style->vcenter && height > 0 ? y + (height - text_h) / 2 : y);
  pango_cairo_show_layout (d->cr, layout);

  return text_h;
}

static void
stroke_rect (cairo_t   *cr,
             double     x,
             double     y,
             double     w,
             double     h,
             double     line_width,
             const Rgb *color)
{
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_line_width (cr, line_width);
  set_color (cr, color);
  cairo_stroke (cr);
}

static void
fill_rect (cairo_t   *cr,
           double     x,
           double     y,
           double     w,
           double     h,
           const Rgb *color)
{
  cairo_rectangle (cr, x, y, w, h);
  set_color (cr, color);
  cairo_fill (cr);
}

static const TextStyle label_style = { 8.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_LEFT, 2, TRUE };
static const TextStyle value_style = { 9.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &ink, PANGO_ALIGN_LEFT, 1, TRUE };
static const TextStyle value_long_style = { 9.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &ink, PANGO_ALIGN_LEFT, 2, TRUE };
static const TextStyle section_style = { 9.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &white, PANGO_ALIGN_LEFT, 1, TRUE };
static const TextStyle body_style = { 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &ink, PANGO_ALIGN_LEFT, 0, FALSE };
static const TextStyle small_style = { 7.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_LEFT, 1, FALSE };

/* One label/value cell pair at (@x, @y); the label column is LABEL_W wide
 * in a full-width row and narrower in a half-width one. */
static void
draw_cell (Doc        *d,
           const char *label,
           const char *value,
           double      x,
           double      y,
           double      width,
           double      height,
           double      label_w)
{
  const TextStyle *vs = height > ROW_H ? &value_long_style : &value_style;

  fill_rect (d->cr, x, y, label_w, height, &label_fill);
  stroke_rect (d->cr, x, y, width, height, 0.5, &rule);
  cairo_move_to (d->cr, x + label_w, y);
  cairo_line_to (d->cr, x + label_w, y + height);
  cairo_stroke (d->cr);

  draw_text (d, label, x + CELL_PAD, y, label_w - 2 * CELL_PAD, height, &label_style);
  draw_text (d, *value != '\0' ? value : "—", x + label_w + CELL_PAD, y,
             width - label_w - 2 * CELL_PAD, height, vs);
}

static double
draw_row (Doc        *d,
          double      y,
          double      height,
          const char *label,
          const char *value)
{
  draw_cell (d, label, value, MARGIN, y, CONTENT_W, height, LABEL_W);
  return y + height;
}

/* Two pairs side by side, the first label as wide as a full row's. */
static double
draw_row2 (Doc        *d,
           double      y,
           const char *label1,
           const char *value1,
           const char *label2,
           const char *value2)
{
  double first = LABEL_W + 150;

  draw_cell (d, label1, value1, MARGIN, y, first, ROW_H, LABEL_W);
  draw_cell (d, label2, value2, MARGIN + first, y, CONTENT_W - first, ROW_H, 86.0);
  return y + ROW_H;
}

static double
draw_section (Doc        *d,
              double      y,
              const char *title)
{
  y += 5;
  fill_rect (d->cr, MARGIN, y, CONTENT_W, SECTION_H, &navy);
  draw_text (d, title, MARGIN + CELL_PAD, y, CONTENT_W - 2 * CELL_PAD, SECTION_H, &section_style);
  return y + SECTION_H;
}

/* The QR code as filled rectangles, one per run of dark modules, so it is
 * vector (sharp at any zoom) and small. */
static gboolean
draw_qr (Doc     *d,
         double   x,
         double   y,
         double   size,
         GError **error)
{
  QRcode *qr = QRcode_encodeString (d->application_no, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;
  int quiet = 2;

  if (qr == NULL)
    {
      g_set_error (error, EB_FORM_DOCUMENT_ERROR, EB_FORM_DOCUMENT_ERROR_FAILED,
                   _("Could not make the QR code of the application number: %s"),
                   g_strerror (errno));
      return FALSE;
    }

  module = size / (qr->width + 2 * quiet);
  fill_rect (d->cr, x, y, size, size, &white);
  for (int row = 0; row < qr->width; row++)
    {
      int col = 0;

      while (col < qr->width)
        {
          int start;

          if (!(qr->data[row * qr->width + col] & 1))
            {
              col++;
              continue;
            }
          start = col;
          while (col < qr->width && (qr->data[row * qr->width + col] & 1))
            col++;
          cairo_rectangle (d->cr, x + (quiet + start) * module, y + (quiet + row) * module,
                           (col - start) * module, module);
        }
    }
  cairo_set_source_rgb (d->cr, 0, 0, 0);
  cairo_fill (d->cr);

  QRcode_free (qr);
  return TRUE;
}

static void
draw_footer (Doc *d,
             int  page)
{
  g_autofree char *left = g_strdup_printf ("Başvuru No: %s", d->application_no);
  g_autofree char *middle = g_strdup_printf ("Sayfa %d / %d", page + 1, EB_FORM_DOCUMENT_N_PAGES);
  g_autofree char *right = g_strdup_printf ("Düzenlenme: %s", d->issued_text);
  TextStyle style = small_style;
  double y = PAGE_H - 30;
  double third = CONTENT_W / 3;

  cairo_move_to (d->cr, MARGIN, y - 4);
  cairo_line_to (d->cr, PAGE_W - MARGIN, y - 4);
  cairo_set_line_width (d->cr, 0.5);
  set_color (d->cr, &rule);
  cairo_stroke (d->cr);

  draw_text (d, left, MARGIN, y, third, 0, &style);
  style.align = PANGO_ALIGN_CENTER;
  draw_text (d, middle, MARGIN + third, y, third, 0, &style);
  style.align = PANGO_ALIGN_RIGHT;
  draw_text (d, right, MARGIN + 2 * third, y, third, 0, &style);
}

/* The header: who the form goes to (the seed sends the paper copy to "the
 * address at the top of the form"), the title, and the QR code. */
static gboolean
draw_header (Doc     *d,
             GError **error)
{
  TextStyle style = { 11.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &navy, PANGO_ALIGN_LEFT, 1, FALSE };
  double text_w = CONTENT_W - QR_SIZE - 12;
  double y = 34;

  fill_rect (d->cr, MARGIN, y, 4, 46, &navy);
  y += draw_text (d, KAMU_SM_NAME, MARGIN + 12, y, text_w, 0, &style);
  style = (TextStyle) { 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_LEFT, 1, FALSE };
  y += draw_text (d, KAMU_SM_ADDRESS, MARGIN + 12, y + 1, text_w, 0, &style) + 1;
  draw_text (d, KAMU_SM_CONTACT, MARGIN + 12, y, text_w, 0, &style);

  y = 92;
  style = (TextStyle) { 15.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &ink, PANGO_ALIGN_LEFT, 1, FALSE };
  y += draw_text (d, FORM_TITLE, MARGIN, y, text_w, 0, &style);
  style = (TextStyle) { 9.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_LEFT, 1, FALSE };
  draw_text (d, "Milli Eğitim Bakanlığı · Okul ve Kurum Yöneticileri", MARGIN, y + 2, text_w, 0, &style);

  if (!draw_qr (d, PAGE_W - MARGIN - QR_SIZE, 30, QR_SIZE, error))
    return FALSE;
  style = (TextStyle) { 7.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_CENTER, 1, FALSE };
  draw_text (d, d->application_no, PAGE_W - MARGIN - QR_SIZE - 10, 30 + QR_SIZE, QR_SIZE + 20, 0, &style);

  return TRUE;
}

/* Application number, issue time and method in a three-column band. */
static double
draw_meta (Doc    *d,
           double  y)
{
  const char *labels[] = { "Başvuru No", "Düzenlenme Tarihi", "Başvuru Yöntemi" };
  const char *values[] = {
    d->application_no, d->issued_text,
    d->esign ? "Yöntem 2: Elektronik İmzalı Başvuru" : "Yöntem 1: Islak İmzalı Başvuru",
  };
  double widths[] = { 140, 130, CONTENT_W - 270 };
  double x = MARGIN;
  double h = 32;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      TextStyle ls = { 7.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_LEFT, 1, FALSE };
      TextStyle vs = { 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &ink, PANGO_ALIGN_LEFT, 1, FALSE };

      stroke_rect (d->cr, x, y, widths[i], h, 0.8, &navy);
      draw_text (d, labels[i], x + CELL_PAD, y + 3, widths[i] - 2 * CELL_PAD, 0, &ls);
      draw_text (d, values[i], x + CELL_PAD, y + 14, widths[i] - 2 * CELL_PAD, 15, &vs);
      x += widths[i];
    }

  return y + h;
}

static double
draw_declaration (Doc    *d,
                  double  y)
{
  TextStyle style = { 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, &ink, PANGO_ALIGN_LEFT, 3, FALSE };
  double h = 34;

  y += 8;
  fill_rect (d->cr, MARGIN, y, CONTENT_W, h, &note_fill);
  stroke_rect (d->cr, MARGIN, y, CONTENT_W, h, 0.5, &rule);
  draw_text (d, DECLARATION, MARGIN + 8, y + 6, CONTENT_W - 16, h - 8, &style);
  return y + h;
}

static const char *
reason_text (EbApplicationReason reason)
{
  switch (reason)
    {
    case EB_REASON_NEW:
      return "Yeni sertifika";
    case EB_REASON_RENEWAL:
      return "Yenileme";
    case EB_REASON_LOST_STOLEN:
      return "Kayıp veya çalıntı";
    case EB_REASON_OTHER:
      return "Diğer";
    default:
      return "";
    }
}

static const char *
operator_text (EbMobileOperator op)
{
  switch (op)
    {
    case EB_OPERATOR_TURKCELL:
      return "TURKCELL";
    case EB_OPERATOR_VODAFONE:
      return "VODAFONE";
    case EB_OPERATOR_TURK_TELEKOM:
      return "TÜRK TELEKOM";
    case EB_OPERATOR_NONE:
    default:
      return "";
    }
}

static const char *
info_channel_text (EbInfoChannel channel)
{
  switch (channel)
    {
    case EB_INFO_CHANNEL_EMAIL:
      return "E-posta";
    case EB_INFO_CHANNEL_SMS:
      return "SMS";
    case EB_INFO_CHANNEL_BOTH:
      return "Her ikisi (E-posta+SMS)";
    default:
      return "";
    }
}

static double
draw_fields (Doc    *d,
             double  y)
{
  EbApplicationForm *f = d->form;
  guint plate = eb_application_form_get_province (f);
  const char *province = plate != 0 ? eb_geo_get_province_name (eb_geo_get_default (), plate) : NULL;
  g_autofree char *province_upper = eb_turkish_upper (province != NULL ? province : "");
  g_autofree char *district_upper = eb_turkish_upper (eb_application_form_get_text (f, EB_FIELD_DISTRICT));
  g_autofree char *birth_date = eb_format_date_dotted (eb_application_form_get_text (f, EB_FIELD_BIRTH_DATE));
  g_autofree char *work_phone = eb_format_phone (eb_application_form_get_text (f, EB_FIELD_WORK_PHONE));
  g_autofree char *mobile_phone = eb_format_phone (eb_application_form_get_text (f, EB_FIELD_MOBILE_PHONE));
  g_autofree char *home_phone = eb_format_phone (eb_application_form_get_text (f, EB_FIELD_HOME_PHONE));
  g_autofree char *validity = g_strdup_printf ("%s Yıl", eb_application_form_get_text (f, EB_FIELD_VALIDITY_YEARS));
#define TEXT(field) eb_application_form_get_text (f, EB_FIELD_##field)

  y = draw_section (d, y, "Sertifika Bilgileri");
  y = draw_row2 (d, y, "Kart Okuyucu Tipi", "Mini Kart Okuyucu", "Sertifika Süresi", validity);
  y = draw_row (d, y, ROW_H, "Başvuru Nedeni", reason_text (eb_application_form_get_reason (f)));

  y = draw_section (d, y, "Kişisel Bilgiler");
  y = draw_row (d, y, ROW_H, "T.C. Kimlik No", TEXT (TCKN));
  y = draw_row (d, y, ROW_H, "Adı", TEXT (FIRST_NAME));
  y = draw_row (d, y, ROW_H, "Soyadı", TEXT (LAST_NAME));
  y = draw_row2 (d, y, "Doğum Yeri", TEXT (BIRTH_PLACE), "Doğum Tarihi", birth_date);
  /* Never the word itself: the server only holds its hash anyway. */
  y = draw_row (d, y, ROW_H, "Güvenlik Sözcüğü", "Belirlendi (güvenliğiniz için bu formda yer almaz)");

  y = draw_section (d, y, "Kurum Bilgileri");
  y = draw_row (d, y, ROW_H + 7, "Kurum Adı", TEXT (INSTITUTION_NAME));
  y = draw_row (d, y, ROW_H, "Kurum Sicil No", TEXT (REGISTRY_NO));
  y = draw_row (d, y, ROW_H + 7, "Çalıştığı Birim", TEXT (UNIT));
  y = draw_row (d, y, ROW_H, "Ünvan", TEXT (JOB_TITLE));
  y = draw_row (d, y, ROW_H + 7, "Kurum / Birim Adresi (teslimat)", TEXT (DELIVERY_ADDRESS));
  y = draw_row2 (d, y, "İl", province_upper, "İlçe", district_upper);
  y = draw_row (d, y, ROW_H, "Posta Kodu", TEXT (POSTAL_CODE));

  y = draw_section (d, y, "İletişim Bilgileri");
  y = draw_row (d, y, ROW_H, "E-posta", TEXT (EMAIL));
  y = draw_row2 (d, y, "İş Telefonu", work_phone, "Dahili", TEXT (WORK_PHONE_EXTENSION));
  y = draw_row2 (d, y, "Cep Telefonu", mobile_phone, "Mobil Operatör",
                 operator_text (eb_application_form_get_mobile_operator (f)));
  y = draw_row (d, y, ROW_H, "Ev Telefonu", home_phone);
  y = draw_row (d, y, ROW_H, "Bilgi Kanalı", info_channel_text (eb_application_form_get_info_channel (f)));

#undef TEXT
  return y;
}

/* The applicant block (left) and the signature box (right), both anchored
 * to the bottom of the page. */
static void
draw_signature_area (Doc *d)
{
  EbPdfRect box;
  double bx, by, lx, lw;
  TextStyle caption = { 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &navy, PANGO_ALIGN_LEFT, 1, FALSE };
  TextStyle hint = { 7.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_CENTER, 2, FALSE };
  g_autofree char *full_name = g_strdup_printf ("%s %s",
                                                eb_application_form_get_text (d->form, EB_FIELD_FIRST_NAME),
                                                eb_application_form_get_text (d->form, EB_FIELD_LAST_NAME));
  double row_y;

  eb_form_document_get_signature_box (&box);
  bx = box.x;
  by = PAGE_H - box.y - box.height;

  /* Right: the box itself, kept empty for the signature. */
  draw_text (d, d->esign ? "Elektronik İmza" : "İmza", bx, by - 14, box.width, 0, &caption);
  stroke_rect (d->cr, bx, by, box.width, box.height, 0.9, &navy);
  if (d->esign)
    draw_text (d, "Başvuru sahibinin nitelikli elektronik imzası",
               bx, by + box.height + 3, box.width, 0, &hint);
  else
    draw_text (d, "Başvuru sahibinin ıslak imzası", bx, by + box.height + 3, box.width, 0, &hint);

  /* Left: who signs, and when. */
  lx = MARGIN;
  lw = bx - 12 - MARGIN;
  draw_text (d, "Başvuru Sahibi", lx, by - 14, lw, 0, &caption);
  row_y = by;
  draw_cell (d, "Adı Soyadı", full_name, lx, row_y, lw, box.height / 3, 86);
  row_y += box.height / 3;
  draw_cell (d, "T.C. Kimlik No", eb_application_form_get_text (d->form, EB_FIELD_TCKN),
             lx, row_y, lw, box.height / 3, 86);
  row_y += box.height / 3;
  if (d->esign)
    draw_cell (d, "İmza Tarihi", "E-imzadaki tarih", lx, row_y, lw, box.height / 3, 86);
  else
    draw_cell (d, "Tarih", "....... / ....... / ..............", lx, row_y, lw, box.height / 3, 86);
}

/* A practice form must never pass for a real one: a large diagonal mark
 * over the whole page, drawn last so nothing covers it, light enough to
 * read the form through, and a plain line above the header saying why. */
static void
draw_practice_mark (Doc *d)
{
  TextStyle mark = { 72.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &practice_red, PANGO_ALIGN_CENTER, 1, FALSE };
  TextStyle line = { 8.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &practice_red, PANGO_ALIGN_CENTER, 1, FALSE };
  double diagonal = 0.78 * hypot (PAGE_W, PAGE_H);  /* clear of the corners */
  PangoRectangle logical;
  double size = mark.size;

  if (!d->practice)
    return;

  draw_text (d, EB_FORM_DOCUMENT_PRACTICE_MARK " · Alıştırma (eğitim) belgesidir; "
             "imzalanmaz, gönderilmez, başvuru yerine geçmez.",
             MARGIN, 14, CONTENT_W, 0, &line);

  cairo_save (d->cr);
  cairo_translate (d->cr, PAGE_W / 2, PAGE_H / 2);
  cairo_rotate (d->cr, -atan2 (PAGE_H, PAGE_W));
  cairo_push_group (d->cr);
  /* One line, as large as fits along the diagonal. */
  pango_layout_set_text (d->layout, EB_FORM_DOCUMENT_PRACTICE_MARK, -1);
  pango_layout_set_ellipsize (d->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (d->layout, -1);
  pango_layout_set_width (d->layout, -1);
  pango_layout_set_alignment (d->layout, PANGO_ALIGN_LEFT);
  pango_font_description_set_weight (d->font, mark.weight);
  pango_font_description_set_style (d->font, mark.style);
  for (;;)
    {
      pango_font_description_set_size (d->font, (int) (size * PANGO_SCALE));
      pango_layout_set_font_description (d->layout, d->font);
      pango_layout_get_extents (d->layout, NULL, &logical);
      if ((double) logical.width / PANGO_SCALE <= diagonal || size <= 24)
        break;
      size -= 2;
    }
  /* As outlines, not text: a diagonal line of text would come out of text
   * extraction in pieces between the form's words; the header line above
   * carries the words. */
  cairo_move_to (d->cr, -(double) logical.width / PANGO_SCALE / 2,
                 -(double) logical.height / PANGO_SCALE / 2);
  pango_cairo_layout_path (d->cr, d->layout);
  set_color (d->cr, mark.color);
  cairo_fill (d->cr);
  cairo_pop_group_to_source (d->cr);
  cairo_paint_with_alpha (d->cr, 0.28);
  cairo_restore (d->cr);
}

static gboolean
draw_page_form (Doc     *d,
                GError **error)
{
  double y;

  if (!draw_header (d, error))
    return FALSE;
  y = draw_meta (d, 134);
  y = draw_declaration (d, y);
  y = draw_fields (d, y + 2);

  /* The table is a fixed set of fixed-height rows; this checks the layout
   * constants, not the input. */
  g_assert (y < PAGE_H - SIG_BOX_Y - SIG_BOX_HEIGHT - 20);

  draw_signature_area (d);
  draw_footer (d, 0);
  draw_practice_mark (d);
  return TRUE;
}

static double
draw_paragraph (Doc        *d,
                double      y,
                const char *text)
{
  return y + draw_text (d, text, MARGIN, y, CONTENT_W, 0, &body_style) + 8;
}

static double
draw_numbered (Doc        *d,
               double      y,
               const char *number,
               const char *text)
{
  TextStyle num = { 9.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &navy, PANGO_ALIGN_LEFT, 1, FALSE };
  double h;

  draw_text (d, number, MARGIN + 4, y, 20, 0, &num);
  h = draw_text (d, text, MARGIN + 24, y, CONTENT_W - 24, 0, &body_style);
  return y + h + 7;
}

static double
draw_heading (Doc        *d,
              double      y,
              const char *text)
{
  TextStyle style = { 12.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &navy, PANGO_ALIGN_LEFT, 1, FALSE };

  y += draw_text (d, text, MARGIN, y, CONTENT_W, 0, &style) + 2;
  cairo_move_to (d->cr, MARGIN, y);
  cairo_line_to (d->cr, PAGE_W - MARGIN, y);
  cairo_set_line_width (d->cr, 0.8);
  set_color (d->cr, &navy);
  cairo_stroke (d->cr);
  return y + 8;
}

/* A box to tick by hand for each copy. */
static double
draw_checklist (Doc    *d,
                double  y)
{
  const char *items[] = {
    "1. nüsha imzalandı ve Kamu SM'ye posta ile gönderildi",
    "2. nüsha imzalandı ve İlçe MEM Bilgi İşlem Birimine teslim edildi",
    "3. nüsha imzalandı ve saklanmak üzere dosyalandı",
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      stroke_rect (d->cr, MARGIN + 4, y + 1, 10, 10, 0.8, &ink);
      y += draw_text (d, items[i], MARGIN + 24, y, CONTENT_W - 24, 0, &body_style) + 6;
    }
  return y + 4;
}

static double
draw_address_label (Doc    *d,
                    double  y)
{
  TextStyle small = { 8.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, &muted, PANGO_ALIGN_LEFT, 1, FALSE };
  TextStyle big = { 12.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, &ink, PANGO_ALIGN_LEFT, 2, FALSE };
  double w = 300, h = 58;
  double x = MARGIN + (CONTENT_W - w) / 2;

  cairo_save (d->cr);
  cairo_set_dash (d->cr, (double[]) { 4, 3 }, 2, 0);
  stroke_rect (d->cr, x, y, w, h, 0.8, &ink);
  cairo_restore (d->cr);
  draw_text (d, "1. nüshanın gönderileceği adres", x + 12, y + 8, w - 24, 0, &small);
  draw_text (d, KAMU_SM_NAME "\n" KAMU_SM_ADDRESS, x + 12, y + 22, w - 24, 0, &big);
  return y + h + 14;
}

static void
draw_page_instructions (Doc *d)
{
  double y = 48;

  if (d->esign)
    {
      y = draw_heading (d, y, "Formun Elektronik İmzayla İmzalanması (Yöntem 2)");
      y = draw_numbered (d, y, "1.",
                         "Bu form, geçerli nitelikli elektronik sertifikanızla (e-imza kartınız) "
                         "1. sayfadaki “Elektronik İmza” alanına elektronik olarak imzalanır. "
                         "Formun içeriği imzadan önce değiştirilemez.");
      y = draw_numbered (d, y, "2.",
                         "İmzalı form e-İmza Başvuru uygulamasıyla portala yüklenir. İmzanın, "
                         "T.C. Kimlik Numaranıza ait, süresi dolmamış bir nitelikli elektronik "
                         "sertifikayla atıldığı denetlenir.");
      y = draw_numbered (d, y, "3.",
                         "Elektronik imzalı başvuruda ıslak imzalı nüsha gönderilmez. Sertifikanızın "
                         "süresi dolmuşsa Yöntem 1 (ıslak imzalı başvuru) ile başvurunuz.");
    }
  else
    {
      y = draw_heading (d, y, "Formun İmzalanması ve Gönderilmesi (Yöntem 1)");
      y = draw_paragraph (d, y,
                          "Formun 1. sayfasından 3 (üç) nüsha çıktı alınız; e-İmza Başvuru "
                          "uygulamasının “3 Nüsha Yazdır” komutu 1. sayfayı üç kez, bu talimat "
                          "sayfasını bir kez basar. Bu sayfa size yol göstermek içindir: "
                          "imzalanmaz, gönderilmez. 1. sayfanın her nüshasını “İmza” kutusuna "
                          "ıslak imzanızla imzalayıp tarih atınız. Nüshalar şöyle kullanılır:");
      y = draw_numbered (d, y, "1.",
                         "Bir nüshayı " KAMU_SM_NAME ", " KAMU_SM_ADDRESS " adresine posta ile "
                         "gönderiniz (adres formun üst tarafında da yazılıdır).");
      y = draw_numbered (d, y, "2.",
                         "Bir nüshayı mutlaka İlçe Milli Eğitim Müdürlüğü Bilgi İşlem Birimine "
                         "teslim ediniz. İlçe Milli Eğitim Müdürlüğü Bilgi İşlem Biriminin bilgisi "
                         "dışında yapılan başvurular dikkate alınmayacak ve onaylanmayacaktır.");
      y = draw_numbered (d, y, "3.", "Bir nüshayı kendiniz saklayınız.");
      y = draw_address_label (d, y + 4);
      y = draw_heading (d, y, "Nüsha Kontrol Listesi");
      y = draw_checklist (d, y);
    }

  y = draw_heading (d, y + 6, "Onay ve Güvenlik Sözcüğü");
  y = draw_paragraph (d, y,
                      "Başvurunuz, MEBBİS kayıtları dikkate alınarak İl Milli Eğitim Müdürlüğü "
                      "Bilgi İşlem Birimi personeli tarafından onaylanır. Görevlendirmesi yapılmamış "
                      "veya e-personel modülüne işlenmemiş personelin başvurusu onaylanmaz; bu "
                      "durumda ilçe milli eğitim atama biriminizle görüşünüz.");
  y = draw_paragraph (d, y,
                      "Başvuru formunda belirlediğiniz güvenlik sözcüğünü not ediniz: sertifikanız "
                      "için PIN (e-imza şifresi) verilirken gerekecektir. Güvenlik sözcüğünü "
                      "unutursanız " KAMU_SM_PHONE " numaralı telefondan sıfırlatabilirsiniz.");
  draw_paragraph (d, y,
                  "Sorularınız için: bilgi@kamusm.gov.tr · " KAMU_SM_PHONE " (Kamu SM Çağrı Merkezi)");

  draw_footer (d, 1);
  draw_practice_mark (d);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, EB_FORM_DOCUMENT_ERROR, EB_FORM_DOCUMENT_ERROR_FAILED,
               _("Could not draw the application form: %s"), cairo_status_to_string (status));
  return FALSE;
}

/**
 * eb_form_document_get_signature_box:
 * @out_box: (out caller-allocates): where the box is written
 *
 * The rectangle on page 1 that is left empty for the signature: the wet
 * signature on paper, or the visible appearance of the electronic one. It is
 * a layout constant, the same for every form.
 */
void
eb_form_document_get_signature_box (EbPdfRect *out_box)
{
  g_return_if_fail (out_box != NULL);

  *out_box = (EbPdfRect) {
    .page = 0,
    .x = SIG_BOX_X,
    .y = SIG_BOX_Y,
    .width = SIG_BOX_WIDTH,
    .height = SIG_BOX_HEIGHT,
  };
}

/**
 * eb_form_document_render:
 * @form: the form as saved (the portal's normalised values)
 * @application_no: the portal's number, e.g. "MEB-2026-000042"
 * @method: %EB_FORM_DOCUMENT_METHOD_WET or %EB_FORM_DOCUMENT_METHOD_ESIGN
 * @issued_at: when the document is issued; also the PDF's dates
 *
 * Renders the filled form as a two-page A4 PDF. The security word is never
 * read. The same arguments give the same bytes.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set
 */
GBytes *
eb_form_document_render (EbApplicationForm  *form,
                         const char         *application_no,
                         const char         *method,
                         GDateTime          *issued_at,
                         GError            **error)
{
  return eb_form_document_render_full (form, application_no, method, issued_at,
                                       EB_FORM_DOCUMENT_NONE, error);
}

/**
 * eb_form_document_render_full:
 * @flags: %EB_FORM_DOCUMENT_PRACTICE for the practice portal's forms
 *
 * As eb_form_document_render(); a practice form carries
 * %EB_FORM_DOCUMENT_PRACTICE_MARK across every page.
 */
GBytes *
eb_form_document_render_full (EbApplicationForm  *form,
                              const char         *application_no,
                              const char         *method,
                              GDateTime          *issued_at,
                              EbFormDocumentFlags flags,
                              GError            **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_font_options_t *options;
  PangoContext *context;
  PangoAttrList *attrs;
  cairo_status_t status;
  gboolean ok;
  Doc d = { 0 };

  g_return_val_if_fail (EB_IS_APPLICATION_FORM (form), NULL);
  g_return_val_if_fail (issued_at != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (application_no == NULL || *application_no == '\0' ||
      !g_utf8_validate (application_no, -1, NULL))
    {
      g_set_error_literal (error, EB_FORM_DOCUMENT_ERROR, EB_FORM_DOCUMENT_ERROR_INVALID_ARGUMENT,
                           _("The application has no number yet"));
      return NULL;
    }
  if (g_strcmp0 (method, EB_FORM_DOCUMENT_METHOD_WET) != 0 &&
      g_strcmp0 (method, EB_FORM_DOCUMENT_METHOD_ESIGN) != 0)
    {
      g_set_error_literal (error, EB_FORM_DOCUMENT_ERROR, EB_FORM_DOCUMENT_ERROR_INVALID_ARGUMENT,
                           _("The signing method has not been chosen"));
      return NULL;
    }

  /* Turkey keeps UTC+3 all year; the form shows the time people there read. */
  local = eb_turkish_time (issued_at);
  utc = g_date_time_to_utc (issued_at);
  iso = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  title = g_strdup_printf (FORM_TITLE " — %s", application_no);

  d.form = form;
  d.application_no = application_no;
  d.esign = g_str_equal (method, EB_FORM_DOCUMENT_METHOD_ESIGN);
  d.practice = (flags & EB_FORM_DOCUMENT_PRACTICE) != 0;
  d.issued_text = g_date_time_format (local, "%d.%m.%Y %H:%M");

  surface = cairo_pdf_surface_create_for_stream (append_bytes, out, PAGE_W, PAGE_H);
  /* PDF 1.4 keeps a classic xref table, which the PAdES incremental update
   * and the server's verifier read. */
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_4);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, KAMU_SM_NAME);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, application_no);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, iso);

  d.cr = cairo_create (surface);
  context = pango_cairo_create_context (d.cr);
  /* No hinting: glyph positions must not depend on the machine's settings. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (context, pango_language_from_string ("tr"));
  pango_context_set_round_glyph_positions (context, FALSE);
  d.layout = pango_layout_new (context);
  g_object_unref (context);
  /* Ligatures would turn "fi" of "Sertifika" into one glyph that text
   * extraction and search then do not find. */
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("liga=0, clig=0, dlig=0"));
  pango_layout_set_attributes (d.layout, attrs);
  pango_attr_list_unref (attrs);
  d.font = pango_font_description_from_string (FONT_FAMILY);

  ok = draw_page_form (&d, error);
  if (ok)
    {
      cairo_show_page (d.cr);
      draw_page_instructions (&d);
      cairo_show_page (d.cr);
      ok = check_cairo (cairo_status (d.cr), error);
    }

  pango_font_description_free (d.font);
  g_object_unref (d.layout);
  cairo_destroy (d.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_free (d.issued_text);

  if (!ok || !check_cairo (status, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
