/* eb-test-pki.c — the test PKI (and SoftHSM2 token) of eb-test-pki.sh, from C
 *
 * Runs the script into a fresh temp dir and reads back its pki.ini. With a
 * token, point SOFTHSM2_CONF at eb_test_pki_get (pki, "token", "conf")
 * before SoftHSM is loaded (it reads the variable in C_Initialize).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <openssl/pem.h>

#include "eb-file-util.h"
#include "eb-test-pki.h"
#include "eb-turkish-text.h"
#include "eb-x509-util.h"

#ifndef EB_TEST_CARD_SRCDIR
#error "EB_TEST_CARD_SRCDIR must name tests/card in the source tree"
#endif

struct _EbTestPki
{
  char *dir;
  GKeyFile *ini;
  char *softhsm_module;  /* set by eb_test_pki_setup_shim() */
  char *shim_conf;
};

EbTestPki *
eb_test_pki_new (gboolean   with_token,
                 GError   **error)
{
  g_autoptr(EbTestPki) self = g_new0 (EbTestPki, 1);
  g_autofree char *script = g_build_filename (EB_TEST_CARD_SRCDIR, "eb-test-pki.sh", NULL);
  g_autofree char *ini_path = NULL;
  g_autofree char *err = NULL;
  int status;
  const char *argv[] = { "/bin/bash", script, with_token ? "--token" : NULL, NULL, NULL };

  self->dir = g_dir_make_tmp ("eb-test-pki-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  argv[with_token ? 3 : 2] = self->dir;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "eb-test-pki.sh: %s", err);
      return NULL;
    }

  self->ini = g_key_file_new ();
  ini_path = g_build_filename (self->dir, "pki.ini", NULL);
  if (!g_key_file_load_from_file (self->ini, ini_path, G_KEY_FILE_NONE, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
eb_test_pki_free (EbTestPki *self)
{
  if (self == NULL)
    return;

  if (self->dir != NULL)
    eb_remove_tree (self->dir, NULL);
  g_free (self->dir);
  g_clear_pointer (&self->ini, g_key_file_unref);
  g_free (self->softhsm_module);
  g_free (self->shim_conf);
  g_free (self);
}

const char *
eb_test_pki_get_dir (EbTestPki *self)
{
  return self->dir;
}

/* A value of pki.ini; aborts the test if it is missing. */
char *
eb_test_pki_get (EbTestPki  *self,
                 const char *group,
                 const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value = g_key_file_get_string (self->ini, group, key, &error);

  g_assert_no_error (error);
  return value;
}

char *
eb_test_pki_get_person (EbTestPki  *self,
                        const char *person,
                        const char *key)
{
  g_autofree char *group = g_strconcat ("person:", person, NULL);

  return eb_test_pki_get (self, group, key);
}

GBytes *
eb_test_pki_load_cert_der (EbTestPki  *self,
                           const char *person)
{
  g_autofree char *path = eb_test_pki_get_person (self, person, "cert-der");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);

  g_assert_no_error (error);
  return g_mapped_file_get_bytes (file);
}

/* Points SoftHSM at the token and eb-test-pkcs11-shim at SoftHSM and its
 * config (see eb_test_pki_write_shim_conf()). Through the environment, so
 * before any thread starts. Returns the SoftHSM module's path. */
const char *
eb_test_pki_setup_shim (EbTestPki *self)
{
  g_autofree char *conf = eb_test_pki_get (self, "token", "conf");

  g_assert_null (self->softhsm_module);
  self->softhsm_module = eb_test_pki_get (self, "token", "module");
  self->shim_conf = g_build_filename (self->dir, "shim.conf", NULL);
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);
  g_setenv ("EB_TEST_SHIM_CONF", self->shim_conf, TRUE);
  g_setenv ("EB_TEST_SHIM_MODULE", self->softhsm_module, TRUE);

  return self->softhsm_module;
}

/* The shim's config: SoftHSM behind it with 3 PIN tries, then @extra lines. */
void
eb_test_pki_write_shim_conf (EbTestPki  *self,
                             const char *extra)
{
  g_autofree char *contents = g_strdup_printf ("[shim]\nmodule=%s\npin-tries=3\n%s",
                                               self->softhsm_module, extra != NULL ? extra : "");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->shim_conf);
  g_file_set_contents (self->shim_conf, contents, -1, &error);
  g_assert_no_error (error);
}

/* When @person's certificate ends, read from the certificate itself. */
GDateTime *
eb_test_pki_get_not_after (EbTestPki  *self,
                           const char *person)
{
  g_autoptr(GBytes) der = eb_test_pki_load_cert_der (self, person);
  const unsigned char *p = g_bytes_get_data (der, NULL);
  X509 *cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (der));
  GDateTime *not_after;

  g_assert_nonnull (cert);
  not_after = eb_x509_time_to_date_time (X509_get0_notAfter (cert));
  X509_free (cert);
  g_assert_nonnull (not_after);
  return not_after;
}

GDateTime *
eb_test_turkish_midnight (GDateTime *time,
                          gint       days)
{
  g_autoptr(GDateTime) local = eb_turkish_time (time);
  g_autoptr(GDateTime) start = g_date_time_new (g_date_time_get_timezone (local),
                                                g_date_time_get_year (local),
                                                g_date_time_get_month (local),
                                                g_date_time_get_day_of_month (local), 0, 0, 0);

  return g_date_time_add_days (start, days);
}

/* @person's private key, from the PKI's key file (signing without a card). */
EVP_PKEY *
eb_test_pki_load_key (EbTestPki  *self,
                      const char *person)
{
  g_autofree char *path = eb_test_pki_get_person (self, person, "key");
  BIO *bio = BIO_new_file (path, "r");
  EVP_PKEY *key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);

  BIO_free (bio);
  g_assert_nonnull (key);
  return key;
}

X509 *
eb_test_pki_load_cert (EbTestPki  *self,
                       const char *person)
{
  g_autofree char *path = eb_test_pki_get_person (self, person, "cert");
  BIO *bio = BIO_new_file (path, "r");
  X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);

  BIO_free (bio);
  g_assert_nonnull (cert);
  return cert;
}

int
eb_test_pki_count_signatures (const char *sign_log)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  int count = 0;

  if (!g_file_get_contents (sign_log, &log, NULL, NULL))
    return 0;
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "C_Sign") && !g_str_has_prefix (lines[i], "C_SignInit"))
      count++;
  return count;
}

/* Runs one certutil command and fails the test unless it succeeds. */
static void
run_certutil (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("certutil: %s", err);
  g_assert_no_error (error);
}

char *
eb_test_pki_make_nss_db (EbTestPki *self)
{
  g_autofree char *root = eb_test_pki_get (self, "pki", "root");
  char *nss_dir = g_build_filename (self->dir, "home", ".pki", "nssdb", NULL);
  g_autofree char *db = g_strconcat ("sql:", nss_dir, NULL);
  const char *create[] = { "certutil", "-N", "-d", db, "--empty-password", NULL };
  const char *add[] = { "certutil", "-A", "-d", db, "-n", "Test Kök", "-t", "CT,C,C",
                        "-i", root, NULL };

  g_assert_cmpint (g_mkdir_with_parents (nss_dir, 0700), ==, 0);
  run_certutil (create);
  run_certutil (add);
  return nss_dir;
}
