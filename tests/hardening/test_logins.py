"""Lockouts and registration (issue 13, items 2, 4, 8 and 11): one client address for
lockouts and throttles, the admin and DELETE /me/ count like the API's login, and
registration does not say that an email has an account."""

import threading

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

from api.client_address import parse_trusted_proxies
from diary.choices import Role
from diary.models import User
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.1"  # the TLS proxy: every request arrives from it when it is trusted


def login(email, password, **headers):
    return APIClient().post("/api/v1/auth/login/", {"email": email, "password": password}, format="json", **headers)


class TestClientAddress:
    def test_with_no_proxy_a_forged_header_is_ignored(self, settings, patient):
        settings.TRUSTED_PROXIES = []
        for n in range(5):  # a different email each time: only the address can lock
            login(f"nobody{n}@example.test", "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert login(patient.email, PASSWORD, REMOTE_ADDR="192.0.2.20").status_code == 200
        # The attacker's own address is what was locked, whatever header it sends.
        assert (
            login(patient.email, PASSWORD, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code
            == 429
        )

    def test_behind_one_proxy_the_address_it_saw_is_used(self, settings, patient):
        settings.TRUSTED_PROXIES = parse_trusted_proxies([PROXY])
        for n in range(5):  # the attacker forges a leftmost hop; the proxy appends the real one
            login(
                f"nobody{n}@example.test", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7"
            )
        # Everyone else comes through the same proxy and can still log in.
        assert login(patient.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.20").status_code == 200
        assert (
            login(
                patient.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7"
            ).status_code
            == 429
        )
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}

    def test_throttles_count_the_same_address(self, settings, patient, monkeypatch):
        settings.TRUSTED_PROXIES = parse_trusted_proxies([PROXY])
        monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", {"login.address": "2/min"})
        for _ in range(2):
            login(patient.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert (
            login(patient.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7").status_code
            == 429
        )
        assert login(patient.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.20").status_code == 200


def test_admin_login_failures_count_towards_the_same_lockout(db):
    staff = UserFactory(email="staff@example.test", role=Role.CLINICIAN, is_staff=True)
    admin = Client()
    for n in range(5):  # from different addresses: only the account can lock
        admin.post(
            "/admin/login/?next=/admin/",
            {"username": "Staff@example.test", "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    assert login(staff.email, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 429


class TestDeleteAccountPassword:
    def test_wrong_passwords_lock_it_like_logins(self, patient_api, patient):
        statuses = [
            patient_api.delete("/api/v1/me/", {"password": "wrong"}, format="json").status_code for _ in range(5)
        ]
        assert statuses == [400, 400, 400, 400, 429]  # as the login answers: the fifth failure locks
        response = patient_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
        assert response.status_code == 429
        assert User.objects.filter(pk=patient.pk).exists()
        assert login(patient.email, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 429

    def test_the_right_password_still_deletes(self, patient_api, patient):
        assert patient_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
        assert not User.objects.filter(pk=patient.pk).exists()


class TestRegistration:
    def test_a_taken_email_is_not_confirmed(self, patient):
        response = APIClient().post(
            "/api/v1/auth/register/", {"email": patient.email, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 400
        message = response.json()["email"][0]
        assert "exist" not in message and "taken" not in message and "already" not in message

    @pytest.mark.django_db(transaction=True)
    def test_ten_parallel_registrations_of_one_email_make_one_account(self, settings):
        # The real hasher: hashing is slow, which is what held the door open between
        # "is this email free?" and the insert.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        start = threading.Barrier(10)

        from concurrent.futures import ThreadPoolExecutor

        from django.db import connection

        def register(_):
            start.wait()
            try:
                client = APIClient()
                client.raise_request_exception = False
                return client.post(
                    "/api/v1/auth/register/", {"email": "same@example.test", "password": PASSWORD}, format="json"
                ).status_code
            finally:
                connection.close()

        with ThreadPoolExecutor(10) as pool:
            statuses = list(pool.map(register, range(10)))
        assert sorted(statuses) == [201] + [400] * 9
        assert User.objects.filter(email="same@example.test").count() == 1
