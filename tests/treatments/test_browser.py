"""In the browser: the post-block question answered from the Log screen in two taps
(and once offline, sent when back online, stored once), and the Treatments screen
reached from Insights, in plain words, with no accessibility findings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diary.choices import Role
from diary.models import Grant, PostBlockRating, User
from diary.services.exercises import programme_start_default
from diary.services.treatments import procedure_record
from tests.factories import UserFactory
from tests.frontend.browser import (
    PASSWORD,
    axe_violations,
    describe_violations,
    go,
    register,
    screenshot,
    unique_email,
    wait_for_service_worker,
)
from tests.frontend.conftest import PHONE, app_url, browser, context, page, recorder  # noqa: F401 - the fixtures
from tests.workers import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def clock():
    """The live server and the browser share the real clock here."""


def block_for(email: str, minutes_ago: int):
    patient = User.objects.get(email=email)
    clinician = UserFactory(role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    return procedure_record(
        patient=patient,
        clinician=clinician,
        kind="medial_branch_block",
        levels=["C2-C3"],
        side="right",
        purpose="diagnostic",
        anaesthetic="lidocaine",
        performed_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_the_post_block_question_is_answered_from_the_log_screen_online_and_offline(page, context):  # noqa: F811
    email = register(page)
    block = block_for(email, minutes_ago=70)

    go(page, f"log?block={block.pk}&slot=baseline")
    card = page.get_by_role("region", name="Block diary: just before your block")
    card.get_by_role("button", name="8", exact=True).click()
    expect(card.get_by_text("Saved. Thank you.")).to_be_visible()

    go(page, "log")  # the latest question due: one hour after, one line on Log, asked on Treatments
    page.get_by_role("link", name="Block diary: a question is waiting (1 hour after your block)").click()
    card = page.get_by_role("region", name="Block diary: 1 hour after your block")
    card.get_by_role("button", name="1", exact=True).click()
    card.get_by_role("button", name="No", exact=True).click()
    wait_for(lambda: PostBlockRating.objects.filter(slot="1h", movement_provokes=False).exists(), seconds=10)
    first_tap = PostBlockRating.objects.get(slot="1h")
    assert first_tap.pain == 1

    go(page, f"log?block={block.pk}&slot=30m")
    card = page.get_by_role("region", name="Block diary: 30 minutes after your block")
    context.set_offline(True)
    card.get_by_role("button", name="2", exact=True).click()
    expect(card.get_by_text("Saved on this phone.")).to_be_visible()
    tapped_before = timezone.now()
    assert not PostBlockRating.objects.filter(slot="30m").exists()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    rating = wait_for(lambda: PostBlockRating.objects.filter(slot="30m").first(), seconds=10)
    assert rating.pain == 2 and rating.answered_at <= tapped_before  # the real time of the tap
    assert PostBlockRating.objects.filter(procedure=block).count() == 3


# The outbox (frontend/js/outbox.js), read and written as the app does.
OUTBOX = """async (work) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("neckline", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("outbox", { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const store = db.transaction("outbox", "readwrite").objectStore("outbox");
  const result = await new Promise((resolve) => {
    const request = work === "read" ? store.getAll() : store.put(work);
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return result;
}"""


def outbox(tab, put=None):
    return tab.evaluate(OUTBOX, put or "read")


def send_when_online(tab):
    tab.evaluate("window.dispatchEvent(new Event('online'))")


def test_an_answer_given_offline_survives_a_reload_and_is_stored_once(page, context):  # noqa: F811
    email = register(page)
    block = block_for(email, minutes_ago=70)
    wait_for_service_worker(page)
    go(page, f"treatments?block={block.pk}&slot=30m")
    context.set_offline(True)
    card = page.get_by_role("region", name="Block diary: 30 minutes after your block")
    card.get_by_role("button", name="3", exact=True).click()
    expect(card.get_by_text("Saved on this phone.")).to_be_visible()
    # In the one outbox every write uses, under its prompt; no queue of its own.
    [waiting] = outbox(page)
    assert waiting["id"] == f"post-block:{block.pk}:30m" and waiting["body"]["pain"] == 3
    assert page.evaluate("localStorage.getItem('neckline-post-block-outbox')") is None

    page.reload()  # offline: the app opens from the service worker, the answer still waits
    expect(page.locator("main h1")).to_be_visible()
    assert [item["id"] for item in outbox(page)] == [waiting["id"]]
    assert not PostBlockRating.objects.filter(procedure=block).exists()

    context.set_offline(False)
    send_when_online(page)
    rating = wait_for(lambda: PostBlockRating.objects.filter(procedure=block, slot="30m").first(), seconds=10)
    assert rating.pain == 3
    wait_for(lambda: outbox(page) == [], seconds=10)

    # Sent again, twice (a retry, the page and the service worker at once): still one answer.
    outbox(page, put={**waiting, "copy": "replay"})
    send_when_online(page)
    send_when_online(page)
    wait_for(lambda: outbox(page) == [], seconds=10)
    assert list(PostBlockRating.objects.filter(procedure=block).values_list("slot", "pain")) == [("30m", 3)]


def test_answers_left_in_the_old_queue_move_to_the_outbox_once(page, context):  # noqa: F811
    email = register(page)
    me = User.objects.get(email=email)
    block = block_for(email, minutes_ago=70)
    answered_at = (timezone.now() - dt.timedelta(minutes=40)).isoformat()
    old = {
        f"{block.pk}:30m": {
            "user": me.pk,
            "block": block.pk,
            "slot": "30m",
            "body": {"pain": 4, "movement_provokes": None, "answered_at": answered_at},
        },
        # Another account's answer (someone logged out offline): never sent as this one's.
        "999:1h": {
            "user": me.pk + 1000,
            "block": 999,
            "slot": "1h",
            "body": {"pain": 6, "movement_provokes": None, "answered_at": answered_at},
        },
    }
    page.evaluate("(old) => localStorage.setItem('neckline-post-block-outbox', JSON.stringify(old))", old)
    page.reload()  # the next start of the app, as after an update
    go(page, f"treatments?block={block.pk}&slot=1h")
    rating = wait_for(lambda: PostBlockRating.objects.filter(procedure=block, slot="30m").first(), seconds=10)
    assert rating.pain == 4 and rating.answered_at.isoformat() == answered_at  # its real time
    kept = page.evaluate("JSON.parse(localStorage.getItem('neckline-post-block-outbox'))")
    assert list(kept) == ["999:1h"]

    page.reload()  # a second start moves nothing twice
    go(page, f"treatments?block={block.pk}&slot=1h")
    assert PostBlockRating.objects.filter(procedure=block).count() == 1


def test_treatments_are_shown_from_insights_in_plain_words(page):  # noqa: F811
    email = register(page)
    block = block_for(email, minutes_ago=24 * 60)
    for slot, pain, minutes in (
        ("baseline", 8, 1),
        ("15m", 0, 15),
        ("30m", 0, 30),
        ("1h", 1, 90),
        ("2h", 7, 120),
        ("3h", 8, 180),
        ("4h", 8, 240),
        ("6h", 8, 360),
    ):
        PostBlockRating.objects.create(
            procedure=block, slot=slot, pain=pain, answered_at=block.event.at + dt.timedelta(minutes=minutes)
        )

    go(page, "insights")
    page.get_by_role("link", name="Treatments and what changed after them").click()
    expect(page.get_by_role("heading", name="Treatments", exact=True)).to_be_visible()
    expect(page.get_by_text("Relief after the block: up to 100%, at least 80% for about 1 h 30 min.")).to_be_visible()
    expect(page.get_by_text("That is about as long as this numbing medicine lasts.")).to_be_visible()
    expect(page.get_by_text("Not enough diary to compare")).to_be_visible()

    page.get_by_role("button", name="Another change").click()
    page.get_by_label("In a few words").fill("New desk setup")
    page.get_by_role("button", name="Add to my timeline").click()
    expect(page.get_by_role("heading", name="New desk setup")).to_be_visible()
    screenshot(page, "treatments")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_a_clinician_records_a_block_from_the_patients_summary(page):  # noqa: F811
    email = register(page, clinician=True)
    clinician = User.objects.get(email=email)
    patient = UserFactory(timezone="Europe/Oslo")
    Grant.objects.create(patient=patient, clinician=clinician)

    go(page, f"patients/{patient.pk}")
    page.get_by_role("button", name="Show procedures and treatments").click()
    panel = page.get_by_role("region", name="Procedures and treatments")
    panel.get_by_label("Cervical level(s)").fill("c2-c3")
    panel.get_by_role("button", name="Record procedure").click()
    expect(panel.get_by_text("Medial branch block C2-C3 right")).to_be_visible()
    procedure = wait_for(lambda: patient.treatment_events.first(), seconds=10).procedure
    assert (procedure.kind, procedure.levels, procedure.anaesthetic, procedure.purpose) == (
        "medial_branch_block",
        ["C2-C3"],
        "lidocaine",
        "diagnostic",
    )
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


LOG_IN = """async ({ email, password }) => {
  const { csrf_token } = await (await fetch("/api/v1/auth/csrf/")).json();
  const response = await fetch("/api/v1/auth/login/", { method: "POST", body: JSON.stringify({ email, password }),
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf_token } });
  return response.status;
}"""


def test_a_german_patient_reads_treatments_and_exercises_in_german(browser, app_url):  # noqa: F811
    german = browser.new_context(
        base_url=app_url, viewport=PHONE, locale="de-DE", timezone_id="Europe/Berlin", service_workers="allow"
    )
    tab = german.new_page()
    email = unique_email()
    patient = User.objects.create_user(email, PASSWORD, timezone="Europe/Berlin")
    block = block_for(email, minutes_ago=24 * 60)
    for slot, pain, minutes in (("baseline", 8, 1), ("15m", 0, 15), ("30m", 0, 30), ("1h", 1, 90), ("2h", 7, 120)):
        PostBlockRating.objects.create(
            procedure=block, slot=slot, pain=pain, answered_at=block.event.at + dt.timedelta(minutes=minutes)
        )
    programme_start_default(patient=patient, times=["08:00", "18:30"])
    tab.goto("/")
    assert tab.evaluate(LOG_IN, {"email": email, "password": PASSWORD}) == 200

    tab.goto("/#/treatments")
    tab.reload()  # signed in now: the app starts again as the patient
    expect(tab.get_by_role("heading", name="Behandlungen", exact=True)).to_be_visible()
    expect(tab.locator("html")).to_have_attribute("lang", "de")
    expect(
        tab.get_by_text("Linderung nach der Blockade: bis zu 100 %, mindestens 80 % für etwa 1 Std. 30 Min.")
    ).to_be_visible()
    expect(tab.get_by_text("Das ist etwa so lange, wie dieses Betäubungsmittel wirkt.")).to_be_visible()
    # The kinds from the vocabulary, the date from Intl, both in German.
    expect(
        tab.get_by_role("group", name="Was hat sich geändert?").get_by_role("button", name="Eine andere Änderung")
    ).to_be_visible()
    when = block.event.at.astimezone(ZoneInfo("Europe/Berlin"))
    weekday = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."][when.weekday()]
    block_item = tab.locator(".timeline li", has=tab.get_by_role("heading", name="Blockade des Ramus medialis"))
    month = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."][
        when.month - 1
    ]
    expect(block_item.locator(".hint").first).to_have_text(
        f"{weekday}, {when.day}. {month} · Eingriff · von Ihrer Behandlerin oder Ihrem Behandler eingetragen"
    )
    tab.screenshot(path="/tmp/one-queue-treatments-de.png", full_page=True)

    tab.goto("/#/exercises")
    expect(tab.get_by_role("heading", name="Übungen", exact=True)).to_be_visible()
    expect(tab.get_by_text("Um 08:00 und 18:30, jeden Tag.")).to_be_visible()
    expect(tab.get_by_role("button", name="Einheit beginnen")).to_be_visible()
    tab.screenshot(path="/tmp/one-queue-exercises-de.png", full_page=True)
    tab.get_by_role("button", name="Einheit beginnen").click()
    expect(tab.get_by_role("heading", name="Übungseinheit")).to_be_visible()
    expect(tab.get_by_role("button", name="Abbrechen: es tut weh")).to_be_visible()
    tab.screenshot(path="/tmp/one-queue-session-de.png", full_page=True)
    german.close()
