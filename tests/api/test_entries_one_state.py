"""One state per day (docs/api.md): a day is a headache day or a headache-free
day, never both, and double taps or offline resends never add a second check-in."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from diary.models import Entry

DAY = "2026-11-20"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def put(client, body, entry_id=None):
    return client.put(f"/api/v1/entries/{entry_id or uuid.uuid4()}/", body, format="json")


def headache(**overrides):
    return {"date": DAY, "side": "left", "severity": 5, **overrides}


def checkin(**overrides):
    return {"date": DAY, "headache": False, **overrides}


def day_entries(patient, date=DAY):
    return sorted(Entry.objects.filter(patient=patient, date=date).values_list("headache", flat=True))


class TestCheckIn:
    def test_a_checkin_on_a_headache_day_is_refused_naming_the_date_and_nothing_is_stored(self, patient_api, patient):
        put(patient_api, headache())
        response = put(patient_api, checkin())
        assert response.status_code == 400
        [message] = response.json()["headache"]
        assert DAY in message and "headache" in message
        assert day_entries(patient) == [True]

    def test_a_second_checkin_with_another_id_is_refused_and_the_first_stands(self, patient_api, patient):
        first = uuid.uuid4()
        put(patient_api, checkin(notes="first"), first)
        response = put(patient_api, checkin(notes="second"))
        assert response.status_code == 400
        assert DAY in response.json()["headache"][0]
        assert list(Entry.objects.filter(patient=patient).values_list("id", "notes")) == [(first, "first")]

    def test_replaying_a_checkin_is_idempotent_and_it_may_be_edited(self, patient_api, patient):
        entry_id = uuid.uuid4()
        codes = [put(patient_api, checkin(screen_hours=3), entry_id).status_code for _ in range(3)]
        assert codes == [201, 200, 200]
        edited = put(patient_api, checkin(screen_hours=5), entry_id)
        assert edited.status_code == 200 and edited.json()["screen_hours"] == 5
        assert day_entries(patient) == [False]

    def test_another_patients_day_does_not_count(self, patient_api, other_api, patient):
        put(other_api, headache())
        assert put(patient_api, checkin()).status_code == 201

    def test_the_only_headache_of_a_day_may_become_a_checkin(self, patient_api, patient):
        entry_id = uuid.uuid4()
        put(patient_api, headache(), entry_id)
        assert put(patient_api, checkin(), entry_id).status_code == 200
        assert day_entries(patient) == [False]

    def test_a_headache_cannot_become_a_checkin_beside_another_headache(self, patient_api, patient):
        entry_id = uuid.uuid4()
        put(patient_api, headache(started_at="08:00"), entry_id)
        put(patient_api, headache(started_at="17:00"))
        response = put(patient_api, checkin(), entry_id)
        assert response.status_code == 400 and "headache" in response.json()
        assert day_entries(patient) == [True, True]

    def test_a_checkin_cannot_move_to_a_day_with_a_headache(self, patient_api, patient):
        entry_id = uuid.uuid4()
        put(patient_api, checkin(date="2026-11-19"), entry_id)
        put(patient_api, headache())
        response = put(patient_api, checkin(), entry_id)
        assert response.status_code == 400 and DAY in response.json()["headache"][0]
        assert Entry.objects.get(pk=entry_id).date == dt.date(2026, 11, 19)


class TestHeadacheReplacesCheckIn:
    def test_a_headache_on_a_checkin_day_replaces_the_checkin_and_says_so(self, patient_api, patient):
        checkin_id = uuid.uuid4()
        put(patient_api, checkin(), checkin_id)
        response = put(patient_api, headache())
        assert response.status_code == 201
        assert response.json()["replaced_checkin"] == str(checkin_id)
        assert day_entries(patient) == [True]
        assert not Entry.objects.filter(pk=checkin_id).exists()

    def test_a_replayed_headache_replaces_nothing_more_and_stays_one_entry(self, patient_api, patient):
        put(patient_api, checkin())
        headache_id = uuid.uuid4()
        put(patient_api, headache(), headache_id)
        again = put(patient_api, headache(), headache_id)
        assert again.status_code == 200 and again.json()["replaced_checkin"] is None
        assert day_entries(patient) == [True]

    def test_a_resent_checkin_after_its_replacement_is_refused_and_deletes_nothing(self, patient_api, patient):
        checkin_id = uuid.uuid4()
        put(patient_api, checkin(), checkin_id)
        put(patient_api, headache(notes="what I wrote"))
        response = put(patient_api, checkin(), checkin_id)  # the phone's offline queue sends it again
        assert response.status_code == 400
        assert list(Entry.objects.filter(patient=patient).values_list("headache", "notes")) == [(True, "what I wrote")]

    def test_a_checkin_edited_into_a_headache_keeps_its_id_and_replaces_nothing(self, patient_api, patient):
        entry_id = uuid.uuid4()
        put(patient_api, checkin(), entry_id)
        response = put(patient_api, headache(), entry_id)
        assert response.status_code == 200 and response.json()["replaced_checkin"] is None
        assert list(Entry.objects.filter(patient=patient).values_list("id", "headache")) == [(entry_id, True)]

    def test_a_headache_moved_to_a_checkin_day_replaces_that_checkin(self, patient_api, patient):
        checkin_id, headache_id = uuid.uuid4(), uuid.uuid4()
        put(patient_api, checkin(), checkin_id)
        put(patient_api, headache(date="2026-11-19"), headache_id)
        response = put(patient_api, headache(), headache_id)
        assert response.status_code == 200 and response.json()["replaced_checkin"] == str(checkin_id)
        assert day_entries(patient) == [True] and day_entries(patient, "2026-11-19") == []

    def test_a_plain_headache_save_says_it_replaced_nothing(self, patient_api):
        assert put(patient_api, headache()).json()["replaced_checkin"] is None

    def test_the_replacement_moves_the_diary_version_for_screening(self, patient_api, patient):
        put(patient_api, checkin())
        patient.refresh_from_db()
        before = patient.diary_changed_at
        patient.diary_changed_at = None
        patient.save(update_fields=["diary_changed_at"])
        put(patient_api, headache())
        patient.refresh_from_db()
        assert before is not None and patient.diary_changed_at is not None
