/* test-ui-form-page.c — the application form page by itself, in-process under Xvfb
 *
 * The page in a 1366×768 window, with a session of its own and the test
 * PKI's SoftHSM token behind the card shim as the card in the reader (it
 * holds AYŞE YILMAZ's NES, 12345678950, among others). No portal: nothing
 * here presses Next. Screenshots go to $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eb-choice-row.h"
#include "eb-field-binding.h"
#include "eb-file-util.h"
#include "eb-form-hints.h"
#include "eb-form-page.h"
#include "eb-geo.h"
#include "eb-session.h"
#include "eb-store.h"
#include "eb-test-pki.h"
#include "eb-test-ui.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

#define OWN_NES_TCKN "12345678950"      /* has an NES on the token */
#define NO_CARD_TCKN "10000000146"      /* valid, but nothing on the token */

static char *tmp_dir;
static EbTestPki *pki;
static EbTokenManager *tokens;
static EbSigningCard *signing_card;
static guint n_windows;

typedef struct
{
  GtkWidget *window;
  EbSession *session;
  EbFormPage *page;
} Fixture;

/* A fresh store each time, so no draft is restored unless a test makes one. */
static void
fixture_open (Fixture    *fixture,
              const char *tckn,
              gboolean    with_card)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("form-%u.db", n_windows++);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(EbStore) store = eb_store_open (path, &error);
  g_autoptr(EbPortalClient) client = eb_portal_client_new ("http://127.0.0.1:9/");
  EbApplicationForm *form;

  g_assert_no_error (error);
  fixture->session = eb_session_new (store, client);
  form = eb_session_get_form (fixture->session);
  eb_application_form_set_text (form, EB_FIELD_TCKN, tckn);
  eb_application_form_set_text (form, EB_FIELD_FIRST_NAME, "AYŞE");
  eb_application_form_set_text (form, EB_FIELD_LAST_NAME, "YILMAZ");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_PLACE, "ANKARA");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_DATE, "1980-11-24");

  fixture->page = g_object_new (EB_TYPE_FORM_PAGE,
                                "session", fixture->session,
                                "signing-card", with_card ? signing_card : NULL,
                                NULL);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1366, 768);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  gtk_window_present (GTK_WINDOW (fixture->window));
  eb_test_ui_settle ();
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  eb_test_ui_settle ();
  g_clear_object (&fixture->session);
}

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->page), EB_TYPE_FORM_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
field_row (Fixture     *fixture,
           EbFormField  field)
{
  return eb_field_binding_get_widget (eb_form_page_get_field_binding (fixture->page), field);
}

/* Types into a row and tabs out of it, as a user does. */
static void
type_into (Fixture     *fixture,
           EbFormField  field,
           const char  *text)
{
  GtkWidget *row = field_row (fixture, field);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  for (guint i = 0; i < 5 && gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), row); i++)
    g_assert_true (gtk_widget_child_focus (fixture->window, GTK_DIR_TAB_FORWARD));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), row));
  eb_test_ui_settle ();
}

static void
scroll_to (Fixture   *fixture,
           GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 120);
  eb_test_ui_settle ();
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
card_read (gpointer data)
{
  EbSigningCardState state = eb_signing_card_get_state (signing_card);

  return state != EB_SIGNING_CARD_STATE_IDLE && state != EB_SIGNING_CARD_STATE_READING;
}

/* --- Item 10: the security word's rules before the first mistake --- */

static void
test_security_word_rules (void)
{
  Fixture fixture = { 0 };
  g_autofree char *rules = eb_form_page_dup_security_word_rules ();
  g_autofree char *min = g_strdup_printf ("%d", EB_SECURITY_WORD_MIN_LENGTH);
  g_autofree char *max = g_strdup_printf ("%d", EB_SECURITY_WORD_MAX_LENGTH);
  GtkWidget *group;
  /* One word for each rule the text states, each refused by the validator
   * the page uses: the text and the checks must not drift apart. */
  const char *refused[] = {
    "Ab-12",                                 /* shorter than the minimum */
    "Abcdefghijklmnopqrstuvwxyz-0123456",    /* longer than the maximum */
    "123456", "aaaaaaa", "fedcba",           /* runs */
    " Mavi-Deniz", "Mavi-Deniz ",            /* spaces at the ends */
  };

  fixture_open (&fixture, NO_CARD_TCKN, FALSE);
  group = child (&fixture, "security_word_group");

  /* Shown with nothing typed and no error anywhere. */
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, rules);
  g_assert_null (eb_field_binding_get_error (eb_form_page_get_field_binding (fixture.page), EB_FIELD_SECURITY_WORD));
  g_assert_nonnull (strstr (rules, min));
  g_assert_nonnull (strstr (rules, max));
  g_assert_nonnull (strstr (rules, "123456"));
  /* In Turkish, as the whole UI is. */
  g_assert_null (strstr (rules, "characters"));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("refused: “%s”", refused[i]);
      g_assert_false (eb_validate_security_word (refused[i], &error));
      g_assert_error (error, EB_VALIDATION_ERROR, error->code);
    }
  g_assert_true (eb_validate_security_word ("Mavi Deniz-42", NULL));
  g_assert_true (eb_validate_security_word ("mavi-deniz", NULL));

  scroll_to (&fixture, group);
  eb_test_ui_screenshot (fixture.window, "form-security-word-rules.png");
  fixture_close (&fixture);
}

/* --- Item 11: the usual job titles, and ASCII for Turkish letters --- */

static void
test_job_title_suggestions (void)
{
  Fixture fixture = { 0 };
  EbApplicationForm *form;
  GtkWidget *button, *popover, *list;
  GListModel *model;

  fixture_open (&fixture, NO_CARD_TCKN, FALSE);
  form = eb_session_get_form (fixture.session);
  button = child (&fixture, "job_title_button");
  popover = child (&fixture, "job_title_popover");
  list = child (&fixture, "job_title_list");

  /* The button is in the Tab order right after the entry. */
  gtk_widget_grab_focus (field_row (&fixture, EB_FIELD_JOB_TITLE));
  for (guint i = 0; i < 5 && !gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)), button); i++)
    g_assert_true (gtk_widget_child_focus (fixture.window, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)), button));

  /* Opened from the keyboard (Space on the button), the list has the focus;
   * every usual title is in it. */
  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (fixture.window))));
  /* A button activated from the keyboard shows itself pressed a moment first. */
  eb_test_ui_spin_until (widget_visible, popover);
  eb_test_ui_settle ();
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)), list));
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((char **) eb_form_hints_job_titles ()));
  {
    const char *usual[] = { "Okul Müdürü", "Müdür Yardımcısı", "Müdür Başyardımcısı", "Kurum Müdürü" };

    for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
      g_assert_true (g_strv_contains (eb_form_hints_job_titles (), usual[i]));
  }
  scroll_to (&fixture, button);
  eb_test_ui_screenshot (fixture.window, "form-job-titles.png");
  eb_test_ui_screenshot (popover, "form-job-titles-list.png");

  /* Choosing one (Enter on the third) fills the field as the form keeps it. */
  g_signal_emit_by_name (list, "activate", 2);
  eb_test_ui_settle ();
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_JOB_TITLE), ==, "MÜDÜR BAŞYARDIMCISI");
  g_assert_null (eb_field_binding_get_error (eb_form_page_get_field_binding (fixture.page), EB_FIELD_JOB_TITLE));

  /* Any other title is still taken as typed. */
  type_into (&fixture, EB_FIELD_JOB_TITLE, "Halk Eğitimi Merkezi Müdürü");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_JOB_TITLE), ==, "HALK EĞİTİMİ MERKEZİ MÜDÜRÜ");
  g_assert_null (eb_field_binding_get_error (eb_form_page_get_field_binding (fixture.page), EB_FIELD_JOB_TITLE));

  fixture_close (&fixture);
}

static void
test_ascii_slip_hints (void)
{
  Fixture fixture = { 0 };
  EbApplicationForm *form;
  const char *hint;

  fixture_open (&fixture, NO_CARD_TCKN, FALSE);
  form = eb_session_get_form (fixture.session);

  /* Nothing before the row is left, nothing for text typed right. */
  gtk_widget_grab_focus (field_row (&fixture, EB_FIELD_UNIT));
  gtk_editable_set_text (GTK_EDITABLE (field_row (&fixture, EB_FIELD_UNIT)), "Bulanik Ilce Milli Egitim Mudurlugu");
  eb_test_ui_settle ();
  g_assert_null (eb_form_page_get_slip_hint (fixture.page, EB_FIELD_UNIT));
  type_into (&fixture, EB_FIELD_UNIT, "Bulanık İlçe Millî Eğitim Müdürlüğü");
  g_assert_null (eb_form_page_get_slip_hint (fixture.page, EB_FIELD_UNIT));

  /* Left with slips: a hint naming them, not an error, and the page can
   * still be completed. */
  type_into (&fixture, EB_FIELD_UNIT, "Bulanik Ilce Milli Egitim Mudurlugu");
  hint = eb_form_page_get_slip_hint (fixture.page, EB_FIELD_UNIT);
  g_assert_nonnull (hint);
  g_assert_nonnull (strstr (hint, "MÜDÜRLÜĞÜ"));
  g_assert_nonnull (strstr (hint, "İLÇE"));
  g_assert_null (eb_field_binding_get_error (eb_form_page_get_field_binding (fixture.page), EB_FIELD_UNIT));
  g_assert_false (gtk_widget_has_css_class (field_row (&fixture, EB_FIELD_UNIT), "error"));
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_UNIT, NULL));

  type_into (&fixture, EB_FIELD_DELIVERY_ADDRESS, "Ataturk Bulvari, Hukumet Konagi Kat 2");
  hint = eb_form_page_get_slip_hint (fixture.page, EB_FIELD_DELIVERY_ADDRESS);
  g_assert_nonnull (hint);
  {
    g_autofree char *upper = eb_turkish_upper (hint);

    g_assert_nonnull (strstr (upper, "“HÜKÜMET”"));
    g_assert_nonnull (strstr (upper, "“BULVARI”"));
  }
  scroll_to (&fixture, field_row (&fixture, EB_FIELD_UNIT));
  eb_test_ui_screenshot (fixture.window, "form-ascii-hints.png");

  /* The button puts the letters in; the hint goes. */
  eb_form_page_fix_slips (fixture.page, EB_FIELD_UNIT);
  eb_test_ui_settle ();
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_UNIT), ==, "BULANİK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  g_assert_null (eb_form_page_get_slip_hint (fixture.page, EB_FIELD_UNIT));

  /* Fixing it by hand also makes the hint go, while typing. */
  gtk_widget_grab_focus (field_row (&fixture, EB_FIELD_DELIVERY_ADDRESS));
  gtk_editable_set_text (GTK_EDITABLE (field_row (&fixture, EB_FIELD_DELIVERY_ADDRESS)),
                         "Atatürk Bulvarı, Hükümet Konağı Kat 2");
  eb_test_ui_settle ();
  g_assert_null (eb_form_page_get_slip_hint (fixture.page, EB_FIELD_DELIVERY_ADDRESS));

  fixture_close (&fixture);
}

/* --- Item 12: postal codes with their neighbourhoods --- */

static void
test_postal_code_neighbourhoods (void)
{
  Fixture fixture = { 0 };
  EbApplicationForm *form;
  EbChoiceRow *row;
  const char *shown;
  const char *note;

  fixture_open (&fixture, NO_CARD_TCKN, FALSE);
  form = eb_session_get_form (fixture.session);
  eb_application_form_set_province (form, 49);
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "Bulanık");
  eb_test_ui_settle ();
  row = EB_CHOICE_ROW (field_row (&fixture, EB_FIELD_POSTAL_CODE));

  /* Each code with its neighbourhoods. */
  g_assert_cmpuint (eb_choice_row_get_n_choices (row), ==,
                    g_strv_length ((char **) eb_geo_get_postal_codes (eb_geo_get_default (), 49, "Bulanık")));
  shown = eb_choice_row_get_shown_label (row, "49500");
  g_assert_nonnull (shown);
  g_assert_true (g_str_has_prefix (shown, "49500 — Bahçelievler Mah, Güllüova Mah"));

  /* A long list is cut at a name, not inside one. */
  for (guint i = 0; i < eb_choice_row_get_n_choices (row); i++)
    {
      const char * const *codes = eb_geo_get_postal_codes (eb_geo_get_default (), 49, "Bulanık");
      const char *line = eb_choice_row_get_shown_label (row, codes[i]);

      g_assert_cmpuint (g_utf8_strlen (line, -1), <, 80);
      if (g_str_has_suffix (line, "…"))
        g_assert_true (g_str_has_suffix (line, ", …"));
    }

  /* On screen first: X11 has no monitor for a popover anchored outside it. */
  scroll_to (&fixture, GTK_WIDGET (row));
  eb_choice_row_popup (row);
  eb_test_ui_settle ();
  g_assert_true (eb_choice_row_get_popup_open (row));
  eb_test_ui_screenshot (fixture.window, "form-postal-codes.png");
  /* The popover is a surface of its own; the window's picture lacks it. */
  eb_test_ui_screenshot (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), EB_TYPE_CHOICE_ROW, "popover")),
                         "form-postal-codes-list.png");

  /* A neighbourhood finds its code, even typed without Turkish letters. */
  eb_choice_row_set_search_text (row, "kultur");
  g_assert_cmpuint (eb_choice_row_get_n_matches (row), ==, 1);
  g_assert_null (eb_choice_row_get_no_match_text (row));
  eb_choice_row_set_search_text (row, "49500");
  g_assert_cmpuint (eb_choice_row_get_n_matches (row), ==, 1);

  /* Another district's code: which one it is. */
  eb_choice_row_set_search_text (row, "41400");
  g_assert_cmpuint (eb_choice_row_get_n_matches (row), ==, 0);
  note = eb_choice_row_get_no_match_text (row);
  g_assert_nonnull (note);
  g_assert_true (g_str_has_prefix (note, "41400 Gebze (Kocaeli) ilçesine ait"));
  /* The popover's surface follows its new size a few frames later. */
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (20000);
      eb_test_ui_settle ();
    }
  eb_test_ui_screenshot (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), EB_TYPE_CHOICE_ROW, "popover")),
                         "form-postal-code-other-district.png");
  eb_choice_row_set_search_text (row, "41 400");
  g_assert_true (g_str_has_prefix (eb_choice_row_get_no_match_text (row), "41400 Gebze (Kocaeli)"));

  /* A code no district has, and a name that is nowhere. */
  eb_choice_row_set_search_text (row, "99999");
  g_assert_nonnull (strstr (eb_choice_row_get_no_match_text (row), "99999"));
  g_assert_nonnull (strstr (eb_choice_row_get_no_match_text (row), "hiçbir ilçede yok"));
  eb_choice_row_set_search_text (row, "xyzzy");
  g_assert_cmpstr (eb_choice_row_get_no_match_text (row), ==, _("Nothing matches"));

  /* The chosen code shows as just the code. */
  eb_choice_row_set_search_text (row, "kultur");
  g_assert_true (eb_choice_row_choose_first_match (row));
  eb_test_ui_settle ();
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_POSTAL_CODE), ==, "49500");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EB_TYPE_CHOICE_ROW,
                                                                                "value_label"))), ==, "49500");

  fixture_close (&fixture);
}

/* --- Item 13: the reason follows the card in the reader --- */

static void
test_reason_from_own_card (void)
{
  Fixture fixture = { 0 };
  EbApplicationForm *form;
  GtkWidget *reason;

  fixture_open (&fixture, OWN_NES_TCKN, TRUE);
  form = eb_session_get_form (fixture.session);
  reason = child (&fixture, "reason_row");
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_NEW);

  /* The page reads the card when it is shown. */
  eb_page_shown (EB_PAGE (fixture.page));
  eb_test_ui_spin_until (card_read, NULL);
  eb_test_ui_settle ();
  g_assert_cmpint (eb_signing_card_get_state (signing_card), ==, EB_SIGNING_CARD_STATE_READY);
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_RENEWAL);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (reason)), ==, EB_REASON_RENEWAL);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (reason)),
                                   "Takılı kart sizin e-imza kartınız: neden Yenileme olarak seçildi"));
  eb_test_ui_screenshot (fixture.window, "form-reason-renewal.png");

  /* Only a default: another reason picked stays, card or no card. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (reason), EB_REASON_LOST_STOLEN);
  eb_test_ui_settle ();
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_LOST_STOLEN);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (reason)), ==, "");
  eb_signing_card_refresh (signing_card);
  eb_test_ui_spin_until (card_read, NULL);
  eb_page_shown (EB_PAGE (fixture.page));
  eb_test_ui_settle ();
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_LOST_STOLEN);

  /* Even New, picked by hand, is not turned back into Renewal. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (reason), EB_REASON_NEW);
  eb_signing_card_refresh (signing_card);
  eb_test_ui_spin_until (card_read, NULL);
  eb_test_ui_settle ();
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_NEW);

  fixture_close (&fixture);
}

static void
test_reason_chosen_before_card (void)
{
  Fixture fixture = { 0 };
  EbApplicationForm *form;
  GtkWidget *reason;

  /* Picked before the card is read: the card does not undo it. */
  fixture_open (&fixture, OWN_NES_TCKN, TRUE);
  form = eb_session_get_form (fixture.session);
  reason = child (&fixture, "reason_row");
  adw_combo_row_set_selected (ADW_COMBO_ROW (reason), EB_REASON_OTHER);
  adw_combo_row_set_selected (ADW_COMBO_ROW (reason), EB_REASON_NEW);
  eb_page_shown (EB_PAGE (fixture.page));
  eb_signing_card_refresh (signing_card);
  eb_test_ui_spin_until (card_read, NULL);
  eb_test_ui_settle ();
  g_assert_cmpint (eb_signing_card_get_state (signing_card), ==, EB_SIGNING_CARD_STATE_READY);
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_NEW);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (reason)), ==, "");

  fixture_close (&fixture);
}

static void
test_reason_other_persons_card (void)
{
  Fixture fixture = { 0 };
  EbApplicationForm *form;

  /* The token holds no certificate of this applicant: still New. */
  fixture_open (&fixture, NO_CARD_TCKN, TRUE);
  form = eb_session_get_form (fixture.session);
  eb_page_shown (EB_PAGE (fixture.page));
  eb_signing_card_refresh (signing_card);
  eb_test_ui_spin_until (card_read, NULL);
  eb_test_ui_settle ();
  g_assert_cmpint (eb_signing_card_get_state (signing_card), ==, EB_SIGNING_CARD_STATE_READY);
  g_assert_cmpstr (eb_certificate_info_get_tckn (eb_token_certificate_get_info (eb_signing_card_get_certificate (signing_card))),
                   !=, NO_CARD_TCKN);
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_NEW);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (&fixture, "reason_row"))), ==, "");

  /* Not while the page is not in front (the person has moved on). */
  fixture_close (&fixture);
  fixture_open (&fixture, OWN_NES_TCKN, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (fixture.page), FALSE);
  eb_signing_card_set_applicant_tckn (signing_card, OWN_NES_TCKN);
  eb_signing_card_refresh (signing_card);
  eb_test_ui_spin_until (card_read, NULL);
  eb_test_ui_settle ();
  g_assert_cmpint (eb_signing_card_get_state (signing_card), ==, EB_SIGNING_CARD_STATE_READY);
  g_assert_cmpint (eb_application_form_get_reason (eb_session_get_form (fixture.session)), ==, EB_REASON_NEW);

  /* Without card support at all, the same. */
  fixture_close (&fixture);
  fixture_open (&fixture, OWN_NES_TCKN, FALSE);
  eb_page_shown (EB_PAGE (fixture.page));
  eb_test_ui_settle ();
  g_assert_cmpint (eb_application_form_get_reason (eb_session_get_form (fixture.session)), ==, EB_REASON_NEW);
  fixture_close (&fixture);
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

  tmp_dir = g_dir_make_tmp ("eb-ui-form-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/eimzabasvuru/EimzaBasvuru/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  pki = eb_test_pki_new (TRUE, &error);
  g_assert_no_error (error);
  eb_test_pki_setup_shim (pki);
  eb_test_pki_write_shim_conf (pki, NULL);
  tokens = eb_token_manager_new ();
  signing_card = eb_signing_card_new (NULL, tokens, EB_TEST_SHIM_PATH);

  g_test_add_func ("/ui/form-page/security-word-rules", test_security_word_rules);
  g_test_add_func ("/ui/form-page/job-title-suggestions", test_job_title_suggestions);
  g_test_add_func ("/ui/form-page/ascii-slip-hints", test_ascii_slip_hints);
  g_test_add_func ("/ui/form-page/postal-code-neighbourhoods", test_postal_code_neighbourhoods);
  g_test_add_func ("/ui/form-page/reason-from-own-card", test_reason_from_own_card);
  g_test_add_func ("/ui/form-page/reason-chosen-before-card", test_reason_chosen_before_card);
  g_test_add_func ("/ui/form-page/reason-other-persons-card", test_reason_other_persons_card);

  status = g_test_run ();
  g_clear_object (&signing_card);
  eb_token_manager_unload (tokens);
  g_clear_object (&tokens);
  g_clear_pointer (&pki, eb_test_pki_free);
  g_assert_true (eb_remove_tree (tmp_dir, NULL));
  g_free (tmp_dir);

  return status;
}
