"""End to end: Celery beat on Redis runs the dispatch pass, a real worker pushes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from diary.choices import ReminderKind
from diary.models import ReminderDelivery
from diary.reminders.one_off import schedule_delivery
from diary.services.reminders import push_subscription_upsert
from tests.reminders.conftest import set_reminders
from tests.workers import ROOT, celery_process, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def dispatch_passes(queue: str) -> int:
    log = (ROOT / "var" / f"celery-{queue}.log").read_text()
    return sum("neckline.reminders.dispatch[" in line and "succeeded" in line for line in log.splitlines())


def test_beat_and_a_worker_deliver_a_reminder_at_the_patients_time(push_endpoint, patient, other_patient):
    phone = push_endpoint.subscribe()
    push_subscription_upsert(user=patient, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth)
    # The patient saved, a second before this minute began, a reminder for this minute.
    slot = timezone.now().replace(second=0, microsecond=0)
    local = slot.astimezone(ZoneInfo(patient.timezone))
    set_reminders(patient, now=slot - dt.timedelta(seconds=1), times=[local.strftime("%H:%M")])
    # A prompt another feature scheduled for this minute, and a patient with no device for push.
    schedule_delivery(
        patient=patient,
        kind=ReminderKind.BLOCK_PROMPT,
        slot_at=slot,
        title="How is the pain now?",
        body="Two taps.",
        url="/#/log?prompt=1",
    )
    other_patient.timezone = patient.timezone
    other_patient.save()
    set_reminders(other_patient, now=slot - dt.timedelta(seconds=1), times=[local.strftime("%H:%M")])

    with celery_worker(concurrency=2) as queue:
        schedule_file = ROOT / "var" / f"beat-{queue}"
        # Its own log file (the queue name names it); its tasks go to the worker's queue.
        with celery_process(
            "beat",
            "--schedule",
            str(schedule_file),
            "--loglevel",
            "INFO",
            queue=f"{queue}-beat",
            env={"REMINDER_DISPATCH_EVERY_SECONDS": "1", "CELERY_QUEUE": queue},
        ):
            wait_for(lambda: len(push_endpoint.payloads_for(phone)) >= 2, seconds=60)
            wait_for(lambda: ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 2)
            wait_for(lambda: ReminderDelivery.objects.filter(patient=other_patient, failed_at__isnull=False).exists())
            # Beat keeps firing every second: let the worker run three more passes.
            passes_then = dispatch_passes(queue)
            wait_for(lambda: dispatch_passes(queue) >= passes_then + 3)
        for suffix in ("", ".db", ".dat", ".dir", ".bak"):
            schedule_file.with_name(schedule_file.name + suffix).unlink(missing_ok=True)

    payloads = push_endpoint.payloads_for(phone)
    assert sorted(p["kind"] for p in payloads) == ["block_prompt", "posture"]  # each once
    assert push_endpoint.errors == []
    assert {p["id"] for p in payloads} == set(
        ReminderDelivery.objects.filter(patient=patient).values_list("id", flat=True)
    )
    # No device: not pushed, in the inbox all the same.
    unpushed = ReminderDelivery.objects.get(patient=other_patient)
    assert unpushed.sent_at is None and unpushed.slot_at == slot
