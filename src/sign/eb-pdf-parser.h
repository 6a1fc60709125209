/* eb-pdf-parser.h — a small, strict PDF reader for signing and verifying
 *
 * Reads what cairo and common producers write with classic cross-reference
 * tables: objects, xref sections and trailers along their /Prev chain, the
 * page tree. Everything else (encryption, cross-reference streams, object
 * streams) is refused with EB_PDF_ERROR_UNSUPPORTED. It runs on the portal
 * over uploaded files: every read is bounds-checked and nesting, sizes and
 * the total work are limited.
 *
 * Objects of a document are parsed once and owned by it; objects made with
 * eb_pdf_object_new_*() belong to the caller (eb_pdf_object_free()).
 * Writing objects and updates is eb-pdf-writer's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EB_PDF_ERROR (eb_pdf_error_quark ())

typedef enum
{
  EB_PDF_ERROR_NOT_PDF,      /* no %PDF- header */
  EB_PDF_ERROR_TRUNCATED,    /* ends before its end-of-file marker or an object */
  EB_PDF_ERROR_MALFORMED,    /* breaks the PDF syntax or this reader's limits */
  EB_PDF_ERROR_UNSUPPORTED,  /* encrypted, cross-reference streams, object streams */
} EbPdfError;

/* Finer than the code, for src/ui's sentences: every EB_PDF_ERROR carries
 * one (eb_pdf_error_get_detail()); its message is English and technical. */
typedef enum
{
  EB_PDF_PROBLEM_NOT_PDF,
  EB_PDF_PROBLEM_TRUNCATED,
  EB_PDF_PROBLEM_DAMAGED,         /* number: the byte offset; what: where, in English */
  EB_PDF_PROBLEM_TOO_COMPLEX,     /* past the limits on nesting, objects or work */
  EB_PDF_PROBLEM_XREF_STREAMS,
  EB_PDF_PROBLEM_OBJECT_STREAMS,
  EB_PDF_PROBLEM_MISSING_OBJECT,  /* number: the object */
  EB_PDF_PROBLEM_ENCRYPTED,
  EB_PDF_PROBLEM_NO_PAGE,         /* number: the page, counted from 1 */
} EbPdfProblem;

typedef struct
{
  EbPdfProblem  problem;
  guint64       number;
  const char   *what;   /* static; DAMAGED only */
} EbPdfErrorDetail;

typedef enum
{
  EB_PDF_NULL,
  EB_PDF_BOOL,
  EB_PDF_INT,
  EB_PDF_REAL,
  EB_PDF_STRING,
  EB_PDF_NAME,
  EB_PDF_ARRAY,
  EB_PDF_DICT,
  EB_PDF_STREAM,
  EB_PDF_REF,
} EbPdfType;

typedef struct _EbPdfObject EbPdfObject;

struct _EbPdfObject
{
  EbPdfType  type;
  gboolean   hex;        /* STRING: was written <...> */
  gint64     integer;    /* BOOL, INT; REF: the object number */
  guint      generation; /* REF */
  double     real;
  char      *name;       /* NAME, decoded (#xx) */
  GBytes    *data;       /* STRING: decoded bytes; STREAM: the raw (still filtered) data */
  GPtrArray *items;      /* ARRAY: values; DICT, STREAM: key (NAME), value, key, value… */
  gsize      start;      /* where a parsed object was in the file: [start, end) */
  gsize      end;
};

typedef struct _EbPdfDocument EbPdfDocument;

GQuark             eb_pdf_error_quark          (void);
const EbPdfErrorDetail *eb_pdf_error_get_detail (const GError       *error);

EbPdfObject       *eb_pdf_object_new           (EbPdfType           type);
EbPdfObject       *eb_pdf_object_new_int       (gint64              value);
EbPdfObject       *eb_pdf_object_new_real      (double              value);
EbPdfObject       *eb_pdf_object_new_name      (const char         *name);
EbPdfObject       *eb_pdf_object_new_string    (const void         *data,
                                                gsize               len,
                                                gboolean            hex);
EbPdfObject       *eb_pdf_object_new_text      (const char         *utf8);
EbPdfObject       *eb_pdf_object_new_ref       (guint               num,
                                                guint               gen);
EbPdfObject       *eb_pdf_object_new_stream    (EbPdfObject        *dict,
                                                GBytes             *data);
EbPdfObject       *eb_pdf_object_copy          (const EbPdfObject  *object);
void               eb_pdf_object_free          (EbPdfObject        *object);
gboolean           eb_pdf_object_is_name       (const EbPdfObject  *object,
                                                const char         *name);

const EbPdfObject *eb_pdf_dict_get             (const EbPdfObject  *dict,
                                                const char         *key);
void               eb_pdf_dict_take            (EbPdfObject        *dict,
                                                const char         *key,
                                                EbPdfObject        *value);
void               eb_pdf_dict_remove          (EbPdfObject        *dict,
                                                const char         *key);
guint              eb_pdf_array_get_length     (const EbPdfObject  *array);
const EbPdfObject *eb_pdf_array_get            (const EbPdfObject  *array,
                                                guint               index);
void               eb_pdf_array_take           (EbPdfObject        *array,
                                                EbPdfObject        *value);

EbPdfObject       *eb_pdf_parse_object         (const guint8       *data,
                                                gsize               len,
                                                GError            **error);

EbPdfDocument     *eb_pdf_document_new         (GBytes             *bytes,
                                                GError            **error);
void               eb_pdf_document_free        (EbPdfDocument      *doc);
GBytes            *eb_pdf_document_get_bytes   (EbPdfDocument      *doc);
const EbPdfObject *eb_pdf_document_get_trailer (EbPdfDocument      *doc);
guint              eb_pdf_document_get_size    (EbPdfDocument      *doc);
gsize              eb_pdf_document_get_startxref (EbPdfDocument    *doc);
guint              eb_pdf_document_get_n_revisions (EbPdfDocument  *doc);
gsize              eb_pdf_document_get_revision_end (EbPdfDocument *doc,
                                                guint               index);
GArray            *eb_pdf_document_get_newest_objects (EbPdfDocument *doc);
const EbPdfObject *eb_pdf_document_get_object  (EbPdfDocument      *doc,
                                                guint               num,
                                                GError            **error);
const EbPdfObject *eb_pdf_document_resolve     (EbPdfDocument      *doc,
                                                const EbPdfObject  *object,
                                                GError            **error);
const EbPdfObject *eb_pdf_document_get_catalog (EbPdfDocument      *doc,
                                                guint              *num,
                                                guint              *gen,
                                                GError            **error);
const EbPdfObject *eb_pdf_document_get_page    (EbPdfDocument      *doc,
                                                guint               index,
                                                guint              *num,
                                                guint              *gen,
                                                GError            **error);
guint              eb_pdf_document_get_object_generation (EbPdfDocument *doc,
                                                guint               num);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPdfObject, eb_pdf_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPdfDocument, eb_pdf_document_free)

G_END_DECLS
