import pytest

from diary.models import ExamRecord


def exams_url(patient):
    return f"/api/v1/clinician/patients/{patient.pk}/exams/"


def test_a_linked_clinician_records_exam_findings(clinician_api, clinician, patient, grant):
    body = {
        "date": "2026-11-20",
        "frt_left_deg": 42,
        "frt_right_deg": 25,
        "block_relief_percent": 85,
        "note": "Restricted C1-C2 rotation to the right",
    }
    response = clinician_api.post(exams_url(patient), body, format="json")
    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], **body}
    exam = ExamRecord.objects.get()
    assert (exam.patient, exam.clinician, exam.frt_right_deg) == (patient, clinician, 25)


def test_one_finding_is_enough(clinician_api, patient, grant):
    response = clinician_api.post(exams_url(patient), {"date": "2026-11-21", "block_relief_percent": 0}, format="json")
    assert response.status_code == 201
    assert response.json()["frt_left_deg"] is None and response.json()["note"] == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2026-11-20", "frt_left_deg": 91}, "frt_left_deg"),
        ({"date": "2026-11-20", "frt_right_deg": -1}, "frt_right_deg"),
        ({"date": "2026-11-20", "frt_right_deg": "30"}, "frt_right_deg"),
        ({"date": "2026-11-20", "frt_left_deg": 30.5}, "frt_left_deg"),
        ({"date": "2026-11-20", "block_relief_percent": 101}, "block_relief_percent"),
        ({"date": "2026-11-22", "frt_left_deg": 30}, "date"),
        ({"date": "20/11/2026", "frt_left_deg": 30}, "date"),
        ({"frt_left_deg": 30}, "date"),
        ({"date": "2026-11-20"}, "non_field_errors"),
        ({"date": "2026-11-20", "note": "only a note"}, "non_field_errors"),
        ({"date": "2026-11-20", "frt_left_deg": 30, "note": "x" * 2001}, "note"),
        ({"date": "2026-11-20", "frt_left_deg": 30, "frt": 30}, "frt"),
    ],
)
def test_it_refuses_bad_findings_and_stores_nothing(clinician_api, patient, grant, body, field):
    response = clinician_api.post(exams_url(patient), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ExamRecord.objects.exists()


def test_the_bounds_themselves_are_accepted(clinician_api, patient, grant):
    body = {"date": "2026-11-21", "frt_left_deg": 0, "frt_right_deg": 90, "block_relief_percent": 100}
    assert clinician_api.post(exams_url(patient), body, format="json").status_code == 201
