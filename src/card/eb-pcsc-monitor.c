/* eb-pcsc-monitor.c — card readers and cards coming and going, from pcscd
 *
 * One worker thread sits in SCardGetStatusChange() on its own PC/SC context,
 * with pcsc-lite's PnP pseudo-reader in the list so that reader changes wake
 * it too, and a bounded timeout so that the reader list is refreshed even
 * when the daemon cannot tell (no PnP support). What it sees goes, in order,
 * through a queue to the GMainContext that created the monitor, where the
 * reader list model is updated and the signals are emitted.
 *
 * pcscd can be missing, die, or start later: the thread then releases its
 * context (a context that saw the daemon die never works again) and tries
 * again with a growing delay, and the state says "no service" meanwhile.
 * Stopping sets a flag and SCardCancel()s the blocked call; a cancel that
 * lands just before the call starts is lost, so it is repeated until the
 * thread has gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-card-enums.h"
#include "eb-pcsc-monitor.h"
#include "eb-pcsc-private.h"

/* Reconnection delay after pcscd went missing: grows from the first to the
 * last value. Short enough that a started pcscd is noticed before the user
 * looks back at the window, long enough that a machine without pcscd does
 * nothing noticeable. */
#define RETRY_MIN_MS 100
#define RETRY_MAX_MS 2000

/* How long one SCardGetStatusChange() may block before the reader list is
 * read again anyway: with PnP notifications this is only a safety net. */
#define WAIT_PNP_MS  5000
#define WAIT_POLL_MS 1000

/* More than this many waits in a row shorter than this, and the thread
 * pauses as long before the next. */
#define SPIN_GUARD_COUNT 20
#define SPIN_GUARD_MS    50

/* How often eb_pcsc_monitor_stop() repeats SCardCancel(). */
#define CANCEL_REPEAT_MS 20

typedef enum
{
  EVENT_READER_ADDED,
  EVENT_READER_REMOVED,
  EVENT_CARD_INSERTED,
  EVENT_CARD_REMOVED,
  EVENT_SERVICE_UP,
  EVENT_SERVICE_DOWN,
} EventKind;

typedef struct
{
  EventKind kind;
  char *reader;
  gboolean has_card;
  guint8 atr[EB_ATR_MAX_LENGTH];
  gsize atr_len;
  LONG rv;
  gboolean uses_pnp;
} Event;

/* What the worker thread and the monitor share; outlives either. */
typedef struct
{
  gatomicrefcount ref_count;
  GMutex mutex;
  GCond cond;
  gboolean stopping;
  gboolean finished;
  gboolean have_context;
  SCARDCONTEXT context;       /* while have_context: the one to SCardCancel() */
  GMainContext *main_context;
  GWeakRef monitor;
  GQueue events;              /* Event *, oldest first */
  gboolean dispatch_pending;
  GQueue batch;               /* the worker's, not yet handed over: no lock */
} Shared;

/* The worker thread's view of one reader. */
typedef struct
{
  char *name;
  DWORD current_state;
  gboolean has_card;
  guint8 atr[EB_ATR_MAX_LENGTH];
  gsize atr_len;
} ReaderState;

struct _EbPcscMonitor
{
  GObject parent_instance;

  Shared *shared;
  GThread *thread;

  EbPcscState state;
  gboolean service_running;
  gboolean uses_pnp;
  char *service_error;
  GListStore *readers;        /* EbCardReader */
};

G_DEFINE_FINAL_TYPE (EbPcscMonitor, eb_pcsc_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_SERVICE_RUNNING,
  PROP_SERVICE_ERROR,
  PROP_READERS,
  PROP_USES_PNP,
  N_PROPS
};

enum {
  READER_ADDED,
  READER_REMOVED,
  CARD_INSERTED,
  CARD_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
event_free (Event *event)
{
  g_free (event->reader);
  g_free (event);
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;

  g_queue_clear_full (&shared->events, (GDestroyNotify) event_free);
  g_queue_clear_full (&shared->batch, (GDestroyNotify) event_free);
  g_weak_ref_clear (&shared->monitor);
  g_main_context_unref (shared->main_context);
  g_mutex_clear (&shared->mutex);
  g_cond_clear (&shared->cond);
  g_free (shared);
}

static void
reader_state_free (ReaderState *reader)
{
  g_free (reader->name);
  g_free (reader);
}

/* Main context side */

static guint
find_reader_position (EbPcscMonitor *self,
                      const char    *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->readers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EbCardReader) reader = g_list_model_get_item (G_LIST_MODEL (self->readers), i);

      if (g_strcmp0 (eb_card_reader_get_name (reader), name) == 0)
        return i;
    }

  return G_MAXUINT;
}

static void
update_state (EbPcscMonitor *self)
{
  EbPcscState state;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->readers));

  if (self->state == EB_PCSC_STATE_STOPPED)
    return;

  if (!self->service_running)
    {
      state = self->service_error != NULL ? EB_PCSC_STATE_NO_SERVICE : EB_PCSC_STATE_STARTING;
    }
  else if (n == 0)
    {
      state = EB_PCSC_STATE_NO_READER;
    }
  else
    {
      state = EB_PCSC_STATE_NO_CARD;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(EbCardReader) reader = g_list_model_get_item (G_LIST_MODEL (self->readers), i);

          if (eb_card_reader_get_has_card (reader))
            state = EB_PCSC_STATE_CARD_PRESENT;
        }
    }

  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_service (EbPcscMonitor *self,
             gboolean       running,
             const char    *error)
{
  if (self->service_running != running)
    {
      self->service_running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_RUNNING]);
    }
  if (g_strcmp0 (self->service_error, error) != 0)
    {
      g_free (self->service_error);
      self->service_error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_ERROR]);
    }
}

static void
apply_event (EbPcscMonitor *self,
             Event         *event)
{
  g_autoptr(EbCardReader) reader = NULL;
  guint position = G_MAXUINT;

  if (event->reader != NULL)
    {
      position = find_reader_position (self, event->reader);
      if (position != G_MAXUINT)
        reader = g_list_model_get_item (G_LIST_MODEL (self->readers), position);
    }

  switch (event->kind)
    {
    case EVENT_READER_ADDED:
      if (reader != NULL)
        break;
      reader = eb_card_reader_new (event->reader);
      eb_card_reader_set_card (reader, event->has_card, event->atr, event->atr_len);
      g_list_store_append (self->readers, reader);
      g_signal_emit (self, signals[READER_ADDED], 0, reader);
      if (event->has_card)
        g_signal_emit (self, signals[CARD_INSERTED], 0, reader, eb_card_reader_get_atr (reader));
      break;

    case EVENT_READER_REMOVED:
      if (reader == NULL)
        break;
      if (eb_card_reader_get_has_card (reader))
        {
          eb_card_reader_set_card (reader, FALSE, NULL, 0);
          g_signal_emit (self, signals[CARD_REMOVED], 0, reader);
        }
      g_list_store_remove (self->readers, position);
      g_signal_emit (self, signals[READER_REMOVED], 0, reader);
      break;

    case EVENT_CARD_INSERTED:
      if (reader == NULL)
        break;
      eb_card_reader_set_card (reader, TRUE, event->atr, event->atr_len);
      g_signal_emit (self, signals[CARD_INSERTED], 0, reader, eb_card_reader_get_atr (reader));
      break;

    case EVENT_CARD_REMOVED:
      if (reader == NULL || !eb_card_reader_get_has_card (reader))
        break;
      eb_card_reader_set_card (reader, FALSE, NULL, 0);
      g_signal_emit (self, signals[CARD_REMOVED], 0, reader);
      break;

    case EVENT_SERVICE_UP:
      if (self->uses_pnp != event->uses_pnp)
        {
          self->uses_pnp = event->uses_pnp;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USES_PNP]);
        }
      set_service (self, TRUE, NULL);
      break;

    case EVENT_SERVICE_DOWN:
      set_service (self, FALSE, eb_pcsc_rv_name (event->rv));
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
dispatch_events (gpointer user_data)
{
  Shared *shared = user_data;
  g_autoptr(EbPcscMonitor) self = NULL;
  GQueue events = G_QUEUE_INIT;
  Event *event;

  g_mutex_lock (&shared->mutex);
  events = shared->events;
  g_queue_init (&shared->events);
  shared->dispatch_pending = FALSE;
  g_mutex_unlock (&shared->mutex);

  self = g_weak_ref_get (&shared->monitor);

  /* Seen before the stop, delivered after it: too late. */
  if (self != NULL && self->state == EB_PCSC_STATE_STOPPED)
    g_clear_object (&self);

  if (self != NULL)
    g_object_freeze_notify (G_OBJECT (self));

  while ((event = g_queue_pop_head (&events)) != NULL)
    {
      if (self != NULL)
        apply_event (self, event);
      event_free (event);
    }

  if (self != NULL)
    {
      /* Once per batch, so that a reader arriving with its card does not
       * flash "no card" first. */
      update_state (self);
      g_object_thaw_notify (G_OBJECT (self));
    }

  return G_SOURCE_REMOVE;
}

/* Worker thread side */

/* Events are collected and handed over together, so that the main context
 * never sees half of what one look at pcscd found (a reader without the
 * service being up, say). */
static void
post_event (Shared *shared,
            Event  *event)
{
  g_queue_push_tail (&shared->batch, event);
}

static void
flush_events (Shared *shared)
{
  Event *event;

  if (g_queue_is_empty (&shared->batch))
    return;

  g_mutex_lock (&shared->mutex);
  while ((event = g_queue_pop_head (&shared->batch)) != NULL)
    g_queue_push_tail (&shared->events, event);
  if (!shared->dispatch_pending)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      shared->dispatch_pending = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, dispatch_events, shared_ref (shared),
                             (GDestroyNotify) shared_unref);
      g_source_set_static_name (source, "[eb] pcsc monitor events");
      g_source_attach (source, shared->main_context);
    }
  g_mutex_unlock (&shared->mutex);
}

static Event *
event_new (EventKind          kind,
           const ReaderState *reader)
{
  Event *event = g_new0 (Event, 1);

  event->kind = kind;
  if (reader != NULL)
    {
      event->reader = g_strdup (reader->name);
      event->has_card = reader->has_card;
      event->atr_len = reader->atr_len;
      memcpy (event->atr, reader->atr, reader->atr_len);
    }

  return event;
}

static gboolean
is_stopping (Shared *shared)
{
  gboolean stopping;

  g_mutex_lock (&shared->mutex);
  stopping = shared->stopping;
  g_mutex_unlock (&shared->mutex);

  return stopping;
}

/* Sleeps @ms unless asked to stop; returns whether it was. */
static gboolean
wait_for_stop (Shared *shared,
               guint   ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopping;

  g_mutex_lock (&shared->mutex);
  while (!shared->stopping)
    {
      if (!g_cond_wait_until (&shared->cond, &shared->mutex, end))
        break;
    }
  stopping = shared->stopping;
  g_mutex_unlock (&shared->mutex);

  return stopping;
}

/* Takes the card state of @rs into @reader; returns whether the card changed. */
static gboolean
take_card_state (ReaderState             *reader,
                 const SCARD_READERSTATE *rs,
                 gboolean                *was_swapped)
{
  gboolean present = (rs->dwEventState & SCARD_STATE_PRESENT) != 0;
  gsize atr_len = present ? MIN (rs->cbAtr, (DWORD) EB_ATR_MAX_LENGTH) : 0;
  /* pcsc-lite counts card events in the high word: a different count with
   * a card before and after means it was swapped between two looks. */
  gboolean counted_event = (rs->dwCurrentState >> 16) != (rs->dwEventState >> 16) &&
                           rs->dwCurrentState != SCARD_STATE_UNAWARE &&
                           (rs->dwCurrentState & SCARD_STATE_PRESENT) != 0;
  gboolean changed;

  *was_swapped = FALSE;
  changed = present != reader->has_card ||
            (present && (atr_len != reader->atr_len ||
                         memcmp (rs->rgbAtr, reader->atr, atr_len) != 0));
  if (present && reader->has_card && !changed && counted_event)
    {
      *was_swapped = TRUE;
      changed = TRUE;
    }

  reader->has_card = present;
  reader->atr_len = atr_len;
  memcpy (reader->atr, rs->rgbAtr, atr_len);

  return changed;
}

/* Reads the reader list again and reports what came and went. */
static LONG
sync_readers (Shared       *shared,
              SCARDCONTEXT  context,
              GPtrArray    *readers)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  LONG rv;

  names = eb_pcsc_list_readers (context, &rv);
  if (names == NULL)
    return rv;

  for (guint i = readers->len; i > 0; i--)
    {
      ReaderState *reader = g_ptr_array_index (readers, i - 1);

      if (!g_strv_contains ((const char * const *) names, reader->name))
        {
          post_event (shared, event_new (EVENT_READER_REMOVED, reader));
          g_ptr_array_remove_index (readers, i - 1);
        }
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < readers->len && !known; j++)
        known = g_strcmp0 (((ReaderState *) g_ptr_array_index (readers, j))->name, names[i]) == 0;

      if (!known)
        {
          ReaderState *reader = g_new0 (ReaderState, 1);

          reader->name = g_strdup (names[i]);
          reader->current_state = SCARD_STATE_UNAWARE;
          g_ptr_array_add (readers, reader);
          g_ptr_array_add (added, reader);
        }
    }

  if (added->len > 0)
    {
      /* Look at the new readers right away so that each is announced
       * together with the card it may already hold. */
      g_autofree SCARD_READERSTATE *states = g_new0 (SCARD_READERSTATE, added->len);

      for (guint i = 0; i < added->len; i++)
        {
          states[i].szReader = ((ReaderState *) g_ptr_array_index (added, i))->name;
          states[i].dwCurrentState = SCARD_STATE_UNAWARE;
        }

      rv = SCardGetStatusChange (context, 0, states, added->len);
      if (eb_pcsc_rv_is_service_lost (rv))
        return rv;

      for (guint i = 0; i < added->len; i++)
        {
          ReaderState *reader = g_ptr_array_index (added, i);
          gboolean swapped;

          if (rv == SCARD_S_SUCCESS && (states[i].dwEventState & SCARD_STATE_UNKNOWN) == 0)
            {
              take_card_state (reader, &states[i], &swapped);
              reader->current_state = states[i].dwEventState & ~SCARD_STATE_CHANGED;
            }
          post_event (shared, event_new (EVENT_READER_ADDED, reader));
        }
    }

  return SCARD_S_SUCCESS;
}

/* Whether the daemon knows the PnP pseudo-reader; fills in its state. */
static gboolean
probe_pnp (SCARDCONTEXT  context,
           DWORD        *pnp_state)
{
  SCARD_READERSTATE rs = { 0 };
  LONG rv;

  rs.szReader = EB_PCSC_PNP_READER;
  rs.dwCurrentState = SCARD_STATE_UNAWARE;
  rv = SCardGetStatusChange (context, 0, &rs, 1);
  if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
    return FALSE;
  if ((rs.dwEventState & SCARD_STATE_UNKNOWN) != 0)
    return FALSE;

  *pnp_state = rs.dwEventState & ~SCARD_STATE_CHANGED;
  return TRUE;
}

static void
post_card_changes (Shared            *shared,
                   GPtrArray         *readers,
                   SCARD_READERSTATE *states,
                   gboolean          *need_sync)
{
  for (guint i = 0; i < readers->len; i++)
    {
      ReaderState *reader = g_ptr_array_index (readers, i);
      SCARD_READERSTATE *rs = &states[i];
      gboolean swapped;

      if ((rs->dwEventState & SCARD_STATE_CHANGED) == 0)
        continue;

      /* Taken as seen in any case, or the next wait returns at once. */
      reader->current_state = rs->dwEventState & ~SCARD_STATE_CHANGED;

      if ((rs->dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) != 0)
        {
          /* Gone: sync_readers() reports it. */
          *need_sync = TRUE;
          continue;
        }

      if (take_card_state (reader, rs, &swapped))
        {
          if (swapped)
            post_event (shared, event_new (EVENT_CARD_REMOVED, reader));
          post_event (shared, event_new (reader->has_card ? EVENT_CARD_INSERTED
                                                          : EVENT_CARD_REMOVED,
                                         reader));
        }
    }
}

/* Watches one established context until stopped or the service is lost;
 * returns the PC/SC result that ended it. */
static LONG
watch (Shared       *shared,
       SCARDCONTEXT  context,
       GPtrArray    *readers)
{
  DWORD pnp_state = 0;
  guint quick_returns = 0;
  gboolean pnp;
  Event *up;
  LONG rv;

  pnp = probe_pnp (context, &pnp_state);

  rv = sync_readers (shared, context, readers);
  if (rv != SCARD_S_SUCCESS)
    return rv;

  up = event_new (EVENT_SERVICE_UP, NULL);
  up->uses_pnp = pnp;
  post_event (shared, up);

  while (!is_stopping (shared))
    {
      g_autofree SCARD_READERSTATE *states = NULL;
      gboolean need_sync = FALSE;
      guint n = readers->len;
      gint64 started = g_get_monotonic_time ();

      /* What the last round found goes out before the next wait. */
      flush_events (shared);

      if (n == 0 && !pnp)
        {
          /* Nothing to wait on: poll for readers. */
          if (wait_for_stop (shared, WAIT_POLL_MS))
            break;
          rv = sync_readers (shared, context, readers);
          if (eb_pcsc_rv_is_service_lost (rv))
            return rv;
          continue;
        }

      states = g_new0 (SCARD_READERSTATE, n + 1);
      for (guint i = 0; i < n; i++)
        {
          ReaderState *reader = g_ptr_array_index (readers, i);

          states[i].szReader = reader->name;
          states[i].dwCurrentState = reader->current_state;
        }
      if (pnp)
        {
          states[n].szReader = EB_PCSC_PNP_READER;
          states[n].dwCurrentState = pnp_state;
        }

      rv = SCardGetStatusChange (context, pnp ? WAIT_PNP_MS : WAIT_POLL_MS,
                                 states, pnp ? n + 1 : n);
      if (is_stopping (shared))
        break;

      switch (rv)
        {
        case SCARD_S_SUCCESS:
          post_card_changes (shared, readers, states, &need_sync);
          if (pnp && (states[n].dwEventState & SCARD_STATE_CHANGED) != 0)
            {
              pnp_state = states[n].dwEventState & ~SCARD_STATE_CHANGED;
              need_sync = TRUE;
            }
          break;

        case SCARD_E_TIMEOUT:
          /* The bounded wait: look at the reader list anyway. */
          need_sync = TRUE;
          break;

        case SCARD_E_CANCELLED:
          break;

        case SCARD_E_UNKNOWN_READER:
        case SCARD_E_READER_UNAVAILABLE:
          need_sync = TRUE;
          break;

        default:
          if (eb_pcsc_rv_is_service_lost (rv))
            return rv;
          /* Unexpected: do not spin on it. */
          g_debug ("SCardGetStatusChange: %s", eb_pcsc_rv_name (rv));
          flush_events (shared);
          if (wait_for_stop (shared, WAIT_POLL_MS))
            return SCARD_S_SUCCESS;
          need_sync = TRUE;
          break;
        }

      if (need_sync)
        {
          rv = sync_readers (shared, context, readers);
          if (eb_pcsc_rv_is_service_lost (rv))
            return rv;
        }

      /* A daemon that keeps answering at once (it should not) gets a
       * pause: never a busy loop. */
      if (g_get_monotonic_time () - started < SPIN_GUARD_MS * G_TIME_SPAN_MILLISECOND)
        quick_returns++;
      else
        quick_returns = 0;
      if (quick_returns > SPIN_GUARD_COUNT)
        {
          flush_events (shared);
          if (wait_for_stop (shared, SPIN_GUARD_MS))
            break;
        }
    }

  return SCARD_S_SUCCESS;
}

static void
forget_readers (Shared    *shared,
                GPtrArray *readers)
{
  for (guint i = 0; i < readers->len; i++)
    post_event (shared, event_new (EVENT_READER_REMOVED, g_ptr_array_index (readers, i)));
  g_ptr_array_set_size (readers, 0);
}

static gpointer
monitor_thread (gpointer user_data)
{
  Shared *shared = user_data;
  g_autoptr(GPtrArray) readers = NULL;
  guint retry_ms = RETRY_MIN_MS;
  LONG last_rv = SCARD_S_SUCCESS;
  gboolean announced = FALSE;

  readers = g_ptr_array_new_with_free_func ((GDestroyNotify) reader_state_free);

  while (!is_stopping (shared))
    {
      SCARDCONTEXT context;
      LONG rv;

      rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
      if (rv == SCARD_S_SUCCESS)
        {
          gint64 started = g_get_monotonic_time ();

          g_mutex_lock (&shared->mutex);
          shared->context = context;
          shared->have_context = TRUE;
          g_mutex_unlock (&shared->mutex);

          announced = FALSE;
          rv = watch (shared, context, readers);

          g_mutex_lock (&shared->mutex);
          shared->have_context = FALSE;
          SCardReleaseContext (context);
          g_mutex_unlock (&shared->mutex);

          if (is_stopping (shared))
            break;

          /* A session that lasted was healthy: retry quickly. */
          if (g_get_monotonic_time () - started > RETRY_MAX_MS * G_TIME_SPAN_MILLISECOND)
            retry_ms = RETRY_MIN_MS;
        }

      /* Say it once per outage, and again when the reason changes. */
      if (!announced || rv != last_rv)
        {
          Event *down = event_new (EVENT_SERVICE_DOWN, NULL);

          forget_readers (shared, readers);
          down->rv = rv == SCARD_S_SUCCESS ? SCARD_E_NO_SERVICE : rv;
          post_event (shared, down);
          g_debug ("pcscd: %s; next try in %u ms", eb_pcsc_rv_name (rv), retry_ms);
          last_rv = rv;
          announced = TRUE;
        }
      flush_events (shared);

      if (wait_for_stop (shared, retry_ms))
        break;
      retry_ms = MIN (retry_ms * 2, RETRY_MAX_MS);
    }

  g_mutex_lock (&shared->mutex);
  shared->finished = TRUE;
  g_cond_broadcast (&shared->cond);
  g_mutex_unlock (&shared->mutex);

  shared_unref (shared);

  return NULL;
}

/* GObject */

static void
eb_pcsc_monitor_dispose (GObject *object)
{
  EbPcscMonitor *self = EB_PCSC_MONITOR (object);

  eb_pcsc_monitor_stop (self);

  G_OBJECT_CLASS (eb_pcsc_monitor_parent_class)->dispose (object);
}

static void
eb_pcsc_monitor_finalize (GObject *object)
{
  EbPcscMonitor *self = EB_PCSC_MONITOR (object);

  g_clear_pointer (&self->shared, shared_unref);
  g_clear_object (&self->readers);
  g_free (self->service_error);

  G_OBJECT_CLASS (eb_pcsc_monitor_parent_class)->finalize (object);
}

static void
eb_pcsc_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EbPcscMonitor *self = EB_PCSC_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SERVICE_RUNNING:
      g_value_set_boolean (value, self->service_running);
      break;
    case PROP_SERVICE_ERROR:
      g_value_set_string (value, self->service_error);
      break;
    case PROP_READERS:
      g_value_set_object (value, self->readers);
      break;
    case PROP_USES_PNP:
      g_value_set_boolean (value, self->uses_pnp);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_pcsc_monitor_class_init (EbPcscMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_pcsc_monitor_dispose;
  object_class->finalize = eb_pcsc_monitor_finalize;
  object_class->get_property = eb_pcsc_monitor_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, EB_TYPE_PCSC_STATE, EB_PCSC_STATE_STARTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE_RUNNING] =
    g_param_spec_boolean ("service-running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the service is not running, as a PC/SC symbol
   * ("SCARD_E_NO_SERVICE"), for logs and the diagnostics page. */
  properties[PROP_SERVICE_ERROR] =
    g_param_spec_string ("service-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READERS] =
    g_param_spec_object ("readers", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USES_PNP] =
    g_param_spec_boolean ("uses-pnp", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[READER_ADDED] =
    g_signal_new ("reader-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EB_TYPE_CARD_READER);
  signals[READER_REMOVED] =
    g_signal_new ("reader-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EB_TYPE_CARD_READER);
  /* The ATR in hex, as the reader's "atr" property has it. */
  signals[CARD_INSERTED] =
    g_signal_new ("card-inserted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, EB_TYPE_CARD_READER, G_TYPE_STRING);
  signals[CARD_REMOVED] =
    g_signal_new ("card-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EB_TYPE_CARD_READER);
}

static void
eb_pcsc_monitor_init (EbPcscMonitor *self)
{
  self->readers = g_list_store_new (EB_TYPE_CARD_READER);
  self->state = EB_PCSC_STATE_STARTING;
}

/* Public API */

/**
 * eb_pcsc_monitor_new:
 *
 * Starts watching pcscd right away. Signals and property changes are
 * delivered in the thread-default main context of the caller.
 *
 * Returns: (transfer full): a new monitor
 */
EbPcscMonitor *
eb_pcsc_monitor_new (void)
{
  EbPcscMonitor *self = g_object_new (EB_TYPE_PCSC_MONITOR, NULL);
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref_count);
  g_mutex_init (&shared->mutex);
  g_cond_init (&shared->cond);
  g_queue_init (&shared->events);
  g_weak_ref_init (&shared->monitor, self);
  shared->main_context = g_main_context_ref_thread_default ();

  self->shared = shared;
  self->thread = g_thread_new ("eb-pcsc-monitor", monitor_thread, shared_ref (shared));

  return self;
}

/**
 * eb_pcsc_monitor_stop:
 * @self: a monitor
 *
 * Stops the worker thread and waits for it: the blocked PC/SC call is
 * cancelled, so this takes milliseconds. Nothing is signalled afterwards;
 * the reader list keeps its last content. Dispose calls it.
 */
void
eb_pcsc_monitor_stop (EbPcscMonitor *self)
{
  Shared *shared;

  g_return_if_fail (EB_IS_PCSC_MONITOR (self));

  if (self->thread == NULL)
    return;

  shared = self->shared;
  g_mutex_lock (&shared->mutex);
  shared->stopping = TRUE;
  g_cond_broadcast (&shared->cond);
  while (!shared->finished)
    {
      if (shared->have_context)
        SCardCancel (shared->context);
      g_cond_wait_until (&shared->cond, &shared->mutex,
                         g_get_monotonic_time () + CANCEL_REPEAT_MS * G_TIME_SPAN_MILLISECOND);
    }
  g_mutex_unlock (&shared->mutex);

  g_clear_pointer (&self->thread, g_thread_join);

  self->state = EB_PCSC_STATE_STOPPED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

EbPcscState
eb_pcsc_monitor_get_state (EbPcscMonitor *self)
{
  g_return_val_if_fail (EB_IS_PCSC_MONITOR (self), EB_PCSC_STATE_STOPPED);

  return self->state;
}

gboolean
eb_pcsc_monitor_get_service_running (EbPcscMonitor *self)
{
  g_return_val_if_fail (EB_IS_PCSC_MONITOR (self), FALSE);

  return self->service_running;
}

/**
 * eb_pcsc_monitor_get_service_error:
 *
 * Returns: (nullable): why pcscd is not reachable, as a PC/SC symbol
 */
const char *
eb_pcsc_monitor_get_service_error (EbPcscMonitor *self)
{
  g_return_val_if_fail (EB_IS_PCSC_MONITOR (self), NULL);

  return self->service_error;
}

/**
 * eb_pcsc_monitor_get_readers:
 *
 * Returns: (transfer none): the readers, #EbCardReader items, in the order
 *   pcscd listed them
 */
GListModel *
eb_pcsc_monitor_get_readers (EbPcscMonitor *self)
{
  g_return_val_if_fail (EB_IS_PCSC_MONITOR (self), NULL);

  return G_LIST_MODEL (self->readers);
}

/**
 * eb_pcsc_monitor_find_reader:
 *
 * Returns: (transfer none) (nullable): the reader called @name
 */
EbCardReader *
eb_pcsc_monitor_find_reader (EbPcscMonitor *self,
                             const char    *name)
{
  guint position;
  g_autoptr(EbCardReader) reader = NULL;

  g_return_val_if_fail (EB_IS_PCSC_MONITOR (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  position = find_reader_position (self, name);
  if (position == G_MAXUINT)
    return NULL;

  /* The store keeps its own reference. */
  reader = g_list_model_get_item (G_LIST_MODEL (self->readers), position);
  return reader;
}

gboolean
eb_pcsc_monitor_get_uses_pnp (EbPcscMonitor *self)
{
  g_return_val_if_fail (EB_IS_PCSC_MONITOR (self), FALSE);

  return self->uses_pnp;
}
