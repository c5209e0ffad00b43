"""Celery beat's scheduler, made harmless to run twice.

Exactly one beat should run (README), but a second one started by mistake (two
machines, a redeploy that overlapped) used to send every periodic task twice. Before
sending, each beat claims the task's slot (the minute it is due, or the interval it
is due in) with a Redis key that only one claimant can set; the other skips it. If
Redis cannot be reached the task is sent anyway: the tasks are idempotent, and a
missed nightly pass would be worse than a duplicate.
"""

import datetime as dt
import logging

from celery.beat import PersistentScheduler
from celery.schedules import schedule as interval_schedule
from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def slot_of(entry, now: dt.datetime) -> tuple[str, int]:
    """(slot, seconds the claim is kept): crontab entries are due on whole minutes;
    interval entries (`schedule=5`) in windows of their interval."""
    if isinstance(entry.schedule, interval_schedule) and not hasattr(entry.schedule, "minute"):
        seconds = max(1, int(entry.schedule.run_every.total_seconds()))
    else:
        seconds = 60
    number = int(now.timestamp() // seconds)
    return f"{seconds}:{number}", max(2 * seconds, 120)


def claim_slot(entry, now: dt.datetime | None = None) -> bool:
    slot, keep_seconds = slot_of(entry, now or dt.datetime.now(dt.UTC))
    try:
        return cache.add(f"beat-slot:{entry.name}:{slot}", 1, timeout=keep_seconds)
    except RedisError:
        log.warning("beat slot cache unreachable; sending %s without a claim", entry.name)
        return True


class SlotClaimingMixin:
    def apply_entry(self, entry, producer=None):
        if not claim_slot(entry):
            log.info("another scheduler sent %s for this slot; skipped", entry.name)
            return
        super().apply_entry(entry, producer=producer)


class Scheduler(SlotClaimingMixin, PersistentScheduler):
    pass
