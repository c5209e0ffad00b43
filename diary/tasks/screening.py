"""Screening tasks (issue 3): re-screen a patient after their diary changes (a window
opened on the change, swept when due: issue 27), and the nightly pass over every
patient with recent entries."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from diary.models import ScreeningDue
from diary.redis_client import redis_client
from diary.services.screening import due_patient_chunks, screen_patients

logger = logging.getLogger(__name__)


# Sent by the releases before the sweeper (a countdown after each save's window); kept so
# that such a task still queued at the deploy runs.
@shared_task(name="neckline.screen_patient")
def screen_patient(patient_id: int) -> None:
    screen_patients(patient_ids=[patient_id])


# How long a fan-out's resume point is kept: a redelivery comes within the broker's
# visibility timeout (an hour, config/settings.py), far inside this.
FAN_OUT_CURSOR_SECONDS = 6 * 60 * 60
# A chunk still queued when the next night's pass starts is dropped: that pass covers it.
CHUNK_EXPIRES_SECONDS = 20 * 60 * 60


@shared_task(name="neckline.screen_recent_patients", bind=True)
def screen_recent_patients(self) -> int:
    """The nightly pass, shared by every worker on every machine: this task only reads
    the due patients' ids and sends one `screen_patient_chunk` task per chunk.

    Every task here is acknowledged when done (CELERY_TASK_ACKS_LATE, with
    REJECT_ON_WORKER_LOST), so a worker lost mid-chunk has that chunk redelivered and
    repeated: screening is idempotent (a snapshot is unique per patient, version and
    day). A redelivered fan-out resumes after the last chunk it sent (a cursor kept in
    Redis under the task's id), so it sends one chunk twice at most. Returns the chunks sent.
    """
    cursor = cache.make_key(f"screening:fan-out:{self.request.id}") if self.request.id else None
    after = int(redis_client().get(cursor) or 0) if cursor else 0
    sent = 0
    for chunk in due_patient_chunks(after=after):
        screen_patient_chunk.apply_async((chunk,), expires=CHUNK_EXPIRES_SECONDS)
        if cursor:
            redis_client().set(cursor, chunk[-1], ex=FAN_OUT_CURSOR_SECONDS)
        sent += 1
    logger.info("Nightly screening sent %d chunks", sent)
    return sent


@shared_task(name="neckline.screen_patient_chunk")
def screen_patient_chunk(patient_ids: list[int]) -> int:
    return screen_patients(patient_ids=patient_ids, skip_unchanged=True)


def request_screening(patient_id: int) -> None:
    """A subscriber of diary_changed (diary/services/changes.py), called on commit: opens
    the patient's screening window (a ScreeningDue row due SCREENING_COALESCE_SECONDS from
    now) unless one is open. The entry save does the same inside its own statement
    (diary.services.entries), so this runs for the other changes: a delete, an exam, the
    end of an import or its undo.

    Coalescing: changes inside an open window find its row and add nothing; the sweeper
    takes the row once it is due and sends one run, which reads every change committed
    before it took the row. A change after that opens the next window. Should two runs
    still meet, the snapshot's unique version makes the second a no-op. A database error
    here is logged by the on-commit hook and never fails the change: the nightly pass
    catches up on diaries changed since their last snapshot.
    """
    due_at = timezone.now() + dt.timedelta(seconds=settings.SCREENING_COALESCE_SECONDS)
    ScreeningDue.objects.bulk_create([ScreeningDue(patient_id=patient_id, due_at=due_at)], ignore_conflicts=True)


@shared_task(name="neckline.screen_changed_patients")
def screen_changed_patients(patient_ids: list[int]) -> int:
    return screen_patients(patient_ids=patient_ids)


@shared_task(name="neckline.sweep_due_screenings")
def sweep_due_screenings() -> int:
    """Every SCREENING_SWEEP_SECONDS (beat): the screening windows whose time has come, a
    chunk at a time, each taken and its run sent in one transaction. Several sweepers
    share the rows (SKIP LOCKED); if the broker cannot be reached the transaction rolls
    back and the rows wait for the next sweep. Returns the patients sent."""
    sent = 0
    while True:
        try:
            with transaction.atomic():
                due = list(
                    ScreeningDue.objects.select_for_update(skip_locked=True)
                    .filter(due_at__lte=timezone.now())
                    .order_by("due_at")
                    .values_list("patient_id", flat=True)[: settings.SCREENING_NIGHTLY_CHUNK]
                )
                if not due:
                    return sent
                screen_changed_patients.delay(due)
                ScreeningDue.objects.filter(patient_id__in=due).delete()
        except (RedisError, BrokerError, OSError):
            logger.warning("Due screenings not sent (broker down); the next sweep tries again")
            return sent
        sent += len(due)
