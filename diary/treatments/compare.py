"""Did the diary change after a treatment? Matched windows before and after an event.

Windows are counted in days from the event's local date: before = days -30..-1,
after = days 15..45 by default (the days between are a washout: a treatment takes
time to act, a block's own effect has to pass). "Per 30 days" has the one meaning
of docs/screening.md (Inputs): count x 30 / observed days, where observed days run
from the later of the window's first day and the patient's first logged day ever.
A side with too few logged days says so instead of giving figures to trust.
"""

import dataclasses
import datetime as dt
import functools
import itertools
import statistics

from diary.timezones import shift_days
from diary.treatments.config import TreatmentSettings

DAY = dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class DayData:
    """What one local day of the diary holds, for these comparisons."""

    headache: bool = False
    severities: tuple[int, ...] = ()
    acute_medication: bool = False


@dataclasses.dataclass(frozen=True)
class DiaryIndex:
    """The diary by day, read once for a whole timeline."""

    days: dict  # {date: DayData}, logged days only
    first_logged: dt.date | None
    today: dt.date

    @functools.cached_property
    def _running(self) -> tuple[dt.date, list[int], list[int]]:
        """Running totals of logged and headache days from the first day held, so a
        count over any span is two look-ups (the ablation's trailing windows)."""
        origin = min(self.days, default=self.today)
        span = (self.today - origin).days + 1
        logged, headache = [0] * span, [0] * span
        for date, data in self.days.items():
            if origin <= date <= self.today:
                logged[(date - origin).days] = 1
                headache[(date - origin).days] = int(data.headache)
        return origin, [0, *itertools.accumulate(logged)], [0, *itertools.accumulate(headache)]

    def counts(self, first: dt.date, last: dt.date) -> tuple[int, int, int]:
        """(observed days, logged days, headache days) between two dates, up to today."""
        origin, logged, headache = self._running
        end = min(last, self.today)
        start = max(first, self.first_logged) if self.first_logged else first
        observed = (end - start).days + 1 if self.first_logged and end >= start else 0
        lo, hi = max((start - origin).days, 0), (end - origin).days + 1
        if hi <= lo:
            return observed, 0, 0
        return observed, logged[hi] - logged[lo], headache[hi] - headache[lo]

    def window(self, first: dt.date, last: dt.date) -> dict:
        end = min(last, self.today)
        start = max(first, self.first_logged) if self.first_logged else first
        observed = (end - start).days + 1 if self.first_logged and end >= start else 0
        logged = headache = acute = 0
        severities: list[int] = []
        day = start
        while day <= end:
            data = self.days.get(day)
            if data is not None:
                logged += 1
                headache += data.headache
                acute += data.acute_medication
                severities.extend(data.severities)
            day += DAY
        return {
            "from": first,
            "to": last,
            "complete": last <= self.today,
            "observed_days": observed,
            "logged_days": logged,
            "headache_days": headache,
            "headache_days_per_30": _per_30(headache, observed),
            "median_severity": statistics.median(severities) if severities else None,
            "acute_medication_days": acute,
            "acute_medication_days_per_30": _per_30(acute, observed),
        }


def _per_30(count: int, observed: int) -> float | None:
    return round(count * 30 / observed, 1) if observed else None


def before_after(event_date: dt.date, index: DiaryIndex, t: TreatmentSettings) -> dict:
    before = index.window(shift_days(event_date, -t.before_days), shift_days(event_date, -1))
    after = index.window(shift_days(event_date, t.after_from_day), shift_days(event_date, t.after_to_day))
    reasons = []
    if before["logged_days"] < t.min_logged_days:
        reasons.append("not_enough_diary_before")
    if index.today < after["from"]:
        reasons.append("after_window_not_reached")
    elif after["logged_days"] < t.min_logged_days:
        reasons.append("not_enough_diary_after")
    enough = not reasons
    change = None
    if enough:
        change = {
            key: None if before[key] is None or after[key] is None else round(after[key] - before[key], 1)
            for key in ("headache_days_per_30", "median_severity", "acute_medication_days_per_30")
        }
    return {
        "before": before,
        "after": after,
        "washout_days": [1, t.after_from_day - 1],
        "enough_diary": enough,
        "reasons": reasons,
        "change": change,
    }


def rfa_benefit(event_date: dt.date, comparison: dict, index: DiaryIndex, t: TreatmentSettings) -> dict:
    """How long a radiofrequency ablation's benefit lasted: the days until headache days
    per 30 (over a trailing 30 days, past the washout, with enough diary) are back to
    `rfa_return_share` of the before-window's. `waning_since` is that day, if any."""
    out = {"status": "unknown", "lasted_days": None, "waning_since": None, "headache_days_per_30_now": None}
    baseline = comparison["before"]["headache_days_per_30"]
    if not comparison["enough_diary"] or not baseline:
        return out
    threshold = baseline * t.rfa_return_share
    if comparison["after"]["headache_days_per_30"] >= threshold:
        return {**out, "status": "no_clear_benefit"}
    span = t.before_days - 1
    day = shift_days(event_date, t.after_from_day + span)
    while day <= index.today:
        observed, logged, headache = index.counts(shift_days(day, -span), day)
        if logged >= t.min_logged_days:
            rate = _per_30(headache, observed)
            out["headache_days_per_30_now"] = rate
            if rate >= threshold:
                return {**out, "status": "waned", "lasted_days": (day - event_date).days, "waning_since": day}
        day += DAY
    return {**out, "status": "lasting", "lasted_days": (index.today - event_date).days}
