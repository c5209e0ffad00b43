"""A stored snapshot's report reads back as the report it was: the same JSON and the same
summaries, for the patient and for the clinician (diary.screening.engine.Report.from_dict)."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.screening import Report, screen
from diary.screening.summaries import clinician_summary, patient_summary
from tests.diary.test_screening_properties import TODAY, blocks, diaries, exams, profiles, reviews


@settings(max_examples=150, deadline=None)
@given(entries=diaries, profile=profiles, exams=exams, blocks=blocks, reviews=reviews, days=st.integers(28, 365))
def test_a_report_read_back_from_its_json_is_the_same_report(entries, profile, exams, blocks, reviews, days):
    report = screen(
        entries=entries, profile=profile, exams=exams, blocks=blocks, reviews=reviews, today=TODAY, days=days
    )
    stored = json.loads(json.dumps(report.to_dict()))  # as the snapshot's JSON column gives it back

    again = Report.from_dict(stored)

    assert again.to_dict() == report.to_dict()
    assert patient_summary(again) == patient_summary(report)
    assert clinician_summary(again) == clinician_summary(report)
    assert [(f.code, f.date, f.entry, f.holds) for f in again.red_flags] == [
        (f.code, f.date, f.entry, f.holds) for f in report.red_flags
    ]
    assert again.window == report.window
