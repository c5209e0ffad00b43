"""The post-block prompts: at the right moments in two timezones across a daylight-saving
change, each pushed once by a real worker through the local push service."""

import datetime as dt

import pytest

from diary.models import Grant, ReminderDelivery
from diary.services.reminders import push_subscription_upsert, reminders_dispatch
from diary.tasks.reminders import enqueue_claim, enqueue_send
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.reminders.conftest import push_endpoint, set_reminders  # noqa: F401 - the fixture
from tests.treatments.helpers import record_block
from tests.workers import celery_worker, wait_for


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


TIMED = ["15m", "30m", "1h", "2h", "3h", "4h", "6h", "8h"]
# Oslo's clocks go back an hour at 01:00 UTC on 25 October 2026; New York's go forward
# at 07:00 UTC on 8 March 2026. Timed prompts are real elapsed time after the block;
# the next morning is 08:00 on the patient's wall clock, whatever its UTC offset.
CASES = {
    "Europe/Oslo": (utc(2026, 10, 24, 20, 30), utc(2026, 10, 25, 7, 0)),  # 22:30 CEST; 08:00 CET
    "America/New_York": (utc(2026, 3, 8, 1, 0), utc(2026, 3, 8, 12, 0)),  # 20:00 EST; 08:00 EDT
}
OFFSETS = [dt.timedelta(minutes=m) for m in (15, 30, 60, 120, 180, 240, 360, 480)]


def expected_slots(block_at, morning):
    return [block_at, *(block_at + offset for offset in OFFSETS), morning]


@pytest.mark.parametrize("zone", CASES)
def test_prompts_come_at_elapsed_times_and_the_next_morning_at_local_eight(zone, clock, clinician, grant):
    patient = grant.patient
    patient.timezone = zone
    patient.save()
    block_at, morning = CASES[zone]
    clock.set(block_at)
    block = record_block(logged_in(clinician), patient, block_at, "lidocaine")

    slots = list(ReminderDelivery.objects.filter(patient=patient).order_by("slot_at"))
    assert [d.slot_at for d in slots] == expected_slots(block_at, morning)
    assert [p["slot"] for p in block["diary"]["prompts"]] == ["baseline", *TIMED, "next_morning"]
    # Quiet hours: the timed prompts must come when due; the next morning can wait.
    assert [d.respect_quiet_hours for d in slots] == [False] * 9 + [True]
    assert all(
        d.url == f"/#/log?block={block['id']}&slot={p['slot']}"
        for d, p in zip(slots, block["diary"]["prompts"], strict=True)
    )


def test_a_block_recorded_late_pushes_only_the_prompts_still_ahead(clock, clinician, grant):
    block_at = utc(2026, 11, 21, 9, 0)
    clock.set(block_at + dt.timedelta(minutes=40))
    block = record_block(logged_in(clinician), grant.patient, block_at, "bupivacaine")
    slots = [d.slot_at for d in ReminderDelivery.objects.order_by("slot_at")]
    assert slots[0] == clock.now  # the baseline, asked straight away
    assert slots[1] == block_at + dt.timedelta(hours=1)
    # The 15- and 30-minute prompts are not pushed, but can still be answered late.
    assert {p["slot"]: p["status"] for p in block["diary"]["prompts"]}["15m"] == "missing"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_each_prompt_is_pushed_once_by_a_real_worker_in_both_timezones(push_endpoint, clock, clinician):  # noqa: F811
    phones, deliveries = {}, []
    for zone, (block_at, _) in CASES.items():
        patient = UserFactory(timezone=zone, password=None)
        Grant.objects.create(patient=patient, clinician=clinician)
        # Quiet hours all night: the timed prompts are still pushed.
        set_reminders(patient, now=block_at, times=[], quiet_start=dt.time(21, 0), quiet_end=dt.time(7, 30))
        phone = push_endpoint.subscribe()
        push_subscription_upsert(user=patient, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth)
        phones[zone] = phone
        clock.set(block_at)
        record_block(logged_in(clinician), patient, block_at, "lidocaine")
        deliveries += ReminderDelivery.objects.filter(patient=patient)

    with celery_worker(concurrency=2):
        # Two dispatch passes at every slot (a second scheduler, a redelivered task).
        for slot_at in sorted({d.slot_at for d in deliveries}):
            for delay in (5, 20):
                reminders_dispatch(
                    now=slot_at + dt.timedelta(seconds=delay), claim_batch=enqueue_claim, send_batch=enqueue_send
                )
        wait_for(lambda: sum(len(push_endpoint.payloads_for(p)) for p in phones.values()) >= 20, seconds=90)
        wait_for(lambda: not ReminderDelivery.objects.filter(sent_at__isnull=True, failed_at__isnull=True).exists())

    assert push_endpoint.errors == []
    for zone, phone in phones.items():
        payloads = push_endpoint.payloads_for(phone)
        slots = [p["url"].rsplit("=", 1)[1] for p in payloads]
        assert sorted(slots) == sorted(["baseline", *TIMED, "next_morning"]), zone
        assert {p["kind"] for p in payloads} == {"block_prompt"}
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 20


def test_a_block_recorded_the_next_day_pushes_no_stale_prompt(clock, clinician, grant):
    block_at = utc(2026, 11, 20, 9, 0)
    clock.set(block_at + dt.timedelta(hours=26))
    record_block(logged_in(clinician), grant.patient, block_at, "lidocaine")
    assert not ReminderDelivery.objects.exists()


def test_the_prompts_are_in_the_patients_language_not_the_recording_clinicians(clock, clinician, grant):
    """Issue 25: a prompt is stored as text when the block is recorded; the clinician's
    request is in English, the patient reads German."""
    patient = grant.patient
    patient.language = "de"
    patient.save()
    block_at = utc(2026, 11, 21, 9, 0)
    clock.set(block_at)
    record_block(logged_in(clinician), patient, block_at, "lidocaine")
    titles = [d.title for d in ReminderDelivery.objects.filter(patient=patient).order_by("slot_at")]
    assert titles[:4] == [
        "Vor Ihrer Blockade: Wie stark war der Schmerz?",
        "Tagebuch nach der Blockade: 15 Minuten danach",
        "Tagebuch nach der Blockade: 30 Minuten danach",
        "Tagebuch nach der Blockade: 1 Stunde danach",
    ]
    assert titles[4] == "Tagebuch nach der Blockade: 2 Stunden danach"
    assert titles[-1] == "Tagebuch nach der Blockade: heute Morgen"
