"""Imports (issue 26): a dry run that stores nothing in the diary, the import itself as a
background task, and its undo for a day.

Every row becomes an entry through entry_upsert under an id made from the patient, the
format and the row's own key, so a second import of the same file (or a task delivered
twice) finds the same entries and changes nothing, and the one-state-per-day rule of
docs/api.md holds for imported rows as for typed ones. What each row will do:

- create: a new entry;
- merge: a headache on a day with a headache-free check-in replaces the check-in (one
  state per day), or an entry imported before is updated from a newer copy of the file;
- skip: already in the diary as it is, a duplicate of an earlier row (the same headache
  from two sources), or a headache-free day that already has an entry;
- errors: rows that cannot be read, with their row numbers and the reason.
"""

import datetime as dt
import hashlib
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from diary.choices import ImportAction, ImportFormat, ImportRowAction, ImportStatus
from diary.imports import ImportRefused, Parsed, apple_health, mapped_csv, migraine_buddy, neckline_json, records
from diary.imports.files import check_declared_size, decode_text, guess_format, open_zip_member, read_limited
from diary.models import CsvMapping, Entry, Import, ImportedEntry, User
from diary.services.changes import Change, diary_changed, diary_changes_deferred, next_version
from diary.services.entries import (
    ENTRY_DEFAULTS,
    DayConflict,
    EntryNotFound,
    entry_upsert,
)
from diary.timezones import local_today

logger = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("0b7f3c52-4a1e-4f7e-9d3c-6c1a8e2f9b40")
BATCH = 250  # rows per transaction: the progress bar moves between them
DETAILS_MAX = 1000  # rows of the dry run's details shown (the counts are always whole)
UNDO_WINDOW = dt.timedelta(days=1)


class ImportStateError(Exception):
    """The import is not in a state that allows this (commit twice, undo too late)."""


# --- Reading the file ----------------------------------------------------------------------


def _parse(
    *, patient: User, upload, kind: str | None, mapping: dict | None, keep_location: bool
) -> tuple[str, Parsed, str]:
    """(format, parsed, digest) of the uploaded file; ImportRefused for a file that cannot be imported."""
    check_declared_size(getattr(upload, "size", None))
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    kind = kind or guess_format(head)
    today = local_today(patient)
    if kind is None:
        kind = ImportFormat.CSV
        if mapping is None:
            raise ImportRefused(
                "format", _("The format could not be recognised: choose one, or give a CSV its column mapping.")
            )
    if kind == ImportFormat.APPLE_HEALTH:
        digest = _digest(upload)
        upload.seek(0)
        stream = open_zip_member(upload, "export.xml") if head.startswith(b"PK") else upload
        return kind, apple_health.read(stream, today=today), digest
    data = read_limited(upload, settings.IMPORT_MAX_TEXT_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04") or data.lstrip().startswith(b"<"):
        raise ImportRefused("file", _("This file is not a %(format)s file.") % {"format": ImportFormat(kind).label})
    text = decode_text(data)
    if kind == ImportFormat.NECKLINE_JSON:
        return kind, neckline_json.read(text, today=today), digest
    if kind == ImportFormat.MIGRAINE_BUDDY_CSV:
        return kind, migraine_buddy.read(text, today=today, keep_location=keep_location), digest
    return kind, mapped_csv.read(text, mapping=mapped_csv.check_mapping(mapping), today=today), digest


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        sha.update(chunk)
    return sha.hexdigest()


def csv_mapping_for(*, patient: User, mapping, mapping_name: str | None) -> dict | None:
    """The mapping given, or the patient's saved one by that name; saved under the name
    when both are given (a reusable mapping)."""
    if mapping is None and mapping_name:
        saved = CsvMapping.objects.filter(patient=patient, name=mapping_name).first()
        if saved is None:
            raise ImportRefused("mapping_name", _("You have no saved mapping by that name."))
        return {"columns": saved.columns, "date_format": saved.date_format}
    if mapping is not None and mapping_name:
        checked = mapped_csv.check_mapping(mapping)
        CsvMapping.objects.update_or_create(
            patient=patient,
            name=mapping_name[:60],
            defaults={"columns": checked["columns"], "date_format": checked["date_format"]},
        )
    return mapping


# --- Planning: what each row does ----------------------------------------------------------


def entry_id(patient: User, kind: str, key: str, own_ids: set[uuid.UUID]) -> uuid.UUID:
    """The entry's id: a Neckline export's own id when it is already this patient's (the
    same account), otherwise one made from the patient, format and row, the same every time."""
    if kind == ImportFormat.NECKLINE_JSON:
        try:
            original = uuid.UUID(key)
        except ValueError:
            original = None
        if original in own_ids:
            return original
    return uuid.uuid5(NAMESPACE, f"{patient.pk}/{kind}/{key}")


def _stored(entry: Entry) -> dict:
    """An entry's fields in the planned rows' JSON form, to compare and to restore."""
    values = {name: getattr(entry, name) for name in ENTRY_DEFAULTS}
    values["date"] = entry.date.isoformat()
    values["started_at"] = entry.started_at.strftime("%H:%M") if entry.started_at else None
    return values


def _fields(entry: dict) -> dict:
    """A planned row's JSON back into entry_upsert's fields."""
    values = {name: entry.get(name, default) for name, default in ENTRY_DEFAULTS.items()}
    values["started_at"] = parse_time(entry["started_at"]) if entry.get("started_at") else None
    return {"date": parse_date(entry["date"]), **values}


def plan(*, patient: User, kind: str, rows: list[dict]) -> list[dict]:
    """Each row with its `id`, `action` (create, merge, skip), `reason` and, for a merge,
    `previous` (what it replaces, to put back on undo). Reads the diary, writes nothing."""
    keys = [row["key"] for row in rows]
    originals = set()
    if kind == ImportFormat.NECKLINE_JSON:
        originals = set(
            Entry.objects.filter(patient=patient, pk__in=[_uuid(key) for key in keys if _uuid(key)]).values_list(
                "pk", flat=True
            )
        )
    ids = [entry_id(patient, kind, key, originals) for key in keys]
    existing = {entry.pk: entry for entry in Entry.objects.filter(patient=patient, pk__in=ids)}
    marks = dict(ImportedEntry.objects.filter(entry_id__in=ids).values_list("entry_id", "source_id"))
    dates = {row["entry"]["date"] for row in rows}
    days: dict[str, dict] = {}
    for entry in Entry.objects.filter(patient=patient, date__in=dates).exclude(pk__in=ids):
        day = days.setdefault(entry.date.isoformat(), {"headache": False, "checkin": None})
        if entry.headache:
            day["headache"] = True
        else:
            day["checkin"] = entry
    first_row: dict[uuid.UUID, int] = {}
    planned = []
    for row, this_id in zip(rows, ids, strict=True):
        entry = row["entry"]
        step = {"row": row["row"], "id": str(this_id), "date": entry["date"], "entry": entry, "previous": None}
        day = days.setdefault(entry["date"], {"headache": False, "checkin": None})
        if this_id in first_row:
            step |= {
                "action": ImportRowAction.SKIP,
                "reason": _("The same as row %(row)s.") % {"row": first_row[this_id]},
            }
        elif this_id in existing:
            old = _stored(existing[this_id])
            if old == {name: entry.get(name, ENTRY_DEFAULTS.get(name)) for name in old}:
                step |= {"action": ImportRowAction.SKIP, "reason": _("Already in your diary.")}
            else:
                previous = {"id": str(this_id), "entry": old, "source": str(marks.get(this_id) or "") or None}
                step |= {
                    "action": ImportRowAction.MERGE,
                    "reason": _("Updates the entry imported before."),
                    "previous": previous,
                }
        elif not entry["headache"] and day["headache"]:
            step |= {
                "action": ImportRowAction.SKIP,
                "reason": _("That day already has a headache (one state per day)."),
            }
        elif not entry["headache"] and day["checkin"] is not None:
            step |= {"action": ImportRowAction.SKIP, "reason": _("That day already has a headache-free check-in.")}
        elif entry["headache"] and day["checkin"] is not None:
            checkin = day["checkin"]
            previous = {"id": str(checkin.pk), "entry": _stored(checkin), "source": None}
            step |= {
                "action": ImportRowAction.MERGE,
                "reason": _("Replaces that day's headache-free check-in (one state per day)."),
                "previous": previous,
            }
        else:
            step |= {"action": ImportRowAction.CREATE, "reason": ""}
        first_row.setdefault(this_id, row["row"])
        if step["action"] != ImportRowAction.SKIP:
            if entry["headache"]:
                day |= {"headache": True, "checkin": None}
            else:
                day["checkin"] = Entry(pk=this_id, patient=patient, **_fields(entry))
        planned.append(step)
    return planned


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _summary(planned: list[dict], errors: list[dict], not_mapped: dict, record_counts: dict) -> dict:
    counts = {action: sum(step["action"] == action for step in planned) for action in ImportRowAction.values}
    details = [
        {"row": step["row"], "date": step["date"], "action": step["action"], "reason": step["reason"]}
        for step in planned
        if step["action"] != ImportRowAction.CREATE
    ][:DETAILS_MAX]
    return {**counts, "errors": errors, "details": details, "not_mapped": not_mapped, "records": record_counts}


# --- The flow ------------------------------------------------------------------------------


def import_preview(
    *,
    patient: User,
    upload,
    kind: str | None = None,
    mapping: dict | None = None,
    mapping_name: str | None = None,
    keep_location: bool = False,
) -> Import:
    """Read the file and store the dry run (in the Import row only, never in the diary).
    Raises ImportRefused for a file that cannot be imported: then nothing is stored."""
    mapping = csv_mapping_for(patient=patient, mapping=mapping, mapping_name=mapping_name)
    kind, parsed, digest = _parse(
        patient=patient, upload=upload, kind=kind, mapping=mapping, keep_location=keep_location
    )
    if not parsed.rows and not parsed.errors and not parsed.records:
        raise ImportRefused("file", _("The file holds no headaches to import."))
    kept, record_errors, record_counts = records.checked(parsed.records, today=local_today(patient))
    planned = plan(patient=patient, kind=kind, rows=parsed.rows)
    return Import.objects.create(
        patient=patient,
        format=kind,
        digest=digest,
        rows=parsed.rows,
        records=kept,
        not_mapped=parsed.not_mapped,
        preview=_summary(planned, parsed.errors + record_errors, parsed.not_mapped, record_counts),
    )


def import_commit(*, source: Import) -> Import:
    """Start the import: the task is sent once this commits. A second commit is refused."""
    from diary.tasks.imports import run_import  # the task module imports this one

    with transaction.atomic():
        claimed = Import.objects.filter(pk=source.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.RUNNING, progress=0
        )
        if not claimed:
            raise ImportStateError(_("This import has already been started."))
        transaction.on_commit(lambda: run_import.delay(str(source.pk)))
    source.refresh_from_db()
    return source


def import_run(*, import_id: uuid.UUID) -> None:
    """The task's work. Idempotent: a task delivered twice plans again and finds the rows
    it wrote already there; a finished import is left alone."""
    source = Import.objects.select_related("patient").filter(pk=import_id, status=ImportStatus.RUNNING).first()
    if source is None:
        return
    patient = source.patient
    try:
        with diary_changes_deferred():
            planned = [
                step
                for step in plan(patient=patient, kind=source.format, rows=source.rows)
                if step["action"] != ImportRowAction.SKIP
            ]
            for start in range(0, len(planned), BATCH):
                with transaction.atomic():
                    marks = [_write(source, patient, step) for step in planned[start : start + BATCH]]
                    _mark(source, [mark for mark in marks if mark is not None])
                    done = min(start + BATCH, len(planned))
                    Import.objects.filter(pk=source.pk).update(progress=99 * done // max(len(planned), 1))
            with transaction.atomic():
                created = records.restore(patient=patient, kept=source.records)
                Import.objects.filter(pk=source.pk).update(
                    created_objects=created, status=ImportStatus.DONE, progress=100, finished_at=timezone.now()
                )
    except Exception as error:
        # No health data in the log: the import's id and the error's type only (a traceback's
        # message could quote a row).
        logger.error("Import %s failed (%s); what it wrote is being undone", source.pk, type(error).__name__)
        source.refresh_from_db()
        _undo(source)
        Import.objects.filter(pk=source.pk).update(
            status=ImportStatus.FAILED, error=_("The import failed; nothing was kept.")
        )


def _write(source: Import, patient: User, step: dict) -> ImportedEntry | None:
    """Save one planned row; its mark (source, action, what it replaced), or None for a
    row the diary no longer takes."""
    try:
        entry, _created = entry_upsert(patient=patient, entry_id=uuid.UUID(step["id"]), **_fields(step["entry"]))
    except (DayConflict, EntryNotFound):
        return None  # the diary changed since the plan (a save from the phone): that row is skipped
    action = ImportAction.MERGED if step["action"] == ImportRowAction.MERGE else ImportAction.CREATED
    return ImportedEntry(entry_id=entry.pk, source=source, action=action, previous=step["previous"])


def _mark(source: Import, marks: list[ImportedEntry]) -> None:
    """A batch's marks in one statement (a mark per row was a third of the import's time,
    bench/imports.py); an entry marked by an earlier import passes to this one."""
    ImportedEntry.objects.bulk_create(
        marks, update_conflicts=True, unique_fields=["entry"], update_fields=["source", "action", "previous"]
    )


def import_undo(*, source: Import, now: dt.datetime | None = None) -> Import:
    """Undo a finished import within a day: its new entries go, what it merged is put back."""
    now = now or timezone.now()
    if source.status != ImportStatus.DONE:
        raise ImportStateError(_("Only a finished import can be undone."))
    if source.finished_at is None or now - source.finished_at > UNDO_WINDOW:
        raise ImportStateError(_("An import can be undone for a day after it finished."))
    _undo(source)
    Import.objects.filter(pk=source.pk).update(status=ImportStatus.UNDONE)
    source.refresh_from_db()
    return source


def _undo(source: Import) -> None:
    patient = source.patient
    with diary_changes_deferred(), transaction.atomic():
        marks = list(ImportedEntry.objects.filter(source=source))
        Entry.objects.filter(pk__in=[mark.entry_id for mark in marks], patient=patient).delete()
        for mark in marks:
            previous = mark.previous
            if previous:
                restored, _created = entry_upsert(
                    patient=patient, entry_id=uuid.UUID(previous["id"]), **_fields(previous["entry"])
                )
                if previous.get("source"):
                    ImportedEntry.objects.update_or_create(
                        entry=restored, defaults={"source_id": previous["source"], "action": ImportAction.CREATED}
                    )
        records.remove(patient=patient, created=source.created_objects)
        User.objects.filter(pk=patient.pk).update(diary_changed_at=next_version(timezone.now()))
    diary_changed(patient, Change.IMPORT_UNDONE, version_moved=True)
