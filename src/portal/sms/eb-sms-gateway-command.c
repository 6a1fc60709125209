/* eb-sms-gateway-command.c — an SMS gateway that runs a program per message
 *
 * `PROGRAM NUMBER TEXT`; exit status 0 means the message was taken. The
 * program's output is not read (it could echo the code into our log); a
 * program that hangs is killed after a while, so a request never waits
 * forever on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-sms-gateway-command.h"

#define COMMAND_TIMEOUT_S 30

struct _EbSmsGatewayCommand
{
  EbSmsGateway parent_instance;

  char *program;
};

G_DEFINE_FINAL_TYPE (EbSmsGatewayCommand, eb_sms_gateway_command, EB_TYPE_SMS_GATEWAY)

typedef struct
{
  GSubprocess  *process;
  GCancellable *cancellable;  /* cancelled by the caller or by the timeout */
  GSource      *timeout;
  gulong        cancelled_id;
  GCancellable *caller_cancellable;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->process);
  g_free (data);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbSmsGatewayCommand *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    {
      /* Timed out or cancelled: the program must not go on sending. */
      g_subprocess_force_exit (data->process);
      g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                               "%s did not finish: %s", self->program, error->message);
      return;
    }

  if (!g_subprocess_get_if_exited (data->process) || g_subprocess_get_exit_status (data->process) != 0)
    {
      g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                               "%s failed (exit status %d)", self->program,
                               g_subprocess_get_if_exited (data->process)
                                 ? g_subprocess_get_exit_status (data->process) : -1);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
eb_sms_gateway_command_send_async (EbSmsGateway        *gateway,
                                   const char          *number,
                                   const char          *text,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  EbSmsGatewayCommand *self = EB_SMS_GATEWAY_COMMAND (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  RunData *data;

  g_task_set_source_tag (task, eb_sms_gateway_command_send_async);

  data = g_new0 (RunData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  data->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                    &error, self->program, number, text, NULL);
  if (data->process == NULL)
    {
      g_task_return_new_error (task, EB_SMS_GATEWAY_ERROR, EB_SMS_GATEWAY_ERROR_REFUSED,
                               "Could not run the SMS command: %s", error->message);
      return;
    }

  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->cancellable, NULL);
    }
  data->timeout = g_timeout_source_new_seconds (COMMAND_TIMEOUT_S);
  g_source_set_callback (data->timeout, timeout_cb, data, NULL);
  g_source_attach (data->timeout, g_main_context_get_thread_default ());

  g_subprocess_wait_async (data->process, data->cancellable, wait_cb, g_steal_pointer (&task));
}

static void
eb_sms_gateway_command_finalize (GObject *object)
{
  EbSmsGatewayCommand *self = EB_SMS_GATEWAY_COMMAND (object);

  g_free (self->program);

  G_OBJECT_CLASS (eb_sms_gateway_command_parent_class)->finalize (object);
}

static void
eb_sms_gateway_command_class_init (EbSmsGatewayCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EbSmsGatewayClass *gateway_class = EB_SMS_GATEWAY_CLASS (klass);

  object_class->finalize = eb_sms_gateway_command_finalize;
  gateway_class->send_async = eb_sms_gateway_command_send_async;
}

static void
eb_sms_gateway_command_init (EbSmsGatewayCommand *self)
{
}

/**
 * eb_sms_gateway_command_new:
 * @program: a path, or a name looked up in PATH
 */
EbSmsGateway *
eb_sms_gateway_command_new (const char *program)
{
  EbSmsGatewayCommand *self;

  g_return_val_if_fail (program != NULL, NULL);

  self = g_object_new (EB_TYPE_SMS_GATEWAY_COMMAND, NULL);
  self->program = g_strdup (program);

  return EB_SMS_GATEWAY (self);
}
