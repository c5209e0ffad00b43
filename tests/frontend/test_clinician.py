"""A patient shares the diary with a share code; the clinician, in their own
browser, enters it and reads the pre-visit summary, until the patient revokes it."""

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from diary.models import AccessLog, Grant, RedFlagReview
from tests.frontend.browser import go, log_in, register, screenshot
from tests.frontend.conftest import assert_page_healthy

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
    assert (
        Grant.objects.filter(patient__email=patient_email, clinician__email=clinician_email, revoked_at=None).count()
        == 1
    )
    screenshot(page, "patients")

    patient_link.click()
    expect(page.get_by_role("heading", name="Pre-visit summary")).to_be_visible()
    expect(page.locator("main").get_by_text(patient_email)).to_be_visible()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    expect(page.locator("main").get_by_text("median 7, max 7")).to_be_visible()  # the headache just logged
    screenshot(page, "summary")
    assert AccessLog.objects.filter(
        patient__email=patient_email, clinician_email=clinician_email, what="summary"
    ).exists()

    # The patient sees who can read the diary and who did, and revokes that clinician.
    go(patient_page, "account")
    read_log = patient_page.get_by_role("region", name="Who read your diary")
    # Linking with the code is in the log too (every clinician write is), so each row is found by what was done.
    expect(
        read_log.get_by_role("listitem").filter(has_text="Read your summary").get_by_text(clinician_email)
    ).to_be_visible()
    expect(read_log.get_by_role("listitem").filter(has_text="Added you with your share code")).to_be_visible()
    patient_page.get_by_role("button", name=f"Revoke {clinician_email}").click()
    patient_page.get_by_role("button", name="Yes, revoke access").click()
    expect(patient_page.get_by_text(f"{clinician_email}: access revoked.")).to_be_visible()
    assert not Grant.objects.filter(patient__email=patient_email, revoked_at=None).exists()

    # The clinician's next look finds the diary no longer shared.
    page.reload()
    expect(page.get_by_role("heading", name="Patient not available")).to_be_visible()


DESKTOP = {"width": 1280, "height": 900}
HELPER_SCREENS = Path("/work/helpers/screens")


def test_a_clinician_reads_the_overview_first_and_marks_a_red_flag_reviewed(browser, app_url, recorder):
    from diary.demo import DEMO_CLINICIAN, DEMO_PASSWORD, load_demo
    from diary.services.entries import entry_upsert
    from diary.timezones import local_today

    patient, _ = load_demo()
    flagged_day = local_today(patient) - dt.timedelta(days=2)
    entry_upsert(
        patient=patient,
        entry_id=uuid.uuid4(),
        date=flagged_day,
        headache=True,
        side="right",
        severity=9,
        started_at=dt.time(14, 5),
        red_flags=["thunderclap"],
    )
    context = browser.new_context(base_url=app_url, viewport=DESKTOP, locale="en-GB", timezone_id="Europe/Oslo")
    page = context.new_page()
    recorder.watch(page)
    log_in(page, DEMO_CLINICIAN, DEMO_PASSWORD)
    page.get_by_role("list", name="Your patients").get_by_role("link", name=patient.email).click()

    main = page.locator("main")
    overview = page.get_by_role("region", name="Overview")
    expect(overview).to_be_visible()
    expect(overview.get_by_text("1 open red flag to review first: thunderclap onset, emergency")).to_be_visible()
    # The overview comes before everything else on the page, the calendar included.
    headings = main.locator("h2").all_inner_texts()
    assert headings[0] == "Overview" and headings.index("Calendar") > headings.index("Screening")
    assert "urgent_review" not in main.inner_text() and "side_locked" not in main.inner_text()
    page.screenshot(path=str(HELPER_SCREENS / "clinician-summary-desktop.png"), full_page=True)
    screenshot(page, "summary-desktop")

    page.get_by_role("button", name=re.compile("^Mark reviewed: Thunderclap onset")).click()
    page.get_by_label("Note (optional)").fill("Seen in clinic; CT normal.")
    covers_until = flagged_day + dt.timedelta(days=30)
    page.get_by_label("Also covers later ticks of this sign until (optional)").fill(covers_until.isoformat())
    page.get_by_role("button", name="Save review").click()
    reviewed = page.get_by_role("region", name="Reviewed red flags")
    expect(reviewed.get_by_text("Seen in clinic; CT normal.")).to_be_visible()
    expect(overview.get_by_text("No open red flags.")).to_be_visible()
    [review] = RedFlagReview.objects.filter(patient=patient, code="thunderclap", date=flagged_day)
    assert (review.role, review.covers_until) == ("clinician", covers_until)
    page.screenshot(path=str(HELPER_SCREENS / "clinician-summary-reviewed.png"), full_page=True)

    page.get_by_role("link", name="Read the diary entries").click()
    expect(page.get_by_role("heading", name="Diary entries")).to_be_visible()
    expect(main.get_by_text("Red flag: Thunderclap onset")).to_be_visible()
    expect(main.get_by_text(re.compile(r"14:05 · Right, severity 9"))).to_be_visible()
    assert_page_healthy(page, recorder)
    context.close()
