"""The patient hides a clinician's timeline entry and reads what their clinician
corrected; the clinician withdraws what they recorded and reads what the patient hid
(issue 24)."""

import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from diary.choices import Role
from diary.models import ExamRecord, Grant, Procedure, Programme, TreatmentEvent
from tests.clinicians.test_access_log_writes import BLOCK, PROGRAMME
from tests.factories import PASSWORD, UserFactory
from tests.frontend.browser import go, log_in, screenshot

pytestmark = pytest.mark.browser


def test_hiding_correcting_and_withdrawing_are_seen_on_both_sides(page, open_page):
    patient = UserFactory(timezone="Europe/Oslo")
    clinician = UserFactory(role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    api = APIClient()
    api.force_login(clinician)
    base = f"/api/v1/clinician/patients/{patient.pk}"
    body = {"kind": "physiotherapy", "at": "2026-11-10T10:00:00Z", "title": "Physio"}
    event = api.post(f"{base}/timeline/", body, format="json").json()["id"]
    body = {"kind": "note", "at": "2026-11-12T10:00:00Z", "title": "Posture advice"}
    advice = api.post(f"{base}/timeline/", body, format="json").json()["id"]
    corrected = api.patch(f"{base}/records/event/{event}/", {"title": "Physiotherapy, 6 sessions"}, format="json")
    assert corrected.status_code == 200

    patient_page = open_page()
    log_in(patient_page, patient.email, PASSWORD)
    go(patient_page, "treatments")
    main = patient_page.locator("main")
    expect(main.get_by_role("heading", name="Physiotherapy, 6 sessions")).to_be_visible()
    history = main.locator(".records-history")
    expect(history).to_contain_text(f"{clinician.email} corrected the timeline entry")
    expect(history).to_contain_text("Changed: title (was Physio)")
    patient_page.once("dialog", lambda dialog: dialog.accept())
    main.locator("li.card", has_text="Posture advice").get_by_role("button", name="Hide").click()
    expect(main.get_by_role("heading", name="Posture advice")).to_have_count(0)
    expect(main.locator(".records-history")).to_contain_text("You hid the timeline entry")
    screenshot(patient_page, "records-patient-timeline")
    assert TreatmentEvent.objects.get(pk=advice).hidden_by_patient_at is not None

    log_in(page, clinician.email, PASSWORD)
    go(page, f"patients/{patient.pk}")
    page.get_by_role("button", name="Show procedures and treatments").click()
    history = page.locator("main .records-history")
    expect(history).to_contain_text("The patient hid the timeline entry")
    expect(page.locator("main").get_by_text("Posture advice")).to_be_visible()  # hidden for the patient only
    page.once("dialog", lambda dialog: dialog.accept("Entered for the wrong patient"))
    page.locator("main li", has_text="Physiotherapy, 6 sessions").get_by_role("button", name="Withdraw").click()
    expect(page.locator("main li", has_text="Physiotherapy, 6 sessions").get_by_role("button")).to_have_count(0)
    expect(page.locator("main .records-history")).to_contain_text("Reason: Entered for the wrong patient")
    screenshot(page, "records-clinician-panel")
    assert TreatmentEvent.objects.get(pk=event).withdrawn_at is not None

    # The patient's access log says what the clinician changed, by field name only.
    go(patient_page, "account")
    read_log = patient_page.get_by_role("region", name="Who read your diary")
    # One visit, said in one sentence: "..., corrected your treatment timeline (fields: title) and withdrew ...".
    expect(read_log).to_contain_text(re.compile("corrected your treatment timeline \\(fields: title\\)", re.I))
    expect(read_log).to_contain_text(re.compile("withdrew a timeline entry", re.I))


def test_the_clinician_corrects_an_exam_and_a_procedure_from_their_panels(page):
    patient = UserFactory(timezone="Europe/Oslo")
    clinician = UserFactory(role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    api = APIClient()
    api.force_login(clinician)
    base = f"/api/v1/clinician/patients/{patient.pk}"
    exam = api.post(f"{base}/exams/", {"date": "2026-11-20", "frt_left_deg": 30}, format="json").json()["id"]
    procedure = api.post(f"{base}/procedures/", BLOCK, format="json").json()["id"]

    log_in(page, clinician.email, PASSWORD)
    go(page, f"patients/{patient.pk}")
    exams = page.get_by_role("region", name="Examination records")
    exams.locator("li", has_text="FRT left 30°").get_by_role("button", name="Correct").click()
    form = page.get_by_role("form", name="Correct this record")
    form.get_by_label("FRT left (degrees)").fill("130")  # beyond any neck: refused beside the field
    form.get_by_label("Reason (optional)").fill("Typo")
    form.get_by_role("button", name="Save correction").click()
    expect(form.locator('[data-field="frt_left_deg"] .field-error')).to_be_visible()
    screenshot(page, "records-correct-exam-refused")
    assert ExamRecord.objects.get(pk=exam).frt_left_deg == 30  # nothing stored

    form.get_by_label("FRT left (degrees)").fill("36")
    form.get_by_role("button", name="Save correction").click()
    expect(page.locator("#announcer")).to_contain_text("Corrected: FRT left (degrees)")
    expect(exams.locator("li", has_text="FRT left 36°")).to_be_visible()
    assert ExamRecord.objects.get(pk=exam).frt_left_deg == 36

    page.get_by_role("button", name="Show procedures and treatments").click()
    row = page.locator("main li", has_text="Medial branch block")
    row.get_by_role("button", name="Correct").click()
    form = page.get_by_role("form", name="Correct this record")
    expect(form.get_by_label("Done at")).to_be_visible()  # unchanged, so not sent
    form.get_by_label("Side").select_option("left")
    form.get_by_label("Reason (optional)").fill("Wrong side entered")
    screenshot(page, "records-correct-procedure")
    form.get_by_role("button", name="Save correction").click()
    expect(page.locator("main li", has_text="Medial branch block C2-C3 left")).to_be_visible()
    expect(page.locator("main .records-history")).to_contain_text("Changed: side (was right)")
    expect(page.locator("main .records-history")).to_contain_text("Reason: Wrong side entered")
    assert Procedure.objects.get(pk=procedure).side == "left"


def test_the_clinician_corrects_the_title_of_a_programme_they_prescribed(page):
    patient = UserFactory(timezone="Europe/Oslo")
    clinician = UserFactory(role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    api = APIClient()
    api.force_login(clinician)
    response = api.post(f"/api/v1/clinician/patients/{patient.pk}/programmes/", PROGRAMME, format="json")
    assert response.status_code == 201, response.json()

    log_in(page, clinician.email, PASSWORD)
    go(page, f"patients/{patient.pk}/programme")
    current = page.get_by_role("region", name="Current programme")
    current.get_by_role("button", name="Correct").click()
    form = page.get_by_role("form", name="Correct this record")
    expect(form.get_by_label("Title")).to_have_value("Neck")
    form.get_by_label("Title").fill("Neck, gently")
    form.get_by_role("button", name="Save correction").click()
    expect(current).to_contain_text("Neck, gently, from")
    assert Programme.objects.get(patient=patient).title == "Neck, gently"
