"""A save that has committed stays a success, whatever happens after the commit."""

import uuid

from django.db import OperationalError

from diary.models import Entry
from diary.tasks import screening as screening_tasks


def test_a_subscriber_failing_after_the_commit_still_answers_201_with_the_entry_stored(
    transactional_db, patient_api, patient, monkeypatch
):
    def database_gone(patient_id):  # as when PostgreSQL restarts just after the commit
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(screening_tasks, "request_screening", database_gone)  # a subscriber of diary_changed
    entry_id = uuid.uuid4()

    response = patient_api.put(
        f"/api/v1/entries/{entry_id}/", {"date": "2026-01-10", "side": "left", "severity": 4}, format="json"
    )

    assert response.status_code == 201
    assert Entry.objects.filter(pk=entry_id, patient=patient).exists()
