"""Open urgent or emergency red flags hold the exercise programme back until a doctor's check is
recorded (issue 22, finding 4; docs/screening.md, Review): the patient is told why, with the flags."""

import uuid

from django.utils import timezone

from diary.models import ExerciseSession
from diary.services.reviews import red_flag_review_record
from diary.timezones import local_today
from tests.conftest import logged_in
from tests.factories import EntryFactory


def start(api):
    return api.post("/api/v1/programme/default/", {}, format="json")


def session(api, programme, session_id):
    return api.put(
        f"/api/v1/programme/sessions/{session_id}/",
        {
            "programme": programme["id"],
            "performed_at": timezone.now().isoformat(),
            "results": [{"code": programme["exercises"][0]["code"], "outcome": "done"}],
        },
        format="json",
    )


def flag(patient, code="thunderclap"):
    return EntryFactory(patient=patient, date=local_today(patient), red_flags=[code], severity=9)


def test_an_open_emergency_flag_holds_the_general_programme_back_with_the_reason(patient, patient_api):
    flag(patient)
    response = start(patient_api)
    assert response.status_code == 409
    assert "doctor" in response.json()["detail"]
    assert [(f["code"], f["urgency"]) for f in response.json()["red_flags"]] == [("thunderclap", "emergency")]
    held = patient_api.get("/api/v1/programme/").json()["held_back_by"]
    assert [f["code"] for f in held] == ["thunderclap"]


def test_a_doctors_check_opens_the_programme_again(patient, patient_api, clinician):
    entry = flag(patient)
    red_flag_review_record(patient=patient, clinician=clinician, code="thunderclap", date=entry.date, entry_id=entry.pk)
    assert start(patient_api).status_code == 201
    assert patient_api.get("/api/v1/programme/").json()["held_back_by"] == []


def test_a_new_session_waits_but_a_replayed_one_stays_idempotent(patient, patient_api):
    programme = start(patient_api).json()
    done = uuid.uuid4()
    assert session(patient_api, programme, done).status_code == 201
    flag(patient, "neuro_deficit")
    assert session(patient_api, programme, done).status_code == 200  # the offline replay is not lost
    assert session(patient_api, programme, uuid.uuid4()).status_code == 409
    assert ExerciseSession.objects.filter(patient=patient).count() == 1


def test_no_flags_no_gate_and_another_patients_flags_do_not_count(patient, other_patient, patient_api):
    flag(other_patient)
    assert start(patient_api).status_code == 201


def test_the_clinicians_programme_screen_lists_the_open_flags_only_to_a_clinician_with_access(
    patient, clinician_api, grant, unlinked_clinician, other_api, anon_api
):
    flag(patient, "fever_stiff_neck")
    url = f"/api/v1/clinician/patients/{patient.pk}/programme/"
    held = clinician_api.get(url).json()["held_back_by"]
    assert [(f["code"], f["urgency"]) for f in held] == [("fever_stiff_neck", "emergency")]
    assert logged_in(unlinked_clinician).get(url).status_code == 404
    assert other_api.get(url).status_code == 403
    assert anon_api.get(url).status_code in (401, 403)
    grant.revoked_at = timezone.now()
    grant.save()
    assert clinician_api.get(url).status_code == 404
