/* eb-portal-handlers-session.c — health, sessions and captchas
 *
 * A session is a random token the client keeps and the server knows only
 * by its SHA-256; it comes with a new application and a captcha. The
 * captcha's answer is kept as an HMAC under the server key, so neither the
 * database nor a log has it in plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "eb-portal-captcha.h"
#include "eb-portal-crypto.h"
#include "eb-portal-handlers.h"

typedef struct
{
  char   *id;
  char   *answer;
  guint8  mac[EB_SHA256_LENGTH];
  char   *image;  /* base64 PNG */
} Captcha;

static void
captcha_free (Captcha *captcha)
{
  g_free (captcha->id);
  if (captcha->answer != NULL)
    OPENSSL_cleanse (captcha->answer, strlen (captcha->answer));
  g_free (captcha->answer);
  g_free (captcha->image);
  g_free (captcha);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Captcha, captcha_free)

/**
 * eb_portal_seconds_up:
 *
 * Returns: @usec in whole seconds, rounded up, at least 1 (a client told to
 *   wait 0 s would ask again at once)
 */
guint
eb_portal_seconds_up (gint64 usec)
{
  return (guint) MAX (1, (usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static Captcha *
captcha_new (EbPortalRequest  *request,
             GError          **error)
{
  g_autoptr(Captcha) captcha = g_new0 (Captcha, 1);
  g_autoptr(GBytes) png = NULL;
  g_autofree char *context = NULL;

  captcha->id = eb_portal_random_hex (EB_TOKEN_BYTES);
  captcha->answer = eb_portal_captcha_new_answer ();
  if (captcha->id == NULL || captcha->answer == NULL)
    {
      g_set_error_literal (error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                           "The random number generator failed");
      return NULL;
    }

  png = eb_portal_captcha_render (captcha->answer, error);
  if (png == NULL)
    return NULL;
  captcha->image = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  context = g_strconcat ("captcha:", captcha->id, NULL);
  eb_portal_hmac_sha256 (eb_portal_db_get_server_key (eb_portal_request_get_db (request)), context,
                         captcha->answer, captcha->mac);

  return g_steal_pointer (&captcha);
}

static JsonObject *
captcha_to_json (Captcha *captcha)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", captcha->id);
  json_object_set_string_member (object, "image", captcha->image);
  json_object_set_int_member (object, "expires_in", EB_PORTAL_CAPTCHA_LIFE / G_USEC_PER_SEC);

  return object;
}

/* GET /api/v1/health */
void
eb_portal_handle_health (EbPortalRequest *request)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_string_member (reply, "status", "ok");
  json_object_set_string_member (reply, "version", PACKAGE_VERSION);
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}

/* POST /api/v1/sessions */
void
eb_portal_handle_create_session (EbPortalRequest *request)
{
  EbPortalContext *context = eb_portal_request_get_context (request);
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  g_autoptr(Captcha) captcha = NULL;
  g_autoptr(EbPortalSession) session = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint8 token_hash[EB_SHA256_LENGTH];

  eb_portal_context_prune (context, audit.now);

  token = eb_portal_random_hex (EB_TOKEN_BYTES);
  captcha = captcha_new (request, &error);
  if (token == NULL || captcha == NULL)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_INTERNAL,
                              error != NULL ? error->message : "The random number generator failed");
      return;
    }

  eb_portal_sha256 (token, strlen (token), token_hash);
  session = eb_portal_db_create_session (eb_portal_request_get_db (request), token_hash, captcha->id,
                                         captcha->mac, &audit, &error);
  if (session == NULL)
    {
      eb_portal_request_fail_error (request, error);
      return;
    }
  eb_portal_context_remember_captcha (context, captcha->id, captcha->answer, audit.now);

  reply = json_object_new ();
  json_object_set_string_member (reply, "session", token);
  json_object_set_int_member (reply, "expires_in", EB_PORTAL_SESSION_IDLE / G_USEC_PER_SEC);
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (EB_PORTAL_STATE_STARTED));
  json_object_set_object_member (reply, "captcha", captcha_to_json (captcha));
  eb_portal_request_respond (request, SOUP_STATUS_CREATED, reply);

  OPENSSL_cleanse (token, strlen (token));
}

/* POST /api/v1/captcha */
void
eb_portal_handle_new_captcha (EbPortalRequest *request)
{
  EbPortalContext *context = eb_portal_request_get_context (request);
  EbPortalSession *session = eb_portal_request_get_session (request);
  gint64 now = eb_portal_request_get_now (request);
  g_autoptr(Captcha) captcha = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  captcha = captcha_new (request, &error);
  if (captcha == NULL ||
      !eb_portal_db_replace_captcha (eb_portal_request_get_db (request), session->id, captcha->id,
                                     captcha->mac, now, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }
  eb_portal_context_remember_captcha (context, captcha->id, captcha->answer, now);

  reply = captcha_to_json (captcha);
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}
