/* eb-pdf-view.h — a PDF document, page under page, to read before printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EB_TYPE_PDF_VIEW (eb_pdf_view_get_type ())

G_DECLARE_FINAL_TYPE (EbPdfView, eb_pdf_view, EB, PDF_VIEW, GtkWidget)

/* Zoom 1.0 shows one PDF point as one logical pixel. */
#define EB_PDF_VIEW_ZOOM_MIN 0.25
#define EB_PDF_VIEW_ZOOM_MAX 4.0

GtkWidget *eb_pdf_view_new               (void);

gboolean   eb_pdf_view_set_document      (EbPdfView  *self,
                                          GBytes     *pdf,
                                          GError    **error);
GBytes    *eb_pdf_view_get_document      (EbPdfView  *self);

guint      eb_pdf_view_get_n_pages       (EbPdfView  *self);
guint      eb_pdf_view_get_page          (EbPdfView  *self);
void       eb_pdf_view_set_page          (EbPdfView  *self,
                                          guint       page);

double     eb_pdf_view_get_zoom          (EbPdfView  *self);
void       eb_pdf_view_set_zoom          (EbPdfView  *self,
                                          double      zoom);
gboolean   eb_pdf_view_get_fit_width     (EbPdfView  *self);
void       eb_pdf_view_set_fit_width     (EbPdfView  *self,
                                          gboolean    fit_width);
void       eb_pdf_view_zoom_in           (EbPdfView  *self);
void       eb_pdf_view_zoom_out          (EbPdfView  *self);

gboolean   eb_pdf_view_get_busy          (EbPdfView  *self);
const char *eb_pdf_view_get_error_message (EbPdfView *self);

/* For tests and diagnostics: the device pixels of the page's sharp image, or
 * FALSE while only a stretched older image stands in for it. */
gboolean   eb_pdf_view_get_rendered_size (EbPdfView  *self,
                                          guint       page,
                                          int        *width,
                                          int        *height);

G_END_DECLS
