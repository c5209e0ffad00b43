"""The nightly pass's skip rule (diary.screening.skip) checked against the engine:
whenever it says a later day's outcome cannot differ, the engine agrees."""

import datetime as dt

from hypothesis import event, given, settings
from hypothesis import strategies as st

from diary.screening import EntryData, Profile, ReviewData, Thresholds, screen
from diary.screening.skip import moving_edges, outcome_unchanged
from tests.diary.test_screening_properties import TODAY, exams, headaches, maybe

T = Thresholds()
AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def outcome(report):
    return report.level, report.mixed, sorted({flag.code for flag in report.red_flags})


checkins = st.builds(
    EntryData,
    id=st.uuids().map(str),
    date=st.integers(0, 200).map(lambda days: TODAY - dt.timedelta(days=days)),
    headache=st.just(False),
)
diaries = st.lists(
    headaches.filter(lambda e: not e.red_flags) | checkins | headaches, max_size=150, unique_by=lambda e: e.id
)
profiles = st.builds(
    Profile,
    birth_year=maybe(st.integers(1940, 2010)),
    headaches_since=maybe(st.dates(dt.date(2025, 1, 1), TODAY).map(lambda d: d.replace(day=1))),
    cancer_history=maybe(st.booleans()),
)
reviews = st.lists(
    st.builds(
        ReviewData,
        code=st.sampled_from(["pattern_change", "new_side_locked", "new_after_50"]),
        date=st.integers(0, 120).map(lambda days: TODAY - dt.timedelta(days=days)),
        entry=st.none(),
        by=st.just("dr"),
        at=st.just(AT),
    ),
    max_size=2,
)


@settings(max_examples=500, deadline=None)
@given(entries=diaries, profile=profiles, exams=exams, reviews=reviews, back=st.integers(0, 60), step=st.integers(0, 3))
def test_a_skipped_patient_would_have_had_the_same_outcome(entries, profile, exams, reviews, back, step):
    last_to = TODAY - dt.timedelta(days=back + step)
    today = TODAY - dt.timedelta(days=back)
    # Only what existed at the last snapshot: an unchanged diary version.
    entries = [e for e in entries if e.date <= last_to]
    first = min((e.date for e in entries), default=None)
    edges = moving_edges(last_to, today, 90, T)
    edge_dates = [e.date for e in entries if any(a <= e.date <= b for a, b in edges)]
    skip = outcome_unchanged(
        last_to=last_to,
        today=today,
        first_logged=first,
        headaches_since=profile.headaches_since,
        edge_dates=edge_dates,
        pattern_review_dates=[r.date for r in reviews if r.code == "pattern_change"],
        exam_dates=[exam.date for exam in exams],
        days=90,
        t=T,
    )
    event(f"skip={skip} step>0={step > 0} entries>0={bool(entries)}")
    if skip:
        before = screen(entries=entries, profile=profile, exams=exams, reviews=reviews, today=last_to, thresholds=T)
        after = screen(entries=entries, profile=profile, exams=exams, reviews=reviews, today=today, thresholds=T)
        assert outcome(after) == outcome(before)


def test_an_entry_leaving_the_window_means_a_recompute():
    last_to, today = TODAY - dt.timedelta(days=1), TODAY
    assert not outcome_unchanged(
        last_to=last_to,
        today=today,
        first_logged=TODAY - dt.timedelta(days=200),
        headaches_since=None,
        edge_dates=[TODAY - dt.timedelta(days=90)],
        days=90,
        t=T,
    )
    assert outcome_unchanged(
        last_to=last_to,
        today=today,
        first_logged=TODAY - dt.timedelta(days=200),
        headaches_since=None,
        edge_dates=[TODAY - dt.timedelta(days=91)],
        days=90,
        t=T,
    )


def test_a_young_diary_is_always_recomputed():
    assert not outcome_unchanged(
        last_to=TODAY - dt.timedelta(days=1),
        today=TODAY,
        first_logged=TODAY - dt.timedelta(days=88),
        headaches_since=None,
        edge_dates=[],
        days=90,
        t=T,
    )
