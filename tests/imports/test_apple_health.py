"""Apple Health: export.zip and export.xml, several sources, 100,000 records read as a stream."""

import datetime as dt
import io
import zipfile

import pytest

from diary.imports import apple_health
from diary.models import Entry
from tests.imports.helpers import upload

HEADER = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-12-01 10:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth=""/>
"""
TODAY = dt.date(2026, 12, 6)


def record(source: str, start: str, end: str, value: str, kind: str = "HKCategoryTypeIdentifierHeadache") -> bytes:
    return (
        f'<Record type="{kind}" sourceName="{source}" sourceVersion="17.1" creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}"/>\n'
    ).encode()


SMALL = (
    HEADER
    + record("iPhone", "2026-03-01 09:00:00 +0100", "2026-03-01 11:30:00 +0100", "HKCategoryValueSeverityModerate")
    + record("Bearable", "2026-03-01 09:00:00 +0100", "2026-03-01 11:30:00 +0100", "HKCategoryValueSeverityModerate")
    + record("iPhone", "2026-03-02 23:30:00 -0500", "2026-03-03 00:10:00 -0500", "HKCategoryValueSeveritySevere")
    + record("Watch", "2026-03-04 12:00:00 +0100", "2026-03-04 12:00:00 +0100", "HKCategoryValueSeverityNotPresent")
    + record("iPhone", "2026-03-05 08:00:00 +0100", "2026-03-05 09:00:00 +0100", "HKCategoryValueSeverityUnspecified")
    + record(
        "iPhone", "2026-03-05 08:00:00 +0100", "2026-03-05 08:05:00 +0100", "x", "HKQuantityTypeIdentifierStepCount"
    )
    + record("iPhone", "2026-03-06 08:00:00 +0100", "2026-03-06 08:05:00 +0100", "HKCategoryValueSeverityHuge")
    + b"</HealthData>\n"
)


def zipped(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def test_headache_records_become_entries_with_their_own_local_day():
    parsed = apple_health.read(io.BytesIO(SMALL), today=TODAY)
    entries = {row["row"]: row["entry"] for row in parsed.rows}
    assert (entries[1]["date"], entries[1]["started_at"], entries[1]["duration_minutes"]) == (
        "2026-03-01",
        "09:00",
        150,
    )
    assert entries[1]["severity"] == 5 and "iPhone" in entries[1]["notes"]
    assert (entries[3]["date"], entries[3]["severity"]) == ("2026-03-02", 8)  # the phone's own offset
    assert entries[4]["headache"] is False  # "not present": a headache-free day
    assert entries[5]["severity"] is None  # unspecified
    assert parsed.errors == [{"row": 6, "reason": "value: HKCategoryValueSeverityHuge is not a headache severity."}]


@pytest.mark.django_db
def test_the_same_headache_from_two_sources_is_imported_once(patient_api, patient, commit):
    body = upload(patient_api, zipped("apple_health_export/export.xml", SMALL), name="export.zip").json()
    assert body["format"] == "apple_health"
    assert (body["preview"]["create"], body["preview"]["skip"]) == (4, 1)
    assert body["preview"]["details"][0] == {
        "row": 2,
        "date": "2026-03-01",
        "action": "skip",
        "reason": "The same as row 1.",
    }
    commit(patient_api, body["id"])
    assert Entry.objects.filter(patient=patient).count() == 4


def test_a_hundred_thousand_records_are_read_as_a_stream():
    def lines():
        yield HEADER
        start = dt.datetime(2014, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        for number in range(100_000):
            source = ("iPhone", "Watch", "Migraine app")[number % 3]
            moment = start + dt.timedelta(hours=number)
            text = moment.strftime("%Y-%m-%d %H:%M:%S %z")
            end = (moment + dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S %z")
            yield record(source, text, end, "HKCategoryValueSeverityMild")
            if number % 10 == 0:
                yield record(source, text, end, "1", "HKQuantityTypeIdentifierHeartRate")
        yield b"</HealthData>\n"

    content = io.BytesIO(b"".join(lines()))
    parsed = apple_health.read(content, today=TODAY)
    assert len(parsed.rows) == 100_000 and parsed.errors == []
    assert {row["entry"]["notes"] for row in parsed.rows[:3]} == {
        "Apple Health (iPhone)",
        "Apple Health (Watch)",
        "Apple Health (Migraine app)",
    }
