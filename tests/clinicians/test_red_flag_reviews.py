"""A clinician marks a red flag reviewed (docs/api.md, docs/screening.md Review)."""

import pytest

from diary.models import AccessLog, RedFlagReview
from tests.clinicians.diaries import headache

URL = "/api/v1/clinician/patients/{}/red-flag-reviews/"


@pytest.fixture
def flagged(patient):
    return headache(patient, "2026-11-19", side="right", severity=9, red_flags=["thunderclap"])


def review(api, patient, **body):
    return api.post(URL.format(patient.pk), body, format="json")


def test_a_linked_clinician_marks_a_flag_reviewed_with_a_note(clinician_api, clinician, patient, grant, flagged):
    response = review(clinician_api, patient, code="thunderclap", date="2026-11-19", note="CT and LP normal.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "thunderclap" and body["date"] == "2026-11-19"
    assert body["entry"] == str(flagged.id)  # found from the date: the only entry that day with this flag
    assert body["note"] == "CT and LP normal."
    assert body["reviewed_by"] == clinician.email
    assert body["reviewed_at"] == "2026-11-21T12:00:00Z"
    assert AccessLog.objects.filter(patient=patient, what="red_flag_review").count() == 1


def test_the_same_review_twice_is_one_review(clinician_api, patient, grant, flagged):
    first = review(clinician_api, patient, code="thunderclap", date="2026-11-19", entry=str(flagged.id))
    again = review(
        clinician_api,
        patient,
        code="thunderclap",
        date="2026-11-19",
        entry=str(flagged.id),
        note="Seen again: settled.",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert RedFlagReview.objects.filter(patient=patient).count() == 1
    assert RedFlagReview.objects.get(patient=patient).note == "Seen again: settled."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "not_a_flag", "date": "2026-11-19"}, "code"),
        ({"code": "fever_stiff_neck", "date": "2026-11-19"}, "code"),  # that day has no such flag
        ({"code": "thunderclap", "date": "2026-11-18"}, "code"),  # no flag that day
        ({"code": "thunderclap", "date": "2026-11-22"}, "date"),  # after the patient's today
        ({"code": "thunderclap", "date": "19/11/2026"}, "date"),
        ({"code": "thunderclap", "date": "2026-11-19", "entry": "not-a-uuid"}, "entry"),
        ({"code": "thunderclap", "date": "2026-11-19", "entry": "0b8a52d4-5c6e-4f0e-9a0c-7f1e0d7c3a11"}, "entry"),
        ({"code": "pattern_change", "date": "2026-11-19", "entry": "0b8a52d4-5c6e-4f0e-9a0c-7f1e0d7c3a11"}, "entry"),
        ({"code": "thunderclap", "date": "2026-11-19", "note": "x" * 2001}, "note"),
        ({"code": "thunderclap", "date": "2026-11-19", "reviewed_by": "me"}, "reviewed_by"),
        ({"date": "2026-11-19"}, "code"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(clinician_api, patient, grant, flagged, body, field):
    response = review(clinician_api, patient, **body)
    assert response.status_code == 400
    assert field in response.json()
    assert not RedFlagReview.objects.exists()
    assert not AccessLog.objects.filter(what="red_flag_review").exists()


def test_another_patients_entry_cannot_be_named(clinician_api, patient, other_patient, grant, flagged):
    theirs = headache(other_patient, "2026-11-19", side="left", severity=9, red_flags=["thunderclap"])
    response = review(clinician_api, patient, code="thunderclap", date="2026-11-19", entry=str(theirs.id))
    assert response.status_code == 400 and "entry" in response.json()


def test_two_flagged_entries_on_one_day_need_the_entry_named(clinician_api, patient, grant, flagged):
    second = headache(patient, "2026-11-19", side="left", severity=9, red_flags=["thunderclap"])
    assert "entry" in review(clinician_api, patient, code="thunderclap", date="2026-11-19").json()
    response = review(clinician_api, patient, code="thunderclap", date="2026-11-19", entry=str(second.id))
    assert response.status_code == 201 and response.json()["entry"] == str(second.id)


def test_a_pattern_level_flag_is_reviewed_without_an_entry(clinician_api, patient, grant):
    response = review(clinician_api, patient, code="pattern_change", date="2026-11-21")
    assert response.status_code == 201 and response.json()["entry"] is None


def test_the_patient_sees_the_review_in_their_access_log(clinician_api, patient_api, patient, grant, flagged):
    review(clinician_api, patient, code="thunderclap", date="2026-11-19")
    log = patient_api.get("/api/v1/sharing/access-log/").json()
    assert [row["what"] for row in log] == ["red_flag_review"]


def test_the_summary_the_patients_insights_and_the_level_follow_the_review(
    clinician_api, patient_api, clinician, patient, grant, flagged
):
    summary_url = f"/api/v1/clinician/patients/{patient.pk}/summary/"
    before = clinician_api.get(summary_url).json()
    assert before["screening"]["level"] == "urgent_review"
    assert before["overview"][0] == "1 open red flag to review first: thunderclap onset, emergency, on 19 Nov 2026."

    review(clinician_api, patient, code="thunderclap", date="2026-11-19", note="CT and LP normal.")

    after = clinician_api.get(summary_url).json()
    assert after["screening"]["level"] != "urgent_review"  # screening.md step 1: a reviewed flag no longer holds it
    [flag] = after["red_flags"]
    assert flag["reviewed"] == {
        "by": clinician.email,
        "role": "clinician",
        "at": "2026-11-21T12:00:00+00:00",
        "note": "CT and LP normal.",
    }
    assert after["overview"][:2] == [
        "No open red flags.",
        f"Reviewed: thunderclap onset of 19 Nov 2026, by {clinician.email} on 21 Nov 2026.",
    ]
    # The patient's Insights read the same report: the flag stays, with who reviewed it and when.
    [insight] = patient_api.get("/api/v1/patterns/").json()["red_flags"]
    assert insight["reviewed"]["by"] == clinician.email and insight["reviewed"]["note"] == "CT and LP normal."


def test_a_new_occurrence_after_the_review_is_a_new_open_flag(clinician_api, patient, grant, flagged):
    review(clinician_api, patient, code="thunderclap", date="2026-11-19")
    headache(patient, "2026-11-21", side="right", severity=9, red_flags=["thunderclap"])
    summary = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    assert summary["screening"]["level"] == "urgent_review"
    assert [bool(flag["reviewed"]) for flag in summary["red_flags"]] == [False, True]
