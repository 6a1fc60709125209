/* eb-test-pkcs11-shim.c — SoftHSM2 behaving like a smart card, for tests
 *
 * A PKCS#11 module that forwards everything to SoftHSM2 except what SoftHSM
 * does not do like a card:
 *   - a user PIN retry counter: CKF_USER_PIN_COUNT_LOW after a wrong PIN,
 *     CKF_USER_PIN_FINAL_TRY with one try left, then CKR_PIN_LOCKED and
 *     CKF_USER_PIN_LOCKED (SoftHSM only ever sets COUNT_LOW);
 *   - optionally a PIN pad: CKF_PROTECTED_AUTHENTICATION_PATH, and C_Login
 *     with no PIN checks the PIN "typed on the pad";
 *   - optionally the AKİS trait of refusing CKF_OS_LOCKING_OK in C_Initialize.
 *
 * Configured by the key file named in $EB_TEST_SHIM_CONF, read at each
 * C_Initialize (which also resets the counter):
 *   [shim]
 *   module=/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so
 *   pin-tries=3
 *   pinpad-pin=123456          (present: the reader has a PIN pad)
 *   reject-os-locking=true
 *   sign-log=/tmp/…/sign.log   (one line per C_SignInit / C_Sign: count card operations)
 *   remove-on-sign=/tmp/…/gone (while this file exists, C_SignInit says CKR_DEVICE_REMOVED:
 *                               the card pulled between login and signature)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <p11-kit/pkcs11.h>

#define DEFAULT_MODULE "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"

static void *real_handle;
static CK_FUNCTION_LIST *real;
static CK_FUNCTION_LIST shim;

static gboolean initialized;
static int max_tries = 3;
static int tries_left = 3;
static char *pinpad_pin;
static gboolean reject_os_locking;
static char *sign_log;
static char *remove_on_sign;

CK_RV C_GetFunctionList (CK_FUNCTION_LIST_PTR_PTR list);

static void
read_config (void)
{
  const char *path = g_getenv ("EB_TEST_SHIM_CONF");
  g_autoptr(GKeyFile) file = g_key_file_new ();

  max_tries = 3;
  g_clear_pointer (&pinpad_pin, g_free);
  reject_os_locking = FALSE;
  g_clear_pointer (&sign_log, g_free);
  g_clear_pointer (&remove_on_sign, g_free);

  if (path == NULL || !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;

  if (g_key_file_has_key (file, "shim", "pin-tries", NULL))
    max_tries = g_key_file_get_integer (file, "shim", "pin-tries", NULL);
  pinpad_pin = g_key_file_get_string (file, "shim", "pinpad-pin", NULL);
  reject_os_locking = g_key_file_get_boolean (file, "shim", "reject-os-locking", NULL);
  sign_log = g_key_file_get_string (file, "shim", "sign-log", NULL);
  remove_on_sign = g_key_file_get_string (file, "shim", "remove-on-sign", NULL);
}

static void
log_sign (const char *what)
{
  FILE *f = sign_log != NULL ? fopen (sign_log, "a") : NULL;

  if (f != NULL)
    {
      fprintf (f, "%s\n", what);
      fclose (f);
    }
}

static CK_RV
shim_initialize (CK_VOID_PTR init_args)
{
  CK_C_INITIALIZE_ARGS *args = init_args;
  CK_RV rv;

  /* Like real modules, "already" is checked before the arguments: that is
   * what lets libp11 load a module initialised with NULL arguments. */
  if (initialized)
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;

  read_config ();
  tries_left = max_tries;

  if (reject_os_locking && args != NULL && (args->flags & CKF_OS_LOCKING_OK))
    return CKR_CANT_LOCK;

  rv = real->C_Initialize (init_args);
  initialized = rv == CKR_OK;
  return rv;
}

static CK_RV
shim_finalize (CK_VOID_PTR reserved)
{
  initialized = FALSE;
  g_clear_pointer (&pinpad_pin, g_free);
  g_clear_pointer (&sign_log, g_free);
  g_clear_pointer (&remove_on_sign, g_free);
  return real->C_Finalize (reserved);
}

static CK_RV
shim_get_token_info (CK_SLOT_ID         slot,
                     CK_TOKEN_INFO_PTR  info)
{
  CK_RV rv = real->C_GetTokenInfo (slot, info);

  if (rv != CKR_OK)
    return rv;

  info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED);
  if (tries_left == 0)
    info->flags |= CKF_USER_PIN_LOCKED;
  else if (tries_left == 1)
    info->flags |= CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW;
  else if (tries_left < max_tries)
    info->flags |= CKF_USER_PIN_COUNT_LOW;
  if (pinpad_pin != NULL)
    info->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;

  return CKR_OK;
}

static CK_RV
shim_login (CK_SESSION_HANDLE  session,
            CK_USER_TYPE       user_type,
            CK_UTF8CHAR_PTR    pin,
            CK_ULONG           pin_len)
{
  CK_RV rv;

  if (user_type != CKU_USER)
    return real->C_Login (session, user_type, pin, pin_len);

  if (tries_left == 0)
    return CKR_PIN_LOCKED;

  if (pin == NULL)
    {
      if (pinpad_pin == NULL)
        return CKR_ARGUMENTS_BAD;
      /* The user "types" the PIN on the reader. */
      pin = (CK_UTF8CHAR_PTR) pinpad_pin;
      pin_len = strlen (pinpad_pin);
    }

  rv = real->C_Login (session, user_type, pin, pin_len);
  if (rv == CKR_PIN_INCORRECT)
    {
      tries_left--;
      if (tries_left == 0)
        return CKR_PIN_LOCKED;
    }
  else if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN)
    {
      tries_left = max_tries;
    }

  return rv;
}

static CK_RV
shim_sign_init (CK_SESSION_HANDLE  session,
                CK_MECHANISM_PTR   mechanism,
                CK_OBJECT_HANDLE   key)
{
  if (remove_on_sign != NULL && g_file_test (remove_on_sign, G_FILE_TEST_EXISTS))
    return CKR_DEVICE_REMOVED;
  log_sign ("C_SignInit");
  return real->C_SignInit (session, mechanism, key);
}

static CK_RV
shim_sign (CK_SESSION_HANDLE  session,
           CK_BYTE_PTR        data,
           CK_ULONG           data_len,
           CK_BYTE_PTR        signature,
           CK_ULONG_PTR       signature_len)
{
  /* A size query (NULL buffer) is no card operation. */
  if (signature != NULL)
    log_sign ("C_Sign");
  return real->C_Sign (session, data, data_len, signature, signature_len);
}

static CK_RV
shim_get_function_list (CK_FUNCTION_LIST_PTR_PTR list)
{
  return C_GetFunctionList (list);
}

CK_RV
C_GetFunctionList (CK_FUNCTION_LIST_PTR_PTR list)
{
  if (real == NULL)
    {
      const char *path = g_getenv ("EB_TEST_SHIM_MODULE");
      CK_C_GetFunctionList get_list;

      real_handle = dlopen (path != NULL ? path : DEFAULT_MODULE, RTLD_NOW | RTLD_LOCAL);
      if (real_handle == NULL)
        return CKR_GENERAL_ERROR;
      get_list = (CK_C_GetFunctionList) dlsym (real_handle, "C_GetFunctionList");
      if (get_list == NULL || get_list (&real) != CKR_OK)
        return CKR_GENERAL_ERROR;

      shim = *real;
      shim.C_Initialize = shim_initialize;
      shim.C_Finalize = shim_finalize;
      shim.C_GetTokenInfo = shim_get_token_info;
      shim.C_Login = shim_login;
      shim.C_SignInit = shim_sign_init;
      shim.C_Sign = shim_sign;
      shim.C_GetFunctionList = shim_get_function_list;
    }

  *list = &shim;
  return CKR_OK;
}
