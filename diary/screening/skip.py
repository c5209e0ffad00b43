"""When the nightly pass may skip a patient: the proof that the outcome it
stores (level, mixed, red-flag codes) cannot have changed.

With the diary, the profile, the exams and the reviews unchanged since the last
snapshot (one diary version covers all four), only the passing of days can
change the report. The days can change it only through:

- entries leaving the window (and the 90 days pattern_change looks back, and the
  365 days an entry-level red flag holds the level), or
  entries crossing its 30-day split: the *moving edges*;
- the observed days of the one rate, while the diary is younger than the window;
- months passing, for the profile flags counted in months (and the age in years);
- a pattern_change review whose 30 days run out, or an exam dated after the
  last snapshot (a clinician may date one on the patient's tomorrow);
- the time of day, through a diagnostic block's post-block diary: a prompt that comes
  due unanswered ends a run of relief, with no new answer to move the version. A day
  on which one comes due, from the last snapshot's day on, is recomputed.

`tests/diary/test_screening_skip.py` checks this against the engine itself.
"""

import dataclasses
import datetime as dt
import hashlib
import importlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from diary.screening.thresholds import PATTERN_LOOKBACK_DAYS, Thresholds, treatment_settings

# The code that decides what the engine says of a diary. Its hash is the engine's version,
# derived rather than bumped by hand: the first nightly pass after a deploy that changed
# any of it recomputes everyone (a change of a comment costs one such pass, a forgotten
# bump would have cost wrong skips).
ENGINE_MODULES = (
    "diary.screening.engine",
    "diary.screening.rules",
    "diary.screening.episodes",
    "diary.red_flags",
    "diary.treatments.relief",
    "diary.treatments.prompt_times",
)


@cache
def engine_version() -> str:
    digest = hashlib.sha256()
    for name in ENGINE_MODULES:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:12]


def engine_fingerprint(t: Thresholds) -> str:
    """The engine version and the thresholds in force (the treatment settings too: they
    decide a block's result): a snapshot computed under others proves nothing about
    today's outcome, and is never read as today's report."""
    settings = (dataclasses.astuple(t), dataclasses.astuple(treatment_settings()))
    digest = hashlib.sha256(repr(settings).encode()).hexdigest()[:12]
    return f"{engine_version()}:{digest}"


def moving_edges(last_to: dt.date, today: dt.date, days: int, t: Thresholds) -> list[tuple[dt.date, dt.date]]:
    """The date ranges (inclusive) whose entries may change the outcome between
    a report ending on `last_to` and one ending on `today`."""
    day = dt.timedelta(days=1)
    split = t.pattern_change_review_days  # the 30-day split of pattern_change
    edges = [
        (last_to - dt.timedelta(days=days - 1), today - dt.timedelta(days=days)),  # leaving the window
        (last_to - dt.timedelta(days=PATTERN_LOOKBACK_DAYS - 1), today - dt.timedelta(days=PATTERN_LOOKBACK_DAYS)),
        (last_to - dt.timedelta(days=split - 1), today - dt.timedelta(days=split)),  # recent -> before
        # An unreviewed entry-level flag stops holding the level after 365 days.
        (last_to - dt.timedelta(days=t.red_flag_hold_days - 1), today - dt.timedelta(days=t.red_flag_hold_days)),
        (last_to + day, today),  # entering (none can exist without a new diary version; checked all the same)
    ]
    return [(start, end) for start, end in edges if start <= end]


def outcome_unchanged(
    *,
    last_to: dt.date,
    today: dt.date,
    first_logged: dt.date | None,
    headaches_since: dt.date | None,
    edge_dates: Iterable[dt.date],
    pattern_review_dates: Iterable[dt.date] = (),
    exam_dates: Iterable[dt.date] = (),
    prompt_dates: Iterable[dt.date] = (),
    days: int,
    t: Thresholds,
) -> bool:
    """True when a report ending on `today` must have the outcome of the one that
    ended on `last_to`, for an unchanged diary version. `edge_dates` are the
    dates of the patient's entries in `moving_edges` (more dates are harmless);
    `prompt_dates` the local dates post-block prompts come due (from last_to on)."""
    if any(last_to <= date <= today for date in prompt_dates):
        return False  # a block's result may have changed with the hour (a prompt due unanswered)
    if today == last_to:
        return True
    if today < last_to:
        return False  # the patient moved west of their last snapshot's day: recompute
    window_from = today - dt.timedelta(days=days - 1)
    if first_logged is not None and first_logged > window_from:
        return False  # a young diary: the observed days, and every rate, still grow
    if headaches_since is not None and (last_to.year, last_to.month) != (today.year, today.month):
        return False  # the profile flags count months, and the age years
    edges = moving_edges(last_to, today, days, t)
    if any(start <= date <= end for date in edge_dates for start, end in edges):
        return False
    expiring = (
        last_to - dt.timedelta(days=t.pattern_change_review_days - 1),
        today - dt.timedelta(days=t.pattern_change_review_days),
    )
    if any(expiring[0] <= date <= expiring[1] for date in pattern_review_dates):
        return False
    return not any(last_to < date <= today for date in exam_dates)
