"""Red flags in the report, the advice that leads the patient's summary, and
the wording of both summaries."""

import datetime as dt
import re

import pytest

from diary.red_flags import message_for
from diary.screening import Profile
from diary.screening.summaries import clinician_summary, patient_summary
from tests.diary.screening_diaries import TODAY, checkin, episode, neck_episode, run, spread


def flag_codes(report):
    return [f.code for f in report.red_flags]


def test_entry_flags_lead_with_the_emergency_then_the_most_recent():
    entries = spread(
        [
            neck_episode(red_flags=("cough_exertion_triggered",)),
            neck_episode(),
            neck_episode(red_flags=("neuro_deficit",)),
        ]
    )
    report = run(entries)
    assert flag_codes(report) == ["neuro_deficit", "cough_exertion_triggered"]
    assert [f.entry for f in report.red_flags] == [entries[2].id, entries[0].id]


def test_the_patient_summary_starts_with_what_to_do_now():
    report = run(spread([neck_episode(red_flags=("thunderclap",))] + [neck_episode() for _ in range(9)]))
    summary = patient_summary(report)
    assert summary.startswith(message_for("emergency"))
    assert f"on {TODAY.day} November: it reached its worst within a minute" in summary
    assert "neck" not in summary.split("You logged these warning signs:")[0]


def test_an_urgent_flag_alone_gives_the_urgent_advice():
    report = run(spread([neck_episode(red_flags=("worse_standing_better_lying",))]))
    assert patient_summary(report).startswith(message_for("urgent"))


# new_after_50: headaches began in the last 12 months, age >= 50


@pytest.mark.parametrize(
    ("born", "since", "flagged"),
    [
        (TODAY.year - 50, dt.date(2025, 11, 1), True),
        (TODAY.year - 49, dt.date(2025, 11, 1), False),
        (TODAY.year - 50, dt.date(2025, 10, 1), False),
        (None, dt.date(2026, 10, 1), False),
    ],
)
def test_new_after_50(born, since, flagged):
    report = run(spread([episode() for _ in range(3)]), profile=Profile(birth_year=born, headaches_since=since))
    assert ("new_after_50" in flag_codes(report)) is flagged
    assert (report.level == "urgent_review") is flagged


def test_new_after_50_needs_a_headache_in_the_window():
    profile = Profile(birth_year=1950, headaches_since=dt.date(2026, 9, 1))
    assert run([checkin(i) for i in range(30)], profile=profile).red_flags == ()


# new_side_locked: headaches began in the last 3 months and side_locked is met


@pytest.mark.parametrize(("since", "flagged"), [(dt.date(2026, 8, 1), True), (dt.date(2026, 7, 1), False)])
def test_new_side_locked(since, flagged):
    report = run(spread([neck_episode() for _ in range(6)]), profile=Profile(headaches_since=since))
    assert ("new_side_locked" in flag_codes(report)) is flagged


def test_new_side_locked_needs_a_locked_side():
    alternating = [neck_episode(side=side) for side in ["left", "right"] * 3]
    report = run(spread(alternating), profile=Profile(headaches_since=dt.date(2026, 10, 1)))
    assert report.red_flags == ()


# pattern_change: last 30 days >= 2x the 30-day average of the 60 days before


def pattern(recent: int, before: int, logged_before: int = 60):
    entries = [episode(i) for i in range(recent)] + [checkin(i) for i in range(recent, 30)]
    entries += [episode(30 + i * 2) for i in range(before)]
    entries += [
        checkin(day_) for day_ in range(30, 30 + logged_before) if day_ not in {30 + i * 2 for i in range(before)}
    ]
    return entries


@pytest.mark.parametrize(("recent", "before", "flagged"), [(6, 6, True), (5, 6, False), (4, 0, True), (3, 0, False)])
def test_pattern_change_at_twice_the_earlier_average(recent, before, flagged):
    report = run(pattern(recent, before), pattern_change_min_logged_before=30)
    assert ("pattern_change" in flag_codes(report)) is flagged
    if flagged:
        assert len(report.red_flags[0].evidence) == recent


# v3: the baseline is a rate over its logged days, and needs 30 of the 60 (was: all 60).
@pytest.mark.parametrize(("logged_before", "flagged"), [(30, True), (29, False)])
def test_pattern_change_needs_30_logged_days_before(logged_before, flagged):
    report = run(pattern(10, 0, logged_before=logged_before), pattern_change_min_logged_before=30)
    assert ("pattern_change" in flag_codes(report)) is flagged


def test_pattern_change_on_a_gappy_baseline():
    # Issue 21: 56 of 60 baseline days logged and a five-fold rise.
    entries = [episode(i) for i in range(0, 30, 3)] + [checkin(i) for i in range(30) if i % 3]
    entries += [episode(30 + i * 30) for i in range(2)] + [checkin(d) for d in range(31, 86) if d != 60]
    report = run(entries, pattern_change_min_logged_before=30)
    assert [f.urgency for f in report.red_flags if f.code == "pattern_change"] == ["soon"]


def test_pattern_change_looks_back_90_days_whatever_the_window():
    report = run(pattern(6, 6), days=28, pattern_change_min_logged_before=30)
    assert flag_codes(report) == ["pattern_change"]


# Wording


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


@pytest.mark.parametrize(
    "entries",
    [
        lambda: spread([neck_episode() for _ in range(10)]),
        lambda: spread([episode(side="both", quality="pressing", severity=3) for _ in range(20)]),
        lambda: spread([neck_episode(red_flags=("fever_stiff_neck",))]),
        lambda: spread([neck_episode()], logged_days=5),
    ],
)
def test_no_summary_ever_claims_a_diagnosis(entries):
    report = run(entries())
    for text in (patient_summary(report), clinician_summary(report)):
        assert words(text).count("diagnos") == words(text).count("not a diagnosis")


def test_the_patient_summary_of_a_neck_pattern_is_calm_and_suggests_a_clinician():
    summary = patient_summary(run(spread([neck_episode() for _ in range(10)])))
    assert "often seen when headaches start in the neck" in summary
    assert "to a doctor first" in summary and "physiotherapist can be part of the care your doctor plans" in summary
    assert "manipulat" not in summary.lower()
    assert "cervicogenic" not in summary.lower()


def test_the_clinician_summary_spells_out_its_dates_and_calls_not_sure_an_answer():
    report = run(spread([neck_episode() for _ in range(10)] + [neck_episode(neck_trigger="unsure")]))
    text = clinician_summary(report)
    start = report.window.date_from
    assert f"Over the 90 days from {start.day} {start:%B %Y} to 21 November 2026 (60 of them observed)" in text
    assert "1 not answered or “not sure”" in text
    assert ".." not in text and "unrecorded" not in text and " d," not in text


def test_the_clinician_summary_gives_no_rate_from_too_few_observed_days():
    text = clinician_summary(run(spread([neck_episode() for _ in range(3)], logged_days=5)))
    assert "3 headache days (too few days observed for a rate)" in text
    assert "per 30" not in text.splitlines()[0]


def test_the_clinician_summary_has_the_figures_and_the_criteria_names():
    report = run(spread([neck_episode() for _ in range(10)] + [episode(side="left")]))
    text = clinician_summary(report)
    assert "Level: possible cervicogenic pattern" in text
    assert "60 logged days, 11 headache days" in text
    assert "side-locked absent: 10 of 11 episodes (91%)" in text
    assert (
        "mechanical precipitation (neck movement, sustained posture or external pressure) present: 10 of 10 "
        "episodes (100%)" in text
    )
    assert "ICHD-3 11.2.1" in text
    assert "_" not in text  # clinical words, never engine codes


def test_the_clinician_summary_says_to_reassess_after_withdrawal():
    overuse = [neck_episode(medications=(("triptan", "partial"),)) for _ in range(15)]
    text = clinician_summary(run(spread(overuse, logged_days=30)))
    assert "medication-overuse headache (ICHD-3 8.2) at risk" in text and "after withdrawal" in text
