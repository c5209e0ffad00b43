"""Issue 15 item 4: each reminder setting keeps its next due moment in UTC, and the
minute check reads only the settings whose moment has come."""

import datetime as dt

import pytest
from django.utils import timezone

from diary.models import ReminderDelivery, ReminderSettings
from diary.selectors.reminders import due_settings_ids
from tests.factories import UserFactory
from tests.reminders.conftest import run_pass, set_reminders, utc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # 08:00 local on the day before and the day of each change, as UTC instants.
        ("Europe/Oslo", utc(2026, 3, 28, 7, 0), utc(2026, 3, 29, 6, 0)),
        ("Europe/Oslo", utc(2026, 10, 24, 6, 0), utc(2026, 10, 25, 7, 0)),
        ("America/New_York", utc(2026, 3, 7, 13, 0), utc(2026, 3, 8, 12, 0)),
        ("America/New_York", utc(2026, 10, 31, 12, 0), utc(2026, 11, 1, 13, 0)),
    ],
)
def test_the_next_due_moment_moves_with_the_clock_change(zone, before, after):
    patient = UserFactory(timezone=zone, password=None)
    set_reminders(patient, now=before - dt.timedelta(hours=20))
    assert ReminderSettings.objects.get(patient=patient).next_due_at == before
    run_pass(before)
    assert ReminderSettings.objects.get(patient=patient).next_due_at == after
    run_pass(after)
    assert list(ReminderDelivery.objects.order_by("slot_at").values_list("slot_at", flat=True)) == [before, after]


def test_the_minute_check_finds_only_what_is_due():
    now = utc(2026, 11, 21, 7, 0)
    due = UserFactory(timezone="UTC", password=None)
    later = UserFactory(timezone="UTC", password=None)
    off = UserFactory(timezone="UTC", password=None)
    set_reminders(due, now=now - dt.timedelta(hours=1), times=["07:00"])
    set_reminders(later, now=now - dt.timedelta(hours=1), times=["09:00"])
    set_reminders(off, now=now - dt.timedelta(hours=1), enabled=False)
    assert due_settings_ids(now=now) == [ReminderSettings.objects.get(patient=due).pk]


def test_a_timezone_written_without_saving_the_user_is_caught_up_at_the_next_claim(patient):
    set_reminders(patient, now=utc(2026, 11, 20, 12, 0))  # 08:00 in Oslo: 07:00 UTC
    type(patient).objects.filter(pk=patient.pk).update(timezone="America/New_York")  # no signal
    run_pass(utc(2026, 11, 21, 7, 0))  # the Oslo moment: 02:00 in New York, nothing to send
    assert not ReminderDelivery.objects.exists()
    row = ReminderSettings.objects.get(patient=patient)
    assert (row.zone, row.next_due_at) == ("America/New_York", utc(2026, 11, 21, 13, 0))


def test_a_login_does_not_move_the_reminders(patient, monkeypatch):
    set_reminders(patient, now=utc(2026, 11, 20, 12, 0))
    moved = []
    monkeypatch.setattr("diary.services.reminders._reschedule", lambda *args: moved.append(args))
    patient.last_login = timezone.now()
    patient.save(update_fields=["last_login"])
    assert moved == []
