/* test-token-manager.c — EbTokenManager on a SoftHSM2 token: module discovery
 * and loading, certificates and their verdicts, PIN tries, PIN pad, the
 * private key, unloading
 *
 * The PIN retry counter, the PIN pad and an AKİS-like module that refuses
 * CKF_OS_LOCKING_OK come from eb-test-pkcs11-shim, a module in front of
 * SoftHSM (which has none of these).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "eb-card-enums.h"
#include "eb-test-async.h"
#include "eb-test-pki.h"
#include "eb-token-manager.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

#define APPLICANT "12345678950"
#define RIGHT_PIN "123456"
#define WRONG_PIN "999999"

static EbTestPki *pki;
static const char *softhsm_path;
static char *work_dir;

/* Async helpers */

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
login (EbTokenManager  *manager,
       EbToken         *token,
       const char      *pin,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbSecret) secret = pin != NULL ? eb_secret_new (pin, -1) : NULL;

  eb_token_manager_login_async (manager, token, secret, NULL, eb_test_on_result, &result);
  /* The manager has its own reference now; ours goes. */
  g_clear_pointer (&secret, eb_secret_unref);
  return eb_token_manager_login_finish (manager, eb_test_wait_result (&result), error);
}

/* A manager with the shim (configured by @shim_extra) or SoftHSM loaded as
 * the user's module, and its one token. */
static EbTokenManager *
manager_with_token (const char  *shim_extra,
                    gboolean     use_shim,
                    EbToken    **token_out)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GError) error = NULL;
  GListModel *tokens;

  eb_test_pki_write_shim_conf (pki, shim_extra);
  load (manager, use_shim ? EB_TEST_SHIM_PATH : softhsm_path, &error);
  g_assert_no_error (error);

  tokens = eb_token_manager_get_tokens (manager);
  g_assert_cmpuint (g_list_model_get_n_items (tokens), ==, 1);
  *token_out = g_list_model_get_item (tokens, 0);
  g_object_unref (*token_out);  /* the model keeps it */

  return g_steal_pointer (&manager);
}

/* Tests */

static void
test_discovery_order (void)
{
  g_autofree char *dir = g_build_filename (work_dir, "discovery", NULL);
  g_autofree char *user_dir = g_build_filename (dir, "user", NULL);
  g_autofree char *system_dir = g_build_filename (dir, "system", NULL);
  g_autofree char *module_dir = g_build_filename (dir, "lib", NULL);
  g_autofree char *akis = g_build_filename (module_dir, "libakisp11.so", NULL);
  g_autofree char *opensc = g_build_filename (module_dir, "opensc-pkcs11.so", NULL);
  g_autofree char *vendor = g_build_filename (module_dir, "vendor.so", NULL);
  const char *akis_paths[] = { "/nonexistent/libakisp11.so", akis, NULL };
  const char *config_dirs[] = { user_dir, system_dir, NULL };
  const char *opensc_paths[] = { opensc, NULL };
  EbPkcs11SearchPaths paths = { akis_paths, config_dirs, module_dir, opensc_paths };
  g_autoptr(GPtrArray) found = NULL;
  static const struct
  {
    const char *dir;
    const char *name;
    const char *contents;
  } files[] = {
    /* Relative names are under p11-kit's module dir; priority comes first. */
    { "system", "b-vendor.module", "module: vendor.so\n" },
    { "system", "a-late.module", "module: /opt/late/pkcs11.so\npriority: -1\n" },
    { "system", "z-early.module", "# comment\nmodule:/opt/early/pkcs11.so\npriority: 10\n" },
    /* Trust stores are not tokens; files without a module are nothing. */
    { "system", "p11-kit-trust.module", "module: p11-kit-trust.so\ntrust-policy: yes\n" },
    { "system", "empty.module", "critical: no\n" },
    { "system", "README", "module: /opt/not-a-module-file.so\n" },
    /* The user's file overrides the system's of the same name. */
    { "user", "b-vendor.module", "module: /home/user/vendor.so\n" },
    /* The same module as OpenSC's fallback: tried once. */
    { "user", "opensc.module", "module: opensc-pkcs11.so\n" },
  };
  static const struct
  {
    EbPkcs11Source source;
    const char *path;  /* relative to module_dir when not absolute */
  } expected[] = {
    { EB_PKCS11_SOURCE_USER_SETTING, "/opt/mine/pkcs11.so" },
    { EB_PKCS11_SOURCE_AKIS, "/nonexistent/libakisp11.so" },
    { EB_PKCS11_SOURCE_AKIS, "libakisp11.so" },
    { EB_PKCS11_SOURCE_P11_KIT, "/opt/early/pkcs11.so" },
    { EB_PKCS11_SOURCE_P11_KIT, "/home/user/vendor.so" },
    { EB_PKCS11_SOURCE_P11_KIT, "opensc-pkcs11.so" },
    { EB_PKCS11_SOURCE_P11_KIT, "/opt/late/pkcs11.so" },
  };

  g_assert_cmpint (g_mkdir_with_parents (user_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (system_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (module_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (akis, "", 0, NULL));
  g_assert_true (g_file_set_contents (opensc, "", 0, NULL));
  g_assert_true (g_file_set_contents (vendor, "", 0, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].dir, files[i].name, NULL);

      g_assert_true (g_file_set_contents (path, files[i].contents, -1, NULL));
    }

  found = eb_pkcs11_module_discover ("/opt/mine/pkcs11.so", &paths);
  for (guint i = 0; i < found->len; i++)
    {
      EbPkcs11Module *module = g_ptr_array_index (found, i);
      g_test_message ("%u: %d %s (%s)", i, module->source, module->path,
                      module->origin ? module->origin : "-");
    }
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < found->len; i++)
    {
      EbPkcs11Module *module = g_ptr_array_index (found, i);
      g_autofree char *path = g_path_is_absolute (expected[i].path)
                              ? g_strdup (expected[i].path)
                              : g_build_filename (module_dir, expected[i].path, NULL);

      g_assert_cmpint (module->source, ==, expected[i].source);
      g_assert_cmpstr (module->path, ==, path);
      g_assert_cmpint (module->status, ==, EB_PKCS11_STATUS_NOT_TRIED);
    }
  g_assert_true (g_str_has_suffix (((EbPkcs11Module *) g_ptr_array_index (found, 4))->origin,
                                   "/user/b-vendor.module"));

  /* No user setting, nothing found anywhere: only the fixed places. */
  g_clear_pointer (&found, g_ptr_array_unref);
  {
    const char *none[] = { NULL };
    EbPkcs11SearchPaths empty = { none, none, module_dir, none };

    found = eb_pkcs11_module_discover (NULL, &empty);
    g_assert_cmpuint (found->len, ==, 0);
    g_clear_pointer (&found, g_ptr_array_unref);
    found = eb_pkcs11_module_discover ("", &empty);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

static void
test_load_attempts (void)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (work_dir, "attempts", NULL);
  g_autofree char *fake_akis = g_build_filename (dir, "libakisp11.so", NULL);
  g_autofree char *conf = g_build_filename (dir, "shim.module", NULL);
  g_autofree char *conf_contents = g_strdup_printf ("module: %s\n", EB_TEST_SHIM_PATH);
  const char *akis_paths[] = { "/nonexistent/libakisp11.so", fake_akis, NULL };
  const char *config_dirs[] = { dir, NULL };
  const char *opensc_paths[] = { "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so", NULL };
  EbPkcs11SearchPaths paths = { akis_paths, config_dirs, dir, opensc_paths };
  GPtrArray *attempts;
  EbPkcs11Module *module;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fake_akis, "not an ELF file", -1, NULL));
  g_assert_true (g_file_set_contents (conf, conf_contents, -1, NULL));
  eb_test_pki_write_shim_conf (pki, NULL);

  eb_token_manager_set_search_paths (manager, &paths);
  g_assert_false (eb_token_manager_get_loaded (manager));
  load (manager, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (eb_token_manager_get_loaded (manager));
  g_assert_cmpstr (eb_token_manager_get_module_path (manager), ==, EB_TEST_SHIM_PATH);
  g_assert_nonnull (strstr (eb_token_manager_get_module_description (manager), "SoftHSM"));

  attempts = eb_token_manager_get_module_attempts (manager);
  g_assert_cmpuint (attempts->len, ==, 4);
  module = g_ptr_array_index (attempts, 0);
  g_assert_cmpint (module->status, ==, EB_PKCS11_STATUS_NOT_FOUND);
  module = g_ptr_array_index (attempts, 1);
  g_assert_cmpstr (module->path, ==, fake_akis);
  g_assert_cmpint (module->status, ==, EB_PKCS11_STATUS_LOAD_FAILED);
  g_assert_nonnull (module->message);
  module = g_ptr_array_index (attempts, 2);
  g_assert_cmpint (module->source, ==, EB_PKCS11_SOURCE_P11_KIT);
  g_assert_cmpint (module->status, ==, EB_PKCS11_STATUS_LOADED);
  g_assert_cmpstr (module->origin, ==, conf);
  module = g_ptr_array_index (attempts, 3);
  g_assert_cmpint (module->source, ==, EB_PKCS11_SOURCE_OPENSC);
  g_assert_cmpint (module->status, ==, EB_PKCS11_STATUS_NOT_TRIED);

  g_assert_cmpuint (g_list_model_get_n_items (eb_token_manager_get_tokens (manager)), ==, 1);
}

static void
test_no_module (void)
{
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GError) error = NULL;
  const char *akis_paths[] = { "/nonexistent/libakisp11.so", NULL };
  const char *none[] = { NULL };
  EbPkcs11SearchPaths paths = { akis_paths, none, "/nonexistent", none };
  GPtrArray *attempts;

  eb_token_manager_set_search_paths (manager, &paths);
  g_assert_false (load (manager, "/nonexistent/user.so", &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NO_MODULE);
  g_assert_false (eb_token_manager_get_loaded (manager));
  g_assert_null (eb_token_manager_get_module_path (manager));

  attempts = eb_token_manager_get_module_attempts (manager);
  g_assert_cmpuint (attempts->len, ==, 2);
  g_assert_cmpint (((EbPkcs11Module *) g_ptr_array_index (attempts, 0))->source, ==,
                   EB_PKCS11_SOURCE_USER_SETTING);
  g_assert_cmpint (((EbPkcs11Module *) g_ptr_array_index (attempts, 0))->status, ==,
                   EB_PKCS11_STATUS_NOT_FOUND);
  g_assert_cmpint (((EbPkcs11Module *) g_ptr_array_index (attempts, 1))->status, ==,
                   EB_PKCS11_STATUS_NOT_FOUND);

  /* Everything else says "load first". */
  {
    g_autoptr(GAsyncResult) result = NULL;

    g_clear_error (&error);
    eb_token_manager_refresh_async (manager, NULL, eb_test_on_result, &result);
    g_assert_false (eb_token_manager_refresh_finish (manager, eb_test_wait_result (&result), &error));
    g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOADED);
  }
}

static void
test_null_args_fallback (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token ("reject-os-locking=true\n", TRUE, &token);
  EbPkcs11Module *module = g_ptr_array_index (eb_token_manager_get_module_attempts (manager), 0);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (module->status, ==, EB_PKCS11_STATUS_LOADED_NULL_ARGS);
  g_assert_nonnull (strstr (module->message, "CKR_CANT_LOCK"));
  g_assert_cmpstr (eb_token_get_label (token), ==, "AKIS_TEST");

  /* And it works like any other. */
  login (manager, token, RIGHT_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (eb_token_get_logged_in (token));
}

static void
test_certificates (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, FALSE, &token);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GListModel *certs = eb_token_get_certificates (token);
  static const struct
  {
    const char *person;
    EbRenewalVerdict verdict;
  } cases[] = {
    { "valid", EB_RENEWAL_VERDICT_USABLE },
    { "expiring", EB_RENEWAL_VERDICT_EXPIRING_SOON },
    { "expired", EB_RENEWAL_VERDICT_EXPIRED },
    { "no-nonrepudiation", EB_RENEWAL_VERDICT_NOT_NES },
    { "other-person", EB_RENEWAL_VERDICT_OTHER_PERSON },
  };

  g_assert_cmpstr (eb_token_get_label (token), ==, "AKIS_TEST");
  g_assert_cmpstr (eb_token_get_manufacturer (token), ==, "SoftHSM project");
  g_assert_nonnull (eb_token_get_serial (token));
  g_assert_true (eb_token_get_login_required (token));
  g_assert_false (eb_token_get_logged_in (token));
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);
  g_assert_cmpuint (g_list_model_get_n_items (certs), ==, G_N_ELEMENTS (cases));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = eb_test_pki_get_person (pki, cases[i].person, "label");
      g_autofree char *id = eb_test_pki_get_person (pki, cases[i].person, "id");
      g_autofree char *name = eb_test_pki_get_person (pki, cases[i].person, "name");
      g_autoptr(GBytes) der = eb_test_pki_load_cert_der (pki, cases[i].person);
      EbTokenCertificate *cert = eb_token_find_certificate (token, label);
      g_autofree char *cert_id = NULL;
      EbCertificateInfo *info;

      g_assert_nonnull (cert);
      cert_id = eb_token_certificate_dup_id_hex (cert);
      g_assert_cmpstr (cert_id, ==, id);
      info = eb_token_certificate_get_info (cert);
      g_assert_true (g_bytes_equal (eb_certificate_info_get_der (info), der));
      g_assert_cmpstr (eb_certificate_info_get_holder_name (info), ==, name);
      g_assert_cmpint (eb_certificate_info_get_verdict (info, APPLICANT, now), ==,
                       cases[i].verdict);
    }
}

static void
test_wrong_pin (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, TRUE, &token);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);

  g_assert_false (login (manager, token, WRONG_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_assert_null (strstr (error->message, WRONG_PIN));
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_COUNT_LOW);
  g_assert_true (eb_token_get_pin_count_low (token));
  g_assert_false (eb_token_get_pin_final_try (token));
  g_assert_false (eb_token_get_logged_in (token));

  /* One try left now. */
  g_assert_false (login (manager, token, WRONG_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_FINAL_TRY);
  g_assert_true (eb_token_get_pin_final_try (token));

  /* The right one logs in and resets the counter. */
  g_assert_true (login (manager, token, RIGHT_PIN, &error));
  g_assert_no_error (error);
  g_assert_true (eb_token_get_logged_in (token));
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);
}

static void
test_pin_locked (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, TRUE, &token);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (login (manager, token, WRONG_PIN, &error));
      g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
      g_clear_error (&error);
    }
  g_assert_false (login (manager, token, WRONG_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_LOCKED);
  g_assert_true (eb_token_get_pin_locked (token));

  /* Locked is locked, even for the right PIN. */
  g_assert_false (login (manager, token, RIGHT_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED);
  g_assert_false (eb_token_get_logged_in (token));
}

static void
test_softhsm_wrong_pin (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, FALSE, &token);
  g_autoptr(GError) error = NULL;

  /* SoftHSM itself only knows "count low"; it never locks. */
  g_assert_false (login (manager, token, WRONG_PIN, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_COUNT_LOW);

  g_assert_true (login (manager, token, RIGHT_PIN, &error));
  g_assert_no_error (error);
  g_assert_true (eb_token_get_logged_in (token));
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);
}

static void
test_pinpad (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token ("pinpad-pin=" RIGHT_PIN "\n", TRUE,
                                                          &token);
  g_autoptr(GError) error = NULL;

  g_assert_true (eb_token_get_protected_auth_path (token));
  g_assert_true (login (manager, token, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (eb_token_get_logged_in (token));
}

static void
test_pin_required (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, TRUE, &token);
  g_autoptr(GError) error = NULL;

  g_assert_false (eb_token_get_protected_auth_path (token));
  g_assert_false (login (manager, token, NULL, &error));
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_REQUIRED);
  g_assert_cmpint (eb_token_get_pin_state (token), ==, EB_PIN_STATE_OK);
}

static GBytes *
sign_with_key (EVP_PKEY      *key,
               X509          *certificate,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *data = user_data;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  guint8 *signature = NULL;
  size_t len = 0;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  g_assert_nonnull (certificate);

  /* PKCS#1 v1.5 with SHA-256, as the signer will. */
  if (EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key) != 1 ||
      EVP_DigestSign (ctx, NULL, &len, (const guint8 *) data, strlen (data)) != 1)
    goto fail;
  signature = g_malloc (len);
  if (EVP_DigestSign (ctx, signature, &len, (const guint8 *) data, strlen (data)) != 1)
    goto fail;

  EVP_MD_CTX_free (ctx);
  return g_bytes_new_take (signature, len);

fail:
  g_free (signature);
  EVP_MD_CTX_free (ctx);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "signing failed");
  return NULL;
}

static GBytes *
run_with_key (EbTokenManager      *manager,
              EbToken             *token,
              EbTokenCertificate  *cert,
              const char          *data,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eb_token_manager_run_with_key_async (manager, token, cert, sign_with_key, g_strdup (data),
                                       g_free, NULL, eb_test_on_result, &result);
  return eb_token_manager_run_with_key_finish (manager, eb_test_wait_result (&result), error);
}

static void
test_private_key (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, FALSE, &token);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = eb_test_pki_get_person (pki, "valid", "label");
  EbTokenCertificate *cert = eb_token_find_certificate (token, label);
  g_autoptr(EbTokenCertificate) held = cert != NULL ? g_object_ref (cert) : NULL;
  g_autoptr(GBytes) signature = NULL;
  EVP_PKEY *public_key;
  EVP_MD_CTX *ctx;
  const char *data = "e-İmza Başvuru";

  g_assert_nonnull (cert);

  /* Not before logging in. */
  signature = run_with_key (manager, token, cert, data, &error);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOGGED_IN);
  g_assert_null (signature);
  g_clear_error (&error);

  login (manager, token, RIGHT_PIN, &error);
  g_assert_no_error (error);
  signature = run_with_key (manager, token, cert, data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);

  /* Made by the certificate's key. */
  public_key = X509_get0_pubkey (eb_certificate_info_get_x509 (
                                   eb_token_certificate_get_info (cert)));
  ctx = EVP_MD_CTX_new ();
  g_assert_cmpint (EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL, public_key), ==, 1);
  g_assert_cmpint (EVP_DigestVerify (ctx, g_bytes_get_data (signature, NULL),
                                     g_bytes_get_size (signature),
                                     (const guint8 *) data, strlen (data)), ==, 1);
  EVP_MD_CTX_free (ctx);

  /* Logging out closes the door again. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    eb_token_manager_logout_async (manager, token, NULL, eb_test_on_result, &result);
    eb_token_manager_logout_finish (manager, eb_test_wait_result (&result), &error);
    g_assert_no_error (error);
  }
  g_assert_false (eb_token_get_logged_in (token));
  /* Read again, the certificate is still the same object. */
  g_assert_true (eb_token_find_certificate (token, label) == cert);
  g_clear_pointer (&signature, g_bytes_unref);
  signature = run_with_key (manager, token, cert, data, &error);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOGGED_IN);
}

static void
test_refresh_keeps_objects (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, FALSE, &token);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbToken) after = NULL;

  g_object_ref (token);
  eb_token_manager_refresh_async (manager, NULL, eb_test_on_result, &result);
  g_assert_true (eb_token_manager_refresh_finish (manager, eb_test_wait_result (&result), &error));
  g_assert_no_error (error);

  after = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);
  g_assert_true (after == token);
  g_assert_cmpuint (g_list_model_get_n_items (eb_token_get_certificates (token)), ==, 5);
  g_object_unref (token);
}

static void
test_unload_and_reload (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, FALSE, &token);
  g_autoptr(GError) error = NULL;

  eb_token_manager_unload (manager);
  g_assert_false (eb_token_manager_get_loaded (manager));
  g_assert_cmpuint (g_list_model_get_n_items (eb_token_manager_get_tokens (manager)), ==, 0);
  eb_token_manager_unload (manager);

  load (manager, softhsm_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (eb_token_manager_get_tokens (manager)), ==, 1);
}

static void
test_cancelled (void)
{
  EbToken *token;
  g_autoptr(EbTokenManager) manager = manager_with_token (NULL, FALSE, &token);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbSecret) pin = eb_secret_new (RIGHT_PIN, -1);

  g_cancellable_cancel (cancellable);
  eb_token_manager_login_async (manager, token, pin, cancellable, eb_test_on_result, &result);
  g_assert_false (eb_token_manager_login_finish (manager, eb_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (eb_token_get_logged_in (token));
}

static void
test_secret (void)
{
  g_autoptr(EbSecret) secret = eb_secret_new ("1234\0" "56", 7);
  EbSecret *other = eb_secret_new ("abc", -1);

  g_assert_cmpuint (eb_secret_get_length (secret), ==, 7);
  g_assert_cmpmem (eb_secret_get_text (secret), 8, "1234\0" "56\0", 8);
  g_assert_cmpstr (eb_secret_get_text (other), ==, "abc");
  eb_secret_ref (other);
  eb_secret_unref (other);
  g_assert_cmpstr (eb_secret_get_text (other), ==, "abc");
  eb_secret_unref (other);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Environment first, before any thread can read it. */
  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  softhsm_path = eb_test_pki_setup_shim (pki);
  work_dir = g_build_filename (eb_test_pki_get_dir (pki), "work", NULL);

  g_test_add_func ("/card/token/discovery-order", test_discovery_order);
  g_test_add_func ("/card/token/load-attempts", test_load_attempts);
  g_test_add_func ("/card/token/no-module", test_no_module);
  g_test_add_func ("/card/token/null-args-fallback", test_null_args_fallback);
  g_test_add_func ("/card/token/certificates", test_certificates);
  g_test_add_func ("/card/token/wrong-pin", test_wrong_pin);
  g_test_add_func ("/card/token/pin-locked", test_pin_locked);
  g_test_add_func ("/card/token/softhsm-wrong-pin", test_softhsm_wrong_pin);
  g_test_add_func ("/card/token/pinpad", test_pinpad);
  g_test_add_func ("/card/token/pin-required", test_pin_required);
  g_test_add_func ("/card/token/private-key", test_private_key);
  g_test_add_func ("/card/token/refresh-keeps-objects", test_refresh_keeps_objects);
  g_test_add_func ("/card/token/unload-and-reload", test_unload_and_reload);
  g_test_add_func ("/card/token/cancelled", test_cancelled);
  g_test_add_func ("/card/token/secret", test_secret);

  status = g_test_run ();

  eb_test_pki_free (pki);
  g_free (work_dir);
  return status;
}
