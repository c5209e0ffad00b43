"""Personas set up once: the owner of a diary, a clinician, someone without
access, and an anonymous caller."""

import uuid

import pytest
from rest_framework.test import APIClient

from diary.choices import Role
from tests.factories import EntryFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; the tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    # A key prefix of its own gives every test empty throttle counters, in every
    # thread (changing CACHES makes Django build new cache connections).
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture
def patient(db):
    return UserFactory(email="pat@example.test", timezone="Europe/Oslo")


@pytest.fixture
def other_patient(db):
    return UserFactory(email="other@example.test")


@pytest.fixture
def clinician(db):
    return UserFactory(email="doc@example.test", role=Role.CLINICIAN)


def logged_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def patient_api(patient):
    return logged_in(patient)


@pytest.fixture
def other_api(other_patient):
    return logged_in(other_patient)


@pytest.fixture
def clinician_api(clinician):
    return logged_in(clinician)


@pytest.fixture
def anon_api():
    return APIClient()


@pytest.fixture
def make_entry():
    return EntryFactory
