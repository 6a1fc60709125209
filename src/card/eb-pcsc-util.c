/* eb-pcsc-util.c — PC/SC helpers shared by the monitor and the diagnostics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-pcsc-private.h"

/**
 * eb_pcsc_rv_name:
 *
 * Returns: the symbolic name of a PC/SC return value, for logs and the
 *   diagnostics report (pcsc_stringify_error() gives prose instead)
 */
const char *
eb_pcsc_rv_name (LONG rv)
{
  switch (rv)
    {
    case SCARD_S_SUCCESS: return "SCARD_S_SUCCESS";
    case SCARD_E_CANCELLED: return "SCARD_E_CANCELLED";
    case SCARD_E_INVALID_HANDLE: return "SCARD_E_INVALID_HANDLE";
    case SCARD_E_INVALID_PARAMETER: return "SCARD_E_INVALID_PARAMETER";
    case SCARD_E_NO_MEMORY: return "SCARD_E_NO_MEMORY";
    case SCARD_E_INSUFFICIENT_BUFFER: return "SCARD_E_INSUFFICIENT_BUFFER";
    case SCARD_E_UNKNOWN_READER: return "SCARD_E_UNKNOWN_READER";
    case SCARD_E_TIMEOUT: return "SCARD_E_TIMEOUT";
    case SCARD_E_SHARING_VIOLATION: return "SCARD_E_SHARING_VIOLATION";
    case SCARD_E_NO_SMARTCARD: return "SCARD_E_NO_SMARTCARD";
    case SCARD_E_NOT_READY: return "SCARD_E_NOT_READY";
    case SCARD_E_INVALID_VALUE: return "SCARD_E_INVALID_VALUE";
    case SCARD_F_COMM_ERROR: return "SCARD_F_COMM_ERROR";
    case SCARD_F_INTERNAL_ERROR: return "SCARD_F_INTERNAL_ERROR";
    case SCARD_F_UNKNOWN_ERROR: return "SCARD_F_UNKNOWN_ERROR";
    case SCARD_E_READER_UNAVAILABLE: return "SCARD_E_READER_UNAVAILABLE";
    case SCARD_E_NO_SERVICE: return "SCARD_E_NO_SERVICE";
    case SCARD_E_SERVICE_STOPPED: return "SCARD_E_SERVICE_STOPPED";
    case SCARD_E_NO_READERS_AVAILABLE: return "SCARD_E_NO_READERS_AVAILABLE";
    case SCARD_E_SERVER_TOO_BUSY: return "SCARD_E_SERVER_TOO_BUSY";
    case SCARD_W_UNRESPONSIVE_CARD: return "SCARD_W_UNRESPONSIVE_CARD";
    case SCARD_W_UNPOWERED_CARD: return "SCARD_W_UNPOWERED_CARD";
    case SCARD_W_REMOVED_CARD: return "SCARD_W_REMOVED_CARD";
    default: return "SCARD_E_UNEXPECTED";
    }
}

/* The context is no good any more: pcscd is gone, or went and came back
 * (then only a new context works). */
gboolean
eb_pcsc_rv_is_service_lost (LONG rv)
{
  return rv == SCARD_E_NO_SERVICE ||
         rv == SCARD_F_COMM_ERROR ||
         rv == SCARD_E_SERVICE_STOPPED ||
         rv == SCARD_E_INVALID_HANDLE;
}

/**
 * eb_pcsc_list_readers:
 * @context: an established context
 * @rv: (out): the PC/SC result
 *
 * Returns: (transfer full) (nullable): the reader names, an empty vector
 *   when there are none, %NULL (with @rv set) on error
 */
char **
eb_pcsc_list_readers (SCARDCONTEXT  context,
                      LONG         *rv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *buf = NULL;
  DWORD len = 0;

  /* A reader may come between the two calls: then the buffer is short. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_clear_pointer (&buf, g_free);
      *rv = SCardListReaders (context, NULL, NULL, &len);
      if (*rv == SCARD_S_SUCCESS)
        {
          buf = g_malloc0 (len + 1);
          *rv = SCardListReaders (context, NULL, buf, &len);
        }
      if (*rv != SCARD_E_INSUFFICIENT_BUFFER)
        break;
    }

  if (*rv == SCARD_E_NO_READERS_AVAILABLE)
    {
      *rv = SCARD_S_SUCCESS;
      return g_strv_builder_end (builder);
    }
  if (*rv != SCARD_S_SUCCESS)
    return NULL;

  /* A multi-string: names separated by NUL, ended by an empty name. */
  for (const char *p = buf; p < buf + len && *p; p += strlen (p) + 1)
    g_strv_builder_add (builder, p);

  return g_strv_builder_end (builder);
}
