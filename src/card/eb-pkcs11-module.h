/* eb-pkcs11-module.h — where PKCS#11 modules are, and what happened loading them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a candidate came from, in the order they are tried
 * (docs/architecture.md, “Cards and signing: facts found by trying”). */
typedef enum
{
  EB_PKCS11_SOURCE_USER_SETTING,  /* the path the user chose */
  EB_PKCS11_SOURCE_AKIS,          /* Kamu SM's libakisp11.so at its known places */
  EB_PKCS11_SOURCE_P11_KIT,       /* registered with p11-kit (a .module file) */
  EB_PKCS11_SOURCE_OPENSC,        /* OpenSC's opensc-pkcs11.so */
} EbPkcs11Source;

typedef enum
{
  EB_PKCS11_STATUS_NOT_TRIED,     /* an earlier candidate was loaded */
  EB_PKCS11_STATUS_NOT_FOUND,     /* no such file */
  EB_PKCS11_STATUS_LOAD_FAILED,   /* dlopen() failed, or not a PKCS#11 module */
  EB_PKCS11_STATUS_INIT_FAILED,   /* C_Initialize() failed, also with NULL arguments */
  EB_PKCS11_STATUS_LOADED,        /* in use */
  EB_PKCS11_STATUS_LOADED_NULL_ARGS, /* in use; it refused CKF_OS_LOCKING_OK */
} EbPkcs11Status;

/* One candidate module and, once tried, how it went. */
typedef struct
{
  EbPkcs11Source source;
  char *path;                     /* absolute */
  char *origin;                   /* nullable: the .module file that named it */
  EbPkcs11Status status;
  char *message;                  /* nullable: dlerror() or a CKR_ name */
} EbPkcs11Module;

/* Where to look; a NULL member means the system's places. Tests point them
 * at temp dirs. */
typedef struct
{
  const char * const *akis_paths;
  const char * const *p11kit_config_dirs;  /* highest precedence first */
  const char         *p11kit_module_dir;   /* for relative module: names */
  const char * const *opensc_paths;
} EbPkcs11SearchPaths;

#define EB_TYPE_PKCS11_MODULE (eb_pkcs11_module_get_type ())

GType           eb_pkcs11_module_get_type   (void) G_GNUC_CONST;
EbPkcs11Module *eb_pkcs11_module_new        (EbPkcs11Source              source,
                                             const char                 *path,
                                             const char                 *origin);
EbPkcs11Module *eb_pkcs11_module_copy       (const EbPkcs11Module       *module);
void            eb_pkcs11_module_free       (EbPkcs11Module             *module);

GPtrArray      *eb_pkcs11_module_discover   (const char                 *user_setting,
                                             const EbPkcs11SearchPaths  *paths);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbPkcs11Module, eb_pkcs11_module_free)

G_END_DECLS
