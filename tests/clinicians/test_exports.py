"""Exports: CSV, the PDF report and the FHIR Bundle.

fhir.resources 8 validates R5 by default and R4B (4.3) in `fhir.resources.R4B`; it has
no R4 (4.0.1) models. Patient, Observation, MedicationStatement and Bundle are the same
in R4 and R4B for every element the export uses, so the R4B models check it.
"""

import csv
import datetime as dt
import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pypdf import PdfReader

from diary.exports.csv import COLUMNS, safe_cell
from tests.clinicians.diaries import headache, med


def export(api, patient, kind, **params):
    response = api.get(f"/api/v1/clinician/patients/{patient.pk}/export/", {"format": kind, **params})
    assert response.status_code == 200, response.content[:300]
    return response


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- CSV ---------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_entry_with_the_documented_columns(clinician_api, diary, grant):
    response = export(clinician_api, diary, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="neckline-diary-2026-11-21.csv"'
    rows = csv_rows(response)
    assert list(rows[0]) == COLUMNS
    assert len(rows) == diary.entries.count() == 10
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    migraine = next(row for row in rows if row["duration_minutes"] == "300")
    assert migraine["side"] == "right" and migraine["severity"] == "8" and migraine["headache"] == "true"
    assert migraine["symptoms"] == "nausea"
    assert migraine["medications"] == "Sumatriptan (triptan, complete)"
    check_in = next(row for row in rows if row["date"] == "2026-11-20")
    assert check_in["headache"] == "false" and check_in["severity"] == "" and check_in["side"] == ""


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_csv_cells_a_spreadsheet_would_run_are_defused(clinician_api, patient, grant, text):
    headache(patient, "2026-11-21", side="left", severity=4, notes=text, medications=[med(text, "other")])
    [row] = csv_rows(export(clinician_api, patient, "csv"))
    assert row["notes"] == "'" + text
    assert row["medications"].startswith("'" + text)


def test_ordinary_text_is_left_alone():
    assert [safe_cell(value) for value in ("Worse after work", "a=b", 5, None, True, "")] == [
        "Worse after work", "a=b", "5", "", "true", ""]


# --- PDF ---------------------------------------------------------------------------------


def test_the_pdf_opens_and_shows_the_key_figures(clinician_api, diary, grant):
    response = export(clinician_api, diary, "pdf", days=28)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="neckline-summary-2026-11-21.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "2026-10-25 to 2026-11-21 (28 days)" in text
    assert "5 of 28 (18%)" in text  # logged days
    assert "4 (4.3 per 30 days)" in text  # headache days
    assert "2.1 per 30 days (change +2.2)" in text  # previous period
    assert "median 5, max 8" in text
    assert "3 (3.2 per 30 days)" in text  # acute medication days
    assert "Diary screening:" in text
    assert "not a diagnosis" in text
    assert diary.email in text


def test_a_year_long_diary_still_prints_on_at_most_two_pages(clinician_api, patient, grant):
    for day in range(365):
        headache(patient, (dt.date(2026, 11, 21) - dt.timedelta(days=day)).isoformat(), side="right",
                 severity=day % 11, neck_trigger="movement", medications=[med("Ibuprofen", "nsaid")] * (day % 2))
    response = export(clinician_api, patient, "pdf", days=365)
    assert 1 <= len(PdfReader(io.BytesIO(response.content)).pages) <= 2


# --- FHIR --------------------------------------------------------------------------------


def fhir_bundle(response) -> dict:
    bundle = json.loads(response.content)
    Bundle.model_validate(bundle)  # raises on anything R4 does not allow
    return bundle


def resources(bundle, kind):
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def test_the_fhir_bundle_validates_and_holds_one_observation_per_episode(clinician_api, diary, grant):
    response = export(clinician_api, diary, "fhir")
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"] == 'attachment; filename="neckline-diary-2026-11-21.fhir.json"'
    bundle = fhir_bundle(response)
    assert bundle["type"] == "collection"
    [patient] = resources(bundle, "Patient")
    Patient.model_validate(patient)
    observations = resources(bundle, "Observation")
    episodes = [obs for obs in observations if obs["code"]["coding"][0]["code"] == "72514-3"]
    assert len(episodes) == diary.entries.filter(headache=True).count() == 8
    for observation in observations:
        Observation.model_validate(observation)
    assert sorted(obs["valueInteger"] for obs in episodes) == [2, 3, 4, 5, 6, 8, 9, 10]
    assert all(obs["code"]["coding"][0]["system"] == "http://loinc.org" for obs in episodes)
    assert all(obs["subject"]["reference"] == bundle["entry"][0]["fullUrl"] for obs in observations)


def test_each_episode_names_the_side_as_a_snomed_laterality(clinician_api, diary, grant):
    bundle = fhir_bundle(export(clinician_api, diary, "fhir"))
    sites = {}
    for obs in resources(bundle, "Observation"):
        if "bodySite" in obs:
            coding = obs["bodySite"]["coding"][0]
            assert coding["system"] == "http://snomed.info/sct"
            sites[obs["valueInteger"]] = coding["code"]
    assert sites[8] == "69536005:272741003=24028007"  # right
    assert sites[3] == "69536005:272741003=7771000"  # left
    assert sites[5] == "69536005:272741003=51440002"  # both


def test_each_medication_taken_is_a_medication_statement_for_its_episode(clinician_api, diary, grant):
    bundle = fhir_bundle(export(clinician_api, diary, "fhir"))
    statements = resources(bundle, "MedicationStatement")
    for statement in statements:
        MedicationStatement.model_validate(statement)
    assert len(statements) == sum(len(entry.medications) for entry in diary.entries.all()) == 7
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert all(statement["reasonReference"][0]["reference"] in urls for statement in statements)
    assert sorted(s["medicationCodeableConcept"]["text"] for s in statements) == [
        "Codeine", "Ibuprofen", "Ibuprofen", "Naproxen", "Paracetamol", "Sumatriptan", "Sumatriptan"]


def test_the_screening_result_is_an_observation_with_its_caveat(clinician_api, diary, grant):
    bundle = fhir_bundle(export(clinician_api, diary, "fhir"))
    [screening] = [obs for obs in resources(bundle, "Observation") if "valueCodeableConcept" in obs]
    assert screening["valueCodeableConcept"]["coding"][0]["code"]
    assert any("not a diagnosis" in note["text"] for note in screening["note"])


# --- Formats and the patient's own data ---------------------------------------------------


@pytest.mark.parametrize("kind", ["", "json", "xlsx", "PDF"])
def test_an_unknown_format_is_refused(clinician_api, patient, grant, kind):
    response = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/export/", {"format": kind})
    assert response.status_code == 400
    assert "format" in response.json()


def test_a_patient_downloads_their_own_diary_as_csv_and_fhir(patient_api, diary):
    response = patient_api.get("/api/v1/export/", {"format": "csv"})
    assert response.status_code == 200 and len(csv_rows(response)) == 10
    assert response["Content-Disposition"] == 'attachment; filename="neckline-diary-2026-11-21.csv"'
    bundle = fhir_bundle(patient_api.get("/api/v1/export/", {"format": "fhir"}))
    assert len(resources(bundle, "Observation")) == 8 + 1


def test_a_patients_json_export_holds_everything_about_them(patient_api, diary, clinician, grant, clinician_api):
    clinician_api.get(f"/api/v1/clinician/patients/{diary.pk}/summary/")
    response = patient_api.get("/api/v1/export/", {"format": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="neckline-my-data-2026-11-21.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == diary.email
    assert len(data["entries"]) == 10 and {"advice", "symptoms", "notes"} <= set(data["entries"][0])
    assert data["grants"] == [{"clinician__email": clinician.email, "created_at": "2026-11-21T12:00:00Z",
                               "revoked_at": None}]
    assert [row["what"] for row in data["access_log"]] == ["summary"]


def test_a_patients_export_holds_nothing_of_anyone_else(other_api, diary):
    data = json.loads(other_api.get("/api/v1/export/", {"format": "json"}).content)
    assert data["entries"] == [] and data["profile"]["email"] != diary.email
    assert csv_rows(other_api.get("/api/v1/export/", {"format": "csv"})) == []


def test_many_red_flags_print_as_one_line_each_kind_and_stay_on_two_pages(clinician_api, patient, grant):
    for day in range(60):
        headache(patient, (dt.date(2026, 11, 21) - dt.timedelta(days=day)).isoformat(), side="right", severity=9,
                 red_flags=["thunderclap", "neuro_deficit"] if day % 2 else ["cough_exertion_triggered"])
    response = export(clinician_api, patient, "pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert len(pages) <= 2
    assert "Red flag: thunderclap (emergency, 30 times, last 2026-11-20)" in text
    assert "Red flag: cough exertion triggered (urgent, 30 times, last 2026-11-21)" in text
