"""TEMPORARY STUB (clinicians branch): the screening engine is being built on the
`screening` branch; take main's version of this file when it lands."""

import datetime as dt

from diary.models import User
from diary.timezones import local_today


def screening_report(*, patient: User, days: int = 90, today: dt.date | None = None, audience: str = "patient") -> dict:
    today = today or local_today(patient)
    date_from = today - dt.timedelta(days=days - 1)
    return {
        "level": "insufficient_data",
        "mixed": False,
        "window": {"from": date_from.isoformat(), "to": today.isoformat(), "days": days,
                   "logged_days": 0, "headache_days": 0, "episodes": 0},
        "signals": [],
        "caps": [],
        "differentials": [],
        "red_flags": [],
        "summary": "Screening is not available yet.",
    }
