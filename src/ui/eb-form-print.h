/* eb-form-print.h — printing the application form three times, saving it as a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Yöntem 1: one copy is mailed, one goes to the district IT unit, one stays. */
#define EB_FORM_PRINT_N_COPIES 3

/* The optional address sheet for the copy mailed to Kamu SM. */
typedef struct
{
  const char *applicant_name;
  const char *delivery_address;   /* lines separated by '\n' */
  const char *application_number;
} EbFormEnvelope;

GtkPrintOperation      *eb_form_print_operation_new      (GBytes                  *pdf,
                                                          const char              *job_name,
                                                          const EbFormEnvelope    *envelope,
                                                          GError                 **error);

GtkPrintOperationResult eb_form_print_run                (GtkWindow               *parent,
                                                          GBytes                  *pdf,
                                                          const char              *job_name,
                                                          const EbFormEnvelope    *envelope,
                                                          GtkPrintOperationAction  action,
                                                          const char              *export_filename,
                                                          GError                 **error);

void                    eb_form_print_run_async          (GtkWindow               *parent,
                                                          GBytes                  *pdf,
                                                          const char              *job_name,
                                                          const EbFormEnvelope    *envelope,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GtkPrintOperationResult eb_form_print_run_finish         (GAsyncResult            *result,
                                                          GError                 **error);
GFile                  *eb_form_print_run_get_output_file (GAsyncResult           *result);

void                    eb_form_print_save_as            (GtkWindow               *parent,
                                                          GBytes                  *pdf,
                                                          const char              *suggested_name,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GFile                  *eb_form_print_save_as_finish     (GAsyncResult            *result,
                                                          GError                 **error);
void                    eb_form_print_save_as_done       (GObject                 *source,
                                                          GAsyncResult            *result,
                                                          gpointer                 user_data);

void                    eb_form_print_save_to_file       (GBytes                  *pdf,
                                                          GFile                   *file,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean                eb_form_print_save_to_file_finish (GAsyncResult           *result,
                                                           GError                **error);

G_END_DECLS
