"""Migraine Buddy's CSV export.

Layout (issue 26): a preamble of ongoing events (an attack started but not ended: a title
line, then one line per event whose first cell is its start), a blank line, then a header
row beginning "#","Started","Lasted","Start UTC Offset (min)","End UTC Offset (min)",
"Geohash" and one row per attack. `Started` is the local time ("%m/%d/%y %H:%M") with the
UTC offset beside it; `Lasted` reads like "1d 02h 15m"; pain is 0-10; multi-value cells
are comma-separated (a value with a comma in it is quoted inside the cell); "no medication"
means none was taken. The medication columns ("Helpful Medication", "Somewhat Helpful
Medication", "Unhelpful Medication", "Unsure Medication", or one column of the combined
name) give each medication's relief.

What has a Neckline meaning is mapped; the rest goes into the notes with its column's
name, and `not_mapped` says so. The geohash (a location) is dropped unless the patient
asks to keep it.
"""

import csv
import datetime as dt
import io
import re

from django.utils.translation import gettext as _

from diary.imports import ImportRefused, Parsed, RowError
from diary.imports.entries import MEDICATIONS_MAX, checked_entry, joined_notes, medication_kind, note_line

STARTED_FORMAT = "%m/%d/%y %H:%M"
LASTED = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$")
NO_MEDICATION = "no medication"
RELIEF_COLUMNS = {
    "Helpful Medication": "complete",
    "Somewhat Helpful Medication": "partial",
    "Unhelpful Medication": "none",
    "Unsure Medication": "unknown",
}
COMBINED_MEDICATION = "Helpful / Somewhat Helpful / Unhelpful / Unsure Medication"
SYMPTOMS = {
    "nausea": "nausea",
    "vomiting": "vomiting",
    "sensitivity to light": "photophobia",
    "sensitivity to sound": "phonophobia",
    "aura": "aura",
    "neck pain": "neck_stiffness",
    "stiff neck": "neck_stiffness",
    "dizziness": "dizziness",
    "watery eyes": "tearing_red_eye",
    "nasal congestion": "nasal_symptoms",
    "runny nose": "nasal_symptoms",
    "restlessness": "restlessness",
}
# Only the triggers with a neck meaning (docs/api.md): (neck_trigger, posture).
TRIGGERS = {
    "neck movement": ("movement", None),
    "bad posture": ("sustained_posture", None),
    "posture": ("sustained_posture", None),
    "screen time": (None, "desk_screen"),
    "computer": (None, "desk_screen"),
    "looking down at phone": (None, "phone_looking_down"),
    "driving": (None, "driving"),
}
REGIONS = (
    ("neck", "neck"),
    ("back of head", "occiput"),
    ("occipital", "occiput"),
    ("temple", "temple"),
    ("forehead", "forehead"),
    ("eye", "eye"),
    ("top of head", "vertex"),
)
# Columns kept in the notes as they are.
NOTE_COLUMNS = (
    "Attack Types",
    "Attack Location",
    "Affected Activities",
    "Most Bothersome Symptom",
    "Premonitory Symptoms",
    "Non Drug Relief Methods",
    "Notes",
)
MAPPED = {
    "#",
    "Started",
    "Lasted",
    "Start UTC Offset (min)",
    "End UTC Offset (min)",
    "Geohash",
    "Pain Level",
    "Pain Positions",
    "Symptoms",
    "Potential Triggers",
    COMBINED_MEDICATION,
    *RELIEF_COLUMNS,
    *NOTE_COLUMNS,
}


def values(cell: str) -> list[str]:
    """A multi-value cell's values: split on commas, a quoted value keeping its own."""
    if not cell or not cell.strip():
        return []
    return [value.strip() for value in next(csv.reader([cell], skipinitialspace=True)) if value.strip()]


def lasted_minutes(text: str) -> int | None:
    match = LASTED.match(text or "")
    if not text or not text.strip():
        return None
    if match is None or not any(match.groups()):
        raise RowError(_("Lasted: %(value)s does not read like 1d 02h 15m.") % {"value": text[:40]})
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return days * 1440 + hours * 60 + minutes or None


def started(text: str, offset: str) -> tuple[dt.datetime, int]:
    try:
        local = dt.datetime.strptime(text.strip(), STARTED_FORMAT)
    except ValueError:
        raise RowError(_("Started: %(value)s is not a date like 03/28/26 09:15.") % {"value": text[:40]}) from None
    try:
        minutes = int(offset) if offset and offset.strip() else 0
    except ValueError:
        raise RowError(_("Start UTC Offset (min): %(value)s is not a number.") % {"value": offset[:20]}) from None
    if not -1080 <= minutes <= 1080:
        raise RowError(_("Start UTC Offset (min): %(value)s is not an offset.") % {"value": minutes})
    return local, minutes


def _sides_and_region(positions: list[str]) -> tuple[str | None, str | None, list[str]]:
    left = any("left" in position.lower() for position in positions)
    right = any("right" in position.lower() for position in positions)
    both = any("both" in position.lower() for position in positions)
    side = "both" if both or (left and right) else "left" if left else "right" if right else None
    region, unknown = None, []
    for position in positions:
        found = next((code for word, code in REGIONS if word in position.lower()), None)
        if found is None:
            unknown.append(position)
        region = region or found  # the first position named is where it began
    return side, region, unknown


def _medications(row: dict) -> tuple[list[dict], list[str]]:
    medications, extra = [], []
    columns = dict(RELIEF_COLUMNS)
    if COMBINED_MEDICATION in row:
        columns[COMBINED_MEDICATION] = "unknown"
    for column, relief in columns.items():
        for name in values(row.get(column, "")):
            if name.lower() == NO_MEDICATION:
                continue
            medication = {"name": name[:100], "kind": medication_kind(name), "relief": relief}
            (medications if len(medications) < MEDICATIONS_MAX else extra).append(medication)
    return medications, [f"{medication['name']} ({medication['relief']})" for medication in extra]


def attack(row: dict, *, keep_location: bool, today: dt.date) -> tuple[str, dict]:
    """One attack row as (key, entry). The key is the attack's moment in UTC: two attacks
    at the same local time across a change of clocks are two attacks."""
    local, offset = started(row.get("Started", ""), row.get("Start UTC Offset (min)", ""))
    severity_text = (row.get("Pain Level") or "").strip()
    try:
        severity = int(severity_text) if severity_text else None
    except ValueError:
        raise RowError(
            _("Pain Level: %(value)s is not a number from 0 to 10.") % {"value": severity_text[:20]}
        ) from None
    side, region, other_positions = _sides_and_region(values(row.get("Pain Positions", "")))
    symptoms, other_symptoms = [], []
    for symptom in values(row.get("Symptoms", "")):
        code = SYMPTOMS.get(symptom.lower())
        symptoms.append(code) if code else other_symptoms.append(symptom)
    neck_trigger = posture = None
    other_triggers = []
    for trigger in values(row.get("Potential Triggers", "")):
        mapped = TRIGGERS.get(trigger.lower())
        if mapped is None:
            other_triggers.append(trigger)
            continue
        neck_trigger, posture = neck_trigger or mapped[0], posture or mapped[1]
    medications, more_medications = _medications(row)
    notes = [note_line(column, row[column]) for column in NOTE_COLUMNS if (row.get(column) or "").strip()]
    notes += [
        note_line(label, ", ".join(items))
        for label, items in (
            ("Pain Positions", other_positions),
            ("Symptoms", other_symptoms),
            ("Potential Triggers", other_triggers),
            ("Medication", more_medications),
        )
        if items
    ]
    notes += [
        note_line(column, value) for column, value in row.items() if column not in MAPPED and (value or "").strip()
    ]
    if keep_location and (row.get("Geohash") or "").strip():
        notes.append(note_line("Geohash", row["Geohash"]))
    entry = {
        "date": local.date(),
        "headache": True,
        "started_at": local.time(),
        "duration_minutes": lasted_minutes(row.get("Lasted", "")),
        "ongoing": False,
        "side": side,
        "onset_region": region,
        "severity": severity,
        "neck_trigger": neck_trigger,
        "posture": posture,
        "symptoms": symptoms,
        "medications": medications,
        "notes": joined_notes(["Migraine Buddy", *notes]),
    }
    key = (local - dt.timedelta(minutes=offset)).isoformat() + "Z"
    return key, checked_entry(entry, today=today)


def read(text: str, *, today: dt.date, keep_location: bool = False) -> Parsed:
    lines = list(csv.reader(io.StringIO(text)))
    header_at = next((i for i, cells in enumerate(lines) if cells[:2] == ["#", "Started"]), None)
    if header_at is None:
        raise ImportRefused("file", _('This is not a Migraine Buddy export: no header row beginning "#","Started".'))
    header = lines[header_at]
    parsed = Parsed()
    # The preamble: ongoing attacks (started, not ended), before the blank line.
    for number, cells in enumerate(lines[:header_at], start=1):
        if not cells or not cells[0].strip() or not cells[0].strip()[:1].isdigit():
            continue  # the blank line, or the preamble's title
        try:
            local, offset = started(cells[0], cells[1] if len(cells) > 1 else "")
            entry = checked_entry(
                {
                    "date": local.date(),
                    "headache": True,
                    "started_at": local.time(),
                    "ongoing": True,
                    "notes": joined_notes(["Migraine Buddy: ongoing when exported", *cells[2:]]),
                },
                today=today,
            )
        except RowError as error:
            parsed.error(number, str(error))
            continue
        key = (local - dt.timedelta(minutes=offset)).isoformat() + "Z"
        parsed.rows.append({"row": number, "key": key, "entry": entry})
    for number, cells in enumerate(lines[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, cells, strict=False))
        try:
            key, entry = attack(row, keep_location=keep_location, today=today)
        except RowError as error:
            parsed.error(number, str(error))
            continue
        parsed.rows.append({"row": number, "key": key, "entry": entry})
    parsed.not_mapped = {column: _("kept in the notes") for column in header if column not in MAPPED}
    parsed.not_mapped.update({column: _("kept in the notes") for column in NOTE_COLUMNS if column in header})
    if "Geohash" in header:
        parsed.not_mapped["Geohash"] = _("kept in the notes") if keep_location else _("dropped (a location)")
    return parsed
