"""Ids beyond what the id column holds answer 404, and a NUL character in any text
answers 400 naming where it is, storing nothing (issue 24, items 2 and 8)."""

import uuid

import pytest

from diary.models import Grant, QuestionnaireResponse, TreatmentEvent

HUGE = "3929654535928702042112"  # past 2**63 - 1, found by schemathesis
JUST_PAST = str(2**63)


@pytest.mark.parametrize("number", [HUGE, JUST_PAST])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/post-block/{n}/"),
        ("post", "/api/v1/post-block/{n}/end/"),
        ("put", "/api/v1/post-block/{n}/ratings/baseline/"),
        ("delete", "/api/v1/timeline/{n}/"),
        ("post", "/api/v1/programme/{n}/end/"),
        ("post", "/api/v1/reminders/{n}/done/"),
        ("delete", "/api/v1/sharing/grants/{n}/"),
    ],
)
def test_a_patients_id_beyond_the_column_answers_404(patient_api, method, path, number):
    response = getattr(patient_api, method)(path.format(n=number), {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/clinician/patients/{n}/summary/",
        "/api/v1/clinician/patients/{n}/timeline/",
        "/api/v1/clinician/patients/{n}/programmes/",
    ],
)
def test_a_clinicians_patient_id_beyond_the_column_answers_404(clinician_api, path):
    assert clinician_api.get(path.format(n=HUGE)).status_code == 404


def test_a_programme_id_beyond_the_column_answers_404_for_a_linked_patient(clinician_api, clinician, patient):
    Grant.objects.create(patient=patient, clinician=clinician)
    path = f"/api/v1/clinician/patients/{patient.pk}/programmes/{HUGE}/end/"
    assert clinician_api.post(path, {}, format="json").status_code == 404


def test_the_largest_id_the_column_holds_is_an_ordinary_404(patient_api):
    assert patient_api.get(f"/api/v1/post-block/{2**63 - 1}/").status_code == 404


def test_a_nul_in_a_questionnaire_answers_extra_key_answers_400_and_stores_nothing(patient_api):
    body = {
        "questionnaire": "pgic",
        "authored": "2026-11-20T10:00:00Z",
        "item": [{"linkId": "pgic", "answer": [{"valueInteger": 3}], "extra\u0000": "x"}],
    }
    response = patient_api.put(f"/api/v1/questionnaire-responses/{uuid.uuid4()}/", body, format="json")
    assert response.status_code == 400
    assert "item.0.extra\u0000" in response.json()
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "note", "at": "2026-11-20T10:00:00Z", "title": "desk\u0000"}, "title"),
        ({"kind": "note", "at": "2026-11-20T10:00:00Z", "title": "desk", "note": "\u0000"}, "note"),
    ],
)
def test_a_nul_in_a_timeline_event_answers_400_naming_the_field(patient_api, body, field):
    response = patient_api.post("/api/v1/timeline/", body, format="json")
    assert response.status_code == 400
    assert "NUL" in response.json()[field][0]
    assert not TreatmentEvent.objects.exists()
