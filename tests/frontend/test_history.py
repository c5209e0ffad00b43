"""History: an entry edited and deleted from the list (the prompt names it), the
times of same-day entries, entries with a warning sign marked, and an entry the
server refuses shown with the reason rather than dropped."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from diary.models import Entry, User
from tests.factories import EntryFactory
from tests.frontend.browser import go, register
from tests.workers import wait_for

pytestmark = pytest.mark.browser


def browser_today():
    return dt.datetime.now(ZoneInfo("Europe/Oslo")).date()  # the browser's timezone (conftest)


def test_an_entry_is_edited_and_then_deleted_from_history_with_a_prompt_that_names_it(page):
    email = register(page)
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="6", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    [entry] = wait_for(lambda: list(Entry.objects.filter(patient__email=email)), seconds=10)

    go(page, "history")
    page.get_by_role("link", name="Edit the headache of").click()
    expect(page.get_by_role("heading", name="Edit entry")).to_be_visible()
    pressed = page.get_by_role("group", name="How bad, 0 to 10?").get_by_role("button", pressed=True)
    expect(pressed).to_have_attribute("data-value", "6")
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="right side, 4/10")).to_be_visible()
    entry.refresh_from_db()
    assert entry.severity == 4 and Entry.objects.filter(patient__email=email).count() == 1

    prompts = []

    def accept(dialog):
        prompts.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Delete the headache of").click()
    expect(page.get_by_text("Nothing logged this month.")).to_be_visible()
    today = browser_today()
    assert prompts == [
        f"Delete the headache of {today:%a} {today.day} {today:%b} (right side, 4/10)? This cannot be undone."
    ]
    assert not Entry.objects.filter(patient__email=email).exists()


def test_same_day_entries_show_their_times_and_a_red_flag_is_marked(page):
    email = register(page)
    patient = User.objects.get(email=email)
    day = browser_today() - dt.timedelta(days=1)
    EntryFactory(patient=patient, date=day, started_at=dt.time(8, 15), side="left", severity=3)
    EntryFactory(
        patient=patient, date=day, started_at=dt.time(17, 40), side="right", severity=8, red_flags=["fever_stiff_neck"]
    )
    EntryFactory(patient=patient, date=day - dt.timedelta(days=1), started_at=dt.time(9, 0), side="both", severity=2)

    go(page, f"history?month={day:%Y-%m}")
    label = f"{day:%a} {day.day} {day:%b}"
    morning = page.get_by_role("listitem").filter(has_text="left side, 3/10")
    evening = page.get_by_role("listitem").filter(has_text="right side, 8/10")
    expect(morning).to_contain_text(f"{label} at 08:15")
    expect(evening).to_contain_text(f"{label} at 17:40")
    expect(evening.get_by_text("Warning sign")).to_be_visible()
    expect(morning.get_by_text("Warning sign")).to_have_count(0)
    # Alone on its day, an entry needs no time.
    expect(page.get_by_role("listitem").filter(has_text="both sides, 2/10")).not_to_contain_text(" at 09:00")


def test_an_entry_the_server_refuses_is_shown_beside_its_question_and_kept_in_history(page):
    email = register(page)
    tomorrow = browser_today() + dt.timedelta(days=1)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="5", exact=True).click()
    page.get_by_text("More detail").click()
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()

    date_error = page.locator("[data-field=date] .field-error")
    expect(date_error).to_be_visible()
    reason = date_error.inner_text()
    expect(page.get_by_label("Date")).to_be_focused()
    assert not Entry.objects.filter(patient__email=email).exists()

    go(page, f"history?month={tomorrow:%Y-%m}")
    refused = page.get_by_role("listitem").filter(has_text="left side, 5/10")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text(f"Not saved: {reason}")
    go(page, "log")
    expect(page.get_by_role("region", name="1 entry was not saved")).to_contain_text("Not saved: Headache on")
