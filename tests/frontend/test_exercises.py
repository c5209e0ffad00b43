"""A home exercise programme from prescription to adherence, on a phone: the clinician
prescribes, the patient's phone is reminded through a local push service, the session is
done offline and sent once when the connection returns, and the clinician sees it."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from diary.choices import Role
from diary.models import ExerciseSession, Grant, ReminderDelivery, User
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.frontend.browser import (
    axe_violations,
    describe_violations,
    go,
    register,
    screenshot,
    wait_for_service_worker,
)
from tests.frontend.test_reminders import PUSH_STUB, push_service  # noqa: F401 - the local push service fixture
from tests.workers import wait_for

pytestmark = pytest.mark.browser


def prescribe_for(patient: User) -> tuple[dict, object]:
    clinician = UserFactory(email="physio@example.test", role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    api = logged_in(clinician)
    soon = (timezone.now() + dt.timedelta(hours=1)).astimezone(ZoneInfo(patient.timezone))
    response = api.post(
        f"/api/v1/clinician/patients/{patient.pk}/programmes/",
        {
            "title": "Deep neck flexors and posture",
            "exercises": [
                {"code": "craniocervical_flexion", "hold_seconds": 3},
                {"code": "scapular_setting"},
                {"code": "upper_trapezius_stretch"},
            ],
            "times": [soon.strftime("%H:%M")],
            "weekdays": list(range(7)),
            "start_date": timezone.now().astimezone(ZoneInfo(patient.timezone)).date().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json(), api


def test_prescribed_reminded_done_offline_and_seen_by_the_clinician(page, context, push_service):  # noqa: F811
    subscription = push_service.subscribe()
    context.add_init_script(PUSH_STUB % json.dumps(subscription.as_json()))
    email = register(page)
    wait_for_service_worker(page)
    go(page, "reminders")
    page.get_by_role("button", name="Enable push notifications").click()
    expect(page.get_by_role("status").filter(has_text="Push notifications are on for this device.")).to_be_visible()

    patient = User.objects.get(email=email)
    programme, clinician_api = prescribe_for(patient)

    # The reminder pass at the session's time pushes it through the local push service.
    slot = ReminderDelivery.objects.filter(patient=patient, kind="exercise_session").earliest("slot_at")
    call_command("dispatch_reminders", "--at", slot.slot_at.isoformat(), stdout=io.StringIO())
    assert push_service.errors == []
    [pushed] = push_service.payloads_for(subscription)
    assert (
        pushed["title"] == "Time for your neck exercises"
        and pushed.get("url", "/#/exercises/session") == "/#/exercises/session"
    )

    go(page, "exercises")
    expect(page.get_by_role("heading", name="Deep neck flexors and posture")).to_be_visible()
    screenshot(page, "exercises-programme")
    go(page, "exercises/session")  # read once online: the service worker keeps it for offline use
    context.set_offline(True)
    go(page, "exercises/session")

    expect(page.get_by_role("heading", name="1 of 3: Gentle nod, lying down")).to_be_visible()
    expect(page.get_by_role("img", name="A person lying on their back", exact=False)).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(300)  # let the new colours paint before axe reads them
        violations = axe_violations(page)
        assert not violations, f"{scheme}:\n{describe_violations(violations)}"
    screenshot(page, "exercises-session-dark")
    page.emulate_media(color_scheme="light")
    page.get_by_role("button", name="Start a 3-second hold").click()
    expect(page.get_by_role("button", name="Start another hold")).to_be_visible(timeout=6_000)
    page.get_by_role("button", name="Done").click()

    expect(page.get_by_role("heading", name="2 of 3: Shoulder blade setting")).to_be_focused()
    page.get_by_role("button", name="Stop: it hurts").click()
    page.get_by_role("group", name="How bad is the pain now?", exact=False).get_by_role("button", name="6").click()
    page.get_by_role("button", name="Go on").click()

    expect(page.get_by_role("heading", name="3 of 3: Side of neck stretch")).to_be_focused()
    page.get_by_role("button", name="Skip this one").click()
    # In the screen, not the announcer (which says it too, once its 50 ms have passed).
    expect(page.locator("main").get_by_role("status").filter(has_text="Saved on this phone")).to_be_visible()
    screenshot(page, "exercises-session-saved-offline")
    assert not ExerciseSession.objects.exists()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    session = wait_for(lambda: ExerciseSession.objects.filter(patient=patient).first(), seconds=10)
    assert [(r["code"], r["outcome"], r["pain"]) for r in session.results] == [
        ("craniocervical_flexion", "done", None),
        ("scapular_setting", "stopped_for_pain", 6),
        ("upper_trapezius_stretch", "skipped", None),
    ]
    page.evaluate("window.dispatchEvent(new Event('online'))")  # a second sync sends nothing twice
    page.wait_for_timeout(500)
    assert ExerciseSession.objects.filter(patient=patient).count() == 1

    seen = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/programme/").json()["programme"]
    assert seen["adherence"]["sessions_done"] == 1
    assert seen["adherence"]["stopped_for_pain"][0]["title"] == "Shoulder blade setting"


@pytest.fixture
def clinician_page_for(open_page):
    """A clinician logged in on their own browser, linked to a patient."""
    clinician_page = open_page()
    email = register(clinician_page, clinician=True)
    patient = UserFactory(email="patient-of-physio@example.test", timezone="Europe/Oslo")
    Grant.objects.create(patient=patient, clinician=User.objects.get(email=email))
    return patient, clinician_page


def test_a_clinician_prescribes_from_the_screen_and_moves_an_exercise_on(clinician_page_for):
    patient, clinician_page = clinician_page_for
    go(clinician_page, f"patients/{patient.pk}/programme")
    expect(clinician_page.get_by_text("No home exercise programme.")).to_be_visible()
    form = clinician_page.get_by_role("form", name="Prescribe a programme")
    form.get_by_label("Gentle nod, lying down").check()
    form.get_by_label("Chin tuck, sitting").check()
    form.get_by_role("button", name="Prescribe").click()
    move = clinician_page.get_by_role("button", name="Move Gentle nod, lying down to stage 2")
    expect(move).to_be_visible()
    move.click()
    expect(clinician_page.get_by_role("button", name="Move Gentle nod, lying down to stage 3")).to_be_visible()
    screenshot(clinician_page, "clinician-programme")
    programme = patient.programmes.get()
    assert [(e.code, e.stage) for e in programme.exercises.all()] == [
        ("craniocervical_flexion", 2),
        ("chin_tuck_sitting", None),
    ]
    assert programme.times == ["08:00", "18:00"] and programme.prescribed_by.email.startswith("clinician-")
