"""The FHIR export and the PDF say what screening version 3 says (docs/screening.md):
the leading migraine pattern, the shares left unnamed (`not_evaluable`), the urgency
`soon`, the patient's report of a doctor's check (never a clinician's review), and the
symptoms that raised a possible neck artery injury."""

import datetime as dt

import pytest
from django.utils import timezone

from diary.reports.labels import label, not_evaluable_words
from tests.api.test_patterns_red_flag_advice_and_profile import log
from tests.clinicians.test_exports import fhir_bundle, resources
from tests.diaries_v3 import Diary, migraine_blamed_on_the_desk, quick_logs_both_sides

FHIR = "/api/v1/export/?format=fhir"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def screening_of(bundle) -> dict:
    [screening] = [
        obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "cervicogenic-pattern"
    ]
    return screening


def components(screening, system_end: str) -> list[tuple[str, dict]]:
    return [
        (c["code"]["coding"][0]["code"], c)
        for c in screening["component"]
        if c["code"]["coding"][0]["system"].endswith(system_end)
    ]


def flags_by_code(bundle) -> dict[str, dict]:
    return {flag["code"]["coding"][0]["code"]: flag for flag in resources(bundle, "Flag")}


def test_a_migraine_predominant_diary_exports_the_cap_and_migraine_first(patient, patient_api):
    migraine_blamed_on_the_desk(Diary(patient))

    screening = screening_of(fhir_bundle(patient_api.get(FHIR)))
    assert screening["valueCodeableConcept"]["coding"][0]["code"] == "none"
    caps = dict(components(screening, "/screening-cap"))
    assert caps["migraine-predominant"]["valueBoolean"] is True
    assert "ICHD-3 11.2.1 D" in caps["migraine-predominant"]["code"]["coding"][0]["display"]
    [first, *_] = components(screening, "/differential")
    assert first[0] == "migraine"
    # The overview (the note) names the leading pattern before any neck signal.
    note = screening["note"][0]["text"]
    assert "migraine-like" in note
    assert "physiotherap" not in note


def test_quick_logs_export_tension_type_as_not_evaluable_with_its_questions(patient, patient_api):
    quick_logs_both_sides(Diary(patient))

    screening = screening_of(fhir_bundle(patient_api.get(FHIR)))
    assert [code for code, _ in components(screening, "/differential")] == []
    unnamed = dict(components(screening, "/not-evaluable"))
    text = unnamed["tension-type"]["valueString"]
    assert (
        text == "tension-type headache: not evaluable, the accompanying symptoms and the pain quality mostly unanswered"
    )
    assert unnamed["tension-type"]["code"]["coding"][0]["display"] == "Not evaluable: tension-type headache"


def test_flags_say_soon_the_patients_report_and_the_related_symptoms(patient, patient_api):
    patient.birth_year = 1960
    patient.headaches_since = dt.date(2026, 9, 1)
    patient.save()
    thunderclap = log(patient_api, 5, side="right", severity=9, red_flags=["thunderclap"])
    log(patient_api, 3, side="right", severity=5, red_flags=["after_injury_or_manipulation"])
    log(patient_api, 2, side="right", severity=6, symptoms=["dizziness"])
    check = {"code": "thunderclap", "date": "2026-11-16", "entry": thunderclap, "checked_on": "2026-11-17"}
    assert patient_api.post("/api/v1/red-flag-reviews/", check, format="json").status_code == 201

    flags = flags_by_code(fhir_bundle(patient_api.get(FHIR)))
    soon = flags["new_after_50"]
    assert soon["status"] == "active"
    assert soon["code"]["text"] == "Red flag, soon (a doctor within a few days): New headache after 50"
    checked = flags["thunderclap"]
    assert checked["status"] == "inactive"
    assert checked["code"]["text"].endswith("; the patient reports a doctor checked this on 17 Nov 2026")
    assert "reviewed by" not in checked["code"]["text"]
    assert checked["period"] == {"start": "2026-11-16", "end": "2026-11-17"}
    artery = flags["after_injury_or_manipulation"]
    assert artery["code"]["text"].startswith("Red flag, emergency: Onset after head or neck injury or manipulation")
    assert "related: 19 Nov 2026: dizziness" in artery["code"]["text"]
    assert artery["status"] == "active"


def test_the_pdf_words_a_possible_differential_and_the_unnamed_shares():
    assert label("possible", "differential_status") == "possible (from cranial autonomic features alone)"
    assert label("possible") == "possible cervicogenic pattern"  # the level keeps its own words
    assert not_evaluable_words({"code": "migraine", "questions": ["symptoms"]}) == (
        "migraine: not evaluable, the accompanying symptoms mostly unanswered"
    )
