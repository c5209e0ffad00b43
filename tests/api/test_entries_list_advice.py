"""The list of entries says what the single GET and the save response say (docs/api.md,
Entries): an entry whose red flag is completed by another entry (the manipulation,
then dizziness days later) carries the emergency advice and `related` in the list too."""

import datetime as dt

import pytest
from django.utils import timezone

from api.entries.render import ROW_COLUMNS, advice_context, entries_json
from diary.models import Entry
from diary.selectors.entries import NEWEST_FIRST
from tests.api.test_patterns_red_flag_advice_and_profile import put

LIST_URL = "/api/v1/entries/"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def listed(client) -> dict[str, dict]:
    response = client.get(LIST_URL)
    assert response.status_code == 200
    return {entry["id"]: entry for entry in response.json()["results"]}


def test_the_list_and_the_single_get_carry_the_advice_an_earlier_entry_completes(patient_api):
    manipulation = put(patient_api, 2, side="right", severity=5, red_flags=["after_injury_or_manipulation"]).json()
    later = put(patient_api, 1, side="right", severity=6, symptoms=["dizziness", "eyelid_droop_swelling"]).json()
    quiet = put(patient_api, 0, side="right", severity=3, symptoms=["nausea"]).json()

    entries = listed(patient_api)
    for entry_id, other_id in ((later["id"], manipulation["id"]), (manipulation["id"], later["id"])):
        single = patient_api.get(f"{LIST_URL}{entry_id}/").json()
        assert entries[entry_id]["advice"] == single["advice"]
        assert single["advice"]["urgency"] == "emergency"
        assert single["advice"]["related"] == [other_id]
        assert "after_injury_or_manipulation" in single["advice"]["codes"]
    # The save response of the later entry said the same.
    assert entries[later["id"]]["advice"] == later["advice"]
    assert entries[quiet["id"]]["advice"] is None


def test_dizziness_more_than_14_days_after_the_injury_has_no_advice_in_the_list(patient_api):
    manipulation = put(patient_api, 20, side="right", severity=5, red_flags=["after_injury_or_manipulation"]).json()
    later = put(patient_api, 5, side="right", severity=6, symptoms=["dizziness"]).json()

    entries = listed(patient_api)
    assert entries[later["id"]]["advice"] is None
    assert entries[manipulation["id"]]["advice"]["urgency"] == "urgent"
    assert entries[manipulation["id"]]["advice"]["related"] == []


def test_the_list_never_relates_another_patients_entries(patient_api, other_api):
    put(other_api, 2, side="right", severity=5, red_flags=["after_injury_or_manipulation"])
    later = put(patient_api, 1, side="right", severity=6, symptoms=["dizziness"]).json()

    assert listed(patient_api)[later["id"]]["advice"] is None
    assert patient_api.get(f"{LIST_URL}{later['id']}/").json()["advice"] is None


def test_the_list_written_by_python_says_the_same_as_the_one_written_by_the_database(patient, patient_api):
    # SQLite (a local run) lists through entries_json; PostgreSQL writes the JSON itself.
    put(patient_api, 2, side="right", severity=5, red_flags=["after_injury_or_manipulation"])
    put(patient_api, 1, side="right", severity=6, symptoms=["dizziness"])
    rows = Entry.objects.filter(patient=patient).order_by(*NEWEST_FIRST).values(*ROW_COLUMNS)

    written = entries_json(rows, advice_context(patient), patient_id=patient.pk)
    assert [entry["advice"] for entry in written] == [entry["advice"] for entry in listed(patient_api).values()]
    assert [entry["advice"]["urgency"] for entry in written] == ["emergency", "emergency"]
