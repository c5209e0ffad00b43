"""The five signals of screening.md, at each threshold and just below it."""

import datetime as dt

import pytest

from diary.screening import ExamData
from tests.diary.screening_diaries import TODAY, episode, neck_episode, run, spread


def signal(entries, code, **kwargs):
    return run(spread(entries), **kwargs).signal(code)


# side_locked: unilateral share >= 0.80, dominant side >= 0.95 of those, n >= 5


def test_side_locked_is_met_at_exactly_80_percent_unilateral():
    s = signal([episode() for _ in range(8)] + [episode(side="both") for _ in range(2)], "side_locked")
    assert s.met and s.value == 1.0 and (s.count, s.n, s.unanswered) == (8, 10, 0)


def test_side_locked_is_not_met_just_below_80_percent_unilateral():
    s = signal([episode() for _ in range(7)] + [episode(side="both") for _ in range(2)], "side_locked")
    assert not s.met  # 7 of 9 = 0.78


def test_side_locked_is_met_at_exactly_95_percent_on_one_side():
    s = signal([episode() for _ in range(19)] + [episode(side="left")], "side_locked")
    assert s.met and s.value == 0.95


def test_side_locked_is_not_met_just_below_95_percent_on_one_side():
    s = signal([episode() for _ in range(18)] + [episode(side="left")], "side_locked")
    assert not s.met and round(s.value, 3) == 0.947


@pytest.mark.parametrize(("count", "met"), [(4, False), (5, True)])
def test_side_locked_needs_five_episodes_behind_it(count, met):
    assert signal([episode(side="left") for _ in range(count)], "side_locked").met is met


def test_side_locked_names_the_episodes_on_the_dominant_side():
    right = [episode() for _ in range(19)]
    s = signal(right + [episode(side="left")], "side_locked")
    assert len(s.evidence) == 19 and set(s.evidence) == {e.id for e in right}


# mechanical_trigger: share >= 0.50 over known triggers, n >= 3 mechanical


def test_mechanical_trigger_is_met_at_half_of_known_triggers():
    entries = [episode(neck_trigger=t) for t in ("movement", "pressure", "sustained_posture")]
    s = signal(entries + [episode(neck_trigger="none") for _ in range(3)], "mechanical_trigger")
    assert s.met and s.value == 0.5 and (s.count, s.n) == (3, 6)


def test_mechanical_trigger_is_not_met_just_below_half():
    entries = [episode(neck_trigger="movement") for _ in range(3)] + [episode(neck_trigger="none") for _ in range(4)]
    assert not signal(entries, "mechanical_trigger").met


@pytest.mark.parametrize(("count", "met"), [(2, False), (3, True)])
def test_mechanical_trigger_needs_three_mechanical_episodes(count, met):
    assert signal([episode(neck_trigger="movement") for _ in range(count)], "mechanical_trigger").met is met


def test_unsure_and_unanswered_triggers_stay_out_of_the_share():
    entries = [episode(neck_trigger="movement") for _ in range(3)]
    entries += [episode(neck_trigger="unsure") for _ in range(5)] + [episode(neck_trigger=None) for _ in range(5)]
    s = signal(entries, "mechanical_trigger")
    # n: the episodes that answered; unanswered: "not sure" or left open.
    assert s.met and (s.count, s.n, s.unanswered) == (3, 3, 10)


# neck_onset and ipsilateral_neck_arm_pain: share >= 0.50, n >= 3


@pytest.mark.parametrize(("others", "met"), [(3, True), (4, False)])
def test_neck_onset_is_met_from_half_of_known_onsets(others, met):
    entries = [episode(onset_region="neck"), episode(onset_region="occiput"), episode(onset_region="neck")]
    entries += [episode(onset_region="forehead") for _ in range(others)]
    assert signal(entries, "neck_onset").met is met


@pytest.mark.parametrize(("count", "met"), [(2, False), (3, True)])
def test_neck_onset_needs_three_episodes(count, met):
    assert signal([episode(onset_region="occiput") for _ in range(count)], "neck_onset").met is met


@pytest.mark.parametrize(("others", "met"), [(3, True), (4, False)])
def test_neck_arm_pain_is_met_from_half_of_episodes(others, met):
    entries = [episode(symptoms={"shoulder_arm_pain"}) for _ in range(3)] + [episode() for _ in range(others)]
    assert signal(entries, "ipsilateral_neck_arm_pain").met is met


@pytest.mark.parametrize(("count", "met"), [(2, False), (3, True)])
def test_neck_arm_pain_needs_three_episodes(count, met):
    assert (
        signal([episode(symptoms={"shoulder_arm_pain"}) for _ in range(count)], "ipsilateral_neck_arm_pain").met is met
    )


# clinical_exam: FRT < 32 on a side, a difference >= 10, or a block with >= 80% relief


def exam(**findings):
    return ExamData(id="7", date=TODAY - dt.timedelta(days=3), **findings)


@pytest.mark.parametrize(
    ("findings", "met"),
    [
        ({"frt_left_deg": 31, "frt_right_deg": 35}, True),
        ({"frt_left_deg": 32, "frt_right_deg": 35}, False),
        ({"frt_left_deg": 44, "frt_right_deg": 34}, True),
        ({"frt_left_deg": 44, "frt_right_deg": 35}, False),
        ({"frt_right_deg": 31}, True),
        ({"block_relief_percent": 80}, True),
        ({"block_relief_percent": 79}, False),
        ({}, False),
    ],
)
def test_clinical_exam_edges(findings, met):
    s = signal([neck_episode()], "clinical_exam", exams=[exam(**findings)])
    assert s.met is met
    assert s.evidence == (("7",) if met else ())


def test_an_exam_dated_after_today_does_not_count():
    future = ExamData(id="8", date=TODAY + dt.timedelta(days=1), frt_left_deg=20)
    assert not signal([neck_episode()], "clinical_exam", exams=[future]).met


def test_signals_only_read_the_window():
    old = [neck_episode(100) for _ in range(6)]
    report = run(old)
    assert report.window.episodes == 0
    assert not report.signal("side_locked").met
