import datetime as dt
import uuid

import pytest
from django.utils import timezone

from diary.models import Entry


def url(entry_id=None):
    return f"/api/v1/entries/{entry_id}/" if entry_id else "/api/v1/entries/"


def headache(**overrides):
    body = {"date": "2026-11-20", "side": "right", "severity": 6}
    body.update(overrides)
    return body


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Noon UTC on 2026-11-21, so 'today' is the same in every test timezone used here."""
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def test_it_creates_then_replaces_an_entry_under_the_clients_id(patient_api, patient):
    entry_id = uuid.uuid4()
    first = patient_api.put(url(entry_id), headache(), format="json")
    assert first.status_code == 201
    assert first.json()["id"] == str(entry_id)
    second = patient_api.put(url(entry_id), headache(severity=3), format="json")
    assert second.status_code == 200
    assert Entry.objects.get(pk=entry_id).severity == 3


def test_replaying_the_same_request_three_times_stores_one_entry(patient_api, patient):
    entry_id = uuid.uuid4()
    codes = [patient_api.put(url(entry_id), headache(), format="json").status_code for _ in range(3)]
    assert codes == [201, 200, 200]
    assert patient.entries.count() == 1
    listed = patient_api.get(url(), {"from": "2026-11-01", "to": "2026-11-21"}).json()
    assert [e["id"] for e in listed] == [str(entry_id)]
