/* eb-pdf-parser.c — a small, strict PDF reader for signing and verifying
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>


#include "eb-pdf-parser.h"

/* Limits: generous for real forms, small enough that a hostile upload
 * cannot make the portal recurse deeply, allocate much or spin. */
#define MAX_DEPTH        32        /* nested arrays and dictionaries */
#define MAX_NODES        262144    /* objects parsed per document */
#define MAX_OBJECT_NUM   8388607   /* PDF's own implementation limit */
#define MAX_SECTIONS     64        /* xref sections along /Prev */
#define MAX_KEYWORD      32
#define MAX_REF_NESTING  4         /* get_object() inside get_object() (/Length) */
#define TAIL_WINDOW      1024      /* where %%EOF and startxref are looked for */

typedef struct
{
  EbPdfErrorDetail detail;
} EbPdfErrorPrivate;

static void
eb_pdf_error_private_init (EbPdfErrorPrivate *priv)
{
}

static void
eb_pdf_error_private_copy (const EbPdfErrorPrivate *src,
                           EbPdfErrorPrivate       *dest)
{
  dest->detail = src->detail;
}

static void
eb_pdf_error_private_clear (EbPdfErrorPrivate *priv)
{
}

/* An extended error: the problem rides along with the code, for src/ui. */
G_DEFINE_EXTENDED_ERROR (EbPdfError, eb_pdf_error)

typedef struct
{
  gsize    offset;
  guint    gen;
  gboolean in_use;
} XrefEntry;

struct _EbPdfDocument
{
  GBytes       *bytes;
  const guint8 *buf;
  gsize         len;
  EbPdfObject  *trailer;       /* the newest */
  gsize         startxref;
  GHashTable   *entries;       /* object number → XrefEntry */
  GHashTable   *objects;       /* object number → EbPdfObject (parsed once) */
  GHashTable   *loading;       /* object numbers being parsed: reference loops */
  GArray       *newest;        /* object numbers of the newest xref section */
  GArray       *revision_ends; /* oldest first */
  guint64       work;          /* bytes scanned and nodes made: see budget_* */
  guint64       work_limit;
  guint         nodes;
  guint         nesting;
};

/* Lexer */

typedef enum
{
  TOK_EOF,
  TOK_INT,
  TOK_REAL,
  TOK_STRING,
  TOK_HEX,
  TOK_NAME,
  TOK_ARRAY_OPEN,
  TOK_ARRAY_CLOSE,
  TOK_DICT_OPEN,
  TOK_DICT_CLOSE,
  TOK_KEYWORD,
} TokType;

typedef struct
{
  TokType type;
  gsize   start;  /* the token's bytes: [start, end) */
  gsize   end;
  gint64  integer;
  double  real;
} Token;

typedef struct
{
  const guint8  *buf;
  gsize          len;
  gsize          pos;
  EbPdfDocument *doc;     /* for budgets and indirect /Length; may be a scratch one */
} Lexer;

static gboolean
is_space (guint8 c)
{
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static gboolean
is_delim (guint8 c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '/' || c == '%';
}

static gboolean
is_regular (guint8 c)
{
  return !is_space (c) && !is_delim (c);
}

/* @what is a static English word or two. */
static void G_GNUC_PRINTF (6, 7)
set_pdf_error (GError       **error,
               EbPdfError     code,
               EbPdfProblem   problem,
               guint64        number,
               const char    *what,
               const char    *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, EB_PDF_ERROR, code, message);
  if (*error != NULL && (*error)->domain == EB_PDF_ERROR)
    eb_pdf_error_get_private (*error)->detail = (EbPdfErrorDetail) { problem, number, what };
}

static void
set_malformed (GError    **error,
               gsize       offset,
               const char *what)
{
  set_pdf_error (error, EB_PDF_ERROR_MALFORMED, EB_PDF_PROBLEM_DAMAGED, offset, what,
                 "Damaged PDF: %s at byte %" G_GSIZE_FORMAT, what, offset);
}

static void
set_truncated (GError **error)
{
  set_pdf_error (error, EB_PDF_ERROR_TRUNCATED, EB_PDF_PROBLEM_TRUNCATED, 0, NULL,
                 "The PDF ends before its end-of-file marker or an object");
}

static void
set_too_complex (GError **error)
{
  set_pdf_error (error, EB_PDF_ERROR_MALFORMED, EB_PDF_PROBLEM_TOO_COMPLEX, 0, NULL,
                 "The PDF exceeds the reader's limits on work or objects");
}

static gboolean
budget_take (EbPdfDocument  *doc,
             guint64         amount,
             GError        **error)
{
  doc->work += amount;
  if (doc->work > doc->work_limit)
    {
      set_too_complex (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
budget_node (EbPdfDocument  *doc,
             GError        **error)
{
  if (++doc->nodes > MAX_NODES)
    {
      set_too_complex (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
skip_space (Lexer   *lx,
            GError **error)
{
  gsize from = lx->pos;

  while (lx->pos < lx->len)
    {
      guint8 c = lx->buf[lx->pos];

      if (is_space (c))
        lx->pos++;
      else if (c == '%')
        {
          while (lx->pos < lx->len && lx->buf[lx->pos] != '\n' && lx->buf[lx->pos] != '\r')
            lx->pos++;
        }
      else
        break;
    }
  return budget_take (lx->doc, lx->pos - from, error);
}

static gboolean
parse_number (const guint8 *p,
              gsize         n,
              Token        *tok)
{
  gsize i = 0;
  gboolean neg = FALSE;
  gboolean dot = FALSE;
  gboolean digits = FALSE;
  guint64 value = 0;
  char text[64];

  if (n >= sizeof text)
    return FALSE;
  if (p[0] == '+' || p[0] == '-')
    {
      neg = p[0] == '-';
      i++;
    }
  for (; i < n; i++)
    {
      if (p[i] == '.' && !dot)
        dot = TRUE;
      else if (g_ascii_isdigit (p[i]))
        {
          digits = TRUE;
          if (!dot)
            {
              value = value * 10 + (p[i] - '0');
              if (value > G_MAXINT64 / 10)
                return FALSE;
            }
        }
      else
        return FALSE;
    }
  if (!digits)
    return FALSE;

  if (dot)
    {
      memcpy (text, p, n);
      text[n] = '\0';
      tok->type = TOK_REAL;
      tok->real = g_ascii_strtod (text, NULL);
    }
  else
    {
      tok->type = TOK_INT;
      tok->integer = neg ? -(gint64) value : (gint64) value;
    }
  return TRUE;
}

static gboolean
next_token (Lexer   *lx,
            Token   *tok,
            GError **error)
{
  guint8 c;

  if (!skip_space (lx, error))
    return FALSE;

  memset (tok, 0, sizeof *tok);
  tok->start = lx->pos;
  if (lx->pos >= lx->len)
    {
      tok->type = TOK_EOF;
      tok->end = lx->pos;
      return TRUE;
    }

  c = lx->buf[lx->pos];
  switch (c)
    {
    case '[':
      tok->type = TOK_ARRAY_OPEN;
      lx->pos++;
      break;
    case ']':
      tok->type = TOK_ARRAY_CLOSE;
      lx->pos++;
      break;
    case '<':
      if (lx->pos + 1 < lx->len && lx->buf[lx->pos + 1] == '<')
        {
          tok->type = TOK_DICT_OPEN;
          lx->pos += 2;
          break;
        }
      tok->type = TOK_HEX;
      for (lx->pos++; lx->pos < lx->len && lx->buf[lx->pos] != '>'; lx->pos++)
        if (!g_ascii_isxdigit (lx->buf[lx->pos]) && !is_space (lx->buf[lx->pos]))
          {
            set_malformed (error, lx->pos, "hex string");
            return FALSE;
          }
      if (lx->pos >= lx->len)
        {
          set_truncated (error);
          return FALSE;
        }
      lx->pos++;
      break;
    case '>':
      if (lx->pos + 1 < lx->len && lx->buf[lx->pos + 1] == '>')
        {
          tok->type = TOK_DICT_CLOSE;
          lx->pos += 2;
          break;
        }
      set_malformed (error, lx->pos, "'>'");
      return FALSE;
    case '(':
      {
        guint depth = 1;

        tok->type = TOK_STRING;
        for (lx->pos++; lx->pos < lx->len && depth > 0; lx->pos++)
          {
            c = lx->buf[lx->pos];
            if (c == '\\')
              lx->pos++;
            else if (c == '(')
              depth++;
            else if (c == ')')
              depth--;
          }
        if (depth > 0 || lx->pos > lx->len)
          {
            set_truncated (error);
            return FALSE;
          }
      }
      break;
    case '/':
      tok->type = TOK_NAME;
      for (lx->pos++; lx->pos < lx->len && is_regular (lx->buf[lx->pos]); lx->pos++)
        ;
      break;
    case ')':
    case '{':
    case '}':
      set_malformed (error, lx->pos, "unexpected delimiter");
      return FALSE;
    default:
      while (lx->pos < lx->len && is_regular (lx->buf[lx->pos]))
        lx->pos++;
      if (g_ascii_isdigit (c) || c == '+' || c == '-' || c == '.')
        {
          if (!parse_number (lx->buf + tok->start, lx->pos - tok->start, tok))
            {
              set_malformed (error, tok->start, "number");
              return FALSE;
            }
        }
      else
        {
          if (lx->pos - tok->start > MAX_KEYWORD)
            {
              set_malformed (error, tok->start, "keyword");
              return FALSE;
            }
          tok->type = TOK_KEYWORD;
        }
      break;
    }

  tok->end = lx->pos;
  return budget_take (lx->doc, tok->end - tok->start, error);
}

static gboolean
tok_is_keyword (const Lexer *lx,
                const Token *tok,
                const char  *word)
{
  gsize n = strlen (word);

  return tok->type == TOK_KEYWORD && tok->end - tok->start == n &&
         memcmp (lx->buf + tok->start, word, n) == 0;
}

/* Objects */

EbPdfObject *
eb_pdf_object_new (EbPdfType type)
{
  EbPdfObject *object = g_new0 (EbPdfObject, 1);

  object->type = type;
  if (type == EB_PDF_ARRAY || type == EB_PDF_DICT || type == EB_PDF_STREAM)
    object->items = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_pdf_object_free);
  return object;
}

EbPdfObject *
eb_pdf_object_new_int (gint64 value)
{
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_INT);

  object->integer = value;
  return object;
}

EbPdfObject *
eb_pdf_object_new_real (double value)
{
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_REAL);

  object->real = value;
  return object;
}

EbPdfObject *
eb_pdf_object_new_name (const char *name)
{
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_NAME);

  object->name = g_strdup (name);
  return object;
}

EbPdfObject *
eb_pdf_object_new_string (const void *data,
                          gsize       len,
                          gboolean    hex)
{
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_STRING);

  object->data = g_bytes_new (data, len);
  object->hex = hex;
  return object;
}

/* A PDF text string: PDFDocEncoding's ASCII part as is, anything else as
 * UTF-16BE with a byte order mark. */
EbPdfObject *
eb_pdf_object_new_text (const char *utf8)
{
  g_autofree gunichar2 *utf16 = NULL;
  g_autoptr(GByteArray) be = NULL;
  glong n = 0;
  gboolean ascii = TRUE;

  for (const char *p = utf8; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      ascii = FALSE;
  if (ascii)
    return eb_pdf_object_new_string (utf8, strlen (utf8), FALSE);

  utf16 = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  be = g_byte_array_sized_new (2 + 2 * n);
  g_byte_array_append (be, (const guint8 *) "\xfe\xff", 2);
  for (glong i = 0; utf16 != NULL && i < n; i++)
    {
      guint8 pair[2] = { utf16[i] >> 8, utf16[i] & 0xff };

      g_byte_array_append (be, pair, 2);
    }
  return eb_pdf_object_new_string (be->data, be->len, TRUE);
}

EbPdfObject *
eb_pdf_object_new_ref (guint num,
                       guint gen)
{
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_REF);

  object->integer = num;
  object->generation = gen;
  return object;
}

/* Takes @dict; its /Length is written from @data. */
EbPdfObject *
eb_pdf_object_new_stream (EbPdfObject *dict,
                          GBytes      *data)
{
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_STREAM);

  g_return_val_if_fail (dict != NULL && dict->type == EB_PDF_DICT, NULL);

  g_ptr_array_extend_and_steal (object->items, g_steal_pointer (&dict->items));
  eb_pdf_object_free (dict);
  object->data = g_bytes_ref (data);
  return object;
}

void
eb_pdf_object_free (EbPdfObject *object)
{
  if (object == NULL)
    return;
  g_free (object->name);
  g_clear_pointer (&object->data, g_bytes_unref);
  g_clear_pointer (&object->items, g_ptr_array_unref);
  g_free (object);
}

EbPdfObject *
eb_pdf_object_copy (const EbPdfObject *object)
{
  EbPdfObject *copy;

  g_return_val_if_fail (object != NULL, NULL);

  copy = g_memdup2 (object, sizeof *object);
  copy->name = g_strdup (object->name);
  if (object->data != NULL)
    g_bytes_ref (copy->data);
  if (object->items != NULL)
    {
      copy->items = g_ptr_array_new_full (object->items->len,
                                          (GDestroyNotify) eb_pdf_object_free);
      for (guint i = 0; i < object->items->len; i++)
        g_ptr_array_add (copy->items, eb_pdf_object_copy (g_ptr_array_index (object->items, i)));
    }
  return copy;
}

gboolean
eb_pdf_object_is_name (const EbPdfObject *object,
                       const char        *name)
{
  return object != NULL && object->type == EB_PDF_NAME && g_strcmp0 (object->name, name) == 0;
}

static gboolean
is_dict (const EbPdfObject *object)
{
  return object != NULL && (object->type == EB_PDF_DICT || object->type == EB_PDF_STREAM);
}

const EbPdfObject *
eb_pdf_dict_get (const EbPdfObject *dict,
                 const char        *key)
{
  if (!is_dict (dict))
    return NULL;
  for (guint i = 0; i + 1 < dict->items->len; i += 2)
    if (eb_pdf_object_is_name (g_ptr_array_index (dict->items, i), key))
      return g_ptr_array_index (dict->items, i + 1);
  return NULL;
}

void
eb_pdf_dict_remove (EbPdfObject *dict,
                    const char  *key)
{
  g_return_if_fail (is_dict (dict));

  for (guint i = 0; i + 1 < dict->items->len; i += 2)
    if (eb_pdf_object_is_name (g_ptr_array_index (dict->items, i), key))
      {
        g_ptr_array_remove_range (dict->items, i, 2);
        return;
      }
}

void
eb_pdf_dict_take (EbPdfObject *dict,
                  const char  *key,
                  EbPdfObject *value)
{
  g_return_if_fail (is_dict (dict));

  eb_pdf_dict_remove (dict, key);
  g_ptr_array_add (dict->items, eb_pdf_object_new_name (key));
  g_ptr_array_add (dict->items, value);
}

guint
eb_pdf_array_get_length (const EbPdfObject *array)
{
  return array != NULL && array->type == EB_PDF_ARRAY ? array->items->len : 0;
}

const EbPdfObject *
eb_pdf_array_get (const EbPdfObject *array,
                  guint              index)
{
  if (index >= eb_pdf_array_get_length (array))
    return NULL;
  return g_ptr_array_index (array->items, index);
}

void
eb_pdf_array_take (EbPdfObject *array,
                   EbPdfObject *value)
{
  g_return_if_fail (array != NULL && array->type == EB_PDF_ARRAY);

  g_ptr_array_add (array->items, value);
}

/* Parsing objects */

static gint
hex_value (guint8 c)
{
  return g_ascii_xdigit_value (c);
}

static EbPdfObject *
make_string (const Lexer *lx,
             const Token *tok)
{
  const guint8 *p = lx->buf + tok->start + 1;
  const guint8 *end = lx->buf + tok->end - 1;  /* the closing delimiter */
  GByteArray *out = g_byte_array_sized_new (end - p);
  EbPdfObject *object = eb_pdf_object_new (EB_PDF_STRING);

  if (tok->type == TOK_HEX)
    {
      gint hi = -1;

      object->hex = TRUE;
      for (; p < end; p++)
        {
          gint v = hex_value (*p);

          if (v < 0)
            continue;
          if (hi < 0)
            hi = v;
          else
            {
              guint8 b = (hi << 4) | v;

              g_byte_array_append (out, &b, 1);
              hi = -1;
            }
        }
      if (hi >= 0)
        {
          guint8 b = hi << 4;

          g_byte_array_append (out, &b, 1);
        }
    }
  else
    {
      while (p < end)
        {
          guint8 c = *p++;

          if (c == '\\' && p < end)
            {
              c = *p++;
              switch (c)
                {
                case 'n': c = '\n'; break;
                case 'r': c = '\r'; break;
                case 't': c = '\t'; break;
                case 'b': c = '\b'; break;
                case 'f': c = '\f'; break;
                case '\r':
                  if (p < end && *p == '\n')
                    p++;
                  continue;
                case '\n':
                  continue;
                default:
                  if (c >= '0' && c <= '7')
                    {
                      guint v = c - '0';

                      for (int k = 0; k < 2 && p < end && *p >= '0' && *p <= '7'; k++)
                        v = v * 8 + (*p++ - '0');
                      c = v & 0xff;
                    }
                  break;
                }
            }
          else if (c == '\r')
            {
              /* An end of line in a string is read as \n. */
              if (p < end && *p == '\n')
                p++;
              c = '\n';
            }
          g_byte_array_append (out, &c, 1);
        }
    }

  object->data = g_byte_array_free_to_bytes (out);
  return object;
}

static EbPdfObject *
make_name (const Lexer  *lx,
           const Token  *tok,
           GError      **error)
{
  GString *name = g_string_sized_new (tok->end - tok->start);
  EbPdfObject *object;

  for (gsize i = tok->start + 1; i < tok->end; i++)
    {
      guint8 c = lx->buf[i];

      if (c == '#' && i + 2 < tok->end &&
          hex_value (lx->buf[i + 1]) >= 0 && hex_value (lx->buf[i + 2]) >= 0)
        {
          c = (hex_value (lx->buf[i + 1]) << 4) | hex_value (lx->buf[i + 2]);
          i += 2;
        }
      if (c == 0)
        {
          g_string_free (name, TRUE);
          set_malformed (error, tok->start, "name");
          return NULL;
        }
      g_string_append_c (name, c);
    }

  object = eb_pdf_object_new (EB_PDF_NAME);
  object->name = g_string_free (name, FALSE);
  return object;
}

static EbPdfObject *parse_value (Lexer        *lx,
                                 const Token  *first,
                                 guint         depth,
                                 GError      **error);

static EbPdfObject *
parse_container (Lexer        *lx,
                 const Token  *first,
                 guint         depth,
                 GError      **error)
{
  gboolean dict = first->type == TOK_DICT_OPEN;
  g_autoptr(EbPdfObject) object = eb_pdf_object_new (dict ? EB_PDF_DICT : EB_PDF_ARRAY);
  g_autoptr(GHashTable) keys = NULL;

  if (depth >= MAX_DEPTH)
    {
      set_malformed (error, first->start, "nesting too deep");
      return NULL;
    }

  for (;;)
    {
      Token tok;
      EbPdfObject *value;

      if (!next_token (lx, &tok, error))
        return NULL;
      if (tok.type == TOK_EOF)
        {
          set_truncated (error);
          return NULL;
        }
      if (tok.type == (dict ? TOK_DICT_CLOSE : TOK_ARRAY_CLOSE))
        {
          object->start = first->start;
          object->end = tok.end;
          return g_steal_pointer (&object);
        }

      if (dict)
        {
          EbPdfObject *key;

          if (tok.type != TOK_NAME)
            {
              set_malformed (error, tok.start, "dictionary key");
              return NULL;
            }
          key = make_name (lx, &tok, error);
          if (key == NULL)
            return NULL;
          /* Duplicate keys would let a signer and a verifier read different
           * values: refuse them. */
          if (keys == NULL)
            keys = g_hash_table_new (g_str_hash, g_str_equal);
          if (!g_hash_table_add (keys, key->name))
            {
              eb_pdf_object_free (key);
              set_malformed (error, tok.start, "duplicate dictionary key");
              return NULL;
            }
          g_ptr_array_add (object->items, key);
          if (!next_token (lx, &tok, error))
            return NULL;
        }

      value = parse_value (lx, &tok, depth + 1, error);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (object->items, value);
    }
}

static EbPdfObject *
parse_value (Lexer        *lx,
             const Token  *tok,
             guint         depth,
             GError      **error)
{
  EbPdfObject *object = NULL;

  if (!budget_node (lx->doc, error))
    return NULL;

  switch (tok->type)
    {
    case TOK_EOF:
      set_truncated (error);
      return NULL;
    case TOK_INT:
      {
        /* "num gen R" is a reference: look two tokens ahead. */
        gsize saved = lx->pos;
        Token gen, r;

        if (tok->integer >= 0 && tok->integer <= MAX_OBJECT_NUM &&
            next_token (lx, &gen, NULL) && gen.type == TOK_INT &&
            gen.integer >= 0 && gen.integer <= 65535 &&
            next_token (lx, &r, NULL) && tok_is_keyword (lx, &r, "R"))
          {
            object = eb_pdf_object_new_ref (tok->integer, gen.integer);
            object->start = tok->start;
            object->end = r.end;
            return object;
          }
        lx->pos = saved;
        object = eb_pdf_object_new_int (tok->integer);
      }
      break;
    case TOK_REAL:
      object = eb_pdf_object_new_real (tok->real);
      break;
    case TOK_STRING:
    case TOK_HEX:
      object = make_string (lx, tok);
      break;
    case TOK_NAME:
      object = make_name (lx, tok, error);
      if (object == NULL)
        return NULL;
      break;
    case TOK_ARRAY_OPEN:
    case TOK_DICT_OPEN:
      return parse_container (lx, tok, depth, error);
    case TOK_KEYWORD:
      if (tok_is_keyword (lx, tok, "true") || tok_is_keyword (lx, tok, "false"))
        {
          object = eb_pdf_object_new (EB_PDF_BOOL);
          object->integer = tok_is_keyword (lx, tok, "true");
        }
      else if (tok_is_keyword (lx, tok, "null"))
        object = eb_pdf_object_new (EB_PDF_NULL);
      else
        {
          set_malformed (error, tok->start, "unexpected keyword");
          return NULL;
        }
      break;
    default:
      set_malformed (error, tok->start, "unexpected token");
      return NULL;
    }

  object->start = tok->start;
  object->end = tok->end;
  return object;
}

static EbPdfDocument *
scratch_document (const guint8 *data,
                  gsize         len)
{
  EbPdfDocument *doc = g_new0 (EbPdfDocument, 1);

  doc->buf = data;
  doc->len = len;
  doc->work_limit = 16 * (guint64) len + 1024 * 1024;
  return doc;
}

/**
 * eb_pdf_parse_object:
 *
 * Parses one direct object (no stream) from the start of @data.
 *
 * Returns: (transfer full): the object, or %NULL with @error set
 */
EbPdfObject *
eb_pdf_parse_object (const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  g_autoptr(EbPdfDocument) doc = scratch_document (data, len);
  Lexer lx = { data, len, 0, doc };
  Token tok;

  if (!next_token (&lx, &tok, error))
    return NULL;
  return parse_value (&lx, &tok, 0, error);
}

/* Documents */

static const guint8 *
find_last (const guint8 *buf,
           gsize         from,
           gsize         to,
           const char   *needle)
{
  gsize n = strlen (needle);

  if (to < from + n)
    return NULL;
  for (gsize i = to - n + 1; i-- > from;)
    if (memcmp (buf + i, needle, n) == 0)
      return buf + i;
  return NULL;
}

static const EbPdfObject *get_object (EbPdfDocument *doc,
                                      guint          num,
                                      GError       **error);

/* The stream data after "stream": by /Length when it fits, else up to the
 * next "endstream" (producers do get /Length wrong). */
static gboolean
read_stream (EbPdfDocument  *doc,
             Lexer          *lx,
             EbPdfObject    *object,
             GError        **error)
{
  const EbPdfObject *length = eb_pdf_dict_get (object, "Length");
  gsize start = lx->pos;
  gsize data_end = 0;
  gboolean found = FALSE;
  gint64 n = -1;

  if (start < lx->len && lx->buf[start] == '\r')
    start++;
  if (start < lx->len && lx->buf[start] == '\n')
    start++;

  if (length != NULL && length->type == EB_PDF_REF)
    {
      g_autoptr(GError) local_error = NULL;

      length = get_object (doc, length->integer, &local_error);
      if (local_error != NULL &&
          (g_error_matches (local_error, EB_PDF_ERROR, EB_PDF_ERROR_UNSUPPORTED) ||
           doc->work > doc->work_limit))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (length != NULL && length->type == EB_PDF_INT)
    n = length->integer;

  if (n >= 0 && (guint64) n <= lx->len - start)
    {
      gsize p = start + n;

      while (p < lx->len && is_space (lx->buf[p]))
        p++;
      if (lx->len - p >= 9 && memcmp (lx->buf + p, "endstream", 9) == 0)
        {
          data_end = start + n;
          lx->pos = p + 9;
          found = TRUE;
        }
    }

  if (!found)
    {
      const guint8 *e = memmem (lx->buf + start, lx->len - start, "endstream", 9);

      if (e == NULL)
        {
          set_truncated (error);
          return FALSE;
        }
      data_end = e - lx->buf;
      if (!budget_take (doc, data_end - start, error))
        return FALSE;
      lx->pos = data_end + 9;
      if (data_end > start && lx->buf[data_end - 1] == '\n')
        data_end--;
      if (data_end > start && lx->buf[data_end - 1] == '\r')
        data_end--;
    }

  object->type = EB_PDF_STREAM;
  object->data = g_bytes_new_from_bytes (doc->bytes, start, data_end - start);
  return TRUE;
}

static EbPdfObject *
parse_indirect (EbPdfDocument  *doc,
                guint           num,
                gsize           offset,
                GError        **error)
{
  Lexer lx = { doc->buf, doc->len, offset, doc };
  g_autoptr(EbPdfObject) object = NULL;
  Token tok, gen, obj;

  if (offset >= doc->len)
    {
      set_truncated (error);
      return NULL;
    }
  if (!next_token (&lx, &tok, error) || !next_token (&lx, &gen, error) ||
      !next_token (&lx, &obj, error))
    return NULL;
  if (tok.type != TOK_INT || tok.integer != num || gen.type != TOK_INT ||
      !tok_is_keyword (&lx, &obj, "obj"))
    {
      set_malformed (error, offset, "object header");
      return NULL;
    }

  if (!next_token (&lx, &tok, error))
    return NULL;
  object = parse_value (&lx, &tok, 0, error);
  if (object == NULL)
    return NULL;

  if (!next_token (&lx, &tok, error))
    return NULL;
  if (object->type == EB_PDF_DICT && tok_is_keyword (&lx, &tok, "stream"))
    {
      if (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Type"), "XRef"))
        {
          set_pdf_error (error, EB_PDF_ERROR_UNSUPPORTED, EB_PDF_PROBLEM_XREF_STREAMS, num, NULL,
                         "Object %u is a cross-reference stream", num);
          return NULL;
        }
      if (eb_pdf_object_is_name (eb_pdf_dict_get (object, "Type"), "ObjStm"))
        {
          set_pdf_error (error, EB_PDF_ERROR_UNSUPPORTED, EB_PDF_PROBLEM_OBJECT_STREAMS, num, NULL,
                         "Object %u is an object stream", num);
          return NULL;
        }
      if (!read_stream (doc, &lx, object, error))
        return NULL;
      if (!next_token (&lx, &tok, error))
        return NULL;
    }
  if (!tok_is_keyword (&lx, &tok, "endobj"))
    {
      set_malformed (error, tok.start, "missing endobj");
      return NULL;
    }

  return g_steal_pointer (&object);
}

static const EbPdfObject *
get_object (EbPdfDocument  *doc,
            guint           num,
            GError        **error)
{
  gpointer key = GUINT_TO_POINTER (num);
  EbPdfObject *object;
  XrefEntry *entry;

  object = g_hash_table_lookup (doc->objects, key);
  if (object != NULL)
    return object;

  entry = g_hash_table_lookup (doc->entries, key);
  if (entry == NULL || !entry->in_use)
    {
      set_pdf_error (error, EB_PDF_ERROR_MALFORMED, EB_PDF_PROBLEM_MISSING_OBJECT, num, NULL,
                     "Object %u is not in the cross-reference table", num);
      return NULL;
    }
  if (g_hash_table_contains (doc->loading, key) || doc->nesting >= MAX_REF_NESTING)
    {
      set_malformed (error, entry->offset, "reference loop");
      return NULL;
    }

  g_hash_table_add (doc->loading, key);
  doc->nesting++;
  object = parse_indirect (doc, num, entry->offset, error);
  doc->nesting--;
  g_hash_table_remove (doc->loading, key);
  if (object == NULL)
    return NULL;

  g_hash_table_insert (doc->objects, key, object);
  return object;
}

const EbPdfObject *
eb_pdf_document_get_object (EbPdfDocument  *doc,
                            guint           num,
                            GError        **error)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return get_object (doc, num, error);
}

guint
eb_pdf_document_get_object_generation (EbPdfDocument *doc,
                                       guint          num)
{
  XrefEntry *entry = g_hash_table_lookup (doc->entries, GUINT_TO_POINTER (num));

  return entry != NULL ? entry->gen : 0;
}

/* Follows references (a few levels) to a direct object. */
const EbPdfObject *
eb_pdf_document_resolve (EbPdfDocument      *doc,
                         const EbPdfObject  *object,
                         GError            **error)
{
  for (int i = 0; object != NULL && object->type == EB_PDF_REF; i++)
    {
      if (i >= MAX_REF_NESTING)
        {
          set_malformed (error, object->start, "reference chain");
          return NULL;
        }
      object = get_object (doc, object->integer, error);
    }
  if (object == NULL && error != NULL && *error == NULL)
    set_malformed (error, 0, "missing object");
  return object;
}

static gboolean
parse_xref_section (EbPdfDocument  *doc,
                    gsize           offset,
                    gboolean        newest,
                    EbPdfObject   **trailer_out,
                    gsize          *end_out,
                    GError        **error)
{
  Lexer lx = { doc->buf, doc->len, offset, doc };
  Token tok;

  if (offset >= doc->len)
    {
      set_truncated (error);
      return FALSE;
    }
  if (!next_token (&lx, &tok, error))
    return FALSE;
  if (!tok_is_keyword (&lx, &tok, "xref"))
    {
      /* An object here: a cross-reference stream says so itself. */
      g_autoptr(EbPdfObject) object = NULL;
      GError *local_error = NULL;

      if (tok.type == TOK_INT && tok.integer >= 0 && tok.integer <= MAX_OBJECT_NUM)
        object = parse_indirect (doc, tok.integer, offset, &local_error);
      if (local_error != NULL && local_error->code == EB_PDF_ERROR_UNSUPPORTED)
        g_propagate_error (error, local_error);
      else
        {
          g_clear_error (&local_error);
          set_malformed (error, offset, "cross-reference table");
        }
      return FALSE;
    }

  for (;;)
    {
      Token first, count;

      if (!next_token (&lx, &first, error))
        return FALSE;
      if (tok_is_keyword (&lx, &first, "trailer"))
        break;
      if (!next_token (&lx, &count, error))
        return FALSE;
      if (first.type != TOK_INT || count.type != TOK_INT || first.integer < 0 ||
          count.integer < 0 || first.integer + count.integer > MAX_OBJECT_NUM + 1)
        {
          if (first.type == TOK_EOF || count.type == TOK_EOF)
            set_truncated (error);
          else
            set_malformed (error, first.start, "cross-reference subsection");
          return FALSE;
        }

      for (gint64 i = 0; i < count.integer; i++)
        {
          Token off, gen, kind;
          guint num = first.integer + i;
          gpointer key = GUINT_TO_POINTER (num);

          if (!next_token (&lx, &off, error) || !next_token (&lx, &gen, error) ||
              !next_token (&lx, &kind, error))
            return FALSE;
          if (kind.type == TOK_EOF)
            {
              set_truncated (error);
              return FALSE;
            }
          if (off.type != TOK_INT || gen.type != TOK_INT || off.integer < 0 ||
              gen.integer < 0 || gen.integer > 65535 ||
              (!tok_is_keyword (&lx, &kind, "n") && !tok_is_keyword (&lx, &kind, "f")))
            {
              set_malformed (error, off.start, "cross-reference entry");
              return FALSE;
            }

          if (newest && tok_is_keyword (&lx, &kind, "n"))
            g_array_append_val (doc->newest, num);
          /* Sections are read newest first: the first entry for a number wins. */
          if (!g_hash_table_contains (doc->entries, key))
            {
              XrefEntry *entry = g_new0 (XrefEntry, 1);

              entry->offset = off.integer;
              entry->gen = gen.integer;
              entry->in_use = tok_is_keyword (&lx, &kind, "n");
              g_hash_table_insert (doc->entries, key, entry);
            }
        }
    }

  if (!next_token (&lx, &tok, error))
    return FALSE;
  if (tok.type != TOK_DICT_OPEN)
    {
      if (tok.type == TOK_EOF)
        set_truncated (error);
      else
        set_malformed (error, tok.start, "trailer");
      return FALSE;
    }
  *trailer_out = parse_value (&lx, &tok, 0, error);
  *end_out = lx.pos;
  return *trailer_out != NULL;
}

/* Just after the %%EOF line that ends the revision whose trailer ends at @from. */
static gboolean
find_revision_end (EbPdfDocument  *doc,
                   gsize           from,
                   gsize          *end,
                   GError        **error)
{
  gsize window = MIN (doc->len - from, (gsize) TAIL_WINDOW);
  const guint8 *eof = memmem (doc->buf + from, window, "%%EOF", 5);
  gsize p;

  if (eof == NULL)
    {
      if (from + window >= doc->len)
        set_truncated (error);
      else
        set_malformed (error, from, "missing %%EOF");
      return FALSE;
    }
  p = eof - doc->buf + 5;
  if (p < doc->len && doc->buf[p] == '\r')
    p++;
  if (p < doc->len && doc->buf[p] == '\n')
    p++;
  *end = p;
  return TRUE;
}

/**
 * eb_pdf_document_new:
 * @bytes: a whole PDF file
 *
 * Reads the file's cross-reference sections and trailers. Objects are read
 * when asked for.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
EbPdfDocument *
eb_pdf_document_new (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(EbPdfDocument) doc = NULL;
  g_autoptr(GHashTable) visited = g_hash_table_new (g_direct_hash, g_direct_equal);
  const guint8 *eof, *sx;
  gsize tail_from, offset;
  Lexer lx;
  Token tok;

  g_return_val_if_fail (bytes != NULL, NULL);

  doc = scratch_document (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  doc->bytes = g_bytes_ref (bytes);
  doc->entries = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  doc->objects = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify) eb_pdf_object_free);
  doc->loading = g_hash_table_new (g_direct_hash, g_direct_equal);
  doc->newest = g_array_new (FALSE, FALSE, sizeof (guint));
  doc->revision_ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (doc->len < 5 || doc->buf == NULL ||
      memmem (doc->buf, MIN (doc->len, (gsize) TAIL_WINDOW), "%PDF-", 5) == NULL)
    {
      set_pdf_error (error, EB_PDF_ERROR_NOT_PDF, EB_PDF_PROBLEM_NOT_PDF, 0, NULL,
                     "No %%PDF- header");
      return NULL;
    }

  tail_from = doc->len > TAIL_WINDOW ? doc->len - TAIL_WINDOW : 0;
  eof = find_last (doc->buf, tail_from, doc->len, "%%EOF");
  sx = eof != NULL ? find_last (doc->buf, tail_from, eof - doc->buf, "startxref") : NULL;
  if (sx == NULL)
    {
      set_truncated (error);
      return NULL;
    }
  lx = (Lexer) { doc->buf, eof - doc->buf, sx - doc->buf + 9, doc };
  if (!next_token (&lx, &tok, error))
    return NULL;
  if (tok.type != TOK_INT || tok.integer < 0)
    {
      set_malformed (error, tok.start, "startxref");
      return NULL;
    }
  if ((guint64) tok.integer >= doc->len)
    {
      set_truncated (error);
      return NULL;
    }
  doc->startxref = offset = tok.integer;

  for (guint section = 0;; section++)
    {
      g_autoptr(EbPdfObject) trailer = NULL;
      const EbPdfObject *prev;
      gsize end, rev_end;

      if (section >= MAX_SECTIONS || !g_hash_table_add (visited, GSIZE_TO_POINTER (offset)))
        {
          set_malformed (error, offset, "cross-reference chain");
          return NULL;
        }
      if (!parse_xref_section (doc, offset, section == 0, &trailer, &end, error))
        return NULL;
      if (trailer->type != EB_PDF_DICT)
        {
          set_malformed (error, end, "trailer");
          return NULL;
        }
      if (eb_pdf_dict_get (trailer, "Encrypt") != NULL)
        {
          set_pdf_error (error, EB_PDF_ERROR_UNSUPPORTED, EB_PDF_PROBLEM_ENCRYPTED, 0, NULL,
                         "The trailer has /Encrypt");
          return NULL;
        }
      if (!find_revision_end (doc, end, &rev_end, error))
        return NULL;
      g_array_prepend_val (doc->revision_ends, rev_end);

      prev = eb_pdf_dict_get (trailer, "Prev");
      if (section == 0)
        doc->trailer = g_steal_pointer (&trailer);
      if (prev == NULL)
        break;
      if (prev->type != EB_PDF_INT || prev->integer < 0 || (guint64) prev->integer >= doc->len)
        {
          set_malformed (error, end, "/Prev");
          return NULL;
        }
      offset = prev->integer;
    }

  {
    const EbPdfObject *size = eb_pdf_dict_get (doc->trailer, "Size");
    const EbPdfObject *root = eb_pdf_dict_get (doc->trailer, "Root");

    if (size == NULL || size->type != EB_PDF_INT || size->integer < 1 ||
        size->integer > MAX_OBJECT_NUM + 1 || root == NULL || root->type != EB_PDF_REF)
      {
        set_malformed (error, doc->startxref, "trailer /Size or /Root");
        return NULL;
      }
  }

  return g_steal_pointer (&doc);
}

void
eb_pdf_document_free (EbPdfDocument *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->bytes, g_bytes_unref);
  g_clear_pointer (&doc->trailer, eb_pdf_object_free);
  g_clear_pointer (&doc->entries, g_hash_table_unref);
  g_clear_pointer (&doc->objects, g_hash_table_unref);
  g_clear_pointer (&doc->loading, g_hash_table_unref);
  g_clear_pointer (&doc->newest, g_array_unref);
  g_clear_pointer (&doc->revision_ends, g_array_unref);
  g_free (doc);
}

GBytes *
eb_pdf_document_get_bytes (EbPdfDocument *doc)
{
  return doc->bytes;
}

const EbPdfObject *
eb_pdf_document_get_trailer (EbPdfDocument *doc)
{
  return doc->trailer;
}

guint
eb_pdf_document_get_size (EbPdfDocument *doc)
{
  return eb_pdf_dict_get (doc->trailer, "Size")->integer;
}

gsize
eb_pdf_document_get_startxref (EbPdfDocument *doc)
{
  return doc->startxref;
}

guint
eb_pdf_document_get_n_revisions (EbPdfDocument *doc)
{
  return doc->revision_ends->len;
}

/* Just after the %%EOF line of revision @index (0 is the oldest). */
gsize
eb_pdf_document_get_revision_end (EbPdfDocument *doc,
                                  guint          index)
{
  g_return_val_if_fail (index < doc->revision_ends->len, 0);

  return g_array_index (doc->revision_ends, gsize, index);
}

/**
 * eb_pdf_document_get_newest_objects:
 *
 * Returns: (transfer container): the numbers (guint) of the objects in use
 *   that the newest cross-reference section lists
 */
GArray *
eb_pdf_document_get_newest_objects (EbPdfDocument *doc)
{
  return g_array_ref (doc->newest);
}

const EbPdfObject *
eb_pdf_document_get_catalog (EbPdfDocument  *doc,
                             guint          *num,
                             guint          *gen,
                             GError        **error)
{
  const EbPdfObject *root = eb_pdf_dict_get (doc->trailer, "Root");
  const EbPdfObject *catalog = eb_pdf_document_resolve (doc, root, error);

  if (catalog == NULL)
    return NULL;
  if (catalog->type != EB_PDF_DICT)
    {
      set_malformed (error, catalog->start, "catalog");
      return NULL;
    }
  if (num != NULL)
    *num = root->integer;
  if (gen != NULL)
    *gen = root->generation;
  return catalog;
}

/**
 * eb_pdf_document_get_page:
 * @index: 0 for the first page
 *
 * Finds a page by walking the page tree with the /Count of its nodes.
 *
 * Returns: (transfer none): the page dictionary, with its object number
 *   and generation, or %NULL with @error set
 */
const EbPdfObject *
eb_pdf_document_get_page (EbPdfDocument  *doc,
                          guint           index,
                          guint          *num,
                          guint          *gen,
                          GError        **error)
{
  const EbPdfObject *catalog = eb_pdf_document_get_catalog (doc, NULL, NULL, error);
  const EbPdfObject *ref;
  guint left = index;

  if (catalog == NULL)
    return NULL;
  ref = eb_pdf_dict_get (catalog, "Pages");

  for (guint depth = 0; depth < MAX_DEPTH; depth++)
    {
      const EbPdfObject *node, *kids;
      gboolean descended = FALSE;

      if (ref == NULL || ref->type != EB_PDF_REF)
        break;
      node = eb_pdf_document_resolve (doc, ref, error);
      if (node == NULL)
        return NULL;
      if (node->type != EB_PDF_DICT)
        break;

      if (eb_pdf_object_is_name (eb_pdf_dict_get (node, "Type"), "Page"))
        {
          if (left != 0)
            break;
          if (num != NULL)
            *num = ref->integer;
          if (gen != NULL)
            *gen = ref->generation;
          return node;
        }

      kids = eb_pdf_dict_get (node, "Kids");
      for (guint i = 0; i < eb_pdf_array_get_length (kids) && !descended; i++)
        {
          const EbPdfObject *kid_ref = eb_pdf_array_get (kids, i);
          const EbPdfObject *kid = eb_pdf_document_resolve (doc, kid_ref, error);
          const EbPdfObject *count;

          if (kid == NULL)
            return NULL;
          count = eb_pdf_dict_get (kid, "Count");
          if (eb_pdf_object_is_name (eb_pdf_dict_get (kid, "Type"), "Page"))
            {
              if (left == 0)
                {
                  ref = kid_ref;
                  descended = TRUE;
                }
              else
                left--;
            }
          else if (count != NULL && count->type == EB_PDF_INT && count->integer >= 0)
            {
              if ((guint64) left < (guint64) count->integer)
                {
                  ref = kid_ref;
                  descended = TRUE;
                }
              else
                left -= count->integer;
            }
          else
            {
              set_malformed (error, kid->start, "page tree");
              return NULL;
            }
        }
      if (!descended)
        break;
    }

  set_pdf_error (error, EB_PDF_ERROR_MALFORMED, EB_PDF_PROBLEM_NO_PAGE, (guint64) index + 1, NULL,
                 "The page tree has no page %u", index + 1);
  return NULL;
}

/**
 * eb_pdf_error_get_detail:
 * @error: an %EB_PDF_ERROR
 *
 * Returns: (nullable): what exactly was wrong, for a sentence a person
 *   reads; %NULL for another domain
 */
const EbPdfErrorDetail *
eb_pdf_error_get_detail (const GError *error)
{
  if (error == NULL || error->domain != EB_PDF_ERROR)
    return NULL;
  return &eb_pdf_error_get_private (error)->detail;
}
