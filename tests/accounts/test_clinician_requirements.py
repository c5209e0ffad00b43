"""Issue 23: a clinician reads no diary without a verified email
(CLINICIAN_EMAIL_VERIFICATION_REQUIRED) and a second step in the session
(CLINICIAN_MFA_REQUIRED), both on here as in production; a patient keeps logging."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from diary.choices import Role
from diary.models import Grant
from diary.services.sharing import grant_revoke, share_code_create
from tests.accounts.test_two_factor import code_for, enrol, login
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def requirements_on(settings):
    settings.CLINICIAN_EMAIL_VERIFICATION_REQUIRED = True
    settings.CLINICIAN_MFA_REQUIRED = True


@pytest.fixture
def patient(db):
    return UserFactory(email="pat@example.test")


def clinician(*, verified: bool):
    return UserFactory(role=Role.CLINICIAN, email_verified_at=timezone.now() if verified else None)


def signed_in_with_code(user) -> APIClient:
    client = APIClient()
    assert login(user, client=client, code=code_for(user, 1)).status_code == 200
    return client


def test_a_clinician_without_a_verified_email_cannot_redeem_a_share_code(patient):
    doctor = clinician(verified=False)
    enrol(doctor)
    client = signed_in_with_code(doctor)
    code, _ = share_code_create(patient=patient)
    answer = client.post("/api/v1/clinician/links/", {"code": code}, format="json")
    assert answer.status_code == 403
    assert answer.json()["code"] == "email_unverified" and "Verify your email" in answer.json()["detail"]
    assert not Grant.objects.exists()
    assert client.get("/api/v1/me/").json()["requirements"] == ["email_verification"]


def test_a_shared_clinician_without_a_second_step_reads_nothing(patient):
    doctor = clinician(verified=True)
    Grant.objects.create(patient=patient, clinician=doctor)
    client = APIClient()
    assert login(doctor, client=client).status_code == 200  # no authenticator yet: the password signs in
    for path in (
        "/api/v1/clinician/patients/",
        f"/api/v1/clinician/patients/{patient.pk}/summary/",
        f"/api/v1/clinician/patients/{patient.pk}/entries/",
        f"/api/v1/clinician/patients/{patient.pk}/export/?format=csv",
    ):
        answer = client.get(path)
        assert answer.status_code == 403, path
        assert answer.json()["code"] == "two_factor_required"
    assert client.get("/api/v1/me/").json()["requirements"] == ["two_factor"]
    assert client.get("/api/v1/auth/two-factor/").json()["required"] is True


def test_enrolling_in_the_session_opens_the_diaries_it_was_shared(patient):
    doctor = clinician(verified=True)
    Grant.objects.create(patient=patient, clinician=doctor)
    client = APIClient()
    client.force_login(doctor)
    client.post("/api/v1/auth/two-factor/totp/", {"password": "a-long-test-passphrase"}, format="json")
    client.post("/api/v1/auth/two-factor/totp/confirm/", {"code": code_for(doctor)}, format="json")
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/entries/").status_code == 200
    assert client.get("/api/v1/me/").json()["requirements"] == []


def test_a_verified_clinician_signed_in_with_a_code_reads_a_shared_diary(patient):
    doctor = clinician(verified=True)
    enrol(doctor)
    Grant.objects.create(patient=patient, clinician=doctor)
    client = signed_in_with_code(doctor)
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").status_code == 200


def test_the_requirements_do_not_open_an_unshared_or_revoked_diary(patient):
    doctor = clinician(verified=True)
    enrol(doctor)
    client = signed_in_with_code(doctor)
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/entries/").status_code == 404
    grant = Grant.objects.create(patient=patient, clinician=doctor)
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/entries/").status_code == 200
    grant_revoke(patient=patient, grant_id=grant.pk)
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/entries/").status_code == 404


def test_a_patient_keeps_logging_before_verifying(patient):
    client = APIClient()
    client.force_login(patient)
    body = {"date": timezone.now().date().isoformat(), "headache": False}
    answer = client.put("/api/v1/entries/7f0c6a52-1111-4c3e-9d1e-5b6a7c8d9e0f/", body, format="json")
    assert answer.status_code == 201
    assert client.get("/api/v1/me/").json()["email_verified"] is False


def test_the_switches_off_let_a_clinician_read_with_a_password_alone(patient, settings):
    settings.CLINICIAN_EMAIL_VERIFICATION_REQUIRED = False
    settings.CLINICIAN_MFA_REQUIRED = False
    doctor = clinician(verified=False)
    Grant.objects.create(patient=patient, clinician=doctor)
    client = APIClient()
    assert login(doctor, client=client).status_code == 200
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/entries/").status_code == 200
