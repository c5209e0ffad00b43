"""Every screen in the pseudo-language (issue 25): every text a person reads goes through
the catalogues, so none is left in plain English.

The pseudo-language (config/translations.py) wraps and lengthens every English text by
40%: "Save entry" becomes "⟦Šàvé éñţŕý····⟧". Its catalogues are generated here from the
msgids (the server's django.mo, the PWA's catalogue, the exercise library's and the
questionnaires' words), so a text that bypasses gettext or t(), or whose msgid the
catalogues do not hold, shows unwrapped. The app never lists the language: the server
speaks it only while this module's settings say so, the PWA only when the test puts its
catalogue in the page (frontend/js/i18n.js, NECKLINE_PSEUDO).

What is not the app's text is left out, and nothing else: the people's own data (their
email addresses, the patient's timezone; the demo's notes and medicines are written in
the reader's language by diary/demo.py), numbers, and the words Intl puts in dates,
times and lists (a
pseudo-language has no locale of its own: Intl gives the browser's). Text marked as not
to be translated (translate="no": the brand) or as in another language (lang="de": a
language named in itself) is that, by the page's own word."""

import datetime as dt
import json
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.test import APIClient

from config.translations import PSEUDO_LANGUAGE, compile_pseudo, pseudo, pseudo_words, server_catalogue_sources
from diary.demo import load_demo
from diary.exercises import library
from diary.models import QuestionnaireResponse
from diary.questionnaires.instruments import instruments
from tests.clinicians.test_access_log_writes import BLOCK
from tests.frontend.browser import ARTIFACTS, go, wait_in_page
from tests.frontend.conftest import new_context

pytestmark = pytest.mark.browser

# Every visible text node, option, and aria-label / placeholder / title / alt, per block
# (a message split around an element, "⟦Ţàp " <button> " ţö šàvé⟧", is read across its
# nodes); what stands outside ⟦…⟧ and is neither the people's data, a number nor Intl's
# word for a date, a time or a list.
UNWRAPPED = r"""async (userData) => {
  const i18n = await import("/static/js/i18n.js");
  const intl = new Set();
  const words = (text) => (text.match(/\p{L}+/gu) || []).map((w) => w.toLowerCase());
  const add = (text) => words(text).forEach((w) => intl.add(w));
  for (let month = 0; month < 12; month++) {
    for (const width of ["long", "short", "narrow"]) add(i18n.formatDate(new Date(2026, month, 15), { month: width }));
    add(i18n.formatDate(new Date(2026, month, 15), { day: "numeric", month: "long", year: "numeric" }));
  }
  for (const width of ["long", "short", "narrow"]) i18n.weekdayNames(width).forEach(add);
  for (const hour of [0, 9, 12, 21]) add(i18n.formatTime(new Date(2026, 0, 1, hour, 5)));
  for (const type of ["conjunction", "disjunction", "unit"]) {
    for (const style of ["long", "short", "narrow"]) add(i18n.formatList(["1", "2", "3"], { type, style }));
  }
  const lang = document.documentElement.lang;
  const outside = (text, depth = 0) => {
    let out = "";
    for (const ch of text) {
      if (ch === "⟦") depth += 1;
      else if (ch === "⟧") depth = Math.max(0, depth - 1);
      else if (depth === 0) out += ch;
    }
    return { out, depth };
  };
  const offending = (text) => {
    let rest = text;
    for (const datum of userData) rest = rest.split(datum).join(" ");
    return words(rest).filter((w) => !intl.has(w));
  };
  const exempt = (el) => el.closest("script, style, noscript, template, [translate='no']")
    || (el.closest("[lang]")?.getAttribute("lang") || lang) !== lang;
  const shown = (el) => {
    const target = el.closest("select") || el;
    return target.checkVisibility({ visibilityProperty: true });
  };
  const blockOf = (el) => {
    while (el.parentElement && getComputedStyle(el).display.startsWith("inline")) el = el.parentElement;
    return el;
  };
  const byBlock = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let block = null, depth = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || exempt(el)) continue;
    const here = blockOf(el);
    if (here !== block) { block = here; depth = 0; }
    const read = outside(node.data, depth);
    depth = read.depth;
    if (!shown(el)) continue;
    const bad = offending(read.out);
    if (bad.length) byBlock.set(here, [...(byBlock.get(here) || []), ...bad]);
  }
  const found = [...byBlock].map(([el, bad]) => ({ text: (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 160), words: bad.join(" ") }));
  const ATTRIBUTES = ["aria-label", "aria-description", "placeholder", "title", "alt"];
  for (const el of document.body.querySelectorAll(ATTRIBUTES.map((a) => `[${a}]`).join(", "))) {
    if (exempt(el) || !(shown(el) || el.matches("nav, main, [role=region], section"))) continue;
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (!value) continue;
      const bad = offending(outside(value).out);
      if (bad.length) found.push({ text: `${el.tagName.toLowerCase()}[${name}="${value.slice(0, 120)}"]`, words: bad.join(" ") });
    }
  }
  return found;
}"""

OPEN_EVERYTHING = "document.querySelectorAll('main details, nav details').forEach((d) => { d.open = true; })"


@pytest.fixture
def pseudo_language(settings, monkeypatch, tmp_path):
    """The server speaks the pseudo-language while the test runs; returns the PWA's catalogue."""
    catalogue = compile_pseudo(tmp_path, server_catalogue_sources())
    settings.LANGUAGES = [*django_settings.LANGUAGES, (PSEUDO_LANGUAGE, pseudo("Pseudo"))]
    settings.LOCALE_PATHS = [tmp_path, *django_settings.LOCALE_PATHS]
    # The exercise library's words and the questionnaires' have their own translations: the
    # pseudo-language gets one of each, generated from the English.
    english = library._english_library()
    words = {
        "language": PSEUDO_LANGUAGE,
        "by": "project",
        "programme": pseudo_words({k: library._english_default_programme()[k] for k in ("title", "general_advice")}),
        "exercises": {
            code: pseudo_words(
                {
                    **{name: getattr(exercise, name) for name in library.TEXT_FIELDS},
                    "steps": list(exercise.steps),
                    "stages": [{k: s[k] for k in ("title", "instructions") if k in s} for s in exercise.stages],
                }
            )
            for code, exercise in english.items()
        },
    }
    real = library.translation
    monkeypatch.setattr(
        library, "translation", lambda language: words if language == PSEUDO_LANGUAGE else real(language)
    )
    library._library_in.cache_clear()
    for instrument in instruments().values():
        monkeypatch.setitem(instrument.translations, PSEUDO_LANGUAGE, pseudo_instrument(instrument))
    yield catalogue
    library._library_in.cache_clear()


def pseudo_instrument(instrument) -> dict:
    items = {}
    for item in instrument.questionnaire["item"]:
        options = {o["valueCoding"]["code"]: pseudo(o["valueCoding"]["display"]) for o in item.get("answerOption", [])}
        items[item["linkId"]] = {"text": pseudo(item.get("text", "")), **({"options": options} if options else {})}
    return {
        "by": "project" if instrument.own_rating else "owner",
        "source": "pseudo",
        "title": pseudo(instrument.title),
        "items": items,
        "bands": [pseudo(band["label"]) for band in instrument.scoring.get("bands", [])],
    }


def signed_in(browser, app_url, user, catalogue):
    """A phone whose app is signed in as `user` (a session made on the server: the login
    screen's words are not what is checked here), with the pseudo-language's catalogue."""
    client = Client()
    client.force_login(user)
    context = new_context(browser, app_url)
    context.add_init_script(f"window.NECKLINE_PSEUDO = {json.dumps(catalogue, ensure_ascii=False)};")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": app_url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    wait_in_page(page, f"document.documentElement.lang === '{PSEUDO_LANGUAGE}'")
    expect(page.locator("#nav")).to_be_visible()
    return context, page, errors


def demo_in_pseudo(app_url):
    """The demo patient and clinician, both reading the pseudo-language, with a block, a
    programme, a corrected timeline entry and a scored questionnaire beside the diary."""
    patient, clinician = load_demo(language=PSEUDO_LANGUAGE)
    for person in (patient, clinician):
        person.language = PSEUDO_LANGUAGE
        person.save(update_fields=["language"])
    api = APIClient()
    api.force_login(clinician)
    base = f"/api/v1/clinician/patients/{patient.pk}"
    today = timezone.localdate()
    block = {**BLOCK, "performed_at": (timezone.now() - dt.timedelta(days=3)).isoformat()}
    assert api.post(f"{base}/procedures/", block, format="json").status_code == 201
    programme = {
        "title": pseudo("Neck programme"),
        "exercises": [{"code": "chin_tuck_sitting"}],
        "times": ["08:00"],
        "weekdays": [0, 1, 2, 3, 4, 5, 6],
        "start_date": (today - dt.timedelta(days=10)).isoformat(),
    }
    assert api.post(f"{base}/programmes/", programme, format="json").status_code == 201
    event = {
        "kind": "physiotherapy",
        "at": (timezone.now() - dt.timedelta(days=20)).isoformat(),
        "title": pseudo("Physio"),
    }
    created = api.post(f"{base}/timeline/", event, format="json")
    assert created.status_code == 201
    corrected = api.patch(
        f"{base}/records/event/{created.json()['id']}/", {"title": pseudo("Physio, 6")}, format="json"
    )
    assert corrected.status_code == 200
    pgic = instruments()["pgic"]
    QuestionnaireResponse.objects.create(
        id=uuid.uuid4(), patient=patient, instrument="pgic", instrument_version=pgic.version,
        authored_at=timezone.now() - dt.timedelta(days=2), items=[], score=4.0,
        band=pgic.scoring["bands"][1]["label"],
    )  # fmt: skip
    return patient, clinician


def people(patient, clinician) -> list[str]:
    """The people's own data the screens show: their email addresses and the patient's timezone."""
    return [patient.email, clinician.email, patient.timezone]


PATIENT_SCREENS = [
    "log",
    "history",
    "insights",
    "treatments",  # the records' history (corrected, hidden) is on it
    "exercises",
    "exercises/session",
    "exercises/questionnaire/pgic",
    "exercises/questionnaire/neck_rating",
    "reminders",
    "account",
    "security",
    "import",
]


def read_screens(page, screens, user_data) -> dict:
    """{screen: [{text, words}]}: each screen's texts outside the pseudo-language, read with
    every disclosure and every panel that opens on a tap open."""
    found = {}
    for screen in screens:
        go(page, screen)
        page.wait_for_load_state("networkidle")
        for button in page.locator("main button[aria-expanded='false']").all():
            if button.is_visible():
                button.click()
        page.wait_for_load_state("networkidle")
        page.evaluate(OPEN_EVERYTHING)
        name = screen.split("?")[0]
        page.screenshot(path=ARTIFACTS / f"pseudo-{name.replace('/', '-')}.png", full_page=True)
        unwrapped = page.evaluate(UNWRAPPED, user_data)
        if unwrapped:
            found[name] = unwrapped
    return found


SHOWN = 80  # texts listed per screen (a list of 400 time zones says what its first lines say)


def report(found: dict, screens: int) -> str:
    """The findings by screen, what every screen shows (the nav) said once."""
    texts = [{item["text"] for item in items} for items in found.values()]
    everywhere = set.intersection(*texts) if len(texts) == screens else set()
    lines = [f"  on every screen: {sorted(everywhere)}"] if everywhere else []
    for screen, items in found.items():
        rest = [item for item in items if item["text"] not in everywhere]
        lines.append(f"  #/{screen}: {len(rest)} more")
        lines += [f"      {item['text']!r}  (plain: {item['words']})" for item in rest[:SHOWN]]
        lines += [f"      ... and {len(rest) - SHOWN} more"] if len(rest) > SHOWN else []
    return "\n".join(lines)


def test_every_patient_screen_is_in_the_pseudo_language(browser, app_url, pseudo_language):
    patient, clinician = demo_in_pseudo(app_url)
    context, page, errors = signed_in(browser, app_url, patient, pseudo_language)
    found = read_screens(page, PATIENT_SCREENS, people(patient, clinician))
    context.close()
    assert not errors, errors
    assert not found, "texts a person reads outside the pseudo-language:\n" + report(found, len(PATIENT_SCREENS))


def test_every_clinician_screen_is_in_the_pseudo_language(browser, app_url, pseudo_language):
    patient, clinician = demo_in_pseudo(app_url)
    context, page, errors = signed_in(browser, app_url, clinician, pseudo_language)
    # The list, the pre-visit summary with its panels and charts, the diary, the programme.
    screens = ["patients", f"patients/{patient.pk}", f"patients/{patient.pk}/entries",
               f"patients/{patient.pk}/programme", "account", "security"]  # fmt: skip
    found = read_screens(page, screens, people(patient, clinician))
    context.close()
    found = {screen.replace(str(patient.pk), "<id>"): items for screen, items in found.items()}
    assert not errors, errors
    assert not found, "texts a person reads outside the pseudo-language:\n" + report(found, len(screens))


def test_the_signed_out_screens_are_in_the_pseudo_language(browser, app_url, pseudo_language):
    context = new_context(browser, app_url)
    # Signed out, the app speaks the language remembered from the last visit.
    context.add_init_script(
        f"window.NECKLINE_PSEUDO = {json.dumps(pseudo_language, ensure_ascii=False)};"
        f"localStorage.setItem('neckline-language', '{PSEUDO_LANGUAGE}');"
    )
    page = context.new_page()
    page.goto("/")
    wait_in_page(page, f"document.documentElement.lang === '{PSEUDO_LANGUAGE}'")
    screens = ["login", "register", "forgot"]
    found = read_screens(page, screens, [])
    context.close()
    assert not found, "texts a person reads outside the pseudo-language:\n" + report(found, len(screens))


def test_the_log_screen_fits_a_phone_in_the_pseudo_language(browser, app_url, pseudo_language):
    """Nothing scrolls sideways with every word 40% longer. Whether the whole form, its Save
    button and every word inside its button stand on the first screen is asserted in the real
    languages, German the longest (tests/frontend/test_screens_in_language.py): the
    pseudo-language's padding makes words longer than any of theirs, and would only measure
    the padding."""
    patient, _clinician = demo_in_pseudo(app_url)
    context, page, _errors = signed_in(browser, app_url, patient, pseudo_language)
    go(page, "log")
    expect(page.locator("main .quick fieldset").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "pseudo-log-fits.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the Log screen scrolls sideways"
    context.close()


def test_the_check_finds_a_plain_english_text_and_passes_wrapped_ones(browser, app_url, pseudo_language):
    """The check itself: the shell's texts (from the catalogue) pass; a text put on the
    screen without t() is found, with its screen's other words."""
    patient, _clinician = demo_in_pseudo(app_url)
    context, page, _errors = signed_in(browser, app_url, patient, pseudo_language)
    go(page, "log")
    expect(page.locator(".skip")).to_have_text(pseudo("Skip to content"))
    shell = page.evaluate(UNWRAPPED.replace("document.body", "document.querySelector('header')"), [])
    assert shell == []
    page.evaluate(
        """(email) => {
          const p = document.createElement("p");
          p.append("⟦Ŵŕàþþéđ·····⟧ ", Object.assign(document.createElement("b"), { textContent: "Save entry" }),
                   " on 6 December 2026, 12:30, 2.5 · " + email);
          p.id = "planted";
          document.querySelector("main h1").after(p);
          const input = Object.assign(document.createElement("input"), { placeholder: "Search notes" });
          document.querySelector("main h1").after(input);
        }""",
        patient.email,
    )
    found = page.evaluate(UNWRAPPED, [patient.email])
    context.close()
    # The wrapped words, the date, the time, the number and the email pass; the rest is found.
    assert {
        "text": f"⟦Ŵŕàþþéđ·····⟧ Save entry on 6 December 2026, 12:30, 2.5 · {patient.email}",
        "words": "save entry on",
    } in found
    assert {"text": 'input[placeholder="Search notes"]', "words": "search notes"} in found
