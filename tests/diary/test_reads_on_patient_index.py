"""The per-patient reads of a diary go through the patient's (patient, date) index at
every table size (issue 27): never the exclusion constraint's GiST index by date alone,
nor a foreign-key index that reads whole diaries. Checked with EXPLAIN on PostgreSQL,
with sequential scans priced out so the tiny test tables choose between indexes as a
big one would."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.selectors.screening import first_logged_days, screening_reports
from diary.selectors.summary import patient_summary
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def diaries(db):
    patients = [UserFactory() for _ in range(3)]
    for patient in patients:
        for days_ago in range(0, 200, 3):
            EntryFactory(patient=patient, date=TODAY - dt.timedelta(days=days_ago))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE diary_entry")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return patients


def entry_plans(read) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        read()
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if 'FROM "diary_entry"' in query["sql"] or '"diary_entry"' in query["sql"].split("FROM", 1)[-1]:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def index_reads(plan: str) -> list[tuple[str, str]]:
    """(index, its condition) for each index scan of the plan."""
    lines = plan.splitlines()
    reads = []
    for number, line in enumerate(lines):
        if "Index Scan" in line or "Index Only Scan" in line:
            index = line.split(" using ", 1)[1].split()[0] if " using " in line else line.split(" on ", 1)[1].split()[0]
            condition = next((later for later in lines[number + 1 :] if "Index Cond" in later), "")
            reads.append((index, condition))
    return reads


def assert_on_the_patient_index(plans: list[str]) -> None:
    """Every index read of the entries is bounded by the patient (no scan over every
    diary by date), and none reads through an index of the patient alone."""
    assert plans, "no read of the entries was captured"
    for plan in plans:
        reads = index_reads(plan)
        assert reads, plan
        # The imported counts (issue 26) start from the patient's own imports, then read
        # those entries by key: bounded by the patient's imports, not by the table.
        from_own_imports = any(
            index.startswith("diary_import_patient_id") and "patient_id" in condition for index, condition in reads
        )
        for index, condition in reads:
            if index.startswith("diary_user"):
                continue  # the patients themselves, by primary key
            if from_own_imports and index.startswith(("diary_import", "diary_entry_pkey")):
                continue
            assert "patient_id" in condition, plan
            assert index in ("entry_patient_date", "entry_one_state_per_day", "entry_one_checkin_per_day"), plan


def test_the_foreign_key_index_is_gone(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "diary_entry")
    by_patient_alone = [name for name, info in indexes.items() if info["index"] and info["columns"] == ["patient_id"]]
    assert by_patient_alone == []


def test_the_summary_reads_both_periods_on_the_patient_index(diaries):
    plans = entry_plans(lambda: patient_summary(patient=diaries[0], days=90, today=TODAY))
    assert_on_the_patient_index(plans)


def test_the_summary_splits_its_one_read_into_the_two_periods(diaries):
    summary = patient_summary(patient=diaries[0], days=90, today=TODAY)
    # Every third day: 30 of the window's 90 days, and 30 of the 90 before it.
    assert summary["headache_days"] == 30
    assert summary["trend"]["previous"]["headache_days"] == 30


def test_the_nightly_window_read_and_first_days_use_the_patient_index(diaries):
    plans = entry_plans(lambda: screening_reports(patients=diaries, days=90, today=TODAY))
    assert_on_the_patient_index(plans)


def test_first_logged_days_are_each_patients_earliest_entry(diaries):
    stranger = UserFactory()  # no entries: absent, not None
    found = first_logged_days(patient_ids=[patient.pk for patient in diaries] + [stranger.pk])
    assert found == {patient.pk: TODAY - dt.timedelta(days=198) for patient in diaries}
