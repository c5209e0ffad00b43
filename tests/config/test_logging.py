"""Health data never reaches the logs: not in normal operation, not in error reports."""

import logging
import uuid

import pytest

from config.logging import JsonFormatter
from diary.services import entries as entry_services

SECRET_NOTE = "PRIVATE-NOTE-about-my-divorce"
PRIVATE_BODY = {
    "date": "2026-01-10",
    "side": "right",
    "severity": 8,
    "notes": SECRET_NOTE,
    "symptoms": ["vomiting", "aura"],
    "medications": [{"name": "Oxycodone-Secret-Brand", "kind": "opioid"}],
}
LEAKS = [SECRET_NOTE, "Oxycodone-Secret-Brand", "vomiting", "aura"]


@pytest.fixture
def formatted_logs(caplog):
    """Every record of every logger, formatted exactly as production formats it."""
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()
    return lambda: "\n".join(formatter.format(record) for record in caplog.records)


def test_saving_and_reading_entries_logs_none_of_their_content(patient_api, formatted_logs):
    entry_id = uuid.uuid4()
    patient_api.put(f"/api/v1/entries/{entry_id}/", PRIVATE_BODY, format="json")
    patient_api.put(f"/api/v1/entries/{entry_id}/", {**PRIVATE_BODY, "severity": 11}, format="json")  # a 400
    patient_api.get("/api/v1/entries/", {"from": "2026-01-01", "to": "2026-01-31"})
    logs = formatted_logs()
    assert not [leak for leak in LEAKS if leak in logs]


def test_an_error_report_carries_neither_the_body_nor_the_exception_text(patient_api, formatted_logs, monkeypatch):
    def explode(**fields):
        # As PostgreSQL does: an error whose message quotes the row being saved.
        raise RuntimeError(f"Failing row contains ({fields['notes']}, {fields['medications']})")

    monkeypatch.setattr(entry_services, "entry_upsert", explode)
    monkeypatch.setattr("api.entries.views.entry_upsert", explode)
    patient_api.raise_request_exception = False
    response = patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", PRIVATE_BODY, format="json")
    assert response.status_code == 500
    assert SECRET_NOTE not in response.content.decode()
    logs = formatted_logs()
    assert "builtins.RuntimeError" in logs  # the report is there, and useful
    assert not [leak for leak in LEAKS if leak in logs]


def test_a_database_outage_answers_503_not_a_traceback(patient_api, monkeypatch):
    from django.db import OperationalError

    def unavailable(**fields):
        raise OperationalError("connection refused")

    monkeypatch.setattr("api.entries.views.entry_upsert", unavailable)
    response = patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", PRIVATE_BODY, format="json")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "try again" in response.json()["detail"]
