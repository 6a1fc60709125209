/* test-portal-client.c — EbPortalClient against the real portal library
 *
 * The practice portal (the server library on 127.0.0.1) answers; what is
 * checked is the client's side: the session, the captcha PNG, the mapping of
 * every kind of reply to EB_PORTAL_ERROR codes with their extra members, the
 * form round trip, and what happens when there is no server or the server
 * answers nonsense.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <locale.h>

#include <libsoup/soup.h>

#include "eb-portal-client.h"
#include "eb-training-portal.h"
#include "eb-test-form.h"

static EbTrainingPortal *portal;

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (wait->result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return wait->result;
}

static EbPortalCaptcha *
start_session (EbPortalClient *client)
{
  Wait wait = { NULL };
  g_autoptr(GError) error = NULL;
  EbPortalCaptcha *captcha;

  eb_portal_client_start_session_async (client, NULL, store_result, &wait);
  captcha = eb_portal_client_start_session_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_nonnull (captcha);
  return captcha;
}

/* The first person of the practice registry whose assignment is recorded. */
static GVariant *
sample_person (gboolean recorded)
{
  g_autoptr(GPtrArray) people = eb_training_portal_list_sample_people (portal);

  for (guint i = 0; i < people->len; i++)
    {
      GVariant *person = g_ptr_array_index (people, i);
      const char *flag = "1";

      /* Besides the form fields, each sample says whether its assignment is recorded. */
      g_assert_true (g_variant_lookup (person, "assignment-recorded", "&s", &flag));
      if (g_str_equal (flag, "1") == recorded)
        return g_variant_ref (person);
    }
  g_assert_not_reached ();
}

static gboolean
login (EbPortalClient     *client,
       EbApplicationForm  *form,
       const char         *captcha_id,
       const char         *answer,
       GVariant          **person_out,
       GError            **error)
{
  Wait wait = { NULL };
  GVariant *person;

  eb_portal_client_login_async (client, captcha_id, answer, form, NULL, store_result, &wait);
  person = eb_portal_client_login_finish (client, wait_for (&wait), error);
  g_clear_object (&wait.result);
  if (person_out != NULL)
    *person_out = person;
  else
    g_clear_pointer (&person, g_variant_unref);
  return person != NULL || (person_out == NULL && error != NULL && *error == NULL);
}

static void
test_session_and_captcha (void)
{
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(EbPortalCaptcha) captcha = NULL;
  g_autoptr(EbPortalCaptcha) again = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  g_assert_false (eb_portal_client_has_session (client));
  captcha = start_session (client);
  g_assert_true (eb_portal_client_has_session (client));
  g_assert_cmpuint (g_bytes_get_size (captcha->png), >, 100);
  g_assert_cmpuint (captcha->expires_in, ==, 300);

  eb_portal_client_refresh_captcha_async (client, NULL, store_result, &wait);
  again = eb_portal_client_refresh_captcha_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, !=, captcha->id);
}

static void
test_login_errors (void)
{
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GVariant) person = sample_person (TRUE);
  g_autoptr(GVariant) unrecorded = sample_person (FALSE);
  g_autoptr(EbPortalCaptcha) captcha = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  eb_application_form_deserialize (form, person);

  /* Wrong captcha, then the same captcha again (used up). */
  captcha = start_session (client);
  g_assert_false (login (client, form, captcha->id, "zzzzz", NULL, &error));
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_CAPTCHA_WRONG);
  g_clear_error (&error);
  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  g_assert_false (login (client, form, captcha->id, answer, NULL, &error));
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_CAPTCHA_EXPIRED);
  g_clear_error (&error);
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&captcha, eb_portal_captcha_free);

  /* Another birth place: a mismatch, without saying which field. */
  captcha = start_session (client);
  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  eb_application_form_set_text (form, EB_FIELD_BIRTH_PLACE, "VAN");
  g_assert_false (login (client, form, captcha->id, answer, NULL, &error));
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_IDENTITY_MISMATCH);
  g_clear_error (&error);
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&captcha, eb_portal_captcha_free);

  /* Nobody with this number. */
  captcha = start_session (client);
  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  eb_application_form_set_text (form, EB_FIELD_TCKN, "19090909018");
  g_assert_false (login (client, form, captcha->id, answer, NULL, &error));
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PERSON_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&captcha, eb_portal_captcha_free);

  /* Assignment not recorded in e-personel. */
  eb_application_form_deserialize (form, unrecorded);
  captcha = start_session (client);
  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  g_assert_false (login (client, form, captcha->id, answer, NULL, &error));
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_ASSIGNMENT_NOT_RECORDED);
  g_clear_error (&error);
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&captcha, eb_portal_captcha_free);

  /* A malformed TCKN: the field and its reason come back. */
  captcha = start_session (client);
  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  eb_application_form_set_text (form, EB_FIELD_TCKN, "10000000147");
  g_assert_false (login (client, form, captcha->id, answer, NULL, &error));
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_INVALID_FIELDS);
  {
    const GArray *fields = eb_portal_error_get_fields (error);

    g_assert_nonnull (fields);
    g_assert_cmpuint (fields->len, ==, 1);
    g_assert_cmpint (g_array_index (fields, EbPortalFieldError, 0).field, ==, EB_FIELD_TCKN);
    g_assert_cmpint (g_array_index (fields, EbPortalFieldError, 0).reason, ==, EB_VALIDATION_ERROR_TCKN_CHECKSUM);
  }
}

static void
test_whole_application (void)
{
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GVariant) person = sample_person (TRUE);
  g_autoptr(GVariant) registry_person = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(EbPortalCaptcha) captcha = NULL;
  g_autoptr(EbPortalSmsInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *code = NULL;
  g_autofree char *application_no = NULL;
  const char *institution = NULL;
  gulong handler;
  Wait wait = { NULL };

  handler = g_signal_connect (portal, "sms-received", G_CALLBACK (eb_test_form_catch_sms_code), &code);

  eb_application_form_deserialize (form, person);
  captcha = start_session (client);
  answer = eb_training_portal_dup_captcha_answer (portal, captcha->id);
  /* Captcha answers are compared without regard to case. */
  upper = g_ascii_strup (answer, -1);
  g_assert_true (login (client, form, captcha->id, upper, &registry_person, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (registry_person, "institution-name", "&s", &institution));
  g_assert_cmpstr (institution, !=, "");

  /* A form with a wrong postal code comes back with that field. */
  eb_test_form_fill_renewal (form);
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49100");
  eb_portal_client_save_form_async (client, form, NULL, store_result, &wait);
  saved = eb_portal_client_save_form_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (saved);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_INVALID_FIELDS);
  g_assert_cmpint (g_array_index (eb_portal_error_get_fields (error), EbPortalFieldError, 0).field,
                   ==, EB_FIELD_POSTAL_CODE);
  g_clear_error (&error);

  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49500");
  eb_portal_client_save_form_async (client, form, NULL, store_result, &wait);
  saved = eb_portal_client_save_form_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (saved, "unit", "&s", &institution));
  g_assert_cmpstr (institution, ==, "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  /* The portal never sends the security word back. */
  g_assert_false (g_variant_lookup (saved, "security-word", "&s", &institution));

  /* Verifying before any code was sent. */
  eb_portal_client_verify_sms_async (client, "123456", NULL, store_result, &wait);
  g_assert_false (eb_portal_client_verify_sms_finish (client, wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SMS_CODE_MISSING);
  g_clear_error (&error);

  eb_portal_client_send_sms_async (client, NULL, store_result, &wait);
  info = eb_portal_client_send_sms_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (info->expires_in, ==, 300);
  while (code == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Too soon for another code: retry_after says how long. */
  {
    g_autoptr(EbPortalSmsInfo) again = NULL;

    eb_portal_client_send_sms_async (client, NULL, store_result, &wait);
    again = eb_portal_client_send_sms_finish (client, wait_for (&wait), &error);
    g_clear_object (&wait.result);
    g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SMS_RESEND_TOO_SOON);
    g_assert_cmpuint (eb_portal_error_get_retry_after (error), >, 0);
    g_clear_error (&error);
  }

  /* A wrong code tells how many tries remain. */
  eb_portal_client_verify_sms_async (client, g_str_equal (code, "000000") ? "111111" : "000000", NULL,
                                     store_result, &wait);
  g_assert_false (eb_portal_client_verify_sms_finish (client, wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SMS_CODE_WRONG);
  g_assert_cmpint (eb_portal_error_get_tries_left (error), ==, 2);
  g_clear_error (&error);

  eb_portal_client_verify_sms_async (client, code, NULL, store_result, &wait);
  g_assert_true (eb_portal_client_verify_sms_finish (client, wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_no_error (error);

  eb_portal_client_choose_method_async (client, "esign", NULL, store_result, &wait);
  application_no = eb_portal_client_choose_method_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  /* The practice portal numbers in its own series. */
  g_assert_true (g_str_has_prefix (application_no, "ALISTIRMA-"));

  /* Once more is the wrong order. */
  {
    g_autofree char *again = NULL;

    eb_portal_client_choose_method_async (client, "wet", NULL, store_result, &wait);
    again = eb_portal_client_choose_method_finish (client, wait_for (&wait), &error);
    g_clear_object (&wait.result);
    g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_WRONG_STATE);
    g_clear_error (&error);
  }

  /* The form PDF the portal issues, the same bytes every time. */
  {
    g_autoptr(GBytes) pdf = NULL;
    g_autoptr(GBytes) again = NULL;
    g_autoptr(GBytes) not_pdf = g_bytes_new_static ("hello", 5);
    g_autoptr(EbPortalSignedInfo) signed_info = NULL;
    g_autofree char *number = NULL;

    eb_portal_client_fetch_document_async (client, NULL, store_result, &wait);
    pdf = eb_portal_client_fetch_document_finish (client, wait_for (&wait), &number, &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (pdf);
    g_assert_cmpuint (g_bytes_get_size (pdf), >, 5);
    g_assert_true (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) == 0);
    g_assert_cmpstr (number, ==, application_no);

    eb_portal_client_fetch_document_async (client, NULL, store_result, &wait);
    again = eb_portal_client_fetch_document_finish (client, wait_for (&wait), NULL, &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (pdf, again));

    /* Refusals come back with the API's code. */
    eb_portal_client_upload_signed_document_async (client, not_pdf, NULL, store_result, &wait);
    signed_info = eb_portal_client_upload_signed_document_finish (client, wait_for (&wait), &error);
    g_clear_object (&wait.result);
    g_assert_null (signed_info);
    g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SIGNATURE_NOT_PDF);
    g_clear_error (&error);

    /* The training portal here has no trust anchors. */
    eb_portal_client_upload_signed_document_async (client, pdf, NULL, store_result, &wait);
    signed_info = eb_portal_client_upload_signed_document_finish (client, wait_for (&wait), &error);
    g_clear_object (&wait.result);
    g_assert_null (signed_info);
    g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SIGNATURE_UNTRUSTED);
    g_clear_error (&error);
  }

  g_signal_handler_disconnect (portal, handler);
}

static void
test_no_session (void)
{
  g_autoptr(EbPortalClient) client = eb_portal_client_new (eb_training_portal_get_base_url (portal));
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  /* Refused before anything is sent. */
  eb_portal_client_send_sms_async (client, NULL, store_result, &wait);
  g_assert_null (eb_portal_client_send_sms_finish (client, wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_SESSION_MISSING);
}

static void
test_no_server (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autoptr(EbPortalClient) client = NULL;
  g_autoptr(EbPortalClient) unset = eb_portal_client_new (NULL);
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  guint16 port;

  /* A port that was free a moment ago and has no listener. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_assert_true (g_socket_bind (socket, G_SOCKET_ADDRESS (address), FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = eb_portal_client_new (url);
  eb_portal_client_start_session_async (client, NULL, store_result, &wait);
  g_assert_null (eb_portal_client_start_session_finish (client, wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);

  eb_portal_client_start_session_async (unset, NULL, store_result, &wait);
  g_assert_null (eb_portal_client_start_session_finish (unset, wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_NOT_CONFIGURED);
}

static void
nonsense_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  const char *body = user_data;

  soup_server_message_set_status (msg, g_str_equal (body, "{}") ? 200 : 502, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
}

/* A server that answers, but not in the API's terms (a proxy's error page,
 * a JSON reply without the expected members). */
static void
test_nonsense_replies (void)
{
  const char *bodies[] = { "<html>Bad Gateway</html>", "{}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(EbPortalClient) client = NULL;
      g_autofree char *url = NULL;
      GSList *uris;
      Wait wait = { NULL };

      soup_server_add_handler (server, NULL, nonsense_handler, (gpointer) bodies[i], NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      uris = soup_server_get_uris (server);
      url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

      client = eb_portal_client_new (url);
      eb_portal_client_start_session_async (client, NULL, store_result, &wait);
      g_assert_null (eb_portal_client_start_session_finish (client, wait_for (&wait), &error));
      g_clear_object (&wait.result);
      g_assert_error (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_PROTOCOL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  portal = eb_training_portal_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/portal-client/session-and-captcha", test_session_and_captcha);
  g_test_add_func ("/portal-client/login-errors", test_login_errors);
  g_test_add_func ("/portal-client/whole-application", test_whole_application);
  g_test_add_func ("/portal-client/no-session", test_no_session);
  g_test_add_func ("/portal-client/no-server", test_no_server);
  g_test_add_func ("/portal-client/nonsense-replies", test_nonsense_replies);

  status = g_test_run ();
  g_clear_object (&portal);
  return status;
}
