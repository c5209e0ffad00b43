"""Reminder dispatch tasks (issue 4). Thin: parse, call the service.

Beat runs `dispatch` every minute; it fans the due patients out in batches to
`claim_and_send`, which any worker may run. A task that arrives twice (a
redelivery after a worker died, two beats) claims nothing the second time.
Batches expire after the grace window: a batch stuck in the queue during an
outage is dropped, and the next pass skips the slots it would have sent late.
"""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from diary.services import reminders as services


def _grace_seconds() -> int:
    return settings.REMINDER_GRACE_MINUTES * 60


def enqueue_claim(settings_ids: list[int], now: dt.datetime) -> None:
    claim_and_send.apply_async(args=(settings_ids, now.isoformat()), expires=_grace_seconds())


def enqueue_send(delivery_ids: list[int], now: dt.datetime, retry: bool) -> None:
    send.apply_async(args=(delivery_ids, now.isoformat(), retry), expires=_grace_seconds())


@shared_task(name="neckline.reminders.dispatch")
def dispatch() -> dict:
    counts = services.reminders_dispatch(now=timezone.now(), claim_batch=enqueue_claim, send_batch=enqueue_send)
    return vars(counts)


@shared_task(name="neckline.reminders.claim_and_send")
def claim_and_send(settings_ids: list[int], now: str) -> int:
    return services.reminders_claim_and_send(settings_ids=settings_ids, now=dt.datetime.fromisoformat(now)).sent


@shared_task(name="neckline.reminders.send")
def send(delivery_ids: list[int], now: str, retry: bool) -> int:
    return services.deliveries_send(delivery_ids=delivery_ids, now=dt.datetime.fromisoformat(now), retry=retry).sent
