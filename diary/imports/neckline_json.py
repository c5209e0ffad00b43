"""Neckline's own JSON export (diary/exports/own_data.py, versions 1 and 2), read back.

The entries become rows keyed by their id; the rest of the account the patient owns
(profile answers, timeline with procedures and ratings, programmes with sessions,
questionnaire responses, reminder settings) travels in `records`, restored by the service.
What belongs to the old account itself is not imported, and `not_mapped` says so: its
screening snapshots, notices, reminder deliveries, grants and access log (the new account
makes its own), push subscriptions (a browser's, subscribed again on the device), exam
records and red-flag reviews (a clinician's word: a file cannot carry it into a diary).
"""

import datetime as dt
import json

from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from diary.exports.own_data import EXPORT_FORMAT
from diary.imports import ImportRefused, Parsed, RowError
from diary.imports.entries import checked_entry
from diary.services.entries import ENTRY_DEFAULTS

VERSIONS = (1, 2)
RECORD_SECTIONS = ("timeline", "programmes", "questionnaire_responses", "reminder_settings")
NOT_IMPORTED = {
    "exam_records": "a clinician's record",
    "red_flag_reviews": "a clinician's record",
    "screening_snapshots": "made again by the new account",
    "notices": "made again by the new account",
    "reminders": "made again by the new account",
    "grants": "the account's own",
    "access_log": "the account's own",
    "record_history": "the account's own",
    "push_subscriptions": "a browser's: turn reminders on again on the device",
}


def _entry(item: dict, today: dt.date) -> dict:
    if not isinstance(item, dict):
        raise RowError(_("An entry is not an object."))
    values = {name: item.get(name, default) for name, default in ENTRY_DEFAULTS.items()}
    try:
        values["date"] = parse_date(item.get("date") or "")
        values["started_at"] = parse_time(item["started_at"]) if item.get("started_at") else None
    except (TypeError, ValueError):
        raise RowError(_("date or started_at is not a date or a time.")) from None
    return checked_entry(values, today=today)


def read(text: str, *, today: dt.date) -> Parsed:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise ImportRefused("file", _("This is not a Neckline export: the JSON cannot be read.")) from None
    if not isinstance(document, dict) or document.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
        raise ImportRefused("file", _("This is not a Neckline export."))
    version = document.get("version", 1)
    if version not in VERSIONS or not isinstance(document.get("entries"), list):
        raise ImportRefused("file", _("This Neckline export's version is not one this server reads."))
    parsed = Parsed()
    for number, item in enumerate(document["entries"], start=1):
        try:
            entry = _entry(item, today)
            key = str(item["id"])
        except (RowError, KeyError) as error:
            parsed.error(number, str(error) if isinstance(error, RowError) else _("An entry has no id."))
            continue
        parsed.rows.append({"row": number, "key": key, "entry": entry})
    profile = document.get("profile") if isinstance(document.get("profile"), dict) else {}
    sections = {name: document.get(name) or [] for name in RECORD_SECTIONS}
    # What a clinician withdrew stays out of the new diary, as it is out of the old one's views.
    for name in ("timeline", "programmes"):
        if isinstance(sections[name], list):
            sections[name] = [
                item for item in sections[name] if not (isinstance(item, dict) and item.get("withdrawn_at"))
            ]
    parsed.records = {"profile": profile, **sections}
    parsed.not_mapped = {name: reason for name, reason in NOT_IMPORTED.items() if document.get(name)}
    return parsed
