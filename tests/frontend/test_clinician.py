"""A patient shares the diary with a share code; the clinician, in their own
browser, enters it and reads the pre-visit summary, until the patient revokes it."""

import re

import pytest
from playwright.sync_api import expect

from diary.models import AccessLog, Grant
from tests.frontend.browser import go, register, screenshot

pytestmark = pytest.mark.browser


def log_a_headache(page, side, severity):
    page.get_by_role("button", name=side, exact=True).click()
    page.get_by_role("button", name=str(severity), exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()


def test_a_clinician_reads_the_summary_of_a_patient_who_shared_a_code_until_it_is_revoked(page, open_page):
    patient_page = open_page()
    patient_email = register(patient_page)
    log_a_headache(patient_page, "Left", 7)
    go(patient_page, "account")
    patient_page.get_by_role("button", name="Create a share code").click()
    code = patient_page.locator("main .code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4})+", code), code
    screenshot(patient_page, "account-share-code")

    clinician_email = register(page, clinician=True)
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    page.get_by_label("Share code").fill(code.lower())
    page.get_by_role("button", name="Add patient").click()
    patient_link = page.get_by_role("list", name="Your patients").get_by_role("link", name=patient_email)
    expect(patient_link).to_be_visible()
    assert Grant.objects.filter(patient__email=patient_email, clinician__email=clinician_email, revoked_at=None).count() == 1
    screenshot(page, "patients")

    patient_link.click()
    expect(page.get_by_role("heading", name="Pre-visit summary")).to_be_visible()
    expect(page.locator("main").get_by_text(patient_email)).to_be_visible()
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    expect(page.locator("main").get_by_text("median 7, max 7")).to_be_visible()  # the headache just logged
    screenshot(page, "summary")
    assert AccessLog.objects.filter(patient__email=patient_email, clinician_email=clinician_email, what="summary").exists()

    # The patient sees who can read the diary and who did, and revokes that clinician.
    go(patient_page, "account")
    expect(patient_page.get_by_role("region", name="Who read your diary").get_by_text(clinician_email)).to_be_visible()
    patient_page.get_by_role("button", name=f"Revoke {clinician_email}").click()
    patient_page.get_by_role("button", name="Yes, revoke access").click()
    expect(patient_page.get_by_text(f"{clinician_email}: access revoked.")).to_be_visible()
    assert not Grant.objects.filter(patient__email=patient_email, revoked_at=None).exists()

    # The clinician's next look finds the diary no longer shared.
    page.reload()
    expect(page.get_by_role("heading", name="Patient not available")).to_be_visible()
