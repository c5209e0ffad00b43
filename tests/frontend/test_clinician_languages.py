"""The clinician's screens in the reader's language (issue 25): a clinician whose account
says French, and one with a German browser, read the patient list, a patient's pre-visit
summary with its charts and calendar, the programme editor and the diary entries in that language, with the
dates, weekday names and percentages of the same language, and none of the screens'
English labels left; at a desk's size and at a phone's, where nothing runs off the side."""

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from diary.choices import Role
from diary.models import Grant, User
from tests.frontend.browser import PASSWORD, wait_in_page
from tests.frontend.conftest import CSP_LISTENER, PHONE, assert_page_healthy

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}

# What each screen shows in the language, and the English it must no longer show
# (only these screens' own words: the server's sentences come translated by the server).
EXPECTED = {
    "fr": {
        "patients": ["Ajouter un patient", "Code de partage", "jours de céphalée sur 30 jours", "Dépistage :"],
        "summary": ["Résumé avant consultation", "Chiffres clés", "Calendrier", "Niveau :", "Signaux",
                    "Hachuré : 7 ou plus", "Où la douleur a commencé", "Enregistrer un examen", "Langue des fichiers"],
        "programme": ["Prescrire un programme", "Programme en cours", "Exercices", "Date de début", "Séances faites"],
        "entries": ["Entrées du journal", "La dernière année, les plus récentes d’abord.", "Droite, intensité 9",
                    "Signe d’alerte : Début en coup de tonnerre", "Pas de céphalée"],
        "weekday": "lun.",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    },
    "de": {
        "patients": ["Patientin oder Patient hinzufügen", "Freigabecode", "Kopfschmerztage pro 30 Tage", "Screening:"],
        "summary": ["Zusammenfassung vor dem Termin", "Kennzahlen", "Kalender", "Stufe:", "Signale",
                    "Schraffiert: 7 oder mehr", "Wo der Schmerz begann", "Untersuchung erfassen", "Sprache der Dateien"],
        "programme": ["Ein Programm verordnen", "Aktuelles Programm", "Übungen", "Startdatum", "Erledigte Einheiten"],
        "entries": ["Tagebucheinträge", "Das letzte Jahr, neueste zuerst.", "Rechts, Stärke 9",
                    "Warnzeichen: Donnerschlagartiger Beginn", "Kein Kopfschmerz"],
        "weekday": "Mo",
        "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    },
}  # fmt: skip
ENGLISH = {
    "patients": ["Add a patient", "Share code", "headache days per 30", "Last entry", r"logged \d+ of",
                 "Figures cover"],
    "summary": ["Pre-visit summary", "Key figures", r"\bCalendar\b", "Level:", r"\bSignals\b", "Decision support",
                "Download", "Record an examination", "Examination records", r"\bPatterns\b", "Acute medication days",
                "Number: worst severity", "Hatched", "Mark reviewed", "Open red flags", "Where the pain began",
                r"\bMon\b", r"\bTue\b", r"\bepisodes\b", "days observed"],
    "programme": ["Prescribe a programme", "Current programme", r"\bExercises\b", "Start date", "Review date",
                  "Sessions done", r"\bWeek\b", r"\bMon\b", "Back to the summary"],
    "entries": ["Diary entries", "The last year", r"\bseverity\b", "No headache", r"\bbegan:", "Red flag:",
                "Back to the summary", r"\bmin, ongoing"],
}  # fmt: skip


@pytest.fixture
def demo_patient(transactional_db):
    """The demo diary, with an open thunderclap red flag and a programme three weeks old."""
    from diary.demo import load_demo
    from diary.services.entries import entry_upsert
    from diary.services.exercises import programme_prescribe
    from diary.timezones import local_today

    patient, demo_clinician = load_demo()
    today = local_today(patient)
    programme_prescribe(
        clinician=demo_clinician, patient=patient, title="Neck", exercises=[{"code": "craniocervical_flexion"}],
        times=["08:00"], weekdays=[0, 2, 4], start_date=today - dt.timedelta(days=21),
    )  # fmt: skip
    entry_upsert(
        patient=patient, entry_id=uuid.uuid4(), date=today - dt.timedelta(days=2), headache=True, side="right",
        severity=9, started_at=dt.time(14, 5), red_flags=["thunderclap"],
    )  # fmt: skip
    return patient


def clinician_in(lang: str, patient: User) -> User:
    """French: the account's own language, in an English browser. German: no account
    language, a German browser."""
    clinician = User.objects.create_user(
        f"clinician-{lang}-{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.CLINICIAN,
        timezone="Europe/Berlin", language="fr" if lang == "fr" else "",
    )  # fmt: skip
    Grant.objects.create(patient=patient, clinician=clinician)
    return clinician


def open_screen(page, hash_, lang):
    page.evaluate("document.querySelectorAll('main > *').forEach((el) => el.setAttribute('data-old-screen', ''))")
    page.goto(f"/#/{hash_}")
    expect(page.locator("main > [data-old-screen]")).to_have_count(0)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .loading")).to_have_count(0)
    assert page.evaluate("document.documentElement.lang") == lang


def read(page, screen, lang):
    """The screen's words: the expected ones there, the English ones gone; then a look at
    both sizes, and at the phone's nothing wider than the screen."""
    text = page.locator("main").inner_text()
    for words in EXPECTED[lang][screen]:
        assert words.replace("’", "'") in text.replace("’", "'"), (screen, words)
    left = [english for english in ENGLISH[screen] if re.search(english, text)]
    assert left == [], f"English left on the {screen} screen: {left}"
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=f"/tmp/i18n-clinician-{lang}-{screen}-{name}.png", full_page=True)
        if name == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the {screen} screen is {width}px wide on a 390px phone"
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_clinician_reads_every_screen_in_their_language(browser, app_url, recorder, demo_patient, lang):
    clinician = clinician_in(lang, demo_patient)
    context = browser.new_context(
        base_url=app_url, viewport=DESKTOP, locale="en-GB" if lang == "fr" else "de-DE", timezone_id="Europe/Berlin"
    )
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    recorder.watch(page)
    # The log-in screen is named by its fields, whatever its language.
    page.goto("/#/login")
    page.locator("main input[type=email]").fill(clinician.email)
    page.locator("main input[type=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("#nav")).to_be_visible()
    page.reload()  # the account's language, from /me/, at the next start
    wait_in_page(page, f"document.documentElement.lang === '{lang}'")

    open_screen(page, "patients", lang)
    expect(page.locator("main").get_by_role("link", name=demo_patient.email)).to_be_visible()
    read(page, "patients", lang)

    open_screen(page, f"patients/{demo_patient.pk}", lang)
    expect(page.locator("main .heatmap").first).to_be_visible()
    # The calendar's month and weekdays in the language of the page, not the browser's.
    assert page.locator("main .heatmap .dow").first.inner_text() == EXPECTED[lang]["weekday"]
    for month in page.locator("main .month h3").all_inner_texts():
        assert month.split()[0] in EXPECTED[lang]["months"].split(), month
    # The files come in the reader's language unless another is chosen.
    download = page.locator("main a[href*='format=pdf']").first
    assert f"lang={lang}" in download.get_attribute("href")
    page.locator("main select[name=lang]").select_option("it")
    assert "lang=it" in page.locator("main a[href*='format=pdf']").first.get_attribute("href")
    read(page, "summary", lang)

    open_screen(page, f"patients/{demo_patient.pk}/programme", lang)
    days = page.get_by_role("group").filter(has=page.locator("button[data-value='0']"))
    expect(days.locator("button[data-value='0']")).to_have_text(EXPECTED[lang]["weekday"])
    read(page, "programme", lang)

    open_screen(page, f"patients/{demo_patient.pk}/entries", lang)
    read(page, "entries", lang)

    assert_page_healthy(page, recorder)
    context.close()
