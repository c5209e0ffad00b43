"""Issue 23: the emailed verification link opens the app and verifies the address; a
clinician who must still verify and add a second step is sent to the screen that says how."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.frontend.browser import go, register, screenshot

pytestmark = pytest.mark.browser


def test_the_verification_link_verifies_the_address(page, settings, app_url):
    settings.PUBLIC_URL = app_url
    email = register(page)
    go(page, "account")  # the patient is reminded, and the link leads to the security screen
    page.get_by_role("link", name="Confirm your email address").click()
    expect(page.get_by_text("Not verified yet")).to_be_visible()
    [message] = [sent for sent in mail.outbox if sent.to == [email]]
    link = re.search(r"https?://\S+#/verify-email/\S+", message.body)[0]
    page.goto(link)
    expect(page.get_by_role("status").filter(has_text="Your email address is verified")).to_be_visible()
    page.get_by_role("link", name="Open Neckline").click()
    go(page, "security")
    expect(page.get_by_text("Verified.", exact=True)).to_be_visible()
    go(page, "account")
    expect(page.get_by_role("link", name="Confirm your email address")).to_have_count(0)


def test_a_clinician_with_requirements_left_is_shown_what_to_do(page, settings):
    settings.CLINICIAN_EMAIL_VERIFICATION_REQUIRED = True
    settings.CLINICIAN_MFA_REQUIRED = True
    register(page, clinician=True)
    expect(page.get_by_role("heading", name="Password and sessions")).to_be_visible()
    expect(page.get_by_text("you can read patients' diaries once you open the link")).to_be_visible()
    expect(page.get_by_text("Your account needs it before you can read patients' diaries.")).to_be_visible()
    screenshot(page, "clinician-requirements")
