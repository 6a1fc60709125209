/* eb-x509-util.c — what the app and the portal both read from a certificate
 *
 * EbCertificateInfo (src/card) and the verifier of a signed upload read the
 * holder, the T.C. Kimlik No, the serial, the times and nonRepudiation only
 * through these functions, so both sides always agree on one certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/x509v3.h>

#include "eb-validation.h"
#include "eb-x509-util.h"

/**
 * eb_x509_name_entry:
 *
 * One rule for every reader: an entry is read exactly, or not at all.
 * OpenSSL already refuses to convert an entry whose encoding is broken (bad
 * UTF-8 in a UTF8String, a lone surrogate in a BMPString…). An entry with an
 * embedded NUL does convert, and is refused here: every C string reads it
 * shorter, so "AYŞE YILMAZ\0…" would show, be stored and be compared as
 * "AYŞE YILMAZ". Repairing (U+FFFD), as the card side once did, would show
 * a name the portal refuses, and a repaired name is still not what the
 * certificate says; a NULL entry is an absent one, which every caller
 * already handles.
 *
 * Returns: (nullable): the first @nid entry of @name as valid UTF-8
 */
char *
eb_x509_name_entry (const X509_NAME *name,
                    int              nid)
{
  int index = X509_NAME_get_index_by_NID (name, nid, -1);
  unsigned char *utf8 = NULL;
  char *result;
  int len;

  if (index < 0)
    return NULL;
  len = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index)));
  if (len < 0)
    return NULL;
  result = memchr (utf8, '\0', len) == NULL && g_utf8_validate ((char *) utf8, len, NULL)
           ? g_strndup ((char *) utf8, len) : NULL;
  OPENSSL_free (utf8);
  return result;
}

/* commonName, else given name and surname. */
char *
eb_x509_dup_holder_name (X509 *cert)
{
  const X509_NAME *subject = X509_get_subject_name (cert);
  char *name = eb_x509_name_entry (subject, NID_commonName);
  g_autofree char *given = NULL;
  g_autofree char *surname = NULL;

  if (name != NULL)
    return name;
  given = eb_x509_name_entry (subject, NID_givenName);
  surname = eb_x509_name_entry (subject, NID_surname);
  if (given == NULL && surname == NULL)
    return NULL;
  return g_strjoin (" ", given ? given : "", surname ? surname : "", NULL);
}

/**
 * eb_tckn_from_subject_serial:
 * @serial_number: (nullable): a subject serialNumber
 *
 * Accepts the forms Turkish providers use: the 11 digits alone, with a
 * "TR" prefix, or as an ETSI EN 319 412-1 identifier ("PNOTR-…").
 *
 * Returns: (transfer full) (nullable): the T.C. Kimlik No if there is one
 *   with valid check digits
 */
char *
eb_tckn_from_subject_serial (const char *serial_number)
{
  static const char * const prefixes[] = { "PNOTR-", "PNOTR", "TR-", "TR" };
  const char *digits;

  if (serial_number == NULL)
    return NULL;

  digits = serial_number;
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_ascii_strncasecmp (serial_number, prefixes[i], strlen (prefixes[i])) == 0)
        {
          digits = serial_number + strlen (prefixes[i]);
          break;
        }
    }

  if (!eb_tckn_is_valid (digits))
    return NULL;
  return g_strdup (digits);
}

/* The T.C. Kimlik No in the subject serialNumber, or NULL. */
char *
eb_x509_dup_tckn (X509 *cert)
{
  g_autofree char *serial = eb_x509_name_entry (X509_get_subject_name (cert),
                                                NID_serialNumber);

  return eb_tckn_from_subject_serial (serial);
}

char *
eb_x509_dup_serial_hex (X509 *cert)
{
  BIGNUM *bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  char *hex = bn != NULL ? BN_bn2hex (bn) : NULL;
  char *result = g_strdup (hex);

  OPENSSL_free (hex);
  BN_free (bn);
  return result;
}

GDateTime *
eb_x509_time_to_date_time (const ASN1_TIME *time)
{
  struct tm tm;

  if (time == NULL || !ASN1_TIME_to_tm (time, &tm))
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* An explicit keyUsage with nonRepudiation (contentCommitment): without the
 * extension OpenSSL reports every usage, which is not what an NES carries. */
gboolean
eb_x509_has_non_repudiation (X509 *cert)
{
  return (X509_get_extension_flags (cert) & EXFLAG_KUSAGE) != 0 &&
         (X509_get_key_usage (cert) & KU_NON_REPUDIATION) != 0;
}
