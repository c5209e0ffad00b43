"""Home exercise programmes through the API: the library, prescribing, the general
programme, progression, sessions recorded once, and who may do what."""

import datetime as dt
import uuid

import pytest

from diary.choices import TreatmentKind
from diary.models import ExerciseSession, Programme, TreatmentEvent
from tests.conftest import logged_in

PRESCRIPTION = {
    "title": "Neck programme",
    "exercises": [
        {"code": "craniocervical_flexion", "sets": 1, "repetitions": 10, "hold_seconds": 10},
        {"code": "scapular_setting"},
    ],
    "times": ["08:00", "18:30"],
    "weekdays": [0, 2, 4],
    "start_date": "2026-11-16",
    "review_date": "2026-12-28",
}


def prescribe(clinician_api, patient, body=None):
    return clinician_api.post(
        f"/api/v1/clinician/patients/{patient.pk}/programmes/", body or PRESCRIPTION, format="json"
    )


def record(api, programme_id, results, *, session_id=None, at="2026-11-18T08:05:00+01:00"):
    session_id = session_id or uuid.uuid4()
    return api.put(
        f"/api/v1/programme/sessions/{session_id}/",
        {"programme": programme_id, "performed_at": at, "results": results},
        format="json",
    )


def test_the_library_has_every_exercise_with_steps_dose_and_an_inline_illustration(patient_api):
    exercises = {e["code"]: e for e in patient_api.get("/api/v1/exercises/library/").json()["exercises"]}
    assert {
        "craniocervical_flexion",
        "chin_tuck_sitting",
        "deep_neck_flexor_endurance",
        "scapular_setting",
        "thoracic_extension_chair",
        "upper_trapezius_stretch",
        "levator_scapulae_stretch",
        "neck_rotation_comfort",
        "desk_posture_break",
    } <= set(exercises)
    for exercise in exercises.values():
        assert exercise["steps"] and exercise["stop_if"].startswith("Stop and tell your clinician")
        assert set(exercise["dose"]) == {"sets", "repetitions", "hold_seconds"}
        assert (
            exercise["illustration"]["svg"].startswith("<svg")
            and "http://www.w3.org/2000/svg" in exercise["illustration"]["svg"]
        )
        assert "<script" not in exercise["illustration"]["svg"] and len(exercise["illustration"]["alt"]) > 20
    assert [s["stage"] for s in exercises["craniocervical_flexion"]["stages"]] == [1, 2, 3, 4, 5]


def test_a_clinician_with_a_grant_prescribes_and_the_start_is_on_the_timeline(clinician_api, patient, grant):
    response = prescribe(clinician_api, patient)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [e["code"] for e in body["exercises"]] == ["craniocervical_flexion", "scapular_setting"]
    nod = body["exercises"][0]
    assert nod["stage"] == 1 and nod["stage_title"] == "Find the nod" and nod["hold_seconds"] == 10
    assert body["exercises"][1]["repetitions"] == 10  # the library's default dose
    assert body["general_advice"] is False and body["prescribed_by"] == "doc@example.test"
    event = TreatmentEvent.objects.get(pk=body["event"])
    assert event.kind == TreatmentKind.HOME_EXERCISE and event.by_clinician and event.patient == patient


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"exercises": [{"code": "craniocervical_flexion", "repetitions": 40}]}, "exercises[0].repetitions"),
        ({"exercises": [{"code": "chin_tuck_sitting", "stage": 2}]}, "exercises[0].stage"),
        ({"exercises": [{"code": "craniocervical_flexion", "stage": 9}]}, "exercises[0].stage"),
        ({"exercises": [{"code": "scapular_setting"}, {"code": "scapular_setting"}]}, "exercises[1]"),
        ({"times": ["25:00"]}, "times"),
        ({"weekdays": [1, 1]}, "weekdays"),
        ({"review_date": "2026-11-01"}, "review_date"),
    ],
)
def test_a_prescription_that_does_not_fit_is_refused_naming_the_field(clinician_api, patient, grant, change, field):
    response = prescribe(clinician_api, patient, {**PRESCRIPTION, **change})
    assert response.status_code == 400
    assert field.split("[")[0] in str(response.json())
    assert not Programme.objects.exists() and not TreatmentEvent.objects.exists()


def test_an_unknown_exercise_is_refused(clinician_api, patient, grant):
    response = prescribe(clinician_api, patient, {**PRESCRIPTION, "exercises": [{"code": "handstand"}]})
    assert response.status_code == 400 and "exercises" in response.json()


def test_without_a_grant_or_after_revoking_it_the_patient_is_not_found(
    clinician_api, patient, grant, unlinked_clinician
):
    assert prescribe(logged_in(unlinked_clinician), patient).status_code == 404
    grant.revoked_at = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    grant.save()
    assert prescribe(clinician_api, patient).status_code == 404
    assert clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/programme/").status_code == 404
    assert not Programme.objects.exists()


def test_a_patient_cannot_use_the_clinician_endpoints_and_a_clinician_not_the_patients(
    patient_api, clinician_api, patient, grant
):
    assert prescribe(patient_api, patient).status_code == 403
    assert clinician_api.post("/api/v1/programme/default/", {}, format="json").status_code == 403
    assert clinician_api.get("/api/v1/programme/").status_code == 403


def test_the_general_programme_is_marked_as_general_advice(patient_api, patient):
    response = patient_api.post("/api/v1/programme/default/", {"times": ["07:30"]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["general_advice"] is True and body["times"] == ["07:30"]
    assert body["start_date"] == "2026-11-21" and body["prescribed_by"] is None
    shown = patient_api.get("/api/v1/programme/").json()
    assert shown["programme"]["id"] == body["id"]
    assert "not a plan made for you" in shown["default_programme"]["general_advice"]


def test_a_new_programme_ends_the_one_before(patient_api, clinician_api, patient, grant):
    first = patient_api.post("/api/v1/programme/default/", {}, format="json").json()
    second = prescribe(clinician_api, patient, {**PRESCRIPTION, "start_date": "2026-11-23"}).json()
    assert Programme.objects.get(pk=first["id"]).ended_on == dt.date(2026, 11, 22)
    assert patient_api.get("/api/v1/programme/").json()["programme"]["id"] == second["id"]


def test_the_clinician_moves_an_exercise_to_its_next_stage_and_not_past_the_last(clinician_api, patient, grant):
    programme = prescribe(clinician_api, patient).json()
    url = f"/api/v1/clinician/patients/{patient.pk}/programmes/{programme['id']}/progress/"
    for expected in (2, 3, 4, 5):
        moved = clinician_api.post(url, {"code": "craniocervical_flexion"}, format="json")
        assert moved.status_code == 200 and moved.json()["exercises"][0]["stage"] == expected
    refused = clinician_api.post(url, {"code": "craniocervical_flexion"}, format="json")
    assert refused.status_code == 400 and "last stage" in refused.json()["code"][0]
    no_stages = clinician_api.post(url, {"code": "scapular_setting"}, format="json")
    assert no_stages.status_code == 400 and "no stages" in no_stages.json()["code"][0]


def test_a_session_sent_again_is_stored_once(patient_api, clinician_api, patient, grant):
    programme = prescribe(clinician_api, patient).json()
    results = [
        {"code": "craniocervical_flexion", "outcome": "done"},
        {"code": "scapular_setting", "outcome": "stopped_for_pain", "pain": 6},
    ]
    session_id = uuid.uuid4()
    first = record(patient_api, programme["id"], results, session_id=session_id)
    again = record(patient_api, programme["id"], results, session_id=session_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert ExerciseSession.objects.count() == 1
    assert first.json()["date"] == "2026-11-18"


@pytest.mark.parametrize(
    ("results", "field"),
    [
        ([{"code": "chin_tuck_sitting", "outcome": "done"}], "results[0].code"),
        ([{"code": "scapular_setting", "outcome": "stopped_for_pain", "pain": 11}], "results"),
        ([{"code": "scapular_setting", "outcome": "maybe"}], "results"),
        (
            [{"code": "scapular_setting", "outcome": "done"}, {"code": "scapular_setting", "outcome": "done"}],
            "results[1].code",
        ),
    ],
)
def test_session_results_that_do_not_fit_are_refused(patient_api, clinician_api, patient, grant, results, field):
    programme = prescribe(clinician_api, patient).json()
    response = record(patient_api, programme["id"], results)
    assert response.status_code == 400 and field.split(".")[0].split("[")[0] in str(response.json())
    assert not ExerciseSession.objects.exists()


def test_sessions_for_someone_elses_programme_or_id_are_refused(patient_api, other_api, clinician_api, patient, grant):
    programme = prescribe(clinician_api, patient).json()
    results = [{"code": "scapular_setting", "outcome": "done"}]
    assert record(other_api, programme["id"], results).status_code == 400  # not their programme
    session_id = uuid.uuid4()
    assert record(patient_api, programme["id"], results, session_id=session_id).status_code == 201
    mine = other_api.post("/api/v1/programme/default/", {}, format="json").json()
    taken = record(other_api, mine["id"], results, session_id=session_id, at="2026-11-21T09:00:00+00:00")
    assert taken.status_code == 404
    assert ExerciseSession.objects.get(pk=session_id).patient == patient


def test_a_session_in_the_future_or_before_the_start_is_refused(patient_api, clinician_api, patient, grant):
    programme = prescribe(clinician_api, patient).json()
    results = [{"code": "scapular_setting", "outcome": "done"}]
    assert "performed_at" in record(patient_api, programme["id"], results, at="2026-11-25T08:00:00+01:00").json()
    assert "performed_at" in record(patient_api, programme["id"], results, at="2026-11-10T08:00:00+01:00").json()
