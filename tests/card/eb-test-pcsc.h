/* eb-test-pcsc.h — a private pcscd with virtual readers and cards, for tests
 *
 * Starts pcscd 1.9.9 on a socket of its own (systemd socket activation, in
 * a private mount namespace so that its /run files are its own too) with the
 * vsmartcard vpcd driver: two virtual readers. Cards are inserted and removed
 * by eb-vicc.py. Any test program can use it (the card tests, the UI tests):
 *
 *   int main (...) {
 *     eb_test_pcsc_setup_environment ();   // before any thread and any PC/SC call
 *     ...
 *   }
 *   g_autoptr(EbTestPcsc) pcsc = eb_test_pcsc_new ();
 *   eb_test_pcsc_start (pcsc, &error);
 *   eb_test_pcsc_insert_card (pcsc, 0, "3BBA11...AE", NULL, &error);
 *
 * Needs root (the mount namespace), pcscd, unshare, vsmartcard-vpcd and
 * vsmartcard-vpicc. Missing pieces are reported as errors, never skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EB_TEST_PCSC_N_READERS 2

typedef struct _EbTestPcsc EbTestPcsc;

void        eb_test_pcsc_setup_environment (void);
const char *eb_test_pcsc_get_socket_path   (void);
const char *eb_test_pcsc_get_source_dir    (void);

EbTestPcsc *eb_test_pcsc_new               (void);
void        eb_test_pcsc_free              (EbTestPcsc  *self);

gboolean    eb_test_pcsc_start             (EbTestPcsc  *self,
                                            GError     **error);
void        eb_test_pcsc_stop              (EbTestPcsc  *self);
void        eb_test_pcsc_kill              (EbTestPcsc  *self);
gboolean    eb_test_pcsc_is_running        (EbTestPcsc  *self);

const char *eb_test_pcsc_get_reader_name   (EbTestPcsc  *self,
                                            guint        reader);
guint       eb_test_pcsc_get_port          (EbTestPcsc  *self,
                                            guint        reader);

gboolean    eb_test_pcsc_insert_card       (EbTestPcsc  *self,
                                            guint        reader,
                                            const char  *atr_hex,
                                            const char  *kind,
                                            GError     **error);
gboolean    eb_test_pcsc_remove_card       (EbTestPcsc  *self,
                                            guint        reader,
                                            GError     **error);
void        eb_test_pcsc_wait_for_card     (EbTestPcsc  *self,
                                            guint        reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbTestPcsc, eb_test_pcsc_free)

G_END_DECLS
