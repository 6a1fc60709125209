/* eb-submitted-page.c — the application number and what comes next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-submitted-page.h"

struct _EbSubmittedPage
{
  EbPage parent_instance;

  GtkWidget *status_page;
  GtkWidget *sign_row;
};

G_DEFINE_FINAL_TYPE (EbSubmittedPage, eb_submitted_page, EB_TYPE_PAGE)

static void
eb_submitted_page_shown (EbPage *page)
{
  EbSubmittedPage *self = EB_SUBMITTED_PAGE (page);
  EbSession *session = eb_page_get_session (page);
  /* TRANSLATORS: %s is the application number, e.g. "MEB-2026-000042" */
  g_autofree char *title = g_strdup_printf (_("Application Number %s"),
                                            eb_session_get_application_no (session));
  gboolean esign = g_strcmp0 (eb_session_get_method (session), "esign") == 0;

  adw_status_page_set_title (ADW_STATUS_PAGE (self->status_page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->status_page),
                                   _("The portal has recorded your application. Note the number: "
                                     "it identifies your application at Kamu SM and at the MEB IT "
                                     "units."));

  if (esign)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_row),
                                     _("Method 2: sign with your card"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sign_row),
                                   _("The application form is signed with your current e-signature "
                                     "card and sent to the portal; nothing goes by post."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_row),
                                     _("Method 1: print, sign, send"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sign_row),
                                   _("Print the application form 3 times and sign every copy. Mail "
                                     "one to TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi, Pk:74 41470 "
                                     "Gebze/KOCAELİ; hand one to your district MEB IT unit; keep "
                                     "one."));
    }
}

static void
eb_submitted_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_SUBMITTED_PAGE);

  G_OBJECT_CLASS (eb_submitted_page_parent_class)->dispose (object);
}

static void
eb_submitted_page_class_init (EbSubmittedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EbPageClass *page_class = EB_PAGE_CLASS (klass);

  object_class->dispose = eb_submitted_page_dispose;
  page_class->shown = eb_submitted_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-submitted-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbSubmittedPage, sign_row);
}

static void
eb_submitted_page_init (EbSubmittedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The page's own child: binding it would have the template dispose it
   * while AdwBin does too. */
  self->status_page = adw_bin_get_child (ADW_BIN (self));
}
