"""History: an entry edited and deleted from the list, and an entry the server
refuses shown with its reason rather than dropped."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from diary.models import Entry
from tests.frontend.browser import go, register
from tests.workers import wait_for

pytestmark = pytest.mark.browser


def test_an_entry_is_edited_and_then_deleted_from_history(page):
    email = register(page)
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="6", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    [entry] = wait_for(lambda: list(Entry.objects.filter(patient__email=email)), seconds=10)

    go(page, "history")
    page.get_by_role("link", name="Edit the entry of").click()
    expect(page.get_by_role("heading", name="Edit entry")).to_be_visible()
    pressed = page.get_by_role("group", name="How bad, 0 to 10?").get_by_role("button", pressed=True)
    expect(pressed).to_have_attribute("data-value", "6")
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="right side, 4/10")).to_be_visible()
    entry.refresh_from_db()
    assert entry.severity == 4 and Entry.objects.filter(patient__email=email).count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete the entry of").click()
    expect(page.get_by_text("Nothing logged this month.")).to_be_visible()
    assert not Entry.objects.filter(patient__email=email).exists()


def test_an_entry_the_server_refuses_is_shown_with_the_reason_and_kept(page):
    email = register(page)
    tomorrow = dt.datetime.now(ZoneInfo("Europe/Oslo")).date() + dt.timedelta(days=1)  # the browser's timezone
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="5", exact=True).click()
    page.get_by_text("More detail").click()
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("main").get_by_text("Not saved: please check the answers above.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="date")).to_be_visible()
    assert not Entry.objects.filter(patient__email=email).exists()

    go(page, f"history?month={tomorrow:%Y-%m}")
    refused = page.get_by_role("listitem").filter(has_text="left side, 5/10")
    expect(refused).to_be_visible()
    expect(refused.get_by_role("alert")).to_contain_text("date")
