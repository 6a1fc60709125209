/* test-signing-session.c — Yöntem 2 without a widget: the card's PIN
 * session (EbSigningSession) and the session's upload (EbSession)
 *
 * Against SoftHSM behind the card shim (which logs C_Sign and can "pull the
 * card out") and the training portal (the real server library on
 * 127.0.0.1, reached through a TCP relay the test can cut): an application
 * is taken to the issued form, signed with the applicant's NES and sent;
 * the portal checks the signature and the application awaits approval. The
 * card pulled between the PIN and the signature signs nothing; an upload
 * that fails is tried again with the same signature, the card signing once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "eb-card-enums.h"
#include "eb-file-util.h"
#include "eb-session.h"
#include "eb-signing-session.h"
#include "eb-test-async.h"
#include "eb-test-pki.h"
#include "eb-training-portal.h"
#include "eb-test-form.h"

#ifndef EB_TEST_SHIM_PATH
#error "EB_TEST_SHIM_PATH must name the built eb-test-pkcs11-shim module"
#endif

/* Two of the practice portal's sample people, each with an NES on the token. */
#define MEHMET "10000000146"
#define ISMAIL "34561278950"
#define EXTRA_PERSONS "mehmet|MEHMET ALİ YILDIZ|" MEHMET "|-10|720|person_nes\n" \
                      "ismail|İSMAİL ÖZTÜRK|" ISMAIL "|-10|720|person_nes"

static char *tmp_dir;
static EbTestPki *pki;
static EbTrainingPortal *portal;
static EbTokenManager *tokens;
static EbSigningCard *signing_card;

/* The relay between the app's portal client and the portal: cut, it
 * closes every connection, as a network that went away does. */
static GSocketService *relay;
static guint16 relay_port;
static guint16 portal_port;
static gboolean relay_cut;
static GCancellable *relay_cancellable;

static void
spliced (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
on_relay_incoming (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;

  if (relay_cut)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  client = g_socket_client_new ();
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", portal_port, NULL, NULL);
  g_assert_nonnull (upstream);
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, relay_cancellable, spliced, NULL);
  return TRUE;
}

static void
set_relay_cut (gboolean cut)
{
  relay_cut = cut;
  if (cut)
    {
      /* The connections kept alive go too. */
      g_cancellable_cancel (relay_cancellable);
      g_clear_object (&relay_cancellable);
      relay_cancellable = g_cancellable_new ();
    }
}

static GVariant *
sample_person (const char *tckn)
{
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);

  for (guint i = 0; i < people->len; i++)
    {
      GVariant *person = g_ptr_array_index (people, i);
      const char *its = NULL;

      if (g_variant_lookup (person, "tckn", "&s", &its) && g_str_equal (its, tckn))
        return g_variant_ref (person);
    }
  g_assert_not_reached ();
}

/* Login, form, SMS, Yöntem 2: the session holds the issued form. */
static EbSession *
start_application (const char *tckn)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", relay_port);
  g_autoptr(EbPortalClient) client = eb_portal_client_new (url);
  EbSession *session = eb_session_new (NULL, client);
  EbApplicationForm *form = eb_session_get_form (session);
  g_autoptr(GVariant) person = sample_person (tckn);
  g_autoptr(EbPortalCaptcha) captcha = NULL;
  g_autoptr(EbPortalSmsInfo) sms = NULL;
  g_autoptr(GVariant) registry_person = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *code = NULL;
  g_autofree char *application_no = NULL;
  GAsyncResult *result = NULL;
  gulong handler = g_signal_connect (portal, "sms-received", G_CALLBACK (eb_test_form_catch_sms_code), &code);

  eb_application_form_deserialize (form, person);
  eb_portal_client_start_session_async (client, NULL, eb_test_on_result, &result);
  captcha = eb_portal_client_start_session_finish (client, eb_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  eb_portal_client_login_async (client, captcha->id, answer, form, NULL, eb_test_on_result, &result);
  registry_person = eb_portal_client_login_finish (client, eb_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  eb_test_form_fill_renewal (form);
  eb_portal_client_save_form_async (client, form, NULL, eb_test_on_result, &result);
  saved = eb_portal_client_save_form_finish (client, eb_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  eb_portal_client_send_sms_async (client, NULL, eb_test_on_result, &result);
  sms = eb_portal_client_send_sms_finish (client, eb_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  while (code == NULL)
    g_main_context_iteration (NULL, TRUE);
  eb_portal_client_verify_sms_async (client, code, NULL, eb_test_on_result, &result);
  g_assert_true (eb_portal_client_verify_sms_finish (client, eb_test_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  eb_portal_client_choose_method_async (client, "esign", NULL, eb_test_on_result, &result);
  application_no = eb_portal_client_choose_method_finish (client, eb_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (eb_session_record_application (session, application_no, "esign", &error));
  g_assert_no_error (error);

  eb_session_fetch_document_async (session, NULL, eb_test_on_result, &result);
  document = eb_session_fetch_document_finish (session, eb_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (document == eb_session_get_document (session));

  g_signal_handler_disconnect (portal, handler);
  return session;
}

/* The applicant's NES on the token, as the e-sign page finds it. */
static void
read_card (const char *tckn)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  eb_signing_card_set_applicant_tckn (signing_card, tckn);
  if (eb_signing_card_get_state (signing_card) == EB_SIGNING_CARD_STATE_IDLE)
    eb_signing_card_refresh (signing_card);
  while (eb_signing_card_get_state (signing_card) != EB_SIGNING_CARD_STATE_READY)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (eb_certificate_info_get_tckn (eb_token_certificate_get_info (
                     eb_signing_card_get_certificate (signing_card))), ==, tckn);
}

/* C_Sign calls the card shim logged (sign-log). */
static int
count_card_signatures (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "sign.log", NULL);

  return eb_test_pki_count_signatures (path);
}

static void
on_state (EbSigningSession *signing,
          GParamSpec       *pspec,
          GArray           *states)
{
  EbSigningSessionState state = eb_signing_session_get_state (signing);

  g_array_append_val (states, state);
}

/* One PIN session; @states gets each state it went through. */
static GBytes *
sign (EbSession   *session,
      const char  *pin_text,
      GArray      *states,
      GError     **error)
{
  g_autoptr(EbSigningSession) signing = eb_signing_session_new (signing_card);
  g_autoptr(EbSecret) pin = eb_secret_new (pin_text, -1);
  GAsyncResult *result = NULL;
  GBytes *signed_document;

  g_assert_true (eb_signing_session_get_token (signing) == eb_signing_card_get_token (signing_card));
  g_assert_false (eb_signing_session_get_uses_pin_pad (signing));
  g_signal_connect (signing, "notify::state", G_CALLBACK (on_state), states);
  eb_signing_session_sign_async (signing, eb_session_get_document (session), pin, NULL,
                                 eb_test_on_result, &result);
  g_assert_true (eb_signing_card_get_pin_session_active (signing_card));
  signed_document = eb_signing_session_sign_finish (signing, eb_test_wait_result (&result), error);
  g_clear_object (&result);

  /* Whatever happened, the card is not left open. */
  g_assert_false (eb_signing_card_get_pin_session_active (signing_card));
  g_assert_false (eb_token_get_logged_in (eb_signing_session_get_token (signing)));
  return signed_document;
}

static EbPortalSignedInfo *
upload (EbSession  *session,
        GError    **error)
{
  GAsyncResult *result = NULL;
  EbPortalSignedInfo *info;

  eb_session_upload_signed_document_async (session, eb_test_on_result, &result);
  info = eb_session_upload_signed_document_finish (session, eb_test_wait_result (&result), error);
  g_clear_object (&result);
  return info;
}

static void
assert_states (GArray                      *states,
               const EbSigningSessionState *expected,
               guint                        n_expected)
{
  g_assert_cmpuint (states->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (states, EbSigningSessionState, i), ==, expected[i]);
}

static void
test_method_2 (void)
{
  g_autoptr(EbSession) session = start_application (MEHMET);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (EbSigningSessionState));
  g_autoptr(GBytes) signed_document = NULL;
  g_autoptr(EbPortalSignedInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *issued = eb_session_get_document (session);
  int before = count_card_signatures ();
  const EbSigningSessionState expected[] = {
    EB_SIGNING_SESSION_STATE_LOGGING_IN, EB_SIGNING_SESSION_STATE_SIGNING,
    EB_SIGNING_SESSION_STATE_LOGGING_OUT, EB_SIGNING_SESSION_STATE_SIGNED,
  };

  read_card (MEHMET);

  /* A wrong PIN: refused, nothing signed, the card told. */
  signed_document = sign (session, "000000", states, &error);
  g_assert_null (signed_document);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_INCORRECT);
  g_assert_cmpint (g_array_index (states, EbSigningSessionState, states->len - 1), ==,
                   EB_SIGNING_SESSION_STATE_FAILED);
  g_assert_cmpint (count_card_signatures (), ==, before);
  g_clear_error (&error);
  g_array_set_size (states, 0);

  signed_document = sign (session, "123456", states, &error);
  g_assert_no_error (error);
  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (count_card_signatures (), ==, before + 1);
  /* An incremental update: the issued bytes, then the signature. */
  g_assert_cmpuint (g_bytes_get_size (signed_document), >, g_bytes_get_size (issued));
  g_assert_cmpmem (g_bytes_get_data (signed_document, NULL), g_bytes_get_size (issued),
                   g_bytes_get_data (issued, NULL), g_bytes_get_size (issued));

  g_assert_false (eb_session_get_signed_unsent (session));
  eb_session_set_signed_document (session, signed_document);
  g_assert_true (eb_session_get_signed_unsent (session));
  g_assert_false (eb_session_get_signed_accepted (session));

  /* The portal checked the signature: awaiting approval. */
  info = upload (session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->state, ==, "awaiting_approval");
  g_assert_cmpstr (info->signer_tckn, ==, MEHMET);
  g_assert_true (eb_session_get_signed_accepted (session));
  g_assert_false (eb_session_get_signed_unsent (session));
  g_assert_true (eb_session_get_signed_document (session) == signed_document);
}

static void
test_card_pulled_and_upload_retried (void)
{
  g_autoptr(EbSession) session = start_application (ISMAIL);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (EbSigningSessionState));
  g_autofree char *pulled = g_build_filename (tmp_dir, "card-pulled", NULL);
  g_autoptr(GBytes) signed_document = NULL;
  g_autoptr(EbPortalSignedInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int before = count_card_signatures ();
  const EbSigningSessionState pulled_states[] = {
    EB_SIGNING_SESSION_STATE_LOGGING_IN, EB_SIGNING_SESSION_STATE_SIGNING,
    EB_SIGNING_SESSION_STATE_LOGGING_OUT, EB_SIGNING_SESSION_STATE_FAILED,
  };

  read_card (ISMAIL);

  /* The card pulled out between the PIN and the signature: said so by
   * code, nothing signed, nothing kept. */
  g_assert_true (g_file_set_contents (pulled, "", 0, &error));
  signed_document = sign (session, "123456", states, &error);
  g_assert_cmpint (g_unlink (pulled), ==, 0);
  g_assert_null (signed_document);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_TOKEN_NOT_PRESENT);
  assert_states (states, pulled_states, G_N_ELEMENTS (pulled_states));
  g_assert_cmpint (count_card_signatures (), ==, before);
  g_assert_null (eb_session_get_signed_document (session));
  g_clear_error (&error);
  g_array_set_size (states, 0);

  /* Signed; the upload fails on the way: the signature is kept. */
  read_card (ISMAIL);
  signed_document = sign (session, "123456", states, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_card_signatures (), ==, before + 1);
  eb_session_set_signed_document (session, signed_document);

  set_relay_cut (TRUE);
  info = upload (session, &error);
  g_assert_null (info);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_true (eb_session_get_signed_unsent (session));
  g_assert_true (eb_session_get_signed_document (session) == signed_document);

  /* Tried again: the same signature, the card not asked again. */
  set_relay_cut (FALSE);
  info = upload (session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->state, ==, "awaiting_approval");
  g_assert_true (eb_session_get_signed_accepted (session));
  g_assert_cmpint (count_card_signatures (), ==, before + 1);
}

/* The practice portal trusts the test PKI, as the real one trusts Kamu SM. */
static void
trust_test_pki (void)
{
  g_autofree char *trust = g_build_filename (tmp_dir, "trust", NULL);
  const char *certs[] = { "root", "ca" };

  g_assert_cmpint (g_mkdir (trust, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (certs); i++)
    {
      g_autofree char *from = eb_test_pki_get (pki, "pki", certs[i]);
      g_autofree char *name = g_strconcat (certs[i], ".pem", NULL);
      g_autofree char *to = g_build_filename (trust, name, NULL);
      g_autofree char *pem = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_get_contents (from, &pem, NULL, &error));
      g_assert_true (g_file_set_contents (to, pem, -1, &error));
      g_assert_no_error (error);
    }
  eb_training_portal_set_trust_anchor_dir (portal, trust);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) portal_uri = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("eb-signing-session-XXXXXX", &error);
  g_assert_no_error (error);

  portal = eb_training_portal_new (&error);
  g_assert_no_error (error);
  portal_uri = g_uri_parse (eb_training_portal_get_base_url (portal), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  portal_port = g_uri_get_port (portal_uri);

  relay = g_socket_service_new ();
  relay_cancellable = g_cancellable_new ();
  relay_port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (relay), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (relay, "incoming", G_CALLBACK (on_relay_incoming), NULL);
  g_socket_service_start (relay);

  g_setenv ("EB_TEST_PKI_EXTRA_PERSONS", EXTRA_PERSONS, TRUE);
  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  trust_test_pki ();
  eb_test_pki_setup_shim (pki);
  {
    /* The card's operations are counted, and it can be "pulled out"
     * between the PIN and the signature. */
    g_autofree char *extra = g_strdup_printf ("sign-log=%s/sign.log\nremove-on-sign=%s/card-pulled\n",
                                              tmp_dir, tmp_dir);

    eb_test_pki_write_shim_conf (pki, extra);
  }
  tokens = eb_token_manager_new ();
  signing_card = eb_signing_card_new (NULL, tokens, EB_TEST_SHIM_PATH);

  g_test_add_func ("/card/signing-session/method-2", test_method_2);
  g_test_add_func ("/card/signing-session/card-pulled-and-upload-retried",
                   test_card_pulled_and_upload_retried);

  status = g_test_run ();

  g_clear_object (&signing_card);
  eb_token_manager_unload (tokens);
  g_clear_object (&tokens);
  g_socket_service_stop (relay);
  g_clear_object (&relay);
  g_cancellable_cancel (relay_cancellable);
  g_clear_object (&relay_cancellable);
  g_clear_object (&portal);
  g_clear_pointer (&pki, eb_test_pki_free);
  g_assert_true (eb_remove_tree (tmp_dir, NULL));
  g_free (tmp_dir);
  return status;
}
