"""Entries as JSON without a serializer instance per row.

DRF renders a list by running every field of a serializer over every row
(0.12 ms an entry, most of a year's list). These plain functions give the very
same shape as EntrySerializer (a test holds them equal) from `.values()` rows,
so a list costs a dict per row. Anyone listing entries (the clinician's view
too) can call `entry_json` on rows of `ENTRY_COLUMNS`, or `entries_json`.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from diary.models import Entry
from diary.red_flags import advice_for
from diary.services.entries import ENTRY_COLUMNS

# The columns a row passed to entry_json must carry (patient_id is not shown).
ROW_COLUMNS = tuple(name for name in ENTRY_COLUMNS if name != "patient_id")
TIME_FORMAT = settings.REST_FRAMEWORK.get("TIME_FORMAT", "iso-8601")


def _time(value: dt.time | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if TIME_FORMAT == "iso-8601" else value.strftime(TIME_FORMAT)


def _datetime(value: dt.datetime | None) -> str | None:
    # As DRF's DateTimeField in UTC (TIME_ZONE): ISO 8601 with a Z.
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def entry_json(row: dict) -> dict:
    """One entry in the API's shape, from a dict of its columns."""
    screen_hours = row["screen_hours"]
    return {
        "id": str(row["id"]),
        "date": row["date"].isoformat(),
        "headache": row["headache"],
        "started_at": _time(row["started_at"]),
        "duration_minutes": row["duration_minutes"],
        "ongoing": row["ongoing"],
        "side": row["side"],
        "onset_region": row["onset_region"],
        "severity": row["severity"],
        "quality": row["quality"],
        "neck_trigger": row["neck_trigger"],
        "posture": row["posture"],
        "worse_with_activity": row["worse_with_activity"],
        "symptoms": row["symptoms"],
        "medications": row["medications"],
        "red_flags": row["red_flags"],
        "screen_hours": None if screen_hours is None else float(screen_hours),
        "notes": row["notes"],
        "created_at": _datetime(row["created_at"]),
        "updated_at": _datetime(row["updated_at"]),
        "advice": advice_for(row["red_flags"]) if row["red_flags"] else None,
    }


def entries_json(rows: Iterable[dict]) -> list[dict]:
    return [entry_json(row) for row in rows]


def entry_instance_json(entry: Entry) -> dict:
    """The same for a model instance (one entry read or just saved)."""
    return entry_json({name: getattr(entry, name) for name in ROW_COLUMNS})
