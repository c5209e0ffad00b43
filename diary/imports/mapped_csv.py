"""Any CSV diary (a spreadsheet, a paper diary typed up), read through the patient's column
mapping: {"columns": {neckline field: the file's column}, "date_format": "%d.%m.%Y"}.

Mappable fields: date (required), started_at (HH:MM), duration_minutes, headache
(yes/no, true/false, 1/0), side, onset_region, severity (0-10), symptoms (codes, comma-
separated), notes. Columns not mapped go into the notes with their names.
"""

import csv
import datetime as dt
import hashlib
import io

from django.utils.translation import gettext as _

from diary.imports import ImportRefused, Parsed, RowError
from diary.imports.entries import checked_entry, joined_notes, note_line
from diary.imports.migraine_buddy import values

FIELDS = (
    "date",
    "started_at",
    "duration_minutes",
    "headache",
    "side",
    "onset_region",
    "severity",
    "symptoms",
    "notes",
)
YES, NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


def check_mapping(mapping) -> dict:
    """The mapping, checked: a 400 naming `mapping` otherwise."""
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise ImportRefused("mapping", _('A CSV needs a mapping: {"columns": {"date": "your date column", ...}}.'))
    columns = mapping["columns"]
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ImportRefused("mapping", _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)})
    if "date" not in columns:
        raise ImportRefused("mapping", _("Map a column to the date."))
    if not all(isinstance(name, str) and 0 < len(name) <= 100 for name in columns.values()):
        raise ImportRefused("mapping", _("Each column name is text of at most 100 characters."))
    date_format = mapping.get("date_format", "%Y-%m-%d")
    if not isinstance(date_format, str) or "%" not in date_format or len(date_format) > 40:
        raise ImportRefused("mapping", _("date_format is a strftime pattern such as %d.%m.%Y."))
    return {"columns": dict(columns), "date_format": date_format}


def _integer(text: str, name: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise RowError(_("%(field)s: %(value)s is not a whole number.") % {"field": name, "value": text[:20]}) from None


def _row(cells: dict, mapping: dict, today: dt.date) -> dict:
    columns = mapping["columns"]

    def cell(name: str) -> str:
        return (cells.get(columns[name]) or "").strip() if name in columns else ""

    try:
        date = dt.datetime.strptime(cell("date"), mapping["date_format"]).date()
    except ValueError:
        raise RowError(
            _("date: %(value)s does not match %(format)s.")
            % {"value": cell("date")[:30], "format": mapping["date_format"]}
        ) from None
    headache = cell("headache").lower()
    if headache not in YES | NO:
        raise RowError(_("headache: %(value)s is not yes or no.") % {"value": headache[:20]})
    is_headache = "headache" not in columns or headache in YES
    started = None
    if cell("started_at"):
        try:
            started = dt.datetime.strptime(cell("started_at"), "%H:%M").time()
        except ValueError:
            raise RowError(
                _("started_at: %(value)s is not a time like 14:30.") % {"value": cell("started_at")[:20]}
            ) from None
    mapped = set(columns.values())
    others = [
        note_line(column, value) for column, value in cells.items() if column not in mapped and (value or "").strip()
    ]
    entry = {"date": date, "headache": is_headache, "notes": joined_notes([cell("notes"), *others])}
    if is_headache:
        entry |= {
            "started_at": started,
            "duration_minutes": _integer(cell("duration_minutes"), "duration_minutes"),
            "side": cell("side").lower() or None,
            "onset_region": cell("onset_region").lower() or None,
            "severity": _integer(cell("severity"), "severity"),
            # A blank or unmapped symptoms cell was not asked (null), never "none of these".
            "symptoms": [value.lower() for value in values(cell("symptoms"))] or None,
        }
    return checked_entry(entry, today=today)


def read(text: str, *, mapping: dict, today: dt.date) -> Parsed:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = sorted(set(mapping["columns"].values()) - set(header))
    if missing:
        raise ImportRefused("mapping", _("The file has no column %(names)s.") % {"names": ", ".join(missing)})
    parsed = Parsed()
    for number, cells in enumerate(reader, start=2):
        cells.pop(None, None)  # cells beyond the header
        if not any((value or "").strip() for value in cells.values()):
            continue
        try:
            entry = _row(cells, mapping, today)
        except RowError as error:
            parsed.error(number, str(error))
            continue
        # The row's own content names it: the same row in a later copy of the file is the same entry.
        key = hashlib.sha256(repr(sorted(cells.items())).encode()).hexdigest()
        parsed.rows.append({"row": number, "key": key, "entry": entry})
    mapped = set(mapping["columns"].values())
    parsed.not_mapped = {column: _("kept in the notes") for column in header if column not in mapped}
    return parsed
