"""Screening tasks (issue 3): re-screen a patient after their diary changes,
and the nightly pass over every patient with recent entries."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from diary.redis_client import redis_client
from diary.services.screening import due_patient_chunks, screen_patients

logger = logging.getLogger(__name__)


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
    """A subscriber of diary_changed (diary/services/changes.py), called on commit.

    Coalescing: the first change opens a window of SCREENING_COALESCE_SECONDS
    (a Redis key set with SET NX) and schedules one run at its end; changes
    inside the window find the key and rely on that run. The key expires a
    second before the run starts, so every change that found it had committed
    before the run reads the diary: ten quick saves cause one run and none is
    missed. Should two runs still meet, the snapshot's unique version makes
    the second a no-op.

    A broker or cache outage must never fail a save: it is logged (no health
    data) and the nightly pass catches up on diaries changed since their last
    snapshot.
    """
    delay = settings.SCREENING_COALESCE_SECONDS
    key = cache.make_key(f"screening:pending:{patient_id}")
    try:
        # cache.add's SET NX, on the reused client (diary.redis_client): it runs on every save.
        if redis_client().set(key, 1, nx=True, ex=delay - 1):
            screen_patient.apply_async((patient_id,), countdown=delay)
    except (RedisError, BrokerError, OSError):
        logger.warning(
            "Screening not enqueued for patient %s (broker or cache down); the nightly pass will catch up", patient_id
        )
