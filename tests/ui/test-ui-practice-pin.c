/* test-ui-practice-pin.c — what the practice card says about wrong PINs
 *
 * The practice card (SoftHSM2) through the token manager, as the app sets
 * it up in practice mode, and the words the sign page shows for each try
 * (eb-card-text.c, in Turkish): a wrong PIN, then the last try, then the
 * card locked, with exactly the words and next steps of a real locked card,
 * and the right PIN refused once locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "eb-card-text.h"
#include "eb-file-util.h"
#include "eb-practice-card.h"
#include "eb-token-manager.h"

static char *work_dir;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Logs in with @pin; returns the sign page's words for the refusal. */
static char *
try_pin (EbTokenManager *manager,
         EbToken        *token,
         const char     *pin,
         GError        **error_out)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbSecret) secret = eb_secret_new (pin, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) words = NULL;

  eb_token_manager_login_async (manager, token, secret, NULL, on_result, &result);
  g_clear_pointer (&secret, eb_secret_unref);
  if (eb_token_manager_login_finish (manager, wait_result (&result), &error))
    return NULL;
  words = eb_card_text_translate (error, token);
  if (error_out != NULL)
    *error_out = g_steal_pointer (&error);
  g_test_message ("PIN %s: %s", pin, words->message);
  return g_strdup (words->message);
}

static void
test_practice_pin_locks (void)
{
  g_autofree char *dir = g_build_filename (work_dir, "card", NULL);
  g_autoptr(EbPracticeCard) card = NULL;
  g_autoptr(EbTokenManager) manager = eb_token_manager_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EbToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) real_locked = g_error_new_literal (EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED, "");
  g_autoptr(GError) real_words = eb_card_text_translate (real_locked, NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *fourth = NULL;
  g_autofree char *warning = NULL;

  card = eb_practice_card_new (dir, "MEHMET ALİ YILDIZ", "10000000146", &error);
  g_assert_no_error (error);
  eb_token_manager_set_practice_card (manager, card);
  eb_token_manager_load_async (manager, eb_practice_card_get_module_path (card), NULL, on_result, &result);
  g_assert_true (eb_token_manager_load_finish (manager, wait_result (&result), &error));
  g_assert_no_error (error);
  token = g_list_model_get_item (eb_token_manager_get_tokens (manager), 0);
  g_assert_nonnull (token);

  /* Nothing to warn about before the first try. */
  g_assert_null (eb_card_text_pin_state (eb_token_get_pin_state (token)));

  first = try_pin (manager, token, "000000", NULL);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "PIN yanlış."));
  g_assert_null (strstr (first, "Son deneme"));

  second = try_pin (manager, token, "111111", NULL);
  g_assert_nonnull (second);
  g_assert_true (g_str_has_prefix (second, "PIN yanlış."));
  g_assert_nonnull (strstr (second, "Son deneme hakkınız"));
  /* The sign page's warning before the last try says it too. */
  warning = eb_card_text_pin_state (eb_token_get_pin_state (token));
  g_assert_nonnull (strstr (warning, "Son deneme hakkınız"));

  /* The third locks it: a real locked card's words and next step. */
  third = try_pin (manager, token, "222222", &error);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED);
  g_clear_error (&error);
  g_assert_cmpstr (third, ==, real_words->message);
  g_assert_nonnull (strstr (third, "444 5 576"));

  /* The right PIN no longer opens it. */
  fourth = try_pin (manager, token, EB_PRACTICE_CARD_PIN, &error);
  g_assert_error (error, EB_TOKEN_ERROR, EB_TOKEN_ERROR_PIN_LOCKED);
  g_assert_cmpstr (fourth, ==, real_words->message);
  g_assert_false (eb_token_get_logged_in (token));

  eb_token_manager_unload (manager);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("EIMZA_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("eb-ui-practice-pin-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/practice-pin/locks", test_practice_pin_locks);

  status = g_test_run ();
  g_assert_true (eb_remove_tree (work_dir, NULL));
  g_free (work_dir);
  return status;
}
