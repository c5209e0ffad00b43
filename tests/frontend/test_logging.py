"""A patient logs headaches on a phone: the neck questions on one screen in five
taps, "Same as last time", offline, with a red flag (and the next headache as a
new entry), errors beside their question, and a headache-free day in one tap.
Each test checks what the patient sees and what the server stored."""

import datetime as dt
import re
import secrets
import string
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from diary.models import Entry, User
from tests.frontend.browser import go, register, screenshot, wait_for_service_worker
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


def test_a_red_flag_shows_the_emergency_advice_at_once_and_the_next_headache_is_a_new_entry(page):
    email = register(page)
    page.get_by_role("button", name="Both", exact=True).click()
    page.get_by_role("button", name="10", exact=True).click()
    page.get_by_text("More detail").click()
    page.locator("[data-field=red_flags] input[value=thunderclap]").check()
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
    [flagged] = wait_for(lambda: entries_of(email), seconds=10)
    assert flagged.red_flags == ["thunderclap"]
    expect(page.locator("#announcer")).to_have_text("Saved. Take care.")

    # The form below the advice is a fresh one: the next headache cannot overwrite the flagged entry.
    expect(page.get_by_role("group", name="Which side?").locator("[aria-pressed=true]")).to_have_count(0)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="3", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    wait_for(lambda: len(entries_of(email)) == 2, seconds=10)
    flagged.refresh_from_db()
    assert (flagged.side, flagged.severity, flagged.red_flags) == ("both", 10, ["thunderclap"])
    assert sorted((e.side, e.severity) for e in entries_of(email)) == [("both", 10), ("left", 3)]

    # The advice stays on screen until the patient dismisses it.
    expect(advice).to_be_visible()
    advice.get_by_role("button", name="I have read this").click()
    expect(advice).to_have_count(0)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_focused()


def test_no_headache_is_one_tap_names_the_date_and_stores_a_headache_free_day(page):
    email = register(page)
    today = dt.datetime.now(ZoneInfo("Europe/Oslo")).date()  # the browser's timezone
    day = f"{today:%a} {today.day} {today:%b}"
    page.get_by_role("button", name=f"No headache on {day}").click()

    expect(page.locator("main").get_by_text(f"Saved: no headache on {day}.")).to_be_visible()
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


QUICK_QUESTIONS = {
    "Which side?": ["Left", "Right", "Both"],
    "How bad, 0 to 10?": [str(n) for n in range(11)],
    "Where did it start?": ["Neck", "Back of the head", "Elsewhere"],
    "What brought it on?": ["Neck movement", "Holding one posture", "Pressure on the neck", "Not sure"],
    "What were you doing?": ["Desk or screen", "Looking down at a phone", "Driving", "Sitting", "Standing"],
}


def assert_on_screen_and_tappable(page, locator):
    """In the viewport, and not under the save bar or anything else: a tap at its centre reaches it."""
    expect(locator).to_be_in_viewport(ratio=1)
    reached = locator.evaluate(
        """(el) => { const r = el.getBoundingClientRect();
                    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                    return hit === el || el.contains(hit); }"""
    )
    assert reached, f"{locator} is covered"


def test_the_four_fields_of_the_card_take_five_taps_on_one_screen_without_scrolling(page):
    email = register(page)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    for question, answers in QUICK_QUESTIONS.items():
        group = page.get_by_role("group", name=question)
        for answer in answers:
            assert_on_screen_and_tappable(page, group.get_by_role("button", name=answer, exact=True))
    assert_on_screen_and_tappable(page, page.get_by_role("button", name="Save", exact=True))
    assert_on_screen_and_tappable(page, page.get_by_text("More detail"))
    assert page.evaluate("document.documentElement.scrollHeight <= innerHeight"), "the Log screen scrolls"

    taps = [
        page.get_by_role("group", name="Which side?").get_by_role("button", name="Right"),
        page.get_by_role("button", name="6", exact=True),
        page.get_by_role("group", name="What brought it on?").get_by_role("button", name="Neck movement"),
        page.get_by_role("group", name="What were you doing?").get_by_role("button", name="Desk or screen"),
        page.get_by_role("button", name="Save", exact=True),
    ]
    for tap in taps:
        tap.click()
    assert len(taps) == 5
    assert page.evaluate("scrollY") == 0

    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()
    [entry] = wait_for(lambda: entries_of(email), seconds=10)
    assert (entry.side, entry.severity, entry.neck_trigger, entry.posture) == ("right", 6, "movement", "desk_screen")


def test_elsewhere_opens_the_other_regions_in_place_and_the_chosen_one_is_stored(page):
    email = register(page)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="4", exact=True).click()
    expect(page.get_by_role("group", name="Where else?")).to_be_hidden()
    page.get_by_role("button", name="Elsewhere", exact=True).click()
    page.get_by_role("group", name="Where else?").get_by_role("button", name="Temple").click()
    page.get_by_role("button", name="Save", exact=True).click()
    [entry] = wait_for(lambda: entries_of(email), seconds=10)
    assert entry.onset_region == "temple"


def test_same_as_last_time_fills_the_form_from_the_latest_headache_and_saves_a_new_entry(page):
    email = register(page)
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="5", exact=True).click()
    page.get_by_role("button", name="Back of the head", exact=True).click()
    page.get_by_role("button", name="Holding one posture", exact=True).click()
    page.get_by_role("button", name="Looking down at a phone", exact=True).click()
    tap_save_and_wait_for_a_fresh_form(page, "Saved. Take care.")
    [first] = wait_for(lambda: entries_of(email), seconds=10)

    page.get_by_role("button", name="Same as last time").click()
    expect(page.locator("main").get_by_text("Filled in from")).to_be_visible()
    for question, answer in [
        ("Which side?", "Right"),
        ("How bad, 0 to 10?", "5"),
        ("Where did it start?", "Back of the head"),
        ("What brought it on?", "Holding one posture"),
        ("What were you doing?", "Looking down at a phone"),
    ]:
        expect(page.get_by_role("group", name=question).get_by_role("button", pressed=True)).to_have_text(answer)
    page.get_by_role("button", name="7", exact=True).click()  # editable before saving
    page.get_by_role("button", name="Save", exact=True).click()

    wait_for(lambda: len(entries_of(email)) == 2, seconds=10)
    second = Entry.objects.filter(patient__email=email).exclude(id=first.id).get()
    assert (second.side, second.severity, second.onset_region, second.neck_trigger, second.posture) == (
        "right",
        7,
        "occiput",
        "sustained_posture",
        "phone_looking_down",
    )
    first.refresh_from_db()
    assert first.severity == 5


def test_errors_are_shown_beside_their_question_in_the_error_style_and_the_first_is_focused(page):
    email = register(page)
    page.get_by_role("button", name="Save", exact=True).click()
    side = page.get_by_role("group", name="Which side?")
    expect(side.locator(".field-error")).to_have_text("Please tap a side: left, right or both.")
    expect(page.get_by_role("group", name="How bad, 0 to 10?").locator(".field-error")).to_be_visible()
    expect(side.get_by_role("button", name="Left")).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("Not saved yet: 2 answers need a look.")

    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="5", exact=True).click()
    page.get_by_text("More detail").click()
    page.get_by_label("Lasted (minutes)").fill("99999")
    page.get_by_role("button", name="Save", exact=True).click()

    duration = page.get_by_label("Lasted (minutes)")
    message = page.locator("[data-field=duration_minutes] .field-error")
    expect(message).to_have_text("Please give the minutes as a whole number from 1 to 10080 (one week).")
    expect(duration).to_be_focused()
    expect(duration).to_have_attribute("aria-invalid", "true")
    assert message.get_attribute("id") in duration.get_attribute("aria-describedby")
    expect(side.locator(".field-error")).to_have_count(0)  # fixed, so gone
    # The error colour, not the success colour; no API field names anywhere on the screen.
    colours = page.evaluate("""() => {
      const probe = document.createElement("p"); probe.className = "saved"; document.body.append(probe);
      const ok = getComputedStyle(probe).color; probe.remove();
      return [getComputedStyle(document.querySelector(".field-error")).color, ok];
    }""")
    assert colours[0] != colours[1]
    expect(page.locator("main")).not_to_contain_text("duration minutes")
    expect(page.locator("main").get_by_text("Saved")).to_have_count(0)
    screenshot(page, "log-error-beside-field")
    assert entries_of(email) == []


def test_warning_sign_checkboxes_are_full_width_targets_at_least_44_px_tall(page):
    register(page)
    page.get_by_text("More detail").click()
    flags = page.locator("[data-field=red_flags] label.check")
    expect(flags.first).to_be_visible()
    fieldset = page.locator("[data-field=red_flags]").bounding_box()
    for index in range(flags.count()):
        box = flags.nth(index).bounding_box()
        assert box["height"] >= 44, box
        assert box["width"] >= fieldset["width"] - 40, (box, fieldset)


def test_a_route_change_moves_focus_to_the_new_screens_heading(page):
    register(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History", level=1)).to_be_focused()
    go(page, "log")
    expect(page.get_by_role("heading", name="Log a headache")).to_be_focused()


def test_a_warning_sign_saved_offline_says_what_to_do_at_once(page, context):
    register(page)
    wait_for_service_worker(page)
    context.set_offline(True)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="9", exact=True).click()
    page.get_by_text("More detail").click()
    page.locator("[data-field=red_flags] input[value=thunderclap]").check()
    page.get_by_role("button", name="Save", exact=True).click()
    advice = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="A warning sign"))
    expect(advice).to_be_focused()
    expect(advice).to_contain_text("If it is happening now, get medical help now")
    expect(page.locator("main").get_by_text("Saved on this phone")).to_be_visible()
