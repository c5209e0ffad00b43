"""Unacknowledged red-flag advice lives on the server (docs/api.md, Entries; issue 22, finding 1):
every device, after every reload, until "I have read this"; a changed entry's advice shows again."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from diary.models import Grant

START = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """The server's now, moved forward by the test."""
    state = {"now": START}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def save(client, entry_id, **fields):
    body = {"date": "2026-11-21", "side": "right", "severity": 8, **fields}
    response = client.put(f"/api/v1/entries/{entry_id}/", body, format="json")
    assert response.status_code in (200, 201), response.json()
    return response


def advice(client):
    response = client.get("/api/v1/advice/")
    assert response.status_code == 200
    return response.json()["advice"]


def seen(client, entry_id):
    return client.post(f"/api/v1/advice/{entry_id}/seen/")


def test_emergency_advice_stays_until_read_and_comes_first(patient_api, clock):
    urgent, emergency, plain = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    save(patient_api, urgent, date="2026-11-21", red_flags=["worst_ever"])
    save(patient_api, emergency, date="2026-11-20", red_flags=["thunderclap", "worst_ever"])
    save(patient_api, plain, date="2026-11-19")

    shown = advice(patient_api)
    assert [row["entry"] for row in shown] == [str(emergency), str(urgent)]
    assert shown[0]["urgency"] == "emergency" and "emergency" in shown[0]["message"]

    clock["now"] += dt.timedelta(minutes=1)
    assert seen(patient_api, emergency).status_code == 200
    assert [row["entry"] for row in advice(patient_api)] == [str(urgent)]
    # A replayed tap (two devices, a retry) changes nothing.
    assert seen(patient_api, emergency).status_code == 200
    assert [row["entry"] for row in advice(patient_api)] == [str(urgent)]


def test_a_changed_entry_shows_its_new_advice_again(patient_api, clock):
    entry = uuid.uuid4()
    save(patient_api, entry, red_flags=["worst_ever"])
    clock["now"] += dt.timedelta(minutes=1)
    seen(patient_api, entry)
    assert advice(patient_api) == []

    # Replaying the same save (an offline retry) is not a change: still acknowledged.
    clock["now"] += dt.timedelta(minutes=1)
    save(patient_api, entry, red_flags=["worst_ever"])
    assert advice(patient_api) == []

    save(patient_api, entry, red_flags=["worst_ever", "thunderclap"])
    shown = advice(patient_api)
    assert [(row["entry"], row["urgency"]) for row in shown] == [(str(entry), "emergency")]


def test_old_advice_leaves_the_log_screen_after_30_days(patient_api, clock):
    save(patient_api, uuid.uuid4(), red_flags=["worst_ever"])
    clock["now"] += dt.timedelta(days=31)
    assert advice(patient_api) == []


def test_only_the_patients_own_advice(patient_api, other_api, clock):
    mine = uuid.uuid4()
    save(patient_api, mine, red_flags=["thunderclap"])
    assert advice(other_api) == []
    assert seen(other_api, mine).status_code == 404
    assert [row["entry"] for row in advice(patient_api)] == [str(mine)]
    assert seen(patient_api, uuid.uuid4()).status_code == 404


def test_clinicians_and_strangers_are_refused(patient, patient_api, clinician, clinician_api, anon_api, clock):
    entry = uuid.uuid4()
    save(patient_api, entry, red_flags=["thunderclap"])
    Grant.objects.create(patient=patient, clinician=clinician)
    assert clinician_api.get("/api/v1/advice/").status_code == 403
    assert seen(clinician_api, entry).status_code == 403
    assert anon_api.get("/api/v1/advice/").status_code in (401, 403)
    assert seen(anon_api, entry).status_code in (401, 403)
    # The clinician's attempt acknowledged nothing.
    assert [row["entry"] for row in advice(patient_api)] == [str(entry)]
