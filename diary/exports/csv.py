"""The diary as CSV, one row per entry, oldest first.

Columns (README-able; lists are joined with "; "):

    id                  the entry's UUID
    date                YYYY-MM-DD, the patient's local day
    headache            true, or false for a headache-free check-in
    started_at          HH:MM, local
    duration_minutes    whole minutes
    ongoing             true / false / empty
    side                left, right or both
    onset_region        neck, occiput, temple, forehead, eye, vertex, diffuse
    severity            0-10 numeric rating scale
    quality             pressing, throbbing, stabbing, other
    neck_trigger        movement, sustained_posture, pressure, none, unsure
    posture             desk_screen, phone_looking_down, driving, overhead_work, lying_sleep, sitting, standing, other
    worse_with_activity true / false / empty
    symptoms            symptom codes
    medications         each as "name (kind, relief)"
    red_flags           red-flag codes the patient ticked
    screen_hours        hours of screen time that day
    notes               the patient's own words
    created_at          ISO 8601 timestamp, UTC
    updated_at          ISO 8601 timestamp, UTC
    source              empty for an entry written in Neckline; for an imported one the
                        format it came from (neckline_json, migraine_buddy_csv,
                        apple_health, csv)

The header row is in the reader's language (issue 25); in English it is the column
names above, which scripts may rely on.

An empty cell means the patient did not answer. A cell that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return, at its start
or after a , ; | or tab it might split on) gets a single quote before it, so
opening the file never runs anything.
"""

import csv
import io
import re
from collections.abc import Iterable

from django.utils.translation import pgettext

from diary.models import Entry
from diary.models.entries import ENTRY_READ_FIELDS

COLUMNS = [
    *ENTRY_READ_FIELDS,
    "source",
]  # the model's, in its order (the docstring above lists them), and an import's mark
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet may split a cell again on any of these (a semicolon in many locales), so
# text starting with a formula character right after one is defused too: "x;=1+1;"
# becomes "x;'=1+1;". Spaces before the formula character do not hide it.
FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[,;\t|])(?=[ ]*[=+\-@\t\r])")


def safe_cell(value) -> str:
    """The cell's text, defused wherever a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)


def _row(entry: Entry, sources: dict[str, str]) -> list[str]:
    values = {name: getattr(entry, name) for name in COLUMNS if name != "source"}
    values["source"] = sources.get(str(entry.id))
    values["started_at"] = entry.started_at.strftime("%H:%M") if entry.started_at else None
    values["symptoms"] = "; ".join(entry.symptoms or ())  # None: not asked
    values["red_flags"] = "; ".join(entry.red_flags)
    values["medications"] = "; ".join(
        f"{medication['name']} ({medication['kind']}, {medication['relief']})" for medication in entry.medications
    )
    return [safe_cell(values[name]) for name in COLUMNS]


CSV_COLUMN = "CSV column"  # the translators' context of a header


def _header(name: str) -> str:
    # Translated at run time, in the reader's language. The msgids are COLUMNS themselves:
    # makemessages writes them out for the catalogues (diary/management/commands/makemessages.py).
    return pgettext(CSV_COLUMN, name)


def translatable_headers() -> list[tuple[str, str]]:
    """(context, msgid) of every header, for makemessages: the columns, never a second list."""
    return [(CSV_COLUMN, name) for name in COLUMNS]


def entries_csv(entries: Iterable[Entry], *, sources: dict[str, str] | None = None) -> str:
    """`sources`: {entry id: format} of the imported entries (diary.selectors.imported)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(name) for name in COLUMNS)
    writer.writerows(_row(entry, sources or {}) for entry in entries)
    return out.getvalue()
