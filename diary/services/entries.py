import datetime as dt
import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from diary.models import Entry, User

# Every field a PUT replaces, with the value it takes when the request leaves it out.
ENTRY_DEFAULTS = {
    "headache": True,
    "started_at": None,
    "duration_minutes": None,
    "ongoing": None,
    "side": None,
    "onset_region": None,
    "severity": None,
    "quality": None,
    "neck_trigger": None,
    "posture": None,
    "worse_with_activity": None,
    "symptoms": [],
    "medications": [],
    "red_flags": [],
    "screen_hours": None,
    "notes": "",
}

# Called on commit with the patient's id whenever their diary changes; the
# screening area hooks its coalesced re-screen in here.
diary_change_listeners: list[Callable[[int], None]] = []


class EntryNotFound(Exception):
    """No entry with that id belongs to this patient (it may belong to another)."""


def entry_upsert(*, patient: User, entry_id: uuid.UUID, date: dt.date, **fields) -> tuple[Entry, bool]:
    """Create or fully replace the patient's entry with this client-made id.

    Idempotent: replaying the same request leaves one row and changes nothing.
    Two concurrent creates of the same id leave one row: the loser's INSERT
    fails on the primary key and it replaces the winner's row instead.
    Returns (entry, created). Raises EntryNotFound if the id is another patient's.
    """
    values = {**ENTRY_DEFAULTS, **fields, "date": date}
    with transaction.atomic():
        entry = Entry.objects.select_for_update().filter(pk=entry_id).first()
        created = False
        if entry is None:
            try:
                with transaction.atomic():
                    entry = Entry.objects.create(id=entry_id, patient=patient, **values)
                created = True
            except IntegrityError:
                entry = Entry.objects.select_for_update().get(pk=entry_id)
        if entry.patient_id != patient.pk:
            raise EntryNotFound(entry_id)
        if created:
            _diary_changed(patient)
        elif _replace(entry, values):
            entry.save()
            _diary_changed(patient)
    return entry, created


def entry_delete(*, patient: User, entry_id: uuid.UUID) -> None:
    with transaction.atomic():
        deleted, _ = Entry.objects.filter(pk=entry_id, patient=patient).delete()
        if not deleted:
            raise EntryNotFound(entry_id)
        _diary_changed(patient)


def _replace(entry: Entry, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed = True
    return changed


def _diary_changed(patient: User) -> None:
    User.objects.filter(pk=patient.pk).update(diary_changed_at=timezone.now())
    # Robust: the entry is committed by then, so a listener that fails (the database
    # restarting at that moment) is logged and must not turn the save into an error.
    for listener in diary_change_listeners:
        transaction.on_commit(lambda listener=listener: listener(patient.pk), robust=True)
