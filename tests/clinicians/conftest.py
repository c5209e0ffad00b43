import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from diary.choices import Role
from diary.models import Grant
from tests.clinicians.diaries import hand_counted_diary
from tests.conftest import logged_in
from tests.factories import UserFactory

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
TODAY = NOON.date()


class Clock:
    """timezone.now() for the test; move it with `clock.advance(...)`."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Noon UTC on 2026-11-21: the same local day in every timezone the tests use."""
    clock = Clock(NOON)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def clear_throttles():
    # Throttle counts live in Redis and would carry over from one test to the next;
    # only their keys are deleted, as the Redis database may be shared.
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=cache.make_key("throttle_*")):
        client.delete(key)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Autouse, so it runs before the personas are made; PBKDF2 would cost ~0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_throttles():
    clear_throttles()
    yield
    clear_throttles()


@pytest.fixture
def grant(patient, clinician):
    return Grant.objects.create(patient=patient, clinician=clinician)


@pytest.fixture
def unlinked_clinician(db):
    return UserFactory(email="stranger.doc@example.test", role=Role.CLINICIAN)


@pytest.fixture
def unlinked_api(unlinked_clinician):
    return logged_in(unlinked_clinician)


@pytest.fixture
def diary(patient):
    """The patient's hand-counted diary (tests/clinicians/diaries.py)."""
    return hand_counted_diary(patient)
