"""The report is read from its snapshot wherever it is current (issue 28): the clinician's
summary, its PDF and FHIR, and the patient's /patterns/ compute it once per diary version
and day, store it, and read it back after; a diary that changed is computed again."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.models import ScreeningSnapshot
from diary.services.changes import Change, diary_changed
from tests.clinicians.diaries import headache

SUMMARY = "/api/v1/clinician/patients/{id}/summary/"
EXPORT = "/api/v1/clinician/patients/{id}/export/"


def timed_get(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response, captured


def test_a_current_snapshot_is_read_instead_of_computing_the_report_again(clinician_api, patient, grant, diary):
    first, computed = timed_get(clinician_api, SUMMARY.format(id=patient.pk))
    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 1

    again, read = timed_get(clinician_api, SUMMARY.format(id=patient.pk))

    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 1  # reused, not stored again
    assert len(read) < len(computed)
    assert again.content == first.content  # byte for byte: the same figures, words and order


def test_the_patients_patterns_read_the_same_report_from_the_snapshot(patient_api, patient, diary):
    first, computed = timed_get(patient_api, "/api/v1/patterns/")
    again, read = timed_get(patient_api, "/api/v1/patterns/")

    assert again.content == first.content
    assert len(read) < len(computed)


def test_the_summary_from_a_snapshot_is_the_summary_computed_live(clinician_api, patient, grant, diary):
    timed_get(clinician_api, SUMMARY.format(id=patient.pk))  # stores the snapshot
    from_snapshot = clinician_api.get(SUMMARY.format(id=patient.pk)).content
    ScreeningSnapshot.objects.all().delete()

    live = clinician_api.get(SUMMARY.format(id=patient.pk)).content

    assert from_snapshot == live


def test_a_diary_that_changed_is_computed_again_and_stored(clinician_api, patient, grant, diary):
    before = clinician_api.get(SUMMARY.format(id=patient.pk)).json()
    headache(patient, "2026-11-21", side="right", severity=7)
    diary_changed(patient, Change.ENTRIES)

    after = clinician_api.get(SUMMARY.format(id=patient.pk)).json()

    assert after["episodes"] == before["episodes"] + 1
    assert after["screening"]["window"]["episodes"] == before["screening"]["window"]["episodes"] + 1
    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 2


def test_a_snapshot_of_an_earlier_day_is_not_todays_report(clinician_api, patient, grant, diary, clock):
    before = clinician_api.get(SUMMARY.format(id=patient.pk)).json()
    clock.advance(days=1)

    after = clinician_api.get(SUMMARY.format(id=patient.pk)).json()

    assert after["screening"]["window"]["to"] == "2026-11-22" != before["screening"]["window"]["to"]
    assert sorted(ScreeningSnapshot.objects.values_list("window_to", flat=True).distinct())[-1].isoformat() == (
        "2026-11-22"
    )


def test_the_fhir_export_reads_the_procedures_once_with_the_summary(clinician_api, patient, grant, diary):
    procedure = clinician_api.post(
        f"/api/v1/clinician/patients/{patient.pk}/procedures/",
        {
            "kind": "medial_branch_block",
            "purpose": "diagnostic",
            "side": "right",
            "anaesthetic": "lidocaine",
            "performed_at": "2026-11-20T09:00:00Z",
        },
        format="json",
    )
    assert procedure.status_code == 201, procedure.content
    timed_get(clinician_api, SUMMARY.format(id=patient.pk))
    _, pdf_queries = timed_get(clinician_api, EXPORT.format(id=patient.pk), format="pdf")
    export, export_queries = timed_get(clinician_api, EXPORT.format(id=patient.pk), format="fhir")

    def procedure_reads(captured):
        return sum('FROM "diary_procedure"' in query["sql"] for query in captured)

    # The PDF prints the same summary and reads no procedure of its own: FHIR reads as many.
    assert procedure_reads(export_queries) == procedure_reads(pdf_queries)
    bundle = json.loads(b"".join(export.streaming_content) if export.streaming else export.content)
    assert any(item["resource"]["resourceType"] == "Procedure" for item in bundle["entry"]), (
        "the summary's procedure is in the Bundle"
    )
