import base64
import datetime as dt
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings as django_settings
from django.utils import timezone

from diary.models import PushSubscription, ReminderDelivery, ReminderSettings
from diary.selectors.reminders import reminder_adherence

PUSH_KEY, SUBSCRIPTIONS, SETTINGS, INBOX = (
    "/api/v1/push/key/",
    "/api/v1/push/subscriptions/",
    "/api/v1/reminders/settings/",
    "/api/v1/reminders/",
)
ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys() -> dict:
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {"p256dh": b64(point), "auth": b64(os.urandom(16))}


def subscription(**overrides) -> dict:
    body = {"endpoint": ENDPOINT, "expirationTime": None, "keys": browser_keys()}
    body.update(overrides)
    return body


def delivered(patient, kind="posture", minutes_ago=5, **fields):
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return ReminderDelivery.objects.create(
        patient=patient,
        kind=kind,
        slot_at=at,
        sent_at=at,
        title="Chin tucks",
        body="Gently slide your chin back.",
        **fields,
    )


@pytest.fixture
def fixed_now(monkeypatch):
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return noon


# --- Who may call what ------------------------------------------------------------------

ENDPOINTS = [
    ("get", PUSH_KEY),
    ("post", SUBSCRIPTIONS),
    ("delete", SUBSCRIPTIONS + "?endpoint=x"),
    ("get", SETTINGS),
    ("put", SETTINGS),
    ("get", INBOX),
    ("post", INBOX + "1/done/"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_clinicians_and_anonymous_callers_are_refused_everywhere(clinician_api, anon_api, method, path):
    assert getattr(clinician_api, method)(path, {}, format="json").status_code == 403
    assert getattr(anon_api, method)(path, {}, format="json").status_code == 403


# --- Push key and subscriptions ------------------------------------------------------------


def test_a_patient_gets_the_vapid_key_to_subscribe_with(patient_api):
    key = patient_api.get(PUSH_KEY).json()["public_key"]
    assert key == django_settings.VAPID_PUBLIC_KEY
    assert len(base64.urlsafe_b64decode(key + "==")) == 65


def test_subscribing_twice_from_one_browser_stores_one_subscription_with_the_new_keys(patient_api, patient):
    assert patient_api.post(SUBSCRIPTIONS, subscription(), format="json").status_code == 201
    newer = subscription()
    assert patient_api.post(SUBSCRIPTIONS, newer, format="json").status_code == 200
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.p256dh) == (patient, newer["keys"]["p256dh"])


def test_another_account_posting_the_same_endpoint_cannot_take_the_owners_subscription(
    patient_api, other_api, patient, other_patient
):
    mine = subscription()
    patient_api.post(SUBSCRIPTIONS, mine, format="json")
    assert other_api.post(SUBSCRIPTIONS, subscription(), format="json").status_code == 201
    owners = PushSubscription.objects.get(user=patient)
    assert (owners.endpoint, owners.p256dh, owners.auth) == (ENDPOINT, mine["keys"]["p256dh"], mine["keys"]["auth"])
    assert PushSubscription.objects.filter(user=other_patient, endpoint=ENDPOINT).count() == 1
    # Unsubscribing removes only one's own row.
    assert other_api.delete(SUBSCRIPTIONS + f"?endpoint={ENDPOINT}").status_code == 204
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [patient.pk]


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        ({"p256dh": "not base64!", "auth": b64(os.urandom(16))}, "p256dh"),
        ({"p256dh": b64(os.urandom(64)), "auth": b64(os.urandom(16))}, "p256dh"),
        ({"p256dh": b64(b"\x04" + os.urandom(64)), "auth": b64(os.urandom(16))}, "p256dh"),  # not on the curve
        ({"p256dh": browser_keys()["p256dh"], "auth": b64(os.urandom(12))}, "auth"),
        ({"p256dh": browser_keys()["p256dh"]}, "auth"),
    ],
)
def test_it_rejects_keys_that_are_not_a_browsers(patient_api, keys, field):
    response = patient_api.post(SUBSCRIPTIONS, subscription(keys=keys), format="json")
    assert response.status_code == 400
    assert field in response.json()["keys"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",
        "https://10.0.0.5/push",
        "https://evil.example/push",
        "https://fcm.googleapis.com.evil.example/x",
        "https://fcm.googleapis.com:6379/x",
        "https://fcm.googleapis.com:8443/x",
        "not a url",
    ],
)
def test_it_rejects_endpoints_that_are_not_a_known_push_service(patient_api, endpoint):
    # A known host on another port is refused too: our POSTs must not reach another service there.
    response = patient_api.post(SUBSCRIPTIONS, subscription(endpoint=endpoint), format="json")
    assert response.status_code == 400 and "endpoint" in response.json()


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("http://127.0.0.1:8123/push/x", True),
        ("http://[::1]:8123/push/x", True),
        ("http://localhost:8123/push/x", False),
        ("https://127.0.0.1:8123/push/x", False),
        ("http://127.0.0.2.nip.io/push/x", False),
        ("http://user@127.0.0.1:8123/push/x", False),
        ("http://10.0.0.5/push/x", False),
    ],
)
def test_local_runs_accept_only_loopback_http_endpoints(patient_api, settings, endpoint, allowed):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    response = patient_api.post(SUBSCRIPTIONS, subscription(endpoint=endpoint), format="json")
    assert response.status_code == (201 if allowed else 400)


def test_without_local_endpoints_a_loopback_one_is_refused(patient_api, settings):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = False
    response = patient_api.post(SUBSCRIPTIONS, subscription(endpoint="http://127.0.0.1:8123/push/x"), format="json")
    assert response.status_code == 400 and "endpoint" in response.json()


def test_it_rejects_unknown_fields(patient_api):
    response = patient_api.post(SUBSCRIPTIONS, {**subscription(), "extra": 1}, format="json")
    assert response.status_code == 400 and "extra" in response.json()


def test_a_patient_unsubscribes_their_browser(patient_api):
    patient_api.post(SUBSCRIPTIONS, subscription(), format="json")
    assert patient_api.delete(SUBSCRIPTIONS + f"?endpoint={ENDPOINT}").status_code == 204
    assert not PushSubscription.objects.exists()
    assert patient_api.delete(SUBSCRIPTIONS + f"?endpoint={ENDPOINT}").status_code == 404


def test_nobody_can_unsubscribe_another_patients_browser(patient_api, other_api):
    patient_api.post(SUBSCRIPTIONS, subscription(), format="json")
    assert other_api.delete(SUBSCRIPTIONS + f"?endpoint={ENDPOINT}").status_code == 404
    assert PushSubscription.objects.exists()


@pytest.mark.parametrize("query", ["", "?endpoint=", "?endpoint=%00x", "?endpoint=not-a-url"])
def test_unsubscribing_needs_a_real_endpoint(patient_api, query):
    response = patient_api.delete(SUBSCRIPTIONS + query)
    assert response.status_code == 400 and "endpoint" in response.json()


def test_it_rejects_nul_characters_instead_of_failing(patient_api):
    body = subscription(endpoint=ENDPOINT + "\x00")
    assert patient_api.post(SUBSCRIPTIONS, body, format="json").status_code == 400
    settings_body = {"enabled": True, "times": ["08:00\x00"]}
    assert patient_api.put(SETTINGS, settings_body, format="json").status_code == 400


# --- Settings ---------------------------------------------------------------------------------


def test_settings_start_off_and_are_shown_in_the_patients_timezone(patient_api):
    body = patient_api.get(SETTINGS).json()
    assert body["enabled"] is False and body["times"] == [] and body["timezone"] == "Europe/Oslo"
    assert body["weekdays"] == [0, 1, 2, 3, 4, 5, 6]


def test_saving_settings_schedules_the_next_reminder_in_local_time(patient_api, patient, fixed_now):
    body = {
        "enabled": True,
        "times": ["18:00", "08:30"],
        "weekdays": [5, 0],
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "diary_nudge_time": "20:30",
    }
    response = patient_api.put(SETTINGS, body, format="json")
    assert response.status_code == 200
    assert response.json() | {} == {
        **body,
        "times": ["08:30", "18:00"],
        "weekdays": [0, 5],
        "adaptive": False,
        "adaptive_time": None,
        "timezone": "Europe/Oslo",
    }
    # Saturday 21 November, 13:00 in Oslo: 18:00 local is next.
    assert ReminderSettings.objects.get(patient=patient).next_due_at == dt.datetime(2026, 11, 21, 17, 0, tzinfo=dt.UTC)
    assert patient_api.get(SETTINGS).json() == response.json()


def test_turning_reminders_off_clears_the_schedule(patient_api, patient):
    patient_api.put(SETTINGS, {"enabled": True, "times": ["08:00"]}, format="json")
    patient_api.put(SETTINGS, {"enabled": False, "times": ["08:00"]}, format="json")
    assert ReminderSettings.objects.get(patient=patient).next_due_at is None


def test_what_the_client_read_can_be_sent_back_unchanged(patient_api):
    read = patient_api.put(SETTINGS, {"enabled": True, "times": ["08:00"]}, format="json").json()
    assert patient_api.put(SETTINGS, read, format="json").json() == read


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"times": ["8:00"]}, "times"),
        ({"times": ["24:00"]}, "times"),
        ({"times": ["08:00", "08:00"]}, "times"),
        ({"times": "08:00"}, "times"),
        ({"times": [f"{h:02d}:00" for h in range(13)]}, "times"),
        ({"weekdays": [7]}, "weekdays"),
        ({"weekdays": [1, 1]}, "weekdays"),
        ({"weekdays": ["1"]}, "weekdays"),
        ({"quiet_start": "22:00"}, "quiet_end"),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end"),
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, "quiet_start"),
        ({"diary_nudge_time": "evening"}, "diary_nudge_time"),
        ({"enabled": "yes"}, "enabled"),
        ({"snooze": 5}, "snooze"),
    ],
)
def test_it_rejects_bad_settings_and_keeps_the_old_ones(patient_api, patient, change, field):
    patient_api.put(SETTINGS, {"enabled": True, "times": ["08:00"]}, format="json")
    response = patient_api.put(SETTINGS, {"enabled": True, "times": ["09:00"], **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert ReminderSettings.objects.get(patient=patient).times == ["08:00"]


def test_one_patients_settings_do_not_touch_anothers(patient_api, other_api, other_patient):
    patient_api.put(SETTINGS, {"enabled": True, "times": ["08:00"]}, format="json")
    assert other_api.get(SETTINGS).json()["enabled"] is False
    assert not ReminderSettings.objects.filter(patient=other_patient).exists()


# --- Inbox, done, adherence -------------------------------------------------------------------


def test_the_inbox_lists_every_reminder_that_fell_due_newest_first(patient_api, patient, other_patient):
    older, newer = delivered(patient, minutes_ago=60), delivered(patient, kind="notice", minutes_ago=1)
    at = timezone.now() - dt.timedelta(minutes=30)
    unpushed = ReminderDelivery.objects.create(
        patient=patient, kind="posture", slot_at=at, failed_at=at, title="t", body="b"
    )
    ReminderDelivery.objects.create(
        patient=patient, kind="block_prompt", title="later", body="b", slot_at=timezone.now() + dt.timedelta(minutes=10)
    )  # not due yet
    delivered(other_patient)
    listed = patient_api.get(INBOX).json()
    assert [item["id"] for item in listed] == [newer.pk, unpushed.pk, older.pk]
    assert set(listed[0]) == {"id", "sent_at", "due_at", "kind", "title", "body", "done", "pushed", "url"}
    assert [item["pushed"] for item in listed] == [True, False, True]
    assert listed[1]["sent_at"] == listed[1]["due_at"] and listed[1]["done"] is False


def test_marking_a_reminder_done_is_idempotent(patient_api, patient):
    reminder = delivered(patient)
    first = patient_api.post(INBOX + f"{reminder.pk}/done/")
    done_at = ReminderDelivery.objects.get(pk=reminder.pk).done_at
    second = patient_api.post(INBOX + f"{reminder.pk}/done/")
    assert first.status_code == second.status_code == 200 and second.json()["done"] is True
    assert ReminderDelivery.objects.get(pk=reminder.pk).done_at == done_at


def test_nobody_can_mark_another_patients_reminder_done(other_api, patient):
    reminder = delivered(patient)
    assert other_api.post(INBOX + f"{reminder.pk}/done/").status_code == 404
    assert other_api.post(INBOX + "999999/done/").status_code == 404
    assert ReminderDelivery.objects.get(pk=reminder.pk).done_at is None


def test_adherence_counts_done_posture_reminders_in_the_patients_days(patient, fixed_now):
    for minutes_ago, done in ((10, True), (20, True), (30, False), (60 * 24 * 3, True)):
        delivered(patient, minutes_ago=minutes_ago, done_at=fixed_now if done else None)
    delivered(patient, kind="notice", minutes_ago=5, done_at=fixed_now)
    today = dt.date(2026, 11, 21)
    assert reminder_adherence(patient=patient, date_from=today, date_to=today) == {
        "delivered": 3,
        "done": 2,
        "rate": 0.667,
    }
    empty = reminder_adherence(patient=patient, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31))
    assert empty == {"delivered": 0, "done": 0, "rate": None}
