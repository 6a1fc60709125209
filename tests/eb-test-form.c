/* eb-test-form.c — a filled sample of the application form, as the portal issues it
 *
 * The e-sign (Yöntem 2) form of a renewing applicant, with Turkish letters in
 * every group and a fixed issue time, so signer, verifier and benchmark tests
 * all sign the same kind of document the portal would issue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-application-form.h"
#include "eb-form-document.h"
#include "eb-test-form.h"

/**
 * eb_test_form_render_sample:
 * @tckn: the applicant's T.C. Kimlik No
 *
 * Returns: (transfer full): the form PDF; fails the test if it cannot be made
 */
GBytes *
eb_test_form_render_sample (const char *tckn)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GDateTime) issued_at = g_date_time_new_utc (2026, 11, 24, 7, 17, 5);
  g_autoptr(GError) error = NULL;
  GBytes *pdf;

  eb_application_form_set_text (form, EB_FIELD_REASON, "renewal");
  eb_application_form_set_text (form, EB_FIELD_TCKN, tckn);
  eb_application_form_set_text (form, EB_FIELD_FIRST_NAME, "AYŞE");
  eb_application_form_set_text (form, EB_FIELD_LAST_NAME, "YILMAZ");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_PLACE, "İSKİLİP");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_DATE, "1980-11-24");
  eb_application_form_set_text (form, EB_FIELD_INSTITUTION_NAME, "IĞDIR İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  eb_application_form_set_text (form, EB_FIELD_REGISTRY_NO, "123456");
  eb_application_form_set_text (form, EB_FIELD_UNIT, "ARALIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  eb_application_form_set_text (form, EB_FIELD_JOB_TITLE, "OKUL MÜDÜRÜ");
  eb_application_form_set_text (form, EB_FIELD_DELIVERY_ADDRESS, "ŞEHİT ÖĞRETMEN CAD. NO:5");
  eb_application_form_set_text (form, EB_FIELD_PROVINCE, "76");
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "Aralık");
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "76500");
  eb_application_form_set_text (form, EB_FIELD_EMAIL, "ayse.yilmaz@meb.gov.tr");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_PHONE, "5321234567");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_OPERATOR, "turk-telekom");
  eb_application_form_set_text (form, EB_FIELD_INFO_CHANNEL, "sms");

  pdf = eb_form_document_render (form, "2026-000123", EB_FORM_DOCUMENT_METHOD_ESIGN, issued_at, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  return pdf;
}

/**
 * eb_test_form_fill_renewal:
 *
 * What a renewing principal types on the form page after logging in (the
 * personal block comes from the login): the sample the portal tests walk.
 */
void
eb_test_form_fill_renewal (EbApplicationForm *form)
{
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD, "Kırmızı-Elma-7");
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD_REPEAT, "Kırmızı-Elma-7");
  eb_application_form_set_text (form, EB_FIELD_REGISTRY_NO, "123456");
  eb_application_form_set_text (form, EB_FIELD_UNIT, "Bulanık İlçe Milli Eğitim Müdürlüğü");
  eb_application_form_set_text (form, EB_FIELD_JOB_TITLE, "Okul Müdürü");
  eb_application_form_set_text (form, EB_FIELD_DELIVERY_ADDRESS, "Hükümet Konağı");
  eb_application_form_set_province (form, 49);
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "Bulanık");
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49500");
  eb_application_form_set_text (form, EB_FIELD_EMAIL, "ali@meb.gov.tr");
  eb_application_form_set_text (form, EB_FIELD_WORK_PHONE, "4363112025");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_PHONE, "5321234567");
  eb_application_form_set_mobile_operator (form, EB_OPERATOR_VODAFONE);
  eb_application_form_set_reason (form, EB_REASON_RENEWAL);
}

void
eb_test_form_catch_sms_code (gpointer     portal,
                             const char  *number,
                             const char  *text,
                             char       **code)
{
  g_autoptr(GRegex) six_digits = g_regex_new ("[0-9]{6}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (six_digits, text, 0, &match));
  g_free (*code);
  *code = g_match_info_fetch (match, 0);
}
