"""Deleting an account while its other devices save (issue 13, items 3 and 5): the
deletion succeeds and leaves no row, a racing write answers a clean 4xx, and the
session survives a deletion that failed."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection
from django.utils import timezone
from rest_framework.test import APIClient

from diary.models import Entry, User, UserSession
from tests.factories import PASSWORD, EntryFactory, UserFactory


def put_entry(client):
    return client.put(
        f"/api/v1/entries/{uuid.uuid4()}/", {"date": "2026-01-10", "side": "left", "severity": 3}, format="json"
    )


def test_it_leaves_no_session_login_record_or_admin_log_mention(patient, other_patient, monkeypatch):
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", {})
    phone, laptop, others = APIClient(), APIClient(), APIClient()
    phone.force_login(patient)
    laptop.force_login(patient)
    others.force_login(other_patient)
    entry = EntryFactory(patient=patient)
    AccessAttempt.objects.create(
        username=patient.email.upper(),
        ip_address="192.0.2.1",
        user_agent="x",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
        failures_since_start=1,
    )
    AccessLog.objects.create(
        username=patient.email, ip_address="192.0.2.1", user_agent="x", http_accept="", path_info="/"
    )
    staff = UserFactory(is_staff=True)
    for obj, repr_ in ((patient, patient.email), (entry, str(entry))):
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=repr_,
            action_flag=CHANGE,
            action_time=timezone.now(),
        )
    kept = LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(other_patient),
        object_id=str(other_patient.pk),
        object_repr=other_patient.email,
        action_flag=CHANGE,
        action_time=timezone.now(),
    )
    assert UserSession.objects.count() == 3

    assert phone.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204

    assert UserSession.objects.count() == 1  # the other patient's
    assert laptop.get("/api/v1/me/").status_code == 403
    assert others.get("/api/v1/me/").status_code == 200
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.filter(username__iexact=patient.email).exists()
    assert AccessLog.objects.filter(username=other_patient.email).exists()
    assert list(LogEntry.objects.all()) == [kept]


def test_a_failed_deletion_keeps_the_session(patient_api, patient, monkeypatch):
    def failing(*, user):
        raise OperationalError("the database went away")

    monkeypatch.setattr("api.accounts.views.user_delete", failing)
    assert patient_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 503
    assert patient_api.get("/api/v1/me/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_deletion_while_other_devices_save_succeeds_and_leaves_no_row(monkeypatch):
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", {})
    patient = UserFactory(email="racing@example.test")
    patient_id = patient.pk
    EntryFactory.create_batch(20, patient=patient)
    deleted = threading.Event()
    writes: list[int] = []

    def device(_):
        client = APIClient()
        client.raise_request_exception = False
        client.force_login(patient)
        try:
            for _ in range(200):
                status = put_entry(client).status_code
                writes.append(status)
                if deleted.is_set() and status != 201:
                    return
        finally:
            connection.close()

    def delete_once_writes_flow():
        client = APIClient()
        client.raise_request_exception = False
        client.force_login(patient)
        try:
            while len(writes) < 30:
                time.sleep(0.01)
            response = client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
            deleted.set()
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        devices = [pool.submit(device, n) for n in range(3)]
        deletion = pool.submit(delete_once_writes_flow)
        assert deletion.result(timeout=120) == 204
        for future in devices:
            future.result(timeout=120)

    assert not User.objects.filter(pk=patient_id).exists()
    assert not Entry.objects.filter(patient_id=patient_id).exists()
    assert 500 not in writes and not any(500 <= status for status in writes)
    assert set(writes) <= {201, 403}, set(writes)
