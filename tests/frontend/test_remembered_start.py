"""A returning patient's start (issue 27): the Log screen shows from the account remembered on
the phone, before the server has said who is signed in; the server's word comes behind it, and a
session it refuses ends on the login screen with the remembered account forgotten."""

import json

import pytest
from playwright.sync_api import expect

from diary.models import User
from diary.models.sessions import UserSession
from tests.frontend.browser import register, screenshot, wait_for_service_worker

pytestmark = pytest.mark.browser

ME = "**/api/v1/me/"


def hold_me(context):
    """Answer no /api/v1/me/ request until the test lets them through; returns the held requests."""
    held = []

    def hold(route):
        held.append(route)

    context.route(ME, hold)
    return held


def until_asked(page, held):
    """Until the page (or its service worker) has asked /api/v1/me/ and is waiting for the answer."""
    for _ in range(200):
        if held:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the start never asked the server who is signed in")


def remembered(page):
    return json.loads(page.evaluate("localStorage.getItem('neckline-user')") or "null")


def test_a_returning_patients_log_screen_shows_before_the_server_says_who_is_signed_in(page, context):
    email = register(page)
    wait_for_service_worker(page)
    kept = remembered(page)
    # The account's own settings only: nothing from the diary.
    assert kept["email"] == email and kept["role"] == "patient"
    assert set(kept) <= {
        "id",
        "email",
        "role",
        "timezone",
        "language",
        "requirements",
        "email_verified",
        "emergency_number",
    }

    held = hold_me(context)
    page.reload()
    until_asked(page, held)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log", exact=True)).to_be_visible()
    assert held, "the server's answer is still held back while the screen is usable"
    screenshot(page, "remembered-start-log")

    # The patient can log before the server has answered; the answer, when it comes, changes nothing.
    page.get_by_role("group", name="Which side?").get_by_role("button", name="Left").click()
    for request in held:
        request.continue_()
    context.unroute(ME)
    page.wait_for_timeout(300)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    expect(page.get_by_role("group", name="Which side?").get_by_role("button", name="Left")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert remembered(page)["email"] == email


def test_a_session_ended_on_the_server_ends_on_the_login_screen(page, context):
    email = register(page)
    wait_for_service_worker(page)
    held = hold_me(context)
    page.reload()
    until_asked(page, held)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()

    # Signed out everywhere (a password reset, "log out other devices"): the server now refuses it.
    UserSession.objects.filter(user=User.objects.get(email=email)).delete()
    for request in held:
        request.continue_()
    context.unroute(ME)

    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert remembered(page) is None
    # The next start asks the server again and stays on the login screen.
    page.reload()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    screenshot(page, "remembered-start-refused")
