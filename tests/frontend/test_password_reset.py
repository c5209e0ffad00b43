"""Issue 23: a patient who forgot the password gets back into the diary by the emailed
link, through the screens; the device signed in before the reset is signed out."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.frontend.browser import log_in, register

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a new long passphrase 42"


def test_a_forgotten_password_is_reset_from_the_emailed_link(page, open_page, settings, app_url):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PUBLIC_URL = app_url
    old_device = open_page()
    email = register(old_device)

    page.goto("/#/login")
    page.get_by_role("link", name="Forgot your password?").click()
    # The log-in screen has an Email field too: fill the one on the new screen.
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text("If an account has this email")).to_be_visible()

    [message] = [sent for sent in mail.outbox if "#/reset/" in sent.body]  # registering sent a verification link
    link = re.search(r"https?://\S+#/reset/\S+", message.body)[0]
    page.goto(link)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()

    log_in(page, email, NEW_PASSWORD)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log", exact=True)).to_be_visible()
    old_device.reload()
    expect(old_device.get_by_role("heading", name="Log in")).to_be_visible()
