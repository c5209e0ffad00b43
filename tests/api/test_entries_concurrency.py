"""Two phones (or a phone and its own retry) racing to store the same new entry, or two states of one day."""

import datetime as dt
import threading
import time
import uuid

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from diary.models import Entry
from diary.services.entries import entry_upsert
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
            response = client.put(
                f"/api/v1/entries/{entry_id}/",
                {"date": "2026-01-10", "side": "left", "severity": severity},
                format="json",
            )
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


def _race(*calls):
    """Run each (user, entry_id, body) PUT in its own thread, started together;
    returns their status codes in order."""
    start = threading.Barrier(len(calls))
    statuses = [None] * len(calls)

    def put(index, user, entry_id, body):
        client = APIClient()
        client.force_login(user)
        start.wait()
        try:
            statuses[index] = client.put(f"/api/v1/entries/{entry_id}/", body, format="json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=put, args=(index, *call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


DAY = "2026-01-10"
HEADACHE = {"date": DAY, "side": "left", "severity": 4}
CHECKIN = {"date": DAY, "headache": False}


@pytest.mark.parametrize("attempt", range(5))
def test_a_headache_and_a_checkin_racing_for_one_day_never_leave_both(transactional_db, attempt):
    patient = UserFactory()
    headache_id, checkin_id = uuid.uuid4(), uuid.uuid4()

    statuses = _race((patient, headache_id, HEADACHE), (patient, checkin_id, CHECKIN))

    stored = set(Entry.objects.filter(patient=patient).values_list("id", flat=True))
    assert stored == {headache_id}  # the check-in either lost or was replaced
    assert statuses[0] == 201 and statuses[1] in (201, 400)


@pytest.mark.parametrize("attempt", range(5))
def test_two_checkins_racing_for_one_day_leave_one(transactional_db, attempt):
    patient = UserFactory()
    statuses = _race((patient, uuid.uuid4(), CHECKIN), (patient, uuid.uuid4(), CHECKIN))
    assert sorted(statuses) == [201, 400]
    assert Entry.objects.filter(patient=patient).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_double_taps_of_a_checkin_store_one(transactional_db, attempt):
    patient = UserFactory()
    entry_id = uuid.uuid4()
    statuses = _race(*[(patient, entry_id, CHECKIN)] * 3)
    assert sorted(statuses) == [200, 200, 201]
    assert Entry.objects.filter(patient=patient).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writers take turns: no two saves overlap")
def test_a_checkin_waiting_on_an_uncommitted_headache_of_its_day_is_refused_once_it_commits(transactional_db):
    """The exact interleaving the exclusion constraint is for: the check-in's
    statement starts while the headache is stored but not yet committed, so its
    snapshot sees no headache; it must still not stand beside it."""
    patient = UserFactory()
    client = APIClient()
    client.force_login(patient)  # now: a login writes the patient's row, which the holder will lock
    headache_stored, release = threading.Event(), threading.Event()

    def hold_a_headache_open():
        try:
            with transaction.atomic():
                entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=dt.date(2026, 1, 10), side="left", severity=4)
                headache_stored.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_a_headache_open)
    holder.start()
    assert headache_stored.wait(timeout=20)
    results = []

    def checkin():
        try:
            results.append(client.put(f"/api/v1/entries/{uuid.uuid4()}/", CHECKIN, format="json"))
        finally:
            connection.close()

    saver = threading.Thread(target=checkin)
    saver.start()
    _wait_for_a_lock_wait()
    release.set()
    holder.join(timeout=20)
    saver.join(timeout=20)

    [response] = results
    assert response.status_code == 400 and DAY in response.json()["headache"][0]
    assert list(Entry.objects.filter(patient=patient).values_list("headache", flat=True)) == [True]


def _wait_for_a_lock_wait():
    """Until some session of this database waits on a lock (the check-in on the headache's row)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the check-in never waited for the headache's transaction")
