/* eb-portal-crypto.c — the portal's random numbers, hashes and MACs
 *
 * Everything secret the portal keeps is a hash or a MAC made here: session
 * tokens as SHA-256, captcha answers and SMS codes as HMAC-SHA256 under a
 * per-server key, the security word as salted scrypt. Random values come
 * from RAND_bytes and are drawn without modulo bias.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "eb-portal-api-error.h"
#include "eb-portal-crypto.h"

/* scrypt cost: N = 2^15, r = 8, p = 1 (about 100 ms and 32 MiB). */
#define SCRYPT_LOG2_N   15
#define SCRYPT_R        8
#define SCRYPT_P        1
#define SCRYPT_SALT_LEN 16
#define SCRYPT_KEY_LEN  32
/* 128·r·N bytes plus headroom; OpenSSL's default limit is exactly 32 MiB. */
#define SCRYPT_MAX_MEM  (64u * 1024 * 1024)

/**
 * eb_portal_random_bytes:
 *
 * Returns: %FALSE if the system's random source failed (the caller must not
 *   go on with a predictable value)
 */
gboolean
eb_portal_random_bytes (guint8 *buffer,
                        gsize   length)
{
  g_return_val_if_fail (length <= G_MAXINT, FALSE);

  return RAND_bytes (buffer, (int) length) == 1;
}

/**
 * eb_portal_random_hex:
 *
 * Returns: (transfer full) (nullable): @n_bytes random bytes as lower-case
 *   hex, or %NULL if the random source failed
 */
char *
eb_portal_random_hex (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  GString *hex;

  if (!eb_portal_random_bytes (bytes, n_bytes))
    return NULL;

  hex = g_string_sized_new (n_bytes * 2);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  OPENSSL_cleanse (bytes, n_bytes);

  return g_string_free (hex, FALSE);
}

/**
 * eb_portal_random_string:
 * @alphabet: at most 256 distinct ASCII characters
 *
 * Returns: (transfer full) (nullable): @length characters drawn uniformly
 *   from @alphabet, or %NULL if the random source failed
 */
char *
eb_portal_random_string (const char *alphabet,
                         guint       length)
{
  const guint n = (guint) strlen (alphabet);
  /* Bytes at or above the largest multiple of n would favour the first
   * characters; they are drawn again. */
  const guint limit = 256 - 256 % n;
  g_autofree char *out = g_malloc (length + 1);
  guint filled = 0;

  g_return_val_if_fail (n > 0 && n <= 256, NULL);

  while (filled < length)
    {
      guint8 pool[32];

      if (!eb_portal_random_bytes (pool, sizeof pool))
        return NULL;
      for (guint i = 0; i < sizeof pool && filled < length; i++)
        if (pool[i] < limit)
          out[filled++] = alphabet[pool[i] % n];
      OPENSSL_cleanse (pool, sizeof pool);
    }
  out[length] = '\0';

  return g_steal_pointer (&out);
}

/**
 * eb_portal_random_digits:
 * @n_digits: 1 to 9
 *
 * Returns: (transfer full) (nullable): a uniformly drawn number of
 *   @n_digits digits, leading zeros kept, or %NULL if the random source failed
 */
char *
eb_portal_random_digits (guint n_digits)
{
  guint32 modulus = 1;
  guint32 limit;
  guint32 value;

  g_return_val_if_fail (n_digits >= 1 && n_digits <= 9, NULL);

  for (guint i = 0; i < n_digits; i++)
    modulus *= 10;
  /* The largest multiple of the modulus that fits: values above it are
   * drawn again so that every code is equally likely. */
  limit = G_MAXUINT32 - (guint32) (((guint64) G_MAXUINT32 + 1) % modulus);

  do
    {
      if (!eb_portal_random_bytes ((guint8 *) &value, sizeof value))
        return NULL;
    }
  while (value > limit);

  return g_strdup_printf ("%0*u", (int) n_digits, value % modulus);
}

/**
 * eb_portal_is_token:
 *
 * Returns: whether @text has the form of a session token (32 lower-case hex digits)
 */
gboolean
eb_portal_is_token (const char *text)
{
  if (text == NULL || strlen (text) != EB_TOKEN_BYTES * 2)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

void
eb_portal_sha256 (const void *data,
                  gsize       length,
                  guint8      digest[EB_SHA256_LENGTH])
{
  unsigned int digest_length = EB_SHA256_LENGTH;

  if (!EVP_Digest (data, length, digest, &digest_length, EVP_sha256 (), NULL))
    g_error ("SHA-256 is not available");
}

/**
 * eb_portal_sha256_hex:
 *
 * Returns: (transfer full): the SHA-256 of @text in lower-case hex
 */
char *
eb_portal_sha256_hex (const char *text)
{
  guint8 digest[EB_SHA256_LENGTH];
  GString *hex = g_string_sized_new (EB_SHA256_LENGTH * 2);

  eb_portal_sha256 (text, strlen (text), digest);
  for (guint i = 0; i < EB_SHA256_LENGTH; i++)
    g_string_append_printf (hex, "%02x", digest[i]);

  return g_string_free (hex, FALSE);
}

/**
 * eb_portal_hmac_sha256:
 * @context: what the MAC is for ("captcha:<id>", "sms:<application>"), so a
 *   MAC made for one use never verifies another
 */
void
eb_portal_hmac_sha256 (GBytes     *key,
                       const char *context,
                       const char *message,
                       guint8      mac[EB_SHA256_LENGTH])
{
  g_autoptr(GString) input = g_string_new (context);
  unsigned int mac_length = EB_SHA256_LENGTH;
  gsize key_length;
  const guint8 *key_data = g_bytes_get_data (key, &key_length);

  g_string_append_c (input, '\0');
  g_string_append (input, message);

  if (HMAC (EVP_sha256 (), key_data, (int) key_length, (const guint8 *) input->str, input->len,
            mac, &mac_length) == NULL)
    g_error ("HMAC-SHA256 is not available");

  OPENSSL_cleanse (input->str, input->len);
}

/**
 * eb_portal_mac_equal:
 *
 * Compares in constant time, so the answer's timing says nothing about
 * how many bytes matched.
 */
gboolean
eb_portal_mac_equal (const guint8 *a,
                     const guint8 *b,
                     gsize         length)
{
  return CRYPTO_memcmp (a, b, length) == 0;
}

static gboolean
scrypt (const char   *secret,
        const guint8 *salt,
        gsize         salt_length,
        guint         log2_n,
        guint         r,
        guint         p,
        guint8        key[SCRYPT_KEY_LEN])
{
  return EVP_PBE_scrypt (secret, strlen (secret), salt, salt_length,
                         (guint64) 1 << log2_n, r, p, SCRYPT_MAX_MEM,
                         key, SCRYPT_KEY_LEN) == 1;
}

/**
 * eb_portal_hash_secret:
 *
 * Hashes @secret with scrypt (N = 2^15, r = 8, p = 1) and a fresh 16-byte
 * salt. Slow on purpose (about 100 ms): call it from a worker thread. The
 * caller wipes @secret.
 *
 * Returns: (transfer full) (nullable): `$scrypt$ln=15,r=8,p=1$SALT$HASH`
 *   with SALT and HASH in unpadded base64
 */
char *
eb_portal_hash_secret (const char  *secret,
                       GError     **error)
{
  guint8 salt[SCRYPT_SALT_LEN];
  guint8 key[SCRYPT_KEY_LEN];
  g_autofree char *salt64 = NULL;
  g_autofree char *key64 = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  if (!eb_portal_random_bytes (salt, sizeof salt) ||
      !scrypt (secret, salt, sizeof salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, key))
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                           "Could not hash a secret with scrypt");
      return NULL;
    }

  salt64 = g_base64_encode (salt, sizeof salt);
  key64 = g_base64_encode (key, sizeof key);
  OPENSSL_cleanse (key, sizeof key);
  g_strdelimit (salt64, "=", '\0');
  g_strdelimit (key64, "=", '\0');

  return g_strdup_printf ("$scrypt$ln=%u,r=%u,p=%u$%s$%s", SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P,
                          salt64, key64);
}

static guint8 *
decode_unpadded (const char *text,
                 gsize      *length)
{
  g_autofree char *padded = g_strnfill ((4 - strlen (text) % 4) % 4, '=');
  g_autofree char *full = g_strconcat (text, padded, NULL);

  return g_base64_decode (full, length);
}

/**
 * eb_portal_verify_secret:
 * @encoded: as made by eb_portal_hash_secret()
 *
 * Returns: whether @secret is the one @encoded was made from
 */
gboolean
eb_portal_verify_secret (const char *secret,
                         const char *encoded)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 key[SCRYPT_KEY_LEN];
  gsize salt_length, expected_length;
  guint log2_n, r, p;
  gboolean equal;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (encoded != NULL, FALSE);

  parts = g_strsplit (encoded, "$", -1);
  if (g_strv_length (parts) != 5 || *parts[0] != '\0' || g_strcmp0 (parts[1], "scrypt") != 0 ||
      sscanf (parts[2], "ln=%u,r=%u,p=%u", &log2_n, &r, &p) != 3 ||
      log2_n < 10 || log2_n > 20 || r == 0 || r > 32 || p == 0 || p > 4)
    return FALSE;

  salt = decode_unpadded (parts[3], &salt_length);
  expected = decode_unpadded (parts[4], &expected_length);
  if (expected_length != SCRYPT_KEY_LEN || !scrypt (secret, salt, salt_length, log2_n, r, p, key))
    return FALSE;

  equal = CRYPTO_memcmp (key, expected, SCRYPT_KEY_LEN) == 0;
  OPENSSL_cleanse (key, sizeof key);
  return equal;
}
