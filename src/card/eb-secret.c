/* eb-secret.c — a PIN in memory that is wiped when dropped
 *
 * The UI copies the PIN out of its entry into one of these, clears the
 * entry, and hands it to EbTokenManager, which passes it to the card and
 * drops it. The bytes are locked out of swap where the system allows and
 * cleansed on the last unref. Never printed: there is no to-string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include <openssl/crypto.h>

#include "eb-secret.h"

struct _EbSecret
{
  gatomicrefcount ref_count;
  gsize len;
  gboolean locked;
  char *text;       /* NUL-terminated: PKCS11_login() takes a C string */
};

G_DEFINE_BOXED_TYPE (EbSecret, eb_secret, eb_secret_ref, eb_secret_unref)

/**
 * eb_secret_new:
 * @text: the secret; the caller wipes its own copy
 * @len: its length, or -1 if NUL-terminated
 *
 * Returns: (transfer full): a copy of @text
 */
EbSecret *
eb_secret_new (const char *text,
               gssize      len)
{
  EbSecret *secret;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (text);

  secret = g_new0 (EbSecret, 1);
  g_atomic_ref_count_init (&secret->ref_count);
  secret->len = len;
  secret->text = g_malloc (len + 1);
  /* Best effort: an unprivileged process may have no mlock allowance left. */
  secret->locked = mlock (secret->text, len + 1) == 0;
  if (len > 0)
    memcpy (secret->text, text, len);
  secret->text[len] = '\0';

  return secret;
}

EbSecret *
eb_secret_ref (EbSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  g_atomic_ref_count_inc (&secret->ref_count);
  return secret;
}

void
eb_secret_unref (EbSecret *secret)
{
  g_return_if_fail (secret != NULL);

  if (!g_atomic_ref_count_dec (&secret->ref_count))
    return;

  OPENSSL_cleanse (secret->text, secret->len + 1);
  if (secret->locked)
    munlock (secret->text, secret->len + 1);
  g_free (secret->text);
  g_free (secret);
}

/* NUL-terminated; valid while a reference is held. */
const char *
eb_secret_get_text (EbSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return secret->text;
}

gsize
eb_secret_get_length (EbSecret *secret)
{
  g_return_val_if_fail (secret != NULL, 0);

  return secret->len;
}
