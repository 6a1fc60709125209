/* test-portal-units.c — the portal's parts on their own: random numbers and
 * hashes, the registry CSV, captcha pictures, the shared SQLite helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "eb-file-util.h"
#include "eb-portal-captcha.h"
#include "eb-portal-crypto.h"
#include "eb-portal-db.h"
#include "eb-portal-registry.h"
#include "eb-sqlite.h"
#include "eb-validation.h"

/* Random numbers and hashes */

static void
test_random_digits (void)
{
  guint counts[6][10] = { { 0, }, };

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *code = eb_portal_random_digits (6);

      g_assert_cmpuint (strlen (code), ==, 6);
      for (guint k = 0; k < 6; k++)
        {
          g_assert_true (g_ascii_isdigit (code[k]));
          counts[k][code[k] - '0']++;
        }
    }

  /* 500 expected per cell; a biased or stuck generator is far off. */
  for (guint k = 0; k < 6; k++)
    for (guint d = 0; d < 10; d++)
      {
        g_assert_cmpuint (counts[k][d], >, 350);
        g_assert_cmpuint (counts[k][d], <, 650);
      }
}

static void
test_random_string (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *answer = eb_portal_captcha_new_answer ();

      g_assert_cmpuint (strlen (answer), ==, EB_CAPTCHA_LENGTH);
      g_assert_cmpuint (strspn (answer, EB_CAPTCHA_ALPHABET), ==, EB_CAPTCHA_LENGTH);
      g_hash_table_add (seen, answer);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >, 990);
}

static void
test_tokens (void)
{
  g_autofree char *token = eb_portal_random_hex (EB_TOKEN_BYTES);
  g_autofree char *other = eb_portal_random_hex (EB_TOKEN_BYTES);
  g_autofree char *abc = eb_portal_sha256_hex ("abc");

  g_assert_true (eb_portal_is_token (token));
  g_assert_cmpstr (token, !=, other);
  g_assert_false (eb_portal_is_token ("0123456789ABCDEF0123456789abcdef"));
  g_assert_false (eb_portal_is_token ("0123456789abcdef0123456789abcde"));
  g_assert_false (eb_portal_is_token ("0123456789abcdef0123456789abcdefa"));
  g_assert_false (eb_portal_is_token ("0123456789abcdef0123456789abcdeg"));
  g_assert_false (eb_portal_is_token (NULL));
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_hmac (void)
{
  g_autoptr(GBytes) key = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autoptr(GBytes) other_key = g_bytes_new_static ("fedcba9876543210fedcba9876543210", 32);
  guint8 a[EB_SHA256_LENGTH], b[EB_SHA256_LENGTH], c[EB_SHA256_LENGTH], d[EB_SHA256_LENGTH];

  eb_portal_hmac_sha256 (key, "sms:1", "123456", a);
  eb_portal_hmac_sha256 (key, "sms:1", "123456", b);
  eb_portal_hmac_sha256 (key, "sms:2", "123456", c);
  eb_portal_hmac_sha256 (other_key, "sms:1", "123456", d);

  g_assert_true (eb_portal_mac_equal (a, b, sizeof a));
  /* Bound to its use and to the server's key. */
  g_assert_false (eb_portal_mac_equal (a, c, sizeof a));
  g_assert_false (eb_portal_mac_equal (a, d, sizeof a));
}

static void
test_scrypt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = eb_portal_hash_secret ("Kırmızı Elma", &error);
  g_autofree char *second = eb_portal_hash_secret ("Kırmızı Elma", &error);

  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^\\$scrypt\\$ln=15,r=8,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$",
                                       first, 0, 0));
  /* Salted: the same word hashes differently every time. */
  g_assert_cmpstr (first, !=, second);
  g_assert_true (eb_portal_verify_secret ("Kırmızı Elma", first));
  g_assert_true (eb_portal_verify_secret ("Kırmızı Elma", second));
  g_assert_false (eb_portal_verify_secret ("kırmızı elma", first));
  g_assert_false (eb_portal_verify_secret ("Kırmızı Elma", "$scrypt$ln=15,r=8,p=1$AAAA$BBBB"));
  g_assert_false (eb_portal_verify_secret ("Kırmızı Elma", "Kırmızı Elma"));
}

/* Registry CSV */

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return eb_portal_registry_parse (bytes, error);
}

#define HEADER EB_PORTAL_REGISTRY_HEADER

static void
test_registry_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = parse ("\xef\xbb\xbf" HEADER "\r\n"
                                       "10000000146, Mehmet Ali ,Yıldız,Bulanık,24.11.1980,"
                                       "\"BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ, \"\"MERKEZ\"\"\",evet\r\n"
                                       "\r\n"
                                       "23456789138,Ayşe Gül,Çelik,Muş,1975-03-08,MUŞ İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ,HAYIR\r\n",
                                       &error);
  EbRegistryPerson *mehmet, *ayse;
  g_autoptr(EbRegistryPerson) normalized = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 2);
  mehmet = g_ptr_array_index (people, 0);
  ayse = g_ptr_array_index (people, 1);
  g_assert_cmpstr (mehmet->tckn, ==, "10000000146");
  g_assert_cmpstr (mehmet->first_name, ==, "Mehmet Ali");
  g_assert_cmpstr (mehmet->birth_date, ==, "1980-11-24");
  g_assert_cmpstr (mehmet->institution_name, ==, "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ, \"MERKEZ\"");
  g_assert_true (mehmet->assignment_recorded);
  g_assert_false (ayse->assignment_recorded);

  normalized = eb_registry_person_dup_normalized (ayse);
  g_assert_cmpstr (normalized->first_name, ==, "AYŞE GÜL");
  g_assert_cmpstr (normalized->last_name, ==, "ÇELİK");
  g_assert_cmpstr (normalized->birth_place, ==, "MUŞ");
}

static void
test_registry_refused (void)
{
  static const struct
  {
    const char *csv;
    int code;
    const char *message_part;
  } cases[] = {
    { "", EB_PORTAL_REGISTRY_ERROR_EMPTY, "empty" },
    { HEADER "\n", EB_PORTAL_REGISTRY_ERROR_EMPTY, "no rows" },
    { "tckn,ad,soyad\n", EB_PORTAL_REGISTRY_ERROR_HEADER, "line 1" },
    { HEADER "\n10000000146,Mehmet,Yıldız,Bulanık,1980-11-24,X,1\n10000000147,Ali,Kaya,Muş,1980-01-01,X,1\n",
      EB_PORTAL_REGISTRY_ERROR_INVALID, "line 3: tckn" },
    { HEADER "\n10000000146,Mehmet,Yıldız,Bulanık,1980-11-24,X,1\n\n10000000146,Ali,Kaya,Muş,1980-01-01,X,1\n",
      EB_PORTAL_REGISTRY_ERROR_INVALID, "line 4: tckn: 10000000146 is already on line 2" },
    { HEADER "\n10000000146,Mehmet,Yıldız,Bulanık,31.02.1980,X,1\n",
      EB_PORTAL_REGISTRY_ERROR_INVALID, "line 2: birth_date" },
    { HEADER "\n10000000146,Mehmet,Yıldız,Bulanık,1980-11-24,X,belki\n",
      EB_PORTAL_REGISTRY_ERROR_INVALID, "line 2: assignment_recorded" },
    { HEADER "\n10000000146,Mehmet,Yıldız,Bulanık,1980-11-24,X\n",
      EB_PORTAL_REGISTRY_ERROR_INVALID, "line 2: 6 fields" },
    { HEADER "\n10000000146,Meh3met,Yıldız,Bulanık,1980-11-24,X,1\n",
      EB_PORTAL_REGISTRY_ERROR_INVALID, "line 2: first_name" },
    { HEADER "\n10000000146,Mehmet,Yıldız,Bulanık,1980-11-24,\"X,1\n",
      EB_PORTAL_REGISTRY_ERROR_SYNTAX, "line 2" },
    { HEADER "\n10000000146,Mehmet,Yıl\"dız,Bulanık,1980-11-24,X,1\n",
      EB_PORTAL_REGISTRY_ERROR_SYNTAX, "line 2" },
    { HEADER "\n10000000146,Mehmet,Y\xfflmaz,Bulanık,1980-11-24,X,1\n",
      EB_PORTAL_REGISTRY_ERROR_ENCODING, "line 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) people = parse (cases[i].csv, &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (people);
      g_assert_error (error, EB_PORTAL_REGISTRY_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

static void
test_registry_many_bad_rows (void)
{
  g_autoptr(GString) csv = g_string_new (HEADER "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = NULL;

  for (guint i = 0; i < 15; i++)
    g_string_append (csv, "12345678901,A,B,C,1980-01-01,X,1\n");
  people = parse (csv->str, &error);
  g_assert_null (people);
  g_assert_nonnull (strstr (error->message, "line 2:"));
  g_assert_nonnull (strstr (error->message, "line 11:"));
  g_assert_null (strstr (error->message, "line 12:"));
  g_assert_nonnull (strstr (error->message, "and 5 more"));
}

/* Captcha */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static void
test_captcha_render (void)
{
  /* Every character at least once, in several pictures. */
  static const char *const answers[] = { "abcde", "fhkmn", "prstu", "vwxyz", "23456", "78a2b" };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = eb_portal_captcha_render (answers[i], &error);
      g_autoptr(GBytes) again = eb_portal_captcha_render (answers[i], &error);
      PngReader reader = { NULL, };
      cairo_surface_t *surface;
      unsigned char *pixels;
      int stride;
      guint dark = 0;

      g_assert_no_error (error);
      g_assert_false (g_bytes_equal (png, again));

      reader.data = g_bytes_get_data (png, &reader.length);
      surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, EB_CAPTCHA_WIDTH);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, EB_CAPTCHA_HEIGHT);

      /* Ink on a light background: some of it, not all of it. */
      cairo_surface_flush (surface);
      pixels = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (int y = 0; y < EB_CAPTCHA_HEIGHT; y++)
        for (int x = 0; x < EB_CAPTCHA_WIDTH; x++)
          {
            guint32 pixel = *(guint32 *) (pixels + y * stride + x * 4);

            dark += ((pixel >> 16) & 0xff) + ((pixel >> 8) & 0xff) + (pixel & 0xff) < 3 * 128;
          }
      g_assert_cmpuint (dark, >, EB_CAPTCHA_WIDTH * EB_CAPTCHA_HEIGHT / 20);
      g_assert_cmpuint (dark, <, EB_CAPTCHA_WIDTH * EB_CAPTCHA_HEIGHT / 2);
      cairo_surface_destroy (surface);
    }
}

static void
test_captcha_fold (void)
{
  g_autofree char *upper = eb_portal_captcha_fold_answer ("  AB3DE ");
  g_autofree char *none = eb_portal_captcha_fold_answer (NULL);

  g_assert_cmpstr (upper, ==, "ab3de");
  g_assert_cmpstr (none, ==, "");
}

/* The shared SQLite helper, and the portal's database on it */

typedef struct
{
  char *dir;
  char *path;
} DbFixture;

static void
db_setup (DbFixture     *f,
          gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("eb-test-portal-db-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
db_teardown (DbFixture     *f,
             gconstpointer  data)
{
  g_assert_true (eb_remove_tree (f->dir, NULL));
  g_free (f->dir);
  g_free (f->path);
}

#define MY_ERROR (my_error_quark ())
static G_DEFINE_QUARK (my-error-quark, my_error)

static const char *const two_steps[] = {
  "CREATE TABLE a (x INTEGER);",
  "CREATE TABLE b (y TEXT UNIQUE); INSERT INTO a VALUES (1);",
};

static const int my_codes[EB_SQLITE_N_ERRORS] = {
  [EB_SQLITE_ERROR_FAILED] = 100,
  [EB_SQLITE_ERROR_IO] = 101,
  [EB_SQLITE_ERROR_READ_ONLY] = 102,
  [EB_SQLITE_ERROR_FULL] = 103,
  [EB_SQLITE_ERROR_BUSY] = 104,
  [EB_SQLITE_ERROR_CORRUPT] = 105,
  [EB_SQLITE_ERROR_SCHEMA_TOO_NEW] = 106,
  [EB_SQLITE_ERROR_EXISTS] = 107,
};

static void
test_sqlite_migrations (DbFixture     *f,
                        gconstpointer  data)
{
  const EbSqliteSchema one = { two_steps, 1, NULL, NULL };
  const EbSqliteSchema two = { two_steps, 2, my_error_quark, my_codes };
  const EbSqliteSchema plain = { two_steps, 1, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EbSqlite *db;
  GStatBuf buf;

  db = eb_sqlite_open (f->path, &one, &error);
  g_assert_no_error (error);
  g_assert_cmpint (eb_sqlite_get_version (db), ==, 1);
  g_assert_true (eb_sqlite_close (db, &error));

  /* Private file, WAL, and the next step applied on the next open. */
  g_assert_cmpint (g_stat (f->path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  db = eb_sqlite_open (f->path, &two, &error);
  g_assert_no_error (error);
  g_assert_cmpint (eb_sqlite_get_version (db), ==, 2);
  stmt = eb_sqlite_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_true (eb_sqlite_step (db, stmt, NULL, "journal", &error));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = eb_sqlite_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_true (eb_sqlite_step (db, stmt, NULL, "fk", &error));
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Errors come in the caller's domain with the caller's codes. */
  g_assert_true (eb_sqlite_exec (db, "INSERT INTO b VALUES ('x')", "insert", &error));
  g_assert_false (eb_sqlite_exec (db, "INSERT INTO b VALUES ('x')", "insert", &error));
  g_assert_error (error, MY_ERROR, 107);
  g_clear_error (&error);
  g_assert_null (eb_sqlite_prepare (db, "SELECT nonsense FROM nowhere", &error));
  g_assert_error (error, MY_ERROR, 100);
  g_clear_error (&error);

  /* A transaction rolls back as a whole. */
  g_assert_true (eb_sqlite_begin (db, &error));
  g_assert_true (eb_sqlite_exec (db, "INSERT INTO a VALUES (2)", "insert", &error));
  eb_sqlite_rollback (db);
  stmt = eb_sqlite_prepare (db, "SELECT count(*) FROM a", &error);
  g_assert_true (eb_sqlite_step (db, stmt, NULL, "count", &error));
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);
  eb_sqlite_free (db);

  /* A program that knows fewer steps leaves a newer file alone. */
  g_assert_null (eb_sqlite_open (f->path, &plain, &error));
  g_assert_error (error, EB_SQLITE_ERROR, EB_SQLITE_ERROR_SCHEMA_TOO_NEW);
}

static void
test_sqlite_corrupt (DbFixture     *f,
                     gconstpointer  data)
{
  const EbSqliteSchema schema = { two_steps, 2, my_error_quark, my_codes };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_file_set_contents (f->path, "This is not an SQLite database, but it is long enough to look like one "
                                "to a quick glance of a program that reads the first hundred bytes.",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_null (eb_sqlite_open (f->path, &schema, &error));
  g_assert_error (error, MY_ERROR, 105);

  /* Left as found. */
  g_file_get_contents (f->path, &contents, NULL, NULL);
  g_assert_true (g_str_has_prefix (contents, "This is not"));
}

static void
test_sqlite_unwritable (DbFixture     *f,
                        gconstpointer  data)
{
  const EbSqliteSchema schema = { two_steps, 2, my_error_quark, my_codes };
  g_autofree char *path = g_build_filename (f->dir, "missing", "dir", "x.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (eb_sqlite_open (path, &schema, &error));
  g_assert_error (error, MY_ERROR, 101);
}

static void
test_db_states (void)
{
  for (EbPortalState s = EB_PORTAL_STATE_STARTED; s <= EB_PORTAL_STATE_SHIPPED; s++)
    {
      EbPortalState back;

      g_assert_true (eb_portal_state_from_string (eb_portal_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_cmpstr (eb_portal_state_to_string (EB_PORTAL_STATE_METHOD_CHOSEN), ==, "method_chosen");
}

static void
test_db_server_key (DbFixture     *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPortalDb) first = eb_portal_db_open (f->path, &error);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(EbPortalDb) second = NULL;

  g_assert_no_error (error);
  key = g_bytes_ref (eb_portal_db_get_server_key (first));
  g_assert_cmpuint (g_bytes_get_size (key), ==, 32);
  g_assert_true (eb_portal_db_close (first, &error));

  /* Kept across restarts, so codes sent before one still verify after. */
  second = eb_portal_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (key, eb_portal_db_get_server_key (second)));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/portal/units/random-digits", test_random_digits);
  g_test_add_func ("/portal/units/random-string", test_random_string);
  g_test_add_func ("/portal/units/tokens", test_tokens);
  g_test_add_func ("/portal/units/hmac", test_hmac);
  g_test_add_func ("/portal/units/scrypt", test_scrypt);
  g_test_add_func ("/portal/units/registry-parse", test_registry_parse);
  g_test_add_func ("/portal/units/registry-refused", test_registry_refused);
  g_test_add_func ("/portal/units/registry-many-bad-rows", test_registry_many_bad_rows);
  g_test_add_func ("/portal/units/captcha-render", test_captcha_render);
  g_test_add_func ("/portal/units/captcha-fold", test_captcha_fold);
  g_test_add ("/portal/units/sqlite-migrations", DbFixture, NULL, db_setup, test_sqlite_migrations, db_teardown);
  g_test_add ("/portal/units/sqlite-corrupt", DbFixture, NULL, db_setup, test_sqlite_corrupt, db_teardown);
  g_test_add ("/portal/units/sqlite-unwritable", DbFixture, NULL, db_setup, test_sqlite_unwritable, db_teardown);
  g_test_add_func ("/portal/units/db-states", test_db_states);
  g_test_add ("/portal/units/db-server-key", DbFixture, NULL, db_setup, test_db_server_key, db_teardown);

  return g_test_run ();
}
