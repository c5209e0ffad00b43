"""Periodic tasks (issue 13, Also): a second beat sends nothing twice, and the nightly
clean-up deletes only what is past its retention."""

import datetime as dt
import uuid
from typing import ClassVar

from celery.beat import ScheduleEntry, Scheduler
from celery.schedules import crontab
from django.utils import timezone

from config.beat import SlotClaimingMixin
from config.celery import app
from diary.models import ReminderDelivery, ShareCode, UserSession
from diary.sessions import SessionStore
from diary.tasks.cleanup import cleanup
from tests.factories import UserFactory


class RecordingScheduler(SlotClaimingMixin, Scheduler):
    sent: ClassVar[list] = []

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        self.sent.append(entry.name)


def test_two_beats_send_a_task_once_per_slot(settings):
    RecordingScheduler.sent = []
    first, second = (RecordingScheduler(app, lazy=True) for _ in range(2))
    for scheduler in (first, second):
        entry = ScheduleEntry(
            name="reminders-dispatch", task="neckline.reminders.dispatch", schedule=crontab(minute="*"), app=app
        )
        scheduler.apply_entry(entry)
    assert RecordingScheduler.sent == ["reminders-dispatch"]


def test_an_interval_task_runs_once_in_each_interval():
    from config.beat import claim_slot

    entry = ScheduleEntry(name="every-5s", task="x", schedule=dt.timedelta(seconds=5), app=app)
    start = dt.datetime(2026, 11, 21, 12, 0, 0, tzinfo=dt.UTC)
    claims = [claim_slot(entry, start + dt.timedelta(seconds=s)) for s in (0, 1, 4, 5, 6, 10)]
    assert claims == [True, False, False, True, False, True]


def test_the_clean_up_deletes_only_what_is_past_its_retention(db, settings):
    now = timezone.now()
    patient = UserFactory()
    old_session, live_session = SessionStore(), SessionStore()
    for store in (old_session, live_session):
        store["x"] = 1
        store.create()
    UserSession.objects.filter(session_key=old_session.session_key).update(expire_date=now - dt.timedelta(seconds=1))

    def delivery(days_ago):
        return ReminderDelivery.objects.create(
            patient=patient, kind="posture", title="t", body="b", slot_at=now - dt.timedelta(days=days_ago)
        )

    old_delivery, recent_delivery = delivery(settings.RETENTION_REMINDER_DELIVERIES_DAYS + 1), delivery(3)

    def code(**fields):
        return ShareCode.objects.create(patient=patient, digest=uuid.uuid4().hex, **fields)

    used_long_ago = code(expires_at=now, used_at=now - dt.timedelta(days=settings.RETENTION_SHARE_CODES_DAYS + 1))
    expired_long_ago = code(expires_at=now - dt.timedelta(days=settings.RETENTION_SHARE_CODES_DAYS + 1))
    live = code(expires_at=now + dt.timedelta(days=7))

    counts = cleanup.apply().get()
    assert counts["sessions"] == 1 and counts["reminder_deliveries"] == 1 and counts["share_codes"] == 2
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live_session.session_key]
    assert list(ReminderDelivery.objects.all()) == [recent_delivery]
    assert list(ShareCode.objects.all()) == [live]
    assert not ReminderDelivery.objects.filter(pk=old_delivery.pk).exists()
    assert not ShareCode.objects.filter(pk__in=[used_long_ago.pk, expired_long_ago.pk]).exists()
    assert all(n == 0 for n in cleanup.apply().get().values())  # twice is harmless
