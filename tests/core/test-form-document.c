/* test-form-document.c — the application form PDF, checked with the tools
 * people and the portal's verifier use: qpdf, pdffonts, pdftotext, pdftoppm,
 * zbarimg
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "eb-file-util.h"
#include "eb-form-document.h"

#define APPLICATION_NO "MEB-2026-000042"
#define SECURITY_WORD  "Gizli-Sözcük-Kırmızı-9"

typedef struct
{
  char              *dir;
  EbApplicationForm *form;
  GDateTime         *issued_at;
} Fixture;

/* Every field filled, with the Turkish letters that go wrong first. */
static EbApplicationForm *
sample_form (void)
{
  EbApplicationForm *form = eb_application_form_new ();

  eb_application_form_set_text (form, EB_FIELD_REASON, "renewal");
  eb_application_form_set_text (form, EB_FIELD_TCKN, "10000000146");
  eb_application_form_set_text (form, EB_FIELD_FIRST_NAME, "IŞIL ÇAĞRI");
  eb_application_form_set_text (form, EB_FIELD_LAST_NAME, "ÖZGÜR");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_PLACE, "İSKİLİP");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_DATE, "1980-11-24");
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD, SECURITY_WORD);
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD_REPEAT, SECURITY_WORD);
  eb_application_form_set_text (form, EB_FIELD_INSTITUTION_NAME, "IĞDIR İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  eb_application_form_set_text (form, EB_FIELD_REGISTRY_NO, "123456");
  eb_application_form_set_text (form, EB_FIELD_UNIT, "ARALIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  eb_application_form_set_text (form, EB_FIELD_JOB_TITLE, "OKUL MÜDÜRÜ");
  eb_application_form_set_text (form, EB_FIELD_DELIVERY_ADDRESS, "ŞEHİT ÖĞRETMEN CAD. NO:5 ÇÖĞÜŞ");
  eb_application_form_set_text (form, EB_FIELD_PROVINCE, "76");
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "Aralık");
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "76500");
  eb_application_form_set_text (form, EB_FIELD_EMAIL, "isil.ozgur@meb.gov.tr");
  eb_application_form_set_text (form, EB_FIELD_WORK_PHONE, "4762261010");
  eb_application_form_set_text (form, EB_FIELD_WORK_PHONE_EXTENSION, "1234");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_PHONE, "5321234567");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_OPERATOR, "turk-telekom");
  eb_application_form_set_text (form, EB_FIELD_HOME_PHONE, "4762262020");
  eb_application_form_set_text (form, EB_FIELD_INFO_CHANNEL, "sms");

  return form;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("eb-test-form-document-XXXXXX", &error);
  g_assert_no_error (error);
  f->form = sample_form ();
  f->issued_at = g_date_time_new_utc (2026, 11, 24, 7, 17, 5);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  eb_remove_tree (f->dir, &error);
  g_assert_no_error (error);
  g_free (f->dir);
  g_object_unref (f->form);
  g_date_time_unref (f->issued_at);
}

static GBytes *
render (Fixture    *f,
        const char *method)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf = eb_form_document_render (f->form, APPLICATION_NO, method, f->issued_at, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  return pdf;
}

static char *
write_pdf (Fixture    *f,
           GBytes     *pdf,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  return path;
}

/* Runs a tool that must be installed (tools/install-deps); fails the test,
 * never skips it, when it is not. Returns its stdout. */
static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  if (program == NULL)
    g_error ("%s is not installed; run tools/install-deps", argv[0]);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", argv[0], error->message, out, err);
  return out;
}

/* pdftotext's output with every run of white space made one space, since
 * where lines break is the layout's business. */
static char *
pdf_text (const char *path,
          const char *first_page,
          const char *last_page)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", first_page, "-l", last_page,
                         path, "-", NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", out, 0, 0);
  g_autofree char *joined = g_strjoinv (" ", words);

  return g_strdup (g_strstrip (joined));
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
test_qpdf_check (Fixture       *f,
                 gconstpointer  data)
{
  const char *methods[] = { EB_FORM_DOCUMENT_METHOD_WET, EB_FORM_DOCUMENT_METHOD_ESIGN };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GBytes) pdf = render (f, methods[i]);
      g_autofree char *path = write_pdf (f, pdf, "form.pdf");
      const char *check[] = { "qpdf", "--check", path, NULL };
      const char *info[] = { "pdfinfo", path, NULL };
      g_autofree char *check_out = run_tool (check);
      g_autofree char *info_out = run_tool (info);

      g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-1.4"));
      assert_contains (check_out, "No syntax or stream encoding errors found");
      g_assert_true (g_regex_match_simple ("^Pages: +2$", info_out, G_REGEX_MULTILINE, 0));
      g_assert_true (g_regex_match_simple ("^Page size: +595\\.2\\d* x 841\\.8\\d* pts \\(A4\\)",
                                           info_out, G_REGEX_MULTILINE, 0));
      g_assert_true (g_regex_match_simple ("^Title: +Nitelikli Elektronik Sertifika Başvuru Formu — "
                                           APPLICATION_NO "$", info_out, G_REGEX_MULTILINE, 0));
      g_assert_true (g_regex_match_simple ("^Encrypted: +no$", info_out, G_REGEX_MULTILINE, 0));
    }
}

static void
test_fonts_embedded (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) pdf = render (f, EB_FORM_DOCUMENT_METHOD_WET);
  g_autofree char *path = write_pdf (f, pdf, "form.pdf");
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n_fonts = 0;
  gboolean oblique = FALSE;

  /* name type encoding emb sub uni object ID; the type may be two words, so
   * count the columns from the end. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      cols = g_regex_split_simple (" +", lines[i], 0, 0);
      n = g_strv_length (cols);
      g_assert_cmpuint (n, >=, 7);
      g_assert_cmpstr (cols[n - 5], ==, "yes");  /* emb */
      g_assert_cmpstr (cols[n - 4], ==, "yes");  /* sub */
      g_assert_cmpstr (cols[n - 3], ==, "yes");  /* uni: text can be copied */
      g_assert_true (strstr (cols[0], "DejaVuSans") != NULL);
      oblique |= strstr (cols[0], "DejaVuSans-Oblique") != NULL;
      n_fonts++;
    }
  /* Regular, bold and italic: the declaration's own italic face
   * (fonts-dejavu-extra), not the regular one slanted by pango. */
  g_assert_cmpuint (n_fonts, >=, 3);
  g_assert_true (oblique);
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) pdf = render (f, EB_FORM_DOCUMENT_METHOD_WET);
  g_autofree char *path = write_pdf (f, pdf, "form.pdf");
  g_autofree char *page1 = pdf_text (path, "1", "1");
  g_autofree char *page2 = pdf_text (path, "2", "2");
  const char *values[] = {
    "Mini Kart Okuyucu", "3 Yıl", "Yenileme",
    "10000000146", "IŞIL ÇAĞRI", "ÖZGÜR", "İSKİLİP", "24.11.1980",
    "IĞDIR İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ", "123456", "ARALIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ",
    "OKUL MÜDÜRÜ", "ŞEHİT ÖĞRETMEN CAD. NO:5 ÇÖĞÜŞ", "IĞDIR", "ARALIK", "76500",
    "isil.ozgur@meb.gov.tr", "0 (476) 226 10 10", "1234", "0 (532) 123 45 67", "TÜRK TELEKOM",
    "0 (476) 226 20 20", "SMS",
  };
  const char *labels[] = {
    "Sertifika Bilgileri", "Kişisel Bilgiler", "Kurum Bilgileri", "İletişim Bilgileri",
    "Kart Okuyucu Tipi", "Sertifika Süresi", "T.C. Kimlik No", "Doğum Yeri", "Güvenlik Sözcüğü",
    "Kurum Sicil No", "Çalıştığı Birim", "Ünvan", "Posta Kodu", "Mobil Operatör", "Bilgi Kanalı",
  };

  assert_contains (page1, "TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi");
  assert_contains (page1, "Pk:74, 41470 Gebze/KOCAELİ");
  assert_contains (page1, "Nitelikli Elektronik Sertifika Başvuru Formu");
  assert_contains (page1, "Aşağıda yazılı bütün bilgilerin doğru olduğunu, aksi halde doğacak bütün "
                          "zararlardan sorumlu olduğumu beyan ederim. Bu formdaki bilgilere göre "
                          "şahsıma bir nitelikli elektronik sertifika hazırlanmasını talep ederim.");
  assert_contains (page1, APPLICATION_NO);
  /* 07:17 UTC is 10:17 in Türkiye. */
  assert_contains (page1, "24.11.2026 10:17");
  assert_contains (page1, "Yöntem 1: Islak İmzalı Başvuru");
  assert_contains (page1, "IŞIL ÇAĞRI ÖZGÜR");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    assert_contains (page1, values[i]);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    assert_contains (page1, labels[i]);

  assert_contains (page2, "3 (üç) nüsha");
  assert_contains (page2, "TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi, Pk:74, 41470 Gebze/KOCAELİ");
  /* What the page itself is for, and what the print job holds. */
  assert_contains (page2, "1. sayfayı üç kez, bu talimat sayfasını bir kez basar");
  assert_contains (page2, "imzalanmaz, gönderilmez");
  assert_contains (page2, "İlçe Milli Eğitim Müdürlüğü Bilgi İşlem Birimine teslim ediniz");
  assert_contains (page2, "bilgisi dışında yapılan başvurular dikkate alınmayacak ve onaylanmayacaktır");
  assert_contains (page2, "Bir nüshayı kendiniz saklayınız.");
  assert_contains (page2, APPLICATION_NO);
}

/* Kamu SM's number is never split over two lines, on either page; a reader
 * sees its no-break spaces as spaces. */
static void
test_phone_one_line (Fixture       *f,
                     gconstpointer  data)
{
  const char *methods[] = { EB_FORM_DOCUMENT_METHOD_WET, EB_FORM_DOCUMENT_METHOD_ESIGN };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr(GBytes) pdf = render (f, methods[m]);
      g_autofree char *path = write_pdf (f, pdf, "phone.pdf");
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
      g_autofree char *out = run_tool (argv);
      g_autoptr(GRegex) nbsp = g_regex_new ("\u00a0", 0, 0, NULL);
      g_autofree char *text = g_regex_replace_literal (nbsp, out, -1, 0, " ", 0, NULL);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      guint n_whole = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (strstr (lines[i], "444 5 576") != NULL)
            n_whole++;
          else if (g_str_has_suffix (g_strchomp (lines[i]), "444") ||
                   g_str_has_suffix (lines[i], "444 5") ||
                   g_str_has_prefix (lines[i], "576") || g_str_has_prefix (lines[i], "5 576"))
            g_error ("%s: the number is split at line %u:\n%s", methods[m], i, text);
        }
      /* The header's contact line, the security word and the questions. */
      g_assert_cmpuint (n_whole, >=, 3);
    }
}

static void
test_esign_text (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pdf = render (f, EB_FORM_DOCUMENT_METHOD_ESIGN);
  g_autofree char *path = write_pdf (f, pdf, "form.pdf");
  g_autofree char *page1 = pdf_text (path, "1", "1");
  g_autofree char *page2 = pdf_text (path, "2", "2");

  assert_contains (page1, "Yöntem 2: Elektronik İmzalı Başvuru");
  assert_contains (page1, "Elektronik İmza");
  assert_contains (page2, "Elektronik İmzayla İmzalanması");
  g_assert_null (strstr (page2, "3 (üç) nüsha"));
}

static void
test_no_security_word (Fixture       *f,
                       gconstpointer  data)
{
  const char *methods[] = { EB_FORM_DOCUMENT_METHOD_WET, EB_FORM_DOCUMENT_METHOD_ESIGN };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GBytes) pdf = render (f, methods[i]);
      g_autofree char *path = write_pdf (f, pdf, "form.pdf");
      g_autofree char *text = pdf_text (path, "1", "2");
      gsize size;
      const char *bytes = g_bytes_get_data (pdf, &size);

      g_assert_null (memmem (bytes, size, SECURITY_WORD, strlen (SECURITY_WORD)));
      g_assert_null (memmem (bytes, size, "Kırmızı", strlen ("Kırmızı")));
      g_assert_null (strstr (text, SECURITY_WORD));
      g_assert_null (strstr (text, "Kırmızı"));
      assert_contains (text, "Belirlendi (güvenliğiniz için bu formda yer almaz)");
    }
}

static void
test_same_bytes (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) first = render (f, EB_FORM_DOCUMENT_METHOD_WET);
  g_autoptr(GBytes) second = render (f, EB_FORM_DOCUMENT_METHOD_WET);
  g_autoptr(GBytes) esign = render (f, EB_FORM_DOCUMENT_METHOD_ESIGN);
  g_autoptr(GDateTime) later = g_date_time_add_seconds (f->issued_at, 1);
  g_autoptr(GBytes) other_time = eb_form_document_render (f->form, APPLICATION_NO,
                                                          EB_FORM_DOCUMENT_METHOD_WET, later, NULL);
  g_autoptr(GDateTime) same_instant = g_date_time_to_local (f->issued_at);
  g_autoptr(GBytes) other_zone = eb_form_document_render (f->form, APPLICATION_NO,
                                                          EB_FORM_DOCUMENT_METHOD_WET, same_instant, NULL);

  g_assert_true (g_bytes_equal (first, second));
  g_assert_true (g_bytes_equal (first, other_zone));
  g_assert_false (g_bytes_equal (first, esign));
  g_assert_false (g_bytes_equal (first, other_time));
}

/* A fresh process: nothing cached in fontconfig, pango or cairo. The child
 * prints the SHA-256 of its render, the parent compares it with its own. */
static void
test_same_bytes_other_process (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GBytes) pdf = render (f, EB_FORM_DOCUMENT_METHOD_WET);
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *expected = NULL;

  if (g_test_subprocess ())
    {
      g_print ("%s\n", digest);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  expected = g_strconcat (digest, "\n", NULL);
  g_test_trap_assert_stdout (expected);
}

static void
test_qr_code (Fixture       *f,
              gconstpointer  data)
{
  const char *methods[] = { EB_FORM_DOCUMENT_METHOD_WET, EB_FORM_DOCUMENT_METHOD_ESIGN };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GBytes) pdf = render (f, methods[i]);
      g_autofree char *path = write_pdf (f, pdf, "form.pdf");
      g_autofree char *prefix = g_build_filename (f->dir, "page1", NULL);
      g_autofree char *png = g_strconcat (prefix, ".png", NULL);
      const char *to_png[] = { "pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                               "-png", path, prefix, NULL };
      const char *decode[] = { "zbarimg", "--quiet", "--raw", png, NULL };
      g_autofree char *ignored = run_tool (to_png);
      g_autofree char *decoded = run_tool (decode);

      g_assert_cmpstr (g_strstrip (decoded), ==, APPLICATION_NO);
    }
}

/* The signer draws into this rectangle, so it must be on page 1, inside the
 * page, and empty in what we issue whatever the values. */
static void
assert_signature_box_empty (Fixture    *f,
                            const char *path)
{
  EbPdfRect box;
  g_autofree char *x = NULL, *y = NULL, *w = NULL, *h = NULL;
  g_autofree char *out = NULL;

  eb_form_document_get_signature_box (&box);
  /* pdftotext crops in pixels at 72 dpi from the top left; keep 1 pt off the border. */
  x = g_strdup_printf ("%d", (int) box.x + 1);
  y = g_strdup_printf ("%d", (int) (EB_FORM_DOCUMENT_PAGE_HEIGHT - box.y - box.height) + 1);
  w = g_strdup_printf ("%d", (int) box.width - 2);
  h = g_strdup_printf ("%d", (int) box.height - 2);
  {
    const char *argv[] = { "pdftotext", "-f", "1", "-l", "1", "-x", x, "-y", y, "-W", w, "-H", h,
                           path, "-", NULL };
    out = run_tool (argv);
  }
  g_assert_cmpstr (g_strstrip (out), ==, "");
}

static void
test_signature_box (Fixture       *f,
                    gconstpointer  data)
{
  EbPdfRect box;
  const char *methods[] = { EB_FORM_DOCUMENT_METHOD_WET, EB_FORM_DOCUMENT_METHOD_ESIGN };

  eb_form_document_get_signature_box (&box);
  g_assert_cmpint (box.page, ==, 0);
  g_assert_cmpfloat (box.x, >, 0);
  g_assert_cmpfloat (box.y, >, 0);
  g_assert_cmpfloat (box.width, >=, 200);
  g_assert_cmpfloat (box.height, >=, 80);
  g_assert_cmpfloat (box.x + box.width, <, EB_FORM_DOCUMENT_PAGE_WIDTH);
  g_assert_cmpfloat (box.y + box.height, <, EB_FORM_DOCUMENT_PAGE_HEIGHT / 3);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GBytes) pdf = render (f, methods[i]);
      g_autofree char *path = write_pdf (f, pdf, "form.pdf");

      assert_signature_box_empty (f, path);
    }
}

/* The longest values the validators let through shrink or wrap in their
 * cells; the pages, the box and the checks stay as they are. */
static void
test_long_values (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GString) institution = g_string_new (NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  while (g_utf8_strlen (address->str, -1) < 190)
    g_string_append (address, "ŞEHİT ÖĞRETMEN İSMAİL ÇAĞLAR CADDESİ ");
  g_string_truncate (address, 199);
  while (g_utf8_strlen (institution->str, -1) < 140)
    g_string_append (institution, "IĞDIR İL MİLLİ EĞİTİM ");
  eb_application_form_set_text (f->form, EB_FIELD_DELIVERY_ADDRESS, g_strstrip (address->str));
  eb_application_form_set_text (f->form, EB_FIELD_INSTITUTION_NAME, g_strstrip (institution->str));
  eb_application_form_set_text (f->form, EB_FIELD_UNIT, g_strstrip (institution->str));
  eb_application_form_set_text (f->form, EB_FIELD_JOB_TITLE, g_strstrip (institution->str));
  eb_application_form_set_text (f->form, EB_FIELD_FIRST_NAME, "ABDÜLKADİR MUSTAFA KEMALETTİN");
  eb_application_form_set_text (f->form, EB_FIELD_LAST_NAME, "ÇAKIROĞLU KARAOSMANOĞLU");

  pdf = render (f, EB_FORM_DOCUMENT_METHOD_ESIGN);
  path = write_pdf (f, pdf, "long.pdf");
  {
    const char *check[] = { "qpdf", "--check", path, NULL };
    g_autofree char *out = run_tool (check);
  }
  assert_signature_box_empty (f, path);
  text = pdf_text (path, "1", "1");
  assert_contains (text, "ŞEHİT ÖĞRETMEN İSMAİL");
  assert_contains (text, "Bilgi Kanalı");
  assert_contains (text, "ÇAKIROĞLU KARAOSMANOĞLU");
}

static void
test_invalid_arguments (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf;

  pdf = eb_form_document_render (f->form, APPLICATION_NO, "fax", f->issued_at, &error);
  g_assert_error (error, EB_FORM_DOCUMENT_ERROR, EB_FORM_DOCUMENT_ERROR_INVALID_ARGUMENT);
  g_assert_null (pdf);
  g_clear_error (&error);

  pdf = eb_form_document_render (f->form, "", EB_FORM_DOCUMENT_METHOD_WET, f->issued_at, &error);
  g_assert_error (error, EB_FORM_DOCUMENT_ERROR, EB_FORM_DOCUMENT_ERROR_INVALID_ARGUMENT);
  g_assert_null (pdf);
}

/* Pictures of page 1 (both methods) and page 2 under the build dir, for
 * people to look at. */
static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  struct { const char *method; const char *page; const char *name; } shots[] = {
    { EB_FORM_DOCUMENT_METHOD_WET, "1", "form-page1" },
    { EB_FORM_DOCUMENT_METHOD_WET, "2", "form-page2" },
    { EB_FORM_DOCUMENT_METHOD_ESIGN, "1", "form-page1-esign" },
  };

  g_assert_nonnull (builddir);
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autoptr(GBytes) pdf = render (f, shots[i].method);
      g_autofree char *path = write_pdf (f, pdf, "form.pdf");
      g_autofree char *prefix = g_build_filename (builddir, shots[i].name, NULL);
      g_autofree char *png = g_strconcat (prefix, ".png", NULL);
      const char *argv[] = { "pdftoppm", "-r", "100", "-f", shots[i].page, "-l", shots[i].page,
                             "-singlefile", "-png", path, prefix, NULL };
      g_autofree char *out = run_tool (argv);

      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
      g_test_message ("page %s (%s): %s", shots[i].page, shots[i].method, png);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/form-document/qpdf-check", test_qpdf_check);
  ADD ("/form-document/fonts-embedded", test_fonts_embedded);
  ADD ("/form-document/text", test_text);
  ADD ("/form-document/esign-text", test_esign_text);
  ADD ("/form-document/phone-one-line", test_phone_one_line);
  ADD ("/form-document/no-security-word", test_no_security_word);
  ADD ("/form-document/same-bytes", test_same_bytes);
  ADD ("/form-document/same-bytes-other-process", test_same_bytes_other_process);
  ADD ("/form-document/qr-code", test_qr_code);
  ADD ("/form-document/signature-box", test_signature_box);
  ADD ("/form-document/long-values", test_long_values);
  ADD ("/form-document/invalid-arguments", test_invalid_arguments);
  ADD ("/form-document/png", test_png);
#undef ADD

  return g_test_run ();
}
