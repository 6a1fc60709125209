/* test-pcsc-monitor.c — EbPcscMonitor against a real pcscd with virtual
 * readers: readers and cards coming and going, pcscd dying and coming back,
 * and a prompt stop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "eb-card-enums.h"
#include "eb-pcsc-monitor.h"
#include "eb-test-pcsc.h"

/* pcscd polls the virtual readers every 400 ms; the monitor retries a lost
 * pcscd at most every 2 s. Generous, never slept: only waited for. */
#define EVENT_TIMEOUT_S 10

#define AKIS_1_0_ATR "3BBA11008131FE4D55454B41452056312E30AE"
#define AKIS_1_2_ATR "3B9F968131FE45806755454B41451252318073B3A180AA"

typedef struct
{
  EbTestPcsc *pcsc;
  EbPcscMonitor *monitor;
  GPtrArray *events;  /* "kind reader [atr]" strings */
} Fixture;

static void
on_reader_added (EbPcscMonitor *monitor,
                 EbCardReader  *reader,
                 Fixture       *fixture)
{
  g_ptr_array_add (fixture->events,
                   g_strdup_printf ("reader-added %s", eb_card_reader_get_name (reader)));
}

static void
on_reader_removed (EbPcscMonitor *monitor,
                   EbCardReader  *reader,
                   Fixture       *fixture)
{
  g_ptr_array_add (fixture->events,
                   g_strdup_printf ("reader-removed %s", eb_card_reader_get_name (reader)));
}

static void
on_card_inserted (EbPcscMonitor *monitor,
                  EbCardReader  *reader,
                  const char    *atr,
                  Fixture       *fixture)
{
  g_ptr_array_add (fixture->events,
                   g_strdup_printf ("card-inserted %s %s", eb_card_reader_get_name (reader), atr));
}

static void
on_card_removed (EbPcscMonitor *monitor,
                 EbCardReader  *reader,
                 Fixture       *fixture)
{
  g_ptr_array_add (fixture->events,
                   g_strdup_printf ("card-removed %s", eb_card_reader_get_name (reader)));
}

static void
start_monitor (Fixture *fixture)
{
  fixture->monitor = eb_pcsc_monitor_new ();
  g_signal_connect (fixture->monitor, "reader-added", G_CALLBACK (on_reader_added), fixture);
  g_signal_connect (fixture->monitor, "reader-removed", G_CALLBACK (on_reader_removed), fixture);
  g_signal_connect (fixture->monitor, "card-inserted", G_CALLBACK (on_card_inserted), fixture);
  g_signal_connect (fixture->monitor, "card-removed", G_CALLBACK (on_card_removed), fixture);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_daemon = GPOINTER_TO_INT (data);

  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->pcsc = eb_test_pcsc_new ();
  if (with_daemon)
    {
      eb_test_pcsc_start (fixture->pcsc, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->monitor);
  g_clear_pointer (&fixture->pcsc, eb_test_pcsc_free);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
has_event (Fixture    *fixture,
           const char *event)
{
  for (guint i = 0; i < fixture->events->len; i++)
    if (g_strcmp0 (g_ptr_array_index (fixture->events, i), event) == 0)
      return TRUE;

  return FALSE;
}

/* Runs the main loop until @event has been seen. */
static void
wait_for_event (Fixture    *fixture,
                const char *event)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (EVENT_TIMEOUT_S, on_timeout, &timed_out);

  while (!has_event (fixture, event) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  if (timed_out)
    {
      g_autofree char *seen = NULL;

      g_ptr_array_add (fixture->events, NULL);
      seen = g_strjoinv ("\n  ", (char **) fixture->events->pdata);
      g_error ("no \"%s\" within %d s; seen:\n  %s", event, EVENT_TIMEOUT_S, seen);
    }
}

static void
wait_for_state (Fixture     *fixture,
                EbPcscState  state)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (EVENT_TIMEOUT_S, on_timeout, &timed_out);

  while (eb_pcsc_monitor_get_state (fixture->monitor) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  g_assert_cmpint (eb_pcsc_monitor_get_state (fixture->monitor), ==, state);
}

static char *
event_for (const char *kind,
           const char *reader,
           const char *atr)
{
  return atr != NULL ? g_strdup_printf ("%s %s %s", kind, reader, atr)
                     : g_strdup_printf ("%s %s", kind, reader);
}

static void
test_no_service (Fixture       *fixture,
                 gconstpointer  data)
{
  start_monitor (fixture);
  wait_for_state (fixture, EB_PCSC_STATE_NO_SERVICE);

  g_assert_false (eb_pcsc_monitor_get_service_running (fixture->monitor));
  g_assert_cmpstr (eb_pcsc_monitor_get_service_error (fixture->monitor), ==, "SCARD_E_NO_SERVICE");
  g_assert_cmpuint (g_list_model_get_n_items (eb_pcsc_monitor_get_readers (fixture->monitor)),
                    ==, 0);
}

static void
test_readers_appear (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *readers;

  /* The monitor is first, pcscd comes later: it must notice by itself. */
  start_monitor (fixture);
  wait_for_state (fixture, EB_PCSC_STATE_NO_SERVICE);

  eb_test_pcsc_start (fixture->pcsc, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < EB_TEST_PCSC_N_READERS; i++)
    {
      g_autofree char *event = event_for ("reader-added",
                                          eb_test_pcsc_get_reader_name (fixture->pcsc, i), NULL);
      wait_for_event (fixture, event);
    }
  wait_for_state (fixture, EB_PCSC_STATE_NO_CARD);

  g_assert_true (eb_pcsc_monitor_get_service_running (fixture->monitor));
  g_assert_null (eb_pcsc_monitor_get_service_error (fixture->monitor));
  /* pcsc-lite 1.9.9 has the PnP pseudo-reader. */
  g_assert_true (eb_pcsc_monitor_get_uses_pnp (fixture->monitor));

  readers = eb_pcsc_monitor_get_readers (fixture->monitor);
  g_assert_cmpuint (g_list_model_get_n_items (readers), ==, EB_TEST_PCSC_N_READERS);
  for (guint i = 0; i < EB_TEST_PCSC_N_READERS; i++)
    {
      g_autoptr(EbCardReader) reader = g_list_model_get_item (readers, i);

      g_assert_cmpstr (eb_card_reader_get_name (reader), ==,
                       eb_test_pcsc_get_reader_name (fixture->pcsc, i));
      g_assert_false (eb_card_reader_get_has_card (reader));
      g_assert_null (eb_card_reader_get_atr (reader));
      g_assert_cmpint (eb_card_reader_get_card_type (reader), ==, EB_CARD_TYPE_NONE);
    }
}

static void
test_card_insert_remove (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *reader0 = eb_test_pcsc_get_reader_name (fixture->pcsc, 0);
  const char *reader1 = eb_test_pcsc_get_reader_name (fixture->pcsc, 1);
  g_autofree char *added = event_for ("reader-added", reader1, NULL);
  g_autofree char *inserted0 = event_for ("card-inserted", reader0, AKIS_1_0_ATR);
  g_autofree char *inserted1 = event_for ("card-inserted", reader1, AKIS_1_2_ATR);
  g_autofree char *removed0 = event_for ("card-removed", reader0, NULL);
  EbCardReader *reader;

  start_monitor (fixture);
  wait_for_event (fixture, added);
  wait_for_state (fixture, EB_PCSC_STATE_NO_CARD);

  eb_test_pcsc_insert_card (fixture->pcsc, 0, AKIS_1_0_ATR, NULL, &error);
  g_assert_no_error (error);
  wait_for_event (fixture, inserted0);
  wait_for_state (fixture, EB_PCSC_STATE_CARD_PRESENT);

  reader = eb_pcsc_monitor_find_reader (fixture->monitor, reader0);
  g_assert_nonnull (reader);
  g_assert_true (eb_card_reader_get_has_card (reader));
  g_assert_cmpstr (eb_card_reader_get_atr (reader), ==, AKIS_1_0_ATR);
  g_assert_cmpint (eb_card_reader_get_card_type (reader), ==, EB_CARD_TYPE_AKIS_1_0);
  g_assert_cmpstr (eb_card_reader_get_pkcs11_module (reader), ==, "libakisp11.so");

  eb_test_pcsc_insert_card (fixture->pcsc, 1, AKIS_1_2_ATR, NULL, &error);
  g_assert_no_error (error);
  wait_for_event (fixture, inserted1);
  reader = eb_pcsc_monitor_find_reader (fixture->monitor, reader1);
  g_assert_cmpint (eb_card_reader_get_card_type (reader), ==, EB_CARD_TYPE_AKIS_1_X);

  eb_test_pcsc_remove_card (fixture->pcsc, 0, &error);
  g_assert_no_error (error);
  wait_for_event (fixture, removed0);
  reader = eb_pcsc_monitor_find_reader (fixture->monitor, reader0);
  g_assert_false (eb_card_reader_get_has_card (reader));
  g_assert_null (eb_card_reader_get_atr (reader));
  g_assert_cmpint (eb_card_reader_get_card_type (reader), ==, EB_CARD_TYPE_NONE);
  /* The other card is still in. */
  g_assert_cmpint (eb_pcsc_monitor_get_state (fixture->monitor), ==, EB_PCSC_STATE_CARD_PRESENT);

  eb_test_pcsc_remove_card (fixture->pcsc, 1, &error);
  g_assert_no_error (error);
  wait_for_state (fixture, EB_PCSC_STATE_NO_CARD);

  /* Each event exactly once, none invented. */
  for (guint i = 0; i < fixture->events->len; i++)
    for (guint j = i + 1; j < fixture->events->len; j++)
      g_assert_cmpstr (g_ptr_array_index (fixture->events, i), !=,
                       g_ptr_array_index (fixture->events, j));
}

static void
on_state_notify (EbPcscMonitor *monitor,
                 GParamSpec    *pspec,
                 GArray        *states)
{
  EbPcscState state = eb_pcsc_monitor_get_state (monitor);

  g_array_append_val (states, state);
}

static void
test_card_present_at_start (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (EbPcscState));
  const char *reader0 = eb_test_pcsc_get_reader_name (fixture->pcsc, 0);
  g_autofree char *inserted = event_for ("card-inserted", reader0, AKIS_1_0_ATR);
  g_autofree char *added = event_for ("reader-added", reader0, NULL);

  eb_test_pcsc_insert_card (fixture->pcsc, 0, AKIS_1_0_ATR, NULL, &error);
  g_assert_no_error (error);
  eb_test_pcsc_wait_for_card (fixture->pcsc, 0);

  /* A monitor started now announces the reader, then its card, and never
   * passes through "no card". */
  start_monitor (fixture);
  g_signal_connect (fixture->monitor, "notify::state", G_CALLBACK (on_state_notify), states);
  wait_for_event (fixture, inserted);
  g_assert_cmpstr (g_ptr_array_index (fixture->events, 0), ==, added);
  g_assert_cmpint (eb_pcsc_monitor_get_state (fixture->monitor), ==, EB_PCSC_STATE_CARD_PRESENT);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpint (g_array_index (states, EbPcscState, 0), ==, EB_PCSC_STATE_CARD_PRESENT);
}

static void
test_daemon_restart (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *inserted = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *reader_removed = NULL;
  EbPcscMonitor *monitor;

  start_monitor (fixture);
  monitor = fixture->monitor;
  eb_test_pcsc_insert_card (fixture->pcsc, 0, AKIS_1_0_ATR, NULL, &error);
  g_assert_no_error (error);
  inserted = event_for ("card-inserted", eb_test_pcsc_get_reader_name (fixture->pcsc, 0),
                        AKIS_1_0_ATR);
  wait_for_event (fixture, inserted);

  /* pcscd dies under the monitor's blocked call. */
  eb_test_pcsc_kill (fixture->pcsc);
  wait_for_state (fixture, EB_PCSC_STATE_NO_SERVICE);
  g_assert_false (eb_pcsc_monitor_get_service_running (monitor));
  g_assert_nonnull (eb_pcsc_monitor_get_service_error (monitor));
  g_assert_cmpuint (g_list_model_get_n_items (eb_pcsc_monitor_get_readers (monitor)), ==, 0);
  removed = event_for ("card-removed", eb_test_pcsc_get_reader_name (fixture->pcsc, 0), NULL);
  reader_removed = event_for ("reader-removed", eb_test_pcsc_get_reader_name (fixture->pcsc, 0),
                              NULL);
  g_assert_true (has_event (fixture, removed));
  g_assert_true (has_event (fixture, reader_removed));

  /* It comes back (new ports, same socket): the same monitor recovers. */
  g_ptr_array_set_size (fixture->events, 0);
  eb_test_pcsc_start (fixture->pcsc, &error);
  g_assert_no_error (error);
  eb_test_pcsc_insert_card (fixture->pcsc, 0, AKIS_1_2_ATR, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&inserted, g_free);
  inserted = event_for ("card-inserted", eb_test_pcsc_get_reader_name (fixture->pcsc, 0),
                        AKIS_1_2_ATR);
  wait_for_event (fixture, inserted);
  g_assert_true (fixture->monitor == monitor);
  g_assert_true (eb_pcsc_monitor_get_service_running (monitor));
  g_assert_null (eb_pcsc_monitor_get_service_error (monitor));
  wait_for_state (fixture, EB_PCSC_STATE_CARD_PRESENT);

  /* A clean stop is noticed the same way. */
  eb_test_pcsc_stop (fixture->pcsc);
  wait_for_state (fixture, EB_PCSC_STATE_NO_SERVICE);
}

static void
assert_stops_promptly (Fixture *fixture)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  eb_pcsc_monitor_stop (fixture->monitor);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("stopped in %" G_GINT64_FORMAT " µs", elapsed);
  g_assert_cmpint (elapsed, <, 250 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (eb_pcsc_monitor_get_state (fixture->monitor), ==, EB_PCSC_STATE_STOPPED);

  /* Nothing arrives afterwards, and stopping twice is harmless. */
  g_ptr_array_set_size (fixture->events, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->events->len, ==, 0);
  eb_pcsc_monitor_stop (fixture->monitor);
}

static void
test_stop_while_blocked (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *added = event_for ("reader-added",
                                      eb_test_pcsc_get_reader_name (fixture->pcsc, 1), NULL);

  start_monitor (fixture);
  wait_for_event (fixture, added);
  wait_for_state (fixture, EB_PCSC_STATE_NO_CARD);

  /* Now blocked in SCardGetStatusChange() for up to 5 s. */
  assert_stops_promptly (fixture);
}

static void
test_stop_while_retrying (Fixture       *fixture,
                          gconstpointer  data)
{
  start_monitor (fixture);
  wait_for_state (fixture, EB_PCSC_STATE_NO_SERVICE);

  /* Now sleeping between reconnection attempts. */
  assert_stops_promptly (fixture);
}

static void
test_dispose_stops (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *added = event_for ("reader-added",
                                      eb_test_pcsc_get_reader_name (fixture->pcsc, 0), NULL);
  gint64 start;

  start_monitor (fixture);
  wait_for_event (fixture, added);

  start = g_get_monotonic_time ();
  g_clear_object (&fixture->monitor);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * G_TIME_SPAN_MILLISECOND);

  /* Events already queued for the dead monitor are dropped quietly. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  eb_test_pcsc_setup_environment ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, with_daemon, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_daemon), fixture_setup, func, fixture_teardown)

  ADD ("/card/monitor/no-service", FALSE, test_no_service);
  ADD ("/card/monitor/readers-appear", FALSE, test_readers_appear);
  ADD ("/card/monitor/card-insert-remove", TRUE, test_card_insert_remove);
  ADD ("/card/monitor/card-present-at-start", TRUE, test_card_present_at_start);
  ADD ("/card/monitor/daemon-restart", TRUE, test_daemon_restart);
  ADD ("/card/monitor/stop-while-blocked", TRUE, test_stop_while_blocked);
  ADD ("/card/monitor/stop-while-retrying", FALSE, test_stop_while_retrying);
  ADD ("/card/monitor/dispose-stops", TRUE, test_dispose_stops);

#undef ADD

  return g_test_run ();
}
