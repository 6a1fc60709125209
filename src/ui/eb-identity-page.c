/* eb-identity-page.c — the applicant's identity, as asked at the portal's login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-identity-page.h"
#include "eb-validation.h"

struct _EbIdentityPage
{
  EbPage parent_instance;

  GtkWidget *tckn_row;
  GtkWidget *first_name_row;
  GtkWidget *last_name_row;
  GtkWidget *birth_place_row;
  GtkWidget *birth_date_row;
};

G_DEFINE_FINAL_TYPE (EbIdentityPage, eb_identity_page, EB_TYPE_PAGE)

static const EbFormField identity_fields[] = {
  EB_FIELD_TCKN,
  EB_FIELD_FIRST_NAME,
  EB_FIELD_LAST_NAME,
  EB_FIELD_BIRTH_PLACE,
  EB_FIELD_BIRTH_DATE,
};

static void
eb_identity_page_shown (EbPage *page)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (page);

  gtk_widget_grab_focus (self->tckn_row);
}

static void
eb_identity_page_constructed (GObject *object)
{
  EbIdentityPage *self = EB_IDENTITY_PAGE (object);
  EbPage *page = EB_PAGE (self);

  G_OBJECT_CLASS (eb_identity_page_parent_class)->constructed (object);

  eb_page_bind_entry (page, EB_FIELD_TCKN, self->tckn_row, NULL);
  eb_page_bind_entry (page, EB_FIELD_FIRST_NAME, self->first_name_row, NULL);
  eb_page_bind_entry (page, EB_FIELD_LAST_NAME, self->last_name_row, NULL);
  eb_page_bind_entry (page, EB_FIELD_BIRTH_PLACE, self->birth_place_row, NULL);
  eb_page_bind_entry (page, EB_FIELD_BIRTH_DATE, self->birth_date_row, eb_format_date_dotted);
  eb_page_set_required_fields (page, identity_fields, G_N_ELEMENTS (identity_fields));
}

static void
eb_identity_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_IDENTITY_PAGE);

  G_OBJECT_CLASS (eb_identity_page_parent_class)->dispose (object);
}

static void
eb_identity_page_class_init (EbIdentityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->constructed = eb_identity_page_constructed;
  object_class->dispose = eb_identity_page_dispose;
  page_class->shown = eb_identity_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-identity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, tckn_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, birth_place_row);
  gtk_widget_class_bind_template_child (widget_class, EbIdentityPage, birth_date_row);
}

static void
eb_identity_page_init (EbIdentityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
