"""The patient's screens in German (issue 25): Insights, Sharing & account (with the
profile's health questions), Password and sessions, Import, Reminders, and the records a
clinician corrected, with the clinician's correction form. Each opens in a German
browser (locale de-DE, Accept-Language de) for an account whose language is German, and
shows German sentences where the English ones were; none of the screen's known English
labels is left."""

import datetime as dt
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.test import APIClient

from diary.choices import Role
from diary.models import Grant, ReminderDelivery
from tests.factories import PASSWORD, UserFactory
from tests.frontend.browser import axe_violations, describe_violations, wait_in_page
from tests.frontend.conftest import assert_page_healthy, new_context
from tests.imports.helpers import GOLDEN

pytestmark = pytest.mark.browser

# Looked at by a person after each run (issue 25: nothing cut or overflowing at 390x844).
SHOTS = Path("/tmp")


@pytest.fixture
def german(browser, app_url, recorder):
    """Open the app as `user` in a German phone browser; returns the page on `screen`."""
    opened = []

    def open_as(user, screen):
        context = new_context(
            browser, app_url, locale="de-DE", extra_http_headers={"Accept-Language": "de"}, timezone_id="Europe/Berlin"
        )
        page = context.new_page()
        recorder.watch(page)
        opened.append((context, page))
        page.goto("/")
        wait_in_page(page, "document.documentElement.lang === 'de'")  # signed out: the browser's language
        # Signed in through the API (the log-in screen's own words are another screen's).
        status = page.evaluate(
            """async ([email, password]) => {
              const { api, refreshCsrf } = await import("/static/js/api.js");
              await refreshCsrf();
              return (await api("POST", "/api/v1/auth/login/", { email, password })).status;
            }""",
            [user.email, PASSWORD],
        )
        assert status == 200
        page.goto(f"/#/{screen}")
        page.reload()
        wait_in_page(page, "document.documentElement.lang === 'de'")
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("main .loading")).to_have_count(0)
        return page

    yield open_as
    for context, page in opened:
        assert_page_healthy(page, recorder)
        context.close()


def german_patient(**fields):
    return UserFactory(language="de", timezone="Europe/Berlin", **fields)


def assert_english_gone(page, *labels):
    main = page.locator("main")
    for label in labels:
        expect(main.get_by_text(label, exact=False)).to_have_count(0)


def shot(page, name):
    path = SHOTS / f"i18n-patient-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_insights_in_german(german):
    patient = german_patient()
    api = APIClient()
    api.force_login(patient)
    today = timezone.localdate(timezone=ZoneInfo("Europe/Berlin"))
    for days_ago in range(0, 24):
        body = {"date": (today - dt.timedelta(days=days_ago)).isoformat(), "headache": days_ago % 4 == 0}
        if body["headache"]:
            body.update(side="right", severity=5, onset_region="neck", neck_trigger="sustained_posture")
        assert api.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json").status_code == 201

    page = german(patient, "insights")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Einblicke")
    expect(main.get_by_role("heading", name="Kopfschmerztage pro 30 Tage, Monat für Monat")).to_be_visible()
    expect(main.get_by_role("heading", name="Fragen, die Ihre Kopfschmerzen beantwortet haben")).to_be_visible()
    # Counts through the catalogue's plurals, in one German sentence.
    expect(main.get_by_text("6 Kopfschmerzen in den letzten 90 Tagen.").first).to_be_visible()
    expect(main.get_by_text("Dies ist keine Diagnose.", exact=False)).to_be_visible()
    # Month names from the same language as the chart around them.
    month = page.evaluate("new Intl.DateTimeFormat('de', { month: 'short' }).format(new Date())")
    expect(main.locator("svg text", has_text=month).first).to_be_attached()
    assert_english_gone(
        page,
        "Insights",
        "Headache days per 30 days",
        "Questions your headaches answered",
        "This is not a diagnosis",
        "headaches in the last",
        "Which side",
        "What brought them on",
        "logged day",
    )
    shot(page, "insights")


def test_the_insights_closing_line_follows_the_reports_doctor_only(german):
    # Migraine-like attacks helped by triptans: a doctor, never "or physiotherapist".
    patient = german_patient()
    api = APIClient()
    api.force_login(patient)
    today = timezone.localdate(timezone=ZoneInfo("Europe/Berlin"))
    days = list(range(0, 54, 6))
    for i, days_ago in enumerate(days):
        body = {
            "date": (today - dt.timedelta(days=days_ago)).isoformat(),
            "side": "right",
            "severity": 7,
            "quality": "throbbing",
            "onset_region": "temple",
            "neck_trigger": "sustained_posture",
            "symptoms": ["nausea", "photophobia", "phonophobia"],
            "medications": [{"name": "sumatriptan", "kind": "triptan", "relief": "partial" if i < 7 else "none"}]
            if i < 8
            else [],
        }
        assert api.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json").status_code == 201
    for days_ago in set(range(60)) - set(days):
        body = {"date": (today - dt.timedelta(days=days_ago)).isoformat(), "headache": False}
        assert api.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json").status_code == 201
    assert api.get("/api/v1/patterns/").json()["doctor_only"] is True

    page = german(patient, "insights")
    closing = page.locator("main p.hint", has_text="Dies ist keine Diagnose.")
    expect(closing).to_have_text(
        "Dies ist keine Diagnose. Es zeigt Muster in Ihrem Tagebuch, "
        "die Sie mit einer Ärztin oder einem Arzt besprechen können."
    )


def test_sharing_and_account_in_german(german):
    patient = german_patient()
    clinician = UserFactory(role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    reader = APIClient()
    reader.force_login(clinician)
    assert reader.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").status_code == 200

    page = german(patient, "account")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Teilen & Konto")
    expect(main.get_by_role("button", name="Freigabecode erstellen")).to_be_visible()
    expect(main.get_by_role("button", name="Profil speichern")).to_be_visible()
    expect(main.get_by_label("Zeitzone")).to_be_visible()
    # The profile's health questions (profile-questions.js) in German too.
    expect(main.get_by_text("Zu Ihrer Gesundheit (freiwillig)")).to_be_visible()
    expect(main.get_by_text("Hatten Sie jemals Krebs?", exact=False)).to_be_visible()
    # The access log: the clinician's read said as a German sentence.
    read_log = page.get_by_role("region", name="Wer Ihr Tagebuch gelesen hat")
    expect(read_log).to_contain_text("Hat Ihre Zusammenfassung gelesen.")
    expect(
        main.get_by_role("link", name="Herunterladen: Zusammenfassung für Ihre Ärztin oder Ihren Arzt (PDF)")
    ).to_be_visible()
    main.get_by_role("button", name="Freigabecode erstellen").click()
    expect(main.get_by_text("Ihr Freigabecode:")).to_be_visible()
    expect(main.get_by_text("Er gilt einmal, bis", exact=False)).to_be_visible()
    assert_english_gone(
        page,
        "Sharing & account",
        "Share with a clinician",
        "Create a share code",
        "Who read your diary",
        "Save profile",
        "Delete my account",
        "Download your data",
        "About your health",
        "Your share code",
        "read your summary",
    )
    shot(page, "account")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_password_and_sessions_in_german(german):
    page = german(german_patient(), "security")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Passwort und Sitzungen")
    expect(main.get_by_role("heading", name="Zweistufige Anmeldung")).to_be_visible()
    expect(main.get_by_role("heading", name="Wo Sie angemeldet sind")).to_be_visible()
    expect(main.get_by_role("button", name="Überall sonst abmelden")).to_be_visible()
    expect(main.get_by_text("(dieses Gerät)", exact=False)).to_be_visible()
    expect(main.get_by_text("Zuletzt genutzt:", exact=False)).to_be_visible()
    assert_english_gone(
        page,
        "Password and sessions",
        "Two-step sign-in",
        "Where you are signed in",
        "Change your password",
        "Sign out everywhere else",
        "this device",
        "Last used",
    )
    shot(page, "security")


def test_import_in_german(german):
    page = german(german_patient(), "import")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Ein Tagebuch importieren")
    expect(main.get_by_role("button", name="Datei prüfen")).to_be_visible()
    expect(main.get_by_label("Woher sie stammt")).to_contain_text("Aus der Datei erkennen")
    main.get_by_label("Ihre Tagebuchdatei").set_input_files(str(GOLDEN / "migraine_buddy.csv"))
    main.get_by_role("button", name="Datei prüfen").click()
    # The dry run in German; the reasons per row are the server's (already translated).
    expect(main.get_by_text("6 hinzuzufügen, 0 zusammenzuführen, 0 zu überspringen, 2 nicht lesbar.")).to_be_visible()
    table = main.get_by_role("table", name="Zeilen, die nicht einfach hinzugefügt werden")
    expect(table.get_by_role("columnheader")).to_have_text(["Zeile", "Datum", "Was geschieht", "Warum"])
    expect(main.get_by_role("button", name="Importieren", exact=True)).to_be_visible()
    assert_english_gone(
        page,
        "Import a diary",
        "Check the file",
        "Where it comes from",
        "What will happen",
        "to add",
        "Rows that will not",
    )
    shot(page, "import")


def test_reminders_in_german(german):
    patient = german_patient()
    now = timezone.now()
    ReminderDelivery.objects.create(
        patient=patient,
        kind="posture",
        slot_at=now - dt.timedelta(hours=1),
        title="Haltung prüfen",
        body="Schultern locker lassen.",
        sent_at=now - dt.timedelta(hours=1),
    )
    page = german(patient, "reminders")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Erinnerungen")
    expect(main.get_by_role("heading", name="Haltungserinnerungen")).to_be_visible()
    expect(main.get_by_role("button", name="Erinnerungen speichern")).to_be_visible()
    # Weekdays named by the language: Monday is "Mo".
    expect(main.get_by_role("group", name="An diesen Tagen").get_by_text("Mo", exact=True)).to_be_visible()
    item = main.get_by_role("listitem").filter(has_text="Haltung prüfen")
    # When it came, in German with a 24-hour clock, and how.
    sent = page.evaluate(
        "new Intl.DateTimeFormat('de', {weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'})"
        f".format(new Date({int((now - dt.timedelta(hours=1)).timestamp() * 1000)}))"
    )
    expect(item).to_contain_text(f"{sent} · auch als Benachrichtigung gesendet")
    expect(item.locator(".badge")).to_have_text("Haltung")
    expect(item.get_by_role("button", name="Erledigt")).to_be_visible()
    assert_english_gone(
        page,
        "Reminders",
        "Posture reminders",
        "Save reminder settings",
        "Inbox",
        "also sent as a notification",
        "Enable push notifications",
        "Quiet hours",
    )
    shot(page, "reminders")


def test_a_clinicians_correction_in_german_on_both_sides(german):
    patient = german_patient()
    clinician = UserFactory(role=Role.CLINICIAN, language="de", timezone="Europe/Berlin")
    Grant.objects.create(patient=patient, clinician=clinician)
    api = APIClient()
    api.force_login(clinician)
    base = f"/api/v1/clinician/patients/{patient.pk}"
    body = {"kind": "physiotherapy", "at": "2026-11-10T10:00:00Z", "title": "Physio"}
    event = api.post(f"{base}/timeline/", body, format="json").json()["id"]
    assert api.patch(f"{base}/records/event/{event}/", {"title": "Physiotherapie"}, format="json").status_code == 200
    assert api.post(f"{base}/exams/", {"date": "2026-11-20", "frt_left_deg": 30}, format="json").status_code == 201

    # The patient reads what the clinician corrected (records.js).
    page = german(patient, "treatments")
    history = page.locator("main .records-history")
    expect(history.get_by_role("heading")).to_have_text("Änderungen an den Einträgen Ihrer Behandelnden")
    expect(history).to_contain_text(f"{clinician.email} hat den Eintrag im Verlauf korrigiert")
    expect(history).to_contain_text("Geändert: title (war Physio)")
    expect(page.locator("main").get_by_role("button", name="Ausblenden").first).to_be_visible()
    for english in ("corrected the timeline entry", "Changed:", "Changes to your clinicians"):
        expect(history.get_by_text(english, exact=False)).to_have_count(0)
    shot(page, "records")

    # The clinician corrects the exam in German (record-correct.js).
    page = german(clinician, f"patients/{patient.pk}")
    page.locator("main .record-correct > button").first.click()
    form = page.get_by_role("form", name="Diesen Eintrag korrigieren")
    expect(form.get_by_label("FRT links (Grad)")).to_be_visible()
    expect(form.get_by_label("Grund (optional)")).to_be_visible()
    expect(page.locator("main").get_by_role("button", name="Zurückziehen").first).to_be_visible()
    # (The clinician's own exam form beside it is clinician.js's: only the correction form is asked.)
    for english in ("Save correction", "FRT left (degrees)", "Reason (optional)", "Correct this record", "Cancel"):
        expect(form.get_by_text(english, exact=False)).to_have_count(0)
    form.get_by_label("FRT links (Grad)").fill("36")
    form.get_by_role("button", name="Korrektur speichern").click()
    expect(page.locator("#announcer")).to_contain_text("Korrigiert: FRT links (Grad)")
