"""Scheduled deliveries (diary.reminders.one_off): prompts other features write in
advance, sent once by the reminder dispatcher when they fall due."""

import datetime as dt
import threading

import pytest
from django.db import connection

from diary.choices import ReminderKind
from diary.models import ReminderDelivery
from diary.reminders.one_off import cancel_deliveries, schedule_delivery
from diary.services.reminders import push_subscription_upsert, scheduled_claim
from tests.factories import UserFactory
from tests.reminders.conftest import run_pass, set_reminders, utc

BLOCK = utc(2026, 11, 21, 9, 0)  # 10:00 in Oslo
LEASE_OVER = dt.timedelta(minutes=6)


def subscribe(endpoint, patient):
    sub = endpoint.subscribe()
    push_subscription_upsert(user=patient, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth)
    return sub


def prompt(patient, minutes, **extra):
    return schedule_delivery(
        patient=patient,
        kind=ReminderKind.BLOCK_PROMPT,
        slot_at=BLOCK + dt.timedelta(minutes=minutes),
        title="How is the pain now?",
        body="Two taps.",
        url=f"/#/log?prompt={minutes}",
        **extra,
    )


def test_prompts_arrive_each_once_when_due_and_open_their_place_in_the_app(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    for minutes in (15, 30, 60):
        prompt(patient, minutes)
    run_pass(BLOCK + dt.timedelta(minutes=14))
    assert push_endpoint.payloads_for(phone) == []
    for minutes in (15, 16, 30, 31, 45, 60, 61):
        run_pass(BLOCK + dt.timedelta(minutes=minutes, seconds=5))
    payloads = push_endpoint.payloads_for(phone)
    assert [p["url"] for p in payloads] == ["/#/log?prompt=15", "/#/log?prompt=30", "/#/log?prompt=60"]
    assert {p["kind"] for p in payloads} == {"block_prompt"}


def test_scheduling_the_same_slot_twice_keeps_one_prompt(patient):
    first, second = prompt(patient, 15), prompt(patient, 15)
    assert first.pk == second.pk and ReminderDelivery.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": ReminderKind.POSTURE},
        {"url": "https://elsewhere.example/"},
        {"url": "//elsewhere.example/"},
        {"slot_at": dt.datetime(2026, 11, 21, 9, 15)},
    ],
)
def test_a_prompt_the_dispatcher_could_not_send_safely_is_refused(patient, bad):
    values = {"patient": patient, "kind": ReminderKind.BLOCK_PROMPT, "slot_at": BLOCK, "title": "t", "body": "b"}
    with pytest.raises(ValueError):
        schedule_delivery(**{**values, **bad})


def test_cancelling_removes_only_the_unsent_future_prompts(push_endpoint, patient, other_patient):
    subscribe(push_endpoint, patient)
    for minutes in (15, 30, 60, 120):
        prompt(patient, minutes)
    prompt(other_patient, 60)
    run_pass(BLOCK + dt.timedelta(minutes=15))
    assert (
        cancel_deliveries(patient=patient, kind=ReminderKind.BLOCK_PROMPT, after=BLOCK + dt.timedelta(minutes=20)) == 3
    )
    assert list(ReminderDelivery.objects.filter(patient=patient).values_list("slot_at", flat=True)) == [
        BLOCK + dt.timedelta(minutes=15)
    ]
    assert ReminderDelivery.objects.filter(patient=other_patient).count() == 1


def test_a_worker_killed_after_claiming_does_not_lose_the_prompt(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    prompt(patient, 15)
    due = BLOCK + dt.timedelta(minutes=15)
    ids, _ = scheduled_claim(now=due, limit=10)  # claimed and committed; then the worker died
    assert len(ids) == 1
    run_pass(due + dt.timedelta(minutes=1))  # the dead worker's lease still holds
    assert push_endpoint.payloads_for(phone) == []
    run_pass(due + LEASE_OVER)
    run_pass(due + LEASE_OVER + dt.timedelta(minutes=1))
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_a_prompt_missed_by_more_than_the_grace_window_is_in_the_inbox_not_pushed(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    prompt(patient, 15)
    run_pass(BLOCK + dt.timedelta(minutes=15 + 11))  # the dispatcher was down
    assert push_endpoint.payloads_for(phone) == []
    delivery = ReminderDelivery.objects.get()
    assert delivery.sent_at is None and delivery.failed_at is not None


def test_a_prompt_in_quiet_hours_is_not_pushed_unless_asked(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=BLOCK, times=[], quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0))
    night = utc(2026, 11, 21, 23, 0)  # 00:00 in Oslo
    for kind, respect in ((ReminderKind.QUESTIONNAIRE, True), (ReminderKind.EXERCISE_SESSION, False)):
        schedule_delivery(patient=patient, kind=kind, slot_at=night, title="t", body="b", respect_quiet_hours=respect)
    run_pass(night)
    assert [p["kind"] for p in push_endpoint.payloads_for(phone)] == ["exercise_session"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_dispatchers_at_once_push_each_prompt_once(push_endpoint, settings):
    settings.REMINDER_BATCH_SIZE = 7
    people = [UserFactory(timezone="Europe/Oslo", password=None) for _ in range(30)]
    phones = [subscribe(push_endpoint, person) for person in people]
    for person in people:
        prompt(person, 15)
    barrier = threading.Barrier(3)
    failures = []

    def dispatcher(now):
        try:
            barrier.wait()
            run_pass(now)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    due = BLOCK + dt.timedelta(minutes=15)
    threads = [threading.Thread(target=dispatcher, args=(due + dt.timedelta(seconds=s),)) for s in (0, 0, 20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert [push_endpoint.counts[phone.token] for phone in phones] == [1] * len(phones)
