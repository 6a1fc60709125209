/* eb-token-manager.c — the PKCS#11 module, its tokens, PIN login, the private key
 *
 * libp11 is not thread-safe and PKCS#11 calls block (a card answers in
 * hundreds of milliseconds, a PIN pad waits for the user), so every call goes
 * to one worker thread, in order, as a job; the job's result is copied into
 * the EbToken objects on the caller's main context before its GTask returns.
 * There is one PKCS11_CTX for the manager's life; eb_token_manager_unload()
 * (or dispose) finalizes the module before the program exits.
 *
 * Traps of libp11 0.4.12 avoided here: PKCS11_enumerate_slots() fails when
 * there are no slots, so the count is asked of the module first;
 * PKCS11_update_slots() crashes, so a refresh releases all slots and
 * enumerates again; PKCS11_CTX_load() always passes CKF_OS_LOCKING_OK, which
 * some AKİS builds reject, so such a module is first initialised here with
 * NULL arguments (libp11 then accepts CKR_CRYPTOKI_ALREADY_INITIALIZED).
 *
 * The PIN arrives as an EbSecret, goes to C_Login and is wiped when the job
 * drops it. libp11 keeps a copy to log in again after fork(); it is cleansed
 * when the slots are released, which logout does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <libp11.h>
#include <openssl/err.h>
#include <p11-kit/pkcs11.h>

#include "eb-token-manager.h"
#include "eb-token-private.h"

static void
openssl_free (void *p)
{
  OPENSSL_free (p);
}

/* What only the worker thread touches. */
typedef struct
{
  PKCS11_CTX *ctx;
  void *dl_handle;            /* our own reference: keeps the module mapped */
  CK_FUNCTION_LIST *functions;
  char *module_path;
  PKCS11_SLOT *slots;
  unsigned int n_slots;
  EbPracticeCard *practice;   /* the running job's, borrowed */
} Worker;

typedef struct _Job Job;
typedef void (*JobFunc) (Worker *worker,
                         Job    *job);

struct _Job
{
  GTask *task;
  JobFunc func;
  guint generation;

  /* in */
  char *user_module;
  EbPkcs11SearchPaths *paths;
  gulong slot_id;
  char *token_serial;
  char *token_label;
  EbSecret *pin;
  GBytes *cert_id;
  EbTokenKeyFunc key_func;
  gpointer key_data;
  GDestroyNotify key_data_destroy;
  EbPracticeCard *practice;

  /* out */
  GError *error;
  gboolean set_module;        /* the fields below replace the manager's */
  GPtrArray *attempts;
  char *module_path;
  char *module_description;
  GPtrArray *tokens;          /* EbTokenState: the whole list, or NULL */
  EbTokenState *token;        /* one token's new state, or NULL */
  GBytes *bytes;
};

struct _EbTokenManager
{
  GObject parent_instance;

  /* Main context */
  GListStore *tokens;         /* EbToken */
  GPtrArray *attempts;        /* EbPkcs11Module */
  char *module_path;
  char *module_description;
  EbPkcs11SearchPaths *paths;
  guint generation;           /* bumped by unload: older results are stale */
  EbPracticeCard *practice;   /* counts the practice token's PIN tries */

  /* Worker; the pool is freed before anybody else touches it */
  GThreadPool *pool;
  Worker worker;
};

G_DEFINE_FINAL_TYPE (EbTokenManager, eb_token_manager, G_TYPE_OBJECT)

G_DEFINE_QUARK (eb-token-error-quark, eb_token_error)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_MODULE_PATH,
  PROP_TOKENS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Search paths */

static EbPkcs11SearchPaths *
search_paths_copy (const EbPkcs11SearchPaths *paths)
{
  EbPkcs11SearchPaths *copy = g_new0 (EbPkcs11SearchPaths, 1);

  copy->akis_paths = (const char * const *) g_strdupv ((char **) paths->akis_paths);
  copy->p11kit_config_dirs = (const char * const *) g_strdupv ((char **) paths->p11kit_config_dirs);
  copy->p11kit_module_dir = g_strdup (paths->p11kit_module_dir);
  copy->opensc_paths = (const char * const *) g_strdupv ((char **) paths->opensc_paths);

  return copy;
}

static void
search_paths_free (EbPkcs11SearchPaths *paths)
{
  if (paths == NULL)
    return;

  g_strfreev ((char **) paths->akis_paths);
  g_strfreev ((char **) paths->p11kit_config_dirs);
  g_free ((char *) paths->p11kit_module_dir);
  g_strfreev ((char **) paths->opensc_paths);
  g_free (paths);
}

/* PKCS#11 results */

static const char *
ckr_name (CK_RV rv)
{
  switch (rv)
    {
    case CKR_OK: return "CKR_OK";
    case CKR_CANCEL: return "CKR_CANCEL";
    case CKR_HOST_MEMORY: return "CKR_HOST_MEMORY";
    case CKR_SLOT_ID_INVALID: return "CKR_SLOT_ID_INVALID";
    case CKR_GENERAL_ERROR: return "CKR_GENERAL_ERROR";
    case CKR_FUNCTION_FAILED: return "CKR_FUNCTION_FAILED";
    case CKR_ARGUMENTS_BAD: return "CKR_ARGUMENTS_BAD";
    case CKR_CANT_LOCK: return "CKR_CANT_LOCK";
    case CKR_DEVICE_ERROR: return "CKR_DEVICE_ERROR";
    case CKR_DEVICE_MEMORY: return "CKR_DEVICE_MEMORY";
    case CKR_DEVICE_REMOVED: return "CKR_DEVICE_REMOVED";
    case CKR_FUNCTION_CANCELED: return "CKR_FUNCTION_CANCELED";
    case CKR_FUNCTION_NOT_SUPPORTED: return "CKR_FUNCTION_NOT_SUPPORTED";
    case CKR_KEY_HANDLE_INVALID: return "CKR_KEY_HANDLE_INVALID";
    case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID";
    case CKR_OBJECT_HANDLE_INVALID: return "CKR_OBJECT_HANDLE_INVALID";
    case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
    case CKR_PIN_INVALID: return "CKR_PIN_INVALID";
    case CKR_PIN_LEN_RANGE: return "CKR_PIN_LEN_RANGE";
    case CKR_PIN_EXPIRED: return "CKR_PIN_EXPIRED";
    case CKR_PIN_LOCKED: return "CKR_PIN_LOCKED";
    case CKR_SESSION_CLOSED: return "CKR_SESSION_CLOSED";
    case CKR_SESSION_HANDLE_INVALID: return "CKR_SESSION_HANDLE_INVALID";
    case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
    case CKR_TOKEN_NOT_RECOGNIZED: return "CKR_TOKEN_NOT_RECOGNIZED";
    case CKR_USER_ALREADY_LOGGED_IN: return "CKR_USER_ALREADY_LOGGED_IN";
    case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
    case CKR_USER_PIN_NOT_INITIALIZED: return "CKR_USER_PIN_NOT_INITIALIZED";
    case CKR_USER_TYPE_INVALID: return "CKR_USER_TYPE_INVALID";
    case CKR_CRYPTOKI_NOT_INITIALIZED: return "CKR_CRYPTOKI_NOT_INITIALIZED";
    case CKR_CRYPTOKI_ALREADY_INITIALIZED: return "CKR_CRYPTOKI_ALREADY_INITIALIZED";
    default: return "CKR_VENDOR_OR_UNKNOWN";
    }
}

/* libp11 reports the module's CK_RV as an OpenSSL error of its own library;
 * this reads it back (CKR_GENERAL_ERROR if there is none) and empties this
 * thread's error queue. */
static CK_RV
eb_token_take_libp11_error (void)
{
  int lib = ERR_get_CKR_code ();
  CK_RV rv = CKR_GENERAL_ERROR;
  unsigned long e;

  while ((e = ERR_get_error ()) != 0)
    if (ERR_GET_LIB (e) == lib)
      rv = ERR_GET_REASON (e);

  return rv;
}

static void
set_error_from_ckr (GError     **error,
                    CK_RV        rv,
                    const char  *what)
{
  EbTokenError code;

  switch (rv)
    {
    case CKR_PIN_INCORRECT:
      code = EB_TOKEN_ERROR_PIN_INCORRECT;
      break;
    case CKR_PIN_LOCKED:
      code = EB_TOKEN_ERROR_PIN_LOCKED;
      break;
    case CKR_PIN_LEN_RANGE:
    case CKR_PIN_INVALID:
      code = EB_TOKEN_ERROR_PIN_FORMAT;
      break;
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_TOKEN_NOT_RECOGNIZED:
    case CKR_DEVICE_REMOVED:
    case CKR_SLOT_ID_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_SESSION_HANDLE_INVALID:
      code = EB_TOKEN_ERROR_TOKEN_NOT_PRESENT;
      break;
    case CKR_USER_NOT_LOGGED_IN:
      code = EB_TOKEN_ERROR_NOT_LOGGED_IN;
      break;
    case CKR_FUNCTION_CANCELED:
    case CKR_CANCEL:
      /* The user cancelled on the PIN pad. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: %s", what, ckr_name (rv));
      return;
    default:
      code = EB_TOKEN_ERROR_FAILED;
      break;
    }

  g_set_error (error, EB_TOKEN_ERROR, code, "%s: %s (0x%lx)", what, ckr_name (rv),
               (unsigned long) rv);
}

/* After a key function failed: if the card said why (a CK_RV that libp11
 * left in the error queue), that replaces the signer's "the key failed".
 * Cancelling on a PIN pad here is a failed signature, not a cancelled
 * step: the PIN session was already open. */
static void
take_key_error (GError **error)
{
  int lib = ERR_get_CKR_code ();
  gboolean found = FALSE;
  CK_RV rv = CKR_GENERAL_ERROR;
  unsigned long e;
  EbTokenError code;

  while ((e = ERR_get_error ()) != 0)
    if (ERR_GET_LIB (e) == lib)
      {
        rv = ERR_GET_REASON (e);
        found = TRUE;
      }
  if (!found)
    return;

  switch (rv)
    {
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_TOKEN_NOT_RECOGNIZED:
    case CKR_DEVICE_REMOVED:
    case CKR_SLOT_ID_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_SESSION_HANDLE_INVALID:
      code = EB_TOKEN_ERROR_TOKEN_NOT_PRESENT;
      break;
    case CKR_USER_NOT_LOGGED_IN:
    case CKR_PIN_EXPIRED:
      code = EB_TOKEN_ERROR_NOT_LOGGED_IN;
      break;
    default:
      code = EB_TOKEN_ERROR_FAILED;
      break;
    }
  g_clear_error (error);
  g_set_error (error, EB_TOKEN_ERROR, code, "C_Sign: %s (0x%lx)", ckr_name (rv), (unsigned long) rv);
}

/* Worker side: module */

static void
release_slots (Worker *worker)
{
  if (worker->slots != NULL)
    PKCS11_release_all_slots (worker->ctx, worker->slots, worker->n_slots);
  worker->slots = NULL;
  worker->n_slots = 0;
}

static void
unload_module (Worker *worker)
{
  release_slots (worker);
  if (worker->functions != NULL)
    {
      PKCS11_CTX_unload (worker->ctx);
      worker->functions = NULL;
      /* libp11 0.4.12 frees these only with the context: a second load
       * into the same context would leak the first module's. */
      g_clear_pointer (&worker->ctx->manufacturer, openssl_free);
      g_clear_pointer (&worker->ctx->description, openssl_free);
    }
  if (worker->dl_handle != NULL)
    {
      dlclose (worker->dl_handle);
      worker->dl_handle = NULL;
    }
  g_clear_pointer (&worker->module_path, g_free);
}

static gboolean
try_module (Worker         *worker,
            EbPkcs11Module *module)
{
  CK_C_GetFunctionList get_function_list;
  CK_FUNCTION_LIST *functions = NULL;
  void *handle;
  CK_RV rv;

  if (!g_file_test (module->path, G_FILE_TEST_EXISTS))
    {
      module->status = EB_PKCS11_STATUS_NOT_FOUND;
      return FALSE;
    }

  /* Our own dlopen first: it tells why a file does not load, and gives the
   * function list libp11 keeps to itself. */
  handle = dlopen (module->path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    {
      module->status = EB_PKCS11_STATUS_LOAD_FAILED;
      module->message = g_strdup (dlerror ());
      return FALSE;
    }
  get_function_list = (CK_C_GetFunctionList) dlsym (handle, "C_GetFunctionList");
  if (get_function_list == NULL || get_function_list (&functions) != CKR_OK || functions == NULL)
    {
      module->status = EB_PKCS11_STATUS_LOAD_FAILED;
      module->message = g_strdup ("not a PKCS#11 module (no C_GetFunctionList)");
      dlclose (handle);
      return FALSE;
    }

  ERR_clear_error ();
  if (PKCS11_CTX_load (worker->ctx, module->path) == 0)
    {
      module->status = EB_PKCS11_STATUS_LOADED;
    }
  else
    {
      CK_RV first = eb_token_take_libp11_error ();


      /* Some AKİS builds refuse CKF_OS_LOCKING_OK: initialise with NULL
       * arguments, and libp11's own C_Initialize then finds it done. */
      rv = functions->C_Initialize (NULL);
      if ((rv == CKR_OK || rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) &&
          PKCS11_CTX_load (worker->ctx, module->path) == 0)
        {
          module->status = EB_PKCS11_STATUS_LOADED_NULL_ARGS;
          module->message = g_strdup_printf ("C_Initialize with CKF_OS_LOCKING_OK: %s",
                                             ckr_name (first));
        }
      else
        {
          if (rv == CKR_OK)
            functions->C_Finalize (NULL);
          eb_token_take_libp11_error ();
          module->status = EB_PKCS11_STATUS_INIT_FAILED;
          module->message = g_strdup_printf ("C_Initialize: %s; with NULL arguments: %s",
                                             ckr_name (first), ckr_name (rv));
          dlclose (handle);
          return FALSE;
        }
    }

  worker->dl_handle = handle;
  worker->functions = functions;
  worker->module_path = g_strdup (module->path);
  return TRUE;
}

/* Worker side: tokens */

static char *
trimmed (const CK_UTF8CHAR *field,
         gsize              len)
{
  g_autofree char *copy = g_strndup ((const char *) field, len);

  return g_utf8_make_valid (g_strchomp (copy), -1);
}

static PKCS11_SLOT *
find_slot (Worker *worker,
           gulong  slot_id)
{
  for (unsigned int i = 0; i < worker->n_slots; i++)
    if (PKCS11_get_slotid_from_slot (&worker->slots[i]) == slot_id)
      return &worker->slots[i];

  return NULL;
}

/* Reads one token's flags afresh (libp11 keeps what it read at enumeration). */
#define PIN_COUNTER_FLAGS (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED)

/* The practice card's SoftHSM token, whose PIN tries the practice card
 * counts (SoftHSM has no retry counter). */
static gboolean
is_practice_token (Worker     *worker,
                   const char *label)
{
  return worker->practice != NULL &&
         g_strcmp0 (label, EB_PRACTICE_CARD_TOKEN_LABEL) == 0 &&
         g_strcmp0 (worker->module_path, eb_practice_card_get_module_path (worker->practice)) == 0;
}

static EbTokenState *
read_token_state (Worker       *worker,
                  PKCS11_SLOT  *slot,
                  gboolean      with_certificates,
                  GError      **error)
{
  g_autoptr(EbTokenState) state = g_new0 (EbTokenState, 1);
  CK_TOKEN_INFO info;
  CK_RV rv;
  int logged_in = 0;

  state->slot_id = PKCS11_get_slotid_from_slot (slot);
  rv = worker->functions->C_GetTokenInfo (state->slot_id, &info);
  if (rv != CKR_OK)
    {
      set_error_from_ckr (error, rv, "C_GetTokenInfo");
      return NULL;
    }

  state->slot_description = g_strdup (slot->description);
  state->label = trimmed (info.label, sizeof info.label);
  state->manufacturer = trimmed (info.manufacturerID, sizeof info.manufacturerID);
  state->model = trimmed (info.model, sizeof info.model);
  state->serial = trimmed (info.serialNumber, sizeof info.serialNumber);
  state->flags = info.flags;
  if (is_practice_token (worker, state->label))
    state->flags = (state->flags & ~PIN_COUNTER_FLAGS) | eb_practice_card_get_pin_flags (worker->practice);
  if (PKCS11_is_logged_in (slot, 0, &logged_in) == 0)
    state->logged_in = logged_in != 0;

  if (with_certificates && slot->token != NULL)
    {
      PKCS11_CERT *certs = NULL;
      unsigned int n_certs = 0;

      state->certificates = g_ptr_array_new_with_free_func (g_object_unref);
      if (PKCS11_enumerate_certs (slot->token, &certs, &n_certs) != 0)
        {
          set_error_from_ckr (error, eb_token_take_libp11_error (), "C_FindObjects (certificates)");
          return NULL;
        }
      for (unsigned int i = 0; i < n_certs; i++)
        {
          g_autoptr(EbCertificateInfo) info_obj = NULL;
          g_autoptr(GBytes) id = NULL;

          if (certs[i].x509 == NULL)
            continue;
          info_obj = eb_certificate_info_new_from_x509 (certs[i].x509);
          id = g_bytes_new (certs[i].id, certs[i].id_len);
          g_ptr_array_add (state->certificates,
                           eb_token_certificate_new (certs[i].label, id, info_obj));
        }
    }

  return g_steal_pointer (&state);
}

/* Releases the slots and enumerates them again: PKCS11_update_slots()
 * crashes in libp11 0.4.12. */
static GPtrArray *
enumerate_tokens (Worker  *worker,
                  GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  CK_ULONG count = 0;
  CK_RV rv;

  release_slots (worker);
  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_token_state_free);

  /* libp11 0.4.12 fails on zero slots: ask first. */
  rv = worker->functions->C_GetSlotList (CK_FALSE, NULL, &count);
  if (rv != CKR_OK)
    {
      set_error_from_ckr (error, rv, "C_GetSlotList");
      return NULL;
    }
  if (count == 0)
    return g_steal_pointer (&tokens);

  if (PKCS11_enumerate_slots (worker->ctx, &worker->slots, &worker->n_slots) != 0)
    {
      set_error_from_ckr (error, eb_token_take_libp11_error (), "PKCS11_enumerate_slots");
      worker->slots = NULL;
      worker->n_slots = 0;
      return NULL;
    }

  for (unsigned int i = 0; i < worker->n_slots; i++)
    {
      PKCS11_SLOT *slot = &worker->slots[i];
      g_autoptr(GError) local_error = NULL;
      EbTokenState *state;

      /* Empty readers, and SoftHSM's spare uninitialised slot. */
      if (slot->token == NULL || !slot->token->initialized)
        continue;

      state = read_token_state (worker, slot, TRUE, &local_error);
      if (state == NULL)
        {
          /* Pulled out while we looked: not an error of the refresh. */
          g_debug ("slot %lu: %s", PKCS11_get_slotid_from_slot (slot), local_error->message);
          continue;
        }
      g_ptr_array_add (tokens, state);
    }

  return g_steal_pointer (&tokens);
}

/* The slot of the token the caller means, if that card is still there. */
static PKCS11_SLOT *
find_token_slot (Worker  *worker,
                 Job     *job,
                 GError **error)
{
  PKCS11_SLOT *slot;
  g_autofree char *serial = NULL;

  if (worker->functions == NULL)
    {
      g_set_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOADED, "No PKCS#11 module loaded");
      return NULL;
    }

  slot = find_slot (worker, job->slot_id);
  if (slot != NULL && slot->token != NULL)
    {
      CK_TOKEN_INFO info;

      if (worker->functions->C_GetTokenInfo (job->slot_id, &info) == CKR_OK)
        serial = trimmed (info.serialNumber, sizeof info.serialNumber);
    }
  if (serial == NULL || g_strcmp0 (serial, job->token_serial) != 0)
    {
      g_set_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_TOKEN_NOT_PRESENT,
                   "Token %s is not in slot %lu any more", job->token_label, job->slot_id);
      return NULL;
    }

  return slot;
}

/* Jobs (worker thread) */

static void
job_load (Worker *worker,
          Job    *job)
{
  g_autoptr(GPtrArray) candidates = eb_pkcs11_module_discover (job->user_module, job->paths);
  gboolean loaded = FALSE;

  unload_module (worker);
  if (worker->ctx == NULL)
    worker->ctx = PKCS11_CTX_new ();

  for (guint i = 0; i < candidates->len; i++)
    {
      EbPkcs11Module *module = g_ptr_array_index (candidates, i);

      if (loaded)
        break;
      loaded = try_module (worker, module);
      g_debug ("PKCS#11 module %s: %d %s", module->path, module->status,
               module->message ? module->message : "");
    }

  job->set_module = TRUE;
  job->attempts = g_steal_pointer (&candidates);

  if (!loaded)
    {
      g_set_error (&job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NO_MODULE,
                   "No PKCS#11 module could be loaded");
      job->tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_token_state_free);
      return;
    }

  job->module_path = g_strdup (worker->module_path);
  job->module_description = g_strdup_printf ("%s (%s)",
                                             worker->ctx->description
                                             ? worker->ctx->description : "",
                                             worker->ctx->manufacturer
                                             ? worker->ctx->manufacturer : "");
  job->tokens = enumerate_tokens (worker, &job->error);
}

static void
job_refresh (Worker *worker,
             Job    *job)
{
  if (worker->functions == NULL)
    {
      g_set_error (&job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOADED,
                   "No PKCS#11 module loaded");
      return;
    }

  job->tokens = enumerate_tokens (worker, &job->error);
}

static void
job_login (Worker *worker,
           Job    *job)
{
  PKCS11_SLOT *slot = find_token_slot (worker, job, &job->error);
  g_autoptr(GError) state_error = NULL;
  gboolean practice;

  if (slot == NULL)
    return;

  if (job->pin == NULL && !slot->token->secureLogin)
    {
      g_set_error (&job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_REQUIRED,
                   "Token %s needs a PIN (the reader has no PIN pad)", job->token_label);
      return;
    }

  ERR_clear_error ();
  practice = is_practice_token (worker, job->token_label);
  /* A locked card refuses every PIN, the right one too. */
  if (practice && eb_practice_card_pin_is_locked (worker->practice))
    set_error_from_ckr (&job->error, CKR_PIN_LOCKED, "C_Login");
  /* A NULL PIN makes the module ask for it on the reader's PIN pad. */
  else if (PKCS11_login (slot, 0, job->pin != NULL ? eb_secret_get_text (job->pin) : NULL) != 0)
    set_error_from_ckr (&job->error, eb_token_take_libp11_error (), "C_Login");
  if (practice && !eb_practice_card_pin_is_locked (worker->practice))
    {
      if (job->error == NULL)
        eb_practice_card_record_login (worker->practice, TRUE);
      else if (g_error_matches (job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT))
        eb_practice_card_record_login (worker->practice, FALSE);
    }

  /* Done with it either way. */
  g_clear_pointer (&job->pin, eb_secret_unref);

  /* The retry counter moved: read the flags again. */
  job->token = read_token_state (worker, slot, FALSE, &state_error);
  if (job->token != NULL && job->error != NULL &&
      g_error_matches (job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT) &&
      (job->token->flags & CKF_USER_PIN_LOCKED))
    job->error->code = EB_TOKEN_ERROR_PIN_LOCKED;
}

static void
job_logout (Worker *worker,
            Job    *job)
{
  PKCS11_SLOT *slot = find_token_slot (worker, job, &job->error);

  if (slot == NULL)
    return;

  ERR_clear_error ();
  if (PKCS11_logout (slot) != 0)
    set_error_from_ckr (&job->error, eb_token_take_libp11_error (), "C_Logout");

  /* Releasing the slots also wipes libp11's copy of the PIN. */
  job->tokens = enumerate_tokens (worker, job->error == NULL ? &job->error : NULL);
}

static void
job_run_with_key (Worker *worker,
                  Job    *job)
{
  PKCS11_SLOT *slot = find_token_slot (worker, job, &job->error);
  PKCS11_CERT *certs = NULL;
  PKCS11_CERT *cert = NULL;
  PKCS11_KEY *keys = NULL;
  PKCS11_KEY *key = NULL;
  unsigned int n = 0;
  int logged_in = 0;
  EVP_PKEY *pkey;
  const guint8 *id;
  gsize id_len;

  if (slot == NULL)
    return;

  if (PKCS11_is_logged_in (slot, 0, &logged_in) != 0 || !logged_in)
    {
      g_set_error (&job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_NOT_LOGGED_IN,
                   "Token %s: log in first", job->token_label);
      return;
    }

  id = g_bytes_get_data (job->cert_id, &id_len);
  if (PKCS11_enumerate_certs (slot->token, &certs, &n) == 0)
    for (unsigned int i = 0; i < n && cert == NULL; i++)
      if (certs[i].id_len == id_len && memcmp (certs[i].id, id, id_len) == 0)
        cert = &certs[i];

  /* Private keys are listed only after login; this is the first look. */
  if (cert != NULL && PKCS11_enumerate_keys (slot->token, &keys, &n) == 0)
    for (unsigned int i = 0; i < n && key == NULL; i++)
      if (keys[i].id_len == id_len && memcmp (keys[i].id, id, id_len) == 0)
        key = &keys[i];
  ERR_clear_error ();

  if (cert == NULL || key == NULL)
    {
      g_set_error (&job->error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_KEY_NOT_FOUND,
                   "Token %s has no private key for that certificate", job->token_label);
      return;
    }

  pkey = PKCS11_get_private_key (key);
  if (pkey == NULL)
    {
      set_error_from_ckr (&job->error, eb_token_take_libp11_error (), "private key");
      return;
    }

  ERR_clear_error ();
  job->bytes = job->key_func (pkey, cert->x509, job->key_data,
                              g_task_get_cancellable (job->task), &job->error);
  g_assert ((job->bytes != NULL) != (job->error != NULL));
  /* The signer knows only that the key failed; why is the card's business,
   * and libp11 left it in this thread's error queue. */
  if (job->bytes == NULL)
    take_key_error (&job->error);
  ERR_clear_error ();
  EVP_PKEY_free (pkey);
}

/* Jobs (main context) */

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job->user_module);
  search_paths_free (job->paths);
  g_free (job->token_serial);
  g_free (job->token_label);
  g_clear_pointer (&job->pin, eb_secret_unref);
  g_clear_pointer (&job->cert_id, g_bytes_unref);
  if (job->key_data_destroy != NULL)
    job->key_data_destroy (job->key_data);
  g_clear_error (&job->error);
  g_clear_pointer (&job->attempts, g_ptr_array_unref);
  g_free (job->module_path);
  g_free (job->module_description);
  g_clear_pointer (&job->tokens, g_ptr_array_unref);
  g_clear_pointer (&job->token, eb_token_state_free);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_object (&job->practice);
  g_free (job);
}

static void
apply_tokens (EbTokenManager *self,
              GPtrArray      *states)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tokens));

  /* Keep the objects of tokens still there, so that bindings survive. */
  for (guint i = 0; i < states->len; i++)
    {
      EbTokenState *state = g_ptr_array_index (states, i);
      EbToken *token = NULL;

      for (guint j = 0; j < n && token == NULL; j++)
        {
          g_autoptr(EbToken) old = g_list_model_get_item (G_LIST_MODEL (self->tokens), j);

          if (eb_token_matches (old, state))
            token = g_steal_pointer (&old);
        }

      if (token != NULL)
        eb_token_update (token, state);
      else
        token = eb_token_new (state);
      g_ptr_array_add (tokens, token);
    }

  g_list_store_splice (self->tokens, 0, n, tokens->pdata, tokens->len);
}

static void
apply_token (EbTokenManager     *self,
             const EbTokenState *state)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tokens));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EbToken) token = g_list_model_get_item (G_LIST_MODEL (self->tokens), i);

      if (eb_token_matches (token, state))
        eb_token_update (token, state);
    }
}

static gboolean
job_complete (gpointer user_data)
{
  Job *job = user_data;
  EbTokenManager *self = g_task_get_source_object (job->task);

  /* Finished after an unload: the caller learns how it went, the manager
   * keeps what the unload left. */
  if (job->generation != self->generation)
    {
      job->set_module = FALSE;
      g_clear_pointer (&job->tokens, g_ptr_array_unref);
      g_clear_pointer (&job->token, eb_token_state_free);
    }

  if (job->set_module)
    {
      gboolean was_loaded = self->module_path != NULL;

      g_clear_pointer (&self->attempts, g_ptr_array_unref);
      self->attempts = g_steal_pointer (&job->attempts);
      g_free (self->module_path);
      self->module_path = g_steal_pointer (&job->module_path);
      g_free (self->module_description);
      self->module_description = g_steal_pointer (&job->module_description);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODULE_PATH]);
      if (was_loaded != (self->module_path != NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (job->tokens != NULL)
    apply_tokens (self, job->tokens);
  if (job->token != NULL)
    apply_token (self, job->token);

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->bytes != NULL)
    g_task_return_pointer (job->task, g_steal_pointer (&job->bytes),
                           (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_boolean (job->task, TRUE);

  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
worker_run (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  EbTokenManager *self = user_data;
  GCancellable *cancellable = g_task_get_cancellable (job->task);

  ERR_clear_error ();
  self->worker.practice = job->practice;
  if (!g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    job->func (&self->worker, job);
  self->worker.practice = NULL;
  ERR_clear_error ();

  g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                              job_complete, job, NULL);
}

static Job *
job_new (EbTokenManager      *self,
         JobFunc              func,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  job->func = func;
  job->generation = self->generation;
  if (self->practice != NULL)
    job->practice = g_object_ref (self->practice);

  return job;
}

static Job *
job_new_for_token (EbTokenManager      *self,
                   JobFunc              func,
                   gpointer             source_tag,
                   EbToken             *token,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  Job *job = job_new (self, func, source_tag, cancellable, callback, user_data);

  job->slot_id = eb_token_get_slot_id (token);
  job->token_serial = g_strdup (eb_token_get_serial (token));
  job->token_label = g_strdup (eb_token_get_label (token));

  return job;
}

static void
job_submit (EbTokenManager *self,
            Job            *job)
{
  /* One thread, kept: libp11 is not thread-safe, and modules are happier
   * with one caller. */
  if (self->pool == NULL)
    self->pool = g_thread_pool_new (worker_run, self, 1, TRUE, NULL);

  g_thread_pool_push (self->pool, job, NULL);
}

static gboolean
job_finish (EbTokenManager  *self,
            GAsyncResult    *result,
            gpointer         source_tag,
            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
eb_token_manager_dispose (GObject *object)
{
  EbTokenManager *self = EB_TOKEN_MANAGER (object);

  eb_token_manager_unload (self);

  G_OBJECT_CLASS (eb_token_manager_parent_class)->dispose (object);
}

static void
eb_token_manager_finalize (GObject *object)
{
  EbTokenManager *self = EB_TOKEN_MANAGER (object);

  if (self->worker.ctx != NULL)
    PKCS11_CTX_free (self->worker.ctx);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->attempts, g_ptr_array_unref);
  g_free (self->module_path);
  g_free (self->module_description);
  search_paths_free (self->paths);
  g_clear_object (&self->practice);

  G_OBJECT_CLASS (eb_token_manager_parent_class)->finalize (object);
}

static void
eb_token_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbTokenManager *self = EB_TOKEN_MANAGER (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->module_path != NULL);
      break;
    case PROP_MODULE_PATH:
      g_value_set_string (value, self->module_path);
      break;
    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_token_manager_class_init (EbTokenManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_token_manager_dispose;
  object_class->finalize = eb_token_manager_finalize;
  object_class->get_property = eb_token_manager_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODULE_PATH] =
    g_param_spec_string ("module-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eb_token_manager_init (EbTokenManager *self)
{
  self->tokens = g_list_store_new (EB_TYPE_TOKEN);
}

/* Public API */

EbTokenManager *
eb_token_manager_new (void)
{
  return g_object_new (EB_TYPE_TOKEN_MANAGER, NULL);
}

/**
 * eb_token_manager_set_search_paths:
 * @paths: (nullable): where eb_token_manager_load_async() looks for
 *   modules; %NULL for the system's places
 *
 * For tests and for unusual installations.
 */
void
eb_token_manager_set_search_paths (EbTokenManager            *self,
                                   const EbPkcs11SearchPaths *paths)
{
  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));

  search_paths_free (self->paths);
  self->paths = paths != NULL ? search_paths_copy (paths) : NULL;
}

/**
 * eb_token_manager_load_async:
 * @user_module: (nullable): a module path from the user's settings, tried first
 *
 * Finds a PKCS#11 module (user setting, libakisp11.so, p11-kit, OpenSC),
 * loads the first that initialises, and reads its tokens. A module already
 * loaded is unloaded first. What was tried is in
 * eb_token_manager_get_module_attempts() afterwards, also on failure
 * (%EB_TOKEN_ERROR_NO_MODULE).
 */
void
eb_token_manager_load_async (EbTokenManager      *self,
                             const char          *user_module,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new (self, job_load, eb_token_manager_load_async, cancellable, callback, user_data);
  job->user_module = g_strdup (user_module);
  job->paths = self->paths != NULL ? search_paths_copy (self->paths) : NULL;
  job_submit (self, job);
}

gboolean
eb_token_manager_load_finish (EbTokenManager  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return job_finish (self, result, eb_token_manager_load_async, error);
}

/**
 * eb_token_manager_unload:
 *
 * Waits for the jobs in progress, then finalizes and unloads the module.
 * Call it before the program exits (dispose does too); the manager can
 * load again afterwards.
 */
void
eb_token_manager_unload (EbTokenManager *self)
{
  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));

  if (self->pool != NULL)
    {
      /* Runs the queued jobs, then joins the thread. */
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }

  /* No worker now: this thread may touch libp11. */
  unload_module (&self->worker);
  self->generation++;

  if (self->module_path != NULL)
    {
      g_clear_pointer (&self->module_path, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODULE_PATH]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_list_store_remove_all (self->tokens);
}

gboolean
eb_token_manager_get_loaded (EbTokenManager *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_MANAGER (self), FALSE);

  return self->module_path != NULL;
}

/* The module in use, or NULL. */
const char *
eb_token_manager_get_module_path (EbTokenManager *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_MANAGER (self), NULL);

  return self->module_path;
}

/* The module's own description and manufacturer (C_GetInfo), or NULL. */
const char *
eb_token_manager_get_module_description (EbTokenManager *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_MANAGER (self), NULL);

  return self->module_path != NULL ? self->module_description : NULL;
}

/**
 * eb_token_manager_get_module_attempts:
 *
 * Returns: (transfer none) (element-type EbPkcs11Module) (nullable): the
 *   candidates of the last load, in order, with how each went
 */
GPtrArray *
eb_token_manager_get_module_attempts (EbTokenManager *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_MANAGER (self), NULL);

  return self->attempts;
}

/**
 * eb_token_manager_get_tokens:
 *
 * Returns: (transfer none): the tokens, #EbToken items, as last read
 */
GListModel *
eb_token_manager_get_tokens (EbTokenManager *self)
{
  g_return_val_if_fail (EB_IS_TOKEN_MANAGER (self), NULL);

  return G_LIST_MODEL (self->tokens);
}

/**
 * eb_token_manager_refresh_async:
 *
 * Reads the tokens again, e.g. after a card was inserted or removed.
 * Logs out of every token (the slots are released and enumerated anew).
 */
void
eb_token_manager_refresh_async (EbTokenManager      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));

  job_submit (self, job_new (self, job_refresh, eb_token_manager_refresh_async,
                             cancellable, callback, user_data));
}

gboolean
eb_token_manager_refresh_finish (EbTokenManager  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return job_finish (self, result, eb_token_manager_refresh_async, error);
}

/**
 * eb_token_manager_set_practice_card:
 * @card: (nullable): the practice card whose token this manager may load
 *
 * SoftHSM counts no PIN tries, so the practice card's token would take
 * wrong PINs for ever; with the card set, its token behaves like a card:
 * its flags say how many tries are left, and after
 * %EB_PRACTICE_CARD_PIN_TRIES wrong PINs every login fails with
 * %EB_TOKEN_ERROR_PIN_LOCKED. Takes effect for the jobs submitted after.
 */
void
eb_token_manager_set_practice_card (EbTokenManager *self,
                                    EbPracticeCard *card)
{
  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (card == NULL || EB_IS_PRACTICE_CARD (card));

  g_set_object (&self->practice, card);
}

/**
 * eb_token_manager_login_async:
 * @token: a token of this manager
 * @pin: (nullable): the user PIN; %NULL to use the reader's PIN pad (when
 *   @token has protected-auth-path). A reference is taken and dropped as
 *   soon as the card has it.
 *
 * On %EB_TOKEN_ERROR_PIN_INCORRECT, @token's pin-state already says how
 * many tries are left. Cancelling does not interrupt a PIN pad.
 */
void
eb_token_manager_login_async (EbTokenManager      *self,
                              EbToken             *token,
                              EbSecret            *pin,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (EB_IS_TOKEN (token));

  job = job_new_for_token (self, job_login, eb_token_manager_login_async, token,
                           cancellable, callback, user_data);
  job->pin = pin != NULL ? eb_secret_ref (pin) : NULL;
  job_submit (self, job);
}

gboolean
eb_token_manager_login_finish (EbTokenManager  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return job_finish (self, result, eb_token_manager_login_async, error);
}

void
eb_token_manager_logout_async (EbTokenManager      *self,
                               EbToken             *token,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (EB_IS_TOKEN (token));

  job_submit (self, job_new_for_token (self, job_logout, eb_token_manager_logout_async, token,
                                       cancellable, callback, user_data));
}

gboolean
eb_token_manager_logout_finish (EbTokenManager  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return job_finish (self, result, eb_token_manager_logout_async, error);
}

/**
 * eb_token_manager_run_with_key_async:
 * @token: a token the user is logged in to
 * @certificate: one of @token's certificates
 * @func: what to do with the private key; runs on the worker thread
 * @func_data: (closure func): for @func
 * @func_data_destroy: (nullable): frees @func_data, on the main context
 *
 * Hands the private key matching @certificate (same CKA_ID) to @func. The
 * key lives only during the call: libp11 frees it when slots are released.
 */
void
eb_token_manager_run_with_key_async (EbTokenManager      *self,
                                     EbToken             *token,
                                     EbTokenCertificate  *certificate,
                                     EbTokenKeyFunc       func,
                                     gpointer             func_data,
                                     GDestroyNotify       func_data_destroy,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job;

  g_return_if_fail (EB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (EB_IS_TOKEN (token));
  g_return_if_fail (EB_IS_TOKEN_CERTIFICATE (certificate));
  g_return_if_fail (func != NULL);

  job = job_new_for_token (self, job_run_with_key, eb_token_manager_run_with_key_async, token,
                           cancellable, callback, user_data);
  job->cert_id = g_bytes_ref (eb_token_certificate_get_id (certificate));
  job->key_func = func;
  job->key_data = func_data;
  job->key_data_destroy = func_data_destroy;
  job_submit (self, job);
}

/**
 * eb_token_manager_run_with_key_finish:
 *
 * Returns: (transfer full): what the #EbTokenKeyFunc returned
 */
GBytes *
eb_token_manager_run_with_key_finish (EbTokenManager  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        eb_token_manager_run_with_key_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
