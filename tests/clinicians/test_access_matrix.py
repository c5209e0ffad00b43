"""Every clinician and sharing endpoint against every kind of caller."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from diary.choices import Role
from diary.models import Grant
from tests.conftest import logged_in
from tests.factories import EntryFactory, UserFactory

CALLERS = ["patient", "other_patient", "linked_clinician", "unlinked_clinician", "revoked_clinician", "anonymous"]
FORBIDDEN = 403  # DRF's answer to anonymous and wrong-role callers with session auth
EXAM = {"date": "2026-11-20", "frt_left_deg": 28}
REVIEW = {"code": "thunderclap", "date": "2026-11-21", "note": "Seen in clinic; CT normal."}
BLOCK = {
    "kind": "medial_branch_block",
    "side": "left",
    "purpose": "diagnostic",
    "anaesthetic": "lidocaine",
    "performed_at": "2026-11-20T09:00:00Z",
}
NOTE = {"kind": "note", "at": "2026-11-01T09:00:00Z", "title": "New desk setup"}

# Per endpoint: (method, path with {patient} and {grant}, body, expected status per caller in CALLERS order).
PATIENT_SIDE = [403] * 4  # clinicians and anonymous
CLINICIAN_ONLY = [403, 403]
ENDPOINTS = {
    "create code": ("post", "/api/v1/sharing/codes/", None, [201, 201, *PATIENT_SIDE]),
    "list grants": ("get", "/api/v1/sharing/grants/", None, [200, 200, *PATIENT_SIDE]),
    "revoke grant": ("delete", "/api/v1/sharing/grants/{grant}/", None, [204, 404, *PATIENT_SIDE]),
    "access log": ("get", "/api/v1/sharing/access-log/", None, [200, 200, *PATIENT_SIDE]),
    "own export": ("get", "/api/v1/export/?format=json", None, [200, 200, *PATIENT_SIDE]),
    "own pdf": ("get", "/api/v1/export/?format=pdf", None, [200, 200, *PATIENT_SIDE]),
    "enter code": (
        "post",
        "/api/v1/clinician/links/",
        {"code": "AAAA-BBBB-CCCC"},
        [*CLINICIAN_ONLY, 400, 400, 400, 403],
    ),
    "patient list": ("get", "/api/v1/clinician/patients/", None, [*CLINICIAN_ONLY, 200, 200, 200, 403]),
    "summary": ("get", "/api/v1/clinician/patients/{patient}/summary/", None, [*CLINICIAN_ONLY, 200, 404, 404, 403]),
    "entries": ("get", "/api/v1/clinician/patients/{patient}/entries/", None, [*CLINICIAN_ONLY, 200, 404, 404, 403]),
    "exam": ("post", "/api/v1/clinician/patients/{patient}/exams/", EXAM, [*CLINICIAN_ONLY, 201, 404, 404, 403]),
    # The patient cannot mark their own red flag reviewed: only a clinician with a live grant.
    "red-flag review": (
        "post",
        "/api/v1/clinician/patients/{patient}/red-flag-reviews/",
        REVIEW,
        [*CLINICIAN_ONLY, 201, 404, 404, 403],
    ),
    "export csv": (
        "get",
        "/api/v1/clinician/patients/{patient}/export/?format=csv",
        None,
        [*CLINICIAN_ONLY, 200, 404, 404, 403],
    ),
    "export pdf": (
        "get",
        "/api/v1/clinician/patients/{patient}/export/?format=pdf",
        None,
        [*CLINICIAN_ONLY, 200, 404, 404, 403],
    ),
    "export fhir": (
        "get",
        "/api/v1/clinician/patients/{patient}/export/?format=fhir",
        None,
        [*CLINICIAN_ONLY, 200, 404, 404, 403],
    ),
    # Procedures, post-block diary and timeline (issue 16); the ones with a procedure or
    # event id are in tests/treatments/test_access.py.
    "procedures": (
        "get",
        "/api/v1/clinician/patients/{patient}/procedures/",
        None,
        [*CLINICIAN_ONLY, 200, 404, 404, 403],
    ),
    "record procedure": (
        "post",
        "/api/v1/clinician/patients/{patient}/procedures/",
        BLOCK,
        [*CLINICIAN_ONLY, 201, 404, 404, 403],
    ),
    "timeline (clinician)": (
        "get",
        "/api/v1/clinician/patients/{patient}/timeline/",
        None,
        [*CLINICIAN_ONLY, 200, 404, 404, 403],
    ),
    "add to timeline (clinician)": (
        "post",
        "/api/v1/clinician/patients/{patient}/timeline/",
        NOTE,
        [*CLINICIAN_ONLY, 201, 404, 404, 403],
    ),
    "post-block diaries": ("get", "/api/v1/post-block/", None, [200, 200, *PATIENT_SIDE]),
    "timeline": ("get", "/api/v1/timeline/", None, [200, 200, *PATIENT_SIDE]),
    "add to timeline": ("post", "/api/v1/timeline/", NOTE, [201, 201, *PATIENT_SIDE]),
}
CASES = [
    pytest.param(name, caller, expected[index], id=f"{name}-{caller}")
    for name, (_, _, _, expected) in ENDPOINTS.items()
    for index, caller in enumerate(CALLERS)
]


@pytest.fixture
def world(patient, other_patient, clinician):
    """The patient shares with one clinician, has revoked another, and a third never had access."""
    EntryFactory(patient=patient, date=timezone.now().date(), notes="private words", red_flags=["thunderclap"])
    grant = Grant.objects.create(patient=patient, clinician=clinician)
    revoked = UserFactory(email="revoked.doc@example.test", role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=revoked, revoked_at=timezone.now())
    unlinked = UserFactory(email="unlinked.doc@example.test", role=Role.CLINICIAN)
    users = {
        "patient": patient,
        "other_patient": other_patient,
        "linked_clinician": clinician,
        "unlinked_clinician": unlinked,
        "revoked_clinician": revoked,
    }
    return {"patient": patient, "grant": grant, "users": users}


def readable(response) -> str:
    if response["Content-Type"] == "application/pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return response.content.decode()


def call(world, caller: str, endpoint: str, patient_id=None):
    method, path, body, _ = ENDPOINTS[endpoint]
    client = logged_in(world["users"][caller]) if caller != "anonymous" else APIClient()
    url = path.format(patient=patient_id or world["patient"].pk, grant=world["grant"].pk)
    return getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)


@pytest.mark.parametrize(("endpoint", "caller", "expected"), CASES)
def test_each_caller_gets_only_what_they_may(world, endpoint, caller, expected):
    response = call(world, caller, endpoint)
    assert response.status_code == expected
    if expected == 200 and caller not in ("patient", "linked_clinician"):
        # Whatever a caller without access may list, it holds nothing of the patient's.
        assert world["patient"].email not in readable(response)
        assert "private words" not in readable(response)


@pytest.mark.parametrize("endpoint", [name for name, spec in ENDPOINTS.items() if "{patient}" in spec[1]])
@pytest.mark.parametrize("caller", ["unlinked_clinician", "revoked_clinician"])
def test_a_clinician_without_a_grant_cannot_tell_the_patient_exists(world, endpoint, caller):
    real = call(world, caller, endpoint)
    missing = call(world, caller, endpoint, patient_id=987654321)
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content


def test_an_unlinked_clinician_gets_404_before_any_input_is_checked(world):
    client = logged_in(world["users"]["unlinked_clinician"])
    base = f"/api/v1/clinician/patients/{world['patient'].pk}"
    assert client.get(f"{base}/summary/?days=nonsense").status_code == 404
    assert client.get(f"{base}/export/?format=exe").status_code == 404
    assert client.post(f"{base}/exams/", {"date": "tomorrow"}, format="json").status_code == 404
    assert client.post(f"{base}/red-flag-reviews/", {"code": "?"}, format="json").status_code == 404


def test_a_clinician_cannot_reach_a_clinician_through_the_patient_paths(world):
    client = logged_in(world["users"]["linked_clinician"])
    other_doctor = world["users"]["unlinked_clinician"]
    assert client.get(f"/api/v1/clinician/patients/{other_doctor.pk}/summary/").status_code == 404
