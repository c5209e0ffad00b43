"""Two phones (or a phone and its own retry) racing to store the same new entry."""

import threading
import uuid

import pytest
from django.db import connection
from rest_framework.test import APIClient

from diary.models import Entry
from tests.factories import UserFactory


@pytest.mark.parametrize("attempt", range(5))
def test_concurrent_puts_of_one_new_id_store_one_row_and_neither_fails(transactional_db, attempt):
    patient = UserFactory()
    entry_id = uuid.uuid4()
    body = {"date": "2026-01-10", "side": "left", "severity": 4}
    start = threading.Barrier(2)
    statuses = []

    def put():
        client = APIClient()
        client.force_login(patient)
        start.wait()
        try:
            statuses.append(client.put(f"/api/v1/entries/{entry_id}/", body, format="json").status_code)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=put) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [200, 201]
    assert Entry.objects.filter(pk=entry_id).count() == 1


def test_a_concurrent_put_cannot_take_over_another_patients_new_entry(transactional_db):
    owner, intruder = UserFactory(), UserFactory()
    entry_id = uuid.uuid4()
    start = threading.Barrier(2)
    results = {}

    def put(user, severity):
        client = APIClient()
        client.force_login(user)
        start.wait()
        try:
            response = client.put(f"/api/v1/entries/{entry_id}/",
                                  {"date": "2026-01-10", "side": "left", "severity": severity}, format="json")
            results[user.pk] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=put, args=(owner, 4)), threading.Thread(target=put, args=(intruder, 9))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    entry = Entry.objects.get(pk=entry_id)
    winner = entry.patient_id
    loser = intruder.pk if winner == owner.pk else owner.pk
    assert results == {winner: 201, loser: 404}
    assert entry.severity == (4 if winner == owner.pk else 9)
