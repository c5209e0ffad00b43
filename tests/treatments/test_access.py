"""The endpoints with a procedure or event id, against every kind of caller (the
others are in tests/clinicians/test_access_matrix.py)."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from diary.choices import Role
from diary.models import Grant, PostBlockRating, TreatmentEvent
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.treatments.conftest import NOON
from tests.treatments.helpers import record_block

CALLERS = ["patient", "other_patient", "linked_clinician", "unlinked_clinician", "revoked_clinician", "anonymous"]
RATING = {"pain": 3, "answered_at": (NOON + dt.timedelta(minutes=15)).isoformat()}
NOT_PATIENT = [403] * 4
ENDPOINTS = {
    "procedure (clinician)": (
        "get",
        "/api/v1/clinician/patients/{patient}/procedures/{procedure}/",
        None,
        [403, 403, 200, 404, 404, 403],
    ),
    "post-block diary": ("get", "/api/v1/post-block/{procedure}/", None, [200, 404, *NOT_PATIENT]),
    "answer a prompt": ("put", "/api/v1/post-block/{procedure}/ratings/15m/", RATING, [201, 404, *NOT_PATIENT]),
    "end the diary": ("post", "/api/v1/post-block/{procedure}/end/", None, [200, 404, *NOT_PATIENT]),
    "delete an event": ("delete", "/api/v1/timeline/{event}/", None, [204, 404, *NOT_PATIENT]),
}
CASES = [
    pytest.param(name, caller, expected[index], id=f"{name}-{caller}")
    for name, (_, _, _, expected) in ENDPOINTS.items()
    for index, caller in enumerate(CALLERS)
]


@pytest.fixture
def world(patient, other_patient, clinician, clock):
    Grant.objects.create(patient=patient, clinician=clinician)
    revoked = UserFactory(email="revoked.doc@example.test", role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=revoked, revoked_at=timezone.now())
    unlinked = UserFactory(email="unlinked.doc@example.test", role=Role.CLINICIAN)
    block = record_block(logged_in(clinician), patient, NOON, "lidocaine", note="private words")
    clock.set(NOON + dt.timedelta(minutes=20))
    event = TreatmentEvent.objects.create(
        patient=patient, kind="note", at=NOON, title="private desk", recorded_by=patient
    )
    users = {
        "patient": patient,
        "other_patient": other_patient,
        "linked_clinician": clinician,
        "unlinked_clinician": unlinked,
        "revoked_clinician": revoked,
    }
    return {"patient": patient, "procedure": block["id"], "event": event.pk, "users": users}


@pytest.mark.parametrize(("endpoint", "caller", "expected"), CASES)
def test_each_caller_gets_only_what_they_may(world, endpoint, caller, expected):
    method, path, body, _ = ENDPOINTS[endpoint]
    client = logged_in(world["users"][caller]) if caller != "anonymous" else APIClient()
    url = path.format(patient=world["patient"].pk, procedure=world["procedure"], event=world["event"])
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == expected
    if caller not in ("patient", "linked_clinician"):
        assert "private words" not in response.content.decode()
        assert not PostBlockRating.objects.exists()
        assert TreatmentEvent.objects.filter(pk=world["event"]).exists()
