/* test-application-form.c — the form model: fields, properties, validation,
 * normalisation, the province → district → postal code chain, drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "eb-application-form.h"
#include "eb-validation.h"

static void
on_changed (EbApplicationForm *form,
            EbFormField        field,
            GArray            *seen)
{
  g_array_append_val (seen, field);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
fill_valid (EbApplicationForm *form)
{
  eb_application_form_set_text (form, EB_FIELD_TCKN, "10000000146");
  eb_application_form_set_text (form, EB_FIELD_FIRST_NAME, "Mehmet Ali");
  eb_application_form_set_text (form, EB_FIELD_LAST_NAME, "Yıldız");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_PLACE, "Bulanık");
  eb_application_form_set_text (form, EB_FIELD_BIRTH_DATE, "24.11.1980");
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD, "Kırmızı-Elma-7");
  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD_REPEAT, "Kırmızı-Elma-7");
  eb_application_form_set_text (form, EB_FIELD_REGISTRY_NO, "123456");
  eb_application_form_set_text (form, EB_FIELD_UNIT, "Bulanık İlçe Milli Eğitim Müdürlüğü");
  eb_application_form_set_text (form, EB_FIELD_JOB_TITLE, "Okul Müdürü");
  eb_application_form_set_text (form, EB_FIELD_DELIVERY_ADDRESS, "İlçe Milli Eğitim Müdürlüğü");
  eb_application_form_set_province (form, 49);
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "Bulanık");
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49500");
  eb_application_form_set_text (form, EB_FIELD_EMAIL, "mehmet@meb.gov.tr");
  eb_application_form_set_text (form, EB_FIELD_WORK_PHONE, "4363112025");
  eb_application_form_set_text (form, EB_FIELD_MOBILE_PHONE, "05321234567");
  eb_application_form_set_mobile_operator (form, EB_OPERATOR_VODAFONE);
}

static void
test_defaults (void)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GError) error = NULL;
  guint validity = 0;
  EbCardReaderType reader = 99;

  g_object_get (form, "validity-years", &validity, "card-reader-type", &reader, NULL);
  g_assert_cmpuint (validity, ==, EB_CERTIFICATE_VALIDITY_YEARS);
  g_assert_cmpint (reader, ==, EB_CARD_READER_MINI);
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_NEW);
  g_assert_cmpint (eb_application_form_get_info_channel (form), ==, EB_INFO_CHANNEL_BOTH);
  g_assert_cmpint (eb_application_form_get_mobile_operator (form), ==, EB_OPERATOR_NONE);
  g_assert_cmpuint (eb_application_form_get_province (form), ==, 0);

  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_CARD_READER_TYPE, NULL));
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_VALIDITY_YEARS, NULL));
  g_assert_false (eb_application_form_validate_field (form, EB_FIELD_MOBILE_OPERATOR, &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_CHOICE_MISSING);
  /* Optional fields are valid when empty. */
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_HOME_PHONE, NULL));
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_WORK_PHONE_EXTENSION, NULL));
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_INSTITUTION_NAME, NULL));
}

static void
test_every_field_has_a_property (void)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();

  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      const char *name = eb_application_form_get_field_name (i);

      g_assert_nonnull (name);
      g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (form), name));
    }

  g_object_set (form, "reason", EB_REASON_RENEWAL, "province", 49u, "first-name", "Ayşe", NULL);
  g_assert_cmpint (eb_application_form_get_reason (form), ==, EB_REASON_RENEWAL);
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_REASON), ==, "renewal");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_PROVINCE), ==, "49");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_FIRST_NAME), ==, "Ayşe");
}

static void
test_changed_signal (void)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (EbFormField));
  guint notifies = 0;

  g_signal_connect (form, "changed", G_CALLBACK (on_changed), seen);
  g_signal_connect (form, "notify::email", G_CALLBACK (count_notify), &notifies);

  eb_application_form_set_text (form, EB_FIELD_EMAIL, "a@b.co");
  eb_application_form_set_text (form, EB_FIELD_EMAIL, "a@b.co");  /* same: no signal */
  eb_application_form_set_info_channel (form, EB_INFO_CHANNEL_SMS);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpint (g_array_index (seen, EbFormField, 0), ==, EB_FIELD_EMAIL);
  g_assert_cmpint (g_array_index (seen, EbFormField, 1), ==, EB_FIELD_INFO_CHANNEL);
  g_assert_cmpuint (notifies, ==, 1);

}

/* Unknown enum nicks and non-numbers are programming errors: refused with a
 * warning, and nothing changes. (g_test_expect_message() does not see
 * structured log messages in GLib 2.74, hence the subprocess.) */
static void
test_bad_values (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(EbApplicationForm) form = eb_application_form_new ();
      g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (EbFormField));

      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      g_signal_connect (form, "changed", G_CALLBACK (on_changed), seen);
      eb_application_form_set_text (form, EB_FIELD_REASON, "bogus");
      eb_application_form_set_text (form, EB_FIELD_PROVINCE, "Muş");
      g_assert_cmpuint (seen->len, ==, 0);
      g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_REASON), ==, "new");
      g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_PROVINCE), ==, "0");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Unknown value “bogus” for form field reason*");
  g_test_trap_assert_stderr ("*Form field province takes a number, not “Muş”*");
}

static void
test_place_chain (void)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(GError) error = NULL;

  eb_application_form_set_province (form, 49);
  eb_application_form_set_text (form, EB_FIELD_DISTRICT, "bulanık");
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49500");
  g_assert_true (eb_application_form_normalize_field (form, EB_FIELD_DISTRICT, NULL));
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_DISTRICT), ==, "Bulanık");
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_POSTAL_CODE, NULL));

  /* A district of another province is invalid… */
  eb_application_form_set_province (form, 49);
  g_assert_true (eb_application_form_validate_field (form, EB_FIELD_DISTRICT, NULL));

  /* …and changing the province clears both district and postal code. */
  eb_application_form_set_province (form, 34);
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_DISTRICT), ==, "");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_POSTAL_CODE), ==, "");
  g_assert_false (eb_application_form_validate_field (form, EB_FIELD_DISTRICT, &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  /* A postal code typed before the district is checked against the province. */
  eb_application_form_set_text (form, EB_FIELD_POSTAL_CODE, "49500");
  g_assert_false (eb_application_form_validate_field (form, EB_FIELD_POSTAL_CODE, &error));
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_POSTAL_PROVINCE);
}

static void
test_whole_form (void)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  EbFormField all[EB_N_FIELDS];
  EbFormField first_invalid = EB_N_FIELDS;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < EB_N_FIELDS; i++)
    all[i] = i;

  g_assert_false (eb_application_form_validate_fields (form, all, EB_N_FIELDS, &first_invalid, &error));
  g_assert_cmpint (first_invalid, ==, EB_FIELD_TCKN);
  g_clear_error (&error);

  fill_valid (form);
  g_assert_true (eb_application_form_validate_fields (form, all, EB_N_FIELDS, &first_invalid, &error));
  g_assert_no_error (error);

  /* Normalising every field gives the canonical forms. */
  for (guint i = 0; i < EB_N_FIELDS; i++)
    g_assert_true (eb_application_form_normalize_field (form, i, NULL));
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_FIRST_NAME), ==, "MEHMET ALİ");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_LAST_NAME), ==, "YILDIZ");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_UNIT), ==, "BULANIK İLÇE MİLLİ EĞİTİM MÜDÜRLÜĞÜ");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_BIRTH_DATE), ==, "1980-11-24");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_MOBILE_PHONE), ==, "5321234567");
  /* The security word is never rewritten. */
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_SECURITY_WORD), ==, "Kırmızı-Elma-7");

  eb_application_form_set_text (form, EB_FIELD_SECURITY_WORD_REPEAT, "kırmızı-elma-7");
  g_assert_false (eb_application_form_validate_fields (form, all, EB_N_FIELDS, &first_invalid, &error));
  g_assert_cmpint (first_invalid, ==, EB_FIELD_SECURITY_WORD_REPEAT);
  g_assert_error (error, EB_VALIDATION_ERROR, EB_VALIDATION_ERROR_SECURITY_WORD_MISMATCH);
}

static void
test_serialize (void)
{
  g_autoptr(EbApplicationForm) form = eb_application_form_new ();
  g_autoptr(EbApplicationForm) copy = eb_application_form_new ();
  g_autoptr(GVariant) fields = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *key = NULL;

  key = eb_application_form_dup_person_key (form);
  g_assert_cmpstr (key, ==, "");
  g_clear_pointer (&key, g_free);

  fill_valid (form);
  eb_application_form_set_reason (form, EB_REASON_LOST_STOLEN);
  fields = g_variant_ref_sink (eb_application_form_serialize (form));
  printed = g_variant_print (fields, FALSE);

  /* Nothing of the security word, under any name. */
  g_assert_null (strstr (printed, "Kırmızı"));
  g_assert_null (strstr (printed, "security"));

  eb_application_form_deserialize (copy, fields);
  for (guint i = 0; i < EB_N_FIELDS; i++)
    {
      if (eb_application_form_field_is_secret (i))
        g_assert_cmpstr (eb_application_form_get_text (copy, i), ==, "");
      else
        g_assert_cmpstr (eb_application_form_get_text (copy, i), ==, eb_application_form_get_text (form, i));
    }

  key = eb_application_form_dup_person_key (copy);
  g_assert_cmpstr (key, ==, "10000000146");

  /* Keys from a newer version are ignored. */
  {
    g_autoptr(GVariant) future = g_variant_ref_sink (g_variant_new_parsed ("{'tckn': '12345678950', 'hologram': 'yes'}"));

    eb_application_form_deserialize (copy, future);
    g_assert_cmpstr (eb_application_form_get_text (copy, EB_FIELD_TCKN), ==, "12345678950");
  }

  eb_application_form_clear_secrets (form);
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_SECURITY_WORD), ==, "");
  g_assert_cmpstr (eb_application_form_get_text (form, EB_FIELD_SECURITY_WORD_REPEAT), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/application-form/defaults", test_defaults);
  g_test_add_func ("/application-form/properties", test_every_field_has_a_property);
  g_test_add_func ("/application-form/changed-signal", test_changed_signal);
  g_test_add_func ("/application-form/bad-values", test_bad_values);
  g_test_add_func ("/application-form/place-chain", test_place_chain);
  g_test_add_func ("/application-form/whole-form", test_whole_form);
  g_test_add_func ("/application-form/serialize", test_serialize);

  return g_test_run ();
}
