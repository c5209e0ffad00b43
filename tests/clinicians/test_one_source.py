"""One source for every figure (issue 12): the summary, its screening report, the PDF,
the CSV and the FHIR export of the same diary never disagree.

The diary of the issue: begun 30 days ago, 16 headache days, a triptan on 11 of them.
It is 16 headache days per 30 (not 5.3 over a 90-day window), the ICHD-3 8.2
thresholds are reached over the window, and the screening says `at_risk`.
"""

import csv
import datetime as dt
import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from tests.clinicians.diaries import D, check_in, headache, med

TODAY = D("2026-11-21")


@pytest.fixture
def month_of_diary(patient):
    headache_days = [day for day in range(30) if day % 15 < 8]  # 16 days ago 0-7 and 15-22
    triptan_days = set(headache_days[:11])
    for day in range(30):
        date = (TODAY - dt.timedelta(days=day)).isoformat()
        if day not in headache_days:
            check_in(patient, date)
            continue
        migraine_like = day < 6  # one-sided, throbbing, severe, with nausea, 6 hours
        headache(
            patient,
            date,
            side="right",
            severity=7 if migraine_like else 4,
            duration_minutes=360,
            quality="throbbing" if migraine_like else "pressing",
            symptoms=["nausea"] if migraine_like else [],
            onset_region="neck",
            neck_trigger="movement",
            medications=[med("Sumatriptan", "triptan")] if day in triptan_days else [],
        )
    return patient


def test_the_summary_its_report_the_pdf_the_csv_and_fhir_agree(clinician_api, month_of_diary, grant):
    base = f"/api/v1/clinician/patients/{month_of_diary.pk}"
    summary = clinician_api.get(f"{base}/summary/").json()
    report = summary["screening"]

    # The summary and its screening report: the engine's figures, once.
    assert summary["window"]["days"] == 90
    assert summary["observed_days"] == report["window"]["observed_days"] == 30
    assert summary["headache_days"] == report["window"]["headache_days"] == 16
    assert summary["headache_days_per_30"] == report["window"]["headache_days_per_30"] == 16.0
    overuse = summary["medication_overuse"]
    assert overuse["classes"]["triptan"]["days"] == 11 and overuse["classes"]["triptan"]["reached"] is True
    [differential] = [d for d in report["differentials"] if d["code"] == "medication_overuse"]
    assert overuse["status"] == differential["status"] == "at_risk" and overuse["suspected"] is True
    [migraine] = [d for d in report["differentials"] if d["code"] == "migraine"]
    assert summary["migraine_like_days"] == len(migraine["evidence"]) == 6

    # The PDF prints the same figures, in words.
    pdf = clinician_api.get(f"{base}/export/", {"format": "pdf"})
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Headache on 16 of 30 days observed" in text
    assert "16.0 headache days per 30 days" in text and "6 days with a migraine-like headache" in text
    assert "Acute medication: triptan on 11 days (11.0 per 30; overuse threshold 10: threshold reached)" in text
    assert "threshold reached over this window (at risk" in text
    assert "5.3" not in text

    # The CSV holds the entries these figures count.
    rows = list(csv.DictReader(io.StringIO(clinician_api.get(f"{base}/export/", {"format": "csv"}).content.decode())))
    headache_dates = {row["date"] for row in rows if row["headache"] == "true"}
    triptan_dates = {row["date"] for row in rows if "(triptan," in row["medications"]}
    first = min(row["date"] for row in rows)
    observed = (TODAY - D(first)).days + 1
    assert (len(headache_dates), len(triptan_dates), observed) == (16, 11, 30)
    assert round(len(headache_dates) * 30 / observed, 1) == summary["headache_days_per_30"]

    # The FHIR Bundle carries the entries and the same figures.
    bundle = json.loads(clinician_api.get(f"{base}/export/", {"format": "fhir"}).content)
    Bundle.model_validate(bundle)
    resources = [entry["resource"] for entry in bundle["entry"]]
    episodes = [
        r for r in resources if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "72514-3"
    ]
    assert len({r["effectiveDateTime"][:10] for r in episodes}) == 16
    triptans = [
        r
        for r in resources
        if r["resourceType"] == "MedicationStatement"
        and r["medicationCodeableConcept"]["coding"][0]["code"] == "triptan"
    ]
    assert len({r["effectiveDateTime"][:10] for r in triptans}) == 11
    [screening] = [
        r
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "cervicogenic-pattern"
    ]
    figures = {c["code"]["coding"][0]["code"]: c for c in screening["component"]}
    assert figures["observed-days"]["valueInteger"] == 30
    assert figures["headache-days-per-30"]["valueQuantity"]["value"] == 16.0
    assert figures["migraine-like-days"]["valueInteger"] == 6
    assert figures["medication-overuse"]["valueCodeableConcept"]["coding"][0]["code"] == "at_risk"
    assert figures["acute-medication-days-triptan"]["valueInteger"] == 11
