/* eb-welcome-page.c — what the procedure is, before it starts
 *
 * Explains the steps and the two methods in the seed's terms, offers to
 * start over when an unfinished application was restored, and lists the
 * applications made here with what is left to do (the three copies of
 * Yöntem 1), with their form to print or save again and their status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "eb-form-print.h"
#include "eb-procedure.h"
#include "eb-status-window.h"
#include "eb-toast.h"
#include "eb-welcome-page.h"

/* The newest few: older ones are done with or abandoned. */
#define MAX_HISTORY_ROWS 5

struct _EbWelcomePage
{
  EbPage parent_instance;

  GtkWidget *draft_group;
  GtkWidget *start_over_button;
  GtkWidget *history_group;
  GtkWidget *steps_group;
  GPtrArray *history_rows;
};

static const struct
{
  EbChecklistItem item;
  const char *title;  /* done */
  const char *todo;   /* still to do */
} checklist_items[] = {
  { EB_CHECKLIST_MAILED, N_("Mailed to Kamu SM"), N_("mail a copy to Kamu SM") },
  { EB_CHECKLIST_HANDED_TO_DISTRICT, N_("Handed to the district MEB IT unit"),
    N_("hand a copy to the district MEB IT unit") },
  { EB_CHECKLIST_KEPT, N_("Kept by me"), N_("keep a copy") },
};

G_DEFINE_FINAL_TYPE (EbWelcomePage, eb_welcome_page, EB_TYPE_PAGE)

static void
on_start_over_response (AdwMessageDialog *dialog,
                        const char       *response,
                        EbWelcomePage    *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "start-over") != 0)
    return;

  if (!eb_session_discard_draft (eb_page_get_session (EB_PAGE (self)), &error))
    {
      /* The form is empty in memory either way; only the copy on disk stayed. */
      g_warning ("Could not delete the saved draft: %s", error->message);
    }

  gtk_widget_set_visible (self->draft_group, FALSE);
}

static void
on_start_over_clicked (EbWelcomePage *self)
{
  GtkWidget *dialog;

  /* Starting over throws away what the user typed, so ask first. */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Start Over?"),
                                   _("Everything typed into the unfinished application will be deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start-over", _("_Start Over"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start-over",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_over_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
describe_record (const EbApplicationRecord *record)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_strcmp0 (record->method, "esign") == 0)
    {
      g_string_append (text, _("Method 2"));
      g_string_append (text, " · ");
      g_string_append (text, g_strcmp0 (record->state, "awaiting_approval") == 0
                             ? _("signed and sent, awaiting approval")
                             : _("not signed yet"));
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  g_string_append (text, _("Method 1"));
  g_string_append (text, " · ");
  if ((record->checklist & EB_CHECKLIST_ALL) == EB_CHECKLIST_ALL)
    g_string_append (text, _("all three copies dealt with"));
  else
    {
      /* TRANSLATORS: followed by what is left, e.g. "mail a copy to Kamu SM" */
      g_string_append (text, _("still to do:"));
      for (guint i = 0, n = 0; i < G_N_ELEMENTS (checklist_items); i++)
        if ((record->checklist & checklist_items[i].item) == 0)
          {
            g_string_append (text, n++ == 0 ? " " : "; ");
            g_string_append (text, _(checklist_items[i].todo));
          }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_item_toggled (GtkCheckButton *check,
                 EbWelcomePage  *self)
{
  GtkWidget *expander = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_EXPANDER_ROW);
  EbApplicationRecord *record = g_object_get_data (G_OBJECT (expander), "record");
  EbStore *store = eb_session_get_store (eb_page_get_session (EB_PAGE (self)));
  guint item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "item"));
  guint checklist = record->checklist;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (gtk_check_button_get_active (check))
    checklist |= item;
  else
    checklist &= ~item;
  if (!eb_store_set_application_checklist (store, record->id, checklist, &error))
    {
      g_warning ("Could not keep the checklist: %s", error->message);
      eb_toast_show (GTK_WIDGET (self), _("The tick could not be saved on this computer; it is lost when the application closes."));
      return;
    }
  /* The record is shared and immutable elsewhere; this copy is the row's. */
  record->checklist = checklist;
  subtitle = describe_record (record);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EbWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (eb_form_print_run_finish (result, &error) == GTK_PRINT_OPERATION_RESULT_ERROR
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    eb_toast_show (GTK_WIDGET (self), error->message);
}

/* The kept form of the row's application: issued (Yöntem 1) or as signed
 * and sent (Yöntem 2); NULL, said in a toast, when it cannot be read. */
static GBytes *
load_kept_form (EbWelcomePage             *self,
                const EbApplicationRecord *record)
{
  EbStore *store = eb_session_get_store (eb_page_get_session (EB_PAGE (self)));
  g_autoptr(GError) error = NULL;
  GBytes *document = eb_store_load_application_document (store, record->id, &error);

  if (document == NULL)
    {
      g_warning ("Could not read the kept form: %s", error->message);
      eb_toast_show (GTK_WIDGET (self), _("The kept application form could not be read on this computer."));
    }
  return document;
}

static EbApplicationRecord *
row_record (GtkWidget *widget)
{
  GtkWidget *expander = gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW);

  return g_object_get_data (G_OBJECT (expander), "record");
}

static void
on_print_again (GtkButton     *button,
                EbWelcomePage *self)
{
  EbApplicationRecord *record = row_record (GTK_WIDGET (button));
  g_autoptr(GBytes) document = load_kept_form (self, record);
  /* TRANSLATORS: the print job's name; %s is the application number */
  g_autofree char *job = g_strdup_printf (_("e-Signature Application Form %s"), record->application_no);

  if (document == NULL)
    return;
  eb_form_print_run_async (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), document,
                           job, NULL, NULL, printed_cb, g_object_ref (self));
}

static void
on_save_again (GtkButton     *button,
               EbWelcomePage *self)
{
  EbApplicationRecord *record = row_record (GTK_WIDGET (button));
  g_autoptr(GBytes) document = load_kept_form (self, record);
  g_autofree char *name = NULL;

  if (document == NULL)
    return;
  if (g_strcmp0 (record->method, "esign") == 0)
    /* TRANSLATORS: the suggested file name; %s is the application number */
    name = g_strdup_printf (_("Signed-Application-Form-%s.pdf"), record->application_no);
  else
    /* TRANSLATORS: the suggested file name; %s is the application number */
    name = g_strdup_printf (_("Application-Form-%s.pdf"), record->application_no);
  eb_form_print_save_as (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), document, name,
                         NULL, eb_form_print_save_as_done, g_object_ref (self));
}

static void
on_status_activated (AdwActionRow  *row,
                     EbWelcomePage *self)
{
  EbApplicationRecord *record = g_object_get_data (G_OBJECT (row), "record");

  gtk_window_present (GTK_WINDOW (eb_status_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                        record)));
}

static GtkWidget *
history_row (EbWelcomePage             *self,
             const EbApplicationRecord *stored)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *subtitle = NULL;
  EbApplicationRecord *record = g_atomic_rc_box_new0 (EbApplicationRecord);

  /* Only what the row shows and changes; the rest stays in the store. */
  record->id = stored->id;
  record->application_no = g_strdup (stored->application_no);
  record->method = g_strdup (stored->method);
  record->state = g_strdup (stored->state);
  record->summary = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{ss}"), NULL, 0));
  record->checklist = stored->checklist;
  record->created_at = stored->created_at;
  record->updated_at = stored->updated_at;
  record->has_document = stored->has_document;
  g_object_set_data_full (G_OBJECT (expander), "record", record,
                          (GDestroyNotify) eb_application_record_unref);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), stored->application_no);
  subtitle = describe_record (record);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
    g_autofree char *state = eb_status_window_state_text (stored->state);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Application status"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state);
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
    g_object_set_data_full (G_OBJECT (row), "record", eb_application_record_ref (record),
                            (GDestroyNotify) eb_application_record_unref);
    g_signal_connect (row, "activated", G_CALLBACK (on_status_activated), self);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  }

  /* Yöntem 2 has no copies to deal with. */
  for (guint i = 0; i < G_N_ELEMENTS (checklist_items) && g_strcmp0 (stored->method, "wet") == 0; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(checklist_items[i].title));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), stored->checklist & checklist_items[i].item);
      g_object_set_data (G_OBJECT (check), "item", GUINT_TO_POINTER (checklist_items[i].item));
      g_signal_connect (check, "toggled", G_CALLBACK (on_item_toggled), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  if (stored->has_document)
    {
      GtkWidget *print = gtk_button_new_with_mnemonic (_("_Print Again…"));
      GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");

      gtk_widget_set_valign (print, GTK_ALIGN_CENTER);
      gtk_widget_set_name (print, "print-again");
      g_signal_connect (print, "clicked", G_CALLBACK (on_print_again), self);
      gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
      gtk_widget_set_name (save, "save-again");
      gtk_widget_set_tooltip_text (save, g_strcmp0 (stored->method, "esign") == 0
                                         ? _("Save the Signed Form as PDF…") : _("Save as PDF…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_widget_get_tooltip_text (save), -1);
      g_signal_connect (save, "clicked", G_CALLBACK (on_save_again), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), save);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), print);
    }
  return expander;
}

static void
load_history (EbWelcomePage *self)
{
  EbStore *store = eb_session_get_store (eb_page_get_session (EB_PAGE (self)));
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint shown = 0;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->history_group),
                                  g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);

  if (store != NULL)
    records = eb_store_list_applications (store, NULL, &error);
  if (records == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read the applications: %s", error->message);
      gtk_widget_set_visible (self->history_group, FALSE);
      return;
    }

  for (guint i = 0; i < records->len && shown < MAX_HISTORY_ROWS; i++)
    {
      EbApplicationRecord *record = g_ptr_array_index (records, i);
      GtkWidget *row;

      if (record->application_no == NULL)
        continue;
      row = history_row (self, record);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->history_group), row);
      g_ptr_array_add (self->history_rows, row);
      shown++;
    }
  gtk_widget_set_visible (self->history_group, shown > 0);
}

/* The steps as the header counts them: both come from one table. */
static void
add_steps (EbWelcomePage *self)
{
  for (guint step = 1; step <= eb_procedure_get_n_steps (); step++)
    {
      GtkWidget *row = adw_action_row_new ();
      /* TRANSLATORS: a step on the welcome page, "3. Phone verification" */
      g_autofree char *title = g_strdup_printf (_("%u. %s"), step, eb_procedure_get_step_title (step));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), eb_procedure_get_step_description (step));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->steps_group), row);
    }
}

static void
eb_welcome_page_shown (EbPage *page)
{
  load_history (EB_WELCOME_PAGE (page));
}

static void
eb_welcome_page_constructed (GObject *object)
{
  EbWelcomePage *self = EB_WELCOME_PAGE (object);

  G_OBJECT_CLASS (eb_welcome_page_parent_class)->constructed (object);

  g_object_bind_property (eb_page_get_session (EB_PAGE (self)), "draft-restored",
                          self->draft_group, "visible", G_BINDING_SYNC_CREATE);
  add_steps (self);
  load_history (self);
}

static void
eb_welcome_page_dispose (GObject *object)
{
  g_clear_pointer (&EB_WELCOME_PAGE (object)->history_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), EB_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (eb_welcome_page_parent_class)->dispose (object);
}

static void
eb_welcome_page_class_init (EbWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = eb_welcome_page_constructed;
  object_class->dispose = eb_welcome_page_dispose;
  EB_PAGE_CLASS (klass)->shown = eb_welcome_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbWelcomePage, draft_group);
  gtk_widget_class_bind_template_child (widget_class, EbWelcomePage, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, EbWelcomePage, history_group);
  gtk_widget_class_bind_template_child (widget_class, EbWelcomePage, steps_group);
  gtk_widget_class_bind_template_callback (widget_class, on_start_over_clicked);
}

static void
eb_welcome_page_init (EbWelcomePage *self)
{
  self->history_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
