"""The dispatch pass against the local push service: what a patient's phone receives."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from diary.models import Notice, PushSubscription, ReminderDelivery, ReminderSettings
from diary.reminders.tips import TIPS_BY_CODE
from diary.services.entries import entry_upsert
from diary.services.reminders import push_subscription_upsert, reminders_claim, reminders_claim_and_send
from tests.conftest import logged_in
from tests.factories import EntryFactory, UserFactory
from tests.reminders.conftest import run_pass, set_reminders, utc

# The conftest patient lives in Europe/Oslo: 08:00 there is 07:00 UTC in November.
SAVED = utc(2026, 11, 20, 12, 0)
DUE = utc(2026, 11, 21, 7, 0)
# A pass this long after the slot finds the first sender's lease run out (it is 5 minutes).
LEASE_OVER = dt.timedelta(minutes=6)


def subscribe(endpoint, patient):
    sub = endpoint.subscribe()
    push_subscription_upsert(user=patient, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth)
    return sub


def test_a_due_reminder_arrives_once_and_the_phone_can_read_it(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    run_pass(DUE - dt.timedelta(seconds=1))
    assert push_endpoint.payloads_for(phone) == []
    for seconds in (5, 30, 65, 200):
        run_pass(DUE + dt.timedelta(seconds=seconds))
    [payload] = push_endpoint.payloads_for(phone)
    assert payload["kind"] == "posture" and payload["title"] and payload["body"]
    delivery = ReminderDelivery.objects.get(patient=patient)
    assert payload["id"] == delivery.pk and delivery.sent_at is not None
    assert push_endpoint.errors == []


def test_every_device_of_the_patient_gets_it_and_nobody_else_does(push_endpoint, patient, other_patient):
    phone, laptop = subscribe(push_endpoint, patient), subscribe(push_endpoint, patient)
    stranger = subscribe(push_endpoint, other_patient)
    set_reminders(patient, now=SAVED)
    run_pass(DUE)
    assert len(push_endpoint.payloads_for(phone)) == len(push_endpoint.payloads_for(laptop)) == 1
    assert push_endpoint.payloads_for(stranger) == []


def test_only_the_devices_that_received_it_record_a_success(push_endpoint, patient):
    phone, failing = subscribe(push_endpoint, patient), subscribe(push_endpoint, patient)
    push_endpoint.script(failing, [500, 500, 500])
    set_reminders(patient, now=SAVED)
    run_pass(DUE)
    successes = dict(PushSubscription.objects.values_list("endpoint", "last_success_at"))
    assert successes[phone.endpoint] is not None and successes[failing.endpoint] is None


def test_the_next_day_brings_the_next_reminder(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    run_pass(DUE)
    run_pass(DUE + dt.timedelta(days=1))
    assert len(push_endpoint.payloads_for(phone)) == 2


def test_reminders_keep_to_8_local_across_the_spring_change(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=utc(2026, 3, 27, 12, 0))
    for day in (28, 29):  # every hour of both mornings, both sides of the change
        for hour_utc in range(4, 9):
            run_pass(utc(2026, 3, day, hour_utc, 0))
    sent = sorted(d.slot_at for d in ReminderDelivery.objects.filter(patient=patient))
    assert sent == [utc(2026, 3, 28, 7, 0), utc(2026, 3, 29, 6, 0)]
    assert len(push_endpoint.payloads_for(phone)) == 2


def test_reminders_keep_to_8_local_across_the_autumn_change(push_endpoint, patient):
    subscribe(push_endpoint, patient)
    set_reminders(patient, now=utc(2026, 10, 23, 12, 0))
    for day in (24, 25):
        for hour_utc in range(4, 9):
            run_pass(utc(2026, 10, day, hour_utc, 0))
    sent = sorted(d.slot_at for d in ReminderDelivery.objects.filter(patient=patient))
    assert sent == [utc(2026, 10, 24, 6, 0), utc(2026, 10, 25, 7, 0)]


def test_quiet_hours_and_weekdays_are_respected_by_the_dispatcher(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    # Saturday 21 November: 06:30 is in quiet hours, 12:00 is not; Sundays are off.
    set_reminders(
        patient,
        now=SAVED,
        times=["06:30", "12:00"],
        weekdays=[0, 1, 2, 3, 4, 5],
        quiet_start=dt.time(22, 0),
        quiet_end=dt.time(7, 0),
    )
    for half_hour in range(2 * 48):  # every half hour of Saturday and Sunday
        run_pass(utc(2026, 11, 20, 23, 0) + dt.timedelta(minutes=30 * half_hour))
    # Saturday 06:30 in Oslo is in quiet hours: in the inbox, never pushed; 12:00 is pushed; Sunday is off.
    inbox = [
        (d.slot_at, d.sent_at is not None) for d in ReminderDelivery.objects.filter(patient=patient).order_by("slot_at")
    ]
    assert inbox == [(utc(2026, 11, 21, 5, 30), False), (utc(2026, 11, 21, 11, 0), True)]
    assert len(push_endpoint.payloads_for(phone)) == 1
    [quiet] = logged_in(patient).get("/api/v1/reminders/").json()[1:]
    assert quiet["pushed"] is False and quiet["kind"] == "posture"


def test_a_move_to_another_timezone_moves_the_reminders_with_the_patient(push_endpoint, patient, monkeypatch):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    monkeypatch.setattr(timezone, "now", lambda: utc(2026, 11, 21, 5, 0))
    patient.timezone = "America/New_York"  # saved (API, admin): next_due_at follows at once
    patient.save(update_fields=["timezone"])
    monkeypatch.undo()
    settings_row = ReminderSettings.objects.get(patient=patient)
    assert settings_row.next_due_at == utc(2026, 11, 21, 13, 0) and settings_row.zone == "America/New_York"
    run_pass(DUE)  # 08:00 in Oslo, 02:00 in New York
    assert push_endpoint.payloads_for(phone) == []
    run_pass(utc(2026, 11, 21, 13, 0))
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_a_push_service_answering_410_removes_the_subscription(push_endpoint, patient, caplog):
    phone = subscribe(push_endpoint, patient)
    push_endpoint.script(phone, [410])
    set_reminders(patient, now=SAVED)
    with caplog.at_level("DEBUG"):
        run_pass(DUE)
    assert "410" in caplog.text and phone.token not in caplog.text  # the endpoint identifies a device
    assert not PushSubscription.objects.filter(user=patient).exists()
    delivery = ReminderDelivery.objects.get(patient=patient)
    assert delivery.sent_at is None and delivery.failed_at is not None
    run_pass(DUE + dt.timedelta(minutes=5))
    assert push_endpoint.attempts[phone.token] == 1


def test_a_push_service_answering_429_then_201_gets_the_reminder_once(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    push_endpoint.script(phone, [(429, {"Retry-After": "0"}), 201])
    set_reminders(patient, now=SAVED)
    run_pass(DUE)
    run_pass(DUE + LEASE_OVER)
    assert push_endpoint.attempts[phone.token] == 2
    assert len(push_endpoint.payloads_for(phone)) == 1
    assert ReminderDelivery.objects.get(patient=patient).sent_at is not None


def test_a_push_service_down_for_a_while_gets_it_from_a_later_pass_once(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    push_endpoint.script(phone, [503, 503, 503])  # every attempt of the first pass
    set_reminders(patient, now=SAVED)
    run_pass(DUE)
    assert push_endpoint.payloads_for(phone) == [] and push_endpoint.attempts[phone.token] == 3
    run_pass(DUE + dt.timedelta(minutes=1))  # its lease has not run out yet
    run_pass(DUE + LEASE_OVER)
    run_pass(DUE + LEASE_OVER + dt.timedelta(minutes=1))
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_a_push_service_asking_to_wait_long_is_left_to_a_later_pass_not_waited_for(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    push_endpoint.script(phone, [(429, {"Retry-After": "3600"})])
    set_reminders(patient, now=SAVED)
    run_pass(DUE)
    assert push_endpoint.attempts[phone.token] == 1
    assert ReminderDelivery.objects.get(patient=patient).sent_at is None
    run_pass(DUE + LEASE_OVER)
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_a_slot_missed_by_more_than_the_grace_window_is_skipped(push_endpoint, patient, settings):
    settings.REMINDER_GRACE_MINUTES = 10
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    run_pass(DUE + dt.timedelta(minutes=11))
    assert push_endpoint.payloads_for(phone) == []
    assert ReminderSettings.objects.get(patient=patient).next_due_at == DUE + dt.timedelta(days=1)


def test_a_slot_a_few_minutes_late_is_still_sent(push_endpoint, patient, settings):
    settings.REMINDER_GRACE_MINUTES = 10
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    run_pass(DUE + dt.timedelta(minutes=9))
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_after_an_outage_only_the_latest_slot_within_grace_is_sent_not_a_burst(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED, times=["08:00", "09:00", "10:00", "11:00"])
    run_pass(utc(2026, 11, 21, 10, 2))  # down from before 08:00 until 11:02 in Oslo
    [payload] = push_endpoint.payloads_for(phone)
    assert ReminderDelivery.objects.get(pk=payload["id"]).slot_at == utc(2026, 11, 21, 10, 0)


def test_a_worker_killed_after_claiming_does_not_lose_the_reminder(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    settings_id = ReminderSettings.objects.get(patient=patient).pk
    reminders_claim(settings_ids=[settings_id], now=DUE)  # claimed and committed; then the worker died
    run_pass(DUE + dt.timedelta(minutes=1))  # the dead worker's lease still holds
    assert push_endpoint.payloads_for(phone) == []
    run_pass(DUE + LEASE_OVER)
    run_pass(DUE + LEASE_OVER + dt.timedelta(minutes=1))
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_a_redelivered_task_sends_nothing_more(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    settings_id = ReminderSettings.objects.get(patient=patient).pk
    reminders_claim_and_send(settings_ids=[settings_id], now=DUE)
    reminders_claim_and_send(settings_ids=[settings_id], now=DUE)
    reminders_claim_and_send(settings_ids=[settings_id], now=DUE + dt.timedelta(seconds=20))
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_the_evening_nudge_comes_only_when_nothing_is_logged_today(push_endpoint, patient, other_patient):
    other_patient.timezone = "Europe/Oslo"
    other_patient.save()
    logged, silent = subscribe(push_endpoint, patient), subscribe(push_endpoint, other_patient)
    EntryFactory(
        patient=patient,
        date=dt.date(2026, 11, 21),
        headache=False,
        side=None,
        severity=None,
        onset_region=None,
        neck_trigger=None,
        posture=None,
    )
    for person in (patient, other_patient):
        set_reminders(person, now=SAVED, times=[], diary_nudge_time=dt.time(20, 30))
    run_pass(utc(2026, 11, 21, 19, 30))
    assert push_endpoint.payloads_for(logged) == []
    [nudge] = push_endpoint.payloads_for(silent)
    assert nudge["kind"] == "diary_nudge" and "headache-free" in nudge["body"]


def test_a_screening_notice_is_pushed_once(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    notice = Notice.objects.create(
        patient=patient,
        kind="level_rise",
        code="possible",
        dedupe_key="k1",
        title="Your screening level rose",
        body="Consider discussing it.",
    )
    at = notice.created_at + dt.timedelta(seconds=30)
    run_pass(at)
    run_pass(at + dt.timedelta(minutes=1))
    [payload] = push_endpoint.payloads_for(phone)
    assert payload["kind"] == "notice" and payload["title"] == "Your screening level rose"
    notice.refresh_from_db()
    assert notice.pushed_at is not None


def test_a_notice_waits_for_the_end_of_quiet_hours(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED, quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0))
    Notice.objects.create(patient=patient, kind="red_flag", code="x", dedupe_key="k2", title="t", body="b")
    night = utc(2026, 11, 21, 2, 0)  # 03:00 in Oslo
    Notice.objects.update(created_at=night)
    run_pass(night + dt.timedelta(minutes=1))
    assert push_endpoint.payloads_for(phone) == []
    run_pass(utc(2026, 11, 21, 6, 0))  # 07:00 in Oslo
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_adaptive_reminders_come_before_the_usual_time_of_mechanical_episodes(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    for day, start in ((10, dt.time(15, 0)), (12, dt.time(15, 20)), (14, dt.time(15, 40))):
        EntryFactory(patient=patient, date=dt.date(2026, 11, day), started_at=start, neck_trigger="sustained_posture")
    row = set_reminders(patient, now=SAVED, times=[], adaptive=True)
    assert row.adaptive_time == dt.time(14, 35)
    run_pass(utc(2026, 11, 21, 13, 35))  # 14:35 in Oslo
    [payload] = push_endpoint.payloads_for(phone)
    assert payload["kind"] == "adaptive"


def test_a_diary_change_updates_the_adaptive_time(patient, django_capture_on_commit_callbacks):
    set_reminders(patient, now=SAVED, times=[], adaptive=True)
    assert ReminderSettings.objects.get(patient=patient).next_due_at is None
    with django_capture_on_commit_callbacks(execute=True):
        for day in (17, 18, 19):
            entry_upsert(
                patient=patient,
                entry_id=uuid.uuid4(),
                date=dt.date(2026, 11, day),
                side="right",
                severity=4,
                started_at=dt.time(10, 0),
                neck_trigger="movement",
            )
    row = ReminderSettings.objects.get(patient=patient)
    assert row.adaptive_time == dt.time(9, 15) and row.next_due_at is not None


def test_tips_fit_a_phone_heavy_diary_and_do_not_repeat_within_a_week(push_endpoint, patient):
    phone = subscribe(push_endpoint, patient)
    for day in range(1, 8):
        EntryFactory(patient=patient, date=dt.date(2026, 11, day), posture="phone_looking_down", neck_trigger=None)
    set_reminders(patient, now=SAVED)
    for day in range(7):
        run_pass(DUE + dt.timedelta(days=day))
    codes = [ReminderDelivery.objects.get(pk=p["id"]).tip_code for p in push_endpoint.payloads_for(phone)]
    assert len(codes) == 7 and len(set(codes)) == 7
    assert "phone_looking_down" in TIPS_BY_CODE[codes[0]].suits
    # There are seven tips for looking down at a phone: a week of them, none twice.
    assert all("phone_looking_down" in TIPS_BY_CODE[c].suits for c in codes)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_dispatchers_at_once_deliver_each_reminder_once(push_endpoint, settings):
    settings.REMINDER_BATCH_SIZE = 7
    people = [UserFactory(timezone="Europe/Oslo", password=None) for _ in range(40)]  # no slow hashing
    phones = [subscribe(push_endpoint, person) for person in people]
    for person in people:
        set_reminders(person, now=SAVED)
    barrier = threading.Barrier(4)
    failures = []

    def dispatcher(now):
        try:
            barrier.wait()
            run_pass(now)
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(DUE + dt.timedelta(seconds=s),)) for s in (0, 0, 1, 20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert [push_endpoint.counts[phone.token] for phone in phones] == [1] * len(phones)
    assert ReminderDelivery.objects.count() == len(people)


def test_the_command_runs_a_pass_at_the_moment_given(push_endpoint, patient, capsys):
    phone = subscribe(push_endpoint, patient)
    set_reminders(patient, now=SAVED)
    call_command("dispatch_reminders", "--at", "2026-11-21T08:00:30+01:00")
    assert "1 patients due" in capsys.readouterr().out
    assert len(push_endpoint.payloads_for(phone)) == 1


@pytest.mark.parametrize("at", ["tomorrow", "2026-11-21T08:00:00"])
def test_the_command_refuses_a_moment_it_cannot_place(at):
    with pytest.raises(CommandError):
        call_command("dispatch_reminders", "--at", at)


def test_a_subscription_with_unusable_keys_does_not_stop_the_others(push_endpoint, patient, other_patient):
    other_patient.timezone = "Europe/Oslo"
    other_patient.save()
    broken = subscribe(push_endpoint, patient)
    PushSubscription.objects.filter(endpoint=broken.endpoint).update(p256dh="AAAA")  # stored by hand, say
    working = subscribe(push_endpoint, other_patient)
    for person in (patient, other_patient):
        set_reminders(person, now=SAVED)
    run_pass(DUE)
    assert push_endpoint.attempts[broken.token] == 0
    assert len(push_endpoint.payloads_for(working)) == 1
    assert ReminderDelivery.objects.get(patient=patient).failed_at is not None
