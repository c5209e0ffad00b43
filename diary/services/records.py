"""Correcting, withdrawing and hiding what a clinician recorded about a patient (issue 24).

The clinician who recorded an exam, a procedure, a timeline event or a programme may
correct it (some of its fields) or withdraw it; the patient may hide any of them from
their own views. Nothing is deleted: a withdrawn record leaves
every view and computation, and each change is a `RecordChange` with the values the
record held before, shown to the patient and to their clinicians.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diary.choices import RecordAction, RecordKind, ReminderKind, TreatmentKind
from diary.models import ExamRecord, Programme, RecordChange, TreatmentEvent, User
from diary.reminders.one_off import cancel_deliveries
from diary.services.changes import Change, diary_changed
from diary.services.exercises import programme_end
from diary.services.treatments import procedure_moment_check, procedure_prompts_retime
from diary.timezones import local_date

# What a correction may change, by kind. A programme's exercises drive its reminders and
# adherence: it is withdrawn and prescribed again. A procedure's moment moves only while
# its post-block diary has not begun (its prompts are then re-timed).
CORRECTABLE = {
    RecordKind.EXAM: ("date", "frt_left_deg", "frt_right_deg", "block_relief_percent", "note"),
    RecordKind.PROCEDURE: ("levels", "side", "purpose", "note", "performed_at"),
    RecordKind.EVENT: ("at", "title", "note", "ended_on"),
    RecordKind.PROGRAMME: ("title", "review_date"),
}
# The patient hides what appears in their own views as a clinician's record.
HIDEABLE = (RecordKind.EXAM, RecordKind.PROCEDURE, RecordKind.EVENT, RecordKind.PROGRAMME)
EXAM_FINDINGS = ("frt_left_deg", "frt_right_deg", "block_relief_percent")


class RecordNotFound(Exception):
    """Not this patient's, not of this kind, or withdrawn already: indistinguishable."""


class NotTheAuthor(Exception):
    """Only the clinician who recorded it may correct or withdraw it."""


@dataclass
class Record:
    kind: str
    row: models.Model  # ExamRecord, TreatmentEvent (procedures too) or Programme
    author_id: int | None
    by_clinician: bool


def record_get(*, patient: User, kind: str, record_id: int) -> Record:
    """The patient's live record of this kind. Raises RecordNotFound."""
    if kind == RecordKind.EXAM:
        row = ExamRecord.objects.filter(patient=patient, pk=record_id, withdrawn_at__isnull=True).first()
        return _found(kind, row, lambda r: (r.clinician_id, True))
    if kind in (RecordKind.PROCEDURE, RecordKind.EVENT):
        # A procedure's id is its event's id (the procedure's primary key is its event).
        events = TreatmentEvent.objects.filter(patient=patient, pk=record_id, withdrawn_at__isnull=True)
        is_procedure = models.Q(kind=TreatmentKind.PROCEDURE)
        row = events.filter(is_procedure if kind == RecordKind.PROCEDURE else ~is_procedure).first()
        return _found(kind, row, lambda r: (r.recorded_by_id, r.by_clinician))
    if kind == RecordKind.PROGRAMME:
        row = Programme.objects.filter(patient=patient, pk=record_id, withdrawn_at__isnull=True).first()
        return _found(kind, row, lambda r: (r.prescribed_by_id, not r.general_advice))
    raise RecordNotFound(kind)


def _found(kind, row, author) -> Record:
    if row is None:
        raise RecordNotFound(kind)
    author_id, by_clinician = author(row)
    return Record(kind=kind, row=row, author_id=author_id, by_clinician=by_clinician)


def _check_author(record: Record, clinician: User) -> None:
    if not record.by_clinician or record.author_id != clinician.pk:
        raise NotTheAuthor()


def _plain(value):
    """A value as the history stores it (JSON)."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _log(*, record: Record, action: str, by: User, fields=(), previous=None, reason: str = "") -> RecordChange:
    return RecordChange.objects.create(
        patient_id=record.row.patient_id,
        kind=record.kind,
        record_id=record.row.pk,
        action=action,
        by=by,
        by_email=by.email,
        by_role=by.role,
        fields=list(fields),
        previous=previous or {},
        reason=reason,
    )


def record_correct(*, record: Record, clinician: User, changes: dict, reason: str = "") -> list[str]:
    """Apply the clinician's correction; returns the names of the fields that changed
    (none: nothing is stored). Raises NotTheAuthor, or ValidationError by field."""
    _check_author(record, clinician)
    allowed = CORRECTABLE[record.kind]
    refused = sorted(set(changes) - set(allowed))
    if refused:
        message = _("Cannot be corrected: withdraw the record and record it again.")
        raise ValidationError(dict.fromkeys(refused, [message]))
    # A procedure's moment is its event's `at`.
    changes = {"at" if name == "performed_at" else name: value for name, value in changes.items()}
    # A procedure's own details are on its Procedure row, its note and moment on its event.
    targets = {name: record.row for name in changes}
    if record.kind == RecordKind.PROCEDURE:
        targets.update({name: record.row.procedure for name in changes if name not in ("note", "at")})
    changed = [name for name, value in changes.items() if getattr(targets[name], name) != value]
    if not changed:
        return []
    moved = record.kind == RecordKind.PROCEDURE and "at" in changed
    previous = {name: _plain(getattr(targets[name], name)) for name in changed}
    for name in changed:
        setattr(targets[name], name, changes[name])
    _check_whole(record)
    with transaction.atomic():
        if moved:  # checked inside, with its prompts locked: none is claimed meanwhile
            procedure_moment_check(procedure=record.row.procedure, performed_at=changes["at"])
        for row in {id(row): row for row in targets.values()}.values():
            row.full_clean(exclude=_not_changed(row, changed))
            row.save(update_fields=[name for name in changed if targets[name] is row])
        if moved:
            record.row.procedure.event = record.row  # the prompts are timed from the moved event
            procedure_prompts_retime(procedure=record.row.procedure)
        if record.kind == RecordKind.PROCEDURE:  # the API's name for a procedure's moment
            changed = ["performed_at" if name == "at" else name for name in changed]
            previous = {"performed_at" if name == "at" else name: value for name, value in previous.items()}
        _log(
            record=record, action=RecordAction.CORRECTED, by=clinician, fields=changed, previous=previous, reason=reason
        )
        diary_changed(record.row.patient, Change.RECORD)
    return changed


def _check_whole(record: Record) -> None:
    """The rules the record was created under, on the record as corrected."""
    row = record.row
    if record.kind == RecordKind.EXAM and not row.note.strip():
        if all(getattr(row, name) is None for name in EXAM_FINDINGS):
            raise ValidationError(
                {"non_field_errors": [_("Give at least one finding: an FRT angle or the block relief.")]}
            )
    if record.kind == RecordKind.EVENT:
        if not row.title.strip():
            raise ValidationError({"title": [_("Say in a few words what changed.")]})
        if row.ended_on is not None and row.ended_on < local_date(row.at, ZoneInfo(row.patient.timezone)):
            raise ValidationError({"ended_on": [_("Cannot be before the start.")]})
    if record.kind == RecordKind.PROGRAMME and row.review_date is not None and row.review_date < row.start_date:
        raise ValidationError({"review_date": [_("Cannot be before the start date.")]})


def _not_changed(row: models.Model, changed: list[str]) -> list[str]:
    return [field.name for field in row._meta.fields if field.name not in changed]


def record_withdraw(*, record: Record, clinician: User, reason: str = "") -> None:
    """Withdraw the clinician's record: it leaves every view and computation, and a
    procedure's prompts or a programme's reminders still ahead are cancelled."""
    _check_author(record, clinician)
    now = timezone.now()
    with transaction.atomic():
        # Claimed with a conditional update: of two withdrawals at once (a retry, a double
        # tap), one withdraws and logs, the other finds the record gone.
        row = record.row
        if not type(row).objects.filter(pk=row.pk, withdrawn_at__isnull=True).update(withdrawn_at=now):
            raise RecordNotFound(record.kind)
        if record.kind == RecordKind.PROGRAMME:
            programme_end(programme=record.row)
            if record.row.event_id:
                TreatmentEvent.objects.filter(pk=record.row.event_id).update(withdrawn_at=now)
        elif record.kind == RecordKind.PROCEDURE:
            cancel_deliveries(patient=record.row.patient, kind=ReminderKind.BLOCK_PROMPT, after=now)
        _log(record=record, action=RecordAction.WITHDRAWN, by=clinician, reason=reason)
        diary_changed(record.row.patient, Change.RECORD)


def record_set_hidden(*, patient: User, kind: str, record_id: int, hidden: bool) -> bool:
    """The patient hides a clinician's record from their own views (or shows it again);
    the clinician's copy is untouched. Returns whether anything
    changed (a repeat changes nothing). Raises RecordNotFound."""
    if kind not in HIDEABLE:
        raise RecordNotFound(kind)
    record = record_get(patient=patient, kind=kind, record_id=record_id)
    if not record.by_clinician:
        raise RecordNotFound(kind)  # the patient's own events are deleted, not hidden
    with transaction.atomic():
        # Claimed with a conditional update, so a replayed request logs nothing twice.
        rows = type(record.row).objects.filter(pk=record.row.pk, hidden_by_patient_at__isnull=hidden)
        at = timezone.now() if hidden else None
        if not rows.update(hidden_by_patient_at=at):
            return False
        if record.kind == RecordKind.PROGRAMME and record.row.event_id:  # its line on the timeline goes too
            TreatmentEvent.objects.filter(pk=record.row.event_id).update(hidden_by_patient_at=at)
        _log(record=record, action=RecordAction.HIDDEN if hidden else RecordAction.SHOWN, by=patient)
    return True
