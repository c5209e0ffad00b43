"""What a clinician wrote keeps its author's name and role after their account is
deleted (issue 24): an exam, a timeline event, a programme, a red-flag review."""

from diary.models import ExamRecord, Programme, RedFlagReview, TreatmentEvent
from tests.clinicians.test_access_log_writes import PROGRAMME
from tests.clinicians.test_records import HISTORY, base, record_event, record_exam
from tests.factories import PASSWORD


def test_a_deleted_clinicians_records_keep_their_email(grant, patient, patient_api, clinician_api):
    exam = record_exam(clinician_api, patient)
    event = record_event(clinician_api, patient)
    assert clinician_api.post(f"{base(patient)}/programmes/", PROGRAMME, format="json").status_code == 201
    clinician_api.patch(f"{base(patient)}/records/exam/{exam}/", {"frt_left_deg": 31}, format="json")
    RedFlagReview.objects.create(
        patient=patient,
        code="thunderclap",
        date="2026-11-20",
        reviewed_by=grant.clinician,
        reviewed_by_email=grant.clinician.email,
    )

    assert clinician_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204

    assert ExamRecord.objects.get(pk=exam).clinician is None  # the account is gone...
    assert ExamRecord.objects.get(pk=exam).clinician_email == "doc@example.test"  # ...its authorship is not
    [shown] = [e for e in patient_api.get("/api/v1/timeline/").json()["events"] if e["id"] == event]
    assert (shown["recorded_by"], shown["by_clinician"]) == ("doc@example.test", True)
    assert patient_api.get("/api/v1/programme/").json()["programme"]["prescribed_by"] == "doc@example.test"
    assert Programme.objects.get(patient=patient).prescribed_by_email == "doc@example.test"
    assert TreatmentEvent.objects.get(pk=event).recorded_by_email == "doc@example.test"
    assert RedFlagReview.objects.get(patient=patient).reviewed_by_email == "doc@example.test"
    [change] = patient_api.get(HISTORY).json()
    assert (change["by"], change["by_role"]) == ("doc@example.test", "clinician")


def test_the_export_names_a_deleted_reviewers_kept_email(grant, patient, patient_api, clinician_api):
    RedFlagReview.objects.create(
        patient=patient,
        code="thunderclap",
        date="2026-11-20",
        reviewed_by=grant.clinician,
        reviewed_by_email=grant.clinician.email,
    )
    assert clinician_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204

    [review] = patient_api.get("/api/v1/export/?format=json").json()["red_flag_reviews"]
    assert review["reviewed_by__email"] == "doc@example.test"  # not null with the account gone
