"""The Log, History and login screens in the patient's language (issue 25): the German Log
screen still fits a phone without scrolling; dates on Log and History carry weekday and
month names of the sentence's language and a 24-hour time, with no English around them;
the advice given offline names the emergency number where the patient's timezone tells it,
and "your local emergency number" in the patient's language otherwise."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from diary.models import User
from tests.factories import EntryFactory
from tests.frontend.browser import CUT_WORDS, PASSWORD, go, unique_email, wait_for_service_worker
from tests.frontend.conftest import assert_page_healthy, new_context

pytestmark = pytest.mark.browser

# What the login screen says, and the words these tests look for, in each language.
WORDS = {
    "en": {"email": "Email", "password": "Password", "log_in": "Log in", "save": "Save", "more": "More detail",
           "flag": "A warning sign", "sides": ["Left", "Right", "Both"], "side_group": "Which side?",
           "severity_group": "How bad, 0 to 10?", "region_group": "Where did it start?",
           "trigger_group": "What brought it on?", "posture_group": "What were you doing?"},
    "de": {"email": "E-Mail", "password": "Passwort", "log_in": "Anmelden", "save": "Speichern", "more": "Mehr Details",
           "flag": "Ein Warnzeichen", "sides": ["Links", "Rechts", "Beidseits"], "side_group": "Welche Seite?",
           "severity_group": "Wie stark, 0 bis 10?", "region_group": "Wo hat er begonnen?",
           "trigger_group": "Was hat ihn ausgelöst?", "posture_group": "Was haben Sie gerade gemacht?"},
    "fr": {"email": "E-mail", "password": "Mot de passe", "log_in": "Se connecter"},
    "it": {"email": "Email", "password": "Password", "log_in": "Accedi"},
    "es": {"email": "Correo electrónico", "password": "Contraseña", "log_in": "Iniciar sesión"},
}  # fmt: skip

# Sunday 29 November 2026, with two headaches (08:15 and 17:40) and, the day before, one.
DAY = dt.date(2026, 11, 29)
DATES = {
    "de": {"date": "So., 29. Nov.", "at": "So., 29. Nov. um 08:15", "later": "So., 29. Nov. um 17:40",
           "month": "November 2026", "monday": "Mo", "for": "Für So., 29. Nov.", "today": "Heute, ",
           "cell": "So., 29. Nov.: Kopfschmerz, am stärksten 7 von 10"},
    "fr": {"date": "dim. 29 nov.", "at": "dim. 29 nov. à 08:15", "later": "dim. 29 nov. à 17:40",
           "month": "novembre 2026", "monday": "lun.", "for": "Pour le dim. 29 nov.", "today": "Aujourd’hui, ",
           "cell": "dim. 29 nov. : mal de tête, au pire 7 sur 10"},
    "it": {"date": "dom 29 nov", "at": "dom 29 nov alle 08:15", "later": "dom 29 nov alle 17:40",
           "month": "novembre 2026", "monday": "lun", "for": "Per dom 29 nov", "today": "Oggi, ",
           "cell": "dom 29 nov: mal di testa, al massimo 7 su 10"},
    "es": {"date": "dom, 29 nov", "at": "dom, 29 nov a las 08:15", "later": "dom, 29 nov a las 17:40",
           "month": "noviembre de 2026", "monday": "lun", "for": "Para el dom, 29 nov", "today": "Hoy, ",
           "cell": "dom, 29 nov: dolor de cabeza, como máximo 7 de 10"},
}  # fmt: skip
# English words that must not stand around a date in another language (the issue's "Today, So., 6. Dez.").
ENGLISH = re.compile(r"\b(Today|For|at|Sun|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|headache|side|sides|worst|began|AM|PM)\b")


@pytest.fixture
def open_in(browser, app_url, recorder):
    """A phone in a language (its locale, and the Accept-Language Playwright sends with it):
    (context, page); uncaught errors and CSP violations fail the test, as for every screen."""
    opened = []

    def open_(locale, timezone="Europe/Berlin"):
        context = new_context(browser, app_url, locale=locale, timezone_id=timezone)
        page = context.new_page()
        recorder.watch(page)
        opened.append((context, page))
        return context, page

    yield open_
    for context, page in opened:
        assert_page_healthy(page, recorder)
        context.close()


def log_in_as(page, lang, email):
    words = WORDS[lang]
    page.goto("/#/login")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_label(words["email"], exact=True).fill(email)
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=words["log_in"], exact=True).click()
    expect(page.locator("#nav")).to_be_visible()


def patient(lang, timezone="Europe/Berlin"):
    email = unique_email()
    return email, User.objects.create_user(email, PASSWORD, language=lang, timezone=timezone)


def assert_on_screen_and_tappable(page, locator):
    """In the viewport, not under the save bar or anything else, and a fingertip's size."""
    expect(locator).to_be_in_viewport(ratio=1)
    box = locator.evaluate(
        """(el) => { const r = el.getBoundingClientRect();
                    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                    return {reached: hit === el || el.contains(hit), width: r.width, height: r.height}; }"""
    )
    assert box["reached"], f"{locator} is covered"
    # 44 px high as every control of the app; the eleven severities share a row, none under 24 px wide (WCAG 2.5.8).
    assert box["height"] >= 44 and box["width"] >= 24, f"{locator} is smaller than a fingertip: {box}"


@pytest.mark.parametrize("lang", ["de", "fr", "it", "es"])
def test_the_log_screen_fits_a_phone_with_every_quick_answer_and_save_in_view(open_in, lang):
    """What "fits" means to a patient: every answer of the five quick questions, whole words
    inside their buttons, "More detail" and Save tappable on the first screen, and nothing
    below it to scroll to. German has the longest words."""
    _, page = open_in(f"{lang}-{lang.upper()}")
    email, _ = patient(lang)
    log_in_as(page, lang, email)
    expect(page.locator(".log-day")).to_have_text(re.compile(f"^{re.escape(DATES[lang]['today'])}"))
    expect(page.locator(".savebar button:not([hidden])")).to_have_count(2)  # the day's check-in and Save
    page.screenshot(path=f"/tmp/i18n-log-log-{lang}.png")
    groups = page.locator(".log .quick fieldset:not([hidden])")
    expect(groups).to_have_count(5)
    for g in range(5):
        buttons = groups.nth(g).get_by_role("button")
        assert buttons.count() >= 3
        for b in range(buttons.count()):
            assert_on_screen_and_tappable(page, buttons.nth(b))
    for button in page.locator(".savebar button:not([hidden])").all():
        assert_on_screen_and_tappable(page, button)
    clipped = page.evaluate(CUT_WORDS)
    assert not clipped, f"words cut off: {clipped}"
    expect(page.locator(".log details.more > summary")).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight"), f"the Log screen scrolls in {lang}"
    text = page.locator("main").inner_text()
    assert not ENGLISH.search(text), text
    if lang == "de":
        expect(page.get_by_role("heading", name="Neuer Eintrag")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile(r"^Kopfschmerzfrei am "))).to_be_visible()


@pytest.mark.parametrize("lang", list(DATES))
def test_dates_on_log_and_history_are_in_the_language_of_the_sentence_on_a_24_hour_clock(open_in, lang):
    _, page = open_in(f"{lang}-{lang.upper()}")
    email, user = patient(lang)
    expected = DATES[lang]
    morning = EntryFactory(patient=user, date=DAY, started_at=dt.time(8, 15), side="left", severity=3)
    EntryFactory(patient=user, date=DAY, started_at=dt.time(17, 40), side="right", severity=7)
    EntryFactory(patient=user, date=DAY - dt.timedelta(days=1), started_at=dt.time(9, 0), side="both", severity=2)
    log_in_as(page, lang, email)

    # Log: today's day line, and the day line of an entry opened for editing.
    today = page.locator(".log-day")
    expect(today).to_have_text(re.compile(f"^{re.escape(expected['today'])}"))
    assert not ENGLISH.search(today.inner_text()), today.inner_text()
    go(page, f"log?edit={morning.id}")
    expect(page.locator(".log-day")).to_have_text(expected["for"])

    # History: the month's name above the weekday names, the entries' dates and times, the calendar's words.
    go(page, f"history?month={DAY:%Y-%m}")
    expect(page.locator("main h2").first).to_have_text(expected["month"])
    expect(page.locator(".calendar .dow").first).to_have_text(expected["monday"])
    rows = page.locator("main ul.list > li")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator("strong")).to_have_text(expected["later"])
    expect(rows.nth(1).locator("strong")).to_have_text(expected["at"])
    expect(rows.nth(2).locator("strong")).to_have_text(re.compile(r"^\S+,? 28\.? nov", re.IGNORECASE))
    expect(page.get_by_role("listitem", name=expected["cell"], exact=True)).to_have_count(1)
    for text in [*rows.all_inner_texts(), page.locator(".calendar").get_attribute("aria-label")]:
        assert not ENGLISH.search(text), text
    page.screenshot(path=f"/tmp/i18n-log-history-{lang}.png", full_page=True)


@pytest.mark.parametrize(
    "lang,timezone,advice",
    [
        ("de", "Europe/Berlin", "holen Sie jetzt medizinische Hilfe: rufen Sie den Notruf 112 an."),
        ("de", "Asia/Tokyo", "holen Sie jetzt medizinische Hilfe: rufen Sie Ihren örtlichen Notruf an."),
        ("en", "Europe/Berlin", "get medical help now: call the emergency number 112."),
        ("en", "Asia/Tokyo", "get medical help now: call your local emergency number."),
    ],
)
def test_the_advice_given_offline_names_the_patients_emergency_number_where_it_is_known(
    open_in, lang, timezone, advice
):
    context, page = open_in("de-DE" if lang == "de" else "en-GB", timezone)
    email, _ = patient(lang, timezone)
    log_in_as(page, lang, email)  # online once: /me/ tells the number, kept for offline
    wait_for_service_worker(page)
    words = WORDS[lang]
    context.set_offline(True)
    page.get_by_role("button", name=words["sides"][2], exact=True).click()
    page.get_by_role("button", name="9", exact=True).click()
    page.get_by_text(words["more"]).click()
    page.locator("[data-field=red_flags] input[value=neuro_deficit]").check()
    page.get_by_role("button", name=words["save"], exact=True).click()
    box = page.get_by_role("alert").filter(has=page.get_by_role("heading", name=words["flag"]))
    expect(box).to_be_focused()
    expect(box).to_contain_text(advice)
    assert "911" not in box.inner_text()
    page.screenshot(path=f"/tmp/i18n-log-advice-{lang}-{timezone.replace('/', '-')}.png")
    context.set_offline(False)
