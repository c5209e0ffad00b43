"""Turning on push notifications from the Reminders screen. The browser's push
service cannot be reached from a test, so the page's pushManager is replaced
by a stand-in that answers like Chromium would, with a real P-256 key."""

import datetime as dt
import io
import json
import os
import uuid
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from config.vapid import b64url
from diary.models import PushSubscription, ReminderDelivery, ReminderSettings
from tests import push_endpoint as local_push
from tests.frontend.browser import go, register, screenshot, wait_for_service_worker
from tests.workers import wait_for

pytestmark = pytest.mark.browser

# Permission is "default" until the page asks; subscribe() records the key it
# was given and answers with the subscription made in Python.
PUSH_STUB = """
(() => {
  const subscription = %s;
  let permission = "default";
  window.__push = {asked: 0, applicationServerKey: null};
  Object.defineProperty(Notification, "permission", {configurable: true, get: () => permission});
  Notification.requestPermission = async () => { window.__push.asked += 1; permission = "granted"; return permission; };
  const toBase64Url = (key) => {
    const bytes = typeof key === "string" ? null : new Uint8Array(key.buffer || key);
    if (!bytes) return key;
    return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  };
  let current = null;
  PushManager.prototype.permissionState = async () => (permission === "granted" ? "granted" : "prompt");
  PushManager.prototype.getSubscription = async () => current;
  PushManager.prototype.subscribe = async function (options) {
    window.__push.applicationServerKey = toBase64Url(options.applicationServerKey);
    window.__push.userVisibleOnly = options.userVisibleOnly;
    current = {
      endpoint: subscription.endpoint, expirationTime: null, options,
      toJSON: () => ({...subscription, expirationTime: null}),
      unsubscribe: async () => { current = null; return true; },
    };
    return current;
  };
})();
"""


def browser_like_subscription():
    """What Chromium's PushSubscription.toJSON() holds: an endpoint, the
    browser's P-256 public key (uncompressed point) and a 16-byte auth secret."""
    point = (
        ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": f"http://127.0.0.1:9/push/{uuid.uuid4().hex}",
        "keys": {"p256dh": b64url(point), "auth": b64url(os.urandom(16))},
    }


def test_enabling_push_asks_permission_after_the_tap_and_stores_the_subscription(page, context):
    subscription = browser_like_subscription()
    context.add_init_script(PUSH_STUB % json.dumps(subscription))
    email = register(page)
    wait_for_service_worker(page)

    go(page, "reminders")
    button = page.get_by_role("button", name="Enable push notifications")
    expect(button).to_be_visible()
    assert page.evaluate("window.__push.asked") == 0, "permission must be asked only after a tap"

    button.click()
    expect(page.get_by_role("status").filter(has_text="Push notifications are on for this device.")).to_be_visible()
    screenshot(page, "reminders-push-on")

    stored = wait_for(lambda: PushSubscription.objects.filter(user__email=email).first(), seconds=10)
    assert (stored.endpoint, stored.p256dh, stored.auth) == (
        subscription["endpoint"],
        subscription["keys"]["p256dh"],
        subscription["keys"]["auth"],
    )
    assert page.evaluate("window.__push") == {
        "asked": 1,
        "applicationServerKey": settings.VAPID_PUBLIC_KEY,
        "userVisibleOnly": True,
    }


@pytest.fixture
def push_service(app_url):
    """A local Web Push service that checks VAPID and decrypts what it is sent (tests/push_endpoint.py)."""
    endpoint, server = local_push.start(settings.VAPID_PUBLIC_KEY)
    yield endpoint
    server.shutdown()
    server.server_close()


def dispatch_the_last_eight_oclock(stored):
    """The scheduler's pass just after the last 08:00, Oslo time (the browser's timezone, taken at
    registration): a moment that has come, so the reminder belongs in the inbox now."""
    now = dt.datetime.now(ZoneInfo("Europe/Oslo"))
    eight = now.replace(hour=8, minute=0, second=0, microsecond=0)
    if eight > now:
        eight -= dt.timedelta(days=1)
    ReminderSettings.objects.filter(pk=stored.pk).update(next_due_at=eight)
    call_command("dispatch_reminders", "--at", (eight + dt.timedelta(minutes=1)).isoformat(), stdout=io.StringIO())


def set_reminders_at_eight_every_day(page):
    page.get_by_label("Send me posture reminders").check()
    page.get_by_role("button", name="Add a time").click()
    page.get_by_label("Reminder time 1").fill("08:00")
    days = page.get_by_role("group", name="On these days")
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        button = days.get_by_role("button", name=day)
        if button.get_attribute("aria-pressed") != "true":
            button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Save reminder settings").click()
    form = page.get_by_role("form", name="Posture reminders")
    expect(form.get_by_role("status").filter(has_text="Reminder settings saved.")).to_be_visible()


def test_a_patient_sets_reminders_gets_one_pushed_and_marks_it_done_in_the_inbox(page, context, push_service):
    subscription = push_service.subscribe()
    context.add_init_script(PUSH_STUB % json.dumps(subscription.as_json()))
    email = register(page)
    wait_for_service_worker(page)
    go(page, "reminders")
    page.get_by_role("button", name="Enable push notifications").click()
    expect(page.get_by_role("status").filter(has_text="Push notifications are on for this device.")).to_be_visible()

    set_reminders_at_eight_every_day(page)
    stored = ReminderSettings.objects.get(patient__email=email)
    assert (stored.enabled, stored.times, stored.weekdays) == (True, ["08:00"], [0, 1, 2, 3, 4, 5, 6])

    dispatch_the_last_eight_oclock(stored)
    assert push_service.errors == []
    [pushed] = push_service.payloads_for(subscription)

    go(page, "reminders")
    reminder = page.get_by_role("list").filter(has_text=pushed["title"]).get_by_role("listitem")
    expect(reminder).to_have_count(1)
    reminder.get_by_role("button", name="Done").click()
    expect(reminder.get_by_text("✓ Done")).to_be_visible()
    screenshot(page, "reminders-inbox-done")
    wait_for(
        lambda: ReminderDelivery.objects.filter(patient__email=email, done_at__isnull=False).count() == 1, seconds=10
    )


def test_a_reminder_with_no_device_to_push_to_is_in_the_inbox_all_the_same(page):
    email = register(page)
    go(page, "reminders")
    set_reminders_at_eight_every_day(page)
    stored = ReminderSettings.objects.get(patient__email=email)
    assert not PushSubscription.objects.filter(user__email=email).exists()

    dispatch_the_last_eight_oclock(stored)
    [delivery] = ReminderDelivery.objects.filter(patient__email=email)

    go(page, "reminders")
    inbox = page.get_by_role("region", name="Inbox")
    expect(
        inbox.get_by_text("Every reminder that fell due is here, whether or not a notification reached a device.")
    ).to_be_visible()
    reminder = inbox.get_by_role("listitem").filter(has_text=delivery.title)
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text("in this inbox only")
    reminder.get_by_role("button", name="Done").click()
    expect(reminder.get_by_text("✓ Done")).to_be_visible()
    screenshot(page, "reminders-inbox-without-push")
    wait_for(
        lambda: ReminderDelivery.objects.filter(patient__email=email, done_at__isnull=False).count() == 1, seconds=10
    )
