/* eb-pdf-writer.c — an incremental update of a PDF read by eb-pdf-parser
 *
 * Objects in PDF syntax, and the update around them: each object written
 * gets a row in the new cross-reference section (rows of consecutive
 * numbers share a subsection), and the trailer repeats /Root and /Info,
 * points /Prev at the previous section and keeps the document's first /ID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/rand.h>

#include "eb-pdf-writer.h"

static gboolean
is_delim (guint8 c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '/' || c == '%';
}

/* Objects */

static void
write_name (GString    *out,
            const char *name)
{
  g_string_append_c (out, '/');
  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    {
      if (*p < 0x21 || *p > 0x7e || *p == '#' || is_delim (*p))
        g_string_append_printf (out, "#%02X", *p);
      else
        g_string_append_c (out, *p);
    }
}

static void
write_string (GString *out,
              GBytes  *data,
              gboolean hex)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (data, &n);

  if (hex)
    {
      g_string_append_c (out, '<');
      for (gsize i = 0; i < n; i++)
        g_string_append_printf (out, "%02X", p[i]);
      g_string_append_c (out, '>');
      return;
    }

  g_string_append_c (out, '(');
  for (gsize i = 0; i < n; i++)
    {
      if (p[i] == '(' || p[i] == ')' || p[i] == '\\')
        g_string_append_printf (out, "\\%c", p[i]);
      else if (p[i] < 0x20 || p[i] > 0x7e)
        g_string_append_printf (out, "\\%03o", p[i]);
      else
        g_string_append_c (out, p[i]);
    }
  g_string_append_c (out, ')');
}

/**
 * eb_pdf_object_write:
 * @renumber: (nullable): maps references, for objects copied from another file
 *
 * Appends @object in PDF syntax. Streams get a /Length of their data.
 */
void
eb_pdf_object_write (const EbPdfObject *object,
                     GString           *out,
                     EbPdfRenumberFunc  renumber,
                     gpointer           user_data)
{
  switch (object->type)
    {
    case EB_PDF_NULL:
      g_string_append (out, "null");
      break;
    case EB_PDF_BOOL:
      g_string_append (out, object->integer ? "true" : "false");
      break;
    case EB_PDF_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, object->integer);
      break;
    case EB_PDF_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        gsize n;

        g_ascii_formatd (buf, sizeof buf, "%.4f", object->real);
        /* PDF has no exponents; trim the zeros. */
        n = strlen (buf);
        while (n > 1 && buf[n - 1] == '0')
          buf[--n] = '\0';
        if (n > 1 && buf[n - 1] == '.')
          buf[--n] = '\0';
        g_string_append (out, buf);
      }
      break;
    case EB_PDF_STRING:
      write_string (out, object->data, object->hex);
      break;
    case EB_PDF_NAME:
      write_name (out, object->name);
      break;
    case EB_PDF_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < object->items->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          eb_pdf_object_write (g_ptr_array_index (object->items, i), out, renumber, user_data);
        }
      g_string_append_c (out, ']');
      break;
    case EB_PDF_DICT:
    case EB_PDF_STREAM:
      g_string_append (out, "<<");
      for (guint i = 0; i + 1 < object->items->len; i += 2)
        {
          const EbPdfObject *key = g_ptr_array_index (object->items, i);

          if (object->type == EB_PDF_STREAM && eb_pdf_object_is_name (key, "Length"))
            continue;
          write_name (out, key->name);
          g_string_append_c (out, ' ');
          eb_pdf_object_write (g_ptr_array_index (object->items, i + 1), out, renumber, user_data);
        }
      if (object->type == EB_PDF_STREAM)
        {
          gsize n;
          gconstpointer data = g_bytes_get_data (object->data, &n);

          g_string_append_printf (out, "/Length %" G_GSIZE_FORMAT ">>\nstream\n", n);
          g_string_append_len (out, data, n);
          g_string_append (out, "\nendstream");
        }
      else
        g_string_append (out, ">>");
      break;
    case EB_PDF_REF:
      {
        guint gen = object->generation;
        guint num = renumber != NULL ? renumber (object->integer, &gen, user_data)
                                     : (guint) object->integer;

        g_string_append_printf (out, "%u %u R", num, gen);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The update */

typedef struct
{
  guint num;
  guint gen;
  gsize offset;
} XrefRow;

struct _EbPdfWriter
{
  EbPdfDocument *doc;     /* borrowed: must outlive the writer */
  GBytes        *base;    /* the original file */
  gsize          base_len;
  GString       *out;     /* the update */
  GArray        *rows;    /* XrefRow, one per object written */
  guint          next;    /* the next free object number */
};

/**
 * eb_pdf_writer_new:
 * @doc: the document to update; it must outlive the writer
 *
 * Returns: (transfer full): a writer for an update appended to @doc's bytes
 */
EbPdfWriter *
eb_pdf_writer_new (EbPdfDocument *doc)
{
  EbPdfWriter *self;
  const guint8 *base;

  g_return_val_if_fail (doc != NULL, NULL);

  self = g_new0 (EbPdfWriter, 1);
  self->doc = doc;
  self->base = g_bytes_ref (eb_pdf_document_get_bytes (doc));
  base = g_bytes_get_data (self->base, &self->base_len);
  self->out = g_string_sized_new (64 * 1024);
  self->rows = g_array_new (FALSE, FALSE, sizeof (XrefRow));
  self->next = eb_pdf_document_get_size (doc);
  /* The update starts on a line of its own. */
  if (self->base_len > 0 && base[self->base_len - 1] != '\n' && base[self->base_len - 1] != '\r')
    g_string_append_c (self->out, '\n');
  return self;
}

void
eb_pdf_writer_free (EbPdfWriter *self)
{
  if (self == NULL)
    return;
  g_bytes_unref (self->base);
  g_string_free (self->out, TRUE);
  g_array_unref (self->rows);
  g_free (self);
}

/* A number no object of the document has yet (its trailer's /Size onwards). */
guint
eb_pdf_writer_new_object_number (EbPdfWriter *self)
{
  return self->next++;
}

/* Where the next byte goes in the finished file. */
gsize
eb_pdf_writer_tell (EbPdfWriter *self)
{
  return self->base_len + self->out->len;
}

void
eb_pdf_writer_begin_object (EbPdfWriter *self,
                            guint        num,
                            guint        gen)
{
  XrefRow row = { num, gen, eb_pdf_writer_tell (self) };

  g_array_append_val (self->rows, row);
  g_string_append_printf (self->out, "%u %u obj\n", num, gen);
}

void
eb_pdf_writer_end_object (EbPdfWriter *self)
{
  g_string_append (self->out, "\nendobj\n");
}

/* PDF syntax as it is, inside an object begun by hand. */
void
eb_pdf_writer_append (EbPdfWriter *self,
                      const char  *syntax)
{
  g_string_append (self->out, syntax);
}

void
eb_pdf_writer_append_value (EbPdfWriter       *self,
                            const EbPdfObject *value,
                            EbPdfRenumberFunc  renumber,
                            gpointer           user_data)
{
  eb_pdf_object_write (value, self->out, renumber, user_data);
}

/**
 * eb_pdf_writer_reserve:
 *
 * Appends @len bytes of @fill, to be overwritten in the finished file.
 *
 * Returns: their offset in the finished file
 */
gsize
eb_pdf_writer_reserve (EbPdfWriter *self,
                       gsize        len,
                       char         fill)
{
  gsize at = eb_pdf_writer_tell (self);

  for (gsize i = 0; i < len; i++)
    g_string_append_c (self->out, fill);
  return at;
}

/* A whole indirect object: "num gen obj … endobj". */
void
eb_pdf_writer_write_object (EbPdfWriter       *self,
                            guint              num,
                            guint              gen,
                            const EbPdfObject *object,
                            EbPdfRenumberFunc  renumber,
                            gpointer           user_data)
{
  eb_pdf_writer_begin_object (self, num, gen);
  eb_pdf_object_write (object, self->out, renumber, user_data);
  eb_pdf_writer_end_object (self);
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
write_xref (EbPdfWriter *self)
{
  g_array_sort (self->rows, compare_rows);
  g_string_append (self->out, "xref\n");
  for (guint i = 0; i < self->rows->len;)
    {
      guint j = i;

      while (j + 1 < self->rows->len &&
             g_array_index (self->rows, XrefRow, j + 1).num == g_array_index (self->rows, XrefRow, j).num + 1)
        j++;
      g_string_append_printf (self->out, "%u %u\n", g_array_index (self->rows, XrefRow, i).num, j - i + 1);
      for (; i <= j; i++)
        {
          XrefRow *row = &g_array_index (self->rows, XrefRow, i);

          /* 20 bytes each, as the format wants. */
          g_string_append_printf (self->out, "%010" G_GSIZE_FORMAT " %05u n\r\n",
                                  row->offset, row->gen);
        }
    }
}

static void
write_trailer (EbPdfWriter *self)
{
  const EbPdfObject *trailer = eb_pdf_document_get_trailer (self->doc);
  const EbPdfObject *id = eb_pdf_dict_get (trailer, "ID");
  const EbPdfObject *info = eb_pdf_dict_get (trailer, "Info");
  const EbPdfObject *root = eb_pdf_dict_get (trailer, "Root");
  g_autoptr(EbPdfObject) new_trailer = eb_pdf_object_new (EB_PDF_DICT);
  g_autoptr(EbPdfObject) new_id = eb_pdf_object_new (EB_PDF_ARRAY);
  guint8 random_id[16];

  eb_pdf_dict_take (new_trailer, "Size", eb_pdf_object_new_int (self->next));
  eb_pdf_dict_take (new_trailer, "Root", eb_pdf_object_copy (root));
  if (info != NULL && info->type == EB_PDF_REF)
    eb_pdf_dict_take (new_trailer, "Info", eb_pdf_object_copy (info));
  eb_pdf_dict_take (new_trailer, "Prev",
                    eb_pdf_object_new_int (eb_pdf_document_get_startxref (self->doc)));
  /* The first /ID names the document and stays; the second is this version's. */
  RAND_bytes (random_id, sizeof random_id);
  if (eb_pdf_array_get_length (id) == 2 && eb_pdf_array_get (id, 0)->type == EB_PDF_STRING)
    eb_pdf_array_take (new_id, eb_pdf_object_copy (eb_pdf_array_get (id, 0)));
  else
    eb_pdf_array_take (new_id, eb_pdf_object_new_string (random_id, sizeof random_id, TRUE));
  eb_pdf_array_take (new_id, eb_pdf_object_new_string (random_id, sizeof random_id, TRUE));
  eb_pdf_dict_take (new_trailer, "ID", g_steal_pointer (&new_id));

  g_string_append (self->out, "trailer\n");
  eb_pdf_object_write (new_trailer, self->out, NULL, NULL);
}

/**
 * eb_pdf_writer_finish:
 *
 * Ends the update with its cross-reference section and trailer. The
 * writer is spent afterwards.
 *
 * Returns: (transfer full): the original bytes followed by the update
 */
GByteArray *
eb_pdf_writer_finish (EbPdfWriter *self)
{
  gsize xref_offset = eb_pdf_writer_tell (self);
  GByteArray *result;

  write_xref (self);
  write_trailer (self);
  g_string_append_printf (self->out, "\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref_offset);

  result = g_byte_array_sized_new (self->base_len + self->out->len);
  g_byte_array_append (result, g_bytes_get_data (self->base, NULL), self->base_len);
  g_byte_array_append (result, (const guint8 *) self->out->str, self->out->len);
  return result;
}
