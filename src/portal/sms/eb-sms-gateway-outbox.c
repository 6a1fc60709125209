/* eb-sms-gateway-outbox.c — an SMS gateway that drops messages into a directory
 *
 * One file per message, `<time>-<number>.json` holding {"to", "text"},
 * written atomically (a reader never sees half a message) and mode 0600
 * (it holds a code), for whatever picks the outbox up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "eb-portal-json.h"
#include "eb-sms-gateway-outbox.h"

struct _EbSmsGatewayOutbox
{
  EbSmsGateway parent_instance;

  char *directory;
};

G_DEFINE_FINAL_TYPE (EbSmsGatewayOutbox, eb_sms_gateway_outbox, EB_TYPE_SMS_GATEWAY)

typedef struct
{
  char *path;
  char *contents;
  gsize length;
} Message;

static void
message_free (Message *message)
{
  g_free (message->path);
  if (message->contents != NULL)
    explicit_bzero (message->contents, message->length);
  g_free (message->contents);
  g_free (message);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Message *message = task_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (message->path, message->contents, (gssize) message->length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                             "Could not write to the SMS outbox: %s", error->message);
  else
    g_task_return_boolean (task, TRUE);
}

static void
eb_sms_gateway_outbox_send_async (EbSmsGateway        *gateway,
                                  const char          *number,
                                  const char          *text,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  EbSmsGatewayOutbox *self = EB_SMS_GATEWAY_OUTBOX (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *name = NULL;
  Message *message;

  g_task_set_source_tag (task, eb_sms_gateway_outbox_send_async);

  /* Microseconds keep the names unique and in order. */
  name = g_strdup_printf ("%s.%06dZ-%s.json", stamp, g_date_time_get_microsecond (now), number);
  json_object_set_string_member (object, "to", number);
  json_object_set_string_member (object, "text", text);

  message = g_new0 (Message, 1);
  message->path = g_build_filename (self->directory, name, NULL);
  message->contents = eb_portal_json_to_data (object, &message->length);
  eb_portal_json_wipe_member (object, "text");
  g_task_set_task_data (task, message, (GDestroyNotify) message_free);

  g_task_run_in_thread (task, write_thread);
}

static void
eb_sms_gateway_outbox_finalize (GObject *object)
{
  EbSmsGatewayOutbox *self = EB_SMS_GATEWAY_OUTBOX (object);

  g_free (self->directory);

  G_OBJECT_CLASS (eb_sms_gateway_outbox_parent_class)->finalize (object);
}

static void
eb_sms_gateway_outbox_class_init (EbSmsGatewayOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EbSmsGatewayClass *gateway_class = EB_SMS_GATEWAY_CLASS (klass);

  object_class->finalize = eb_sms_gateway_outbox_finalize;
  gateway_class->send_async = eb_sms_gateway_outbox_send_async;
}

static void
eb_sms_gateway_outbox_init (EbSmsGatewayOutbox *self)
{
}

/**
 * eb_sms_gateway_outbox_new:
 * @directory: must exist; messages are written into it
 */
EbSmsGateway *
eb_sms_gateway_outbox_new (const char *directory)
{
  EbSmsGatewayOutbox *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (EB_TYPE_SMS_GATEWAY_OUTBOX, NULL);
  self->directory = g_strdup (directory);

  return EB_SMS_GATEWAY (self);
}
