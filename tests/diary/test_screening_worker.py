"""Through a real Celery worker on Redis: an entry saved over the API becomes a
stored snapshot, and the nightly job screens every recent diary."""

import datetime as dt
import uuid

import pytest

from diary.models import ScreeningSnapshot
from diary.tasks.screening import screen_recent_patients, sweep_due_screenings
from diary.timezones import local_today
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def put_entry(client, date: dt.date, **fields):
    body = {
        "date": date.isoformat(),
        "side": "right",
        "severity": 5,
        "onset_region": "neck",
        "neck_trigger": "movement",
        **fields,
    }
    response = client.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json")
    assert response.status_code == 201


def test_saving_entries_over_the_api_stores_one_snapshot_through_the_worker(settings):
    settings.SCREENING_COALESCE_SECONDS = 3
    patient = UserFactory()
    client = logged_in(patient)
    today = local_today(patient)
    with celery_worker():
        for days_ago in range(3):  # quick saves: one run
            put_entry(client, today - dt.timedelta(days=days_ago), red_flags=["thunderclap"] if days_ago == 0 else [])

        def swept():  # as beat runs the sweeper, every SCREENING_SWEEP_SECONDS
            sweep_due_screenings()
            return ScreeningSnapshot.objects.filter(patient=patient).first()

        snapshot = wait_for(swept)
    assert snapshot.level == "urgent_review" and snapshot.red_flag_codes == ["thunderclap"]
    assert snapshot.report["window"]["episodes"] == 3
    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 1
    assert patient.notices.get().code == "thunderclap"


def test_the_nightly_job_screens_every_recent_diary_through_the_worker():
    patients = [UserFactory() for _ in range(3)]
    for patient in patients:
        # Written straight to the table: no on-save task, as during a broker outage.
        patient.entries.create(id=uuid.uuid4(), date=local_today(patient), side="left", severity=4)
    with celery_worker():
        screen_recent_patients.delay()
        wait_for(lambda: ScreeningSnapshot.objects.count() == 3)
    assert {s.patient_id for s in ScreeningSnapshot.objects.all()} == {p.pk for p in patients}


def test_the_nightly_pass_is_shared_out_in_chunks_across_worker_processes(monkeypatch):
    monkeypatch.setenv("SCREENING_NIGHTLY_CHUNK", "2")  # read by the worker at start-up
    patients = [UserFactory() for _ in range(5)]
    for patient in patients:
        patient.entries.create(id=uuid.uuid4(), date=local_today(patient), side="left", severity=4)
    with celery_worker(concurrency=2):
        screen_recent_patients.delay()
        wait_for(lambda: ScreeningSnapshot.objects.count() == 5)
    # Three chunk tasks (2 + 2 + 1 patients), each patient screened once.
    assert sorted(ScreeningSnapshot.objects.values_list("patient_id", flat=True)) == sorted(p.pk for p in patients)
