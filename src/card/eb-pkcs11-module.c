/* eb-pkcs11-module.c — where PKCS#11 modules are, and what happened loading them
 *
 * The order (docs/architecture.md, “Cards and signing: facts found by trying”):
 * the user's own setting; Kamu SM's libakisp11.so at the places its
 * installers have used; modules registered with p11-kit; OpenSC. Each
 * candidate is kept with how loading it went, so that the diagnostics can
 * say which paths were tried.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "eb-pkcs11-module.h"

#ifndef EB_P11KIT_MODULE_PATH
#error "EB_P11KIT_MODULE_PATH must be p11-kit's directory for relative module names"
#endif
#ifndef EB_P11KIT_PACKAGE_MODULES
#error "EB_P11KIT_PACKAGE_MODULES must be p11-kit's directory of packaged .module files"
#endif

/* Seen in the wild (Kamu SM's packages and install guides over the years). */
static const char * const akis_paths[] = {
  "/usr/lib/libakisp11.so",
  "/usr/lib/akia/libakisp11.so",
  "/usr/local/lib/libakisp11.so",
  "/usr/lib/x86_64-linux-gnu/libakisp11.so",
  NULL
};

static const char * const opensc_paths[] = {
  EB_P11KIT_MODULE_PATH "/opensc-pkcs11.so",
  "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
  "/usr/lib64/opensc-pkcs11.so",
  "/usr/lib/opensc-pkcs11.so",
  NULL
};

G_DEFINE_BOXED_TYPE (EbPkcs11Module, eb_pkcs11_module, eb_pkcs11_module_copy, eb_pkcs11_module_free)

EbPkcs11Module *
eb_pkcs11_module_new (EbPkcs11Source  source,
                      const char     *path,
                      const char     *origin)
{
  EbPkcs11Module *module = g_new0 (EbPkcs11Module, 1);

  module->source = source;
  module->path = g_strdup (path);
  module->origin = g_strdup (origin);
  module->status = EB_PKCS11_STATUS_NOT_TRIED;

  return module;
}

EbPkcs11Module *
eb_pkcs11_module_copy (const EbPkcs11Module *module)
{
  EbPkcs11Module *copy;

  g_return_val_if_fail (module != NULL, NULL);

  copy = eb_pkcs11_module_new (module->source, module->path, module->origin);
  copy->status = module->status;
  copy->message = g_strdup (module->message);

  return copy;
}

void
eb_pkcs11_module_free (EbPkcs11Module *module)
{
  if (module == NULL)
    return;

  g_free (module->path);
  g_free (module->origin);
  g_free (module->message);
  g_free (module);
}

typedef struct
{
  char *file_name;    /* precedence between config dirs is by file name */
  char *path;         /* the .module file */
  char *module;
  int priority;
} P11KitEntry;

static void
p11kit_entry_free (P11KitEntry *entry)
{
  g_free (entry->file_name);
  g_free (entry->path);
  g_free (entry->module);
  g_free (entry);
}

/* p11-kit loads higher priorities first, then by name. */
static gint
compare_p11kit_entries (gconstpointer a,
                        gconstpointer b)
{
  const P11KitEntry *ea = *(const P11KitEntry **) a;
  const P11KitEntry *eb = *(const P11KitEntry **) b;

  if (ea->priority != eb->priority)
    return eb->priority - ea->priority;
  return strcmp (ea->file_name, eb->file_name);
}

/* Reads the "key: value" lines of a p11-kit module config. Returns the
 * module path, or NULL when the file names none or names a trust store
 * (p11-kit-trust: certificates of CAs, never a signing token). */
static char *
parse_module_file (const char *path,
                   const char *module_dir,
                   int        *priority)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *module = NULL;
  gboolean trust = FALSE;

  *priority = 0;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon;
      char *value;

      if (*line == '#' || *line == '\0')
        continue;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      value = g_strstrip (colon + 1);
      g_strstrip (line);

      if (strcmp (line, "module") == 0 && *value != '\0')
        {
          g_free (module);
          module = g_strdup (value);
        }
      else if (strcmp (line, "priority") == 0)
        *priority = atoi (value);
      else if (strcmp (line, "trust-policy") == 0 && g_ascii_strcasecmp (value, "yes") == 0)
        trust = TRUE;
    }

  if (module == NULL || trust)
    return NULL;

  if (!g_path_is_absolute (module))
    {
      char *absolute = g_build_filename (module_dir, module, NULL);

      g_free (module);
      module = absolute;
    }

  return g_steal_pointer (&module);
}

static void
add_p11kit_modules (GPtrArray                 *candidates,
                    const EbPkcs11SearchPaths *paths)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *user_dir = NULL;
  const char *system_dirs[4];
  const char * const *dirs;
  const char *module_dir = paths != NULL && paths->p11kit_module_dir != NULL
                           ? paths->p11kit_module_dir : EB_P11KIT_MODULE_PATH;

  /* p11-kit's order: the user's, the admin's, the packages'. */
  user_dir = g_build_filename (g_get_user_config_dir (), "pkcs11", "modules", NULL);
  system_dirs[0] = user_dir;
  system_dirs[1] = "/etc/pkcs11/modules";
  system_dirs[2] = EB_P11KIT_PACKAGE_MODULES;
  system_dirs[3] = NULL;
  dirs = paths != NULL && paths->p11kit_config_dirs != NULL ? paths->p11kit_config_dirs
                                                            : system_dirs;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) p11kit_entry_free);

  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          P11KitEntry *entry;
          g_autofree char *path = NULL;
          char *module;
          int priority;

          /* A file in an earlier dir overrides the same name in a later one. */
          if (!g_str_has_suffix (name, ".module") || g_hash_table_contains (seen, name))
            continue;

          path = g_build_filename (dirs[d], name, NULL);
          module = parse_module_file (path, module_dir, &priority);
          entry = g_new0 (P11KitEntry, 1);
          entry->file_name = g_strdup (name);
          entry->path = g_steal_pointer (&path);
          entry->module = module;
          entry->priority = priority;
          g_ptr_array_add (entries, entry);
          g_hash_table_add (seen, entry->file_name);
        }
    }

  g_ptr_array_sort (entries, compare_p11kit_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      P11KitEntry *entry = g_ptr_array_index (entries, i);

      if (entry->module != NULL)
        g_ptr_array_add (candidates, eb_pkcs11_module_new (EB_PKCS11_SOURCE_P11_KIT,
                                                           entry->module, entry->path));
    }
}

static void
add_paths (GPtrArray          *candidates,
           EbPkcs11Source      source,
           const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (candidates, eb_pkcs11_module_new (source, paths[i], NULL));
}

/* The same file under two names (multiarch symlinks) is tried once. */
static void
remove_duplicates (GPtrArray *candidates)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < candidates->len;)
    {
      EbPkcs11Module *module = g_ptr_array_index (candidates, i);
      char *real = realpath (module->path, NULL);
      char *key = real != NULL ? g_strdup (real) : g_strdup (module->path);

      free (real);
      if (g_hash_table_contains (seen, key))
        {
          g_free (key);
          g_ptr_array_remove_index (candidates, i);
          continue;
        }
      g_hash_table_add (seen, key);
      i++;
    }
}

/**
 * eb_pkcs11_module_discover:
 * @user_setting: (nullable): a module path the user chose; tried first
 * @paths: (nullable): where to look; %NULL for the system's places
 *
 * Lists the candidates in the order to try them, whether the files exist
 * or not (a missing file is worth telling in the diagnostics).
 *
 * Returns: (transfer full) (element-type EbPkcs11Module): the candidates
 */
GPtrArray *
eb_pkcs11_module_discover (const char                *user_setting,
                           const EbPkcs11SearchPaths *paths)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_pkcs11_module_free);

  if (user_setting != NULL && *user_setting != '\0')
    g_ptr_array_add (candidates,
                     eb_pkcs11_module_new (EB_PKCS11_SOURCE_USER_SETTING, user_setting, NULL));

  add_paths (candidates, EB_PKCS11_SOURCE_AKIS,
             paths != NULL && paths->akis_paths != NULL ? paths->akis_paths : akis_paths);
  add_p11kit_modules (candidates, paths);
  add_paths (candidates, EB_PKCS11_SOURCE_OPENSC,
             paths != NULL && paths->opensc_paths != NULL ? paths->opensc_paths : opensc_paths);

  remove_duplicates (candidates);

  return candidates;
}
