"""Every clinician write is in the patient's access log, as the reads are (issue 24):
the link itself, exams, procedures, timeline events and each step of a programme."""

from tests.clinicians.test_sharing import ACCESS_LOG, link, new_code

PROGRAMME = {
    "title": "Neck",
    "exercises": [{"code": "chin_tuck_sitting"}],
    "times": ["08:00"],
    "weekdays": [0, 2, 4],
    "start_date": "2026-11-21",
}
BLOCK = {
    "kind": "medial_branch_block",
    "levels": ["C2-C3"],
    "side": "right",
    "purpose": "diagnostic",
    "performed_at": "2026-11-21T09:00:00Z",
    "anaesthetic": "lidocaine",
}


def logged(patient_api) -> list[str]:
    return [row["what"] for row in patient_api.get(ACCESS_LOG).json()]


def test_the_patient_sees_every_write_of_a_clinician_in_the_access_log(patient_api, patient, clinician_api):
    assert link(clinician_api, new_code(patient_api)).status_code == 201
    base = f"/api/v1/clinician/patients/{patient.pk}"
    writes = [
        (f"{base}/exams/", {"date": "2026-11-21", "frt_left_deg": 30}),
        (f"{base}/procedures/", BLOCK),
        (f"{base}/timeline/", {"kind": "physiotherapy", "at": "2026-11-20T10:00:00Z", "title": "Physio"}),
        (f"{base}/programmes/", PROGRAMME),
    ]
    for path, body in writes:
        assert clinician_api.post(path, body, format="json").status_code == 201, path
    programme = clinician_api.get(f"{base}/programmes/").json()[0]
    assert clinician_api.post(f"{base}/programmes/{programme['id']}/end/").status_code == 200

    what = logged(patient_api)
    for code in (
        "linked",
        "exam_recorded",
        "procedure_recorded",
        "timeline_event_added",
        "programme_prescribed",
        "programme_ended",
    ):
        assert code in what


def test_a_refused_write_leaves_no_trace_and_a_patients_own_write_is_not_a_clinicians(
    patient_api, patient, clinician_api
):
    link(clinician_api, new_code(patient_api))
    base = f"/api/v1/clinician/patients/{patient.pk}"
    assert (
        clinician_api.post(f"{base}/exams/", {"date": "0001-01-01", "frt_left_deg": 30}, format="json").status_code
        == 400
    )
    body = {"kind": "note", "at": "2026-11-20T10:00:00Z", "title": "New desk"}
    assert patient_api.post("/api/v1/timeline/", body, format="json").status_code == 201
    assert logged(patient_api) == ["linked"]
