"""The entries list a page at a time (docs/api-extensions.md, Entries pagination),
and its rows rendered without a serializer per row."""

import datetime as dt
import itertools
import json
import uuid

import pytest
from django.utils import timezone

from api.entries.render import ROW_COLUMNS, advice_context, entries_json, entry_instance_json
from api.entries.serializers import EntrySerializer
from diary.models import Entry
from diary.selectors import entries as entry_selectors

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC))


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(entry_selectors, "PAGE_SIZE", 5)


def diary(patient, per_day: dict[dt.date, int]) -> list[uuid.UUID]:
    entries = [
        Entry(id=uuid.uuid4(), patient=patient, date=day, side="left", severity=3, started_at=dt.time(8 + n, 0))
        for day, count in per_day.items()
        for n in range(count)
    ]
    Entry.objects.bulk_create(entries)
    return [entry.id for entry in entries]


def every_page(client, path, params=None):
    pages = []
    response = client.get(path, params)
    while True:
        assert response.status_code == 200
        pages.append(response.json())
        if pages[-1]["next"] is None:
            return pages
        response = client.get(pages[-1]["next"])


def test_following_next_lists_every_entry_once_newest_first_in_whole_days(patient_api, patient, small_pages):
    per_day = {TODAY - dt.timedelta(days=d): 1 + d % 3 for d in range(20)}  # 1 to 3 entries a day, 39 in all
    ids = diary(patient, per_day)

    pages = every_page(patient_api, "/api/v1/entries/", {"from": "2026-10-01", "to": TODAY.isoformat()})

    listed = [entry for page in pages for entry in page["results"]]
    assert sorted(entry["id"] for entry in listed) == sorted(str(i) for i in ids)
    keys = [(entry["date"], entry["started_at"]) for entry in listed]
    assert keys == sorted(keys, reverse=True)
    assert len(pages) > 1 and all(len(page["results"]) <= 5 for page in pages)
    days_per_page = [{entry["date"] for entry in page["results"]} for page in pages]
    for earlier, later in itertools.pairwise(days_per_page):
        assert not earlier & later  # a day is never split across pages


def test_next_keeps_the_range_start_and_moves_its_end(patient_api, patient, small_pages):
    diary(patient, {TODAY - dt.timedelta(days=d): 2 for d in range(6)})
    first = patient_api.get("/api/v1/entries/", {"from": "2026-11-01", "to": TODAY.isoformat()}).json()
    assert first["next"] == "/api/v1/entries/?from=2026-11-01&to=2026-11-19"
    assert [entry["date"] for entry in first["results"]] == ["2026-11-21"] * 2 + ["2026-11-20"] * 2


def test_the_default_range_pages_with_an_explicit_start(patient_api, patient, small_pages):
    diary(patient, {TODAY - dt.timedelta(days=d): 1 for d in range(8)})
    first = patient_api.get("/api/v1/entries/").json()
    assert first["next"] == "/api/v1/entries/?from=2025-11-22&to=2026-11-16"


def test_a_day_with_more_entries_than_a_page_comes_whole(patient_api, patient, small_pages):
    diary(patient, {TODAY: 8, TODAY - dt.timedelta(days=1): 1})
    pages = every_page(patient_api, "/api/v1/entries/", {"from": "2026-11-01"})
    assert [len(page["results"]) for page in pages] == [8, 1]


def test_a_short_diary_is_one_page(patient_api, patient):
    diary(patient, {TODAY: 3})
    body = patient_api.get("/api/v1/entries/").json()
    assert len(body["results"]) == 3 and body["next"] is None


def test_a_page_of_another_patients_range_holds_nothing_of_yours(other_api, patient, small_pages):
    diary(patient, {TODAY - dt.timedelta(days=d): 2 for d in range(6)})
    assert other_api.get("/api/v1/entries/").json() == {"results": [], "next": None}


@pytest.mark.parametrize(
    ("red_flags", "microsecond"), [([], 123456), (["thunderclap"], 0), (["cough_exertion_triggered"], 5)]
)
def test_every_renderer_gives_exactly_what_the_serializer_gives(patient_api, patient, red_flags, microsecond):
    entry = Entry.objects.create(
        id=uuid.uuid4(),
        patient=patient,
        date=TODAY,
        started_at=dt.time(14, 30),
        duration_minutes=90,
        ongoing=False,
        side="right",
        onset_region="neck",
        severity=6,
        quality="pressing",
        neck_trigger="sustained_posture",
        posture="desk_screen",
        worse_with_activity=True,
        symptoms=["neck_stiffness"],
        medications=[{"name": "Ibuprofen", "kind": "nsaid", "relief": "partial"}],
        red_flags=red_flags,
        screen_hours=7,
        notes="ø",
    )
    at = dt.datetime(2026, 11, 21, 10, 5, 7, microsecond, tzinfo=dt.UTC)
    Entry.objects.filter(pk=entry.pk).update(created_at=at, updated_at=at)
    entry.refresh_from_db()
    expected = EntrySerializer(entry).data
    assert entry_instance_json(entry) == expected
    rows, _ = entry_selectors.entries_page(patient=patient, date_from=TODAY, date_to=TODAY, columns=ROW_COLUMNS)
    # As the views call it: with the patient's context (local today, age, emergency number).
    assert entries_json(rows, advice_context(patient)) == [expected]
    listed = patient_api.get("/api/v1/entries/", {"from": TODAY.isoformat()}).json()["results"]
    assert listed == [json.loads(json.dumps(expected))]
