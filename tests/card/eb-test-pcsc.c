/* eb-test-pcsc.c — a private pcscd with virtual readers and cards, for tests
 *
 * Facts this relies on (Debian 12, found by trying): pcscd 1.9.9 ignores
 * PCSCLITE_CSOCK_NAME, but takes a listening socket by socket activation
 * (LISTEN_FDS/LISTEN_PID); clients do honour PCSCLITE_CSOCK_NAME, and read
 * it once per process. pcscd also writes /run/pcscd/, hence the private
 * mount namespace with its own /run. vpcd listens on two TCP ports, one per
 * virtual reader; a card is "in" while eb-vicc.py is connected to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gio.h>
#include <winscard.h>
#include <glib/gstdio.h>
#include <winscard.h>

#include "eb-test-daemon.h"
#include "eb-test-pcsc.h"

#define VPCD_DRIVER   "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
#define READY_TIMEOUT (10 * G_TIME_SPAN_SECOND)

#ifndef EB_TEST_CARD_SRCDIR
#error "EB_TEST_CARD_SRCDIR must name tests/card in the source tree"
#endif

struct _EbTestPcsc
{
  char *dir;
  GSubprocess *pcscd;
  GSubprocess *vicc;
  GOutputStream *vicc_in;
  GDataInputStream *vicc_out;
  guint ports[EB_TEST_PCSC_N_READERS];
  char *reader_names[EB_TEST_PCSC_N_READERS];
  gboolean inserted[EB_TEST_PCSC_N_READERS];
};

static char *process_dir;
static char *socket_path;

static void
remove_process_dir (void)
{
  if (socket_path != NULL)
    g_unlink (socket_path);
  if (process_dir != NULL)
    g_rmdir (process_dir);
}

/**
 * eb_test_pcsc_setup_environment:
 *
 * Points PCSCLITE_CSOCK_NAME at this process's private socket. Call it from
 * main(), before threads start and before anything talks PC/SC: pcsc-lite
 * reads the variable only once.
 */
void
eb_test_pcsc_setup_environment (void)
{
  g_autoptr(GError) error = NULL;

  if (process_dir != NULL)
    return;

  /* A short path: sun_path holds 108 bytes. */
  process_dir = g_dir_make_tmp ("eb-pcsc-XXXXXX", &error);
  g_assert_no_error (error);
  socket_path = g_build_filename (process_dir, "pcscd.comm", NULL);
  g_assert_cmpuint (strlen (socket_path), <, sizeof (((struct sockaddr_un *) NULL)->sun_path));
  g_setenv ("PCSCLITE_CSOCK_NAME", socket_path, TRUE);
  atexit (remove_process_dir);
}

const char *
eb_test_pcsc_get_socket_path (void)
{
  g_assert (socket_path != NULL);
  return socket_path;
}

const char *
eb_test_pcsc_get_source_dir (void)
{
  return EB_TEST_CARD_SRCDIR;
}

static gboolean
port_is_free (guint port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean free_port;

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_ANY);
  free_port = fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  if (fd >= 0)
    close (fd);

  return free_port;
}

/* vpcd takes PORT and PORT+1 on all interfaces. */
static guint
pick_port_pair (void)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      guint port = g_random_int_range (20000, 60000);

      if (port_is_free (port) && port_is_free (port + 1))
        return port;
    }

  g_error ("no two free TCP ports in a row");
}

static int
listening_socket (const char  *path,
                  GError     **error)
{
  struct sockaddr_un addr = { 0 };
  int fd;

  fd = socket (AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0)
    goto fail;

  addr.sun_family = AF_UNIX;
  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  g_unlink (path);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 64) != 0)
    goto fail;

  return fd;

fail:
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               "socket %s: %s", path, g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return -1;
}

/* Until pcscd answers and lists both readers. */
static gboolean
wait_for_readers (EbTestPcsc  *self,
                  GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT;
  LONG rv = SCARD_S_SUCCESS;

  while (g_get_monotonic_time () < deadline)
    {
      SCARDCONTEXT context;
      char buf[1024];
      DWORD len = sizeof buf;
      guint n = 0;

      rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
      if (rv == SCARD_S_SUCCESS)
        {
          rv = SCardListReaders (context, NULL, buf, &len);
          SCardReleaseContext (context);
        }
      if (rv == SCARD_S_SUCCESS)
        {
          for (const char *p = buf; p < buf + len && *p && n < EB_TEST_PCSC_N_READERS;
               p += strlen (p) + 1)
            {
              g_free (self->reader_names[n]);
              self->reader_names[n++] = g_strdup (p);
            }
          if (n == EB_TEST_PCSC_N_READERS)
            return TRUE;
        }
      if (eb_test_daemon_has_exited (self->pcscd))
        {
          g_autofree char *log_path = g_build_filename (self->dir, "pcscd.log", NULL);

          eb_test_daemon_set_exit_error (self->pcscd, "pcscd", log_path, NULL, error);
          return FALSE;
        }
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "pcscd did not come up with %d readers (last: %s); see %s/pcscd.log",
               EB_TEST_PCSC_N_READERS, pcsc_stringify_error (rv), self->dir);
  return FALSE;
}

EbTestPcsc *
eb_test_pcsc_new (void)
{
  EbTestPcsc *self = g_new0 (EbTestPcsc, 1);
  g_autoptr(GError) error = NULL;

  eb_test_pcsc_setup_environment ();
  self->dir = g_dir_make_tmp ("eb-test-pcsc-XXXXXX", &error);
  g_assert_no_error (error);

  return self;
}

/**
 * eb_test_pcsc_start:
 *
 * Starts pcscd with two virtual readers, on new ports, and waits until it
 * lists them. Cards inserted before a stop are out of the readers now.
 */
gboolean
eb_test_pcsc_start (EbTestPcsc  *self,
                    GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *conf = NULL;
  guint port;
  int fd;

  g_return_val_if_fail (self->pcscd == NULL, FALSE);

  if (!g_file_test (VPCD_DRIVER, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s is missing (package vsmartcard-vpcd)", VPCD_DRIVER);
      return FALSE;
    }

  port = pick_port_pair ();
  for (guint i = 0; i < EB_TEST_PCSC_N_READERS; i++)
    self->ports[i] = port + i;

  conf = g_strdup_printf ("FRIENDLYNAME \"Virtual PCD\"\n"
                          "DEVICENAME /dev/null:%u\n"
                          "LIBPATH %s\n"
                          "CHANNELID %u\n",
                          port, VPCD_DRIVER, port);
  conf_path = g_build_filename (self->dir, "reader.conf", NULL);
  if (!g_file_set_contents (conf_path, conf, -1, error))
    return FALSE;

  fd = listening_socket (socket_path, error);
  if (fd < 0)
    return FALSE;

  log_path = g_build_filename (self->dir, "pcscd.log", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_take_fd (launcher, fd, 3);
  g_subprocess_launcher_set_child_setup (launcher, eb_test_daemon_child_setup, NULL, NULL);
  /* unshare execs (no fork), and so does sh: pcscd keeps the pid we got,
   * which is what LISTEN_PID must say. */
  self->pcscd = g_subprocess_launcher_spawn (launcher, error,
                                             "unshare", "--mount", "--propagation", "private",
                                             "sh", "-c",
                                             "mount -t tmpfs eb-pcscd-run /run && "
                                             "LISTEN_PID=$$ LISTEN_FDS=1 exec \"$@\"",
                                             "sh", "pcscd", "--foreground",
                                             g_getenv ("EB_TEST_PCSC_DEBUG") != NULL
                                             ? "--debug" : "--error",
                                             "--config", conf_path, NULL);
  if (self->pcscd == NULL)
    return FALSE;
  /* Only pcscd holds the listening socket now: if it dies, clients are
   * refused at once instead of waiting for an answer that never comes. */
  g_clear_object (&launcher);

  if (!wait_for_readers (self, error))
    {
      eb_test_pcsc_kill (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
vicc_command (EbTestPcsc  *self,
              const char  *command,
              GError     **error)
{
  g_autofree char *line = NULL;

  if (self->vicc == NULL)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autofree char *script = g_build_filename (EB_TEST_CARD_SRCDIR, "eb-vicc.py", NULL);
      g_autofree char *ready = NULL;
      g_autofree char *vicc_log = g_build_filename (self->dir, "vicc.log", NULL);

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                            G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_subprocess_launcher_set_stderr_file_path (launcher, vicc_log);
      g_subprocess_launcher_set_child_setup (launcher, eb_test_daemon_child_setup, NULL, NULL);
      /* Debian's vicc runs on the system Python, where its modules are. */
      self->vicc = g_subprocess_launcher_spawn (launcher, error, "/usr/bin/python3", script, NULL);
      if (self->vicc == NULL)
        return FALSE;
      self->vicc_in = g_object_ref (g_subprocess_get_stdin_pipe (self->vicc));
      self->vicc_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->vicc));

      ready = g_data_input_stream_read_line_utf8 (self->vicc_out, NULL, NULL, error);
      if (g_strcmp0 (ready, "ready") != 0)
        {
          /* It ends on its own after a failure (its log says which). */
          if (ready == NULL && (error == NULL || *error == NULL))
            eb_test_daemon_set_exit_error (self->vicc, "eb-vicc.py", vicc_log, NULL, error);
          else if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "eb-vicc.py did not start: “%s” (log: %s)", ready, vicc_log);
          g_clear_object (&self->vicc_in);
          g_clear_object (&self->vicc_out);
          g_clear_object (&self->vicc);
          return FALSE;
        }
    }

  if (!g_output_stream_write_all (self->vicc_in, command, strlen (command), NULL, NULL, error) ||
      !g_output_stream_write_all (self->vicc_in, "\n", 1, NULL, NULL, error) ||
      !g_output_stream_flush (self->vicc_in, NULL, error))
    return FALSE;

  line = g_data_input_stream_read_line_utf8 (self->vicc_out, NULL, NULL, error);
  if (line == NULL)
    {
      g_autofree char *vicc_log = g_build_filename (self->dir, "vicc.log", NULL);

      if (error == NULL || *error == NULL)
        eb_test_daemon_set_exit_error (self->vicc, "eb-vicc.py", vicc_log, NULL, error);
      return FALSE;
    }
  if (!g_str_has_prefix (line, "ok"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "eb-vicc.py: %s: %s", command, line);
      return FALSE;
    }

  return TRUE;
}

static void
forget_cards (EbTestPcsc *self)
{
  for (guint i = 0; i < EB_TEST_PCSC_N_READERS; i++)
    {
      if (self->inserted[i])
        {
          g_autofree char *command = g_strdup_printf ("remove %u", i);

          vicc_command (self, command, NULL);
          self->inserted[i] = FALSE;
        }
    }
}

static void
end_daemon (EbTestPcsc *self,
            int         signum)
{
  if (self->pcscd == NULL)
    return;

  g_subprocess_send_signal (self->pcscd, signum);
  g_subprocess_wait (self->pcscd, NULL, NULL);
  g_clear_object (&self->pcscd);
  /* Nobody listens any more: clients get "no service" right away. */
  g_unlink (socket_path);
  forget_cards (self);
}

/* A clean shutdown. */
void
eb_test_pcsc_stop (EbTestPcsc *self)
{
  end_daemon (self, SIGTERM);
}

/* As if pcscd crashed. */
void
eb_test_pcsc_kill (EbTestPcsc *self)
{
  end_daemon (self, SIGKILL);
}

gboolean
eb_test_pcsc_is_running (EbTestPcsc *self)
{
  return self->pcscd != NULL;
}

const char *
eb_test_pcsc_get_reader_name (EbTestPcsc *self,
                              guint       reader)
{
  g_assert_cmpuint (reader, <, EB_TEST_PCSC_N_READERS);
  g_assert (self->reader_names[reader] != NULL);

  return self->reader_names[reader];
}

guint
eb_test_pcsc_get_port (EbTestPcsc *self,
                       guint       reader)
{
  g_assert_cmpuint (reader, <, EB_TEST_PCSC_N_READERS);

  return self->ports[reader];
}

/**
 * eb_test_pcsc_insert_card:
 * @reader: 0 or 1
 * @atr_hex: the ATR the card answers with
 * @kind: (nullable): "iso7816" (the default) or "openpgp"
 *
 * Returns once the card is connected to vpcd; pcscd notices it at its next
 * poll (every 400 ms), so wait for the event, not for this.
 */
gboolean
eb_test_pcsc_insert_card (EbTestPcsc  *self,
                          guint        reader,
                          const char  *atr_hex,
                          const char  *kind,
                          GError     **error)
{
  g_autofree char *command = NULL;

  g_return_val_if_fail (reader < EB_TEST_PCSC_N_READERS, FALSE);
  g_return_val_if_fail (self->pcscd != NULL, FALSE);

  command = g_strdup_printf ("insert %u %u %s %s", reader, self->ports[reader], atr_hex,
                             kind != NULL ? kind : "iso7816");
  if (!vicc_command (self, command, error))
    return FALSE;

  self->inserted[reader] = TRUE;
  return TRUE;
}

gboolean
eb_test_pcsc_remove_card (EbTestPcsc  *self,
                          guint        reader,
                          GError     **error)
{
  g_autofree char *command = NULL;

  g_return_val_if_fail (reader < EB_TEST_PCSC_N_READERS, FALSE);

  command = g_strdup_printf ("remove %u", reader);
  if (!vicc_command (self, command, error))
    return FALSE;

  self->inserted[reader] = FALSE;
  return TRUE;
}

void
eb_test_pcsc_free (EbTestPcsc *self)
{
  if (self == NULL)
    return;

  eb_test_pcsc_stop (self);

  if (self->vicc != NULL)
    {
      g_output_stream_close (self->vicc_in, NULL, NULL);
      g_subprocess_wait (self->vicc, NULL, NULL);
    }
  g_clear_object (&self->vicc_in);
  g_clear_object (&self->vicc_out);
  g_clear_object (&self->vicc);

  for (guint i = 0; i < EB_TEST_PCSC_N_READERS; i++)
    g_free (self->reader_names[i]);

  if (self->dir != NULL)
    {
      g_autofree char *conf = g_build_filename (self->dir, "reader.conf", NULL);
      g_autofree char *log = g_build_filename (self->dir, "pcscd.log", NULL);
      g_autofree char *vicc_log = g_build_filename (self->dir, "vicc.log", NULL);

      g_unlink (conf);
      g_unlink (log);
      g_unlink (vicc_log);
      g_rmdir (self->dir);
      g_free (self->dir);
    }

  g_free (self);
}

/**
 * eb_test_pcsc_wait_for_card:
 *
 * Waits, with a PC/SC client of its own, until pcscd sees a card in
 * @reader (it polls the virtual readers every 400 ms); fails the test after
 * 30 s.
 */
void
eb_test_pcsc_wait_for_card (EbTestPcsc *self,
                            guint       reader)
{
  SCARD_READERSTATE rs = { 0 };
  SCARDCONTEXT context;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  LONG rv;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  g_assert_cmphex (rv, ==, SCARD_S_SUCCESS);
  rs.szReader = eb_test_pcsc_get_reader_name (self, reader);
  rs.dwCurrentState = SCARD_STATE_UNAWARE;
  do
    {
      rv = SCardGetStatusChange (context, 1000, &rs, 1);
      g_assert_true (rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT);
      rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
    }
  while ((rs.dwEventState & SCARD_STATE_PRESENT) == 0 && g_get_monotonic_time () < deadline);
  SCardReleaseContext (context);
  g_assert_true (rs.dwEventState & SCARD_STATE_PRESENT);
}
