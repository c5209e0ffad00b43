"""Pushes go out concurrently within a worker (issue 27), against the local push
service, which decrypts every message and checks its VAPID signature and TTL."""

import pytest

from diary.models import ReminderDelivery
from diary.services.reminders import deliveries_send
from tests.factories import UserFactory
from tests.reminders.conftest import run_pass, set_reminders
from tests.reminders.test_dispatch import DUE, LEASE_OVER, SAVED, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def slow_push_endpoint(push_endpoint):
    push_endpoint.delay = 0.2  # a push service far away: requests overlap if sent concurrently
    return push_endpoint


def patients_with_a_phone(endpoint, count: int):
    phones = {}
    for _ in range(count):
        patient = UserFactory(timezone="Europe/Oslo")
        phones[patient.pk] = subscribe(endpoint, patient)
        set_reminders(patient, now=SAVED)
    return phones


def test_a_batch_is_pushed_concurrently_each_phone_once(slow_push_endpoint, settings):
    settings.PUSH_CONCURRENCY = 8
    phones = patients_with_a_phone(slow_push_endpoint, 12)
    run_pass(DUE)
    assert slow_push_endpoint.errors == []
    assert slow_push_endpoint.most_in_flight > 1  # one at a time would never hold two
    assert slow_push_endpoint.most_in_flight <= 8  # the pool is bounded
    for phone in phones.values():
        payloads = slow_push_endpoint.payloads_for(phone)
        assert len(payloads) == 1 and payloads[0]["kind"] == "posture"
        assert "ttl" in next(m.headers for m in slow_push_endpoint.messages if m.token == phone.token)
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 12


def test_a_redelivered_batch_and_later_passes_send_nothing_more(slow_push_endpoint, settings):
    settings.PUSH_CONCURRENCY = 8
    phones = patients_with_a_phone(slow_push_endpoint, 6)
    run_pass(DUE)
    ids = list(ReminderDelivery.objects.values_list("id", flat=True))
    deliveries_send(delivery_ids=ids, now=DUE)  # the same batch delivered twice
    deliveries_send(delivery_ids=ids, now=DUE + LEASE_OVER, retry=True)
    run_pass(DUE + LEASE_OVER)
    assert sum(slow_push_endpoint.counts.values()) == len(phones)


def test_a_429_retry_after_holds_the_batchs_other_sends_to_that_service(push_endpoint, settings):
    settings.PUSH_CONCURRENCY = 1  # in order: the 429 comes back before the others go
    phones = patients_with_a_phone(push_endpoint, 3)
    first = phones[min(phones)]
    push_endpoint.script(first, [(429, {"Retry-After": "3600"})])
    run_pass(DUE)
    # The first was answered 429 once; the others were never sent to the waiting service.
    assert push_endpoint.attempts[first.token] == 1
    assert sum(push_endpoint.attempts.values()) == 1
    assert ReminderDelivery.objects.filter(sent_at__isnull=True).count() == 3
    run_pass(DUE + LEASE_OVER)  # a later pass asks the service again: each phone once
    assert all(len(push_endpoint.payloads_for(phone)) == 1 for phone in phones.values())
