"""Imported entries carry their source where a reader meets them (issue 26): the CSV and
FHIR exports and the clinician's pre-visit summary tell them from entries logged here."""

import csv
import datetime as dt
import io
import json
import uuid

import pytest

from diary.models import Grant
from diary.services.entries import entry_upsert
from diary.timezones import local_today
from tests.imports.helpers import upload

pytestmark = pytest.mark.django_db
MAPPING = json.dumps({"columns": {"date": "Day", "severity": "Pain", "side": "Side"}})


@pytest.fixture
def diary(patient, patient_api, commit):
    """Three headaches imported from a spreadsheet, and one logged in Neckline: its id."""
    today = local_today(patient)
    rows = [f"{today - dt.timedelta(days=n)},{n + 2},left" for n in (3, 4, 5)]
    created = upload(patient_api, ("Day,Pain,Side\n" + "\n".join(rows) + "\n").encode(), format="csv", mapping=MAPPING)
    assert created.status_code == 201, created.json()
    assert commit(patient_api, created.json()["id"]).status_code == 202
    typed, _ = entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=today, side="right", severity=6)
    return str(typed.id)


def test_the_csv_export_names_the_source_of_each_imported_entry(patient_api, diary):
    response = patient_api.get("/api/v1/export/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["id"]: row["source"] for row in rows if row["id"] == diary} == {diary: ""}
    assert sorted(row["source"] for row in rows if row["id"] != diary) == ["csv", "csv", "csv"]


def test_the_fhir_export_tags_imported_observations_only(patient_api, diary):
    bundle = patient_api.get("/api/v1/export/?format=fhir").json()
    observations = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation" and entry["resource"].get("identifier")
    ]
    tags = {
        observation["identifier"][0]["value"]: [tag["code"] for tag in observation.get("meta", {}).get("tag", [])]
        for observation in observations
    }
    assert tags.pop(diary) == []
    assert list(tags.values()) == [["csv"]] * 3
    tagged = next(o for o in observations if o.get("meta"))
    assert tagged["meta"]["tag"][0]["display"] == "Imported from A spreadsheet (CSV) with a column mapping"


def test_the_summary_counts_imported_entries_and_says_so(clinician_api, patient, clinician, diary):
    Grant.objects.create(patient=patient, clinician=clinician)
    summary = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    assert summary["imported"] == {"csv": 3}
    assert summary["episodes"] == 4
    assert (
        "3 entries of this window were imported from another diary (A spreadsheet (CSV) with a column mapping: 3)."
        in summary["overview"]
    )


def test_a_diary_kept_in_neckline_only_has_no_mark(clinician_api, patient, clinician):
    Grant.objects.create(patient=patient, clinician=clinician)
    entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=local_today(patient), side="right", severity=6)
    summary = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    assert summary["imported"] == {}
    assert not any("imported" in sentence for sentence in summary["overview"])


def test_the_diary_lists_each_imported_entry_with_its_source(patient_api, diary):
    listed = patient_api.get("/api/v1/entries/").json()["results"]
    sources = {entry["id"]: entry["source"] for entry in listed}
    assert sources.pop(diary) is None
    assert [source["format"] for source in sources.values()] == ["csv"] * 3
    imported_id = next(iter(sources))
    assert patient_api.get(f"/api/v1/entries/{imported_id}/").json()["source"] == sources[imported_id]


def test_editing_an_imported_entry_keeps_its_mark_and_takes_the_echoed_source(patient_api, diary):
    imported = next(e for e in patient_api.get("/api/v1/entries/").json()["results"] if e["source"])
    response = patient_api.put(f"/api/v1/entries/{imported['id']}/", {**imported, "severity": 9}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["severity"], response.json()["source"]) == (9, imported["source"])
