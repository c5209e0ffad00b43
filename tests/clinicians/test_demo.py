"""The issue's "done when": the demo clinician reads the demo patient's summary,
downloads the three exports, and the demo patient sees those reads."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from diary.demo import DEMO_CLINICIAN, DEMO_PATIENT, load_demo
from diary.models import Entry, User
from tests.conftest import logged_in


def test_the_demo_clinician_reads_the_demo_patient_and_the_patient_sees_it(db):
    patient, clinician = load_demo(today=dt.date(2026, 11, 21))
    doctor = logged_in(clinician)

    [listed] = doctor.get("/api/v1/clinician/patients/").json()
    assert listed["id"] == patient.pk
    summary = doctor.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    window = Entry.objects.filter(patient=patient, date__gte=dt.date(2026, 8, 24))
    assert summary["logged_days"] == window.values("date").distinct().count()
    assert summary["headache_days"] == window.filter(headache=True).values("date").distinct().count()
    assert summary["side"]["right"] == summary["episodes"] > 0
    assert [exam["frt_right_deg"] for exam in summary["exams"]] == [24]
    for kind in ("csv", "pdf", "fhir"):
        response = doctor.get(f"/api/v1/clinician/patients/{patient.pk}/export/", {"format": kind})
        assert response.status_code == 200 and response.content

    log = logged_in(patient).get("/api/v1/sharing/access-log/").json()
    assert [row["what"] for row in log] == ["export_fhir", "export_pdf", "export_csv", "summary"]
    assert {row["clinician_email"] for row in log} == {clinician.email}


def test_loading_the_demo_twice_keeps_one_exam_and_one_grant(db):
    load_demo(today=dt.date(2026, 11, 21))
    patient, _ = load_demo(today=dt.date(2026, 11, 21))
    assert patient.exam_records.count() == 1
    assert patient.grants.filter(revoked_at__isnull=True).count() == 1


def test_the_demo_loads_in_a_language_and_back_in_english(db, settings):
    """Issue 25: `load_demo --language fr` (or NECKLINE_DEMO_LANGUAGE) gives the accounts
    French and writes the demo's notes and medicines in French; English again follows the browser."""
    call_command("load_demo", "--language", "fr", stdout=io.StringIO())
    patient = User.objects.get(email=DEMO_PATIENT)
    assert (patient.language, User.objects.get(email=DEMO_CLINICIAN).language) == ("fr", "fr")
    assert patient.exam_records.get().note.startswith("FRT limité et douloureux vers la droite")
    medicines = {m["name"] for e in patient.entries.filter(headache=True) for m in e.medications}
    assert medicines <= {"Ibuprofène 400 mg", "Paracétamol 1 g"} and medicines

    settings.NECKLINE_DEMO_LANGUAGE = "en"
    patient, clinician = load_demo()
    assert (patient.language, clinician.language) == ("", "")
    assert patient.exam_records.get().note.startswith("FRT restricted and painful to the right")


def test_the_demo_command_refuses_a_language_the_app_does_not_speak(db):
    with pytest.raises(CommandError, match="--language must be one of en, de, fr, it, es"):
        call_command("load_demo", "--language", "nl", stdout=io.StringIO())
