/* eb-portal-crypto.h — the portal's random numbers, hashes and MACs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EB_SHA256_LENGTH 32

/* Session tokens: 128 random bits as 32 lower-case hex digits. */
#define EB_TOKEN_BYTES   16

gboolean  eb_portal_random_bytes           (guint8       *buffer,
                                            gsize         length);
char     *eb_portal_random_hex             (gsize         n_bytes);
char     *eb_portal_random_digits          (guint         n_digits);
char     *eb_portal_random_string          (const char   *alphabet,
                                            guint         length);

gboolean  eb_portal_is_token               (const char   *text);
void      eb_portal_sha256                 (const void   *data,
                                            gsize         length,
                                            guint8        digest[EB_SHA256_LENGTH]);
char     *eb_portal_sha256_hex             (const char   *text);
void      eb_portal_hmac_sha256            (GBytes       *key,
                                            const char   *context,
                                            const char   *message,
                                            guint8        mac[EB_SHA256_LENGTH]);
gboolean  eb_portal_mac_equal              (const guint8 *a,
                                            const guint8 *b,
                                            gsize         length);

char     *eb_portal_hash_secret            (const char   *secret,
                                            GError      **error);
gboolean  eb_portal_verify_secret          (const char   *secret,
                                            const char   *encoded);

G_END_DECLS
