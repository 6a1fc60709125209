/* sign.c — benchmark: signing the application form on a SoftHSM2 token
 *
 * Median of N in-process PAdES signatures after login (EbTokenManager →
 * libp11 → SoftHSM: CMS, appearance and incremental update included), next
 * to the same RSA signature made by the openssl CLI through the PKCS#11
 * engine (libengine-pkcs11-openssl) in the same run: `openssl dgst -sha256
 * -sign pkcs11:… -engine pkcs11 -keyform engine` over the form's bytes.
 * The CLI pays for a process, module load and login each time; that is
 * what a user of a CLI-based signer would pay too.
 *
 * Usage: meson test --benchmark --suite card sign, or run it by hand
 * (EB_BENCH_RUNS=N).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <openssl/pem.h>

#include "eb-form-document.h"
#include "eb-pades-signer.h"
#include "eb-test-form.h"
#include "eb-test-async.h"
#include "eb-test-pki.h"
#include "eb-token-manager.h"

typedef struct
{
  GBytes    *pdf;
  EbPdfRect  box;
  GDateTime *time;
} Job;

static GBytes *
sign_with_key (EVP_PKEY      *key,
               X509          *certificate,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *job = user_data;
  EbPadesAppearance appearance = { "AYŞE YILMAZ", "12345678950", job->time };

  return eb_pades_sign (job->pdf, key, certificate, NULL, &job->box, &appearance, error);
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbTestPki) pki = NULL;
  g_autoptr(EbTokenManager) manager = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbSecret) pin = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cli = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *module = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *label = NULL;
  g_autofree char *user_pin = NULL;
  g_autofree char *token_label = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *uri = NULL;
  const char *runs_env = g_getenv ("EB_BENCH_RUNS");
  guint runs = runs_env != NULL ? (guint) atoi (runs_env) : 20;
  EbToken *token;
  EbTokenCertificate *cert;
  Job job;

  setlocale (LC_ALL, "");
  runs = MAX (runs, 1);

  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  conf = eb_test_pki_get (pki, "token", "conf");
  module = eb_test_pki_get (pki, "token", "module");
  user_pin = eb_test_pki_get (pki, "token", "user-pin");
  token_label = eb_test_pki_get (pki, "token", "label");
  label = eb_test_pki_get_person (pki, "valid", "label");
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);
  g_setenv ("PKCS11_MODULE_PATH", module, TRUE);

  job.pdf = eb_test_form_render_sample ("12345678950");
  eb_form_document_get_signature_box (&job.box);
  job.time = g_date_time_new_now_local ();

  /* In process: load and log in once, as the app does, then sign N times. */
  manager = eb_token_manager_new ();
  eb_token_manager_load_async (manager, module, NULL, eb_test_on_result, &result);
  eb_token_manager_load_finish (manager, eb_test_wait_result (&result), &error);
  g_assert_no_error (error);
  token = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);
  g_object_unref (token);
  pin = eb_secret_new (user_pin, -1);
  g_clear_object (&result);
  eb_token_manager_login_async (manager, token, pin, NULL, eb_test_on_result, &result);
  eb_token_manager_login_finish (manager, eb_test_wait_result (&result), &error);
  g_assert_no_error (error);
  cert = eb_token_find_certificate (token, label);
  g_assert_nonnull (cert);

  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) signed_pdf = NULL;
      double ms;

      g_clear_object (&result);
      eb_token_manager_run_with_key_async (manager, token, cert, sign_with_key, &job, NULL,
                                           NULL, eb_test_on_result, &result);
      signed_pdf = eb_token_manager_run_with_key_finish (manager, eb_test_wait_result (&result),
                                                         &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ours, ms);
    }

  /* The openssl CLI through the PKCS#11 engine, same key, same token. */
  data_path = g_build_filename (eb_test_pki_get_dir (pki), "form.pdf", NULL);
  sig_path = g_build_filename (eb_test_pki_get_dir (pki), "form.sig", NULL);
  g_assert_true (g_file_set_contents (data_path, g_bytes_get_data (job.pdf, NULL),
                                      g_bytes_get_size (job.pdf), NULL));
  uri = g_strdup_printf ("pkcs11:token=%s;object=%s;type=private;pin-value=%s",
                         token_label, label, user_pin);
  for (guint i = 0; i < runs; i++)
    {
      const char *cli_argv[] = { "openssl", "dgst", "-sha256", "-engine", "pkcs11",
                                 "-keyform", "engine", "-sign", uri, "-out", sig_path,
                                 data_path, NULL };
      gint64 start = g_get_monotonic_time ();
      g_autofree char *err = NULL;
      int status;
      double ms;

      g_spawn_sync (NULL, (char **) cli_argv, NULL,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                    NULL, &err, &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, &error))
        g_error ("openssl dgst: %s", err);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (cli, ms);
    }

  {
    double a = median (ours);
    double b = median (cli);

    g_print ("PAdES signature of the form (%" G_GSIZE_FORMAT " bytes), SoftHSM2, %u runs each:\n",
             g_bytes_get_size (job.pdf), runs);
    g_print ("  in process (CMS + appearance + incremental update): median %.1f ms\n", a);
    g_print ("  openssl dgst -sign via engine pkcs11 (RSA only):     median %.1f ms\n", b);
    g_print ("  ratio in-process / CLI: %.2f\n", a / b);
  }

  g_bytes_unref (job.pdf);
  g_date_time_unref (job.time);
  eb_token_manager_unload (manager);
  return 0;
}
