"""One state per day on the Log screen (docs/api.md): it names the date it saves to,
offers what makes sense for a day that already has an entry instead of failing late,
and an entry refused after an offline save is shown with the reason and kept until
the patient decides."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from diary.models import Entry, User
from tests.factories import EntryFactory
from tests.frontend.browser import go, register, wait_for_service_worker
from tests.workers import wait_for

pytestmark = pytest.mark.browser


def browser_today():
    return dt.datetime.now(ZoneInfo("Europe/Oslo")).date()  # the browser's timezone (conftest)


def day_text(date):
    return f"{date:%a} {date.day} {date:%b}"


def entries_of(email):
    return list(Entry.objects.filter(patient__email=email))


def test_a_day_with_a_headache_offers_no_headache_free_check_in(page):
    email = register(page)
    day = day_text(browser_today())
    expect(page.get_by_text(f"Today, {day}")).to_be_visible()
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="6", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()
    wait_for(lambda: entries_of(email), seconds=10)

    expect(page.get_by_text(f"{day} already has a headache. You can add another.")).to_be_visible()
    expect(page.get_by_role("button", name=f"No headache on {day}")).to_have_count(0)
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_enabled()


def test_a_headache_free_day_says_a_headache_replaces_it_and_then_it_does(page):
    email = register(page)
    day = day_text(browser_today())
    page.get_by_role("button", name=f"No headache on {day}").click()
    expect(page.locator("main").get_by_text(f"Saved: no headache on {day}.")).to_be_visible()
    [checkin] = wait_for(lambda: entries_of(email), seconds=10)
    assert checkin.headache is False

    expect(
        page.get_by_text(f"{day} is logged as a day without headache. Saving a headache replaces that check-in.")
    ).to_be_visible()
    expect(page.get_by_role("button", name=f"No headache on {day}")).to_have_count(0)  # no second check-in to offer

    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text(f"It replaces the “no headache” check-in of {day}.")).to_be_visible()
    [entry] = wait_for(lambda: [e for e in entries_of(email) if e.headache], seconds=10)
    assert [e.id for e in entries_of(email)] == [entry.id]


def test_another_date_is_named_on_the_button_and_saved_to(page):
    email = register(page)
    earlier = browser_today() - dt.timedelta(days=3)
    page.get_by_text("More detail").click()
    page.get_by_label("Date").fill(earlier.isoformat())
    page.get_by_label("Date").dispatch_event("change")
    expect(page.get_by_text(f"For {day_text(earlier)}")).to_be_visible()
    page.get_by_role("button", name=f"No headache on {day_text(earlier)}").click()
    expect(page.locator("main").get_by_text(f"Saved: no headache on {day_text(earlier)}.")).to_be_visible()
    [entry] = wait_for(lambda: entries_of(email), seconds=10)
    assert (entry.date, entry.headache) == (earlier, False)


def test_an_offline_check_in_refused_later_is_shown_with_the_reason_and_kept_until_discarded(page, context):
    email = register(page)
    wait_for_service_worker(page)
    today = browser_today()
    day = day_text(today)
    # The Log screen has read the day (still empty) before this phone goes offline;
    # then another phone logs a headache for today, which this one cannot know.
    check_in = page.get_by_role("button", name=f"No headache on {day}")
    expect(check_in).to_be_visible()
    context.set_offline(True)
    EntryFactory(patient=User.objects.get(email=email), date=today)
    check_in.click()
    expect(page.locator("main").get_by_text("Saved on this phone")).to_be_visible()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#announcer")).to_contain_text("1 entry was not saved", timeout=15_000)
    go(page, "log")
    refused = page.get_by_role("region", name="1 entry was not saved")
    expect(refused).to_contain_text(f"Not saved: No headache on {day}.")
    # The server's reason, which names the date (in whatever form it chose), is shown.
    reason = refused.inner_text().split(f"Not saved: No headache on {day}.", 1)[1]
    forms = [today.isoformat(), day, f"{today.day} {today:%B}", f"{today:%B} {today.day}", f"{today:%d/%m/%Y}"]
    assert any(form in reason for form in forms), reason
    page.reload()  # kept on the phone, whatever happens to the page
    expect(page.get_by_role("region", name="1 entry was not saved")).to_be_visible()
    page.get_by_role("button", name="Discard it").click()
    expect(page.get_by_role("region", name="1 entry was not saved")).to_have_count(0)
    assert [e.headache for e in entries_of(email)] == [True]
