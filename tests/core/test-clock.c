/* test-clock.c — days left as a person counts them, at the awkward moments
 *
 * Türkiye's midnight is 21:00 UTC: a count taken from the UTC date, the
 * computer's zone or a difference in hours is a day off for three hours of
 * every day. These pin the clock on both sides of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "eb-clock.h"

static GDateTime *
at (const char *iso8601)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);
  return time;
}

static void
test_around_midnight (void)
{
  /* A certificate whose last day, in Türkiye, is 4 December 2028. */
  g_autoptr(GDateTime) until = at ("2028-12-04T10:00:00+03:00");
  const struct { const char *now; gint days; } cases[] = {
    /* 2026-12-04 → 2028-12-04 is 365 + 366 days (2028 is a leap year). */
    { "2026-12-04T23:59:00+03:00", 731 },
    { "2026-12-05T00:01:00+03:00", 730 },
    /* The same instants written in UTC: the UTC date is not what counts. */
    { "2026-12-04T20:59:00Z", 731 },
    { "2026-12-04T21:01:00Z", 730 },
    /* Nor is the zone the caller's time happens to be in. */
    { "2026-12-04T15:59:00-05:00", 731 },
    { "2026-12-04T16:01:00-05:00", 730 },
    { "2028-12-03T23:59:59+03:00", 1 },
    { "2028-12-04T00:00:00+03:00", 0 },
    /* Expired at 10:00, but still its last day. */
    { "2028-12-04T23:59:00+03:00", 0 },
    { "2028-12-05T00:01:00+03:00", -1 },
    { "2029-01-04T12:00:00+03:00", -31 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = at (cases[i].now);

      g_test_message ("now %s", cases[i].now);
      g_assert_cmpint (eb_clock_days_until (until, now), ==, cases[i].days);
    }
}

static void
test_until_late_in_the_utc_day (void)
{
  /* 22:30 UTC on the 4th is 01:30 on the 5th in Türkiye: that is the last day. */
  g_autoptr(GDateTime) until = at ("2028-12-04T22:30:00Z");
  g_autoptr(GDateTime) now = at ("2028-12-04T20:59:00Z");
  g_autoptr(GDateTime) later = at ("2028-12-04T21:01:00Z");

  g_assert_cmpint (eb_clock_days_until (until, now), ==, 1);
  g_assert_cmpint (eb_clock_days_until (until, later), ==, 0);
}

static void
test_pinned (void)
{
  g_autoptr(GDateTime) until = at ("2028-12-04T10:00:00+03:00");
  g_autoptr(GDateTime) pin = at ("2026-12-04T23:59:00+03:00");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) real = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();

  eb_clock_pin (pin);
  now = eb_clock_now ();
  g_assert_true (g_date_time_equal (now, pin));
  /* Answered in UTC, whatever zone it was pinned in. */
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 0);
  g_assert_cmpint (eb_clock_days_until (until, NULL), ==, 731);

  eb_clock_pin (NULL);
  real = eb_clock_now ();
  g_assert_cmpint (g_date_time_compare (real, before), >=, 0);
  g_assert_cmpint (g_date_time_difference (real, before), <, 60 * G_TIME_SPAN_SECOND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/around-midnight", test_around_midnight);
  g_test_add_func ("/clock/until-late-in-the-utc-day", test_until_late_in_the_utc_day);
  g_test_add_func ("/clock/pinned", test_pinned);

  return g_test_run ();
}
