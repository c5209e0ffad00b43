"""Issue 23: the review's lockout sequences, each answered 429 for the attacker while
the owner's known browser still signs in; X-Forwarded-For only from a trusted proxy;
IPv6 counted per /64. The attempts an attacker gets per day is computed from the
settings at the end."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import F
from rest_framework.test import APIClient

from api.client_address import parse_trusted_proxies
from diary.services.accounts import user_set_password
from tests.factories import PASSWORD, UserFactory

ATTACKER = "198.51.100.7"


def login(address: str, password: str, client=None, remote=ATTACKER, **headers):
    client = client or APIClient()
    return client.post(
        "/api/v1/auth/login/", {"email": address, "password": password}, format="json", REMOTE_ADDR=remote, **headers
    )


@pytest.fixture
def victim(db):
    return UserFactory(email="victim@example.test")


@pytest.fixture
def attacker(db):
    return UserFactory(email="attacker@example.test")


def test_logging_in_to_your_own_account_no_longer_clears_guesses_at_another(victim, attacker, settings):
    answers = []
    for _ in range(6):  # the review's sequence: 4 guesses, one login to the attacker's account, repeated
        answers += [login(victim.email, "guess").status_code for _ in range(4)]
        answers.append(login(attacker.email, PASSWORD, remote="192.0.2.50").status_code)
    guesses = [code for i, code in enumerate(answers) if i % 5 != 4]
    assert guesses[: settings.AXES_FAILURE_LIMIT - 1] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(guesses[settings.AXES_FAILURE_LIMIT :]) == {429}


def test_the_same_bypass_from_the_same_address_is_stopped_by_the_address_count(victim, attacker, settings):
    login(victim.email, "guess")
    login(victim.email, "guess")
    assert login(attacker.email, PASSWORD).status_code == 200  # clears the attacker's own failures only
    answers = [login(victim.email, "guess").status_code for _ in range(3)]
    assert answers[-1] == 429


def test_spraying_many_accounts_from_one_address_is_locked(db, attacker, settings):
    targets = [UserFactory(email=f"target{n}@example.test") for n in range(16)]
    answers = []
    for target in targets:
        answers.append(login(target.email, "Summer2026!").status_code)
        login(attacker.email, PASSWORD)  # logging in between clears nothing of the address's count
    assert answers[settings.AXES_FAILURE_LIMIT :] == [429] * (16 - settings.AXES_FAILURE_LIMIT)


def test_the_owner_from_a_known_browser_still_signs_in_during_an_attack(victim):
    owners_browser = APIClient()
    assert login(victim.email, PASSWORD, owners_browser, remote="192.0.2.20").status_code == 200
    for n in range(20):  # guesses from many addresses: the account itself is locked for them
        login(victim.email, "guess", remote=f"203.0.113.{n}")
    assert login(victim.email, PASSWORD, remote="203.0.113.99").status_code == 429  # an unknown browser waits
    assert login(victim.email, PASSWORD, owners_browser, remote="192.0.2.21").status_code == 200
    assert owners_browser.get("/api/v1/me/").json()["email"] == victim.email


def test_a_known_browser_for_one_account_is_not_known_for_another(victim, attacker):
    attackers_browser = APIClient()
    login(attacker.email, PASSWORD, attackers_browser)
    for n in range(5):
        login(victim.email, "guess", remote=f"203.0.113.{n}")
    assert login(victim.email, "guess", attackers_browser, remote="192.0.2.30").status_code == 429


def time_passes(delta: dt.timedelta) -> None:
    """The recorded failures grow older (the lockout's and the slow-down's)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - delta)


def test_a_lock_ends_after_the_cool_off_and_tries_during_it_do_not_extend_it(victim, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(victim.email, "guess", remote=f"203.0.113.{n}")
    time_passes(settings.AXES_COOLOFF_TIME / 2)
    assert login(victim.email, "guess", remote="203.0.113.50").status_code == 429
    time_passes(settings.AXES_COOLOFF_TIME / 2 + dt.timedelta(minutes=1))
    assert login(victim.email, PASSWORD, remote="192.0.2.20").status_code == 200


class TestClientAddress:
    def test_a_forged_header_from_an_untrusted_address_is_ignored(self, victim, settings):
        settings.TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.1"])
        for n in range(settings.AXES_FAILURE_LIMIT):
            login(f"nobody{n}@example.test", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert login(victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429

    def test_a_trusted_proxy_names_the_client(self, victim, settings):
        settings.TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.0/24"])
        for n in range(settings.AXES_FAILURE_LIMIT):  # through two of our proxies
            forwarded = f"1.2.3.{n}, {ATTACKER}, 10.0.0.1"  # the leftmost hop is the attacker's forgery
            login(f"nobody{n}@example.test", "guess", remote="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        assert login(victim.email, PASSWORD, remote="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.20").status_code == 200
        assert login(victim.email, PASSWORD, remote="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429

    def test_ipv6_addresses_count_per_64(self, victim, settings):
        for n in range(settings.AXES_FAILURE_LIMIT):
            login(f"nobody{n}@example.test", "guess", remote=f"2001:db8:1:2::{n + 1:x}")
        assert login(victim.email, PASSWORD, remote="2001:db8:1:2:ffff::1").status_code == 429
        assert login(victim.email, PASSWORD, remote="2001:db8:1:3::1").status_code == 200


def test_an_account_under_attack_waits_longer_after_each_round_of_failures(victim, settings):
    waits = []
    for _ in range(4):
        answers = [login(victim.email, "guess", remote=f"203.0.113.{n}").status_code for n in range(5)]
        assert answers == [400] * 4 + [429]  # the fifth failure of a round locks
        refused = login(victim.email, "guess", remote="203.0.113.99")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        time_passes(dt.timedelta(seconds=waits[-1]))
    minutes = [round(wait / 60) for wait in waits]
    assert minutes == [15, 30, 60, 120]  # doubling: the attacker's tries thin out
    assert "120 minutes" in refused.json()["detail"]


def test_a_password_reset_lets_the_owner_in_from_a_new_browser_at_once(victim, settings):
    for n in range(10):
        login(victim.email, "guess", remote=f"203.0.113.{n}")
    assert login(victim.email, PASSWORD, remote="192.0.2.20").status_code == 429
    user_set_password(user=victim, password="a-brand-new-passphrase")
    assert login(victim.email, "a-brand-new-passphrase", remote="192.0.2.20").status_code == 200


def measured_attempts_per_day(email: str) -> int:
    """An attacker who guesses whenever the server lets them, from ever new addresses, for
    a simulated day: the guesses the server checked (the one that locks included: had it
    been right, it would have signed in), as axes' failure log counts them."""
    elapsed, n = dt.timedelta(0), 0
    while elapsed < dt.timedelta(days=1):
        n += 1
        answer = login(email, "guess", remote=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        step = dt.timedelta(seconds=int(answer["Retry-After"]) if answer.status_code == 429 else 1)
        time_passes(step)
        elapsed += step
    return AccessFailureLog.objects.filter(username=email).count()


def test_attempts_per_day_against_one_account(victim, settings):
    assert not settings.AXES_RESET_ON_SUCCESS and not settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
    attempts = measured_attempts_per_day(victim.email)
    print(f"attempts per day against one account, measured: {attempts}")
    # 5 per 15 minutes without the slow-down would be 480; doubling waits leave 7 rounds of 5
    # (the 7th wait, 16 hours, runs past the day).
    assert attempts == 35
