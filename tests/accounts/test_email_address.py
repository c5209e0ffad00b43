"""Issue 23: email verification (a link, single use, expiring) and email change
(confirmed at the new address, the old one told, every other session ended)."""

import re
import time
from unittest import mock

import pytest
from rest_framework.test import APIClient

from diary.models import User, UserSession
from tests.factories import PASSWORD, UserFactory

VERIFY_LINK = re.compile(r"#/verify-email/(?P<token>[^\s]+)")
CHANGE_LINK = re.compile(r"#/confirm-email/(?P<token>[^\s]+)")


def token_in(message, pattern) -> str:
    match = pattern.search(message.body)
    assert match, message.body
    return match["token"]


def signed_in(user) -> APIClient:
    client = APIClient()
    assert (
        client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json").status_code
        == 200
    )
    return client


def later(hours: float):
    """The clock `hours` on, as the signed links read it."""
    now = time.time() + hours * 3600
    return mock.patch("django.core.signing.time.time", return_value=now)


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.test")


class TestVerification:
    def test_registering_sends_a_link_that_verifies_once(self, db, mailoutbox):
        client = APIClient()
        body = {"email": "new@example.test", "password": "a-long-new-passphrase", "role": "clinician"}
        assert client.post("/api/v1/auth/register/", body, format="json").status_code == 201
        assert client.get("/api/v1/me/").json()["email_verified"] is False
        (message,) = mailoutbox
        assert message.to == ["new@example.test"]
        token = token_in(message, VERIFY_LINK)
        # Opened anywhere, signed in or not.
        assert APIClient().post("/api/v1/auth/email/verify/", {"token": token}, format="json").status_code == 200
        assert client.get("/api/v1/me/").json()["email_verified"] is True
        again = APIClient().post("/api/v1/auth/email/verify/", {"token": token}, format="json")
        assert again.status_code == 400 and "used already" in again.json()["token"][0]

    def test_a_link_expires(self, owner, mailoutbox, settings):
        signed_in(owner).post("/api/v1/auth/email/verify/send/")
        token = token_in(mailoutbox[-1], VERIFY_LINK)
        with later(settings.EMAIL_LINK_TIMEOUT_HOURS + 1):
            answer = APIClient().post("/api/v1/auth/email/verify/", {"token": token}, format="json")
        assert answer.status_code == 400 and answer.json()["token"]
        assert not User.objects.get(pk=owner.pk).email_verified

    def test_a_tampered_or_other_accounts_link_verifies_nothing(self, owner, mailoutbox):
        other = UserFactory()
        signed_in(other).post("/api/v1/auth/email/verify/send/")
        token = token_in(mailoutbox[-1], VERIFY_LINK)
        forged = token.replace(token[-3:], "abc")
        assert APIClient().post("/api/v1/auth/email/verify/", {"token": forged}, format="json").status_code == 400
        # The link names its own account: it verifies the other account, never this one.
        assert APIClient().post("/api/v1/auth/email/verify/", {"token": token}, format="json").status_code == 200
        assert not User.objects.get(pk=owner.pk).email_verified

    @pytest.mark.parametrize("body", [{}, {"token": 5}, {"token": "x" * 2000}, {"token": "a", "more": 1}])
    def test_bad_bodies_answer_400_on_the_field(self, db, body):
        answer = APIClient().post("/api/v1/auth/email/verify/", body, format="json")
        assert answer.status_code == 400 and set(answer.json()) & {"token", "more"}

    def test_an_address_verified_already_gets_no_new_link(self, owner, mailoutbox):
        client = signed_in(owner)
        client.post("/api/v1/auth/email/verify/send/")
        APIClient().post("/api/v1/auth/email/verify/", {"token": token_in(mailoutbox[-1], VERIFY_LINK)}, format="json")
        answer = client.post("/api/v1/auth/email/verify/send/")
        assert answer.status_code == 400 and answer.json()["non_field_errors"]

    def test_anonymous_callers_cannot_ask_for_a_link(self, db):
        assert APIClient().post("/api/v1/auth/email/verify/send/").status_code == 403


class TestChange:
    def ask(self, client, new_email="new@example.test", password=PASSWORD):
        return client.post("/api/v1/auth/email/change/", {"new_email": new_email, "password": password}, format="json")

    def confirm(self, token, client=None):
        return (client or APIClient()).post("/api/v1/auth/email/change/confirm/", {"token": token}, format="json")

    def test_it_is_confirmed_at_the_new_address_and_told_to_the_old(self, owner, mailoutbox):
        elsewhere = signed_in(owner)
        client = signed_in(owner)
        answer = self.ask(client)
        assert answer.status_code == 202 and "new@example.test" in answer.json()["detail"]
        assert User.objects.get(pk=owner.pk).email == "owner@example.test"  # not until confirmed
        (message,) = mailoutbox
        assert message.to == ["new@example.test"]
        confirmed = self.confirm(token_in(message, CHANGE_LINK), client)
        assert confirmed.status_code == 200 and confirmed.json()["email"] == "new@example.test"
        account = User.objects.get(pk=owner.pk)
        assert account.email == "new@example.test" and account.email_verified
        notice = mailoutbox[-1]
        assert notice.to == ["owner@example.test"] and "new@example.test" in notice.body
        # This session stays; every other one has ended.
        assert client.get("/api/v1/me/").json()["email"] == "new@example.test"
        assert elsewhere.get("/api/v1/me/").status_code == 403
        assert UserSession.objects.filter(user=owner).count() == 1
        assert signed_in(account).get("/api/v1/me/").status_code == 200  # the new address signs in

    def test_a_change_link_works_once_and_expires(self, owner, mailoutbox, settings):
        client = signed_in(owner)
        self.ask(client)
        token = token_in(mailoutbox[-1], CHANGE_LINK)
        with later(settings.EMAIL_LINK_TIMEOUT_HOURS + 1):
            assert self.confirm(token).status_code == 400
        assert self.confirm(token).status_code == 200
        assert self.confirm(token).status_code == 400

    def test_it_needs_the_password_which_counts_like_a_login(self, owner, mailoutbox, settings):
        client = APIClient()
        client.force_login(owner)  # a session taken over elsewhere: not the owner's known browser
        answers = [self.ask(client, password="not it").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
        assert answers[0] == 400 and answers[-1] == 429
        assert not mailoutbox

    def test_a_taken_address_answers_the_same_and_changes_nothing(self, owner, mailoutbox):
        UserFactory(email="taken@example.test")
        answer = self.ask(signed_in(owner), "taken@example.test")
        assert answer.status_code == 202
        assert "has a Neckline account already" in mailoutbox[-1].body
        assert not CHANGE_LINK.search(mailoutbox[-1].body)
        assert User.objects.get(pk=owner.pk).email == "owner@example.test"

    def test_an_address_taken_after_the_link_was_sent_is_a_clear_400(self, owner, mailoutbox):
        self.ask(signed_in(owner))
        UserFactory(email="new@example.test")
        answer = self.confirm(token_in(mailoutbox[-1], CHANGE_LINK))
        assert answer.status_code == 400 and answer.json()["token"]
        assert User.objects.get(pk=owner.pk).email == "owner@example.test"

    @pytest.mark.parametrize(
        "body,field",
        [
            ({"new_email": "not an address", "password": PASSWORD}, "new_email"),
            ({"new_email": "owner@example.test", "password": PASSWORD}, "new_email"),
            ({"password": PASSWORD}, "new_email"),
            ({"new_email": "a@example.test"}, "password"),
        ],
    )
    def test_bad_input_answers_400_on_the_field(self, owner, mailoutbox, body, field):
        answer = signed_in(owner).post("/api/v1/auth/email/change/", body, format="json")
        assert answer.status_code == 400 and field in answer.json()
        assert not mailoutbox

    def test_anonymous_callers_cannot_change_an_address(self, db):
        assert self.ask(APIClient()).status_code == 403


class TestLanguage:
    """Issue 25: each email in its recipient's language (the account's), whichever browser
    asked for it or opened its link."""

    def test_the_verification_and_change_emails_are_in_the_accounts_language(self, db, mailoutbox):
        owner = UserFactory(email="owner@example.test", language="de")
        client = signed_in(owner)
        client.post("/api/v1/auth/email/verify/send/", HTTP_ACCEPT_LANGUAGE="en")
        assert mailoutbox[-1].subject == "Bestätigen Sie Ihre E-Mail-Adresse für Neckline"
        TestChange().ask(client)
        assert mailoutbox[-1].subject == "Bestätigen Sie Ihre neue E-Mail-Adresse für Neckline"
        # The link opened in an English browser, signed out: the old address is told in German.
        confirmed = APIClient().post(
            "/api/v1/auth/email/change/confirm/",
            {"token": token_in(mailoutbox[-1], CHANGE_LINK)},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert confirmed.status_code == 200
        notice = mailoutbox[-1]
        assert notice.to == ["owner@example.test"]
        assert notice.subject == "Ihre E-Mail-Adresse bei Neckline wurde geändert"

    def test_an_address_taken_already_is_told_in_its_own_accounts_language(self, db, mailoutbox):
        UserFactory(email="taken@example.test", language="it")
        client = signed_in(UserFactory(email="asker@example.test", language="de"))
        assert TestChange().ask(client, new_email="taken@example.test").status_code == 202
        (notice,) = mailoutbox
        assert notice.to == ["taken@example.test"]
        assert notice.subject == "Il suo indirizzo email di Neckline"
