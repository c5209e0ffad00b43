"""Issue 11 item 5: the inbox holds every reminder that fell due, pushed or not, once."""

import datetime as dt

from diary.choices import ReminderKind
from diary.models import Notice, ReminderDelivery
from diary.reminders.one_off import schedule_delivery
from diary.services.reminders import push_subscription_upsert
from tests.reminders.conftest import run_pass, set_reminders, utc

SAVED = utc(2026, 11, 20, 12, 0)
DUE = utc(2026, 11, 21, 7, 0)  # 08:00 in Oslo
INBOX = "/api/v1/reminders/"


def inbox(api):
    return api.get(INBOX).json()


def test_a_patient_without_a_device_for_push_finds_each_reminder_in_the_inbox_once(patient_api, patient):
    set_reminders(patient, now=SAVED)
    for seconds in (5, 30, 400, 700):  # later passes, the retry window included, add nothing
        run_pass(DUE + dt.timedelta(seconds=seconds))
    [item] = inbox(patient_api)
    assert (item["kind"], item["pushed"], item["due_at"]) == ("posture", False, "2026-11-21T07:00:00Z")
    assert item["title"] and item["body"]
    assert patient_api.post(f"{INBOX}{item['id']}/done/").json()["done"] is True


def test_pushed_says_whether_a_push_went_out(push_endpoint, patient_api, patient, other_patient, other_api):
    phone = push_endpoint.subscribe()
    push_subscription_upsert(user=patient, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth)
    refused = push_endpoint.subscribe()
    push_endpoint.script(refused, [400])  # the push service refuses our request
    push_subscription_upsert(user=other_patient, endpoint=refused.endpoint, p256dh=refused.p256dh, auth=refused.auth)
    other_patient.timezone = "Europe/Oslo"
    other_patient.save()
    for person in (patient, other_patient):
        set_reminders(person, now=SAVED)
    run_pass(DUE)
    run_pass(DUE + dt.timedelta(minutes=7))
    assert [item["pushed"] for item in inbox(patient_api)] == [True]
    assert [item["pushed"] for item in inbox(other_api)] == [False]
    assert len(push_endpoint.payloads_for(phone)) == 1


def test_a_scheduled_prompt_joins_the_inbox_when_due_and_not_before(patient_api, patient):
    slot = DUE + dt.timedelta(minutes=30)
    schedule_delivery(
        patient=patient,
        kind=ReminderKind.BLOCK_PROMPT,
        slot_at=slot,
        title="How is the pain now?",
        body="Two taps.",
        url="/#/log?prompt=7",
    )
    # The inbox reads the real clock: move the slot around it instead.
    ReminderDelivery.objects.update(slot_at=utc(2099, 1, 1, 0, 0))
    assert inbox(patient_api) == []
    ReminderDelivery.objects.update(slot_at=slot)
    [item] = inbox(patient_api)
    assert (item["kind"], item["url"], item["pushed"]) == ("block_prompt", "/#/log?prompt=7", False)


def test_a_screening_notice_reaches_the_inbox_of_a_patient_without_push_with_its_date(patient_api, patient):
    notice = Notice.objects.create(
        patient=patient,
        kind="level_rise",
        code="possible",
        dedupe_key="k1",
        title="Your screening result changed",
        body="Consider discussing it.",
    )
    run_pass(notice.created_at + dt.timedelta(seconds=30))
    run_pass(notice.created_at + dt.timedelta(minutes=1))
    [item] = inbox(patient_api)
    assert (item["kind"], item["title"], item["pushed"]) == ("notice", "Your screening result changed", False)
    assert ReminderDelivery.objects.get().slot_at == notice.created_at
    patient_api.post(f"{INBOX}{item['id']}/done/")
    notice.refresh_from_db()
    assert notice.seen_at is not None


def test_a_notice_the_dispatcher_missed_for_days_is_in_the_inbox_not_pushed(push_endpoint, patient_api, patient):
    phone = push_endpoint.subscribe()
    push_subscription_upsert(user=patient, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth)
    notice = Notice.objects.create(patient=patient, kind="red_flag", code="x", dedupe_key="k2", title="t", body="b")
    run_pass(notice.created_at + dt.timedelta(days=3))
    assert push_endpoint.payloads_for(phone) == []
    assert [item["pushed"] for item in inbox(patient_api)] == [False]
