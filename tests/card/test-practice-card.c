/* test-practice-card.c — EbPracticeCard: the SoftHSM2 practice card of
 * training mode, used through the app's own token manager
 *
 * The card is made in-process; then EbTokenManager loads SoftHSM as the
 * user's module, finds the AKIS_PRACTICE token and its certificate, logs in
 * with EB_PRACTICE_CARD_PIN and signs; the signature is checked with the
 * certificate, the certificate with `openssl verify` against the practice
 * root the portal would trust.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "eb-certificate-info.h"
#include "eb-file-util.h"
#include "eb-practice-card.h"
#include "eb-test-async.h"
#include "eb-token-manager.h"

#define HOLDER "MEHMET ALİ YILDIZ"
#define TCKN "10000000146"

static char *work_dir;

/* Helpers */

static char *
new_dir (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

static EbPracticeCard *
new_card_async (const char  *dir,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eb_practice_card_new_async (dir, HOLDER, TCKN, NULL, eb_test_on_result, &result);
  return eb_practice_card_new_finish (eb_test_wait_result (&result), error);
}

static gboolean
load (EbTokenManager  *manager,
      const char      *user_module,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eb_token_manager_load_async (manager, user_module, NULL, eb_test_on_result, &result);
  return eb_token_manager_load_finish (manager, eb_test_wait_result (&result), error);
}

static gboolean
refresh (EbTokenManager  *manager,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eb_token_manager_refresh_async (manager, NULL, eb_test_on_result, &result);
  return eb_token_manager_refresh_finish (manager, eb_test_wait_result (&result), error);
}

static gboolean
login (EbTokenManager  *manager,
       EbToken         *token,
       const char      *pin,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbSecret) secret = eb_secret_new (pin, -1);

  eb_token_manager_login_async (manager, token, secret, NULL, eb_test_on_result, &result);
  g_clear_pointer (&secret, eb_secret_unref);
  return eb_token_manager_login_finish (manager, eb_test_wait_result (&result), error);
}

/* On the manager's worker: PKCS#1 v1.5 over a SHA-256 digest, as the CMS
 * signer does. */
static GBytes *
sign_digest (EVP_PKEY      *key,
             X509          *certificate,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  GBytes *digest = user_data;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (key, NULL);
  guint8 *signature = NULL;
  size_t len = 0;

  if (ctx == NULL ||
      EVP_PKEY_sign_init (ctx) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md (ctx, EVP_sha256 ()) != 1 ||
      EVP_PKEY_sign (ctx, NULL, &len, g_bytes_get_data (digest, NULL),
                     g_bytes_get_size (digest)) != 1)
    goto failed;
  signature = g_malloc (len);
  if (EVP_PKEY_sign (ctx, signature, &len, g_bytes_get_data (digest, NULL),
                     g_bytes_get_size (digest)) != 1)
    goto failed;
  EVP_PKEY_CTX_free (ctx);
  return g_bytes_new_take (signature, len);

failed:
  g_free (signature);
  EVP_PKEY_CTX_free (ctx);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "signing failed");
  return NULL;
}

static GBytes *
run_with_key (EbTokenManager      *manager,
              EbToken             *token,
              EbTokenCertificate  *cert,
              GBytes              *digest,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eb_token_manager_run_with_key_async (manager, token, cert, sign_digest,
                                       g_bytes_ref (digest), (GDestroyNotify) g_bytes_unref,
                                       NULL, eb_test_on_result, &result);
  return eb_token_manager_run_with_key_finish (manager, eb_test_wait_result (&result), error);
}

/* Whether any file under @path holds @needle. */
static gboolean
tree_contains (const char *path,
               const char *needle,
               guint      *n_files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      (*n_files)++;
      return memmem (contents, len, needle, strlen (needle)) != NULL;
    }

  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (tree_contains (child, needle, n_files))
        {
          g_test_message ("%s holds \"%s\"", child, needle);
          return TRUE;
        }
    }
  return FALSE;
}

static void
assert_openssl_verify (const char *root_pem,
                       const char *cert_pem)
{
  const char *argv[] = { "openssl", "verify", "-CAfile", root_pem, cert_pem, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("openssl verify: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, ": OK"));
}

/* Tests */

static void
test_missing_module (void)
{
  g_autofree char *dir = new_dir ("missing-module");
  g_autofree char *tokens = g_build_filename (dir, "tokens", NULL);
  g_autofree char *conf = g_build_filename (dir, "softhsm2.conf", NULL);
  g_autofree char *found = NULL;
  const char *paths[] = { "/nonexistent/softhsm/libsofthsm2.so", NULL };
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(GError) error = NULL;

  /* The real module is there (this machine's tests need it)... */
  found = eb_practice_card_find_module (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (found, G_FILE_TEST_IS_REGULAR));

  /* ...but not where this search looks. */
  card = eb_practice_card_new_full (dir, HOLDER, TCKN, paths, &error);
  g_assert_null (card);
  g_assert_error (error, EB_PRACTICE_CARD_ERROR, EB_PRACTICE_CARD_ERROR_NO_SOFTHSM);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "SoftHSM2"));
  g_assert_nonnull (strstr (error->message, "softhsm2 package"));
  g_assert_nonnull (strstr (error->message, paths[0]));
  /* Nothing was made. */
  g_assert_false (g_file_test (tokens, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
}

static void
test_invalid_tckn (void)
{
  g_autofree char *dir = new_dir ("invalid-tckn");
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(GError) error = NULL;

  card = eb_practice_card_new (dir, HOLDER, "10000000147", &error);
  g_assert_null (card);
  g_assert_error (error, EB_PRACTICE_CARD_ERROR, EB_PRACTICE_CARD_ERROR_INVALID_TCKN);
  g_clear_error (&error);

  card = eb_practice_card_new (dir, "", TCKN, &error);
  g_assert_null (card);
  g_assert_error (error, EB_PRACTICE_CARD_ERROR, EB_PRACTICE_CARD_ERROR_FAILED);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* A library that is not a PKCS#11 module (GLib): a clear error, and the
 * files made before the module was tried are gone again. */
static void
test_not_a_module (void)
{
  g_autofree char *dir = new_dir ("not-a-module");
  g_autofree char *tokens = g_build_filename (dir, "tokens", NULL);
  g_autofree char *conf = g_build_filename (dir, "softhsm2.conf", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { NULL, NULL };
  Dl_info info;

  g_assert_cmpint (dladdr ((void *) g_free, &info), !=, 0);
  paths[0] = info.dli_fname;
  g_test_message ("not a module: %s", paths[0]);

  card = eb_practice_card_new_full (dir, HOLDER, TCKN, paths, &error);
  g_assert_null (card);
  g_assert_error (error, EB_PRACTICE_CARD_ERROR, EB_PRACTICE_CARD_ERROR_NO_SOFTHSM);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "C_GetFunctionList"));
  g_assert_false (g_file_test (tokens, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (trust, G_FILE_TEST_EXISTS));
}

static void
test_create_and_sign (void)
{
  g_autofree char *dir = new_dir ("card");
  g_autofree char *person_pem = g_build_filename (dir, "person.pem", NULL);
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(EbTokenManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(EbToken) token = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest_data[32];
  gsize digest_len = sizeof digest_data;
  const char *data = "e-İmza Başvuru alıştırma";
  g_autofree char *root_expected = NULL;
  g_autofree char *conf_expected = NULL;
  GListModel *tokens, *certs;
  EbTokenCertificate *cert;
  EbCertificateInfo *info;
  X509 *x509;
  EVP_PKEY *public_key;
  EVP_PKEY_CTX *verify;
  FILE *file;
  guint n_files = 0;
  gint64 started;

  started = g_get_monotonic_time ();
  card = new_card_async (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card);
  g_test_message ("practice card made in %.0f ms", (g_get_monotonic_time () - started) / 1000.0);

  /* The files, and SoftHSM pointed at them. */
  conf_expected = g_build_filename (dir, "softhsm2.conf", NULL);
  root_expected = g_build_filename (dir, "trust", "practice-root.pem", NULL);
  g_assert_cmpstr (eb_practice_card_get_softhsm_conf (card), ==, conf_expected);
  g_assert_cmpstr (g_getenv ("SOFTHSM2_CONF"), ==, conf_expected);
  g_assert_cmpstr (eb_practice_card_get_root_path (card), ==, root_expected);
  g_assert_true (g_str_has_prefix (eb_practice_card_get_root_path (card),
                                   eb_practice_card_get_trust_dir (card)));
  g_assert_true (g_file_test (root_expected, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (eb_practice_card_get_module_path (card), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (eb_practice_card_get_certificate_label (card), ==, TCKN "NES0");

  /* The app's token manager finds the token and its one certificate. */
  manager = eb_token_manager_new ();
  load (manager, eb_practice_card_get_module_path (card), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eb_token_manager_get_module_path (manager), ==,
                   eb_practice_card_get_module_path (card));
  refresh (manager, &error);
  g_assert_no_error (error);
  tokens = eb_token_manager_get_tokens (manager);
  g_assert_cmpuint (g_list_model_get_n_items (tokens), ==, 1);
  token = g_list_model_get_item (tokens, 0);
  g_assert_cmpstr (eb_token_get_label (token), ==, EB_PRACTICE_CARD_TOKEN_LABEL);
  g_assert_true (eb_token_get_login_required (token));
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);
  certs = eb_token_get_certificates (token);
  g_assert_cmpuint (g_list_model_get_n_items (certs), ==, 1);
  cert = eb_token_find_certificate (token, TCKN "NES0");
  g_assert_nonnull (cert);

  /* An NES of the applicant, by the app's own rules. */
  info = eb_token_certificate_get_info (cert);
  g_assert_true (g_bytes_equal (eb_certificate_info_get_der (info),
                                eb_practice_card_get_certificate_der (card)));
  g_assert_cmpint (eb_certificate_info_get_verdict (info, TCKN, now), ==,
                   EB_RENEWAL_VERDICT_USABLE);
  g_assert_cmpint (eb_certificate_info_get_verdict (info, "12345678950", now), ==,
                   EB_RENEWAL_VERDICT_OTHER_PERSON);
  g_assert_cmpstr (eb_certificate_info_get_holder_name (info), ==, HOLDER);
  g_assert_cmpstr (eb_certificate_info_get_tckn (info), ==, TCKN);
  g_assert_true (eb_certificate_info_get_non_repudiation (info));
  g_assert_true (eb_certificate_info_get_qc_compliance (info));
  g_assert_true (eb_certificate_info_get_btk_statement (info));
  g_assert_true (eb_certificate_info_get_nes_policy (info));
  g_assert_true (eb_certificate_info_is_nes (info));
  g_assert_nonnull (strstr (eb_certificate_info_get_issuer_name (info), "Alıştırma"));
  g_assert_cmpint (eb_certificate_info_get_days_left (info, now), >=, 729);
  g_assert_cmpint (eb_certificate_info_get_days_left (info, now), <=, 731);

  /* Log in with the practice PIN and sign a digest on the token. */
  g_checksum_update (checksum, (const guchar *) data, -1);
  g_checksum_get_digest (checksum, digest_data, &digest_len);
  digest = g_bytes_new (digest_data, digest_len);
  login (manager, token, EB_PRACTICE_CARD_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (eb_token_get_logged_in (token));
  signature = run_with_key (manager, token, cert, digest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);

  x509 = eb_certificate_info_get_x509 (info);
  public_key = X509_get0_pubkey (x509);
  verify = EVP_PKEY_CTX_new (public_key, NULL);
  g_assert_cmpint (EVP_PKEY_verify_init (verify), ==, 1);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (verify, RSA_PKCS1_PADDING), ==, 1);
  g_assert_cmpint (EVP_PKEY_CTX_set_signature_md (verify, EVP_sha256 ()), ==, 1);
  g_assert_cmpint (EVP_PKEY_verify (verify, g_bytes_get_data (signature, NULL),
                                    g_bytes_get_size (signature),
                                    digest_data, digest_len), ==, 1);
  EVP_PKEY_CTX_free (verify);

  /* The practice root vouches for the certificate. */
  file = fopen (person_pem, "w");
  g_assert_nonnull (file);
  g_assert_cmpint (PEM_write_X509 (file, x509), ==, 1);
  g_assert_cmpint (fclose (file), ==, 0);
  assert_openssl_verify (root_expected, person_pem);

  /* SoftHSM keeps the PIN only as a hash; nothing else writes it. */
  g_assert_false (tree_contains (dir, EB_PRACTICE_CARD_PIN, &n_files));
  g_test_message ("%u files without the PIN", n_files);
  g_assert_cmpuint (n_files, >=, 4);  /* conf, root, person, token files */

  eb_token_manager_unload (manager);
}

/* While the token manager has SoftHSM initialised, another card would land
 * in its token dir and finalize SoftHSM under it: refused. After unload,
 * fine. A dir that has a card already is refused too. */
static void
test_busy (void)
{
  g_autofree char *dir = new_dir ("busy-first");
  g_autofree char *second_dir = new_dir ("busy-second");
  g_autofree char *second_tokens = g_build_filename (second_dir, "tokens", NULL);
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(EbPracticeCard) second = NULL;
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GError) error = NULL;
  GListModel *tokens;

  card = eb_practice_card_new (dir, HOLDER, TCKN, &error);
  g_assert_no_error (error);
  load (manager, eb_practice_card_get_module_path (card), &error);
  g_assert_no_error (error);

  second = eb_practice_card_new (second_dir, HOLDER, TCKN, &error);
  g_assert_null (second);
  g_assert_error (error, EB_PRACTICE_CARD_ERROR, EB_PRACTICE_CARD_ERROR_SOFTHSM_BUSY);
  g_clear_error (&error);
  g_assert_cmpstr (g_getenv ("SOFTHSM2_CONF"), ==, eb_practice_card_get_softhsm_conf (card));
  g_assert_false (g_file_test (second_tokens, G_FILE_TEST_EXISTS));

  /* The same through the async call, which sets SOFTHSM2_CONF early. */
  second = new_card_async (second_dir, &error);
  g_assert_null (second);
  g_assert_error (error, EB_PRACTICE_CARD_ERROR, EB_PRACTICE_CARD_ERROR_SOFTHSM_BUSY);
  g_clear_error (&error);
  g_assert_cmpstr (g_getenv ("SOFTHSM2_CONF"), ==, eb_practice_card_get_softhsm_conf (card));
  g_assert_false (g_file_test (second_tokens, G_FILE_TEST_EXISTS));

  /* The manager still works. */
  refresh (manager, &error);
  g_assert_no_error (error);
  tokens = eb_token_manager_get_tokens (manager);
  g_assert_cmpuint (g_list_model_get_n_items (tokens), ==, 1);
  eb_token_manager_unload (manager);

  second = eb_practice_card_new (second_dir, HOLDER, TCKN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_clear_object (&second);

  second = eb_practice_card_new (second_dir, HOLDER, TCKN, &error);
  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

/* SoftHSM counts no tries; with the practice card set on the token manager
 * the token behaves like a card: a right PIN starts the count again, the
 * flags say when one try is left, and the third wrong PIN locks it, after
 * which the right PIN is refused too, with a real card's error. */
static void
test_pin_locks (void)
{
  g_autofree char *dir = new_dir ("pin-locks");
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(EbToken) token = NULL;
  g_autoptr(GError) error = NULL;

  card = eb_practice_card_new (dir, HOLDER, TCKN, &error);
  g_assert_no_error (error);
  eb_token_manager_set_practice_card (manager, card);
  load (manager, eb_practice_card_get_module_path (card), &error);
  g_assert_no_error (error);
  token = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);
  g_assert_nonnull (token);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);

  /* One wrong, then the right one: the count starts again. */
  g_assert_false (login (manager, token, "000000", &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_COUNT_LOW);
  g_assert_true (login (manager, token, EB_PRACTICE_CARD_PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);
  g_assert_false (eb_practice_card_pin_is_locked (card));
  /* Signed and done: the signing session logs out. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    eb_token_manager_logout_async (manager, token, NULL, eb_test_on_result, &result);
    g_assert_true (eb_token_manager_logout_finish (manager, eb_test_wait_result (&result), &error));
    g_assert_no_error (error);
  }

  /* Three wrong in a row: count low, final try, locked. */
  g_assert_false (login (manager, token, "000000", &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_COUNT_LOW);
  g_assert_false (login (manager, token, "111111", &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_FINAL_TRY);
  g_assert_true (eb_token_get_pin_final_try (token));
  g_assert_false (login (manager, token, "222222", &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_LOCKED);
  g_assert_true (eb_practice_card_pin_is_locked (card));

  /* The fourth, right, PIN does not open it; a refresh still says locked. */
  g_assert_false (login (manager, token, EB_PRACTICE_CARD_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED);
  g_clear_error (&error);
  g_assert_false (eb_token_get_logged_in (token));
  refresh (manager, &error);
  g_assert_no_error (error);
  g_clear_object (&token);
  token = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_LOCKED);

  eb_token_manager_unload (manager);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("eb-test-practice-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/card/practice/missing-module", test_missing_module);
  g_test_add_func ("/card/practice/invalid-tckn", test_invalid_tckn);
  g_test_add_func ("/card/practice/not-a-module", test_not_a_module);
  g_test_add_func ("/card/practice/create-and-sign", test_create_and_sign);
  g_test_add_func ("/card/practice/busy", test_busy);
  g_test_add_func ("/card/practice/pin-locks", test_pin_locks);

  status = g_test_run ();

  eb_remove_tree (work_dir, NULL);
  g_free (work_dir);
  return status;
}
