"""Issue 22, findings 5, 6 and 10 and the prescribe form: what a patient or a clinician reads.

The monthly chart tells "not logged" from "no headache" and compares per 30 observed days;
no engine code, raw validation text or "null" reaches a person; the access log has one row
per visit; dates have the month in words; the prescribe form shows the open red flags and
asks for a tick; an account deletion is confirmed. Each screen is checked with axe."""

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diary.choices import ReminderKind, Role
from diary.models import Grant, QuestionnaireResponse, ReminderDelivery, User
from diary.services.sharing import access_log_record
from diary.timezones import local_today
from tests.factories import EntryFactory, UserFactory
from tests.frontend.browser import go, register
from tests.frontend.test_advice import assert_axe_clean
from tests.frontend.test_exercises import clinician_page_for  # noqa: F401 - a clinician linked to a patient
from tests.reminders.conftest import run_pass, set_reminders

pytestmark = pytest.mark.browser


def month_start(day: dt.date, back: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_monthly_chart_says_not_logged_and_compares_per_30_observed_days(page, scheme):
    page.emulate_media(color_scheme=scheme)
    patient = User.objects.get(email=register(page))
    today = local_today(patient)
    # Three months ago a whole month of diary, 10 headache days; the two months after it no diary at all.
    full = month_start(today, 3)
    days_in_full = (month_start(today, 2) - full).days
    for n in range(days_in_full):
        EntryFactory(patient=patient, date=full + dt.timedelta(days=n), headache=n % 3 == 0 and n < 30)
    headache_days = len([n for n in range(days_in_full) if n % 3 == 0 and n < 30])
    # This month: every day so far, one headache.
    this_month = month_start(today, 0)
    for n in range((today - this_month).days + 1):
        EntryFactory(patient=patient, date=this_month + dt.timedelta(days=n), headache=n == 0)

    go(page, "insights")
    chart = page.get_by_role("region", name="Headache days per 30 days, month by month")
    rows = chart.locator("tbody tr")
    expect(rows).to_have_count(6)
    texts = [row.text_content() for row in rows.all()]
    rate = math.floor(headache_days * 300 / days_in_full + 0.5) / 10
    assert texts[2].endswith(f"{rate:g} per 30 days ({days_in_full} of {days_in_full} days logged)")
    # Months without a single entry are "not logged", never a 0 that looks like a good month.
    assert texts[3].endswith("not logged") and texts[4].endswith("not logged")
    observed = today.day
    if observed < 14:  # a month only days old is not compared with whole ones
        assert texts[5].endswith(f"too few days for a rate ({observed} {'day' if observed == 1 else 'days'} logged)")
    else:
        assert texts[5].endswith(
            f"{math.floor(300 / observed + 0.5) / 10:g} per 30 days ({observed} of {observed} days logged)"
        )
    expect(chart.locator("svg .bar-missing")).to_have_count(4 if observed >= 14 else 5)
    chart.scroll_into_view_if_needed()
    assert_axe_clean(page, f"insights-chart-{scheme}")


def test_the_patient_reads_words_not_codes_nor_null_one_row_per_visit_and_finds_the_pdf(page):
    patient = User.objects.get(email=register(page))
    now = timezone.now()
    ReminderDelivery.objects.create(
        patient=patient,
        kind=ReminderKind.BLOCK_PROMPT,
        slot_at=now - dt.timedelta(minutes=5),
        title="How is the pain now?",
        body="One tap on the Log screen.",
        sent_at=now - dt.timedelta(minutes=5),
    )
    clinician = UserFactory(email="dr-visit@example.test", role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    # One visit: the summary (read six times as its parts load), the treatments and the timeline.
    for what in ["summary"] * 6 + ["procedures", "timeline", "red_flag_review"]:
        access_log_record(patient=patient, clinician=clinician, what=what)

    go(page, "reminders")
    item = page.get_by_role("listitem").filter(has_text="How is the pain now?")
    expect(item.locator(".badge").first).to_have_text("Block diary question")
    expect(page.get_by_text("block_prompt")).to_have_count(0)

    go(page, "account")
    log = page.get_by_role("region", name="Who read your diary")
    expect(log.get_by_role("listitem")).to_have_count(1)
    expect(log.get_by_role("listitem")).to_contain_text(
        "Read your summary, read your treatments, read your treatment timeline and reviewed a warning sign."
    )
    month = now.astimezone(ZoneInfo("Europe/Oslo")).strftime("%b")  # the browser's zone (conftest): the month in words
    expect(log.get_by_role("listitem")).to_contain_text(month)
    pdf = page.get_by_role("link", name="Download: Summary for your doctor (PDF)")
    expect(pdf).to_have_attribute("href", "/api/v1/export/?format=pdf")
    response = page.request.get(pdf.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert_axe_clean(page, "account-visits")


def test_a_questionnaire_without_a_score_is_said_in_words(page):
    patient = User.objects.get(email=register(page))
    page.request.post(
        "/api/v1/programme/default/", data={}, headers={"X-CSRFToken": csrf(page)}
    )  # the general programme, so Exercises lists the scores
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="neck_rating",
        instrument_version="1",
        authored_at=timezone.now(),
        score=None,
        items=[],
    )
    go(page, "exercises")
    scores = page.get_by_role("region", name="How is it going?")
    expect(scores.get_by_role("listitem")).to_contain_text("answered, no score (a question was left out)")
    expect(page.locator("main")).not_to_contain_text("null")


def csrf(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def test_the_prescribe_form_shows_the_open_flags_asks_a_tick_and_confirms(clinician_page_for):  # noqa: F811
    patient, page = clinician_page_for
    for code in ("thunderclap", "fever_stiff_neck"):
        EntryFactory(patient=patient, date=local_today(patient), red_flags=[code], severity=9)
    go(page, f"patients/{patient.pk}/programme")
    form = page.get_by_role("form", name="Prescribe a programme")
    expect(form.get_by_role("heading", name="2 open red flags")).to_be_visible()
    expect(form).to_contain_text("Thunderclap onset (Emergency)")

    form.get_by_role("button", name="Prescribe").click()  # nothing ticked
    expect(form.get_by_text("Please tick at least one exercise.")).to_be_visible()
    expect(form.get_by_text("Please confirm you have seen the open red flags.")).to_be_visible()
    expect(form).not_to_contain_text("Ensure this field")
    assert not patient.programmes.exists()

    form.get_by_label("Gentle nod, lying down").check()
    form.get_by_label("I have seen these red flags and still want to prescribe the programme").check()
    form.get_by_label("Times (HH:MM, comma-separated, the patient's local time)").fill("8 o'clock")
    form.get_by_role("button", name="Prescribe").click()
    expect(form.get_by_text("Please give each time as hours and minutes, for example 08:00, 18:00.")).to_be_visible()
    assert not patient.programmes.exists()

    form.get_by_label("Times (HH:MM, comma-separated, the patient's local time)").fill("08:00")
    form.get_by_role("button", name="Prescribe").click()
    confirmation = page.locator("main").get_by_role("status").filter(has_text="Programme prescribed")
    expect(confirmation).to_contain_text("“Neck exercise programme”, 1 exercise, from")
    expect(confirmation).to_be_focused()
    assert patient.programmes.count() == 1
    assert_axe_clean(page, "clinician-prescribe-confirmed")


def test_a_deleted_account_is_confirmed_in_words(page):
    email = register(page)
    go(page, "account")
    form = page.get_by_role("form", name="Delete my account")
    form.get_by_label("Your password, to confirm").fill("quiet-harbour-lantern-42")
    form.get_by_role("button", name="Delete my account").click()
    heading = page.get_by_role("heading", name="Your account is deleted")
    expect(heading).to_be_focused()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert not User.objects.filter(email=email).exists()
    assert_axe_clean(page, "account-deleted")
    page.get_by_role("button", name="Back to the start").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_a_reminder_due_in_quiet_hours_is_in_the_inbox_without_a_push(page):
    patient = User.objects.get(email=register(page))
    zone = ZoneInfo(patient.timezone)
    yesterday = local_today(patient) - dt.timedelta(days=1)
    at = lambda hour, minute: dt.datetime.combine(yesterday, dt.time(hour, minute), tzinfo=zone)  # noqa: E731
    set_reminders(patient, now=at(5, 0), times=["06:30"], quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0))
    run_pass(at(6, 31))

    go(page, "reminders")
    inbox = page.get_by_role("region", name="Inbox")
    expect(inbox.get_by_role("listitem")).to_have_count(1)
    expect(inbox.get_by_role("listitem")).to_contain_text("Posture")
    expect(inbox.get_by_role("listitem")).to_contain_text("in this inbox only")
    assert_axe_clean(page, "reminders-quiet-inbox")
