"""Plain diaries for the engine's tests: no database, just EntryData."""

import datetime as dt
import itertools
from dataclasses import replace

from diary.screening import EntryData, Profile, Thresholds, screen

TODAY = dt.date(2026, 11, 21)
_ids = itertools.count(1)


def day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def episode(days_ago: int = 0, **fields) -> EntryData:
    """A headache, right-sided and moderate unless told otherwise."""
    values = {"side": "right", "severity": 5, **fields}
    values["symptoms"] = frozenset(values.get("symptoms", ()))
    return EntryData(id=f"e{next(_ids):05d}", date=day(days_ago), headache=True, **values)


def checkin(days_ago: int) -> EntryData:
    return EntryData(id=f"c{next(_ids):05d}", date=day(days_ago), headache=False)


def neck_episode(days_ago: int = 0, **fields) -> EntryData:
    """The classic: right, from the neck, after holding a posture, same-side shoulder pain."""
    return episode(
        days_ago,
        **{
            "onset_region": "neck",
            "neck_trigger": "sustained_posture",
            "symptoms": {"shoulder_arm_pain"},
            "quality": "pressing",
            **fields,
        },
    )


def migraine_episode(days_ago: int = 0, **fields) -> EntryData:
    return episode(
        days_ago,
        **{
            "quality": "throbbing",
            "severity": 7,
            "symptoms": {"nausea", "photophobia", "phonophobia"},
            "neck_trigger": "none",
            "onset_region": "temple",
            **fields,
        },
    )


def spread(episodes: list[EntryData], logged_days: int = 60, every: int = 1) -> list[EntryData]:
    """Put the episodes one per day, `every` days apart from today backwards,
    and log headache-free check-ins on the other days of the last `logged_days`."""
    placed = [replace(e, date=day(i * every)) for i, e in enumerate(episodes)]
    taken = {e.date for e in placed}
    return placed + [checkin(i) for i in range(logged_days) if day(i) not in taken]


def run(
    entries,
    *,
    profile: Profile | None = None,
    exams=(),
    blocks=(),
    reviews=(),
    first_logged=None,
    days: int = 90,
    **overrides,
):
    # `spread` puts every headache in the last days and check-ins before them: by
    # version 3 (a baseline of >= 30 logged days) that is a pattern_change. Tests
    # about other rules switch it off; its own tests pass their threshold.
    overrides.setdefault("pattern_change_min_logged_before", 61)
    return screen(
        entries=entries,
        profile=profile or Profile(),
        exams=exams,
        blocks=blocks,
        reviews=reviews,
        first_logged=first_logged,
        today=TODAY,
        days=days,
        thresholds=Thresholds(**overrides),
    )
