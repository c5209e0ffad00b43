"""The optional health questions of the profile (injury, cancer, immune system,
pregnancy): asked at registration and on the account screen, with why, each one
optional, and stored as answered (a question left alone stays unanswered)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from diary.models import User
from tests.frontend.browser import PASSWORD, go, unique_email

pytestmark = pytest.mark.browser

INJURY = "Date of a head or neck injury, a fall or whiplash, if you had one"


def test_a_patient_answers_some_health_questions_at_registration_and_changes_one_later(page):
    email = unique_email()
    page.goto("/#/register")
    health = page.get_by_role("group", name="About your health (optional)")
    expect(health).to_contain_text("Why we ask:")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label(INJURY).fill("2026-10-02")
    health.get_by_role("group", name="Did your headaches begin within a week of that injury?").get_by_role(
        "button", name="Yes"
    ).click()
    health.get_by_role("group", name="Have you ever had cancer?").get_by_role("button", name="No").click()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()

    user = User.objects.get(email=email)
    assert (user.injury_date, user.headaches_began_after_injury, user.cancer_history) == (
        dt.date(2026, 10, 2),
        True,
        False,
    )
    assert (user.immunosuppressed, user.pregnant_or_postpartum) == (None, None)  # left alone: unanswered

    go(page, "account")
    cancer = page.get_by_role("group", name="Have you ever had cancer?")
    expect(cancer.get_by_role("button", pressed=True)).to_have_text("No")
    cancer.get_by_role("button", name="No").click()  # tapped again: no answer
    page.get_by_role("group", name="Is your immune system weakened, by an illness or by medicine?").get_by_role(
        "button", name="Yes"
    ).click()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("form", name="Profile").get_by_role("status")).to_have_text("Profile saved.")
    user.refresh_from_db()
    assert (user.cancer_history, user.immunosuppressed, user.injury_date) == (None, True, dt.date(2026, 10, 2))


def test_a_refused_answer_is_shown_beside_its_question(page):
    email = unique_email()
    page.goto("/#/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    go(page, "account")
    page.get_by_label(INJURY).evaluate("(el) => { el.removeAttribute('max'); el.value = '2999-01-01'; }")
    page.get_by_role("button", name="Save profile").click()
    problem = page.locator("[data-field=injury_date] .field-error")
    expect(problem).to_be_visible()
    expect(page.get_by_label(INJURY)).to_be_focused()
    assert User.objects.get(email=email).injury_date is None
