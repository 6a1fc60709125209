/* eb-review-page.c — everything entered, on one page, before it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-form-text.h"
#include "eb-review-page.h"

struct _EbReviewPage
{
  EbPage parent_instance;

  GtkWidget *application_group;
  GtkWidget *personal_group;
  GtkWidget *institution_group;
  GtkWidget *contact_group;

  GPtrArray *rows;              /* (GtkWidget*) rows added, to remove on refresh */
};

G_DEFINE_FINAL_TYPE (EbReviewPage, eb_review_page, EB_TYPE_PAGE)

typedef enum
{
  GROUP_APPLICATION,
  GROUP_PERSONAL,
  GROUP_INSTITUTION,
  GROUP_CONTACT,
} ReviewGroup;

/* The order of the printed form. The security word is shown masked only to
 * say it was given. */
static const struct
{
  EbFormField field;
  ReviewGroup group;
} review_rows[] = {
  { EB_FIELD_CARD_READER_TYPE, GROUP_APPLICATION },
  { EB_FIELD_VALIDITY_YEARS, GROUP_APPLICATION },
  { EB_FIELD_REASON, GROUP_APPLICATION },
  { EB_FIELD_TCKN, GROUP_PERSONAL },
  { EB_FIELD_FIRST_NAME, GROUP_PERSONAL },
  { EB_FIELD_LAST_NAME, GROUP_PERSONAL },
  { EB_FIELD_BIRTH_PLACE, GROUP_PERSONAL },
  { EB_FIELD_BIRTH_DATE, GROUP_PERSONAL },
  { EB_FIELD_SECURITY_WORD, GROUP_PERSONAL },
  { EB_FIELD_INSTITUTION_NAME, GROUP_INSTITUTION },
  { EB_FIELD_REGISTRY_NO, GROUP_INSTITUTION },
  { EB_FIELD_UNIT, GROUP_INSTITUTION },
  { EB_FIELD_JOB_TITLE, GROUP_INSTITUTION },
  { EB_FIELD_DELIVERY_ADDRESS, GROUP_INSTITUTION },
  { EB_FIELD_PROVINCE, GROUP_INSTITUTION },
  { EB_FIELD_DISTRICT, GROUP_INSTITUTION },
  { EB_FIELD_POSTAL_CODE, GROUP_INSTITUTION },
  { EB_FIELD_EMAIL, GROUP_CONTACT },
  { EB_FIELD_WORK_PHONE, GROUP_CONTACT },
  { EB_FIELD_WORK_PHONE_EXTENSION, GROUP_CONTACT },
  { EB_FIELD_MOBILE_PHONE, GROUP_CONTACT },
  { EB_FIELD_MOBILE_OPERATOR, GROUP_CONTACT },
  { EB_FIELD_HOME_PHONE, GROUP_CONTACT },
  { EB_FIELD_INFO_CHANNEL, GROUP_CONTACT },
};

static GtkWidget *
group_widget (EbReviewPage *self,
              ReviewGroup   group)
{
  switch (group)
    {
    case GROUP_APPLICATION:
      return self->application_group;
    case GROUP_PERSONAL:
      return self->personal_group;
    case GROUP_INSTITUTION:
      return self->institution_group;
    case GROUP_CONTACT:
    default:
      return self->contact_group;
    }
}

static void
clear_rows (EbReviewPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
eb_review_page_shown (EbPage *page)
{
  EbReviewPage *self = EB_REVIEW_PAGE (page);
  EbApplicationForm *form = eb_page_get_form (page);

  clear_rows (self);

  for (guint i = 0; i < G_N_ELEMENTS (review_rows); i++)
    {
      g_autofree char *value = eb_form_text_value (form, review_rows[i].field);
      GtkWidget *row;

      /* Optional fields left empty are simply not listed. */
      if (value == NULL || *value == '\0')
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     eb_form_text_field_label (review_rows[i].field));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group_widget (self, review_rows[i].group)), row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
eb_review_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (eb_review_page_parent_class)->dispose (object);
}

static void
eb_review_page_finalize (GObject *object)
{
  EbReviewPage *self = EB_REVIEW_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (eb_review_page_parent_class)->finalize (object);
}

static void
eb_review_page_class_init (EbReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_review_page_dispose;
  object_class->finalize = eb_review_page_finalize;
  page_class->shown = eb_review_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbReviewPage, application_group);
  gtk_widget_class_bind_template_child (widget_class, EbReviewPage, personal_group);
  gtk_widget_class_bind_template_child (widget_class, EbReviewPage, institution_group);
  gtk_widget_class_bind_template_child (widget_class, EbReviewPage, contact_group);
}

static void
eb_review_page_init (EbReviewPage *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
