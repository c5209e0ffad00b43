"""A patient logs headaches on a phone: in three taps, offline, with a red flag,
and a headache-free day in one tap. Each test checks what the patient sees and
what the server stored."""

import re
import secrets
import string

import pytest
from playwright.sync_api import expect

from diary.models import Entry, User
from tests.frontend.browser import register, screenshot, wait_for_service_worker
from tests.workers import wait_for

pytestmark = pytest.mark.browser


def entries_of(email):
    return list(Entry.objects.filter(patient__email=email))


def tap_save_and_wait_for_a_fresh_form(page, saved_text):
    """Save, then wait until the screen offers a fresh form, with the confirmation."""
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text(saved_text)).to_be_visible()
    expect(page.get_by_role("group", name="Which side?").locator("[aria-pressed=true]")).to_have_count(0)


def test_a_new_patient_logs_a_headache_in_three_taps_and_finds_it_in_history_and_on_the_server(page):
    email = register(page)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    screenshot(page, "log")

    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="6", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()
    wait_for(lambda: len(entries_of(email)) == 1, seconds=10)
    [entry] = entries_of(email)
    assert (entry.headache, entry.side, entry.severity) == (True, "right", 6)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="right side, 6/10")).to_be_visible()
    calendar = page.get_by_role("list", name="Month calendar")
    expect(calendar.get_by_role("listitem", name=re.compile(r": headache, worst 6 of 10$"))).to_have_count(1)
    screenshot(page, "history")
    assert len(entries_of(email)) == 1


def test_entries_logged_offline_survive_a_reload_and_reach_the_server_once_each_when_back_online(page, context):
    email = register(page)
    wait_for_service_worker(page)

    context.set_offline(True)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="3", exact=True).click()
    tap_save_and_wait_for_a_fresh_form(page, "Saved on this phone")
    page.get_by_role("button", name="Both", exact=True).click()
    page.get_by_role("button", name="8", exact=True).click()
    tap_save_and_wait_for_a_fresh_form(page, "Saved on this phone")
    expect(page.get_by_role("status").filter(has_text="Offline · 2 waiting to sync")).to_be_visible()

    # Still offline: the service worker serves the app shell, the outbox keeps the entries.
    response = page.reload()
    assert response.from_service_worker and page.evaluate("navigator.onLine") is False
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Offline · 2 waiting to sync")).to_be_visible()
    screenshot(page, "log-offline")
    assert entries_of(email) == []

    context.set_offline(False)
    wait_for(lambda: len(entries_of(email)) == 2, seconds=15)
    expect(page.get_by_role("status").filter(has_text="waiting to sync")).to_have_count(0)
    assert sorted((e.side, e.severity) for e in entries_of(email)) == [("both", 8), ("left", 3)]
    # Nothing more arrives later (a second sender, page or service worker, would add rows).
    page.reload()
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    assert Entry.objects.filter(patient__email=email).count() == 2


def test_a_red_flag_shows_the_emergency_advice_at_once_before_anything_else(page):
    email = register(page)
    page.get_by_role("button", name="Both", exact=True).click()
    page.get_by_role("button", name="10", exact=True).click()
    page.get_by_text("More detail").click()
    page.get_by_label("It peaked within a minute, or it is the worst ever").check()
    page.get_by_role("button", name="Save", exact=True).click()

    advice = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Get medical help now"))
    expect(advice).to_be_visible()
    expect(advice).to_be_focused()
    first_in_main = page.evaluate(
        """() => {
          const first = [...document.querySelectorAll("main *")].find(
            (el) => el.checkVisibility() && el.textContent.trim() && !el.querySelector("*"));
          return first && first.closest("[role=alert]") ? first.closest("[role=alert]").innerText : null;
        }"""
    )
    assert first_in_main and first_in_main.startswith("Get medical help now"), first_in_main
    screenshot(page, "log-red-flag-advice")
    wait_for(lambda: len(entries_of(email)) == 1, seconds=10)
    assert entries_of(email)[0].red_flags == ["thunderclap"]
    # Still there once the save is announced: nothing replaced it.
    expect(page.locator("#announcer")).to_have_text("Saved. Take care.")
    expect(advice).to_be_visible()


def test_no_headache_today_is_one_tap_and_stores_a_headache_free_day(page):
    email = register(page)
    page.get_by_role("button", name="No headache today").click()

    expect(page.locator("main").get_by_text("Saved: a headache-free day.")).to_be_visible()
    wait_for(lambda: len(entries_of(email)) == 1, seconds=10)
    [entry] = entries_of(email)
    patient = User.objects.get(email=email)
    assert (entry.headache, entry.side, entry.severity, entry.patient_id) == (False, None, None, patient.id)


def test_a_save_with_an_expired_csrf_token_refreshes_the_token_and_goes_through(page, context, app_url):
    email = register(page)
    # The server's token changes (a new login elsewhere, an expired cookie); the page still holds the old one.
    new_secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    context.add_cookies([{"name": "csrftoken", "value": new_secret, "url": app_url}])
    refused = []
    page.on("response", lambda r: r.request.method == "PUT" and r.status == 403 and refused.append(r.url))

    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="2", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()
    [entry] = wait_for(lambda: entries_of(email), seconds=10)
    assert (entry.side, entry.severity) == ("left", 2)
    assert len(refused) == 1, "the first attempt should have been refused for its stale token"
