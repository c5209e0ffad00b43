"""Property tests: the engine never raises on a diary the API accepts, and the
report does not depend on the order the entries come in."""

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.choices import EntryRedFlag, MedicationKind, NeckTrigger, OnsetRegion, Quality, Relief, Side, Symptom
from diary.screening import EntryData, ExamData, Profile, screen
from diary.screening.summaries import clinician_summary, patient_summary

TODAY = dt.date(2026, 11, 21)


def maybe(strategy):
    return st.none() | strategy


def values(choices):
    return st.sampled_from(choices.values)


dates = st.integers(min_value=0, max_value=400).map(lambda days: TODAY - dt.timedelta(days=days))

headaches = st.builds(
    EntryData,
    id=st.uuids().map(str),
    date=dates,
    headache=st.just(True),
    side=values(Side),
    severity=st.integers(0, 10),
    onset_region=maybe(values(OnsetRegion)),
    quality=maybe(values(Quality)),
    neck_trigger=maybe(values(NeckTrigger)),
    worse_with_activity=maybe(st.booleans()),
    duration_minutes=maybe(st.integers(1, 10080)),
    symptoms=st.frozensets(values(Symptom)),
    medications=st.lists(st.tuples(values(MedicationKind), values(Relief)), max_size=10).map(tuple),
    red_flags=st.lists(values(EntryRedFlag), unique=True, max_size=3).map(tuple),
)
checkins = st.builds(EntryData, id=st.uuids().map(str), date=dates, headache=st.just(False))
# Mostly clean diaries, so that the rules past the red-flag step get exercised too.
diaries = st.lists(
    st.one_of(headaches.filter(lambda e: not e.red_flags) | checkins, headaches, checkins), max_size=120,
    unique_by=lambda e: e.id,
)
profiles = st.builds(
    Profile,
    birth_year=maybe(st.integers(1900, TODAY.year)),
    headaches_since=maybe(st.dates(dt.date(1920, 1, 1), TODAY).map(lambda d: d.replace(day=1))),
)
exams = st.lists(st.builds(
    ExamData, id=st.integers(1, 10**6).map(str), date=dates, frt_left_deg=maybe(st.integers(0, 90)),
    frt_right_deg=maybe(st.integers(0, 90)), block_relief_percent=maybe(st.integers(0, 100)),
), max_size=3, unique_by=lambda e: e.id)


@settings(max_examples=300, deadline=None)
@given(entries=diaries, profile=profiles, exams=exams, days=st.integers(28, 365), seed=st.randoms())
def test_the_engine_never_raises_and_ignores_entry_order(entries, profile, exams, days, seed):
    report = screen(entries=entries, profile=profile, exams=exams, today=TODAY, days=days)
    as_json = report.to_dict()
    json.dumps(as_json)
    assert patient_summary(report) and clinician_summary(report)

    shuffled = list(entries)
    seed.shuffle(shuffled)
    again = screen(entries=shuffled, profile=profile, exams=list(reversed(exams)), today=TODAY, days=days)
    assert again.to_dict() == as_json


@settings(max_examples=200, deadline=None)
@given(entries=diaries, days=st.integers(28, 365))
def test_every_piece_of_evidence_is_an_entry_of_the_diary(entries, days):
    report = screen(entries=entries, profile=Profile(), today=TODAY, days=days)
    known = {e.id for e in entries}
    claims = [*report.signals[:4], *report.caps, *report.differentials, *report.red_flags]
    assert all(set(claim.evidence) <= known for claim in claims)
    assert report.window.logged_days <= days
