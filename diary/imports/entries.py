"""An imported row as a Neckline entry: the same codes and bounds the entries API holds a
patient's own saves to (docs/api.md), checked here because the diary never imports the API.
A headache from another app may lack a side or a severity: those stay unanswered (null)."""

import datetime as dt

from django.utils.translation import gettext as _

from diary.choices import (
    EntryRedFlag,
    MedicationKind,
    NeckTrigger,
    OnsetRegion,
    Posture,
    Quality,
    Relief,
    Side,
    Symptom,
)
from diary.exports.csv import safe_cell
from diary.imports import RowError

EARLIEST_DATE = dt.date(1900, 1, 1)
NOTES_MAX = 2000
MEDICATIONS_MAX = 10
LONGEST_MINUTES = 10080  # a week, as the API
CODES = {
    "side": Side,
    "onset_region": OnsetRegion,
    "quality": Quality,
    "neck_trigger": NeckTrigger,
    "posture": Posture,
}
# A medication's kind from its name, for apps that only keep the name. Anything else is "other".
KIND_BY_NAME = {
    "ibuprofen": MedicationKind.NSAID,
    "naproxen": MedicationKind.NSAID,
    "diclofenac": MedicationKind.NSAID,
    "advil": MedicationKind.NSAID,
    "aleve": MedicationKind.NSAID,
    "paracetamol": MedicationKind.SIMPLE_ANALGESIC,
    "acetaminophen": MedicationKind.SIMPLE_ANALGESIC,
    "tylenol": MedicationKind.SIMPLE_ANALGESIC,
    "aspirin": MedicationKind.SIMPLE_ANALGESIC,
    "triptan": MedicationKind.TRIPTAN,
    "ergotamine": MedicationKind.ERGOT,
    "codeine": MedicationKind.OPIOID,
    "tramadol": MedicationKind.OPIOID,
    "excedrin": MedicationKind.COMBINATION_ANALGESIC,
    "gepant": MedicationKind.GEPANT,
}


def medication_kind(name: str) -> str:
    lowered = name.lower()
    return next((kind for word, kind in KIND_BY_NAME.items() if word in lowered), MedicationKind.OTHER)


def note_line(label: str, value: str) -> str:
    """ "Label: value", the value defused on its own (it no longer starts the cell, but a
    patient may copy it out of the notes into a spreadsheet)."""
    return f"{label}: {safe_cell(value)}"


def joined_notes(lines: list[str]) -> str:
    """Notes from several lines, each defused for a spreadsheet (a cell "=HYPERLINK(...)"
    from the other app stays text), cut to the API's length."""
    text = "\n".join(safe_cell(line) for line in lines if line)
    return text if len(text) <= NOTES_MAX else text[: NOTES_MAX - 1] + "…"


def checked_entry(values: dict, *, today: dt.date) -> dict:
    """The entry in entry_upsert's fields as JSON (dates and times as ISO text), or RowError."""
    entry = dict(values)
    date = entry.get("date")
    if not isinstance(date, dt.date):
        raise RowError(_("No date."))
    if date > today:
        raise RowError(_("The date %(date)s is after today.") % {"date": date.isoformat()})
    if date < EARLIEST_DATE:
        raise RowError(_("The date %(date)s is too far in the past.") % {"date": date.isoformat()})
    entry["date"] = date.isoformat()
    started = entry.get("started_at")
    entry["started_at"] = started.strftime("%H:%M") if started else None
    severity = entry.get("severity")
    if severity is not None and not (isinstance(severity, int) and 0 <= severity <= 10):
        raise RowError(_("The pain level %(value)s is not a number from 0 to 10.") % {"value": severity})
    minutes = entry.get("duration_minutes")
    if minutes is not None and not (1 <= minutes <= LONGEST_MINUTES):
        raise RowError(_("The duration is not between one minute and a week."))
    for name, choices in CODES.items():
        if entry.get(name) is not None and entry[name] not in choices.values:
            raise RowError(_("%(field)s: unknown code %(value)s.") % {"field": name, "value": entry[name]})
    for name, choices in (("symptoms", Symptom), ("red_flags", EntryRedFlag)):
        codes = entry.get(name)
        if codes is None and name == "symptoms":
            # Not asked (docs/api.md version 3): null stays null, unlike [] ("none of these").
            entry[name] = None
            continue
        codes = codes or []
        if any(code not in choices.values for code in codes):
            raise RowError(_("%(field)s: unknown code.") % {"field": name})
        entry[name] = list(dict.fromkeys(codes))
    medications = entry.get("medications") or []
    for medication in medications:
        if (
            not isinstance(medication, dict)
            or not str(medication.get("name", "")).strip()
            or len(medication["name"]) > 100
            or medication.get("kind") not in MedicationKind.values
            or medication.get("relief", "unknown") not in Relief.values
        ):
            raise RowError(_("medications: each needs a name (at most 100 characters), a kind and a relief."))
    if len(medications) > MEDICATIONS_MAX:
        raise RowError(_("More than %(count)s medications.") % {"count": MEDICATIONS_MAX})
    entry["medications"] = medications
    notes = entry.get("notes") or ""
    if len(notes) > NOTES_MAX:
        raise RowError(_("The notes are longer than %(count)s characters.") % {"count": NOTES_MAX})
    entry["notes"] = notes
    if not entry.get("headache", True):
        for name in ("side", "onset_region", "severity", "quality", "duration_minutes"):
            if entry.get(name) not in (None, []):
                raise RowError(_("A headache-free day cannot have a %(field)s.") % {"field": name})
    return entry
