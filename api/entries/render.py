"""Entries as JSON without a serializer instance per row.

DRF renders a list by running every field of a serializer over every row, which
was most of the cost of a year's list (bench/entries_list.py). These plain
functions give the very same shape as EntrySerializer (tests hold them equal):

- `entry_json(row)` from a dict of ROW_COLUMNS (`.values()`), for one entry or a
  list on SQLite;
- `entries_page_json(...)` for a page of a list: on PostgreSQL the database
  writes each entry's JSON text itself and Python only joins them (adding the
  advice, which is the application's, to the few entries that may carry one), so
  a list costs almost nothing per entry. The clinician's list of a patient's
  entries can call it just the same.
"""

import datetime as dt
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, TextField
from django.db.models.expressions import RawSQL

from diary.models import Entry
from diary.red_flags import advice_for, artery_injury_related_rows, entry_advice
from diary.selectors.entries import entries_page
from diary.selectors.imported import entry_sources, source_sql
from diary.services.entries import ENTRY_COLUMNS
from diary.timezones import emergency_number, local_today

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


def advice_context(patient) -> dict:
    """What the advice needs of the patient (docs/screening.md, Advice): their local today,
    which decides `past`, their age, which decides the urgency of some flags, and the
    emergency number where they live (diary/timezones.py)."""
    today = local_today(patient)
    return {
        "today": today,
        "age": None if patient.birth_year is None else today.year - patient.birth_year,
        "emergency_number": emergency_number(patient.timezone),
    }


def _advice(row: dict, context: dict | None, related: list | None = None) -> dict | None:
    """A listed entry's advice: its flags, a jaw-movement headache at 50 or over,
    and `related`, the entries of the list's artery_injury_related_rows that
    complete a possible neck artery injury with it (docs/api.md: the list says
    what the single GET and the save response say)."""
    context = context or {}
    return advice_for(
        row["red_flags"] or (),
        symptoms=row["symptoms"],
        headache=row["headache"],
        neck_trigger=row["neck_trigger"],
        date=row["date"],
        related=related or (),
        **context,
    )


def _float(value) -> float | None:
    return None if value is None else float(value)


# Each column as it is stored, but these, written as DRF writes them (as _COLUMN_SQL below).
_COLUMN_PYTHON = {
    "id": str,
    "date": dt.date.isoformat,
    "started_at": _time,
    "screen_hours": _float,
    "created_at": _datetime,
    "updated_at": _datetime,
}


def entry_json(row: dict, context: dict | None = None, related: list | None = None) -> dict:
    """One entry in the API's shape, from a dict of its columns; `context` is the
    patient's advice_context (without it the advice speaks of now); `related` as
    for _advice."""
    data = {name: _COLUMN_PYTHON[name](row[name]) if name in _COLUMN_PYTHON else row[name] for name in ROW_COLUMNS}
    data["advice"] = _advice(row, context, related)
    # {format, import} for an entry an import wrote (issue 26), else null.
    data["source"] = row.get("source")
    return data


def entries_json(rows: Iterable[dict], context: dict | None = None, *, patient_id=None) -> list[dict]:
    """Entries in the API's shape; with `patient_id`, each with the other entries
    of that diary that complete a possible neck artery injury with it."""
    rows = list(rows)
    related = {} if patient_id is None else artery_injury_related_rows(patient_id=patient_id, rows=rows)
    return [entry_json(row, context, related.get(str(row["id"]))) for row in rows]


def entry_instance_json(entry: Entry, patient=None) -> dict:
    """The same for a model instance (one entry read or just saved)."""
    data = entry_json({name: getattr(entry, name) for name in ROW_COLUMNS}, {})
    data["advice"] = entry_advice(entry, patient=patient)
    # A save brings its source back in its own statement; an entry read alone looks it up.
    data["source"] = entry.source if hasattr(entry, "source") else entry_sources([entry.pk]).get(str(entry.pk))
    return data


# --- A page of entries, rendered by PostgreSQL -----------------------------------------------

# DRF's DateTimeField in UTC: ISO 8601, microseconds only when there are any, and a Z.
_UTC_ISO = (
    "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN to_char({c}, 'US') = '000000'"
    " THEN '' ELSE to_char({c} AT TIME ZONE 'UTC', '.US') END || 'Z'"
)
# The JSON text of one entry without `advice` (the keys in EntrySerializer's order): each
# column as it is, but these, written as DRF writes them.
_COLUMN_SQL = {
    "started_at": "to_char(started_at, 'HH24:MI')",
    "created_at": _UTC_ISO.format(c="created_at"),
    "updated_at": _UTC_ISO.format(c="updated_at"),
}
_ROW_JSON = (
    "json_build_object("
    + ", ".join(f"'{name}', {_COLUMN_SQL.get(name, name)}" for name in ROW_COLUMNS)  # the model's names, no input
    + f", 'source', {source_sql(Entry._meta.db_table + '.id')}"
    + ")::text"
)
_PAGE_ANNOTATIONS = {
    "json_text": RawSQL(_ROW_JSON, [], output_field=TextField()),  # noqa: S611 - fixed SQL, no input
    # The rows that may have advice: a ticked flag, a jaw-movement trigger (giant cell arteritis at 50),
    # or dizziness or a drooping eyelid (after an injury logged on another entry: a neck artery injury).
    "flagged": RawSQL(  # noqa: S611 - fixed SQL, no input
        "red_flags <> '[]'::jsonb OR neck_trigger = 'jaw_movement'"
        " OR coalesce(symptoms ?| array['dizziness', 'eyelid_droop_swelling'], false)",
        [],
        output_field=BooleanField(),
    ),
}


def _parsed(row: dict) -> dict | None:
    """A page row that may have advice, parsed (with its date as a date); None for the others."""
    if not row["flagged"]:
        return None
    entry = json.loads(row["json_text"])
    return {**entry, "date": dt.date.fromisoformat(entry["date"])}


def _with_advice(row: dict, entry: dict | None, context: dict, related: dict) -> str:
    if entry is None:
        return row["json_text"][:-1] + ', "advice" : null}'
    advice = _advice(entry, context, related.get(entry["id"]))
    return json.dumps({**entry, "date": entry["date"].isoformat(), "advice": advice})


def entries_page_json(
    *, patient, date_from: dt.date, date_to: dt.date, size: int | None = None
) -> tuple[str, dt.date | None]:
    """A page of the patient's entries (diary.selectors.entries.entries_page) as the
    JSON text of a list, and the `to` of the next page (None on the last)."""
    if connection.vendor != "postgresql":
        rows, next_to = entries_page(
            patient=patient, date_from=date_from, date_to=date_to, columns=ROW_COLUMNS, size=size
        )
        sources = entry_sources([row["id"] for row in rows])
        rows = [{**row, "source": sources.get(str(row["id"]))} for row in rows]
        return json.dumps(entries_json(rows, advice_context(patient), patient_id=patient.pk)), next_to
    rows, next_to = entries_page(
        patient=patient,
        date_from=date_from,
        date_to=date_to,
        size=size,
        columns=("date", "json_text", "flagged"),
        annotations=_PAGE_ANNOTATIONS,
    )
    context = advice_context(patient)
    parsed = [_parsed(row) for row in rows]
    related = artery_injury_related_rows(patient_id=patient.pk, rows=[entry for entry in parsed if entry])
    return "[" + ",".join(
        _with_advice(row, entry, context, related) for row, entry in zip(rows, parsed, strict=True)
    ) + "]", next_to
