"""The PWA in a German, French, Italian and Spanish browser (issue 25): <html lang> and the
shell's texts from the catalogue, plurals chosen by the language's own rules, and dates,
times, numbers and lists from Intl in the same language as the sentence (24-hour clock
where the locale uses one); the account's own language before the browser's; and the
language kept when the app opens offline."""

import pytest
from playwright.sync_api import expect

from diary.models import User
from tests.frontend.browser import ARTIFACTS, PASSWORD, unique_email, wait_for_service_worker, wait_in_page
from tests.frontend.conftest import CSP_LISTENER, PHONE

pytestmark = pytest.mark.browser

# Sunday 6 December 2026, 06:04 local time.
MOMENT = "new Date(2026, 11, 6, 6, 4)"
EXPECTED = {
    "de": {"skip": "Zum Inhalt springen", "date": "Sonntag, 6. Dezember", "time": "06:04", "number": "2,5",
           "list": "Nacken, Schläfe und Stirn", "zero": "0 gespeicherte Einträge synchronisiert.",
           "one": "1 gespeicherter Eintrag synchronisiert.", "monday": "Mo"},
    "fr": {"skip": "Aller au contenu", "date": "dimanche 6 décembre", "time": "06:04", "number": "2,5",
           "list": "Nacken, Schläfe et Stirn", "zero": "0 entrée enregistrée synchronisée.",
           "one": "1 entrée enregistrée synchronisée.", "monday": "lun."},
    "it": {"skip": "Vai al contenuto", "date": "domenica 6 dicembre", "time": "06:04", "number": "2,5",
           "list": "Nacken, Schläfe e Stirn", "zero": "0 voci salvate sincronizzate.",
           "one": "1 voce salvata sincronizzata.", "monday": "lun"},
    "es": {"skip": "Saltar al contenido", "date": "domingo, 6 de diciembre", "time": "06:04", "number": "2,5",
           "list": "Nacken, Schläfe y Stirn", "zero": "0 registros guardados sincronizados.",
           "one": "1 registro guardado sincronizado.", "monday": "lun"},
}  # fmt: skip
HELPERS = f"""async () => {{
  const i18n = await import("/static/js/i18n.js");
  return {{
    lang: document.documentElement.lang,
    skip: document.querySelector(".skip").textContent,
    date: i18n.formatDate({MOMENT}),
    time: i18n.formatTime({MOMENT}),
    number: i18n.formatNumber(2.5),
    list: i18n.formatList(["Nacken", "Schläfe", "Stirn"]),
    clock: i18n.formatTime({MOMENT}),
    zero: i18n.nt("{{n}} saved entry synced.", "{{n}} saved entries synced.", 0),
    one: i18n.nt("{{n}} saved entry synced.", "{{n}} saved entries synced.", 1),
    monday: i18n.weekdayNames()[0],
  }};
}}"""


def browser_in(browser, app_url, locale):
    context = browser.new_context(
        base_url=app_url, viewport=PHONE, locale=locale, timezone_id="Europe/Berlin", service_workers="allow"
    )
    context.add_init_script(CSP_LISTENER)
    return context


def open_app(page, lang):
    page.goto("/")
    wait_in_page(page, f"document.documentElement.lang === '{lang}'")


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_a_browser_in_the_language_gets_the_app_and_its_dates_in_it(browser, app_url, lang):
    context = browser_in(browser, app_url, f"{lang}-{lang.upper()}")
    page = context.new_page()
    open_app(page, lang)
    found = page.evaluate(HELPERS)
    found.pop("clock")
    assert found == {"lang": lang, **EXPECTED[lang]}
    page.screenshot(path=ARTIFACTS / f"language-{lang}.png")
    context.close()


def test_english_and_unknown_browsers_get_english_with_a_12_hour_clock_in_english(browser, app_url):
    context = browser_in(browser, app_url, "ja-JP")
    page = context.new_page()
    open_app(page, "en")
    found = page.evaluate(HELPERS)
    assert (found["lang"], found["skip"], found["one"], found["zero"]) == (
        "en",
        "Skip to content",
        "1 saved entry synced.",
        "0 saved entries synced.",
    )
    assert found["clock"].replace("\u202f", " ") == "6:04 AM"  # English keeps its 12-hour clock
    context.close()


def test_the_accounts_language_comes_first_and_stays_offline(browser, app_url):
    context = browser_in(browser, app_url, "de-DE")
    page = context.new_page()
    email = unique_email()
    User.objects.create_user(email, PASSWORD, language="it", timezone="Europe/Rome")
    open_app(page, "de")  # signed out: the browser's language, the login screen too
    page.goto("/#/login")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#nav")).to_be_visible()
    page.reload()
    wait_in_page(page, "document.documentElement.lang === 'it'")
    expect(page.get_by_role("navigation", name="Principale")).to_be_visible()
    # The service worker has the app and its catalogue: offline, the app opens in Italian.
    wait_for_service_worker(page)
    context.set_offline(True)
    page.reload()
    wait_in_page(page, "document.documentElement.lang === 'it'")
    expect(page.locator(".skip")).to_have_text("Vai al contenuto")
    page.screenshot(path=ARTIFACTS / "language-offline-it.png")
    context.close()


def test_the_patient_chooses_a_language_on_the_account_screen(browser, app_url):
    context = browser_in(browser, app_url, "en-GB")
    page = context.new_page()
    email = unique_email()
    User.objects.create_user(email, PASSWORD, timezone="Europe/Berlin")
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#nav")).to_be_visible()
    page.goto("/#/account")
    page.get_by_label("Language").select_option(label="Deutsch")
    page.get_by_role("button", name="Save profile").click()
    # The app reloads in the chosen language, and the account keeps it for the server's texts.
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".skip")).to_have_text("Zum Inhalt springen")
    # The Account screen itself now speaks German: its language question is "Sprache".
    expect(page.get_by_label("Sprache")).to_have_value("de")
    assert User.objects.get(email=email).language == "de"
    page.screenshot(path=ARTIFACTS / "language-chosen-de.png")
    context.close()
