/* eb-training-portal.c — the portal in-process, for training mode
 *
 * `eimza-basvuru --training` talks to the very same server as production,
 * over HTTP on 127.0.0.1, so practice exercises the real flow. The server
 * runs in a thread of its own with its own main context (the UI never
 * waits on it), on a temporary database with the demo registry, and its
 * "SMS" arrive as a signal in the context that created the portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "eb-portal-server.h"
#include "eb-sms-gateway-callback.h"
#include "eb-training-portal.h"
#include "eb-file-util.h"

#define DEMO_REGISTRY_PATH "/io/github/eimzabasvuru/EimzaBasvuru/portal/demo-registry.csv"

/* The portal library's resource, compiled into the library itself. */
GResource *eb_portal_get_resource (void);

struct _EbTrainingPortal
{
  GObject parent_instance;

  GMainContext   *caller_context;  /* where sms-received is emitted */
  GMainContext   *context;         /* the server thread's */
  GMainLoop      *loop;
  GThread        *thread;
  EbPortalServer *server;          /* owned by the thread; set while it runs */

  char           *dir;
  char           *db_path;
  char           *base_url;
  GPtrArray      *people;          /* EbRegistryPerson, the demo registry */
  char           *trust_anchor_dir; /* under lock */

  /* start-up handshake with the thread */
  GMutex          lock;
  GCond           cond;
  gboolean        started;
  GError         *start_error;
};

G_DEFINE_FINAL_TYPE (EbTrainingPortal, eb_training_portal, G_TYPE_OBJECT)

enum {
  SMS_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_TRUST_ANCHOR_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the server thread knows of the portal: where to deliver, and a weak
 * reference it never resolves itself (dropping the last strong reference
 * there would make the thread join itself). */
typedef struct
{
  GWeakRef      portal;
  GMainContext *context;
} Link;

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_weak_ref_clear (&link->portal);
  g_main_context_unref (link->context);
}

static void
link_unref (Link *link)
{
  g_atomic_rc_box_release_full (link, link_clear);
}

typedef struct
{
  Link *link;
  char *number;
  char *text;
} Sms;

static void
sms_free (Sms *sms)
{
  link_unref (sms->link);
  g_free (sms->number);
  if (sms->text != NULL)
    explicit_bzero (sms->text, strlen (sms->text));
  g_free (sms->text);
  g_free (sms);
}

/* In the caller's context. */
static gboolean
emit_sms (gpointer user_data)
{
  Sms *sms = user_data;
  g_autoptr(EbTrainingPortal) self = g_weak_ref_get (&sms->link->portal);

  if (self != NULL)
    g_signal_emit (self, signals[SMS_RECEIVED], 0, sms->number, sms->text);

  return G_SOURCE_REMOVE;
}

/* In the server thread: hand the message over to the caller's context. */
static gboolean
sms_cb (const char  *number,
        const char  *text,
        gpointer     user_data,
        GError     **error)
{
  Link *link = user_data;
  Sms *sms = g_new0 (Sms, 1);

  sms->link = g_atomic_rc_box_acquire (link);
  sms->number = g_strdup (number);
  sms->text = g_strdup (text);
  g_main_context_invoke_full (link->context, G_PRIORITY_DEFAULT, emit_sms, sms,
                              (GDestroyNotify) sms_free);

  return TRUE;
}

static EbPortalServer *
start_server (EbTrainingPortal  *self,
              GError           **error)
{
  g_autoptr(EbPortalServer) server = NULL;
  g_autoptr(EbSmsGateway) gateway = NULL;
  g_autoptr(GBytes) registry = NULL;
  Link *link;

  server = eb_portal_server_new (self->db_path, error);
  if (server == NULL)
    return NULL;

  registry = g_resource_lookup_data (eb_portal_get_resource (), DEMO_REGISTRY_PATH,
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (registry == NULL || !eb_portal_server_import_registry_bytes (server, registry, error))
    return NULL;

  link = g_atomic_rc_box_new0 (Link);
  g_weak_ref_init (&link->portal, self);
  link->context = g_main_context_ref (self->caller_context);
  gateway = eb_sms_gateway_callback_new (sms_cb, link, (GDestroyNotify) link_unref);
  eb_portal_server_set_sms_gateway (server, gateway);
  eb_portal_server_set_training (server, TRUE);

  if (!eb_portal_server_listen (server, "127.0.0.1", 0, NULL, error))
    return NULL;

  return g_steal_pointer (&server);
}

static gpointer
server_thread (gpointer user_data)
{
  EbTrainingPortal *self = user_data;
  g_autoptr(GError) error = NULL;
  EbPortalServer *server;

  g_main_context_push_thread_default (self->context);

  server = start_server (self, &error);

  g_mutex_lock (&self->lock);
  self->server = server;
  if (server != NULL)
    self->base_url = eb_portal_server_dup_base_url (server);
  else
    self->start_error = g_steal_pointer (&error);
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (server != NULL)
    {
      g_main_loop_run (self->loop);

      g_mutex_lock (&self->lock);
      self->server = NULL;
      g_mutex_unlock (&self->lock);

      eb_portal_server_shutdown (server);
      g_object_unref (server);
    }

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
eb_training_portal_dispose (GObject *object)
{
  EbTrainingPortal *self = EB_TRAINING_PORTAL (object);

  /* The server thread closes the database before it ends. The quit goes
   * through the thread's context: a g_main_loop_quit() that came before
   * g_main_loop_run() started would be lost, and the join would hang. */
  if (self->thread != NULL)
    {
      GSource *quit = g_idle_source_new ();

      g_source_set_callback (quit, quit_loop, g_main_loop_ref (self->loop),
                             (GDestroyNotify) g_main_loop_unref);
      g_source_attach (quit, self->context);
      g_source_unref (quit);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->dir != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!eb_remove_tree (self->dir, &error))
        g_debug ("%s", error->message);
    }
  g_clear_pointer (&self->dir, g_free);

  G_OBJECT_CLASS (eb_training_portal_parent_class)->dispose (object);
}

static void
eb_training_portal_finalize (GObject *object)
{
  EbTrainingPortal *self = EB_TRAINING_PORTAL (object);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->caller_context, g_main_context_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_error (&self->start_error);
  g_free (self->db_path);
  g_free (self->base_url);
  g_free (self->trust_anchor_dir);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (eb_training_portal_parent_class)->finalize (object);
}

static void
eb_training_portal_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EbTrainingPortal *self = EB_TRAINING_PORTAL (object);

  switch (prop_id)
    {
    case PROP_TRUST_ANCHOR_DIR:
      g_value_take_string (value, eb_training_portal_dup_trust_anchor_dir (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_training_portal_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EbTrainingPortal *self = EB_TRAINING_PORTAL (object);

  switch (prop_id)
    {
    case PROP_TRUST_ANCHOR_DIR:
      eb_training_portal_set_trust_anchor_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_training_portal_class_init (EbTrainingPortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eb_training_portal_dispose;
  object_class->finalize = eb_training_portal_finalize;
  object_class->get_property = eb_training_portal_get_property;
  object_class->set_property = eb_training_portal_set_property;

  /**
   * EbTrainingPortal:trust-anchor-dir:
   *
   * The portal server's #EbPortalServer:trust-anchor-dir: the CA
   * certificates an e-signed practice form must chain to (a SoftHSM test
   * PKI's root, say). Unset, e-signed uploads are refused.
   */
  properties[PROP_TRUST_ANCHOR_DIR] =
    g_param_spec_string ("trust-anchor-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbTrainingPortal::sms-received:
   * @number: the recipient, international without "+" (905321234567)
   * @text: the message, code included
   *
   * A code the portal "sent", emitted in the main context that was
   * thread-default when the portal was made, for the app to show as the
   * practice SMS.
   */
  signals[SMS_RECEIVED] = g_signal_new ("sms-received",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
eb_training_portal_init (EbTrainingPortal *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/**
 * eb_training_portal_new:
 *
 * Starts a portal on 127.0.0.1 (a free port) in a thread of its own, with
 * a temporary database holding the demo registry. Blocks until it listens,
 * a few milliseconds. Dropping the last reference stops it and deletes its
 * database.
 *
 * Returns: (transfer full): the portal, or %NULL with @error set
 */
EbTrainingPortal *
eb_training_portal_new (GError **error)
{
  g_autoptr(EbTrainingPortal) self = g_object_new (EB_TYPE_TRAINING_PORTAL, NULL);
  g_autoptr(GBytes) registry = NULL;

  self->caller_context = g_main_context_ref_thread_default ();

  registry = g_resource_lookup_data (eb_portal_get_resource (), DEMO_REGISTRY_PATH,
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (registry == NULL || (self->people = eb_portal_registry_parse (registry, error)) == NULL)
    return NULL;

  self->dir = g_dir_make_tmp ("eimza-training-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->db_path = g_build_filename (self->dir, "portal.db", NULL);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("eimza-training-portal", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * eb_training_portal_get_base_url:
 *
 * Returns: the portal's address, e.g. "http://127.0.0.1:43123"
 */
const char *
eb_training_portal_get_base_url (EbTrainingPortal *self)
{
  g_return_val_if_fail (EB_IS_TRAINING_PORTAL (self), NULL);

  return self->base_url;
}

/**
 * eb_training_portal_list_demo_people:
 *
 * The demo registry, for "fill in a sample person": names as written
 * (mixed case), birth dates as YYYY-MM-DD. One of them has no recorded
 * assignment, to practise that refusal.
 *
 * Returns: (transfer full) (element-type EbRegistryPerson): copies of the people
 */
GPtrArray *
eb_training_portal_list_demo_people (EbTrainingPortal *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (EB_IS_TRAINING_PORTAL (self), NULL);

  copy = g_ptr_array_new_full (self->people->len, (GDestroyNotify) eb_registry_person_free);
  for (guint i = 0; i < self->people->len; i++)
    g_ptr_array_add (copy, eb_registry_person_copy (g_ptr_array_index (self->people, i)));

  return copy;
}

/**
 * eb_training_portal_dup_captcha_answer:
 *
 * A testing hook, for the app's tests to log in to the training portal;
 * the app itself never calls it (the trainee reads the picture). Any thread.
 *
 * Returns: (transfer full) (nullable): the answer of a live captcha
 */
char *
eb_training_portal_dup_captcha_answer (EbTrainingPortal *self,
                                       const char       *captcha_id)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EB_IS_TRAINING_PORTAL (self), NULL);
  g_return_val_if_fail (captcha_id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (self->server == NULL)
    return NULL;

  return eb_portal_server_dup_captcha_answer_for_testing (self->server, captcha_id);
}

/**
 * eb_training_portal_list_sample_people:
 *
 * The demo people in the shape the app's form takes: a{ss} keyed by form
 * field name (tckn, first-name, last-name, birth-place, birth-date,
 * institution-name), plus "assignment-recorded" ("1" or "0"), which the form
 * ignores but the UI and tests can show.
 *
 * Returns: (transfer full) (element-type GVariant): one a{ss} per person
 */
GPtrArray *
eb_training_portal_list_sample_people (EbTrainingPortal *self)
{
  g_autoptr(GPtrArray) people = eb_training_portal_list_demo_people (self);
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  for (guint i = 0; i < people->len; i++)
    {
      const EbRegistryPerson *person = g_ptr_array_index (people, i);
      GVariantBuilder builder;

      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
      g_variant_builder_add (&builder, "{ss}", "tckn", person->tckn);
      g_variant_builder_add (&builder, "{ss}", "first-name", person->first_name);
      g_variant_builder_add (&builder, "{ss}", "last-name", person->last_name);
      g_variant_builder_add (&builder, "{ss}", "birth-place", person->birth_place);
      g_variant_builder_add (&builder, "{ss}", "birth-date", person->birth_date);
      g_variant_builder_add (&builder, "{ss}", "institution-name", person->institution_name);
      g_variant_builder_add (&builder, "{ss}", "assignment-recorded", person->assignment_recorded ? "1" : "0");
      g_ptr_array_add (samples, g_variant_ref_sink (g_variant_builder_end (&builder)));
    }

  return samples;
}

/**
 * eb_training_portal_set_sms_code_life:
 * @seconds: 0 for the usual 300 s
 *
 * A testing hook: how long the codes sent from now on are taken (and, when
 * shorter than a minute, how soon a new one may be asked for), so a test
 * sees a code expire without waiting five minutes. The app never calls it.
 */
void
eb_training_portal_set_sms_code_life (EbTrainingPortal *self,
                                      guint             seconds)
{
  g_return_if_fail (EB_IS_TRAINING_PORTAL (self));

  g_mutex_lock (&self->lock);
  if (self->server != NULL)
    eb_portal_server_set_sms_code_life (self->server, seconds);
  g_mutex_unlock (&self->lock);
}

/**
 * eb_training_portal_set_trust_anchor_dir:
 * @dir: (nullable): a directory of trusted CA certificates
 *
 * See #EbTrainingPortal:trust-anchor-dir; takes effect at once.
 */
void
eb_training_portal_set_trust_anchor_dir (EbTrainingPortal *self,
                                         const char       *dir)
{
  g_return_if_fail (EB_IS_TRAINING_PORTAL (self));

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->trust_anchor_dir, dir) == 0)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  g_free (self->trust_anchor_dir);
  self->trust_anchor_dir = g_strdup (dir);
  /* The server is the thread's, but stays alive while set under the lock. */
  if (self->server != NULL)
    eb_portal_server_set_trust_anchor_dir (self->server, dir);
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST_ANCHOR_DIR]);
}

/**
 * eb_training_portal_dup_trust_anchor_dir:
 *
 * Returns: (transfer full) (nullable): the directory of trusted CA certificates
 */
char *
eb_training_portal_dup_trust_anchor_dir (EbTrainingPortal *self)
{
  char *dir;

  g_return_val_if_fail (EB_IS_TRAINING_PORTAL (self), NULL);

  g_mutex_lock (&self->lock);
  dir = g_strdup (self->trust_anchor_dir);
  g_mutex_unlock (&self->lock);

  return dir;
}
