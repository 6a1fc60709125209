/* eimza-portal.c — the reference portal server's command line
 *
 *   eimza-portal serve [--config FILE] [--listen ADDR:PORT] [--db PATH]
 *                      [--tls-cert FILE --tls-key FILE] [--sms SPEC] [--registry CSV]
 *                      [--trust-anchors DIR]
 *   eimza-portal import-registry --db PATH FILE
 *
 * The command line wins over the config file ([portal] group, same keys).
 * SIGTERM and SIGINT stop the server cleanly: requests under way finish and
 * the database is closed, so nothing committed is lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "eb-portal-server.h"

#define DEFAULT_ADDRESS "127.0.0.1"
#define DEFAULT_PORT    8080
#define CONFIG_GROUP    "portal"

#define EXIT_USAGE 2

typedef struct
{
  char *config;
  char *listen;
  char *db;
  char *tls_cert;
  char *tls_key;
  char *sms;
  char *registry;
  char *trust_anchors;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->config);
  g_free (options->listen);
  g_free (options->db);
  g_free (options->tls_cert);
  g_free (options->tls_key);
  g_free (options->sms);
  g_free (options->registry);
  g_free (options->trust_anchors);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("eimza-portal: %s\n", message);
}

/* Fills what the command line left out from the config file. */
static gboolean
read_config (Options  *options,
             GError  **error)
{
  static const struct
  {
    const char *key;
    gsize       offset;
  } keys[] = {
    { "listen", G_STRUCT_OFFSET (Options, listen) },
    { "db", G_STRUCT_OFFSET (Options, db) },
    { "tls-cert", G_STRUCT_OFFSET (Options, tls_cert) },
    { "tls-key", G_STRUCT_OFFSET (Options, tls_key) },
    { "sms", G_STRUCT_OFFSET (Options, sms) },
    { "registry", G_STRUCT_OFFSET (Options, registry) },
    { "trust-anchors", G_STRUCT_OFFSET (Options, trust_anchors) },
  };
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (options->config == NULL)
    return TRUE;

  if (!g_key_file_load_from_file (file, options->config, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", options->config);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      char **slot = G_STRUCT_MEMBER_P (options, keys[i].offset);

      if (*slot == NULL && g_key_file_has_key (file, CONFIG_GROUP, keys[i].key, NULL))
        {
          *slot = g_key_file_get_string (file, CONFIG_GROUP, keys[i].key, error);
          if (*slot == NULL)
            {
              g_prefix_error (error, "%s: ", options->config);
              return FALSE;
            }
          g_strstrip (*slot);
        }
    }

  return TRUE;
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080" or "127.0.0.1". */
static gboolean
parse_listen (const char  *text,
              char       **address,
              guint       *port,
              GError     **error)
{
  const char *colon;
  guint64 value = DEFAULT_PORT;

  if (text == NULL || *text == '\0')
    {
      *address = g_strdup (DEFAULT_ADDRESS);
      *port = DEFAULT_PORT;
      return TRUE;
    }

  if (*text == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || (end[1] != '\0' && end[1] != ':'))
        goto bad;
      *address = g_strndup (text + 1, end - text - 1);
      colon = end[1] == ':' ? end + 1 : NULL;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon != NULL && strchr (text, ':') != colon)
        colon = NULL;  /* a bare IPv6 address */
      *address = colon == text ? g_strdup (DEFAULT_ADDRESS)
                 : colon != NULL ? g_strndup (text, colon - text) : g_strdup (text);
    }

  if (colon != NULL && !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &value, NULL))
    {
      g_clear_pointer (address, g_free);
      goto bad;
    }

  *port = (guint) value;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "“%s” is not ADDRESS:PORT", text);
  return FALSE;
}

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Stopping");
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static int
serve (Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPortalServer) server = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(EbSmsGateway) gateway = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *address = NULL;
  g_autofree char *url = NULL;
  guint port = 0;
  guint term_id, int_id;

  if (!read_config (options, &error) || !parse_listen (options->listen, &address, &port, &error))
    {
      usage_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if (options->db == NULL)
    {
      usage_error ("no database: give --db PATH (or db= in the config file)");
      return EXIT_USAGE;
    }
  if ((options->tls_cert == NULL) != (options->tls_key == NULL))
    {
      usage_error ("--tls-cert and --tls-key go together");
      return EXIT_USAGE;
    }
  if (options->trust_anchors != NULL && !g_file_test (options->trust_anchors, G_FILE_TEST_IS_DIR))
    {
      usage_error ("--trust-anchors: %s is not a directory", options->trust_anchors);
      return EXIT_USAGE;
    }

  /* Everything the command line can get wrong is checked before the
   * database is touched. */
  if (options->sms != NULL && (gateway = eb_sms_gateway_new_from_spec (options->sms, &error)) == NULL)
    {
      usage_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if (gateway == NULL)
    g_warning ("No SMS gateway is set (--sms): codes cannot be sent");
  if (options->trust_anchors == NULL)
    g_warning ("No trust anchors are set (--trust-anchors): e-signed forms cannot be accepted");

  if (options->tls_cert != NULL &&
      (tls = g_tls_certificate_new_from_files (options->tls_cert, options->tls_key, &error)) == NULL)
    {
      g_printerr ("eimza-portal: %s\n", error->message);
      return EXIT_FAILURE;
    }

  server = eb_portal_server_new (options->db, &error);
  if (server == NULL)
    {
      g_printerr ("eimza-portal: %s\n", error->message);
      return EXIT_FAILURE;
    }
  eb_portal_server_set_sms_gateway (server, gateway);
  eb_portal_server_set_trust_anchor_dir (server, options->trust_anchors);

  if (options->registry != NULL && !eb_portal_server_import_registry (server, options->registry, &error))
    {
      g_printerr ("eimza-portal: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!eb_portal_server_listen (server, address, port, tls, &error))
    {
      g_printerr ("eimza-portal: could not listen on %s:%u: %s\n", address, port, error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);

  /* On stdout, for whoever started us on port 0 to find it. */
  url = eb_portal_server_dup_base_url (server);
  g_print ("eimza-portal: serving on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  eb_portal_server_shutdown (server);
  g_clear_object (&server);
  g_message ("Stopped");

  return EXIT_SUCCESS;
}

static int
import_registry (Options  *options,
                 char    **files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbPortalServer) server = NULL;

  if (options->db == NULL || files == NULL || files[0] == NULL || files[1] != NULL)
    {
      usage_error ("usage: eimza-portal import-registry --db PATH FILE");
      return EXIT_USAGE;
    }

  server = eb_portal_server_new (options->db, &error);
  if (server == NULL || !eb_portal_server_import_registry (server, files[0], &error))
    {
      g_printerr ("eimza-portal: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("eimza-portal: imported %s into %s\n", files[0], options->db);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { NULL, };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &options.config, "Read settings from FILE", "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen,
      "Listen on ADDRESS:PORT (default " DEFAULT_ADDRESS ":8080; port 0 picks a free one)", "ADDR:PORT" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, "The SQLite database", "PATH" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert, "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, "The certificate's PEM key", "FILE" },
    { "sms", 0, 0, G_OPTION_ARG_STRING, &options.sms,
      "SMS gateway: command:PROGRAM, outbox:DIRECTORY or http:URL", "SPEC" },
    { "registry", 0, 0, G_OPTION_ARG_FILENAME, &options.registry,
      "Replace the personnel registry with this CSV before serving", "CSV" },
    { "trust-anchors", 0, 0, G_OPTION_ARG_FILENAME, &options.trust_anchors,
      "Trust e-signatures whose chain reaches a CA certificate in DIR", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "FILE" },
    { NULL }
  };
  const char *command;

  setlocale (LC_ALL, "");
  /* stdout carries only our own lines (the URL served on); logs go to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new ("serve|import-registry [FILE] — the e-İmza Başvuru reference portal");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      usage_error ("%s", error->message);
      return EXIT_USAGE;
    }

  command = rest != NULL ? rest[0] : NULL;
  if (g_strcmp0 (command, "serve") == 0)
    {
      if (rest[1] != NULL)
        {
          usage_error ("serve takes no file: use --registry CSV");
          return EXIT_USAGE;
        }
      return serve (&options);
    }
  if (g_strcmp0 (command, "import-registry") == 0)
    return import_registry (&options, rest + 1);

  usage_error ("give a command: serve or import-registry (see --help)");
  return EXIT_USAGE;
}
