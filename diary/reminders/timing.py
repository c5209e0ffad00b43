"""When reminders are due: pure functions over plain data, no database.

Slots are local wall-clock times in the patient's zone, turned into UTC instants
with zoneinfo one local day at a time, so a reminder at 08:00 stays at 08:00
local across daylight-saving changes and follows the patient to a new timezone.
On the spring-forward day a time that does not exist (02:30 in Oslo) fires at the
same moment one hour later on the new clock (03:30); on the fall-back day a time
that happens twice fires once, at its first occurrence.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median
from zoneinfo import ZoneInfo

ALL_WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)

# An adaptive reminder comes this long before the usual time of mechanical episodes,
# and is left out when a chosen reminder time is already within ADAPTIVE_SKIP_NEAR of it.
ADAPTIVE_LEAD = dt.timedelta(minutes=45)
ADAPTIVE_SKIP_NEAR = dt.timedelta(minutes=30)
# The cluster rule (see adaptive_time): enough episodes within a two-hour window.
CLUSTER_MIN_EPISODES = 3
CLUSTER_MIN_SHARE = 0.5
CLUSTER_WINDOW_MINUTES = 120


@dataclass(frozen=True)
class Plan:
    zone: str
    times: tuple[dt.time, ...] = ()
    weekdays: tuple[int, ...] = ALL_WEEKDAYS
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None
    diary_nudge_time: dt.time | None = None
    adaptive_time: dt.time | None = None


@dataclass(frozen=True, order=True)
class Slot:
    at: dt.datetime  # UTC
    kind: str
    local_date: dt.date
    # In the patient's quiet hours: not pushed, but in the inbox all the same (README, Reminders).
    quiet: bool = False


def parse_hhmm(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def in_quiet_hours(plan: Plan, local_time: dt.time) -> bool:
    """Quiet hours run from quiet_start up to (not including) quiet_end; a window
    like 22:00-07:00 crosses midnight."""
    start, end = plan.quiet_start, plan.quiet_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end


def _near_a_chosen_time(plan: Plan, local_time: dt.time) -> bool:
    minutes = local_time.hour * 60 + local_time.minute
    for chosen in plan.times:
        gap = abs(chosen.hour * 60 + chosen.minute - minutes)
        if min(gap, 24 * 60 - gap) < ADAPTIVE_SKIP_NEAR.total_seconds() / 60:
            return True
    return False


def _local_candidates(plan: Plan, day: dt.date) -> Iterable[tuple[str, dt.time]]:
    if day.weekday() in plan.weekdays:
        for local_time in plan.times:
            yield "posture", local_time
        if plan.adaptive_time is not None and not _near_a_chosen_time(plan, plan.adaptive_time):
            yield "adaptive", plan.adaptive_time
    # The diary is kept every day, so the nudge ignores the chosen weekdays.
    if plan.diary_nudge_time is not None:
        yield "diary_nudge", plan.diary_nudge_time


def _slots_on(plan: Plan, day: dt.date) -> list[Slot]:
    zone = ZoneInfo(plan.zone)
    slots = []
    for kind, local_time in _local_candidates(plan, day):
        # fold=0: the first of a repeated hour; a skipped hour maps forward.
        instant = dt.datetime.combine(day, local_time, tzinfo=zone).astimezone(dt.UTC)
        slots.append(Slot(at=instant, kind=kind, local_date=day, quiet=in_quiet_hours(plan, local_time)))
    return slots


def slots_between(plan: Plan, start: dt.datetime, end: dt.datetime) -> list[Slot]:
    """Every slot with start <= at <= end, in time order (start and end aware)."""
    zone = ZoneInfo(plan.zone)
    day = start.astimezone(zone).date() - dt.timedelta(days=1)
    last_day = end.astimezone(zone).date() + dt.timedelta(days=1)
    found = []
    while day <= last_day:
        found.extend(slot for slot in _slots_on(plan, day) if start <= slot.at <= end)
        day += dt.timedelta(days=1)
    return sorted(found)


def next_slot_after(plan: Plan, after: dt.datetime) -> dt.datetime | None:
    """The first slot strictly after `after`, or None when the plan has none."""
    zone = ZoneInfo(plan.zone)
    day = after.astimezone(zone).date() - dt.timedelta(days=1)
    for _ in range(9):  # a week, plus a day either side for zone offsets
        later = [slot.at for slot in _slots_on(plan, day) if slot.at > after]
        if later:
            return min(later)
        day += dt.timedelta(days=1)
    return None


def adaptive_time(episode_times: list[dt.time]) -> dt.time | None:
    """The local time for an adaptive reminder, from the start times of the
    patient's recent mechanical episodes (neck movement, sustained posture,
    pressure), or None when they do not cluster.

    The rule, simple enough to explain to a patient: find the two-hour window of
    the day holding the most episodes. If it holds at least 3 episodes and at
    least half of all of them, the episodes cluster; the reminder comes 45
    minutes before the median start time in that window, rounded down to 5 minutes.
    """
    if len(episode_times) < CLUSTER_MIN_EPISODES:
        return None
    minutes = sorted(t.hour * 60 + t.minute for t in episode_times)
    best: list[int] = []
    for first in minutes:
        window = [m for m in minutes if first <= m < first + CLUSTER_WINDOW_MINUTES]
        # Windows that wrap past midnight.
        window += [m + 24 * 60 for m in minutes if m < first + CLUSTER_WINDOW_MINUTES - 24 * 60]
        if len(window) > len(best):
            best = window
    if len(best) < CLUSTER_MIN_EPISODES or len(best) < CLUSTER_MIN_SHARE * len(minutes):
        return None
    at = (int(median(best)) - int(ADAPTIVE_LEAD.total_seconds() // 60)) % (24 * 60)
    at -= at % 5
    return dt.time(at // 60, at % 60)
