"""Insights: one tap on an open red flag records that a doctor has checked it, with the
day of the check (today unless changed); docs/screening.md, Review."""

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from diary.models import RedFlagReview, User
from diary.services.entries import entry_upsert
from diary.timezones import local_today
from tests.frontend.browser import go, register
from tests.frontend.conftest import assert_page_healthy

pytestmark = pytest.mark.browser


def test_the_patient_records_in_one_tap_that_a_doctor_checked_a_flag(page, recorder):
    email = register(page)
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
