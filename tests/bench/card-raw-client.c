/* card-raw-client.c — the baseline for card-latency: a bare pcsc-lite client
 *
 * Blocks in SCardGetStatusChange() on one reader, as any PC/SC program
 * would, and prints "inserted T" / "removed T" with T the CLOCK_MONOTONIC
 * time in µs (the same clock in every process), then "ready" once it has
 * the reader's first state. No GLib main loop, no threads, no objects.
 *
 * Usage: card-raw-client READER_NAME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <time.h>

#include <winscard.h>

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int
main (int   argc,
      char *argv[])
{
  SCARDCONTEXT context;
  SCARD_READERSTATE rs = { 0 };
  int present = 0;
  LONG rv;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s READER_NAME\n", argv[0]);
      return 2;
    }

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS)
    {
      fprintf (stderr, "SCardEstablishContext: %s\n", pcsc_stringify_error (rv));
      return 1;
    }

  rs.szReader = argv[1];
  rs.dwCurrentState = SCARD_STATE_UNAWARE;
  rv = SCardGetStatusChange (context, 0, &rs, 1);
  if (rv != SCARD_S_SUCCESS)
    {
      fprintf (stderr, "SCardGetStatusChange: %s\n", pcsc_stringify_error (rv));
      return 1;
    }
  present = (rs.dwEventState & SCARD_STATE_PRESENT) != 0;
  rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
  printf ("ready\n");
  fflush (stdout);

  for (;;)
    {
      rv = SCardGetStatusChange (context, INFINITE, &rs, 1);
      if (rv != SCARD_S_SUCCESS)
        {
          fprintf (stderr, "SCardGetStatusChange: %s\n", pcsc_stringify_error (rv));
          return 1;
        }
      if (((rs.dwEventState & SCARD_STATE_PRESENT) != 0) != present)
        {
          present = !present;
          printf ("%s %lld\n", present ? "inserted" : "removed", now_us ());
          fflush (stdout);
        }
      rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
    }
}
