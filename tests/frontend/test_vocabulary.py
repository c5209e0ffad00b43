"""One vocabulary: the PWA shows the codes and labels of diary/choices.py, served by
the API, with no copy in JavaScript; the service worker keeps them for offline use."""

import pytest
from django.db import models
from playwright.sync_api import expect

from diary import choices
from tests.frontend.browser import ROOT, register, wait_for_service_worker

pytestmark = pytest.mark.browser


def test_a_code_added_in_python_appears_on_the_log_screen(page, monkeypatch):
    # The same lists as diary/choices.py, each with one more code.
    class NeckTrigger(models.TextChoices):
        MOVEMENT = "movement", "Neck movement"
        CHEWING = "chewing_test", "Chewing gum"

    class Posture(models.TextChoices):
        DESK_SCREEN = "desk_screen", "Desk or screen"
        TUBA = "tuba_test", "Playing the tuba"

    monkeypatch.setattr(choices, "NeckTrigger", NeckTrigger)
    monkeypatch.setattr(choices, "Posture", Posture)
    register(page)
    trigger = page.get_by_role("group", name="What brought it on?")
    expect(trigger.get_by_role("button")).to_have_text(["Neck movement", "Chewing gum"])
    expect(
        page.get_by_role("group", name="What were you doing?").get_by_role("button", name="Playing the tuba")
    ).to_be_visible()
    # No copy anywhere in the app's scripts: the words came from Python.
    assert not [path for path in (ROOT / "frontend").rglob("*.js") if "Chewing gum" in path.read_text()]


def test_the_log_screen_has_its_words_offline_from_the_service_workers_cache(page, context):
    register(page)
    wait_for_service_worker(page)
    page.evaluate("localStorage.removeItem('neckline-vocabulary')")  # only the service worker's copy is left
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    side = page.get_by_role("group", name="Which side?")
    expect(side.get_by_role("button")).to_have_text([str(label) for _, label in choices.Side.choices])
    expect(
        page.get_by_role("group", name="Where did it start?").get_by_role("button", name="Neck", exact=True)
    ).to_be_visible()
