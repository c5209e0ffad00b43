import datetime as dt

import pytest
from django.utils import timezone

from diary.models import Grant

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


class Clock:
    """timezone.now() for the test; move it with `clock.advance(...)` or `clock.set(...)`."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)

    def set(self, when: dt.datetime):
        self.now = when


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    clock = Clock(NOON)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def grant(patient, clinician):
    return Grant.objects.create(patient=patient, clinician=clinician)
