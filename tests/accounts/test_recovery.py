"""Issue 23: password reset by a one-time, expiring emailed link (through a real SMTP
server), password change, and every other session ended by either."""

import email
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from rest_framework.test import APIClient

from diary.models import UserSession
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a new long passphrase 42"
LINK = re.compile(r"#/reset/(?P<uid>[\w-]+)/(?P<token>[\w-]+)")


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (the controller checks its own, so not 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield inbox
    controller.stop()


def ask_reset(address: str):
    return APIClient().post("/api/v1/auth/password/reset/", {"email": address}, format="json")


def confirm(link: dict, password: str = NEW_PASSWORD):
    return APIClient().post("/api/v1/auth/password/reset/confirm/", {**link, "new_password": password}, format="json")


def login(address: str, password: str, client=None):
    client = client or APIClient()
    return client.post("/api/v1/auth/login/", {"email": address, "password": password}, format="json")


def link_in(message) -> dict:
    body = message.get_payload(decode=True).decode() if not message.is_multipart() else str(message)
    match = LINK.search(body)
    assert match, "the email carries a reset link"
    return {"uid": match["uid"], "token": match["token"]}


def test_a_forgotten_password_is_reset_with_the_emailed_link(smtp, patient):
    other_device = APIClient()
    assert login(patient.email, PASSWORD, other_device).status_code == 200

    assert ask_reset(patient.email).status_code == 202
    [message] = smtp.messages
    assert message["To"] == patient.email
    assert confirm(link_in(email.message_from_string(str(message)))).status_code == 204

    assert login(patient.email, PASSWORD).status_code == 400
    assert login(patient.email, NEW_PASSWORD).status_code == 200
    assert other_device.get("/api/v1/me/").status_code == 403  # the session from before the reset ended


def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(smtp, patient):
    known, unknown = ask_reset(patient.email), ask_reset("nobody@example.test")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert len(smtp.messages) == 1


def test_a_link_works_once(smtp, patient):
    ask_reset(patient.email)
    link = link_in(smtp.messages[0])
    assert confirm(link).status_code == 204
    again = confirm(link, "yet another passphrase 7")
    assert again.status_code == 400 and "token" in again.json()
    assert login(patient.email, NEW_PASSWORD).status_code == 200


def test_an_expired_link_is_refused(smtp, patient, settings, monkeypatch):
    ask_reset(patient.email)
    link = link_in(smtp.messages[0])
    # The token generator reads the clock through its _now(); an hour and a minute later:
    import datetime as dt

    from django.contrib.auth.tokens import default_token_generator

    later = dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert confirm(link).status_code == 400
    assert login(patient.email, PASSWORD).status_code == 200


def test_a_link_for_one_account_does_not_open_another(smtp, patient, other_patient):
    ask_reset(patient.email)
    link = link_in(smtp.messages[0])
    other_uid = link_in(_message_for(smtp, other_patient))["uid"]
    assert confirm({"uid": other_uid, "token": link["token"]}).status_code == 400
    assert login(other_patient.email, PASSWORD).status_code == 200


def _message_for(smtp, user):
    ask_reset(user.email)
    return smtp.messages[-1]


def test_a_weak_new_password_is_refused_naming_the_field_and_the_link_still_works(smtp, patient):
    ask_reset(patient.email)
    link = link_in(smtp.messages[0])
    weak = confirm(link, "123")
    assert weak.status_code == 400 and "new_password" in weak.json()
    assert confirm(link).status_code == 204


class TestPasswordChange:
    def test_it_needs_the_current_password(self, patient):
        client = APIClient()
        login(patient.email, PASSWORD, client)
        response = client.post(
            "/api/v1/auth/password/change/",
            {"current_password": "wrong", "new_password": NEW_PASSWORD},
            format="json",
        )
        assert response.status_code == 400 and "current_password" in response.json()
        assert login(patient.email, PASSWORD).status_code == 200

    def test_it_keeps_this_session_and_ends_every_other(self, patient, other_patient):
        here, elsewhere, someone_else = APIClient(), APIClient(), APIClient()
        for client in (here, elsewhere):
            login(patient.email, PASSWORD, client)
        login(other_patient.email, PASSWORD, someone_else)
        response = here.post(
            "/api/v1/auth/password/change/",
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            format="json",
        )
        assert response.status_code == 204
        assert here.get("/api/v1/me/").status_code == 200
        assert elsewhere.get("/api/v1/me/").status_code == 403
        assert someone_else.get("/api/v1/me/").status_code == 200
        assert login(patient.email, NEW_PASSWORD).status_code == 200

    def test_it_needs_a_login(self, anon_api):
        response = anon_api.post(
            "/api/v1/auth/password/change/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
        )
        assert response.status_code == 403


class TestSessions:
    def test_the_list_shows_only_the_accounts_own_sessions_with_device(self, patient, other_patient):
        phone, laptop, other = APIClient(), APIClient(), APIClient()
        login(patient.email, PASSWORD, phone)
        laptop.post(
            "/api/v1/auth/login/",
            {"email": patient.email, "password": PASSWORD},
            format="json",
            HTTP_USER_AGENT="Firefox on a laptop",
        )
        login(other_patient.email, PASSWORD, other)
        sessions = laptop.get("/api/v1/auth/sessions/").json()
        assert len(sessions) == 2
        assert [s["device"] for s in sessions if s["current"]] == ["Firefox on a laptop"]
        assert all(s["last_used_at"] and s["created_at"] for s in sessions)
        assert len(other.get("/api/v1/auth/sessions/").json()) == 1

    def test_sign_out_everywhere_else(self, patient, other_patient):
        here, elsewhere, other = APIClient(), APIClient(), APIClient()
        login(patient.email, PASSWORD, here)
        login(patient.email, PASSWORD, elsewhere)
        login(other_patient.email, PASSWORD, other)
        assert here.post("/api/v1/auth/sessions/end-others/").json() == {"ended": 1}
        assert here.get("/api/v1/me/").status_code == 200
        assert elsewhere.get("/api/v1/me/").status_code == 403
        assert other.get("/api/v1/me/").status_code == 200

    def test_they_need_a_login(self, anon_api):
        assert anon_api.get("/api/v1/auth/sessions/").status_code == 403
        assert anon_api.post("/api/v1/auth/sessions/end-others/").status_code == 403


class TestSessionLimits:
    def test_a_clinician_idle_too_long_is_signed_out_a_patient_is_not(self, clinician, patient, settings, monkeypatch):
        doctor, diarist = APIClient(), APIClient()
        login(clinician.email, PASSWORD, doctor)
        login(patient.email, PASSWORD, diarist)
        import time

        later = time.time() + settings.CLINICIAN_IDLE_MINUTES * 60 + 61
        monkeypatch.setattr(time, "time", lambda: later)
        assert doctor.get("/api/v1/me/").status_code == 403
        assert diarist.get("/api/v1/me/").status_code == 200

    def test_every_session_ends_after_the_absolute_limit(self, patient, settings, monkeypatch):
        client = APIClient()
        login(patient.email, PASSWORD, client)
        import time

        later = time.time() + settings.SESSION_ABSOLUTE_HOURS * 3600 + 1
        monkeypatch.setattr(time, "time", lambda: later)
        assert client.get("/api/v1/me/").status_code == 403


@pytest.fixture
def patient(db):
    return UserFactory(email="pat@example.test")


def test_sessions_rows_name_their_account(patient):
    login(patient.email, PASSWORD)
    assert UserSession.objects.filter(user=patient).count() == 1
