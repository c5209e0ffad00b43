"""The Migraine Buddy golden file (written from issue 26's layout): ongoing events in the
preamble, offsets across both daylight-saving changes and odd ones (+5:45, -2:30), quoted
multi-value cells, the "no medication" sentinel, a formula cell, and rows that cannot be read."""

import datetime as dt
from pathlib import Path

from diary.imports import migraine_buddy

GOLDEN = (Path(__file__).parent / "golden" / "migraine_buddy.csv").read_text()
TODAY = dt.date(2026, 12, 6)


def parsed(**kwargs):
    result = migraine_buddy.read(GOLDEN, today=TODAY, **kwargs)
    return result, {row["row"]: row for row in result.rows}


def test_each_attack_becomes_a_headache_with_its_local_day_time_and_duration():
    _result, rows = parsed()
    first = rows[5]["entry"]
    assert (first["date"], first["started_at"], first["duration_minutes"]) == ("2026-03-28", "09:15", 1575)
    assert first["severity"] == 7
    assert (first["side"], first["onset_region"]) == ("right", "neck")
    assert first["symptoms"] == ["nausea", "photophobia", "neck_stiffness"]
    assert first["neck_trigger"] == "sustained_posture"
    assert first["medications"] == [{"name": "Ibuprofen", "kind": "nsaid", "relief": "complete"}]


def test_what_has_no_neckline_field_is_kept_in_the_notes_and_named():
    result, rows = parsed()
    notes = rows[5]["entry"]["notes"]
    for kept in ("Attack Types: Migraine", "Potential Triggers: Stress", "Weather: Rain", "Notes: desk all day"):
        assert kept in notes
    assert result.not_mapped["Weather"] == "kept in the notes"
    assert result.not_mapped["Geohash"] == "dropped (a location)"
    assert all("u4xsudv" not in row["entry"]["notes"] for row in result.rows)


def test_the_geohash_is_kept_only_when_asked():
    _result, rows = parsed(keep_location=True)
    assert "Geohash: u4xsudv" in rows[5]["entry"]["notes"]


def test_the_same_local_time_twice_across_the_autumn_change_is_two_attacks():
    _result, rows = parsed()
    assert rows[7]["entry"]["started_at"] == rows[8]["entry"]["started_at"] == "02:30"
    assert rows[7]["key"] != rows[8]["key"]
    assert rows[7]["key"] == "2026-10-25T00:30:00Z" and rows[8]["key"] == "2026-10-25T01:30:00Z"


def test_odd_offsets_keep_the_local_day():
    _result, rows = parsed()
    assert rows[9]["entry"]["date"] == "2026-11-02" and rows[9]["key"] == "2026-11-02T12:15:00Z"


def test_quoted_values_with_commas_and_the_sentinel():
    _result, rows = parsed()
    assert rows[6]["entry"]["medications"] == []  # "no medication"
    assert [medication["name"] for medication in rows[7]["entry"]["medications"]] == [
        "Paracetamol, 500 mg",
        "Sumatriptan",
        "Codeine",
    ]
    assert [medication["relief"] for medication in rows[7]["entry"]["medications"]] == ["partial", "partial", "none"]
    assert rows[7]["entry"]["side"] == "both" and rows[8]["entry"]["side"] == "both"


def test_a_formula_cell_is_defused_in_the_notes():
    _result, rows = parsed()
    assert "Notes: '=HYPERLINK" in rows[9]["entry"]["notes"]
    assert "\n=" not in rows[9]["entry"]["notes"]


def test_ongoing_events_of_the_preamble_are_ongoing_headaches():
    _result, rows = parsed()
    ongoing = rows[2]["entry"]
    assert (ongoing["date"], ongoing["started_at"], ongoing["ongoing"]) == ("2026-11-30", "07:45", True)


def test_rows_that_cannot_be_read_are_named_with_the_reason():
    result, rows = parsed()
    reasons = {error["row"]: error["reason"] for error in result.errors}
    assert set(reasons) == {10, 11}
    assert "0 to 10" in reasons[10]
    assert "Started" in reasons[11]
    assert 10 not in rows and 11 not in rows
