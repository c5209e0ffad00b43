import datetime as dt

import pytest
from django.utils import timezone

from diary.choices import Role
from diary.models import Grant
from tests.clinicians.diaries import hand_counted_diary
from tests.conftest import logged_in
from tests.factories import UserFactory

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


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
