"""What a save costs and what it depends on: one statement on PostgreSQL, the
reminder hook only for patients who use the adaptive reminder, and no Redis."""

import datetime as dt
import uuid

import pytest
from django.db import OperationalError, connection
from psycopg.errors import DeadlockDetected

from diary.models import Entry, ReminderSettings, ScreeningDue
from diary.services import reminders as reminder_services
from diary.services.entries import entry_upsert
from diary.tasks import screening as screening_tasks

BODY = {"date": "2026-01-10", "side": "left", "severity": 4}

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement save is PostgreSQL's")


@on_postgresql
def test_a_save_is_one_statement_whether_it_creates_replaces_or_replays(
    transactional_db, patient, django_assert_num_queries
):
    entry_id = uuid.uuid4()
    for severity in (4, 6, 6):  # create, replace, replay
        with django_assert_num_queries(1):
            entry_upsert(patient=patient, entry_id=entry_id, date=dt.date(2026, 1, 10), side="left", severity=severity)
    assert Entry.objects.get(pk=entry_id).severity == 6


@on_postgresql
def test_the_save_is_a_statement_prepared_once_per_connection(transactional_db, patient):
    """Planned once, not on every save (issue 27): the connection keeps it prepared."""
    for day in (10, 11, 12):
        entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=dt.date(2026, 1, day), side="left", severity=4)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["WITH old AS%"])
        assert cursor.fetchone()[0] == 1
    assert Entry.objects.filter(patient=patient).count() == 3


@on_postgresql
def test_a_headache_replacing_a_checkin_is_still_one_statement(transactional_db, patient, django_assert_num_queries):
    entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=dt.date(2026, 1, 10), headache=False)
    with django_assert_num_queries(1):
        entry, _ = entry_upsert(
            patient=patient, entry_id=uuid.uuid4(), date=dt.date(2026, 1, 10), side="left", severity=4
        )
    assert entry.replaced_checkin is not None
    assert list(Entry.objects.filter(patient=patient).values_list("headache", flat=True)) == [True]


@on_postgresql
def test_a_put_reads_the_session_and_the_user_then_saves_in_one_statement(
    transactional_db, patient_api, django_assert_num_queries
):
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)  # as sent (the prepared save's log line has no SQL text)
        return execute(sql, params, many, context)

    with django_assert_num_queries(3), connection.execute_wrapper(record):  # session, user, the save
        assert patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", BODY, format="json").status_code == 201
    assert "INSERT INTO" in sent[-1]


@on_postgresql
def test_a_save_that_postgresql_picks_as_a_deadlock_victim_runs_again(transactional_db, patient_api, patient):
    """Two saves of one day can deadlock (tests/api/test_entries_concurrency.py meets it
    now and then); PostgreSQL fails one, as here, and the patient must still get 201."""
    failed = []

    def deadlock_once(execute, sql, params, many, context):
        if "INSERT INTO" in sql and not failed:
            failed.append(sql)
            raise OperationalError("deadlock detected") from DeadlockDetected("deadlock detected")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(deadlock_once):
        response = patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", BODY, format="json")
    assert failed
    assert response.status_code == 201
    assert Entry.objects.filter(patient=patient).count() == 1


def test_a_save_marks_the_diary_changed(transactional_db, patient_api, patient):
    patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", BODY, format="json")
    patient.refresh_from_db()
    assert patient.diary_changed_at is not None


def test_a_replay_does_not_mark_the_diary_changed_again(transactional_db, patient_api, patient):
    entry_id = uuid.uuid4()
    patient_api.put(f"/api/v1/entries/{entry_id}/", BODY, format="json")
    patient.refresh_from_db()
    first = patient.diary_changed_at
    patient_api.put(f"/api/v1/entries/{entry_id}/", BODY, format="json")
    patient.refresh_from_db()
    assert patient.diary_changed_at == first


class TestReminderHook:
    @pytest.fixture
    def calls(self, monkeypatch):
        calls = {"screening": [], "adaptive": []}
        # The subscribers of diary_changed (diary/services/changes.py), replaced where they live.
        monkeypatch.setattr(screening_tasks, "request_screening", calls["screening"].append)
        monkeypatch.setattr(reminder_services, "reminders_diary_changed", calls["adaptive"].append)
        return calls

    @staticmethod
    def heard(calls, patient) -> dict:
        """Who heard of the changes. A re-screen is asked for by the subscriber, or, on
        PostgreSQL, by the save's own statement opening the screening window (its row)."""
        windows = ScreeningDue.objects.filter(patient=patient).count()
        return {"screenings": len(calls["screening"]) + windows, "adaptive": calls["adaptive"]}

    def test_without_the_adaptive_reminder_only_screening_hears_of_a_save(
        self, transactional_db, patient_api, patient, calls
    ):
        ReminderSettings.objects.create(patient=patient, adaptive=False)
        patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", BODY, format="json")
        assert self.heard(calls, patient) == {"screenings": 1, "adaptive": []}

    def test_with_the_adaptive_reminder_on_its_hook_runs_after_the_save(
        self, transactional_db, patient_api, patient, calls
    ):
        ReminderSettings.objects.create(patient=patient, adaptive=True)
        patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", BODY, format="json")
        assert self.heard(calls, patient) == {"screenings": 1, "adaptive": [patient.pk]}

    def test_a_replay_changes_nothing_and_tells_no_one(self, transactional_db, patient_api, patient, calls):
        ReminderSettings.objects.create(patient=patient, adaptive=True)
        entry_id = uuid.uuid4()
        patient_api.put(f"/api/v1/entries/{entry_id}/", BODY, format="json")
        patient_api.put(f"/api/v1/entries/{entry_id}/", BODY, format="json")
        assert self.heard(calls, patient) == {"screenings": 1, "adaptive": [patient.pk]}

    def test_a_delete_tells_both_when_the_adaptive_reminder_is_on(self, transactional_db, patient_api, patient, calls):
        ReminderSettings.objects.create(patient=patient, adaptive=True)
        entry_id = uuid.uuid4()
        patient_api.put(f"/api/v1/entries/{entry_id}/", BODY, format="json")
        assert patient_api.delete(f"/api/v1/entries/{entry_id}/").status_code == 204
        assert self.heard(calls, patient) == {"screenings": 2, "adaptive": [patient.pk] * 2}


def test_a_save_with_redis_down_answers_201_and_stores_the_entry(transactional_db, patient_api, patient, settings):
    """Throttles and the screening enqueue both use Redis; neither may fail a save."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}}
    entry_id = uuid.uuid4()
    response = patient_api.put(f"/api/v1/entries/{entry_id}/", BODY, format="json")
    assert response.status_code == 201
    assert Entry.objects.filter(pk=entry_id, patient=patient).exists()
    patient.refresh_from_db()
    assert patient.diary_changed_at is not None  # the nightly pass will screen it
