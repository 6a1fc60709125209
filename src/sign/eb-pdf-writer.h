/* eb-pdf-writer.h — an incremental update of a PDF read by eb-pdf-parser
 *
 * The original bytes stay as they are; the update appends new objects and
 * new versions of old ones, then a cross-reference section for them and a
 * trailer with /Prev, so that readers see the newest versions. The PAdES
 * signer builds its update with it; bytes it must fill in afterwards (the
 * signature's /ByteRange and /Contents) are reserved, and their offsets in
 * the finished file returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "eb-pdf-parser.h"

G_BEGIN_DECLS

typedef struct _EbPdfWriter EbPdfWriter;

/* Renumbering when writing objects copied from another file: returns the new
 * number (and *gen) for a reference to @num. */
typedef guint (*EbPdfRenumberFunc) (guint     num,
                                    guint    *gen,
                                    gpointer  user_data);

void         eb_pdf_object_write           (const EbPdfObject  *object,
                                            GString            *out,
                                            EbPdfRenumberFunc   renumber,
                                            gpointer            user_data);

EbPdfWriter *eb_pdf_writer_new             (EbPdfDocument      *doc);
void         eb_pdf_writer_free            (EbPdfWriter        *writer);
guint        eb_pdf_writer_new_object_number (EbPdfWriter      *writer);
void         eb_pdf_writer_begin_object    (EbPdfWriter        *writer,
                                            guint               num,
                                            guint               gen);
void         eb_pdf_writer_end_object      (EbPdfWriter        *writer);
void         eb_pdf_writer_append          (EbPdfWriter        *writer,
                                            const char         *syntax);
void         eb_pdf_writer_append_value    (EbPdfWriter        *writer,
                                            const EbPdfObject  *value,
                                            EbPdfRenumberFunc   renumber,
                                            gpointer            user_data);
gsize        eb_pdf_writer_reserve         (EbPdfWriter        *writer,
                                            gsize               len,
                                            char                fill);
gsize        eb_pdf_writer_tell            (EbPdfWriter        *writer);
void         eb_pdf_writer_write_object    (EbPdfWriter        *writer,
                                            guint               num,
                                            guint               gen,
                                            const EbPdfObject  *object,
                                            EbPdfRenumberFunc   renumber,
                                            gpointer            user_data);
GByteArray  *eb_pdf_writer_finish          (EbPdfWriter        *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPdfWriter, eb_pdf_writer_free)

G_END_DECLS
