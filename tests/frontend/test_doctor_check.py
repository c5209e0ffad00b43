"""Insights: one tap on an open red flag records that a doctor has checked it, with the
day of the check (today unless changed); docs/screening.md, Review."""

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from diary.models import RedFlagReview, User
from diary.services.entries import entry_upsert
from diary.timezones import local_today
from tests.frontend.browser import go, register, screenshot, wait_for_service_worker
from tests.frontend.conftest import assert_page_healthy
from tests.workers import wait_for

pytestmark = pytest.mark.browser


def thunderclap_three_days_ago(email):
    """The patient of this email, with a thunderclap logged three days ago; (patient, its day)."""
    patient = User.objects.get(email=email)
    flagged_day = local_today(patient) - dt.timedelta(days=3)
    entry_upsert(
        patient=patient,
        entry_id=uuid.uuid4(),
        date=flagged_day,
        headache=True,
        side="right",
        severity=9,
        red_flags=["thunderclap"],
    )
    return patient, flagged_day


def test_the_patient_records_in_one_tap_that_a_doctor_checked_a_flag(page, recorder):
    email = register(page)
    patient, flagged_day = thunderclap_three_days_ago(email)
    go(page, "insights")
    flags = page.get_by_role("alert")
    expect(flags.get_by_role("button", name="A doctor has checked this")).to_be_visible()
    checked_on = flagged_day + dt.timedelta(days=1)
    flags.get_by_label("Day a doctor checked it").fill(checked_on.isoformat())
    flags.get_by_role("button", name="A doctor has checked this").click()
    expect(flags.get_by_text("you said a doctor checked this on")).to_be_visible()
    [review] = RedFlagReview.objects.filter(patient=patient, code="thunderclap", date=flagged_day)
    assert (review.role, review.checked_on) == ("patient", checked_on)
    assert_page_healthy(page, recorder)


def test_a_doctor_check_tapped_offline_survives_a_reload_and_is_stored_once_back_online(page, context):
    email = register(page)
    patient, flagged_day = thunderclap_three_days_ago(email)
    wait_for_service_worker(page)
    go(page, "insights")

    context.set_offline(True)
    flags = page.get_by_role("alert")
    checked_on = flagged_day + dt.timedelta(days=1)
    flags.get_by_label("Day a doctor checked it").fill(checked_on.isoformat())
    flags.get_by_role("button", name="A doctor has checked this").click()
    expect(flags.get_by_text("it will be sent when you are back online")).to_be_visible()
    assert not RedFlagReview.objects.filter(patient=patient).exists()

    # Still offline: the shell and the last report come from the service worker, the check from the outbox.
    response = page.reload()
    assert response.from_service_worker and page.evaluate("navigator.onLine") is False
    flags = page.get_by_role("alert")
    expect(flags.get_by_text("it will be sent when you are back online")).to_be_visible()
    expect(flags.get_by_role("button", name="A doctor has checked this")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Offline · 1 waiting to sync")).to_be_visible()
    screenshot(page, "insights-doctor-check-offline")

    context.set_offline(False)
    wait_for(lambda: RedFlagReview.objects.filter(patient=patient).exists(), seconds=15)
    expect(page.get_by_role("status").filter(has_text="waiting to sync")).to_have_count(0)
    # Nothing more arrives later (the page and the service worker may both have sent it).
    page.reload()
    flags = page.get_by_role("alert")
    expect(flags.get_by_text("you said a doctor checked this on")).to_be_visible()
    [review] = RedFlagReview.objects.filter(patient=patient)
    assert (review.code, review.date, review.role, review.checked_on) == (
        "thunderclap",
        flagged_day,
        "patient",
        checked_on,
    )
    screenshot(page, "insights-doctor-check-synced")
