"""Every screen that writes says so plainly when it is offline, changes nothing, and
gives its button back (the log itself keeps entries for later: test_logging.py)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diary.models import Entry, Grant, ReminderDelivery, User
from tests.factories import EntryFactory, UserFactory
from tests.frontend.browser import go, register, wait_for_service_worker

pytestmark = pytest.mark.browser


def offline_message(page, text):
    message = page.locator("main").get_by_text(text)
    expect(message).to_be_visible()
    return message


def test_the_account_screen_writes_nothing_offline_and_says_so(page, context):
    email = register(page)
    patient = User.objects.get(email=email)
    clinician = UserFactory(role="clinician", email="dr-offline@example.test")
    Grant.objects.create(patient=patient, clinician=clinician)
    wait_for_service_worker(page)
    go(page, "account")
    context.set_offline(True)

    save = page.get_by_role("button", name="Save profile")
    page.get_by_label("Year of birth").fill("1970")
    save.click()
    offline_message(page, "You are offline, so your profile was not saved.")
    expect(save).to_be_enabled()
    patient.refresh_from_db()
    assert patient.birth_year is None

    share = page.get_by_role("button", name="Create a share code")
    share.click()
    offline_message(page, "You are offline, so no code was made.")
    expect(share).to_be_enabled()

    page.get_by_role("button", name=f"Revoke {clinician.email}").click()
    page.get_by_role("button", name="Yes, revoke access").click()
    offline_message(page, "You are offline, so access was not revoked.")
    assert Grant.objects.filter(patient=patient, revoked_at__isnull=True).exists()

    page.get_by_role("button", name="Log out").click()
    offline_message(page, "You are offline, so you are still logged in.")

    page.get_by_label("Your password, to confirm").fill("quiet-harbour-lantern-42")
    delete = page.get_by_role("button", name="Delete my account")
    delete.click()
    offline_message(page, "You are offline, so your account was not deleted.")
    expect(delete).to_be_enabled()
    assert User.objects.filter(email=email).exists()


def test_history_and_reminders_write_nothing_offline_and_say_so(page, context):
    email = register(page)
    patient = User.objects.get(email=email)
    entry = EntryFactory(patient=patient, date=dt.date.today() - dt.timedelta(days=1))
    ReminderDelivery.objects.create(
        patient=patient,
        kind="posture",
        slot_at=timezone.now(),
        title="Roll your shoulders",
        body="Sit back and roll your shoulders.",
        sent_at=timezone.now(),
    )
    wait_for_service_worker(page)
    go(page, f"history?month={entry.date:%Y-%m}")
    go(page, "reminders")
    context.set_offline(True)

    go(page, f"history?month={entry.date:%Y-%m}")
    page.once("dialog", lambda dialog: dialog.accept())
    delete = page.get_by_role("button", name="Delete the headache of")
    delete.click()
    offline_message(page, "You are offline, so the entry was not deleted.")
    expect(delete).to_be_enabled()
    assert Entry.objects.filter(id=entry.id).exists()

    go(page, "reminders")
    save = page.get_by_role("button", name="Save reminder settings")
    save.click()
    offline_message(page, "You are offline, so your reminder settings were not saved.")
    expect(save).to_be_enabled()
    done = page.get_by_role("listitem").filter(has_text="Roll your shoulders").get_by_role("button", name="Done")
    done.click()
    offline_message(page, "You are offline, so it was not marked done.")
    expect(done).to_be_enabled()
    assert ReminderDelivery.objects.get(patient=patient).done_at is None
