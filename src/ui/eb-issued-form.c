/* eb-issued-form.c — the application form as the portal issued it, shown
 *
 * The same view for both methods: Yöntem 1 prints it, Yöntem 2 signs it.
 * While the portal issues the form a spinner shows; when it cannot, the
 * reason and a way to try again, never an empty page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "eb-issued-form.h"
#include "eb-portal-text.h"

struct _EbIssuedForm
{
  GtkBox parent_instance;

  GtkStack *stack;
  AdwStatusPage *error_page;
  EbPdfView *view;

  EbSession *session;
  GCancellable *cancellable;
  GBytes *document;
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EbIssuedForm, eb_issued_form, GTK_TYPE_BOX)

static void
show_error (EbIssuedForm *self,
            const char   *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  EbIssuedForm *self = user_data;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;

  document = eb_session_fetch_document_finish (EB_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (document == NULL)
    {
      g_autoptr(GError) translated = eb_portal_text_translate (error);

      show_error (self, translated->message);
      return;
    }

  if (!eb_pdf_view_set_document (self->view, document, &error))
    {
      show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->document, g_bytes_unref);
  self->document = g_steal_pointer (&document);
  gtk_stack_set_visible_child_name (self->stack, "document");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
start_loading (EbIssuedForm *self)
{
  if (self->cancellable != NULL || self->session == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->cancellable = g_cancellable_new ();
  eb_session_fetch_document_async (self->session, self->cancellable, fetched, self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_loading (EB_ISSUED_FORM (widget));
}

static void
eb_issued_form_dispose (GObject *object)
{
  EbIssuedForm *self = EB_ISSUED_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->document, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_ISSUED_FORM);

  G_OBJECT_CLASS (eb_issued_form_parent_class)->dispose (object);
}

static void
eb_issued_form_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EbIssuedForm *self = EB_ISSUED_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_boxed (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_issued_form_class_init (EbIssuedFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eb_issued_form_dispose;
  object_class->get_property = eb_issued_form_get_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_boxed ("document", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EB_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-issued-form.ui");
  gtk_widget_class_bind_template_child (widget_class, EbIssuedForm, stack);
  gtk_widget_class_bind_template_child (widget_class, EbIssuedForm, error_page);
  gtk_widget_class_bind_template_child (widget_class, EbIssuedForm, view);
  gtk_widget_class_install_action (widget_class, "issued-form.reload", NULL, reload_action);
}

static void
eb_issued_form_init (EbIssuedForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * eb_issued_form_load:
 *
 * Shows the session's issued form, fetching it from the portal the first
 * time (off the main thread, as all portal calls).
 */
void
eb_issued_form_load (EbIssuedForm *self,
                     EbSession    *session)
{
  g_return_if_fail (EB_IS_ISSUED_FORM (self));
  g_return_if_fail (EB_IS_SESSION (session));

  g_set_object (&self->session, session);
  if (self->document != NULL && eb_session_get_document (session) == self->document)
    return;
  start_loading (self);
}

/**
 * eb_issued_form_get_document:
 *
 * Returns: (transfer none) (nullable): the form shown, once it is
 */
GBytes *
eb_issued_form_get_document (EbIssuedForm *self)
{
  g_return_val_if_fail (EB_IS_ISSUED_FORM (self), NULL);
  return self->document;
}

EbPdfView *
eb_issued_form_get_view (EbIssuedForm *self)
{
  g_return_val_if_fail (EB_IS_ISSUED_FORM (self), NULL);
  return self->view;
}
