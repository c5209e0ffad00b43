"""One way to say "this patient's diary changed", and the one place that says who hears of it.

Every write that changes what the screening sees (an entry, a screening answer of the
profile, a clinician's review, exam or procedure, an undone import) calls
`diary_changed(patient, what)`: it moves the patient's diary version
(`User.diary_changed_at`, what the snapshots and the nightly pass are keyed on) and, once
the change is committed, calls the SUBSCRIBERS declared below for `what`.

A saved timezone is a change too (reminders follow it at once), whoever saves it: the API,
the admin, a script. So it is reported from User's post_save, registered at the end of
this module, instead of each saver remembering it.
"""

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string

from diary.models import User


class Change(enum.StrEnum):
    ENTRIES = "entries"
    PROFILE = "profile"  # an answer the screening reads (diary/services/accounts.py)
    REVIEW = "review"  # a clinician's red-flag review
    EXAM = "exam"  # a clinician's exam record
    PROCEDURE = "procedure"  # a procedure or a post-block rating
    IMPORT_UNDONE = "import_undone"
    RECORD = "record"  # a clinician's record corrected or withdrawn (diary/services/records.py)
    TIMEZONE = "timezone"  # moves no diary version: the entries keep their local dates


SCREENED = frozenset(Change) - {Change.TIMEZONE}

# A version always moves, even where two changes get the same clock reading (a frozen
# clock, two servers): the snapshots are read as current by equality with it.
VERSION_STEP = dt.timedelta(microseconds=1)


def next_version(now: dt.datetime):
    """The expression that moves `User.diary_changed_at`: now, or just after the version
    it replaces when that is not older."""
    return Greatest(Value(now), Coalesce(F("diary_changed_at") + VERSION_STEP, Value(now)))


@dataclasses.dataclass(frozen=True)
class Subscriber:
    # A dotted path, imported when called: the subscribers import the services that
    # import this module (and a test may replace the function in its module).
    call: str
    on: frozenset[Change]
    # Only for a patient whose adaptive reminder is on: the entry save's own statement
    # tells, so for everyone else it costs nothing.
    only_adaptive: bool = False
    # In the changer's transaction (and its lock order), not after the commit.
    at_once: bool = False
    # What the entry save's own statement already did (it opens the screening window).
    done_by_the_save: bool = False


SUBSCRIBERS = (
    # The coalesced re-screen, which stores a snapshot and its notices.
    Subscriber("diary.tasks.screening.request_screening", on=SCREENED, done_by_the_save=True),
    # The adaptive reminder time follows the patient's episodes.
    Subscriber("diary.services.reminders.reminders_diary_changed", on=frozenset({Change.ENTRIES}), only_adaptive=True),
    # next_due_at follows a new timezone at once (a slot already due and not claimed is kept).
    Subscriber("diary.services.reminders.reminders_timezone_changed", on=frozenset({Change.TIMEZONE}), at_once=True),
)

# Set by diary_changes_deferred: the patients whose entries changed meanwhile, with whether
# their adaptive reminder is on.
_deferred: ContextVar[dict[int, bool] | None] = ContextVar("deferred_diary_changes", default=None)


def diary_changed(
    patient: User | int,
    what: Change,
    *,
    version_moved: bool = False,
    adaptive: bool = False,
    screening_opened: bool = False,
) -> None:
    """Move the patient's diary version (unless the caller's own statement did:
    `version_moved`) and tell the subscribers of `what` (but those whose work the entry
    save's statement did: `screening_opened`). After-commit subscribers are
    robust: the change is committed by then, so one that fails (the database restarting
    at that moment) is logged and must not turn the write into an error."""
    patient_id = patient if isinstance(patient, int) else patient.pk
    if what in SCREENED and not version_moved:
        User.objects.filter(pk=patient_id).update(diary_changed_at=next_version(timezone.now()))
    deferred = _deferred.get()
    if what == Change.ENTRIES and deferred is not None:
        deferred[patient_id] = deferred.get(patient_id, False) or adaptive
        return
    for subscriber in SUBSCRIBERS:
        if what not in subscriber.on or (subscriber.only_adaptive and not adaptive):
            continue
        if screening_opened and subscriber.done_by_the_save:
            continue
        if subscriber.at_once:
            import_string(subscriber.call)(patient_id=patient_id)
        else:
            transaction.on_commit(_later(subscriber.call, patient_id), robust=True)


def changes_deferred() -> bool:
    """Inside diary_changes_deferred (an import): the subscribers are told at its end."""
    return _deferred.get() is not None


def _later(call: str, patient_id: int) -> Callable[[], None]:
    return lambda: import_string(call)(patient_id)


@contextmanager
def diary_changes_deferred() -> Iterator[None]:
    """Entry saves inside tell the subscribers once per patient, at the end, instead of
    once per save: an import of thousands of rows is screened once, when it is done."""
    changes: dict[int, bool] = {}
    token = _deferred.set(changes)
    try:
        yield
    finally:
        _deferred.reset(token)
        for patient_id, adaptive in changes.items():
            diary_changed(patient_id, Change.ENTRIES, version_moved=True, adaptive=adaptive)


@receiver(post_save, sender=User, dispatch_uid="diary-changed-timezone")
def _user_saved(sender, instance: User, created: bool, raw: bool = False, update_fields=None, **kwargs) -> None:
    if created or raw or (update_fields is not None and "timezone" not in update_fields):
        return  # a login's last_login, a new account: no reminders to move
    # In the saver's transaction: one indexed read when the patient has no reminders.
    diary_changed(instance, Change.TIMEZONE)
