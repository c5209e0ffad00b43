"""Exports: CSV, the PDF report and the FHIR Bundle.

fhir.resources 8 validates R5 by default and R4B (4.3) in `fhir.resources.R4B`; it has
no R4 (4.0.1) models. Patient, Observation, MedicationStatement and Bundle are the same
in R4 and R4B for every element the export uses, so the R4B models check it.
"""

import csv
import datetime as dt
import io
import json
import re

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pypdf import PdfReader

from diary.exports.csv import COLUMNS, safe_cell
from tests.clinicians.diaries import headache, med
from tests.factories import EntryFactory


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


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_csv_cells_a_spreadsheet_would_run_are_defused(clinician_api, patient, grant, text):
    headache(patient, "2026-11-21", side="left", severity=4, notes=text, medications=[med(text, "other")])
    [row] = csv_rows(export(clinician_api, patient, "csv"))
    assert row["notes"] == "'" + text
    assert row["medications"].startswith("'" + text)


def test_ordinary_text_is_left_alone():
    assert [safe_cell(value) for value in ("Worse after work", "a=b", 5, None, True, "")] == [
        "Worse after work",
        "a=b",
        "5",
        "",
        "true",
        "",
    ]


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def engine_codes() -> set[str]:
    """Every code a careless export could print: the diary's and the engine's, with an
    underscore (plain words such as "left" or "migraine" are fine to print)."""
    from diary.choices import EntryRedFlag, MedicationKind, NeckTrigger, OnsetRegion, Posture, Symptom
    from diary.reports.labels import CLINICAL

    codes = set(CLINICAL)
    for choices in (EntryRedFlag, MedicationKind, NeckTrigger, OnsetRegion, Posture, Symptom):
        codes |= set(choices.values)
    return {code for code in codes if "_" in code} | {"nsaid"}


def test_the_pdf_opens_with_the_overview_in_clinical_words(clinician_api, diary, grant):
    headache(diary, "2026-11-19", side="right", severity=9, started_at=dt.time(14, 5), red_flags=["thunderclap"])
    response = export(clinician_api, diary, "pdf", days=28)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="neckline-summary-2026-11-21.pdf"'
    assert 1 <= len(PdfReader(io.BytesIO(response.content)).pages) <= 2
    text = pdf_text(response)
    summary = clinician_api.get(f"/api/v1/clinician/patients/{diary.pk}/summary/", {"days": 28}).json()
    for sentence in summary["overview"]:  # every overview sentence, as the API gives it
        assert " ".join(sentence.split()) in text, sentence
    assert "1 open red flag to review first: thunderclap onset, emergency, on 19 Nov 2026 (entry at 14:05)." in text
    assert text.index("Overview") < text.index("Calendar") < text.index("Diary screening Level:")
    assert "25 Oct 2026 to 21 Nov 2026 (28 days)" in text
    assert "NOT YET REVIEWED" in text
    for words in (
        "Side-locked",
        "Mechanical neck trigger",
        "Sustained posture",
        "Desk or screen",
        "NSAID",
        "Triptan",
        "Simple analgesic",
        "Nausea",
        "Photophobia",
        "Ipsilateral shoulder or arm pain",
        "Pressing or tight",
        "Not answered",
    ):
        assert words in text, words
    printed = {code for code in engine_codes() if re.search(rf"\b{code}\b", text)}
    assert printed == set()
    assert "not a diagnosis" in text
    assert diary.email in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pdf_prints_on_a4_and_letter(clinician_api, diary, grant, paper):
    reader = PdfReader(io.BytesIO(export(clinician_api, diary, "pdf", paper=paper).content))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == {"a4": (595, 842), "letter": (612, 792)}[paper]
    assert 1 <= len(reader.pages) <= 2


def test_an_unknown_paper_size_is_refused(clinician_api, diary, grant):
    response = clinician_api.get(f"/api/v1/clinician/patients/{diary.pk}/export/", {"format": "pdf", "paper": "a3"})
    assert response.status_code == 400 and "paper" in response.json()


def test_the_calendar_prints_each_days_severity_as_a_number_inside_its_square(clinician_api, diary, grant):
    """Black and white: the number says what the shading says."""
    from reportlab.graphics.shapes import Rect, String

    from diary.exports.pdf import calendar_drawing

    summary = clinician_api.get(f"/api/v1/clinician/patients/{diary.pk}/summary/", {"days": 28}).json()
    drawing = calendar_drawing(summary["calendar"], width=500)
    squares = [shape for shape in drawing.contents if isinstance(shape, Rect)]
    texts = [shape for shape in drawing.contents if isinstance(shape, String)]

    def text_in(square) -> list[str]:
        return [
            t.text
            for t in texts
            if square.x <= t.x <= square.x + square.width and square.y <= t.y <= square.y + square.height
        ]

    numbers = sorted(int(t) for square in squares for t in text_in(square) if t.isdigit())
    expected = sorted(day["max_severity"] for day in summary["calendar"] if day["headache"])
    assert numbers == expected == [3, 4, 5, 8]
    headache_free = [t for square in squares for t in text_in(square) if t == "-"]
    assert len(headache_free) == 1  # 2026-11-20


def test_a_patient_downloads_the_same_pdf_report(patient_api, clinician_api, diary, grant):
    own = patient_api.get("/api/v1/export/", {"format": "pdf", "days": 28})
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert own["Content-Disposition"] == 'attachment; filename="neckline-summary-2026-11-21.pdf"'
    theirs = export(clinician_api, diary, "pdf", days=28)
    assert pdf_text(own) == pdf_text(theirs)


def test_a_year_long_diary_still_prints_on_at_most_two_pages(clinician_api, patient, grant):
    for day in range(365):
        headache(
            patient,
            (dt.date(2026, 11, 21) - dt.timedelta(days=day)).isoformat(),
            side="right",
            severity=day % 11,
            neck_trigger="movement",
            medications=[med("Ibuprofen", "nsaid")] * (day % 2),
        )
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
        "Codeine",
        "Ibuprofen",
        "Ibuprofen",
        "Naproxen",
        "Paracetamol",
        "Sumatriptan",
        "Sumatriptan",
    ]


def test_the_screening_result_is_an_observation_with_its_caveat(clinician_api, diary, grant):
    bundle = fhir_bundle(export(clinician_api, diary, "fhir"))
    [screening] = [
        obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "cervicogenic-pattern"
    ]
    assert screening["valueCodeableConcept"]["coding"][0]["code"]
    assert any("not a diagnosis" in note["text"] for note in screening["note"])


def components(observation) -> dict[str, list]:
    """Each component's value by its code."""
    found: dict[str, list] = {}
    for component in observation.get("component", []):
        value = next(value for key, value in component.items() if key.startswith("value"))
        found.setdefault(component["code"]["coding"][0]["code"], []).append(value)
    return found


def test_every_field_of_an_entry_reaches_the_fhir_export(clinician_api, patient, grant):
    """If a field is added to the diary and not to the export, this fails: the field list is the model's."""
    from diary.models import Entry

    entry = headache(
        patient,
        "2026-11-20",
        started_at=dt.time(7, 45),
        duration_minutes=300,
        ongoing=False,
        side="left",
        onset_region="occiput",
        severity=7,
        quality="throbbing",
        neck_trigger="movement",
        posture="driving",
        worse_with_activity=True,
        symptoms=["nausea", "shoulder_arm_pain"],
        screen_hours=6.5,
        medications=[med("Sumatriptan 50 mg", "triptan", "complete"), med("Tea", "other", "none")],
        red_flags=["worse_standing_better_lying"],
        notes="Began reversing the car.",
    )
    free = EntryFactory(
        patient=patient,
        date=dt.date(2026, 11, 21),
        headache=False,
        side=None,
        severity=None,
        onset_region=None,
        neck_trigger=None,
        posture=None,
        red_flags=["neuro_deficit"],
        screen_hours=2,
        notes="Fine today",
    )
    bundle = fhir_bundle(export(clinician_api, patient, "fhir"))
    for resource in (entry["resource"] for entry in bundle["entry"]):
        {"Observation": Observation, "MedicationStatement": MedicationStatement, "Patient": Patient, "Flag": Flag}[
            resource["resourceType"]
        ].model_validate(resource)

    [episode] = [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "72514-3"]
    values = components(episode)
    reached = {
        "id": episode["identifier"][0]["value"] == str(entry.id),
        "patient": episode["subject"]["reference"] == bundle["entry"][0]["fullUrl"],
        "date": episode["effectiveDateTime"].startswith("2026-11-20"),
        "started_at": episode["effectiveDateTime"] == "2026-11-20T07:45:00+01:00",  # Oslo, winter
        "headache": episode["code"]["coding"][0]["code"] == "72514-3",
        "severity": episode["valueInteger"] == 7,
        "side": values["272741003"]
        == [{"coding": [{"system": "http://snomed.info/sct", "code": "7771000", "display": "Left"}], "text": "Left"}]
        and episode["bodySite"]["text"] == "Head, left",
        "duration_minutes": values["duration"][0]["value"] == 300 and values["duration"][0]["code"] == "min",
        "ongoing": values["ongoing"] == [False],
        "onset_region": values["onset-region"][0]["coding"][0]["code"] == "occiput",
        "quality": values["56823-8"][0]["coding"][0]["code"] == "throbbing",
        "neck_trigger": values["100752-5"][0]["coding"][0]["code"] == "movement",
        "posture": values["OTHEREVENT"][0]["coding"][0]["code"] == "driving",
        "worse_with_activity": values["worse-with-activity"] == [True],
        "symptoms": [v["coding"][0]["code"] for v in values["75325-1"]] == ["nausea", "shoulder_arm_pain"],
        "red_flags": [v["coding"][0]["code"] for v in values["red-flag"]] == ["worse_standing_better_lying"],
        "screen_hours": values["screen-hours"][0]["value"] == 6.5,
        "notes": episode["note"] == [{"text": "Began reversing the car."}],
    }
    statements = [
        s
        for s in resources(bundle, "MedicationStatement")
        if s["reasonReference"][0]["reference"] == bundle["entry"][1]["fullUrl"]
    ]
    reached["medications"] = [
        (
            s["medicationCodeableConcept"]["text"],
            s["medicationCodeableConcept"]["coding"][0]["code"],
            s["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        )
        for s in statements
    ] == [("Sumatriptan 50 mg", "triptan", "complete"), ("Tea", "other", "none")]
    assert statements[0]["medicationCodeableConcept"]["coding"][1]["code"] == "N02CC"  # ATC: triptans
    # Relief from a medication is an alleviating factor of the episode, pointing at its statement.
    [relief] = [c for c in episode["component"] if c["code"]["coding"][0]["code"] == "100753-3"]
    assert relief["extension"][0]["valueReference"]["reference"] == statements[0]["id"].join(("urn:uuid:", ""))

    [check_in] = [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "111551-8"]
    assert check_in["valueCodeableConcept"]["coding"][0]["code"] == "25064002"  # headache, absent
    assert check_in["identifier"][0]["value"] == str(free.id) and check_in["effectiveDateTime"] == "2026-11-21"
    assert [v["coding"][0]["code"] for v in components(check_in)["red-flag"]] == ["neuro_deficit"]
    assert components(check_in)["screen-hours"][0]["value"] == 2 and check_in["note"] == [{"text": "Fine today"}]

    # The entry's own columns: rows that point at an entry (its advice acknowledgement) are not diary fields.
    fields = {field.name for field in Entry._meta.get_fields() if field.concrete} - {"created_at", "updated_at"}
    assert set(reached) == fields, "a diary field the export does not carry"
    assert [name for name, ok in reached.items() if not ok] == []


def test_red_flags_are_flags_active_until_reviewed(clinician_api, patient, grant):
    flagged = headache(patient, "2026-11-19", side="right", severity=9, red_flags=["thunderclap"])
    headache(patient, "2026-11-20", side="right", severity=8, red_flags=["fever_stiff_neck"])
    clinician_api.post(
        f"/api/v1/clinician/patients/{patient.pk}/red-flag-reviews/",
        {"code": "thunderclap", "date": "2026-11-19", "note": "CT normal"},
        format="json",
    )
    bundle = fhir_bundle(export(clinician_api, patient, "fhir"))
    flags = {flag["code"]["coding"][0]["code"]: flag for flag in resources(bundle, "Flag")}
    for flag in flags.values():
        Flag.model_validate(flag)
    assert flags["fever_stiff_neck"]["status"] == "active"
    assert flags["thunderclap"]["code"]["coding"][0]["display"] == "Thunderclap onset"
    episode_url = next(
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"].get("identifier", [{}])[0].get("value") == str(flagged.id)
    )
    assert flags["thunderclap"]["extension"][0]["valueReference"]["reference"] == episode_url


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
    assert len(resources(bundle, "Observation")) == 8 + 2 + 1  # episodes, check-ins, screening


def test_a_patients_json_export_holds_everything_about_them(patient_api, diary, clinician, grant, clinician_api):
    clinician_api.get(f"/api/v1/clinician/patients/{diary.pk}/summary/")
    response = patient_api.get("/api/v1/export/", {"format": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="neckline-my-data-2026-11-21.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == diary.email
    assert len(data["entries"]) == 10 and {"advice", "symptoms", "notes"} <= set(data["entries"][0])
    assert data["grants"] == [
        {"clinician__email": clinician.email, "created_at": "2026-11-21T12:00:00Z", "revoked_at": None}
    ]
    assert [row["what"] for row in data["access_log"]] == ["summary"]


def test_a_patients_export_holds_nothing_of_anyone_else(other_api, diary):
    data = json.loads(other_api.get("/api/v1/export/", {"format": "json"}).content)
    assert data["entries"] == [] and data["profile"]["email"] != diary.email
    assert csv_rows(other_api.get("/api/v1/export/", {"format": "csv"})) == []


def test_many_red_flags_print_as_one_line_each_kind_and_stay_on_two_pages(clinician_api, patient, grant):
    for day in range(60):
        headache(
            patient,
            (dt.date(2026, 11, 21) - dt.timedelta(days=day)).isoformat(),
            side="right",
            severity=9,
            red_flags=["thunderclap", "neuro_deficit"] if day % 2 else ["cough_exertion_triggered"],
        )
    response = export(clinician_api, patient, "pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = pdf_text(response)
    assert len(pages) <= 2
    assert "Thunderclap onset emergency 30 days, latest 20 Nov 2026 NOT YET REVIEWED" in text
    assert "Precipitated by cough, Valsalva or exertion urgent 30 days, latest 21 Nov 2026" in text
