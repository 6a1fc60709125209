/* eb-test-async.c — waiting for a GAsyncResult in the card tests
 *
 * Pass eb_test_on_result as the callback and the address of a NULL
 * GAsyncResult pointer as its data, then eb_test_wait_result() on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-test-async.h"

/* Long enough for a slow token or pcscd, short of the test's own timeout. */
#define TIMEOUT_S 30

void
eb_test_on_result (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until *@slot is set; aborts the test if it is
 * not within TIMEOUT_S. */
GAsyncResult *
eb_test_wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);

  return *slot;
}
