/* eb-portal-handlers-document.c — issuing the form PDF and taking it back signed
 *
 * The server renders the official form itself, from the form it saved (the
 * normalised values, never the security word) and its own clock, and keeps
 * the exact bytes: Yöntem 2's signed upload must start with them, and a
 * repeated request gets them again rather than a new render. Rendering (tens
 * of ms) and verifying a signature run in worker threads while other clients
 * are served; the database is written from the server thread afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "eb-application-form.h"
#include "eb-form-document.h"
#include "eb-portal-handlers.h"
#include "eb-portal-json.h"
#include "eb-signature-verifier.h"


static EbApplicationForm *
form_from_stored (const char *stored)
{
  g_autoptr(JsonObject) object = eb_portal_json_parse_stored (stored);
  EbApplicationForm *form = eb_application_form_new ();

  /* In field order: the province before the district before the postal code. */
  for (guint f = 0; f < EB_N_FIELDS; f++)
    {
      const char *name = eb_portal_field_get_name (f);

      if (eb_application_form_field_is_secret (f))
        continue;
      eb_application_form_set_text (form, f, json_object_get_string_member_with_default (object, name, ""));
    }

  return form;
}

static void
respond_document (EbPortalRequest *request,
                  const char      *application_no,
                  GBytes          *pdf)
{
  g_autofree char *disposition = g_strdup_printf ("inline; filename=\"%s.pdf\"", application_no);

  eb_portal_request_set_header (request, "X-Application-No", application_no);
  eb_portal_request_set_header (request, "Content-Disposition", disposition);
  eb_portal_request_respond_bytes (request, SOUP_STATUS_OK, "application/pdf", pdf);
}

typedef struct
{
  EbApplicationForm *form;
  char              *application_no;
  char              *method;
  GDateTime         *issued_at;
  gint64             application_id;
  gboolean           practice;
} IssueData;

static void
issue_data_free (IssueData *data)
{
  g_clear_object (&data->form);
  g_free (data->application_no);
  g_free (data->method);
  g_clear_pointer (&data->issued_at, g_date_time_unref);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  IssueData *data = task_data;
  GError *error = NULL;
  GBytes *pdf;

  pdf = eb_form_document_render_full (data->form, data->application_no, data->method, data->issued_at,
                                      data->practice ? EB_FORM_DOCUMENT_PRACTICE : EB_FORM_DOCUMENT_NONE,
                                      &error);
  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EbPortalRequest) request = user_data;
  IssueData *data = g_task_get_task_data (G_TASK (result));
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) issued = NULL;
  g_autoptr(GError) error = NULL;

  pdf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pdf != NULL)
    issued = eb_portal_db_issue_document (eb_portal_request_get_db (request), data->application_id,
                                          pdf, &audit, &error);
  if (issued == NULL)
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  respond_document (request, data->application_no, issued);
}

/* POST /api/v1/application/document */
void
eb_portal_handle_issue_document (EbPortalRequest *request)
{
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(GBytes) issued = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  IssueData *data;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;
  if (application->state < EB_PORTAL_STATE_METHOD_CHOSEN)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_WRONG_STATE, NULL);
      return;
    }

  /* Issued once; every later request gets the same bytes. */
  if (application->state > EB_PORTAL_STATE_METHOD_CHOSEN)
    {
      issued = eb_portal_db_load_issued_document (eb_portal_request_get_db (request), application->id,
                                                  &error);
      if (issued == NULL)
        {
          if (error == NULL)
            g_set_error (&error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                         "Application %" G_GINT64_FORMAT " has no issued form", application->id);
          eb_portal_request_fail_error (request, error);
          return;
        }
      respond_document (request, application->application_no, issued);
      return;
    }

  data = g_new0 (IssueData, 1);
  data->application_id = application->id;
  data->form = form_from_stored (application->form);
  data->application_no = g_strdup (application->application_no);
  data->method = g_strdup (application->method);
  /* Every page of a practice form says it is not valid. */
  data->practice = eb_portal_context_get_training (eb_portal_request_get_context (request));
  /* Whole seconds: the PDF's dates have no more. */
  data->issued_at = g_date_time_new_from_unix_utc (eb_portal_request_get_now (request) / G_USEC_PER_SEC);

  task = g_task_new (NULL, eb_portal_request_get_cancellable (request),
                     render_done_cb, eb_portal_request_ref (request));
  g_task_set_source_tag (task, eb_portal_handle_issue_document);
  g_task_set_task_data (task, data, (GDestroyNotify) issue_data_free);
  g_task_run_in_thread (task, render_thread);
}

static EbPortalApiError
api_error_from_signature (const GError *error)
{
  static const EbPortalApiError codes[] = {
    [EB_SIGNATURE_ERROR_NOT_PDF] = EB_PORTAL_API_ERROR_SIGNATURE_NOT_PDF,
    [EB_SIGNATURE_ERROR_TRUNCATED] = EB_PORTAL_API_ERROR_SIGNATURE_TRUNCATED,
    [EB_SIGNATURE_ERROR_UNSUPPORTED_PDF] = EB_PORTAL_API_ERROR_SIGNATURE_UNSUPPORTED_PDF,
    [EB_SIGNATURE_ERROR_NOT_ISSUED_DOCUMENT] = EB_PORTAL_API_ERROR_SIGNATURE_NOT_ISSUED_DOCUMENT,
    [EB_SIGNATURE_ERROR_NO_SIGNATURE] = EB_PORTAL_API_ERROR_SIGNATURE_MISSING,
    [EB_SIGNATURE_ERROR_BYTE_RANGE] = EB_PORTAL_API_ERROR_SIGNATURE_BYTE_RANGE,
    [EB_SIGNATURE_ERROR_CMS_MALFORMED] = EB_PORTAL_API_ERROR_SIGNATURE_CMS_MALFORMED,
    [EB_SIGNATURE_ERROR_DIGEST_MISMATCH] = EB_PORTAL_API_ERROR_SIGNATURE_DIGEST_MISMATCH,
    [EB_SIGNATURE_ERROR_SIGNATURE_INVALID] = EB_PORTAL_API_ERROR_SIGNATURE_INVALID,
    [EB_SIGNATURE_ERROR_UNTRUSTED_CHAIN] = EB_PORTAL_API_ERROR_SIGNATURE_UNTRUSTED,
    [EB_SIGNATURE_ERROR_CERT_NOT_VALID] = EB_PORTAL_API_ERROR_SIGNATURE_CERTIFICATE_NOT_VALID,
    [EB_SIGNATURE_ERROR_NO_NON_REPUDIATION] = EB_PORTAL_API_ERROR_SIGNATURE_NO_NON_REPUDIATION,
    [EB_SIGNATURE_ERROR_TCKN_MISMATCH] = EB_PORTAL_API_ERROR_SIGNATURE_TCKN_MISMATCH,
    [EB_SIGNATURE_ERROR_MALFORMED_PDF] = EB_PORTAL_API_ERROR_SIGNATURE_MALFORMED_PDF,
  };

  if (error->domain == EB_SIGNATURE_ERROR && error->code >= 0 && (guint) error->code < G_N_ELEMENTS (codes))
    return codes[error->code];

  return EB_PORTAL_API_ERROR_INTERNAL;
}

typedef struct
{
  GBytes       *issued;
  GBytes       *uploaded;
  char         *trust_anchor_dir;
  char         *expected_tckn;
  GDateTime    *now;
  gint64        application_id;
  EbSignerInfo *signer;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_clear_pointer (&data->issued, g_bytes_unref);
  g_clear_pointer (&data->uploaded, g_bytes_unref);
  g_free (data->trust_anchor_dir);
  g_free (data->expected_tckn);
  g_clear_pointer (&data->now, g_date_time_unref);
  g_clear_pointer (&data->signer, eb_signer_info_free);
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;
  GError *error = NULL;

  if (eb_signature_verify_document (data->issued, data->uploaded, data->trust_anchor_dir,
                                        data->expected_tckn, data->now, &data->signer, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EbPortalRequest) request = user_data;
  VerifyData *data = g_task_get_task_data (G_TASK (result));
  EbPortalAudit audit = eb_portal_request_get_audit (request);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *signer;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      EbPortalApiError code = api_error_from_signature (error);

      /* The verifier's message names what failed and never holds a secret. */
      eb_portal_request_fail (request, code, error->message);
      return;
    }

  if (!eb_portal_db_accept_signed_document (eb_portal_request_get_db (request), data->application_id,
                                            data->uploaded, data->signer->subject_name, data->signer->tckn,
                                            data->signer->serial_hex, &audit, &error))
    {
      eb_portal_request_fail_error (request, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "state", eb_portal_state_to_string (EB_PORTAL_STATE_AWAITING_APPROVAL));
  signer = json_object_new ();
  json_object_set_string_member (signer, "name", data->signer->subject_name);
  json_object_set_string_member (signer, "tckn", data->signer->tckn);
  json_object_set_string_member (signer, "serial", data->signer->serial_hex);
  json_object_set_object_member (reply, "signer", signer);
  eb_portal_request_respond (request, SOUP_STATUS_OK, reply);
}

/* PUT /api/v1/application/signed-document */
void
eb_portal_handle_upload_signed_document (EbPortalRequest *request)
{
  EbPortalContext *context = eb_portal_request_get_context (request);
  g_autoptr(EbPortalApplication) application = NULL;
  g_autoptr(GBytes) issued = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *uploaded = eb_portal_request_get_raw_body (request);
  g_autofree char *trust_anchor_dir = eb_portal_context_dup_trust_anchor_dir (context);
  gsize size;

  if ((application = eb_portal_request_load_application (request)) == NULL)
    return;
  if (application->state != EB_PORTAL_STATE_FORM_ISSUED)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_WRONG_STATE, NULL);
      return;
    }
  if (g_strcmp0 (application->method, "esign") != 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_METHOD_NOT_ESIGN, NULL);
      return;
    }

  issued = eb_portal_db_load_issued_document (eb_portal_request_get_db (request), application->id, &error);
  if (issued == NULL)
    {
      if (error == NULL)
        g_set_error (&error, EB_PORTAL_API_ERROR, EB_PORTAL_API_ERROR_INTERNAL,
                     "Application %" G_GINT64_FORMAT " has no issued form", application->id);
      eb_portal_request_fail_error (request, error);
      return;
    }

  /* Cheap, and needs no verifier: a file that is no PDF at all. */
  size = g_bytes_get_size (uploaded);
  if (size < 5 || memcmp (g_bytes_get_data (uploaded, NULL), "%PDF-", 5) != 0)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SIGNATURE_NOT_PDF, NULL);
      return;
    }
  /* No trust anchors, no trusted signature: say so plainly. */
  if (trust_anchor_dir == NULL)
    {
      eb_portal_request_fail (request, EB_PORTAL_API_ERROR_SIGNATURE_UNTRUSTED,
                              "no trust anchors are configured (--trust-anchors)");
      return;
    }

  {
    g_autoptr(JsonObject) person = eb_portal_json_parse_stored (application->person);
    g_autoptr(GTask) task = NULL;
    VerifyData *data = g_new0 (VerifyData, 1);

    data->application_id = application->id;
    data->issued = g_steal_pointer (&issued);
    data->uploaded = g_bytes_ref (uploaded);
    data->trust_anchor_dir = g_steal_pointer (&trust_anchor_dir);
    data->expected_tckn = g_strdup (json_object_get_string_member_with_default (person, "tckn", ""));
    data->now = g_date_time_new_from_unix_utc (eb_portal_request_get_now (request) / G_USEC_PER_SEC);

    task = g_task_new (NULL, eb_portal_context_get_cancellable (context),
                       verify_done_cb, eb_portal_request_ref (request));
    g_task_set_source_tag (task, eb_portal_handle_upload_signed_document);
    g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
    g_task_run_in_thread (task, verify_thread);
  }
}
