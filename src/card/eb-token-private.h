/* eb-token-private.h — how EbTokenManager fills in EbToken
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <p11-kit/pkcs11.h>

#include "eb-token.h"

G_BEGIN_DECLS

/* What the worker thread read; applied on the main context. */
typedef struct
{
  gulong slot_id;
  char *slot_description;
  char *label;
  char *manufacturer;
  char *model;
  char *serial;
  gulong flags;               /* CK_TOKEN_INFO flags */
  gboolean logged_in;
  GPtrArray *certificates;    /* EbTokenCertificate; NULL: keep the ones known */
} EbTokenState;

void     eb_token_state_free  (EbTokenState       *state);
EbToken *eb_token_new         (const EbTokenState *state);
gboolean eb_token_matches     (EbToken            *self,
                               const EbTokenState *state);
void     eb_token_update      (EbToken            *self,
                               const EbTokenState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbTokenState, eb_token_state_free)

G_END_DECLS
