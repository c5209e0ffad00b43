"""The PDF, the CSV and the FHIR bundle's words for people in the reader's language (issue
25): the clinician's own language, not the patient's, unless `?lang=` asks for another; the
text extracted and read."""

import csv
import io
import json
import re

import pytest
from pypdf import PdfReader

from tests.clinicians.diaries import headache

# What every PDF prints, in each language: its overview and calendar headings, the screening
# heading with its level, and the count heading with its plural.
HEADINGS = {
    "en": ("Overview", "Calendar", "Diary screening Level:", "Headache features (counts of"),
    "de": ("Überblick", "Kalender", "Tagebuch-Screening Stufe:", "Kopfschmerzmerkmale (Anzahl von"),
    "fr": ("Vue d'ensemble", "Calendrier", "Dépistage du journal Niveau :", "Caractéristiques des maux de tête"),
    "it": ("Panoramica", "Calendario", "Screening del diario Livello:", "Caratteristiche dei mal di testa"),
    "es": ("Resumen", "Calendario", "Cribado del diario Nivel:", "Características de la cefalea"),
}
NOT_REVIEWED = {"en": "NOT YET REVIEWED", "de": "NOCH NICHT GEPRÜFT", "fr": "PAS ENCORE EXAMINÉ",
                "it": "NON ANCORA RIVISTO", "es": "AÚN NO REVISADA"}  # fmt: skip
FLAGGED_DAY = "2026-11-19"
DATE_COLUMN = {"en": "date", "de": "Datum", "fr": "date", "it": "data", "es": "fecha"}


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf(api, patient, headers=None, **params):
    url = f"/api/v1/clinician/patients/{patient.pk}/export/"
    return api.get(url, {"format": "pdf", "days": 28, **params}, **(headers or {}))


@pytest.fixture
def flagged(diary):
    headache(diary, FLAGGED_DAY, side="right", severity=9, red_flags=["thunderclap"])
    return diary


@pytest.mark.parametrize("lang", ["en", "de", "fr", "it", "es"])
def test_the_pdf_is_in_the_language_asked_for(clinician_api, flagged, grant, lang):
    text = pdf_text(pdf(clinician_api, flagged, lang=lang))
    overview, calendar, screening, counts = HEADINGS[lang]
    assert text.index(overview) < text.index(calendar + " ") < text.index(screening)
    assert counts in text
    assert NOT_REVIEWED[lang] in text
    if lang != "en":
        assert not re.search(r"\b(Overview|Calendar|Level:|NOT YET REVIEWED|Decision support)\b", text), text


def test_a_clinician_reads_a_german_patients_pdf_in_the_clinicians_language(clinician_api, clinician, flagged, grant):
    flagged.language = "de"
    flagged.save(update_fields=["language"])
    clinician.language = "fr"
    clinician.save(update_fields=["language"])
    text = pdf_text(pdf(clinician_api, flagged))
    assert "Vue d'ensemble" in text and "Überblick" not in text
    # ... and chooses another with ?lang=.
    assert "Überblick" in pdf_text(pdf(clinician_api, flagged, lang="de"))


def test_without_an_account_language_the_browser_decides(clinician_api, flagged, grant):
    text = pdf_text(pdf(clinician_api, flagged, {"HTTP_ACCEPT_LANGUAGE": "it-IT,it;q=0.9,en;q=0.5"}))
    assert "Panoramica" in text and "Overview" not in text


def test_the_pdf_dates_name_the_month_in_the_same_language(clinician_api, flagged, grant):
    text = pdf_text(pdf(clinician_api, flagged, lang="de"))
    assert "25 Okt 2026 bis 21 Nov 2026 (28 Tage)" in text


def test_an_unknown_language_is_refused_naming_the_field(clinician_api, flagged, grant):
    response = pdf(clinician_api, flagged, lang="xx")
    assert response.status_code == 400
    assert "lang" in response.json()


def test_a_language_opens_no_diary_that_was_not_shared(unlinked_api, flagged):
    assert pdf(unlinked_api, flagged, lang="de").status_code == 404


def test_the_csv_header_row_is_in_the_readers_language(clinician_api, flagged, grant):
    for lang, column in DATE_COLUMN.items():
        response = clinician_api.get(
            f"/api/v1/clinician/patients/{flagged.pk}/export/", {"format": "csv", "lang": lang}
        )
        header = next(csv.reader(io.StringIO(response.content.decode())))
        assert header[1] == column


def test_a_patient_downloads_their_pdf_in_their_language(patient_api, patient, flagged):
    patient.language = "es"
    patient.save(update_fields=["language"])
    text = pdf_text(patient_api.get("/api/v1/export/", {"format": "pdf", "days": 28}))
    assert "Resumen" in text and "Cribado del diario" in text


def fhir_bundle(api, patient, lang):
    response = api.get(f"/api/v1/clinician/patients/{patient.pk}/export/", {"format": "fhir", "lang": lang})
    assert response.status_code == 200, response.content[:300]
    return [entry["resource"] for entry in json.loads(response.content)["entry"]]


def test_the_fhir_bundles_words_for_people_are_in_the_readers_language(clinician_api, flagged, grant):
    resources = fhir_bundle(clinician_api, flagged, "de")
    [flag] = [r for r in resources if r["resourceType"] == "Flag"]
    assert flag["code"]["text"] == "Warnzeichen, Notfall: Donnerschlagartiger Beginn"
    [episode] = [r for r in resources if r.get("effectiveDateTime", "").startswith(FLAGGED_DAY) and "bodySite" in r]
    assert episode["bodySite"]["text"] == "Kopf, rechts"
    assert episode["code"]["text"] == "Stärke des Kopfschmerzes (0-10)"
    # The standard code's own display stays the code system's, as FHIR wants it.
    assert episode["code"]["coding"][0]["display"] == "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
    [screening] = [
        r for r in resources if r.get("code", {}).get("coding", [{}])[0].get("code") == "cervicogenic-pattern"
    ]
    assert screening["code"]["text"] == "Tagebuch-Screening auf ein zervikogenes Muster"
    figures = [component["code"]["text"] for component in screening["component"]]
    assert "Beobachtete Tage" in figures and "Days observed" not in figures


def test_the_fhir_bundle_in_english_keeps_its_english_words(clinician_api, flagged, grant):
    resources = fhir_bundle(clinician_api, flagged, "en")
    [flag] = [r for r in resources if r["resourceType"] == "Flag"]
    assert flag["code"]["text"] == "Red flag, emergency: Thunderclap onset"
    [episode] = [r for r in resources if r.get("effectiveDateTime", "").startswith(FLAGGED_DAY) and "bodySite" in r]
    assert (episode["bodySite"]["text"], episode["code"]["text"]) == ("Head, right", "Headache pain severity (0-10)")
