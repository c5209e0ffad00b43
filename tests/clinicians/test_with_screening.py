"""The clinician's views carry the real screening report (diary.selectors.screening)."""

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from rest_framework.utils.encoders import JSONEncoder

from diary.models import Grant
from diary.selectors.screening import screening_report
from diary.services.screening import screen_patients
from tests.clinicians.diaries import D, check_in, headache

TODAY = D("2026-11-21")


@pytest.fixture
def neck_diary(patient):
    """The classic pattern of screening.md over 60 logged days: 15 right-sided
    episodes from the neck after holding a posture, with same-side shoulder pain."""
    for days_ago in range(60):
        date = (TODAY - dt.timedelta(days=days_ago)).isoformat()
        if days_ago % 4 == 0:
            headache(
                patient,
                date,
                side="right",
                severity=5,
                onset_region="neck",
                neck_trigger="sustained_posture",
                posture="desk_screen",
                quality="pressing",
                symptoms=["shoulder_arm_pain"],
            )
        else:
            check_in(patient, date)
    return patient


def as_json(value):
    return json.loads(json.dumps(value, cls=JSONEncoder))


def test_the_summary_embeds_the_clinician_report_of_the_same_window(clinician_api, neck_diary, grant):
    summary = clinician_api.get(f"/api/v1/clinician/patients/{neck_diary.pk}/summary/", {"days": 60}).json()
    report = screening_report(patient=neck_diary, days=60, audience="clinician")
    assert summary["screening"] == as_json(report)
    assert summary["screening"]["level"] == "probable"
    assert summary["screening"]["window"]["from"] == summary["window"]["from"]
    assert summary["screening"]["window"]["headache_days"] == summary["headache_days"] == 15


def test_an_exam_recorded_by_the_clinician_shows_in_the_next_summarys_screening(clinician_api, neck_diary, grant):
    url = f"/api/v1/clinician/patients/{neck_diary.pk}"
    clinician_api.post(f"{url}/exams/", {"date": "2026-11-20", "frt_right_deg": 24, "frt_left_deg": 42}, format="json")
    signals = {s["code"]: s for s in clinician_api.get(f"{url}/summary/").json()["screening"]["signals"]}
    assert signals["clinical_exam"]["met"] is True


def test_the_pdf_and_the_fhir_bundle_carry_the_screening_level(clinician_api, neck_diary, grant):
    url = f"/api/v1/clinician/patients/{neck_diary.pk}/export/"
    pdf = clinician_api.get(url, {"format": "pdf"})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Diary screening: probable cervicogenic pattern" in text
    assert "Neck signals met: side-locked, 15 of 15 headaches that answered (100%)" in " ".join(text.split())
    bundle = json.loads(clinician_api.get(url, {"format": "fhir"}).content)
    [screening] = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "cervicogenic-pattern"
    ]
    assert screening["valueCodeableConcept"]["coding"][0]["code"] == "probable"


def test_the_patient_list_shows_the_stored_screening_and_puts_red_flags_first(
    clinician_api, clinician, neck_diary, other_patient, grant
):
    Grant.objects.create(patient=other_patient, clinician=clinician)
    headache(other_patient, "2026-11-20", side="left", severity=9, red_flags=["thunderclap"])
    screen_patients(patient_ids=[neck_diary.pk, other_patient.pk])
    rows = clinician_api.get("/api/v1/clinician/patients/").json()
    assert [(row["id"], row["screening_level"], row["red_flags"]) for row in rows] == [
        (other_patient.pk, "urgent_review", ["thunderclap"]),
        (neck_diary.pk, "probable", []),
    ]
