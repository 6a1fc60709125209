/* eb-clock.c — what time it is, and how many days a person counts until a date
 *
 * Every "days left" the app shows (the header's card status, the method and
 * e-sign pages, Card Diagnostics, the practice card) comes from
 * eb_clock_days_until() at eb_clock_now(), so that they agree with each other
 * and tests can pin the clock at the awkward moments: just before and after
 * midnight in Türkiye, which is 21:00 UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-clock.h"
#include "eb-turkish-text.h"

/* Read from worker threads (card reading) as well as the main thread. */
static GMutex pin_lock;
static GDateTime *pinned;

/**
 * eb_clock_now:
 *
 * Returns: (transfer full): the current time in UTC, or the pinned time
 */
GDateTime *
eb_clock_now (void)
{
  GDateTime *now = NULL;

  g_mutex_lock (&pin_lock);
  if (pinned != NULL)
    now = g_date_time_ref (pinned);
  g_mutex_unlock (&pin_lock);

  return now != NULL ? now : g_date_time_new_now_utc ();
}

/**
 * eb_clock_pin:
 * @now: (nullable): the time eb_clock_now() answers from now on; %NULL for
 *   the real clock again
 *
 * For tests: the days left must not depend on when the test runs.
 */
void
eb_clock_pin (GDateTime *now)
{
  g_mutex_lock (&pin_lock);
  g_clear_pointer (&pinned, g_date_time_unref);
  if (now != NULL)
    pinned = g_date_time_to_utc (now);
  g_mutex_unlock (&pin_lock);
}

/* The day number of @time's date on Türkiye's clock. */
static gint
turkish_day_number (GDateTime *time)
{
  g_autoptr(GDateTime) local = eb_turkish_time (time);
  g_autoptr(GDate) date = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (local),
                                          (GDateMonth) g_date_time_get_month (local),
                                          (GDateYear) g_date_time_get_year (local));

  return (gint) g_date_get_julian (date);
}

/**
 * eb_clock_days_until:
 * @until: the last day (a certificate's end of validity)
 * @now: (nullable): today; %NULL for eb_clock_now()
 *
 * The days left as a person counts them on a calendar: from today's date to
 * @until's date, both on Türkiye's clock, whatever this computer's zone and
 * whatever the time of day. 0 on the day itself, negative once the day has
 * passed (-1 the day after).
 */
gint
eb_clock_days_until (GDateTime *until,
                     GDateTime *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (until != NULL, G_MININT);

  current = now != NULL ? g_date_time_ref (now) : eb_clock_now ();
  return turkish_day_number (until) - turkish_day_number (current);
}
