"""Migration 0003_screening_v3: entries stored before version 3 keep their
symptom lists (read as answered); new rows may say "not asked" (NULL)."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("diary", "0002_version2")]
AFTER = [("diary", "0003_screening_v3")]


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    # The tests after this one need every table of the later migrations.
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_entries_stored_before_v3_keep_their_symptom_lists():
    old_apps = migrate(BEFORE)
    User = old_apps.get_model("diary", "User")
    Entry = old_apps.get_model("diary", "Entry")
    patient = User.objects.create(email="before-v3@example.test", password="!")
    with_symptoms, none_of_these = uuid.uuid4(), uuid.uuid4()
    for entry_id, symptoms, days_ago in ((with_symptoms, ["nausea"], 1), (none_of_these, [], 2)):
        Entry.objects.create(
            id=entry_id,
            patient=patient,
            date=dt.date(2026, 11, 21) - dt.timedelta(days=days_ago),
            side="right",
            severity=5,
            symptoms=symptoms,
        )

    new_apps = migrate(AFTER)
    Entry = new_apps.get_model("diary", "Entry")
    assert Entry.objects.get(pk=with_symptoms).symptoms == ["nausea"]
    assert Entry.objects.get(pk=none_of_these).symptoms == []  # "none of these": still an answer
    quick = Entry.objects.create(
        id=uuid.uuid4(), patient_id=patient.pk, date=dt.date(2026, 11, 21), side="right", severity=5
    )
    quick.refresh_from_db()
    assert quick.symptoms is None  # not asked
