/* eb-form-page.c — the Kamu SM application form
 *
 * Laid out in the seed's groups (application, personal, institution, contact).
 * Province, district and postal code are chained: each list is the children
 * of the choice above it, so an impossible combination cannot be picked.
 *
 * When the card in the reader is the applicant's own NES, they are renewing:
 * the reason starts as Renewal, with a line saying why. Only a default: a
 * reason the person picked, or one from a restored draft, is left alone.
 *
 * The job title offers the usual titles and takes any other; the unit and
 * the address get a gentle hint (never an error) for words typed without
 * their Turkish letters, with a button that puts them in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-choice-row.h"
#include "eb-form-page.h"
#include "eb-form-hints.h"
#include "eb-form-text.h"
#include "eb-geo.h"
#include "eb-portal-text.h"
#include "eb-turkish-text.h"
#include "eb-validation.h"

typedef struct
{
  EbFormPage *self;               /* unowned: owns this */
  EbFormField field;
  GtkWidget *row;                 /* the field's entry row */
  GtkWidget *hint_row;            /* unowned: in the row's list */
  GtkWidget *label;
} SlipHint;

struct _EbFormPage
{
  EbPage parent_instance;

  GtkWidget *card_reader_row;
  GtkWidget *validity_label;
  GtkWidget *reason_row;
  GtkWidget *tckn_info_row;
  GtkWidget *name_info_row;
  GtkWidget *birth_info_row;
  GtkWidget *security_word_row;
  GtkWidget *security_word_repeat_row;
  GtkWidget *institution_row;
  GtkWidget *registry_no_row;
  GtkWidget *unit_row;
  GtkWidget *job_title_row;
  GtkWidget *address_row;
  GtkWidget *province_row;
  GtkWidget *district_row;
  GtkWidget *postal_code_row;
  GtkWidget *email_row;
  GtkWidget *work_phone_row;
  GtkWidget *extension_row;
  GtkWidget *mobile_phone_row;
  GtkWidget *operator_row;
  GtkWidget *home_phone_row;
  GtkWidget *channel_email;
  GtkWidget *channel_sms;
  GtkWidget *channel_both;

  GtkWidget *security_word_group;
  GtkWidget *job_title_button;
  GtkWidget *job_title_popover;
  GtkWidget *job_title_list;
  GtkSingleSelection *job_titles;
  SlipHint *unit_hint;
  SlipHint *address_hint;

  EbFieldBinding *fields;
  gboolean syncing;
  gboolean details_refused;   /* the error bar says some details are wrong */
  gboolean reason_chosen;     /* the person picked a reason on this page */
  gboolean reason_defaulted;  /* Renewal because of the card in the reader */
};

G_DEFINE_FINAL_TYPE (EbFormPage, eb_form_page, EB_TYPE_PAGE)

static const EbFormField form_fields[] = {
  EB_FIELD_CARD_READER_TYPE,
  EB_FIELD_VALIDITY_YEARS,
  EB_FIELD_REASON,
  EB_FIELD_SECURITY_WORD,
  EB_FIELD_SECURITY_WORD_REPEAT,
  EB_FIELD_INSTITUTION_NAME,
  EB_FIELD_REGISTRY_NO,
  EB_FIELD_UNIT,
  EB_FIELD_JOB_TITLE,
  EB_FIELD_DELIVERY_ADDRESS,
  EB_FIELD_PROVINCE,
  EB_FIELD_DISTRICT,
  EB_FIELD_POSTAL_CODE,
  EB_FIELD_EMAIL,
  EB_FIELD_WORK_PHONE,
  EB_FIELD_WORK_PHONE_EXTENSION,
  EB_FIELD_MOBILE_PHONE,
  EB_FIELD_MOBILE_OPERATOR,
  EB_FIELD_HOME_PHONE,
  EB_FIELD_INFO_CHANNEL,
};

/**
 * eb_form_page_dup_security_word_rules:
 *
 * Returns: (transfer full): every rule eb_validate_security_word() checks,
 *   in the person's words, for showing before the first mistake
 */
char *
eb_form_page_dup_security_word_rules (void)
{
  /* TRANSLATORS: %d and %d: the shortest and longest security word */
  return g_strdup_printf (_("%d to %d characters, not a run such as 123456 or aaaaaa, and no "
                            "space at the start or end. Capital and small letters count as "
                            "different."),
                          EB_SECURITY_WORD_MIN_LENGTH, EB_SECURITY_WORD_MAX_LENGTH);
}

static void
load_provinces (EbFormPage *self)
{
  EbGeo *geo = eb_geo_get_default ();
  const guint *plates;
  guint n;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  plates = eb_geo_get_plates (geo, &n);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (keys, g_strdup_printf ("%u", plates[i]));
      g_ptr_array_add (labels, (gpointer) eb_geo_get_province_name (geo, plates[i]));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (labels, NULL);

  eb_choice_row_set_choices (EB_CHOICE_ROW (self->province_row),
                             (const char * const *) keys->pdata,
                             (const char * const *) labels->pdata);
}

static void
load_districts (EbFormPage *self)
{
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));

  eb_choice_row_set_choices (EB_CHOICE_ROW (self->district_row),
                             eb_geo_get_districts (eb_geo_get_default (),
                                                   eb_application_form_get_province (form)),
                             NULL);
}

/* Each code with its neighbourhoods, so the person picks the one their
 * school's neighbourhood is in rather than guessing. */
static void
load_postal_codes (EbFormPage *self)
{
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  EbGeo *geo = eb_geo_get_default ();
  const char * const *codes;
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  codes = eb_geo_get_postal_codes (geo, eb_application_form_get_province (form),
                                   eb_application_form_get_text (form, EB_FIELD_DISTRICT));
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      const char * const *names = eb_geo_get_neighbourhoods (geo, codes[i]);

      g_ptr_array_add (details, names != NULL ? g_strjoinv (", ", (char **) names) : g_strdup (""));
    }
  g_ptr_array_add (details, NULL);

  eb_choice_row_set_choices_with_details (EB_CHOICE_ROW (self->postal_code_row), codes, NULL,
                                          codes != NULL ? (const char * const *) details->pdata : NULL);
}

/* A code searched in the wrong district's list: say whose it is, rather
 * than just "nothing matches". */
static char *
postal_code_no_match (EbChoiceRow *row,
                      const char  *query,
                      gpointer     user_data)
{
  EbFormPage *self = user_data;
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  EbGeo *geo = eb_geo_get_default ();
  g_autoptr(GString) code = g_string_new (NULL);
  const char *district = NULL;
  guint plate = 0;

  /* "41 400" and "41-400" are the same code. */
  for (const char *p = query; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (code, *p);
      else if (*p != ' ' && *p != '-')
        return NULL;
    }
  if (code->len != 5)
    return NULL;

  if (!eb_geo_find_postal_code (geo, code->str, &plate, &district))
    /* TRANSLATORS: %s is a five-digit postal code */
    return g_strdup_printf (_("No district has the postal code %s."), code->str);

  if (plate == eb_application_form_get_province (form) &&
      eb_turkish_equal_ci (district, eb_application_form_get_text (form, EB_FIELD_DISTRICT)))
    return NULL;

  /* TRANSLATORS: %s: postal code, %s: district, %s: province; "41400 belongs to Gebze (Kocaeli)." */
  /* Two short lines: a wrapped note is measured short in a popover (GTK 4.8). */
  return g_strdup_printf (_("%s belongs to %s (%s).\nChange the province and district first."),
                          code->str, district, eb_geo_get_province_name (geo, plate));
}

static void
load_operators (EbFormPage *self)
{
  const char *keys[] = { "turkcell", "vodafone", "turk-telekom", NULL };
  const char *labels[] = {
    eb_form_text_operator (EB_OPERATOR_TURKCELL),
    eb_form_text_operator (EB_OPERATOR_VODAFONE),
    eb_form_text_operator (EB_OPERATOR_TURK_TELEKOM),
    NULL,
  };

  eb_choice_row_set_choices (EB_CHOICE_ROW (self->operator_row), keys, labels);
}

static void
update_personal_rows (EbFormPage *self)
{
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;
  g_autofree char *birth = NULL;
  const char *institution;

  name = g_strdup_printf ("%s %s", eb_application_form_get_text (form, EB_FIELD_FIRST_NAME),
                          eb_application_form_get_text (form, EB_FIELD_LAST_NAME));
  date = eb_format_date_dotted (eb_application_form_get_text (form, EB_FIELD_BIRTH_DATE));
  birth = g_strdup_printf ("%s, %s", eb_application_form_get_text (form, EB_FIELD_BIRTH_PLACE), date);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tckn_info_row),
                               eb_application_form_get_text (form, EB_FIELD_TCKN));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->name_info_row), g_strstrip (name));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->birth_info_row), birth);

  institution = eb_application_form_get_text (form, EB_FIELD_INSTITUTION_NAME);
  if (*institution != '\0')
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", institution,
                                               _("If the institution name is wrong, contact your institution."));

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->institution_row), text);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->institution_row),
                                   _("Filled in from your MEBBİS record once the portal has checked "
                                     "your identity. If it is wrong, contact your institution."));
    }
}

static void
sync_choices_from_form (EbFormPage *self)
{
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  GtkWidget *channel = NULL;

  self->syncing = TRUE;

  adw_combo_row_set_selected (ADW_COMBO_ROW (self->reason_row),
                              (guint) eb_application_form_get_reason (form));

  switch (eb_application_form_get_info_channel (form))
    {
    case EB_INFO_CHANNEL_EMAIL:
      channel = self->channel_email;
      break;
    case EB_INFO_CHANNEL_SMS:
      channel = self->channel_sms;
      break;
    case EB_INFO_CHANNEL_BOTH:
    default:
      channel = self->channel_both;
      break;
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (channel), TRUE);

  self->syncing = FALSE;
}

/* Is the card in the reader the applicant's own qualified certificate? */
static gboolean
card_is_applicants_nes (EbFormPage *self)
{
  EbSigningCard *card = eb_page_get_signing_card (EB_PAGE (self));
  g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (EB_PAGE (self)));
  EbCertificateInfo *info;

  if (card == NULL || *tckn == '\0' || eb_signing_card_get_state (card) != EB_SIGNING_CARD_STATE_READY)
    return FALSE;

  info = eb_token_certificate_get_info (eb_signing_card_get_certificate (card));
  return info != NULL && eb_certificate_info_is_nes (info) &&
         g_strcmp0 (eb_certificate_info_get_tckn (info), tckn) == 0;
}

static void
update_reason_default (EbFormPage *self)
{
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));

  /* Only on the page in front of the person: a card read later, on another
   * page, must not change a form they have confirmed. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      !self->reason_chosen && !self->reason_defaulted &&
      !eb_session_get_draft_restored (eb_page_get_session (EB_PAGE (self))) &&
      eb_application_form_get_reason (form) == EB_REASON_NEW &&
      card_is_applicants_nes (self))
    {
      self->reason_defaulted = TRUE;
      eb_application_form_set_reason (form, EB_REASON_RENEWAL);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->reason_row),
                               self->reason_defaulted && eb_application_form_get_reason (form) == EB_REASON_RENEWAL
                               ? _("The card in the reader is your e-signature card, so the reason "
                                   "was set to Renewal. Change it if you are applying for another reason.")
                               : "");
}

/* --- The usual job titles --- */

static void
on_job_title_popover_show (EbFormPage *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->job_title_row));
  const char * const *titles = eb_form_hints_job_titles ();
  guint selected = 0;

  /* The title already there is the one highlighted. */
  for (guint i = 0; titles[i] != NULL; i++)
    if (eb_turkish_equal_ci (titles[i], typed))
      selected = i;
  gtk_single_selection_set_selected (self->job_titles, selected);
  gtk_widget_grab_focus (self->job_title_list);
}

static void
on_job_title_activate (EbFormPage *self,
                       guint       position)
{
  const char *title = eb_form_hints_job_titles ()[position];

  gtk_popover_popdown (GTK_POPOVER (self->job_title_popover));
  gtk_editable_set_text (GTK_EDITABLE (self->job_title_row), title);
  /* Checked and written as the form keeps it, as leaving the row would. */
  eb_field_binding_check (self->fields, EB_FIELD_JOB_TITLE);
  gtk_widget_grab_focus (self->job_title_row);
}

/* --- Words typed without their Turkish letters --- */

static void
update_slip_hint (SlipHint *hint,
                  gboolean  show)
{
  const char *text = eb_application_form_get_text (eb_page_get_form (EB_PAGE (hint->self)), hint->field);
  g_autoptr(GPtrArray) slips = eb_find_ascii_slips (text);
  g_autoptr(GString) list = NULL;
  g_autofree char *message = NULL;

  /* Shown when the row is left, as errors are; once shown, it follows the
   * text until the words are fixed. */
  if (!show && !gtk_widget_get_visible (hint->hint_row))
    return;

  if (slips->len == 0)
    {
      gtk_widget_set_visible (hint->hint_row, FALSE);
      return;
    }

  list = g_string_new (NULL);
  for (guint i = 0; i < slips->len && i < 4; i++)
    {
      EbAsciiSlip *slip = g_ptr_array_index (slips, i);

      if (list->len > 0)
        g_string_append (list, ", ");
      /* TRANSLATORS: a word as typed, and as it is written in Turkish */
      g_string_append_printf (list, _("“%s” → “%s”"), slip->typed, slip->suggestion);
    }
  if (slips->len > 4)
    g_string_append (list, ", …");

  /* TRANSLATORS: %s is a list of words and their Turkish spelling */
  message = g_strdup_printf (_("Typed without Turkish letters? Kamu SM uses this text as "
                               "written: %s"), list->str);
  gtk_label_set_text (GTK_LABEL (hint->label), message);
  gtk_widget_set_visible (hint->hint_row, TRUE);
}

static void
on_slip_fix_clicked (SlipHint *hint)
{
  const char *text = eb_application_form_get_text (eb_page_get_form (EB_PAGE (hint->self)), hint->field);
  g_autofree char *fixed = eb_fix_ascii_slips (text);

  gtk_editable_set_text (GTK_EDITABLE (hint->row), fixed);
  eb_field_binding_check (hint->self->fields, hint->field);
  update_slip_hint (hint, FALSE);
  gtk_widget_grab_focus (hint->row);
}

static void
on_slip_row_left (GtkEventControllerFocus *controller,
                  SlipHint                *hint)
{
  update_slip_hint (hint, TRUE);
}

/* A row right under the field (and under its error row), like the error:
 * read as part of the field, and reached next by a screen reader. */
static SlipHint *
add_slip_hint (EbFormPage  *self,
               EbFormField  field,
               GtkWidget   *row)
{
  SlipHint *hint = g_new0 (SlipHint, 1);
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add Turkish Letters"));
  GtkEventController *focus = gtk_event_controller_focus_new ();

  hint->self = self;
  hint->field = field;
  hint->row = row;
  hint->label = gtk_label_new (NULL);
  hint->hint_row = gtk_list_box_row_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (hint->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint->label), 0);
  gtk_widget_set_hexpand (hint->label, TRUE);
  gtk_widget_add_css_class (hint->label, "caption");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_slip_fix_clicked), hint);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), hint->label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (hint->hint_row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (hint->hint_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (hint->hint_row), FALSE);
  gtk_widget_set_focusable (hint->hint_row, FALSE);
  gtk_widget_set_visible (hint->hint_row, FALSE);
  gtk_widget_add_css_class (hint->hint_row, "field-hint-row");
  /* After the field's own error row, which the binding put right under it. */
  gtk_list_box_insert (GTK_LIST_BOX (list), hint->hint_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 2);

  g_signal_connect (focus, "leave", G_CALLBACK (on_slip_row_left), hint);
  gtk_widget_add_controller (row, focus);

  return hint;
}

/**
 * eb_form_page_get_slip_hint:
 * @field: %EB_FIELD_UNIT or %EB_FIELD_DELIVERY_ADDRESS
 *
 * Returns: (nullable): the hint shown under the field about words typed
 *   without their Turkish letters, or %NULL when none is shown
 */
const char *
eb_form_page_get_slip_hint (EbFormPage  *self,
                            EbFormField  field)
{
  SlipHint *hint;

  g_return_val_if_fail (EB_IS_FORM_PAGE (self), NULL);

  hint = field == EB_FIELD_UNIT ? self->unit_hint
       : field == EB_FIELD_DELIVERY_ADDRESS ? self->address_hint : NULL;
  if (hint == NULL || !gtk_widget_get_visible (hint->hint_row))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (hint->label));
}

/**
 * eb_form_page_fix_slips:
 *
 * Presses the hint's button under @field, as the user would.
 */
void
eb_form_page_fix_slips (EbFormPage  *self,
                        EbFormField  field)
{
  g_return_if_fail (EB_IS_FORM_PAGE (self));
  g_return_if_fail (field == EB_FIELD_UNIT || field == EB_FIELD_DELIVERY_ADDRESS);

  on_slip_fix_clicked (field == EB_FIELD_UNIT ? self->unit_hint : self->address_hint);
}

static void
on_form_changed (EbApplicationForm *form,
                 EbFormField        field,
                 EbFormPage        *self)
{
  switch (field)
    {
    case EB_FIELD_PROVINCE:
      load_districts (self);
      load_postal_codes (self);
      break;
    case EB_FIELD_DISTRICT:
      load_postal_codes (self);
      break;
    case EB_FIELD_UNIT:
      if (self->unit_hint != NULL)
        update_slip_hint (self->unit_hint, FALSE);
      break;
    case EB_FIELD_DELIVERY_ADDRESS:
      if (self->address_hint != NULL)
        update_slip_hint (self->address_hint, FALSE);
      break;
    case EB_FIELD_REASON:
    case EB_FIELD_INFO_CHANNEL:
      sync_choices_from_form (self);
      break;
    case EB_FIELD_TCKN:
      update_reason_default (self);
      update_personal_rows (self);
      break;
    case EB_FIELD_FIRST_NAME:
    case EB_FIELD_LAST_NAME:
    case EB_FIELD_BIRTH_PLACE:
    case EB_FIELD_BIRTH_DATE:
    case EB_FIELD_INSTITUTION_NAME:
      update_personal_rows (self);
      break;
    default:
      break;
    }
}

static void
on_reason_selected (EbFormPage *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->reason_row));

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;

  /* The person's own choice from now on, whatever the card says. */
  self->reason_chosen = TRUE;
  self->reason_defaulted = FALSE;
  eb_application_form_set_reason (eb_page_get_form (EB_PAGE (self)), (EbApplicationReason) selected);
  update_reason_default (self);
}

static void
on_channel_toggled (EbFormPage     *self,
                    GtkCheckButton *button)
{
  EbInfoChannel channel;

  if (self->syncing || !gtk_check_button_get_active (button))
    return;

  if (GTK_WIDGET (button) == self->channel_email)
    channel = EB_INFO_CHANNEL_EMAIL;
  else if (GTK_WIDGET (button) == self->channel_sms)
    channel = EB_INFO_CHANNEL_SMS;
  else
    channel = EB_INFO_CHANNEL_BOTH;

  eb_application_form_set_info_channel (eb_page_get_form (EB_PAGE (self)), channel);
}

static void
eb_form_page_shown (EbPage *page)
{
  EbFormPage *self = EB_FORM_PAGE (page);
  EbSigningCard *card = eb_page_get_signing_card (page);

  update_personal_rows (self);
  /* Read the card now, so the reason can follow it (renewing or not). */
  if (card != NULL)
    {
      g_autofree char *tckn = eb_application_form_dup_person_key (eb_page_get_form (page));

      eb_signing_card_set_applicant_tckn (card, tckn);
      if (eb_signing_card_get_state (card) == EB_SIGNING_CARD_STATE_IDLE)
        eb_signing_card_refresh (card);
    }
  update_reason_default (self);
  gtk_widget_grab_focus (self->reason_row);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EbFormPage *self = g_task_get_source_object (task);
  EbApplicationForm *form = eb_page_get_form (EB_PAGE (self));
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = eb_portal_client_save_form_finish (EB_PORTAL_CLIENT (source), result, &error);
  if (saved == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (g_error_matches (error, EB_PORTAL_ERROR, EB_PORTAL_ERROR_INVALID_FIELDS))
        eb_field_binding_show_errors (self->fields, eb_portal_error_get_fields (error));
      g_task_return_error (task, eb_portal_text_translate (error));
      return;
    }

  /* The portal has the security word (hashed); no copy stays in memory. */
  eb_application_form_clear_secrets (form);
  eb_application_form_deserialize (form, saved);
  g_task_return_boolean (task, TRUE);
}

/* "Form Onayla": the portal validates the form again and keeps it. */
static void
eb_form_page_apply_async (EbPage              *page,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  EbSession *session = eb_page_get_session (page);
  GTask *task = g_task_new (page, cancellable, callback, user_data);

  g_task_set_source_tag (task, eb_form_page_apply_async);

  /* What is missing or wrong shows under its row (the first gets the
   * focus), and nothing goes to the portal. */
  if (!eb_field_binding_check_all (EB_FORM_PAGE (page)->fields) ||
      !eb_application_form_validate_fields (eb_page_get_form (page), form_fields,
                                            G_N_ELEMENTS (form_fields), NULL, NULL))
    {
      EB_FORM_PAGE (page)->details_refused = TRUE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("Some details are missing or not valid. Correct them where "
                                 "marked, then confirm the form."));
      g_object_unref (task);
      return;
    }

  eb_portal_client_save_form_async (eb_session_get_client (session), eb_session_get_form (session),
                                    cancellable, save_cb, task);
}

static gboolean
eb_form_page_apply_finish (EbPage        *page,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Form Onayla can always be pressed: it judges every detail, each with its
 * own message under its row, rather than being greyed out with no reason
 * given (a long form hides which row is still empty). */
static gboolean
eb_form_page_check_complete (EbPage *page)
{
  return TRUE;
}

/* Once every detail is valid, the bar's "some details are missing" is not. */
static void
dismiss_refusal_once_valid (EbFormPage *self)
{
  if (self->details_refused &&
      eb_application_form_validate_fields (eb_page_get_form (EB_PAGE (self)), form_fields,
                                           G_N_ELEMENTS (form_fields), NULL, NULL))
    {
      self->details_refused = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "assistant.dismiss-error", NULL);
    }
}

static void
eb_form_page_constructed (GObject *object)
{
  EbFormPage *self = EB_FORM_PAGE (object);
  EbPage *page = EB_PAGE (self);
  EbApplicationForm *form;
  g_autofree char *validity = NULL;

  G_OBJECT_CLASS (eb_form_page_parent_class)->constructed (object);

  form = eb_page_get_form (page);

  validity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years",
                                           EB_CERTIFICATE_VALIDITY_YEARS),
                              EB_CERTIFICATE_VALIDITY_YEARS);
  gtk_label_set_text (GTK_LABEL (self->validity_label), validity);

  /* The rules eb_validate_security_word() applies, before anything is typed. */
  {
    g_autofree char *rules = eb_form_page_dup_security_word_rules ();

    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->security_word_group), rules);
  }

  /* The lists first: binding selects the form's current values in them. */
  load_provinces (self);
  load_districts (self);
  load_postal_codes (self);
  eb_choice_row_set_no_match_func (EB_CHOICE_ROW (self->postal_code_row), postal_code_no_match, self, NULL);
  load_operators (self);
  sync_choices_from_form (self);
  update_personal_rows (self);

  self->fields = eb_field_binding_new (form);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_SECURITY_WORD, self->security_word_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_SECURITY_WORD_REPEAT, self->security_word_repeat_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_REGISTRY_NO, self->registry_no_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_UNIT, self->unit_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_JOB_TITLE, self->job_title_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_DELIVERY_ADDRESS, self->address_row, NULL);
  eb_field_binding_bind_choice (self->fields, EB_FIELD_PROVINCE, self->province_row);
  eb_field_binding_bind_choice (self->fields, EB_FIELD_DISTRICT, self->district_row);
  eb_field_binding_bind_choice (self->fields, EB_FIELD_POSTAL_CODE, self->postal_code_row);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_EMAIL, self->email_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_WORK_PHONE, self->work_phone_row, eb_format_phone);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_WORK_PHONE_EXTENSION, self->extension_row, NULL);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_MOBILE_PHONE, self->mobile_phone_row, eb_format_phone);
  eb_field_binding_bind_choice (self->fields, EB_FIELD_MOBILE_OPERATOR, self->operator_row);
  eb_field_binding_bind_entry (self->fields, EB_FIELD_HOME_PHONE, self->home_phone_row, eb_format_phone);
  g_signal_connect_object (form, "changed", G_CALLBACK (dismiss_refusal_once_valid), self, G_CONNECT_SWAPPED);
  eb_page_update_complete (page);

  /* After binding: the hints go under the binding's error rows. */
  self->unit_hint = add_slip_hint (self, EB_FIELD_UNIT, self->unit_row);
  self->address_hint = add_slip_hint (self, EB_FIELD_DELIVERY_ADDRESS, self->address_row);
  {
    g_autoptr(GtkStringList) titles = gtk_string_list_new (eb_form_hints_job_titles ());

    self->job_titles = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&titles)));
    gtk_list_view_set_model (GTK_LIST_VIEW (self->job_title_list), GTK_SELECTION_MODEL (self->job_titles));
  }

  g_signal_connect_object (form, "changed", G_CALLBACK (on_form_changed), self, 0);
  g_signal_connect_swapped (self->reason_row, "notify::selected", G_CALLBACK (on_reason_selected), self);
  if (eb_page_get_signing_card (page) != NULL)
    g_signal_connect_object (eb_page_get_signing_card (page), "changed",
                             G_CALLBACK (update_reason_default), self, G_CONNECT_SWAPPED);
}

static void
eb_form_page_dispose (GObject *object)
{
  EbFormPage *self = EB_FORM_PAGE (object);

  /* Before the rows go: it holds handlers on them. */
  g_clear_object (&self->fields);
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_FORM_PAGE);
  g_clear_object (&self->job_titles);
  g_clear_pointer (&self->unit_hint, g_free);
  g_clear_pointer (&self->address_hint, g_free);

  G_OBJECT_CLASS (eb_form_page_parent_class)->dispose (object);
}

static void
eb_form_page_class_init (EbFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->constructed = eb_form_page_constructed;
  object_class->dispose = eb_form_page_dispose;
  page_class->shown = eb_form_page_shown;
  page_class->apply_async = eb_form_page_apply_async;
  page_class->apply_finish = eb_form_page_apply_finish;
  page_class->check_complete = eb_form_page_check_complete;

  g_type_ensure (EB_TYPE_CHOICE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, card_reader_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, validity_label);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, reason_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, tckn_info_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, name_info_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, birth_info_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, security_word_group);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, job_title_button);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, job_title_popover);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, job_title_list);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, security_word_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, security_word_repeat_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, institution_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, registry_no_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, unit_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, province_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, district_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, postal_code_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, work_phone_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, extension_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, mobile_phone_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, operator_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, home_phone_row);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, channel_email);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, channel_sms);
  gtk_widget_class_bind_template_child (widget_class, EbFormPage, channel_both);
  gtk_widget_class_bind_template_callback (widget_class, on_channel_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_job_title_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_job_title_activate);
}

static void
eb_form_page_init (EbFormPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * eb_form_page_get_field_binding:
 *
 * Returns: (transfer none): what ties the form's rows to the form
 */
EbFieldBinding *
eb_form_page_get_field_binding (EbFormPage *self)
{
  g_return_val_if_fail (EB_IS_FORM_PAGE (self), NULL);

  return self->fields;
}
