/* eb-card-diagnostics.c — everything about the card set-up, as data
 *
 * What a school administrator on the phone with IT support needs to read out
 * (the Diagnostics page, `eimza-basvuru --diagnose`): is pcscd running and
 * how to start it, which readers, which card with which ATR and what it is,
 * which PKCS#11 module was loaded or which paths were tried, the tokens, the
 * PIN state, each certificate and whether it can sign a renewal.
 *
 * The PC/SC part asks pcscd directly, on a thread of its own, so it works
 * with no EbPcscMonitor around; the PKCS#11 part goes through the app's
 * EbTokenManager (or a temporary one, unloaded at the end).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <winscard.h>

#include "eb-card-diagnostics.h"
#include "eb-clock.h"
#include "eb-pcsc-private.h"

typedef struct
{
  EbCardReport *report;
  EbTokenManager *manager;
  gboolean own_manager;
  char *user_module;
} RunData;

/* Report */

static void
reader_free (EbCardReportReader *reader)
{
  g_free (reader->name);
  g_free (reader->atr);
  g_free (reader->card_name);
  g_free (reader->pkcs11_module);
  g_free (reader);
}

static void
certificate_free (EbCardReportCertificate *cert)
{
  g_free (cert->label);
  g_free (cert->id);
  g_clear_object (&cert->info);
  g_free (cert);
}

static void
token_free (EbCardReportToken *token)
{
  g_free (token->label);
  g_free (token->serial);
  g_free (token->manufacturer);
  g_free (token->model);
  g_free (token->slot_description);
  g_clear_pointer (&token->certificates, g_ptr_array_unref);
  g_free (token);
}

/* The struct is public for reading; the reference count lives in front of it. */
typedef struct
{
  gatomicrefcount ref_count;
  EbCardReport report;
} ReportBox;

#define BOX(report) ((ReportBox *) ((char *) (report) - G_STRUCT_OFFSET (ReportBox, report)))

G_DEFINE_BOXED_TYPE (EbCardReport, eb_card_report, eb_card_report_ref, eb_card_report_unref)

/**
 * eb_card_report_new:
 * @time: when the facts are from
 *
 * An empty report, for one filled in elsewhere (a test's fixture); the
 * diagnostics make their own.
 */
EbCardReport *
eb_card_report_new (GDateTime *time)
{
  ReportBox *box = g_new0 (ReportBox, 1);
  EbCardReport *report = &box->report;

  g_atomic_ref_count_init (&box->ref_count);
  report->readers = g_ptr_array_new_with_free_func ((GDestroyNotify) reader_free);
  report->tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  report->module_attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) eb_pkcs11_module_free);
  report->findings = g_array_new (FALSE, FALSE, sizeof (EbCardFinding));
  report->time = time != NULL ? g_date_time_to_utc (time) : NULL;

  return report;
}

EbCardReport *
eb_card_report_ref (EbCardReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  g_atomic_ref_count_inc (&BOX (report)->ref_count);
  return report;
}

void
eb_card_report_unref (EbCardReport *report)
{
  g_return_if_fail (report != NULL);

  if (!g_atomic_ref_count_dec (&BOX (report)->ref_count))
    return;

  g_clear_pointer (&report->time, g_date_time_unref);
  g_free (report->applicant_tckn);
  g_free (report->service_error);
  g_free (report->os_ids);
  g_ptr_array_unref (report->readers);
  g_free (report->module_path);
  g_free (report->module_description);
  g_free (report->module_error);
  g_ptr_array_unref (report->module_attempts);
  g_ptr_array_unref (report->tokens);
  g_array_unref (report->findings);
  g_free (BOX (report));
}

gboolean
eb_card_report_has_finding (const EbCardReport *report,
                            EbCardFinding       finding)
{
  g_return_val_if_fail (report != NULL, FALSE);

  for (guint i = 0; i < report->findings->len; i++)
    if (g_array_index (report->findings, EbCardFinding, i) == finding)
      return TRUE;

  return FALSE;
}

static void
run_data_free (RunData *data)
{
  g_clear_pointer (&data->report, eb_card_report_unref);
  if (data->manager != NULL && data->own_manager)
    eb_token_manager_unload (data->manager);
  g_clear_object (&data->manager);
  g_free (data->user_module);
  g_free (data);
}

/* The system, for the words that say how to start or install pcscd */

/* Where distributions put pcscd; PATH may lack the sbin folders. */
static const char * const pcscd_paths[] = {
  "/usr/sbin/pcscd", "/sbin/pcscd", "/usr/bin/pcscd", "/usr/local/sbin/pcscd",
};

static void
probe_system (EbCardReport *report)
{
  g_autofree char *os_release = NULL;
  g_autofree char *in_path = g_find_program_in_path ("pcscd");
  g_autoptr(GString) ids = g_string_new (NULL);

  report->service_installed = in_path != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (pcscd_paths) && !report->service_installed; i++)
    report->service_installed = g_file_test (pcscd_paths[i], G_FILE_TEST_IS_EXECUTABLE);

  /* sd_booted()'s test. */
  report->systemd = g_file_test ("/run/systemd/system", G_FILE_TEST_IS_DIR);

  if (g_file_get_contents ("/etc/os-release", &os_release, NULL, NULL) ||
      g_file_get_contents ("/usr/lib/os-release", &os_release, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (os_release, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *value = NULL;
          g_autofree char *unquoted = NULL;

          if (g_str_has_prefix (lines[i], "ID="))
            value = lines[i] + 3;
          else if (g_str_has_prefix (lines[i], "ID_LIKE="))
            value = lines[i] + 8;
          if (value == NULL)
            continue;
          unquoted = g_shell_unquote (value, NULL);
          if (unquoted == NULL || *unquoted == '\0')
            continue;
          if (ids->len > 0)
            g_string_append_c (ids, ' ');
          g_string_append (ids, unquoted);
        }
    }
  if (ids->len > 0)
    report->os_ids = g_string_free (g_steal_pointer (&ids), FALSE);
}

/* PC/SC, on a thread */

static void
probe_pcsc (EbCardReport *report)
{
  g_autofree SCARD_READERSTATE *states = NULL;
  g_auto(GStrv) names = NULL;
  SCARDCONTEXT context;
  guint n;
  LONG rv;

  probe_system (report);
  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS)
    {
      report->service_error = g_strdup (eb_pcsc_rv_name (rv));
      return;
    }

  names = eb_pcsc_list_readers (context, &rv);
  if (names == NULL)
    {
      /* pcscd went away between the two calls. */
      report->service_error = g_strdup (eb_pcsc_rv_name (rv));
      SCardReleaseContext (context);
      return;
    }
  report->service_running = TRUE;
  report->service_installed = TRUE;

  n = g_strv_length (names);
  states = g_new0 (SCARD_READERSTATE, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      states[i].szReader = names[i];
      states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
  if (n > 0)
    rv = SCardGetStatusChange (context, 0, states, n);

  for (guint i = 0; i < n; i++)
    {
      EbCardReportReader *reader = g_new0 (EbCardReportReader, 1);

      reader->name = g_strdup (names[i]);
      reader->card_type = EB_CARD_TYPE_NONE;
      if (rv == SCARD_S_SUCCESS && (states[i].dwEventState & SCARD_STATE_PRESENT))
        {
          gsize atr_len = MIN (states[i].cbAtr, (DWORD) EB_ATR_MAX_LENGTH);
          const EbCardTypeInfo *info = eb_card_type_identify (states[i].rgbAtr, atr_len);

          reader->has_card = TRUE;
          reader->atr = eb_atr_to_hex (states[i].rgbAtr, atr_len);
          reader->card_type = info->type;
          reader->card_name = g_strdup (info->name);
          reader->pkcs11_module = g_strdup (info->pkcs11_module);
        }
      g_ptr_array_add (report->readers, reader);
    }

  SCardReleaseContext (context);
}

static void
probe_pcsc_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  probe_pcsc (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Collecting */

static void
collect_tokens (EbCardReport   *report,
                EbTokenManager *manager)
{
  GListModel *tokens = eb_token_manager_get_tokens (manager);
  GPtrArray *attempts = eb_token_manager_get_module_attempts (manager);
  guint n = g_list_model_get_n_items (tokens);

  report->module_path = g_strdup (eb_token_manager_get_module_path (manager));
  report->module_description = g_strdup (eb_token_manager_get_module_description (manager));
  for (guint i = 0; attempts != NULL && i < attempts->len; i++)
    g_ptr_array_add (report->module_attempts,
                     eb_pkcs11_module_copy (g_ptr_array_index (attempts, i)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EbToken) token = g_list_model_get_item (tokens, i);
      GListModel *certs = eb_token_get_certificates (token);
      EbCardReportToken *entry = g_new0 (EbCardReportToken, 1);
      guint n_certs = g_list_model_get_n_items (certs);

      entry->label = g_strdup (eb_token_get_label (token));
      entry->serial = g_strdup (eb_token_get_serial (token));
      entry->manufacturer = g_strdup (eb_token_get_manufacturer (token));
      entry->model = g_strdup (eb_token_get_model (token));
      entry->slot_description = g_strdup (eb_token_get_slot_description (token));
      entry->protected_auth_path = eb_token_get_protected_auth_path (token);
      entry->logged_in = eb_token_get_logged_in (token);
      entry->pin_state = eb_token_get_pin_state (token);
      entry->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) certificate_free);

      for (guint j = 0; j < n_certs; j++)
        {
          g_autoptr(EbTokenCertificate) cert = g_list_model_get_item (certs, j);
          EbCertificateInfo *info = eb_token_certificate_get_info (cert);
          EbCardReportCertificate *c = g_new0 (EbCardReportCertificate, 1);

          c->label = g_strdup (eb_token_certificate_get_label (cert));
          c->id = eb_token_certificate_dup_id_hex (cert);
          c->info = g_object_ref (info);
          c->verdict = eb_certificate_info_get_verdict (info, report->applicant_tckn, report->time);
          c->days_left = eb_certificate_info_get_days_left (info, report->time);
          g_ptr_array_add (entry->certificates, c);
        }

      g_ptr_array_add (report->tokens, entry);
    }
}

static void
add_finding (EbCardReport  *report,
             EbCardFinding  finding)
{
  if (!eb_card_report_has_finding (report, finding))
    g_array_append_val (report->findings, finding);
}

static void
judge (EbCardReport *report)
{
  gboolean any_card = FALSE;
  gboolean any_answering = FALSE;
  gboolean any_akis = FALSE;
  gboolean verdicts[EB_RENEWAL_VERDICT_OTHER_PERSON + 1] = { FALSE, };

  if (!report->service_running)
    add_finding (report, EB_CARD_FINDING_SERVICE_NOT_RUNNING);
  else if (report->readers->len == 0)
    add_finding (report, EB_CARD_FINDING_NO_READER);

  for (guint i = 0; i < report->readers->len; i++)
    {
      EbCardReportReader *reader = g_ptr_array_index (report->readers, i);

      any_card |= reader->has_card;
      any_answering |= reader->has_card && reader->card_type != EB_CARD_TYPE_UNRESPONSIVE;
      any_akis |= eb_card_type_is_akis (reader->card_type);
    }
  if (report->readers->len > 0 && !any_card)
    add_finding (report, EB_CARD_FINDING_NO_CARD);
  if (any_card && !any_answering)
    add_finding (report, EB_CARD_FINDING_CARD_UNRESPONSIVE);
  if (any_answering && !any_akis)
    add_finding (report, EB_CARD_FINDING_CARD_NOT_AKIS);

  if (report->module_path == NULL)
    add_finding (report, EB_CARD_FINDING_NO_MODULE);
  if (any_akis && (report->module_path == NULL ||
                   !g_str_has_suffix (report->module_path, "/libakisp11.so")))
    add_finding (report, EB_CARD_FINDING_AKIS_MODULE_MISSING);
  if (report->module_path != NULL && report->tokens->len == 0)
    add_finding (report, EB_CARD_FINDING_NO_TOKEN);

  for (guint i = 0; i < report->tokens->len; i++)
    {
      EbCardReportToken *token = g_ptr_array_index (report->tokens, i);

      if (token->pin_state == EB_PIN_STATE_LOCKED)
        add_finding (report, EB_CARD_FINDING_PIN_LOCKED);
      else if (token->pin_state == EB_PIN_STATE_FINAL_TRY)
        add_finding (report, EB_CARD_FINDING_PIN_FINAL_TRY);

      for (guint j = 0; j < token->certificates->len; j++)
        {
          EbCardReportCertificate *cert = g_ptr_array_index (token->certificates, j);

          verdicts[cert->verdict] = TRUE;
        }
    }

  /* The best certificate decides. */
  if (verdicts[EB_RENEWAL_VERDICT_USABLE])
    add_finding (report, EB_CARD_FINDING_READY);
  else if (verdicts[EB_RENEWAL_VERDICT_EXPIRING_SOON])
    add_finding (report, EB_CARD_FINDING_NES_EXPIRING);
  else if (verdicts[EB_RENEWAL_VERDICT_EXPIRED])
    add_finding (report, EB_CARD_FINDING_NES_EXPIRED);
  else if (verdicts[EB_RENEWAL_VERDICT_OTHER_PERSON])
    add_finding (report, EB_CARD_FINDING_OTHER_PERSON);
  else if (report->tokens->len > 0)
    add_finding (report, EB_CARD_FINDING_NO_NES);
}

/* Steps (main context) */

static void
finish (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  EbCardReport *report = data->report;

  collect_tokens (report, data->manager);
  judge (report);

  g_task_return_pointer (task, eb_card_report_ref (report), (GDestroyNotify) eb_card_report_unref);
}

static void
on_tokens_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == eb_token_manager_load_async)
    ok = eb_token_manager_load_finish (data->manager, result, &error);
  else
    ok = eb_token_manager_refresh_finish (data->manager, result, &error);

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* Not a failure of the diagnostics: a finding of it. */
      data->report->module_error = g_strdup (error->message);
    }

  finish (task);
}

static void
read_tokens (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GListModel *tokens;
  guint n;

  if (!eb_token_manager_get_loaded (data->manager))
    {
      eb_token_manager_load_async (data->manager, data->user_module, cancellable,
                                   on_tokens_read, g_object_ref (task));
      return;
    }

  /* A refresh releases the slots, which logs out: not under a signing user. */
  tokens = eb_token_manager_get_tokens (data->manager);
  n = g_list_model_get_n_items (tokens);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EbToken) token = g_list_model_get_item (tokens, i);

      if (eb_token_get_logged_in (token))
        {
          finish (task);
          return;
        }
    }

  eb_token_manager_refresh_async (data->manager, cancellable, on_tokens_read, g_object_ref (task));
}

static void
on_pcsc_probed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  read_tokens (task);
}

/**
 * eb_card_diagnostics_run_async:
 * @manager: (nullable): the app's token manager; %NULL to use a temporary
 *   one, unloaded at the end (the `--diagnose` command line)
 * @user_module: (nullable): the PKCS#11 module setting, if @manager must load
 * @applicant_tckn: (nullable): whose renewal the verdicts are about
 * @now: (nullable): the time to judge certificates at; %NULL for now
 *
 * Gathers the report. Fails only when cancelled: whatever is broken is in
 * the report.
 */
void
eb_card_diagnostics_run_async (EbTokenManager      *manager,
                               const char          *user_module,
                               const char          *applicant_tckn,
                               GDateTime           *now,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) probe = NULL;
  RunData *data;

  g_return_if_fail (manager == NULL || EB_IS_TOKEN_MANAGER (manager));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (RunData, 1);
  data->report = eb_card_report_new (NULL);
  data->report->time = now != NULL ? g_date_time_to_utc (now) : eb_clock_now ();
  data->report->applicant_tckn = g_strdup (applicant_tckn);
  data->own_manager = manager == NULL;
  data->manager = manager != NULL ? g_object_ref (manager) : eb_token_manager_new ();
  data->user_module = g_strdup (user_module);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, eb_card_diagnostics_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  /* The report is the probe's alone until it returns. */
  probe = g_task_new (NULL, cancellable, on_pcsc_probed, g_object_ref (task));
  g_task_set_task_data (probe, eb_card_report_ref (data->report),
                        (GDestroyNotify) eb_card_report_unref);
  g_task_run_in_thread (probe, probe_pcsc_thread);
}

/**
 * eb_card_diagnostics_run_finish:
 *
 * Returns: (transfer full): the report (src/ui/eb-card-report-text.c says it in words)
 */
EbCardReport *
eb_card_diagnostics_run_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eb_card_diagnostics_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
