"""axe-core (WCAG 2.2 A and AA, and best practice) on every screen, with a diary
that has something to show. Serious and critical findings fail the test; all
screens are checked before it fails, so one run lists everything to fix."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from diary.models import Grant, User
from tests.factories import EntryFactory
from tests.frontend.browser import AXE, axe_violations, describe_violations, go, register, screenshot

pytestmark = [
    pytest.mark.browser,
    # axe-core comes from npm (`make test` installs it when npm is there). Without it only
    # these checks are skipped, with this reason in the summary; never in CI.
    pytest.mark.skipif(
        not AXE.exists() and os.environ.get("CI") != "true",
        reason=f"axe-core is not installed ({AXE.relative_to(AXE.parents[2])} missing: install Node.js with npm, "
        "then `npm ci`): accessibility checks skipped",
    ),
]


def some_weeks_of_diary(email):
    """Headaches and headache-free days over six weeks, so charts and calendars have content."""
    patient = User.objects.get(email=email)
    today = dt.date.today()
    for days_ago in range(1, 43):
        date = today - dt.timedelta(days=days_ago)
        if days_ago % 3:
            EntryFactory(
                patient=patient,
                date=date,
                headache=False,
                side=None,
                severity=None,
                onset_region=None,
                neck_trigger=None,
                posture=None,
            )
        else:
            EntryFactory(
                patient=patient,
                date=date,
                side="right" if days_ago % 2 else "left",
                severity=days_ago % 11,
                symptoms=["neck_stiffness"],
                medications=[{"name": "Ibuprofen", "kind": "nsaid", "relief": "partial"}],
            )
    return patient


def check(page, name, found):
    if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"):
        name += "-dark"
    screenshot(page, name)
    violations = axe_violations(page)
    if violations:
        found[name] = describe_violations(violations)


def report(found):
    return "\n".join(f"--- {name} ---\n{text}" for name, text in found.items())


# Dark too: it follows the system, and its contrast is checked like the light one's.
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_patient_screens_have_no_serious_accessibility_problems(page, scheme):
    page.emulate_media(color_scheme=scheme)
    found = {}
    page.goto("/#/login")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    check(page, "login", found)
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your diary")).to_be_visible()
    check(page, "register", found)

    some_weeks_of_diary(register(page))
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    check(page, "log", found)
    page.get_by_text("More detail").click()
    expect(page.locator("[data-field=red_flags] input[value=fever_stiff_neck]")).to_be_visible()
    check(page, "log-details", found)
    for screen in ("history", "insights", "reminders", "account"):
        go(page, screen)
        check(page, screen, found)

    assert not found, f"axe-core found serious or critical problems:\n{report(found)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_clinician_screens_have_no_serious_accessibility_problems(page, open_page, scheme):
    page.emulate_media(color_scheme=scheme)
    patient = some_weeks_of_diary(register(open_page()))
    register(page, clinician=True)
    Grant.objects.create(
        patient=patient,
        clinician=User.objects.get(email=page.evaluate("JSON.parse(localStorage.getItem('neckline-user')).email")),
    )
    found = {}

    go(page, "patients")
    check(page, "patients", found)
    page.get_by_role("link", name=patient.email).click()
    expect(page.get_by_role("heading", name="Pre-visit summary")).to_be_visible()
    expect(page.locator("main").get_by_text(patient.email)).to_be_visible()
    expect(page.locator("main svg").first).to_be_visible()
    check(page, "summary", found)

    assert not found, f"axe-core found serious or critical problems:\n{report(found)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_log_screen_answered_with_errors_and_advice_has_no_serious_accessibility_problems(page, scheme):
    page.emulate_media(color_scheme=scheme)
    found = {}
    register(page)
    page.get_by_role("button", name="Save", exact=True).click()  # errors beside side and severity
    expect(page.locator(".field-error").first).to_be_visible()
    check(page, "log-errors", found)
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="7", exact=True).click()
    page.get_by_role("button", name="Elsewhere", exact=True).click()
    page.get_by_role("button", name="Temple", exact=True).click()
    page.get_by_role("button", name="Neck movement", exact=True).click()
    page.get_by_role("button", name="Driving", exact=True).click()
    check(page, "log-answered", found)
    page.get_by_text("More detail").click()
    page.locator("[data-field=red_flags] input[value=fever_stiff_neck]").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Get medical help now")).to_be_visible()
    check(page, "log-advice", found)

    assert not found, f"axe-core found serious or critical problems:\n{report(found)}"
