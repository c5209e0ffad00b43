"""When reminders fall due: local wall-clock times, across DST and timezones."""

import datetime as dt
from collections import Counter

import pytest

from diary.reminders.timing import Plan, adaptive_time, in_quiet_hours, next_slot_after, slots_between
from tests.reminders.conftest import utc

T = dt.time


def day_slots(plan: Plan, start: dt.datetime, days: int = 1):
    return [(s.at, s.kind) for s in slots_between(plan, start, start + dt.timedelta(days=days, seconds=-1))]


def test_a_daily_time_stays_at_8_local_across_the_spring_change_in_oslo():
    plan = Plan(zone="Europe/Oslo", times=(T(8, 0),))
    # Saturday 28 March 2026 is CET (UTC+1); Sunday 29 March is CEST (UTC+2).
    assert next_slot_after(plan, utc(2026, 3, 27, 8, 0)) == utc(2026, 3, 28, 7, 0)
    assert next_slot_after(plan, utc(2026, 3, 28, 7, 0)) == utc(2026, 3, 29, 6, 0)


def test_a_daily_time_stays_at_8_local_across_the_autumn_change_in_oslo():
    plan = Plan(zone="Europe/Oslo", times=(T(8, 0),))
    assert next_slot_after(plan, utc(2026, 10, 24, 7, 0)) == utc(2026, 10, 25, 7, 0)
    assert next_slot_after(plan, utc(2026, 10, 23, 12, 0)) == utc(2026, 10, 24, 6, 0)


def test_a_time_skipped_by_the_spring_change_fires_once_an_hour_later_on_the_new_clock():
    plan = Plan(zone="Europe/Oslo", times=(T(2, 30),))
    slots = day_slots(plan, utc(2026, 3, 28, 23, 0))  # all of Sunday 29 March, local
    assert slots == [(utc(2026, 3, 29, 1, 30), "posture")]  # 03:30 CEST


def test_a_time_repeated_by_the_autumn_change_fires_once_at_its_first_occurrence():
    plan = Plan(zone="Europe/Oslo", times=(T(2, 30),))
    slots = day_slots(plan, utc(2026, 10, 24, 22, 0))  # all of Sunday 25 October, local
    assert slots == [(utc(2026, 10, 25, 0, 30), "posture")]  # 02:30 CEST, not again at 02:30 CET


def test_only_the_chosen_weekdays_get_posture_reminders():
    plan = Plan(zone="UTC", times=(T(9, 0),), weekdays=(0, 2))  # Monday and Wednesday
    week = day_slots(plan, utc(2026, 11, 16), days=7)  # Monday 16 November
    assert [at.date() for at, _ in week] == [dt.date(2026, 11, 16), dt.date(2026, 11, 18)]


def test_an_empty_weekday_list_means_no_posture_reminders_but_the_diary_nudge_still_comes_daily():
    plan = Plan(zone="UTC", times=(T(9, 0),), weekdays=(), diary_nudge_time=T(20, 0))
    week = day_slots(plan, utc(2026, 11, 16), days=7)
    assert [kind for _, kind in week] == ["diary_nudge"] * 7


def quiet_or_not(plan: Plan, start: dt.datetime):
    return [(s.at.time(), s.quiet) for s in slots_between(plan, start, start + dt.timedelta(days=1, seconds=-1))]


def test_quiet_hours_that_cross_midnight_mark_late_and_early_times_for_the_inbox_only():
    plan = Plan(zone="UTC", times=(T(6, 30), T(7, 0), T(12, 0), T(22, 30)), quiet_start=T(22, 0), quiet_end=T(7, 0))
    assert quiet_or_not(plan, utc(2026, 11, 16)) == [
        (T(6, 30), True),
        (T(7, 0), False),
        (T(12, 0), False),
        (T(22, 30), True),
    ]
    assert in_quiet_hours(plan, T(23, 59)) and in_quiet_hours(plan, T(0, 0)) and not in_quiet_hours(plan, T(21, 59))


def test_quiet_hours_within_a_day_mark_only_that_span():
    plan = Plan(zone="UTC", times=(T(12, 30), T(14, 0)), quiet_start=T(12, 0), quiet_end=T(14, 0))
    assert quiet_or_not(plan, utc(2026, 11, 16)) == [(T(12, 30), True), (T(14, 0), False)]


def test_slots_follow_the_patients_timezone():
    oslo = next_slot_after(Plan(zone="Europe/Oslo", times=(T(8, 0),)), utc(2026, 11, 20, 12, 0))
    new_york = next_slot_after(Plan(zone="America/New_York", times=(T(8, 0),)), utc(2026, 11, 20, 12, 0))
    assert oslo == utc(2026, 11, 21, 7, 0)
    assert new_york == utc(2026, 11, 20, 13, 0)  # 07:00 there now: 08:00 is still to come today


def test_weekdays_are_the_patients_local_weekdays():
    # Monday 08:00 in Auckland is Sunday 19:00 UTC.
    plan = Plan(zone="Pacific/Auckland", times=(T(8, 0),), weekdays=(0,))
    assert next_slot_after(plan, utc(2026, 11, 20)) == utc(2026, 11, 22, 19, 0)


def test_a_plan_with_nothing_to_send_has_no_next_slot():
    assert next_slot_after(Plan(zone="UTC"), utc(2026, 11, 20)) is None
    # A time in quiet hours still falls due: into the inbox, without a push.
    assert next_slot_after(
        Plan(zone="UTC", times=(T(8, 0),), quiet_start=T(7, 0), quiet_end=T(9, 0)), utc(2026, 11, 20)
    ) == utc(2026, 11, 20, 8, 0)


def test_clustered_mechanical_episodes_give_a_reminder_45_minutes_before_their_median_time():
    episodes = [T(15, 0), T(15, 20), T(15, 40), T(9, 0)]
    assert adaptive_time(episodes) == T(14, 35)


def test_scattered_or_too_few_episodes_give_no_adaptive_reminder():
    assert adaptive_time([T(15, 0), T(15, 30)]) is None
    assert adaptive_time([T(8, 0), T(11, 0), T(14, 0), T(17, 0), T(20, 0), T(23, 0)]) is None


def test_a_cluster_around_midnight_is_found():
    assert adaptive_time([T(23, 30), T(0, 10), T(0, 30)]) == T(23, 25)


def test_the_adaptive_reminder_is_left_out_when_a_chosen_time_is_already_close():
    plan = Plan(zone="UTC", times=(T(14, 20),), adaptive_time=T(14, 35))
    assert [kind for _, kind in day_slots(plan, utc(2026, 11, 16))] == ["posture"]
    plan = Plan(zone="UTC", times=(T(9, 0),), adaptive_time=T(14, 35))
    assert [kind for _, kind in day_slots(plan, utc(2026, 11, 16))] == ["posture", "adaptive"]


@pytest.mark.parametrize(
    "zone",
    ["Europe/Oslo", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Asia/Kolkata"],
)
def test_every_local_day_of_a_year_gets_each_time_exactly_once_whatever_the_zone(zone):
    times = (T(0, 0), T(0, 30), T(2, 30), T(23, 59))
    plan = Plan(zone=zone, times=times)
    slots = slots_between(plan, utc(2025, 12, 31), utc(2027, 1, 2))
    per_day = Counter(s.local_date for s in slots if s.local_date.year == 2026)
    assert len(per_day) == 365 and set(per_day.values()) == {len(times)}
    # Walking from slot to slot with next_slot_after finds the same ones, in order.
    start = [s.at for s in slots if s.local_date.year == 2026]
    walked, at = [], start[0] - dt.timedelta(seconds=1)
    while (at := next_slot_after(plan, at)) is not None and at <= start[-1]:
        walked.append(at)
    assert walked == start
