"""Screening tasks (issue 3): re-screen a patient after their diary changes,
and the nightly pass over every patient with recent entries."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from diary.redis_client import redis_client
from diary.services.screening import screen_due_patients, screen_patients

logger = logging.getLogger(__name__)


@shared_task(name="neckline.screen_patient")
def screen_patient(patient_id: int) -> None:
    screen_patients(patient_ids=[patient_id])


@shared_task(name="neckline.screen_recent_patients")
def screen_recent_patients() -> int:
    return screen_due_patients()


def request_screening(patient_id: int) -> None:
    """Listener on diary changes (registered in DiaryConfig.ready), called on commit.

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
