import datetime as dt

import pytest
from django.conf import settings as django_settings

from diary.services import reminders as services
from tests import push_endpoint as local_push


@pytest.fixture
def push_endpoint(settings):
    """The local push service; quick backoff so retries do not slow the suite."""
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    settings.PUSH_BACKOFF_SECONDS = 0.01
    endpoint, server = local_push.start(django_settings.VAPID_PUBLIC_KEY)
    yield endpoint
    server.shutdown()
    server.server_close()


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def run_pass(now: dt.datetime):
    """One dispatch pass at `now`, batches run inline (what `dispatch_reminders --at` does)."""
    return services.reminders_dispatch(
        now=now,
        claim_batch=lambda ids, at: services.reminders_claim_and_send(settings_ids=ids, now=at),
        send_batch=lambda ids, at, retry: services.deliveries_send(delivery_ids=ids, now=at, retry=retry),
    )


def set_reminders(patient, *, now, **overrides):
    values = {
        "enabled": True,
        "times": ["08:00"],
        "weekdays": [0, 1, 2, 3, 4, 5, 6],
        "quiet_start": None,
        "quiet_end": None,
        "diary_nudge_time": None,
        "adaptive": False,
    }
    values.update(overrides)
    return services.reminder_settings_update(patient=patient, now=now, **values)
