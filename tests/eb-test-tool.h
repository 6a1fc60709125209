/* eb-test-tool.h — running the external verifiers and tools the tests trust
 * (pdfsig, qpdf, openssl, pdftotext…) and writing their input files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *eb_test_tool_run        (const char * const *argv,
                               int                *status_out);
void  eb_test_tool_run_ok     (const char * const *argv);
void  eb_test_tool_write_file (const char         *path,
                               const void         *data,
                               gsize               len);

G_END_DECLS
