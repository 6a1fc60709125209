/* test-portal-document.c — issuing the form PDF and taking the e-signed
 * copy back, over real HTTP: states, idempotence, what is stored, and the
 * upload's refusals that need no signature (the verifier's own matrix is in
 * tests/sign/test-signature-verifier.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "eb-file-util.h"
#include "eb-form-document.h"
#include "eb-test-tool.h"
#include "portal-test-util.h"

#define ADD(path, func) \
  g_test_add ("/portal/document/" path, PortalFixture, NULL, setup, func, portal_fixture_teardown)

static void
setup (PortalFixture *f,
       gconstpointer  data)
{
  portal_fixture_setup (f, data);
  portal_fixture_start (f);
}

static void
setup_training (PortalFixture *f,
                gconstpointer  data)
{
  portal_fixture_setup (f, data);
  f->training = TRUE;
  portal_fixture_start (f);
}

/* A session whose application has its method chosen. */
static char *
choose_method (PortalFixture *f,
               const char    *method,
               char         **application_no)
{
  g_autofree char *token = portal_verify_phone (f, g_str_equal (method, "esign") ? "renewal" : "new");
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(Reply) chosen = NULL;

  json_object_set_string_member (body, "method", method);
  chosen = portal_request_json (f, "PUT", "/api/v1/application/method", token, body);
  g_assert_cmpuint (chosen->status, ==, 200);
  if (application_no != NULL)
    *application_no = g_strdup (reply_get_string (chosen, "application_no"));

  return g_steal_pointer (&token);
}

static Reply *
issue (PortalFixture *f,
       const char    *token)
{
  return portal_request (f, "POST", "/api/v1/application/document", token, NULL, NULL, 0);
}

static Reply *
upload (PortalFixture *f,
        const char    *token,
        const char    *content_type,
        GBytes        *pdf)
{
  return portal_request (f, "PUT", "/api/v1/application/signed-document", token, content_type,
                         g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf));
}

static GBytes *
assert_pdf (Reply      *reply,
            const char *application_no)
{
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/pdf");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Application-No"), ==, application_no);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
  g_assert_cmpuint (g_bytes_get_size (reply->raw), >, 1000);
  g_assert_true (memcmp (g_bytes_get_data (reply->raw, NULL), "%PDF-", 5) == 0);

  return g_bytes_ref (reply->raw);
}

static char *
state_of (PortalFixture *f,
          const char    *token)
{
  g_autoptr(Reply) status = portal_request (f, "GET", "/api/v1/application", token, NULL, NULL, 0);

  g_assert_cmpuint (status->status, ==, 200);
  return g_strdup (reply_get_string (status, "state"));
}

static char *
pdf_text (PortalFixture *f,
          GBytes        *pdf)
{
  g_autofree char *path = g_build_filename (f->dir, "issued.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status;

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

/* Page @page (1-based) of @pdf as pdftotext reads it. */
static char *
page_text (PortalFixture *f,
           GBytes        *pdf,
           int            page)
{
  g_autofree char *path = g_build_filename (f->dir, "page.pdf", NULL);
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, path, "-", NULL };

  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  eb_test_tool_write_file (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  text = eb_test_tool_run (argv, &status);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

/* How many pixels of page @page of @pdf, drawn at 30 dpi, are red: the
 * practice mark's colour, which nothing else on the form has. */
static guint
count_red_pixels (PortalFixture *f,
                  GBytes        *pdf,
                  int            page)
{
  g_autofree char *path = g_build_filename (f->dir, "page.pdf", NULL);
  g_autofree char *image = g_build_filename (f->dir, "page", NULL);
  g_autofree char *ppm_path = g_strconcat (image, ".ppm", NULL);
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftoppm", "-r", "30", "-f", number, "-l", number, "-singlefile",
                         path, image, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *ppm = NULL;
  guint width, height, max, red = 0;
  int offset = 0;
  gsize length;

  eb_test_tool_write_file (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  eb_test_tool_run_ok (argv);
  g_assert_true (g_file_get_contents (ppm_path, &ppm, &length, &error));
  g_assert_no_error (error);
  /* P6 <width> <height> <max>, one whitespace, then RGB bytes. */
  g_assert_cmpint (sscanf (ppm, "P6 %u %u %u%n", &width, &height, &max, &offset), ==, 3);
  g_assert_cmpuint (max, ==, 255);
  offset++;
  g_assert_cmpuint (length, >=, offset + (gsize) width * height * 3);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      const guint8 *rgb = (const guint8 *) ppm + offset + 3 * i;

      red += rgb[0] > rgb[1] + 30 && rgb[0] > rgb[2] + 30;
    }
  g_test_message ("page %d: %u of %u pixels red", page, red, width * height);
  return red;
}

/* One row of one column from the server's database, read alongside it (WAL). */
static char *
db_text (PortalFixture *f,
         const char    *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_issue (PortalFixture *f,
            gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *token = choose_method (f, "wet", &number);
  g_autoptr(Reply) issued = issue (f, token);
  g_autoptr(GBytes) pdf = assert_pdf (issued, number);
  g_autoptr(Reply) status = NULL;
  g_autofree char *text = pdf_text (f, pdf);
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *stored_digest = db_text (f, "SELECT issued_sha256 FROM documents");
  g_autofree char *stored_size = db_text (f, "SELECT length (issued) FROM documents");
  g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (pdf));
  g_autofree char *audited = db_text (f, "SELECT application_no FROM audit WHERE new_state = 'form_issued'");
  JsonArray *history;
  gsize length;

  g_assert_true (g_str_has_prefix (number, "MEB-"));
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "MEHMET ALİ"));
  g_assert_nonnull (strstr (text, "Nitelikli Elektronik Sertifika Başvuru Formu"));
  g_assert_nonnull (strstr (text, "Yöntem 1"));

  /* The security word never: neither in the text nor in the bytes. */
  g_assert_null (strstr (text, TEST_SECURITY_WORD));
  length = g_bytes_get_size (pdf);
  g_assert_null (memmem (g_bytes_get_data (pdf, NULL), length, TEST_SECURITY_WORD,
                         strlen (TEST_SECURITY_WORD)));

  g_assert_cmpstr (stored_digest, ==, digest);
  g_assert_cmpstr (stored_size, ==, size);
  g_assert_cmpstr (audited, ==, number);

  status = portal_request (f, "GET", "/api/v1/application", token, NULL, NULL, 0);
  g_assert_cmpstr (reply_get_string (status, "state"), ==, "form_issued");
  history = json_object_get_array_member (status->body, "history");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history,
                                                  json_array_get_length (history) - 1), "state"),
                   ==, "form_issued");
}

/* Asking again, even much later, gives the bytes issued the first time. */
static void
test_issue_idempotent (PortalFixture *f,
                       gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *token = choose_method (f, "esign", &number);
  g_autoptr(Reply) first = issue (f, token);
  g_autoptr(GBytes) first_pdf = assert_pdf (first, number);
  g_autoptr(Reply) second = NULL;
  g_autoptr(GBytes) second_pdf = NULL;
  g_autofree char *issued_rows = NULL;
  g_autofree char *audit_rows = NULL;
  g_autofree char *text = pdf_text (f, first_pdf);

  g_assert_nonnull (strstr (text, "Yöntem 2"));

  portal_fixture_advance (f, 120);
  second = issue (f, token);
  second_pdf = assert_pdf (second, number);
  g_assert_true (g_bytes_equal (first_pdf, second_pdf));

  issued_rows = db_text (f, "SELECT count (*) FROM documents");
  audit_rows = db_text (f, "SELECT count (*) FROM audit WHERE new_state = 'form_issued'");
  g_assert_cmpstr (issued_rows, ==, "1");
  g_assert_cmpstr (audit_rows, ==, "1");
}

/* Two sessions issued at the same second: different numbers, different bytes. */
static void
test_issue_per_application (PortalFixture *f,
                            gconstpointer  data)
{
  g_autofree char *number1 = NULL, *number2 = NULL;
  g_autofree char *token1 = choose_method (f, "wet", &number1);
  g_autofree char *token2 = choose_method (f, "wet", &number2);
  g_autoptr(Reply) issued1 = issue (f, token1);
  g_autoptr(Reply) issued2 = issue (f, token2);
  g_autoptr(GBytes) pdf1 = assert_pdf (issued1, number1);
  g_autoptr(GBytes) pdf2 = assert_pdf (issued2, number2);

  g_assert_cmpstr (number1, !=, number2);
  g_assert_false (g_bytes_equal (pdf1, pdf2));
}

static void
test_issue_wrong_state (PortalFixture *f,
                        gconstpointer  data)
{
  g_autofree char *token = portal_verify_phone (f, "new");
  g_autofree char *login_token = portal_login (f);
  g_autoptr(Reply) early = issue (f, token);
  g_autoptr(Reply) earlier = issue (f, login_token);
  g_autoptr(Reply) no_session = issue (f, NULL);
  g_autoptr(Reply) wrong_method = portal_request (f, "GET", "/api/v1/application/document", token,
                                                  NULL, NULL, 0);
  g_autofree char *state = state_of (f, token);

  assert_error (early, 409, "wrong_state");
  assert_error (earlier, 409, "wrong_state");
  assert_error (no_session, 401, "session_missing");
  assert_error (wrong_method, 405, "method_not_allowed");
  g_assert_cmpstr (state, ==, "phone_verified");
}

static void
test_upload_wrong_state (PortalFixture *f,
                         gconstpointer  data)
{
  g_autofree char *token = choose_method (f, "esign", NULL);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4\n%%EOF\n", 15);
  g_autoptr(Reply) before_issue = upload (f, token, "application/pdf", pdf);
  g_autofree char *state = state_of (f, token);

  assert_error (before_issue, 409, "wrong_state");
  g_assert_cmpstr (state, ==, "method_chosen");
}

static void
test_upload_wet_method (PortalFixture *f,
                        gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *token = choose_method (f, "wet", &number);
  g_autoptr(Reply) issued = issue (f, token);
  g_autoptr(GBytes) pdf = assert_pdf (issued, number);
  g_autoptr(Reply) uploaded = upload (f, token, "application/pdf", pdf);
  g_autofree char *state = state_of (f, token);

  assert_error (uploaded, 422, "method_not_esign");
  g_assert_cmpstr (state, ==, "form_issued");
}

static void
test_upload_not_pdf (PortalFixture *f,
                     gconstpointer  data)
{
  g_autofree char *token = choose_method (f, "esign", NULL);
  g_autoptr(Reply) issued = issue (f, token);
  g_autoptr(GBytes) text = g_bytes_new_static ("Merhaba, bu bir PDF değil.", strlen ("Merhaba, bu bir PDF değil."));
  g_autoptr(Reply) uploaded = NULL;
  g_autoptr(Reply) empty = NULL;
  g_autoptr(Reply) as_json = NULL;
  g_autofree char *state = NULL;

  g_assert_cmpuint (issued->status, ==, 200);
  uploaded = upload (f, token, "application/pdf", text);
  empty = portal_request (f, "PUT", "/api/v1/application/signed-document", token, NULL, NULL, 0);
  as_json = upload (f, token, "application/json", issued->raw);
  state = state_of (f, token);

  assert_error (uploaded, 422, "signature_not_pdf");
  assert_error (empty, 400, "malformed_request");
  assert_error (as_json, 415, "unsupported_media_type");
  g_assert_cmpstr (state, ==, "form_issued");
}

/* Without --trust-anchors nothing can be trusted, and the error says so;
 * with them the verifier runs and refuses the issued form sent back unsigned. */
static void
test_upload_trust_anchors (PortalFixture *f,
                           gconstpointer  data)
{
  g_autofree char *token = choose_method (f, "esign", NULL);
  g_autoptr(Reply) issued = issue (f, token);
  g_autoptr(Reply) untrusted = NULL;
  g_autoptr(Reply) unsigned_upload = NULL;
  g_autofree char *anchors = g_build_filename (f->dir, "anchors", NULL);
  g_autofree char *state = NULL;

  g_assert_cmpuint (issued->status, ==, 200);
  untrusted = upload (f, token, "application/pdf", issued->raw);
  assert_error (untrusted, 422, "signature_untrusted");

  g_assert_cmpint (g_mkdir (anchors, 0700), ==, 0);
  eb_portal_server_set_trust_anchor_dir (f->server, anchors);
  unsigned_upload = upload (f, token, "application/pdf", issued->raw);
  /* The issued form itself, no signed revision added: the verifier's say. */
  g_assert_cmpuint (unsigned_upload->status, ==, 422);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                   json_object_get_object_member (unsigned_upload->body, "error"), "code"), "signature_"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (unsigned_upload->body, "error"),
                                                  "code"), !=, "signature_untrusted");

  state = state_of (f, token);
  g_assert_cmpstr (state, ==, "form_issued");
}

/* A PDF may be far larger than a JSON body (64 KiB), up to 4 MiB. */
static void
test_upload_size (PortalFixture *f,
                  gconstpointer  data)
{
  g_autofree char *token = choose_method (f, "esign", NULL);
  g_autoptr(Reply) issued = issue (f, token);
  gsize big = 1024 * 1024;
  g_autofree char *data_big = g_malloc0 (4 * big + 1);
  g_autoptr(GBytes) one_mib = NULL;
  g_autoptr(GBytes) too_big = NULL;
  g_autoptr(Reply) fits = NULL;
  g_autoptr(Reply) refused = NULL;

  g_assert_cmpuint (issued->status, ==, 200);
  memcpy (data_big, "not a pdf", 9);
  one_mib = g_bytes_new_static (data_big, big);
  too_big = g_bytes_new_static (data_big, 4 * big + 1);

  fits = upload (f, token, "application/pdf", one_mib);
  assert_error (fits, 422, "signature_not_pdf");
  refused = upload (f, token, "application/pdf", too_big);
  assert_error (refused, 413, "body_too_large");
}

/* A real portal's form: the MEB series, and no practice mark on any page. */
static void
test_issue_no_practice_mark (PortalFixture *f,
                             gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *token = choose_method (f, "wet", &number);
  g_autoptr(Reply) issued = issue (f, token);
  g_autoptr(GBytes) pdf = assert_pdf (issued, number);

  g_assert_true (g_str_has_prefix (number, "MEB-"));
  for (int page = 1; page <= EB_FORM_DOCUMENT_N_PAGES; page++)
    {
      g_autofree char *text = page_text (f, pdf, page);

      g_assert_nonnull (strstr (text, number));
      g_assert_null (strstr (text, "ALIŞTIRMA"));
      g_assert_null (strstr (text, "GEÇERSİZ"));
      g_assert_cmpuint (count_red_pixels (f, pdf, page), ==, 0);
    }
}

/* A practice portal's form: its own number series, and every page marked,
 * for both methods. */
static void
test_issue_practice_mark (PortalFixture *f,
                          gconstpointer  data)
{
  const char *methods[] = { "wet", "esign" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autofree char *number = NULL;
      g_autofree char *token = choose_method (f, methods[i], &number);
      g_autoptr(Reply) issued = issue (f, token);
      g_autoptr(GBytes) pdf = assert_pdf (issued, number);

      g_assert_true (g_regex_match_simple ("^ALISTIRMA-[0-9]{4}-[0-9]{6}$", number, 0, 0));
      /* Kept in the build dir for people to look at. */
      if (i == 0)
        {
          g_autofree char *kept = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "practice-form.pdf", NULL);

          eb_test_tool_write_file (kept, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
        }
      for (int page = 1; page <= EB_FORM_DOCUMENT_N_PAGES; page++)
        {
          g_autofree char *text = page_text (f, pdf, page);

          g_test_message ("%s page %d:\n%s", methods[i], page, text);
          g_assert_nonnull (strstr (text, EB_FORM_DOCUMENT_PRACTICE_MARK));
          g_assert_nonnull (strstr (text, number));
          /* The large diagonal mark (outlines): far more than the line. */
          g_assert_cmpuint (count_red_pixels (f, pdf, page), >, 1500);
        }
    }
}


int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  ADD ("issue", test_issue);
  ADD ("issue-idempotent", test_issue_idempotent);
  ADD ("issue-per-application", test_issue_per_application);
  ADD ("issue-wrong-state", test_issue_wrong_state);
  ADD ("upload-wrong-state", test_upload_wrong_state);
  ADD ("upload-wet-method", test_upload_wet_method);
  ADD ("upload-not-pdf", test_upload_not_pdf);
  ADD ("upload-trust-anchors", test_upload_trust_anchors);
  ADD ("upload-size", test_upload_size);
  ADD ("issue-no-practice-mark", test_issue_no_practice_mark);
  g_test_add ("/portal/document/issue-practice-mark", PortalFixture, NULL, setup_training,
              test_issue_practice_mark, portal_fixture_teardown);

  return g_test_run ();
}
