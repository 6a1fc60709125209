/* main.c — eimza-basvuru
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "eb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EbApplication) app = NULL;
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* EIMZA_LOCALEDIR lets the app run translated from the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = eb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
