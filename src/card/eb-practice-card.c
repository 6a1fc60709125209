/* eb-practice-card.c — a practice e-signature card for training mode (SoftHSM2)
 *
 * Everything is made in-process (OpenSSL 3 and libp11, no external
 * commands): the practice root CA and the person's NES-shaped certificate,
 * both with fresh RSA keys; the SoftHSM token holding the person's key and
 * certificate; the root's PEM for the practice portal. The root's key is
 * dropped once it has signed, and the person's key leaves memory only for the
 * token, which keeps it encrypted under the PIN.
 *
 * libp11 0.4.12 traps (see eb-token-manager.c): the slot count is asked of
 * the module first; slots are released and enumerated again rather than
 * updated, which is also how the token appears after C_InitToken (SoftHSM
 * moves an initialised token to a new slot and offers a fresh spare one).
 *
 * SoftHSM is a singleton per process: initialising it here while somebody
 * else (the token manager) has it initialised would put the token in their
 * token dir and finalize the module under them. So the module is checked
 * first, initialised here, and finalized again before returning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libp11.h>
#include <openssl/bn.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>
#include <p11-kit/pkcs11.h>

#include "eb-clock.h"
#include "eb-file-util.h"
#include "eb-practice-card.h"
#include "eb-validation.h"

#define RSA_BITS 2048
#define ROOT_VALIDITY_YEARS 10
#define PERSON_VALIDITY_YEARS 2
#define BACKDATE_SECONDS (24 * 60 * 60)  /* a day: tolerates a clock a little behind */

/* A PKCS#11 token label is 32 bytes. */
G_STATIC_ASSERT (sizeof EB_PRACTICE_CARD_TOKEN_LABEL - 1 <= 32);

/* Only what the certificate parser (eb-certificate-info.c) and the portal
 * look for, shaped like tests/card/eb-test-pki.sh's person_nes. The policy
 * is Kamu SM's NES policy so that the practice walks the same path; its
 * user notice and the issuer say what the certificate is. */
static const char extensions_conf[] =
  "[ root_ext ]\n"
  "basicConstraints = critical, CA:true\n"
  "keyUsage = critical, keyCertSign, cRLSign\n"
  "subjectKeyIdentifier = hash\n"
  "\n"
  "[ person_nes ]\n"
  "basicConstraints = critical, CA:false\n"
  "keyUsage = critical, nonRepudiation\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid:always\n"
  "certificatePolicies = @nes_policy\n"
  "1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qc_statements\n"
  "\n"
  "[ nes_policy ]\n"
  "policyIdentifier = 2.16.792.1.2.1.1.5.7.1.1\n"
  "userNotice.1 = @practice_notice\n"
  "\n"
  "[ practice_notice ]\n"
  "explicitText = \"UTF8:Alıştırma sertifikasıdır, hukuki geçerliliği yoktur.\"\n"
  "\n"
  "[ qc_statements ]\n"
  "compliance = SEQUENCE:qc_compliance\n"
  "btk = SEQUENCE:qc_btk\n"
  "\n"
  "[ qc_compliance ]\n"
  "id = OID:0.4.0.1862.1.1\n"
  "\n"
  "[ qc_btk ]\n"
  "id = OID:2.16.792.1.61.0.1.5070.1.1\n"
  "text = UTF8:5070 sayılı Kanuna göre nitelikli elektronik sertifikadır.\n";

static const char * const default_module_paths[] = {
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",  /* Debian, Ubuntu */
  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib64/pkcs11/libsofthsm2.so",                  /* Fedora */
  "/usr/lib/pkcs11/libsofthsm2.so",                    /* Arch */
  "/usr/local/lib/softhsm/libsofthsm2.so",             /* built from source */
  "/app/lib/softhsm/libsofthsm2.so",                   /* Flatpak */
  NULL
};

struct _EbPracticeCard
{
  GObject parent_instance;

  char *dir;
  char *module_path;
  char *softhsm_conf;
  char *trust_dir;
  char *root_path;
  char *holder_name;
  char *tckn;
  char *certificate_label;
  GBytes *certificate_der;
  int wrong_pins;               /* in a row; atomic: the token manager's worker counts */
};

G_DEFINE_FINAL_TYPE (EbPracticeCard, eb_practice_card, G_TYPE_OBJECT)

typedef struct
{
  EbPracticeCardErrorDetail detail;
} EbPracticeCardErrorPrivate;

static void
eb_practice_card_error_private_init (EbPracticeCardErrorPrivate *priv)
{
}

static void
eb_practice_card_error_private_copy (const EbPracticeCardErrorPrivate *src,
                                     EbPracticeCardErrorPrivate       *dest)
{
  dest->detail.problem = src->detail.problem;
  dest->detail.subject = g_strdup (src->detail.subject);
  dest->detail.reason = g_strdup (src->detail.reason);
  dest->detail.number = src->detail.number;
}

static void
eb_practice_card_error_private_clear (EbPracticeCardErrorPrivate *priv)
{
  g_clear_pointer (&priv->detail.subject, g_free);
  g_clear_pointer (&priv->detail.reason, g_free);
}

/* An extended error: what src/ui needs to say it rides along with the code. */
G_DEFINE_EXTENDED_ERROR (EbPracticeCardError, eb_practice_card_error)

/**
 * eb_practice_card_error_get_detail:
 *
 * Returns: (nullable): what went wrong, for an %EB_PRACTICE_CARD_ERROR
 */
const EbPracticeCardErrorDetail *
eb_practice_card_error_get_detail (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != EB_PRACTICE_CARD_ERROR)
    return NULL;
  return &eb_practice_card_error_get_private (error)->detail;
}

/* Sets @error with its detail; the message is English, for the log. */
static void
set_practice_error (GError               **error,
                    EbPracticeCardError    code,
                    EbPracticeCardProblem  problem,
                    const char            *subject,
                    const char            *reason,
                    gulong                 number,
                    const char            *message)
{
  EbPracticeCardErrorPrivate *priv;

  if (error == NULL)
    return;
  g_set_error_literal (error, EB_PRACTICE_CARD_ERROR, code, message);
  priv = eb_practice_card_error_get_private (*error);
  priv->detail.problem = problem;
  priv->detail.subject = g_strdup (subject);
  priv->detail.reason = g_strdup (reason);
  priv->detail.number = number;
}

static void
eb_practice_card_finalize (GObject *object)
{
  EbPracticeCard *self = EB_PRACTICE_CARD (object);

  g_free (self->dir);
  g_free (self->module_path);
  g_free (self->softhsm_conf);
  g_free (self->trust_dir);
  g_free (self->root_path);
  g_free (self->holder_name);
  g_free (self->tckn);
  g_free (self->certificate_label);
  g_clear_pointer (&self->certificate_der, g_bytes_unref);

  G_OBJECT_CLASS (eb_practice_card_parent_class)->finalize (object);
}

static void
eb_practice_card_class_init (EbPracticeCardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eb_practice_card_finalize;
}

static void
eb_practice_card_init (EbPracticeCard *self)
{
}

/* Errors */

/* The first error of OpenSSL's (or libp11's) queue, which it empties. */
static void
set_error_from_openssl (GError     **error,
                        const char  *what)
{
  unsigned long e = ERR_peek_error ();
  char detail[256] = "unknown error";

  if (e != 0)
    ERR_error_string_n (e, detail, sizeof detail);
  ERR_clear_error ();
  {
    g_autofree char *message = g_strdup_printf ("Could not create the practice card: %s failed (%s)",
                                                what, detail);

    set_practice_error (error, EB_PRACTICE_CARD_ERROR_FAILED, EB_PRACTICE_CARD_PROBLEM_CALL_FAILED,
                        what, detail, 0, message);
  }
}

static void
set_error_from_ckr (GError     **error,
                    const char  *what,
                    CK_RV        rv)
{
  g_autofree char *message = g_strdup_printf ("Could not create the practice card: %s failed (0x%lx)",
                                              what, (unsigned long) rv);

  set_practice_error (error, EB_PRACTICE_CARD_ERROR_FAILED, EB_PRACTICE_CARD_PROBLEM_TOKEN_CALL_FAILED,
                      what, NULL, (gulong) rv, message);
}

/* Module */

/**
 * eb_practice_card_get_default_module_paths:
 *
 * Returns: (transfer none): where SoftHSM2's PKCS#11 module is looked for
 */
const char * const *
eb_practice_card_get_default_module_paths (void)
{
  return default_module_paths;
}

/**
 * eb_practice_card_find_module:
 * @module_paths: (nullable): candidates, in order; %NULL for the default ones
 *
 * Returns: (transfer full): the first candidate that exists, or %NULL with
 *   %EB_PRACTICE_CARD_ERROR_NO_SOFTHSM
 */
char *
eb_practice_card_find_module (const char * const  *module_paths,
                              GError             **error)
{
  g_autofree char *tried = NULL;

  if (module_paths == NULL)
    module_paths = default_module_paths;

  for (gsize i = 0; module_paths[i] != NULL; i++)
    if (g_file_test (module_paths[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (module_paths[i]);

  tried = g_strjoinv (", ", (char **) module_paths);
  {
    g_autofree char *message = g_strdup_printf ("SoftHSM2 is not installed (looked for %s); "
                                                "install the softhsm2 package", tried);

    set_practice_error (error, EB_PRACTICE_CARD_ERROR_NO_SOFTHSM, EB_PRACTICE_CARD_PROBLEM_NOT_INSTALLED,
                        tried, NULL, 0, message);
  }
  return NULL;
}

/* Whether somebody in this process has the module initialised (C_GetInfo
 * answers only then). Must not load the module: that is RTLD_NOLOAD. */
static gboolean
module_in_use (const char *module_path)
{
  void *handle = dlopen (module_path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  CK_C_GetFunctionList get_function_list;
  CK_FUNCTION_LIST *functions = NULL;
  CK_INFO info;
  gboolean in_use = FALSE;

  if (handle == NULL)
    return FALSE;

  get_function_list = (CK_C_GetFunctionList) dlsym (handle, "C_GetFunctionList");
  if (get_function_list != NULL && get_function_list (&functions) == CKR_OK && functions != NULL)
    in_use = functions->C_GetInfo (&info) == CKR_OK;
  dlclose (handle);

  return in_use;
}

static void
set_busy_error (GError **error)
{
  set_practice_error (error, EB_PRACTICE_CARD_ERROR_SOFTHSM_BUSY, EB_PRACTICE_CARD_PROBLEM_BUSY,
                      NULL, NULL, 0, "SoftHSM2 is already in use in this process");
}

/* PKI */

static X509_NAME *
make_name (const char * const *fields,  /* pairs: field name, UTF-8 value */
           GError            **error)
{
  X509_NAME *name = X509_NAME_new ();

  for (gsize i = 0; fields[i] != NULL; i += 2)
    if (X509_NAME_add_entry_by_txt (name, fields[i], MBSTRING_UTF8,
                                    (const unsigned char *) fields[i + 1], -1, -1, 0) != 1)
      {
        X509_NAME_free (name);
        set_error_from_openssl (error, fields[i]);
        return NULL;
      }

  return name;
}

/* @issuer NULL: self-signed with @key. */
static X509 *
make_certificate (X509_NAME  *subject,
                  EVP_PKEY   *key,
                  X509       *issuer,
                  EVP_PKEY   *issuer_key,
                  CONF       *conf,
                  const char *section,
                  GDateTime  *now,
                  gint        years,
                  GError    **error)
{
  g_autoptr(GDateTime) not_after = g_date_time_add_years (now, years);
  X509 *cert = X509_new ();
  BIGNUM *serial = BN_new ();
  X509V3_CTX v3;
  const char *failed = NULL;

  /* A random positive 64-bit serial, as CAs do. */
  if (BN_rand (serial, 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER (serial, X509_get_serialNumber (cert)) == NULL)
    failed = "BN_rand";
  else if (X509_set_version (cert, X509_VERSION_3) != 1 ||
           X509_set_subject_name (cert, subject) != 1 ||
           X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : subject) != 1 ||
           X509_set_pubkey (cert, key) != 1 ||
           ASN1_TIME_set (X509_getm_notBefore (cert),
                          g_date_time_to_unix (now) - BACKDATE_SECONDS) == NULL ||
           ASN1_TIME_set (X509_getm_notAfter (cert), g_date_time_to_unix (not_after)) == NULL)
    failed = "X509_set";
  else
    {
      X509V3_set_ctx (&v3, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
      X509V3_set_nconf (&v3, conf);
      if (X509V3_EXT_add_nconf (conf, &v3, section, cert) != 1)
        failed = section;
      else if (X509_sign (cert, issuer_key != NULL ? issuer_key : key, EVP_sha256 ()) <= 0)
        failed = "X509_sign";
    }
  BN_free (serial);

  if (failed != NULL)
    {
      set_error_from_openssl (error, failed);
      X509_free (cert);
      return NULL;
    }
  return cert;
}

static EVP_PKEY *
make_key (GError **error)
{
  EVP_PKEY *key = EVP_RSA_gen (RSA_BITS);

  if (key == NULL)
    set_error_from_openssl (error, "EVP_RSA_gen");
  return key;
}

/* The person's key and certificate, issued directly by the practice root,
 * whose certificate goes to *@root_out (its key is dropped here). */
static gboolean
make_pki (const char  *holder_name,
          const char  *tckn,
          EVP_PKEY   **key_out,
          X509       **cert_out,
          X509       **root_out,
          GError     **error)
{
  const char *root_fields[] = {
    "C", "TR",
    "O", "e-İmza Başvuru",
    "OU", "Alıştırma — gerçek değildir",
    "CN", "e-İmza Başvuru Alıştırma Kök Sertifikası",
    NULL
  };
  const char *person_fields[] = {
    "C", "TR",
    "CN", holder_name,
    "serialNumber", tckn,
    NULL
  };
  g_autoptr(GDateTime) now = eb_clock_now ();
  EVP_PKEY *root_key = NULL, *key = NULL;
  X509_NAME *root_name = NULL, *person_name = NULL;
  X509 *root = NULL, *cert = NULL;
  CONF *conf = NCONF_new (NULL);
  BIO *bio = BIO_new_mem_buf (extensions_conf, -1);
  long error_line = -1;
  gboolean ok = FALSE;

  ERR_clear_error ();
  if (NCONF_load_bio (conf, bio, &error_line) <= 0)
    {
      set_error_from_openssl (error, "NCONF_load_bio");
      goto out;
    }

  if ((root_key = make_key (error)) == NULL ||
      (key = make_key (error)) == NULL ||
      (root_name = make_name (root_fields, error)) == NULL ||
      (person_name = make_name (person_fields, error)) == NULL ||
      (root = make_certificate (root_name, root_key, NULL, NULL, conf, "root_ext",
                                now, ROOT_VALIDITY_YEARS, error)) == NULL ||
      (cert = make_certificate (person_name, key, root, root_key, conf, "person_nes",
                                now, PERSON_VALIDITY_YEARS, error)) == NULL)
    goto out;

  *key_out = g_steal_pointer (&key);
  *cert_out = g_steal_pointer (&cert);
  *root_out = g_steal_pointer (&root);
  ok = TRUE;

out:
  EVP_PKEY_free (root_key);
  EVP_PKEY_free (key);
  X509_NAME_free (root_name);
  X509_NAME_free (person_name);
  X509_free (root);
  X509_free (cert);
  BIO_free (bio);
  NCONF_free (conf);
  return ok;
}

/* Token */

static gboolean
enumerate_slots (PKCS11_CTX        *ctx,
                 CK_FUNCTION_LIST  *functions,
                 PKCS11_SLOT      **slots,
                 unsigned int      *n_slots,
                 GError           **error)
{
  CK_ULONG count = 0;
  CK_RV rv;

  *slots = NULL;
  *n_slots = 0;

  /* libp11 0.4.12 fails on zero slots: ask first. SoftHSM always offers a
   * spare uninitialised token, so none is an error here. */
  rv = functions->C_GetSlotList (CK_FALSE, NULL, &count);
  if (rv != CKR_OK || count == 0)
    {
      set_error_from_ckr (error, "C_GetSlotList", rv);
      return FALSE;
    }
  if (PKCS11_enumerate_slots (ctx, slots, n_slots) != 0)
    {
      *slots = NULL;
      *n_slots = 0;
      set_error_from_openssl (error, "PKCS11_enumerate_slots");
      return FALSE;
    }
  return TRUE;
}

static PKCS11_SLOT *
find_slot (PKCS11_SLOT  *slots,
           unsigned int  n_slots,
           gboolean      initialized)
{
  for (unsigned int i = 0; i < n_slots; i++)
    {
      PKCS11_TOKEN *token = slots[i].token;

      if (token == NULL || (token->initialized != 0) != initialized)
        continue;
      if (!initialized || g_strcmp0 (token->label, EB_PRACTICE_CARD_TOKEN_LABEL) == 0)
        return &slots[i];
    }
  return NULL;
}

/* Makes the token and stores @key and @cert in it, then finalizes the
 * module again. */
static gboolean
make_token (const char  *module_path,
            EVP_PKEY    *key,
            X509        *cert,
            const char  *label,
            GError     **error)
{
  CK_C_INITIALIZE_ARGS args = { .flags = CKF_OS_LOCKING_OK };
  CK_C_GetFunctionList get_function_list;
  CK_FUNCTION_LIST *functions = NULL;
  const ASN1_OCTET_STRING *key_id;
  PKCS11_CTX *ctx = NULL;
  PKCS11_SLOT *slots = NULL, *slot;
  unsigned int n_slots = 0;
  gboolean initialized = FALSE, loaded = FALSE, ok = FALSE;
  g_autofree char *label_copy = g_strdup (label);
  char token_label[32 + 1];
  void *handle;
  CK_RV rv;

  handle = dlopen (module_path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    {
      const char *why = dlerror ();
      g_autofree char *message = g_strdup_printf ("The SoftHSM2 module could not be loaded: %s", why);

      set_practice_error (error, EB_PRACTICE_CARD_ERROR_NO_SOFTHSM, EB_PRACTICE_CARD_PROBLEM_NOT_LOADABLE,
                          module_path, why, 0, message);
      return FALSE;
    }
  get_function_list = (CK_C_GetFunctionList) dlsym (handle, "C_GetFunctionList");
  if (get_function_list == NULL || get_function_list (&functions) != CKR_OK || functions == NULL)
    {
      set_practice_error (error, EB_PRACTICE_CARD_ERROR_NO_SOFTHSM, EB_PRACTICE_CARD_PROBLEM_NOT_LOADABLE,
                          module_path, "no C_GetFunctionList", 0,
                          "The SoftHSM2 module could not be loaded: no C_GetFunctionList");
      goto out;
    }

  /* Ours, so that an initialisation by somebody else shows; libp11 accepts
   * CKR_CRYPTOKI_ALREADY_INITIALIZED and finalizes on unload. */
  rv = functions->C_Initialize (&args);
  if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED)
    {
      set_busy_error (error);
      goto out;
    }
  if (rv != CKR_OK)
    {
      set_error_from_ckr (error, "C_Initialize", rv);
      goto out;
    }
  initialized = TRUE;

  ERR_clear_error ();
  ctx = PKCS11_CTX_new ();
  if (PKCS11_CTX_load (ctx, module_path) != 0)
    {
      set_error_from_openssl (error, "PKCS11_CTX_load");
      goto out;
    }
  loaded = TRUE;

  if (!enumerate_slots (ctx, functions, &slots, &n_slots, error))
    goto out;
  slot = find_slot (slots, n_slots, FALSE);
  if (slot == NULL)
    {
      set_error_from_ckr (error, "C_GetSlotList", CKR_TOKEN_NOT_PRESENT);
      goto out;
    }
  /* libp11 0.4.12 hands the label to C_InitToken as is, which reads 32
   * bytes: pad it with blanks, as PKCS#11 wants. */
  memset (token_label, ' ', sizeof token_label - 1);
  memcpy (token_label, EB_PRACTICE_CARD_TOKEN_LABEL, strlen (EB_PRACTICE_CARD_TOKEN_LABEL));
  token_label[sizeof token_label - 1] = '\0';
  if (PKCS11_init_token (slot->token, EB_PRACTICE_CARD_PIN, token_label) != 0)
    {
      set_error_from_openssl (error, "PKCS11_init_token");
      goto out;
    }

  /* SoftHSM moved the token to a slot of its own: enumerate again. */
  PKCS11_release_all_slots (ctx, slots, n_slots);
  slots = NULL;
  if (!enumerate_slots (ctx, functions, &slots, &n_slots, error))
    goto out;
  slot = find_slot (slots, n_slots, TRUE);
  if (slot == NULL)
    {
      set_error_from_ckr (error, "C_InitToken", CKR_TOKEN_NOT_RECOGNIZED);
      goto out;
    }

  /* A read-write session for all that follows (libp11 gives an SO a
   * read-write one anyway, a user a read-only one). */
  if (PKCS11_open_session (slot, 1) != 0 ||
      PKCS11_login (slot, 1, EB_PRACTICE_CARD_PIN) != 0)
    {
      set_error_from_openssl (error, "PKCS11_login (SO)");
      goto out;
    }
  if (PKCS11_init_pin (slot->token, EB_PRACTICE_CARD_PIN) != 0 ||
      PKCS11_logout (slot) != 0)
    {
      set_error_from_openssl (error, "PKCS11_init_pin");
      goto out;
    }
  if (PKCS11_login (slot, 0, EB_PRACTICE_CARD_PIN) != 0)
    {
      set_error_from_openssl (error, "PKCS11_login");
      goto out;
    }

  /* The key and its certificate share an id, as on a card: the subject
   * key identifier. */
  key_id = X509_get0_subject_key_id (cert);
  g_assert (key_id != NULL);
  if (PKCS11_store_private_key (slot->token, key, label_copy,
                                (unsigned char *) ASN1_STRING_get0_data (key_id),
                                ASN1_STRING_length (key_id)) != 0)
    {
      set_error_from_openssl (error, "PKCS11_store_private_key");
      goto out;
    }
  if (PKCS11_store_certificate (slot->token, cert, label_copy,
                                (unsigned char *) ASN1_STRING_get0_data (key_id),
                                ASN1_STRING_length (key_id), NULL) != 0)
    {
      set_error_from_openssl (error, "PKCS11_store_certificate");
      goto out;
    }
  PKCS11_logout (slot);
  ok = TRUE;

out:
  /* Releasing the slots closes the session and cleanses libp11's PIN copy. */
  if (slots != NULL)
    PKCS11_release_all_slots (ctx, slots, n_slots);
  if (loaded)
    PKCS11_CTX_unload (ctx);  /* C_Finalize */
  else if (initialized)
    functions->C_Finalize (NULL);
  if (ctx != NULL)
    PKCS11_CTX_free (ctx);
  ERR_clear_error ();
  dlclose (handle);
  return ok;
}

/* Files */

static gboolean
make_private_dir (const char  *path,
                  GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the folder “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

static gboolean
write_pem (X509        *cert,
           const char  *path,
           GError     **error)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;
  gboolean ok;

  if (PEM_write_bio_X509 (bio, cert) != 1)
    {
      BIO_free (bio);
      set_error_from_openssl (error, "PEM_write_bio_X509");
      return FALSE;
    }
  len = BIO_get_mem_data (bio, &data);
  ok = g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
  BIO_free (bio);
  return ok;
}

static char *
conf_path_for (const char *dir)
{
  g_autofree char *absolute = g_canonicalize_filename (dir, NULL);

  return g_build_filename (absolute, "softhsm2.conf", NULL);
}

/* SoftHSM reads the variable in C_Initialize. */
static void
point_softhsm_at (const char *conf)
{
  if (g_strcmp0 (g_getenv ("SOFTHSM2_CONF"), conf) != 0)
    g_setenv ("SOFTHSM2_CONF", conf, TRUE);
}

/* Construction */

static gboolean
check_arguments (const char  *holder_name,
                 const char  *tckn,
                 GError     **error)
{
  if (!eb_tckn_is_valid (tckn))
    {
      g_autofree char *message = g_strdup_printf ("“%s” is not a valid T.C. Kimlik No", tckn);

      set_practice_error (error, EB_PRACTICE_CARD_ERROR_INVALID_TCKN, EB_PRACTICE_CARD_PROBLEM_INVALID_TCKN,
                          tckn, NULL, 0, message);
      return FALSE;
    }
  if (*holder_name == '\0' || !g_utf8_validate (holder_name, -1, NULL))
    {
      set_practice_error (error, EB_PRACTICE_CARD_ERROR_FAILED, EB_PRACTICE_CARD_PROBLEM_NO_HOLDER_NAME,
                          NULL, NULL, 0, "The practice card needs the holder's name");
      return FALSE;
    }
  return TRUE;
}

/* What can be checked before anything is written or SOFTHSM2_CONF is
 * changed. Returns the module's path. */
static char *
preflight (const char          *dir,
           const char          *holder_name,
           const char          *tckn,
           const char * const  *module_paths,
           GError             **error)
{
  g_autofree char *absolute = g_canonicalize_filename (dir, NULL);
  g_autofree char *tokens_dir = g_build_filename (absolute, "tokens", NULL);
  g_autofree char *module_path = NULL;

  if (!check_arguments (holder_name, tckn, error))
    return NULL;
  module_path = eb_practice_card_find_module (module_paths, error);
  if (module_path == NULL)
    return NULL;
  if (module_in_use (module_path))
    {
      set_busy_error (error);
      return NULL;
    }
  if (!dir_is_empty (tokens_dir))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "A practice card already exists in “%s”", absolute);
      return NULL;
    }
  return g_steal_pointer (&module_path);
}

/**
 * eb_practice_card_new_full:
 * @dir: a directory of the practice session (made if missing); its
 *   `tokens` subdirectory must be empty or absent
 * @holder_name: the person, as printed on the certificate ("MEHMET ALİ YILDIZ")
 * @tckn: the person's T.C. Kimlik No
 * @module_paths: (nullable): where to look for SoftHSM2's module; %NULL for
 *   eb_practice_card_get_default_module_paths()
 *
 * Makes the practice card (about a second: run it in a thread) and sets
 * SOFTHSM2_CONF to its config; see the file's header for when to call it.
 *
 * Returns: (transfer full): the card, or %NULL with @error set
 */
EbPracticeCard *
eb_practice_card_new_full (const char          *dir,
                           const char          *holder_name,
                           const char          *tckn,
                           const char * const  *module_paths,
                           GError             **error)
{
  g_autoptr(EbPracticeCard) self = NULL;
  g_autofree char *tokens_dir = NULL;
  g_autofree char *conf_text = NULL;
  EVP_PKEY *key = NULL;
  X509 *cert = NULL, *root = NULL;
  unsigned char *der = NULL;
  int der_len;
  gboolean ok = FALSE;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (holder_name != NULL, NULL);
  g_return_val_if_fail (tckn != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (EB_TYPE_PRACTICE_CARD, NULL);
  self->module_path = preflight (dir, holder_name, tckn, module_paths, error);
  if (self->module_path == NULL)
    return NULL;
  self->dir = g_canonicalize_filename (dir, NULL);
  self->holder_name = g_strdup (holder_name);
  self->tckn = g_strdup (tckn);
  self->certificate_label = g_strconcat (tckn, "NES0", NULL);
  self->softhsm_conf = conf_path_for (dir);
  self->trust_dir = g_build_filename (self->dir, "trust", NULL);
  self->root_path = g_build_filename (self->trust_dir, "practice-root.pem", NULL);
  tokens_dir = g_build_filename (self->dir, "tokens", NULL);

  if (!make_private_dir (tokens_dir, error) || !make_private_dir (self->trust_dir, error))
    return NULL;
  conf_text = g_strdup_printf ("# The practice card of e-İmza Başvuru's training mode.\n"
                               "directories.tokendir = %s\n"
                               "objectstore.backend = file\n"
                               "log.level = ERROR\n"
                               "slots.removable = false\n",
                               tokens_dir);
  if (!g_file_set_contents_full (self->softhsm_conf, conf_text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  point_softhsm_at (self->softhsm_conf);

  if (!make_pki (holder_name, tckn, &key, &cert, &root, error) ||
      !make_token (self->module_path, key, cert, self->certificate_label, error) ||
      !write_pem (root, self->root_path, error))
    goto out;

  der_len = i2d_X509 (cert, &der);
  if (der_len <= 0)
    {
      set_error_from_openssl (error, "i2d_X509");
      goto out;
    }
  self->certificate_der = g_bytes_new (der, der_len);
  OPENSSL_free (der);
  ok = TRUE;

out:
  EVP_PKEY_free (key);
  X509_free (cert);
  X509_free (root);
  if (!ok)
    {
      /* No half-made card: a new attempt in the same dir can succeed. */
      eb_remove_tree (tokens_dir, NULL);
      g_unlink (self->root_path);
      g_rmdir (self->trust_dir);
      g_unlink (self->softhsm_conf);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * eb_practice_card_new:
 *
 * eb_practice_card_new_full() with the default module paths.
 */
EbPracticeCard *
eb_practice_card_new (const char  *dir,
                      const char  *holder_name,
                      const char  *tckn,
                      GError     **error)
{
  return eb_practice_card_new_full (dir, holder_name, tckn, NULL, error);
}

typedef struct
{
  char *dir;
  char *holder_name;
  char *tckn;
} NewData;

static void
new_data_free (NewData *data)
{
  g_free (data->dir);
  g_free (data->holder_name);
  g_free (data->tckn);
  g_free (data);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  NewData *data = task_data;
  GError *error = NULL;
  EbPracticeCard *card;

  if (g_task_return_error_if_cancelled (task))
    return;

  card = eb_practice_card_new (data->dir, data->holder_name, data->tckn, &error);
  if (card == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, card, g_object_unref);
}

/**
 * eb_practice_card_new_async:
 *
 * eb_practice_card_new() in a thread. SOFTHSM2_CONF is set here, on the
 * calling thread, so that the worker need not touch the environment.
 */
void
eb_practice_card_new_async (const char          *dir,
                            const char          *holder_name,
                            const char          *tckn,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *module_path = NULL;
  NewData *data;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (holder_name != NULL);
  g_return_if_fail (tckn != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Before the task: its thread pool starts GLib's worker thread. Not when
   * the card will fail anyway (the thread says why): SoftHSM in use by
   * somebody else must keep its config. */
  module_path = preflight (dir, holder_name, tckn, NULL, NULL);
  if (module_path != NULL)
    {
      conf = conf_path_for (dir);
      point_softhsm_at (conf);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_practice_card_new_async);

  data = g_new0 (NewData, 1);
  data->dir = g_strdup (dir);
  data->holder_name = g_strdup (holder_name);
  data->tckn = g_strdup (tckn);
  g_task_set_task_data (task, data, (GDestroyNotify) new_data_free);
  g_task_run_in_thread (task, new_thread);
}

EbPracticeCard *
eb_practice_card_new_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_practice_card_new_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors */

const char *
eb_practice_card_get_dir (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->dir;
}

/* The SoftHSM2 PKCS#11 module: the token manager's user module in training mode. */
const char *
eb_practice_card_get_module_path (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->module_path;
}

/* SOFTHSM2_CONF must name this file whenever SoftHSM is initialised. */
const char *
eb_practice_card_get_softhsm_conf (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->softhsm_conf;
}

/* The practice portal's trust-anchor directory: the practice root's PEM. */
const char *
eb_practice_card_get_trust_dir (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->trust_dir;
}

const char *
eb_practice_card_get_root_path (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->root_path;
}

const char *
eb_practice_card_get_holder_name (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->holder_name;
}

const char *
eb_practice_card_get_tckn (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->tckn;
}

/* <TCKN>NES0, the AKİS label scheme. */
const char *
eb_practice_card_get_certificate_label (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->certificate_label;
}

/**
 * eb_practice_card_get_certificate_der:
 *
 * Returns: (transfer none): the person's certificate, DER
 */
GBytes *
eb_practice_card_get_certificate_der (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), NULL);

  return self->certificate_der;
}

/**
 * eb_practice_card_pin_is_locked:
 *
 * SoftHSM counts no tries, so the practice card does, and the token manager
 * refuses the login of a locked practice card as a real card refuses it.
 *
 * Returns: whether %EB_PRACTICE_CARD_PIN_TRIES wrong PINs came in a row
 */
gboolean
eb_practice_card_pin_is_locked (EbPracticeCard *self)
{
  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), FALSE);

  return g_atomic_int_get (&self->wrong_pins) >= EB_PRACTICE_CARD_PIN_TRIES;
}

/**
 * eb_practice_card_record_login:
 * @pin_right: whether SoftHSM took the PIN
 *
 * Counts a wrong PIN; a right one, before the card locked, starts the count
 * again, as a card's retry counter does. A locked card stays locked: like a
 * real one, only Kamu SM's unblocking would open it (in practice: a new
 * practice session).
 */
void
eb_practice_card_record_login (EbPracticeCard *self,
                               gboolean        pin_right)
{
  g_return_if_fail (EB_IS_PRACTICE_CARD (self));

  if (eb_practice_card_pin_is_locked (self))
    return;
  if (pin_right)
    g_atomic_int_set (&self->wrong_pins, 0);
  else
    g_atomic_int_inc (&self->wrong_pins);
}

/**
 * eb_practice_card_get_pin_flags:
 *
 * Returns: the CK_TOKEN_INFO flags a card reports for its user PIN's retry
 *   counter now: CKF_USER_PIN_COUNT_LOW after a wrong PIN, with
 *   CKF_USER_PIN_FINAL_TRY when one try is left, CKF_USER_PIN_LOCKED when none
 */
gulong
eb_practice_card_get_pin_flags (EbPracticeCard *self)
{
  int wrong;

  g_return_val_if_fail (EB_IS_PRACTICE_CARD (self), 0);

  wrong = g_atomic_int_get (&self->wrong_pins);
  if (wrong >= EB_PRACTICE_CARD_PIN_TRIES)
    return CKF_USER_PIN_LOCKED;
  if (wrong == EB_PRACTICE_CARD_PIN_TRIES - 1)
    return CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY;
  if (wrong > 0)
    return CKF_USER_PIN_COUNT_LOW;
  return 0;
}
