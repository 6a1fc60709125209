/* eb-portal-context.c — what every request of one portal shares
 *
 * The server makes one and hands it to each request it creates; a handler
 * finds here the database, the SMS gateway, the trust anchors, the clock
 * and the cancellable of everything still running. So requests and
 * handlers never reach back into the server, and a request answered late
 * (after a worker thread or the gateway) keeps the context, not the
 * server, alive. It also counts the requests alive, so shutdown can wait
 * for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-portal-context.h"
#include "eb-portal-limits.h"

/* How often expired sessions and captchas are swept out. */
#define PRUNE_INTERVAL (60 * G_USEC_PER_SEC)

typedef struct
{
  char   *answer;
  gint64  created;
} Answer;

struct _EbPortalContext
{
  GObject parent_instance;

  EbPortalDb        *db;
  EbSmsGateway      *gateway;
  GCancellable      *cancellable;
  EbPortalClockFunc  clock;
  gpointer           clock_data;

  GMutex             trust_lock;  /* the training portal sets it from its thread */
  char              *trust_anchor_dir;
  int                n_pending;   /* requests alive; atomic */
  gboolean           training;    /* set before serving */
  int                sms_code_life; /* seconds; atomic: a test shortens it from its thread */
  gint64             last_prune;

  /* Plain answers only for the testing hook, in memory, until used or
   * expired; the database has their MACs only. */
  GMutex             answers_lock;
  GHashTable        *answers;     /* captcha id → Answer */
};

G_DEFINE_FINAL_TYPE (EbPortalContext, eb_portal_context, G_TYPE_OBJECT)

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static void
answer_free (Answer *answer)
{
  explicit_bzero (answer->answer, strlen (answer->answer));
  g_free (answer->answer);
  g_free (answer);
}

static void
eb_portal_context_finalize (GObject *object)
{
  EbPortalContext *self = EB_PORTAL_CONTEXT (object);

  g_clear_object (&self->gateway);
  g_clear_object (&self->cancellable);
  if (self->db != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!eb_portal_db_close (self->db, &error))
        g_warning ("%s", error->message);
      g_clear_object (&self->db);
    }
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_mutex_clear (&self->answers_lock);
  g_free (self->trust_anchor_dir);
  g_mutex_clear (&self->trust_lock);

  G_OBJECT_CLASS (eb_portal_context_parent_class)->finalize (object);
}

static void
eb_portal_context_class_init (EbPortalContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eb_portal_context_finalize;
}

static void
eb_portal_context_init (EbPortalContext *self)
{
  self->clock = real_clock;
  self->sms_code_life = EB_PORTAL_SMS_CODE_LIFE / G_USEC_PER_SEC;
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->answers_lock);
  g_mutex_init (&self->trust_lock);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) answer_free);
}

/**
 * eb_portal_context_new:
 * @db: the open database; the context closes it when it goes
 *
 * Returns: (transfer full): a context with the real clock, no SMS gateway
 *   and no trust anchors
 */
EbPortalContext *
eb_portal_context_new (EbPortalDb *db)
{
  EbPortalContext *self;

  g_return_val_if_fail (EB_IS_PORTAL_DB (db), NULL);

  self = g_object_new (EB_TYPE_PORTAL_CONTEXT, NULL);
  self->db = g_object_ref (db);

  return self;
}

EbPortalDb *
eb_portal_context_get_db (EbPortalContext *self)
{
  return self->db;
}

/**
 * eb_portal_context_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the server shuts down; slow
 *   work (a hash, a render, an SMS send) runs under it
 */
GCancellable *
eb_portal_context_get_cancellable (EbPortalContext *self)
{
  return self->cancellable;
}

/**
 * eb_portal_context_set_clock:
 * @func: (nullable): returns µs since the epoch; %NULL for the real time
 */
void
eb_portal_context_set_clock (EbPortalContext   *self,
                             EbPortalClockFunc  func,
                             gpointer           user_data)
{
  self->clock = func != NULL ? func : real_clock;
  self->clock_data = func != NULL ? user_data : NULL;
}

gint64
eb_portal_context_now (EbPortalContext *self)
{
  return self->clock (self->clock_data);
}

/**
 * eb_portal_context_set_training:
 *
 * A practice portal (training mode): its forms carry the practice mark and
 * its application numbers the practice series. Set before serving.
 */
void
eb_portal_context_set_training (EbPortalContext *self,
                                gboolean         training)
{
  self->training = training;
}

gboolean
eb_portal_context_get_training (EbPortalContext *self)
{
  return self->training;
}

/**
 * eb_portal_context_set_sms_code_life:
 * @seconds: how long an SMS code is taken; 0 for the usual 300 s
 *
 * The practice portal's tests shorten it to see a code expire; any thread,
 * for the codes sent afterwards.
 */
void
eb_portal_context_set_sms_code_life (EbPortalContext *self,
                                     guint            seconds)
{
  g_atomic_int_set (&self->sms_code_life,
                    seconds != 0 ? (int) MIN (seconds, G_MAXINT) : EB_PORTAL_SMS_CODE_LIFE / G_USEC_PER_SEC);
}

/* µs */
gint64
eb_portal_context_get_sms_code_life (EbPortalContext *self)
{
  return (gint64) g_atomic_int_get (&self->sms_code_life) * G_USEC_PER_SEC;
}

/* µs: a new code may be asked for after this long, and always once the
 * last one has expired. */
gint64
eb_portal_context_get_sms_resend_after (EbPortalContext *self)
{
  return MIN (EB_PORTAL_SMS_RESEND_AFTER, eb_portal_context_get_sms_code_life (self));
}

/**
 * eb_portal_context_get_sms_gateway:
 *
 * Returns: (transfer none) (nullable): the gateway, %NULL if none is set
 */
EbSmsGateway *
eb_portal_context_get_sms_gateway (EbPortalContext *self)
{
  return self->gateway;
}

void
eb_portal_context_set_sms_gateway (EbPortalContext *self,
                                   EbSmsGateway    *gateway)
{
  g_set_object (&self->gateway, gateway);
}

/**
 * eb_portal_context_set_trust_anchor_dir:
 * @dir: (nullable): a directory of trusted CA certificates; %NULL for none
 *
 * Any thread.
 *
 * Returns: whether it changed
 */
gboolean
eb_portal_context_set_trust_anchor_dir (EbPortalContext *self,
                                        const char      *dir)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->trust_lock);

  if (g_strcmp0 (self->trust_anchor_dir, dir) == 0)
    return FALSE;
  g_free (self->trust_anchor_dir);
  self->trust_anchor_dir = g_strdup (dir);
  return TRUE;
}

/**
 * eb_portal_context_dup_trust_anchor_dir:
 *
 * Any thread.
 *
 * Returns: (transfer full) (nullable): the directory of trusted CA certificates
 */
char *
eb_portal_context_dup_trust_anchor_dir (EbPortalContext *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->trust_lock);

  return g_strdup (self->trust_anchor_dir);
}

/* Keeps a new captcha's answer for the testing hook; drops the expired ones. */
void
eb_portal_context_remember_captcha (EbPortalContext *self,
                                    const char      *captcha_id,
                                    const char      *answer,
                                    gint64           now)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->answers_lock);
  GHashTableIter iter;
  Answer *entry;

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (now - entry->created > EB_PORTAL_CAPTCHA_LIFE || entry->created > now)
      g_hash_table_iter_remove (&iter);

  entry = g_new0 (Answer, 1);
  entry->answer = g_strdup (answer);
  entry->created = now;
  g_hash_table_replace (self->answers, g_strdup (captcha_id), entry);
}

void
eb_portal_context_forget_captcha (EbPortalContext *self,
                                  const char      *captcha_id)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->answers_lock);

  g_hash_table_remove (self->answers, captcha_id);
}

/**
 * eb_portal_context_dup_captcha_answer:
 *
 * Any thread.
 *
 * Returns: (transfer full) (nullable): the answer of a live captcha, or %NULL
 */
char *
eb_portal_context_dup_captcha_answer (EbPortalContext *self,
                                      const char      *captcha_id)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->answers_lock);
  Answer *entry = g_hash_table_lookup (self->answers, captcha_id);

  return entry != NULL ? g_strdup (entry->answer) : NULL;
}

/* Sweeps out expired sessions and captchas now and then; the server thread. */
void
eb_portal_context_prune (EbPortalContext *self,
                         gint64           now)
{
  g_autoptr(GError) error = NULL;

  if (now - self->last_prune < PRUNE_INTERVAL)
    return;

  self->last_prune = now;
  if (!eb_portal_db_prune (self->db, now - EB_PORTAL_SESSION_IDLE, now - EB_PORTAL_CAPTCHA_LIFE, &error))
    g_warning ("Could not sweep out expired sessions: %s", error->message);
}

/* Requests alive, so shutdown can wait for the late ones. */
void
eb_portal_context_hold (EbPortalContext *self)
{
  g_atomic_int_inc (&self->n_pending);
}

void
eb_portal_context_release (EbPortalContext *self)
{
  g_atomic_int_dec_and_test (&self->n_pending);
}

gboolean
eb_portal_context_has_pending (EbPortalContext *self)
{
  return g_atomic_int_get (&self->n_pending) > 0;
}
