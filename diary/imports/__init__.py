"""Readers of diaries kept elsewhere (issue 26), one module per format. Each turns a file into
`Parsed`: the rows as Neckline entries (checked, in entry_upsert's fields, as JSON), the rows
it could not read with their reasons, and what the file held that Neckline has no place for.

Readers touch no database: the service (diary/services/imports.py) decides what each row
does to the patient's diary.
"""

import dataclasses


class ImportRefused(Exception):
    """The file as a whole cannot be imported (too large, not this format, unsafe): a 400
    naming `field`, and nothing stored."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(reason)


class RowError(ValueError):
    """One row cannot be read; the others still can."""


@dataclasses.dataclass
class Parsed:
    # [{"row": n, "key": "...", "entry": {...}}]: `key` names the row in its source, stably,
    # so importing the same file again finds the same entries.
    rows: list[dict] = dataclasses.field(default_factory=list)
    errors: list[dict] = dataclasses.field(default_factory=list)  # [{"row": n, "reason": "..."}]
    not_mapped: dict[str, str] = dataclasses.field(default_factory=dict)  # column -> what became of it
    records: dict = dataclasses.field(default_factory=dict)  # neckline_json: the account's other sections

    def error(self, row: int, reason: str) -> None:
        self.errors.append({"row": row, "reason": str(reason)})
