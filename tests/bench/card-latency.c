/* card-latency.c — how long from a card insert to EbPcscMonitor's signal,
 * next to a raw pcsc-lite client watching the same insert
 *
 * Starts the test pcscd with its virtual readers (tests/card/eb-test-pcsc.c),
 * card-raw-client on reader 0 and an EbPcscMonitor, then inserts and removes
 * a virtual card N times. For each insert (and removal) it takes the time
 * just before telling the virtual card to connect, and the time each watcher
 * reported it: the monitor when its signal reaches the main loop, the raw
 * client when SCardGetStatusChange() returns (CLOCK_MONOTONIC, shared by
 * both processes). pcscd polls the virtual readers every 400 ms, so both
 * figures are mostly pcscd's; the ratio is what the monitor adds.
 *
 * Usage: card-latency [N]   (default 20; needs root, like the card tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <gio/gio.h>

#include "eb-pcsc-monitor.h"
#include "eb-test-pcsc.h"

#ifndef EB_BENCH_RAW_CLIENT
#error "EB_BENCH_RAW_CLIENT must name the built card-raw-client"
#endif

#define ATR       "3B9F968131FE45806755454B41451252318073B3A180AA"
#define TIMEOUT_S 10
/* pcscd's poll period for these readers: inserts are spread over it, or
 * every round would land at the same point of the poll cycle. */
#define POLL_MS   400

typedef struct
{
  gint64 monitor_time;  /* 0 until seen */
  gint64 raw_time;
  gboolean expect_inserted;
  GDataInputStream *raw_out;
  GCancellable *cancellable;
} Bench;

static void read_raw_line (Bench *bench);

static void
on_raw_line (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      result, NULL, &error);
  g_auto(GStrv) words = NULL;

  if (line == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error ("card-raw-client stopped: %s", error ? error->message : "end of output");
      return;
    }

  words = g_strsplit (line, " ", 2);
  if (g_strv_length (words) == 2 &&
      g_str_equal (words[0], bench->expect_inserted ? "inserted" : "removed"))
    bench->raw_time = g_ascii_strtoll (words[1], NULL, 10);

  read_raw_line (bench);
}

static void
read_raw_line (Bench *bench)
{
  g_data_input_stream_read_line_async (bench->raw_out, G_PRIORITY_DEFAULT, bench->cancellable,
                                       on_raw_line, bench);
}

static void
on_card_inserted (EbPcscMonitor *monitor,
                  EbCardReader  *reader,
                  const char    *atr,
                  Bench         *bench)
{
  if (bench->expect_inserted)
    bench->monitor_time = g_get_monotonic_time ();
}

static void
on_card_removed (EbPcscMonitor *monitor,
                 EbCardReader  *reader,
                 Bench         *bench)
{
  if (!bench->expect_inserted)
    bench->monitor_time = g_get_monotonic_time ();
}

static void
wait_for_both (Bench *bench)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;

  while ((bench->monitor_time == 0 || bench->raw_time == 0) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (bench->monitor_time == 0 || bench->raw_time == 0)
    g_error ("no %s event within %d s (monitor %s, raw client %s)",
             bench->expect_inserted ? "insert" : "removal", TIMEOUT_S,
             bench->monitor_time ? "saw it" : "did not", bench->raw_time ? "saw it" : "did not");
}

static gint
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *samples)
{
  guint n = samples->len;
  gint64 *v;

  g_array_sort (samples, compare_gint64);
  v = (gint64 *) samples->data;
  if (n % 2 == 1)
    return v[n / 2] / 1000.0;
  return (v[n / 2 - 1] + v[n / 2]) / 2000.0;
}

static void
print_row (const char *what,
           GArray     *monitor,
           GArray     *raw)
{
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (gint64));
  double m, r;

  /* Per event, what the monitor adds to the same insert (before sorting). */
  for (guint i = 0; i < monitor->len; i++)
    g_array_append_vals (extra, &(gint64) { g_array_index (monitor, gint64, i) -
                                            g_array_index (raw, gint64, i) }, 1);
  m = median_ms (monitor);
  r = median_ms (raw);

  g_print ("%-8s  monitor median %7.1f ms (min %6.1f, max %6.1f)   "
           "raw client median %7.1f ms (min %6.1f, max %6.1f)   ratio %.3f\n",
           what,
           m, g_array_index (monitor, gint64, 0) / 1000.0,
           g_array_index (monitor, gint64, monitor->len - 1) / 1000.0,
           r, g_array_index (raw, gint64, 0) / 1000.0,
           g_array_index (raw, gint64, raw->len - 1) / 1000.0,
           r > 0 ? m / r : 0.0);
  g_print ("%-8s  the monitor after the raw client, same event: median %.2f ms\n",
           "", median_ms (extra));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbTestPcsc) pcsc = NULL;
  g_autoptr(GSubprocess) raw = NULL;
  g_autoptr(EbPcscMonitor) monitor = NULL;
  g_autoptr(GArray) insert_monitor = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) insert_raw = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) remove_monitor = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) remove_raw = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *ready = NULL;
  Bench bench = { 0 };
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : 20;

  setlocale (LC_ALL, "");
  eb_test_pcsc_setup_environment ();
  if (rounds == 0)
    rounds = 20;

  pcsc = eb_test_pcsc_new ();
  if (!eb_test_pcsc_start (pcsc, &error))
    g_error ("%s", error->message);

  raw = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, EB_BENCH_RAW_CLIENT,
                          eb_test_pcsc_get_reader_name (pcsc, 0), NULL);
  if (raw == NULL)
    g_error ("%s", error->message);
  bench.raw_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (raw));
  bench.cancellable = g_cancellable_new ();
  ready = g_data_input_stream_read_line_utf8 (bench.raw_out, NULL, NULL, &error);
  if (g_strcmp0 (ready, "ready") != 0)
    g_error ("card-raw-client did not start");
  read_raw_line (&bench);

  monitor = eb_pcsc_monitor_new ();
  g_signal_connect (monitor, "card-inserted", G_CALLBACK (on_card_inserted), &bench);
  g_signal_connect (monitor, "card-removed", G_CALLBACK (on_card_removed), &bench);
  while (eb_pcsc_monitor_get_state (monitor) != EB_PCSC_STATE_NO_CARD)
    g_main_context_iteration (NULL, TRUE);

  g_print ("card-latency: %u inserts and removals, virtual reader \"%s\"\n", rounds,
           eb_test_pcsc_get_reader_name (pcsc, 0));

  for (guint i = 0; i < rounds; i++)
    {
      gint64 start;

      g_usleep (g_random_int_range (0, POLL_MS) * G_TIME_SPAN_MILLISECOND);
      bench.expect_inserted = TRUE;
      bench.monitor_time = bench.raw_time = 0;
      start = g_get_monotonic_time ();
      if (!eb_test_pcsc_insert_card (pcsc, 0, ATR, NULL, &error))
        g_error ("%s", error->message);
      wait_for_both (&bench);
      g_array_append_vals (insert_monitor, &(gint64) { bench.monitor_time - start }, 1);
      g_array_append_vals (insert_raw, &(gint64) { bench.raw_time - start }, 1);

      g_usleep (g_random_int_range (0, POLL_MS) * G_TIME_SPAN_MILLISECOND);
      bench.expect_inserted = FALSE;
      bench.monitor_time = bench.raw_time = 0;
      start = g_get_monotonic_time ();
      if (!eb_test_pcsc_remove_card (pcsc, 0, &error))
        g_error ("%s", error->message);
      wait_for_both (&bench);
      g_array_append_vals (remove_monitor, &(gint64) { bench.monitor_time - start }, 1);
      g_array_append_vals (remove_raw, &(gint64) { bench.raw_time - start }, 1);
    }

  print_row ("insert", insert_monitor, insert_raw);
  print_row ("removal", remove_monitor, remove_raw);

  g_cancellable_cancel (bench.cancellable);
  eb_pcsc_monitor_stop (monitor);
  g_subprocess_force_exit (raw);
  g_subprocess_wait (raw, NULL, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&bench.raw_out);
  g_clear_object (&bench.cancellable);

  return 0;
}
