"""Issue 23: two-step sign-in with an authenticator app (TOTP) and single-use recovery
codes, through the API: enrolment, the login's second step, the lockout on codes."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from diary.services.accounts import user_delete, user_set_password
from tests.factories import PASSWORD, UserFactory

ATTACKER = "198.51.100.7"


def code_for(user, steps_ahead: int = 0) -> str:
    """What the user's authenticator app shows now (or a step later: a code is accepted
    once, and the app shows the next one 30 seconds on)."""
    device = TOTPDevice.objects.filter(user=user).latest("id")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def login(user, password=PASSWORD, client=None, remote="192.0.2.10", **extra):
    client = client or APIClient()
    body = {"email": user.email, "password": password, **extra}
    return client.post("/api/v1/auth/login/", body, format="json", REMOTE_ADDR=remote)


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def enrol(user) -> list[str]:
    client = signed_in(user)
    assert client.post("/api/v1/auth/two-factor/totp/", {"password": PASSWORD}, format="json").status_code == 201
    answer = client.post("/api/v1/auth/two-factor/totp/confirm/", {"code": code_for(user)}, format="json")
    assert answer.status_code == 200
    return answer.json()["recovery_codes"]


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.test")


class TestEnrolment:
    def test_it_shows_a_secret_and_a_qr_code_and_needs_the_password(self, owner):
        client = signed_in(owner)
        wrong = client.post("/api/v1/auth/two-factor/totp/", {"password": "not it"}, format="json")
        assert wrong.status_code == 400 and "password" in wrong.json()
        started = client.post("/api/v1/auth/two-factor/totp/", {"password": PASSWORD}, format="json").json()
        assert started["otpauth_url"].startswith("otpauth://totp/Neckline%3Aowner%40example.test?")
        assert started["secret"] in started["otpauth_url"] and len(started["secret"]) == 32
        assert started["qr_svg"].startswith("<svg")
        # Not on until confirmed: the password alone still signs in.
        assert client.get("/api/v1/auth/two-factor/").json()["enabled"] is False
        assert login(owner).status_code == 200

    def test_a_wrong_first_code_confirms_nothing(self, owner):
        client = signed_in(owner)
        client.post("/api/v1/auth/two-factor/totp/", {"password": PASSWORD}, format="json")
        answer = client.post("/api/v1/auth/two-factor/totp/confirm/", {"code": "000000"}, format="json")
        assert answer.status_code == 400 and "code" in answer.json()
        assert client.get("/api/v1/auth/two-factor/").json()["enabled"] is False

    def test_confirming_gives_ten_recovery_codes_and_passes_this_session(self, owner):
        client = signed_in(owner)
        client.post("/api/v1/auth/two-factor/totp/", {"password": PASSWORD}, format="json")
        codes = client.post("/api/v1/auth/two-factor/totp/confirm/", {"code": code_for(owner)}, format="json").json()
        assert len(set(codes["recovery_codes"])) == 10
        status = client.get("/api/v1/auth/two-factor/").json()
        assert status == {"enabled": True, "required": False, "verified": True, "recovery_codes_left": 10}

    def test_confirm_without_a_started_enrolment_is_a_clear_400(self, owner):
        answer = signed_in(owner).post("/api/v1/auth/two-factor/totp/confirm/", {"code": "123456"}, format="json")
        assert answer.status_code == 400 and answer.json()["code"]

    @pytest.mark.parametrize("body", [{}, {"code": 123456}, {"code": "1" * 40}, {"code": "123456", "extra": 1}])
    def test_bad_bodies_answer_400_on_the_field(self, owner, body):
        answer = signed_in(owner).post("/api/v1/auth/two-factor/totp/confirm/", body, format="json")
        assert answer.status_code == 400
        assert set(answer.json()) & {"code", "extra", "non_field_errors"}


class TestSignIn:
    def test_the_password_alone_is_not_enough_once_enrolled(self, owner):
        enrol(owner)
        client = APIClient()
        answer = login(owner, client=client)
        assert answer.status_code == 400
        assert answer.json()["two_factor_required"] is True and answer.json()["code"]
        assert client.get("/api/v1/me/").status_code == 403  # not signed in

    def test_the_code_from_the_app_signs_in(self, owner):
        enrol(owner)
        client = APIClient()
        assert login(owner, client=client, code=code_for(owner, 1)).status_code == 200
        assert client.get("/api/v1/auth/two-factor/").json()["verified"] is True

    def test_a_code_is_accepted_once(self, owner):
        enrol(owner)
        code = code_for(owner, 1)
        assert login(owner, code=code).status_code == 200
        time.sleep(1.1)  # django-otp slows down a device after a failure; here none yet
        assert login(owner, code=code).status_code == 400

    def test_a_recovery_code_signs_in_once(self, owner):
        recovery = enrol(owner)
        assert login(owner, code=recovery[0].upper()).status_code == 200  # typed as shown, any case
        assert login(owner, code=recovery[0]).status_code == 400
        assert signed_in(owner).get("/api/v1/auth/two-factor/").json()["recovery_codes_left"] == 9

    def test_another_accounts_recovery_code_does_not_work(self, owner):
        enrol(owner)
        other = UserFactory()
        others_codes = enrol(other)
        assert login(owner, code=others_codes[0]).status_code == 400

    def test_a_wrong_password_with_a_right_code_is_refused(self, owner):
        enrol(owner)
        assert login(owner, password="not it", code=code_for(owner, 1)).status_code == 400

    def test_wrong_codes_count_towards_the_lockout(self, owner, settings):
        enrol(owner)
        answers = [
            login(owner, code=f"{n:06d}", remote=f"203.0.113.{n}").status_code
            for n in range(settings.AXES_FAILURE_LIMIT)
        ]
        assert answers[-1] == 429 and set(answers[:-1]) == {400}
        # Locked now for this account, even with the right code, from a new browser.
        assert login(owner, code=code_for(owner, 1), remote="203.0.113.99").status_code == 429


class TestNothingLeftBehind:
    def test_a_password_reset_ends_the_wait_that_wrong_codes_built_up(self, owner):
        enrol(owner)
        for n in range(3):  # someone who knows the password guesses codes: the device waits 4 seconds
            login(owner, code=f"{n:06d}", remote=f"203.0.113.{n}")
        assert login(owner, code=code_for(owner, 1), remote="192.0.2.20").status_code == 400  # refused: waiting
        user_set_password(user=owner, password="a-brand-new-passphrase")
        answer = login(owner, password="a-brand-new-passphrase", code=code_for(owner, 1), remote="192.0.2.20")
        assert answer.status_code == 200

    def test_erasing_the_account_erases_its_authenticator_and_codes(self, owner):
        enrol(owner)
        user_delete(user=owner)
        assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()


class TestRecoveryCodesAndTurningOff:
    def test_new_recovery_codes_replace_the_old(self, owner):
        old = enrol(owner)
        client = signed_in(owner)
        new = client.post("/api/v1/auth/two-factor/recovery-codes/", {"password": PASSWORD}, format="json")
        assert new.status_code == 200 and not set(new.json()["recovery_codes"]) & set(old)
        assert login(owner, code=old[1]).status_code == 400
        time.sleep(1.1)  # django-otp makes a device wait a second after a failure
        assert login(owner, code=new.json()["recovery_codes"][0]).status_code == 200

    def test_recovery_codes_need_an_authenticator_first(self, owner):
        answer = signed_in(owner).post("/api/v1/auth/two-factor/recovery-codes/", {"password": PASSWORD}, format="json")
        assert answer.status_code == 400 and answer.json()["non_field_errors"]

    def test_turning_it_off_needs_the_password(self, owner):
        enrol(owner)
        client = signed_in(owner)
        wrong = client.delete("/api/v1/auth/two-factor/", {"password": "not it"}, format="json")
        assert wrong.status_code == 400 and "password" in wrong.json()
        assert client.delete("/api/v1/auth/two-factor/", {"password": PASSWORD}, format="json").status_code == 204
        assert login(owner).status_code == 200


class TestBoundaries:
    @pytest.mark.parametrize(
        "method,path",
        [
            ("get", "/api/v1/auth/two-factor/"),
            ("delete", "/api/v1/auth/two-factor/"),
            ("post", "/api/v1/auth/two-factor/totp/"),
            ("post", "/api/v1/auth/two-factor/totp/confirm/"),
            ("post", "/api/v1/auth/two-factor/recovery-codes/"),
        ],
    )
    def test_anonymous_callers_are_refused(self, db, method, path):
        assert getattr(APIClient(), method)(path, {}, format="json").status_code == 403

    def test_one_accounts_enrolment_is_invisible_to_another(self, owner):
        enrol(owner)
        other = signed_in(UserFactory())
        assert other.get("/api/v1/auth/two-factor/").json()["enabled"] is False
        # Confirming "their" pending enrolment with the owner's code does nothing for either.
        assert (
            other.post("/api/v1/auth/two-factor/totp/confirm/", {"code": code_for(owner)}, format="json").status_code
            == 400
        )


class TestAdminSite:
    def test_the_admin_login_asks_for_the_code_too(self, db):
        from django.test import Client

        staff = UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
        enrol(staff)
        admin = Client()
        form = {"username": staff.email, "password": PASSWORD, "next": "/admin/"}
        assert admin.post("/admin/login/", form).status_code == 200  # the form again, now with the devices
        assert admin.get("/admin/diary/user/").status_code == 302
        device = TOTPDevice.objects.get(user=staff)
        answer = admin.post(
            "/admin/login/", {**form, "otp_device": device.persistent_id, "otp_token": code_for(staff, 1)}
        )
        assert answer.status_code == 302
        assert admin.get("/admin/diary/user/").status_code == 200

    def test_staff_without_an_authenticator_cannot_open_the_admin(self, db):
        from django.test import Client

        staff = UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
        admin = Client()
        admin.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
        assert admin.get("/admin/diary/user/").status_code == 302
