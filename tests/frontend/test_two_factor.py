"""Issue 23: two-step sign-in through the screens on a phone: a patient adds an
authenticator app (the QR code and key, a first code, the recovery codes shown once),
then signs in on another phone with the password and a code, and with a recovery code."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.frontend.browser import PASSWORD, axe_violations, describe_violations, go, register, screenshot

pytestmark = pytest.mark.browser


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for this key (a code works once: the next
    sign-in uses the one after)."""
    totp = TOTP(base64.b32decode(secret), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def sign_in_with_code(page, email, code):
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Your account asks for a second step.")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(code)
    return page


def test_a_patient_adds_an_authenticator_and_signs_in_with_its_code(page, open_page):
    email = register(page)
    go(page, "security")
    two_step = page.locator("section.card", has=page.get_by_role("heading", name="Two-step sign-in"))
    two_step.get_by_label("Your password").fill(PASSWORD)
    two_step.get_by_role("button", name="Add an authenticator app").click()
    expect(two_step.get_by_role("img", name="QR code for the authenticator app")).to_be_visible()
    secret = two_step.locator("code.secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    screenshot(page, "two-factor-enrol")
    assert_accessible(page)

    two_step.get_by_label("6-digit code").fill("000000")
    two_step.get_by_role("button", name="Turn on").click()
    expect(two_step.locator(".field-error", has_text="This code does not work")).to_be_visible()
    time.sleep(1.1)  # django-otp makes a device wait a second after a wrong code
    two_step.get_by_label("6-digit code").fill(app_code(secret))
    two_step.get_by_role("button", name="Turn on").click()
    codes = two_step.get_by_role("list", name="Your recovery codes").locator("li")
    expect(codes).to_have_count(10)
    recovery = codes.all_inner_texts()
    expect(two_step.get_by_text("On. 10 unused recovery codes left.")).to_be_visible()
    screenshot(page, "two-factor-recovery-codes")
    assert_accessible(page)

    other_phone = open_page()
    sign_in_with_code(other_phone, email, "")
    screenshot(other_phone, "two-factor-sign-in")
    assert_accessible(other_phone)
    other_phone.get_by_label("Code from your authenticator app").fill(app_code(secret, 1))
    other_phone.get_by_role("button", name="Log in").click()
    expect(
        other_phone.get_by_role("navigation", name="Main").get_by_role("link", name="Log", exact=True)
    ).to_be_visible()

    third_phone = open_page()
    sign_in_with_code(third_phone, email, recovery[0])
    third_phone.get_by_role("button", name="Log in").click()
    expect(
        third_phone.get_by_role("navigation", name="Main").get_by_role("link", name="Log", exact=True)
    ).to_be_visible()

    reused = open_page()
    sign_in_with_code(reused, email, recovery[0])
    reused.get_by_role("button", name="Log in").click()
    expect(reused.locator(".field-error", has_text="This code does not work")).to_be_visible()
    expect(reused.get_by_role("navigation", name="Main")).to_be_hidden()
