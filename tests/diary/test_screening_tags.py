"""Episode tags of screening.md, at and just past each edge."""

import pytest

from diary.screening import Thresholds
from diary.screening.episodes import is_migraine_like, is_tac_like, is_tth_like, tag
from tests.diary.screening_diaries import episode

T = Thresholds()


def test_a_unilateral_throbbing_headache_with_nausea_is_migraine_like():
    assert is_migraine_like(episode(side="left", quality="throbbing", symptoms={"nausea"}), T)


def test_one_migraine_feature_is_not_enough():
    assert not is_migraine_like(episode(side="both", quality="throbbing", severity=3, symptoms={"nausea"}), T)


def test_light_sensitivity_alone_does_not_count_as_an_accompanying_symptom():
    assert not is_migraine_like(episode(quality="throbbing", symptoms={"photophobia"}), T)
    assert is_migraine_like(episode(quality="throbbing", symptoms={"photophobia", "phonophobia"}), T)


@pytest.mark.parametrize(
    ("minutes", "expected"), [(239, False), (240, True), (4320, True), (4321, False), (None, True)]
)
def test_a_known_duration_must_be_4_to_72_hours_for_migraine_like(minutes, expected):
    entry = episode(quality="throbbing", symptoms={"vomiting"}, duration_minutes=minutes)
    assert is_migraine_like(entry, T) is expected


@pytest.mark.parametrize(("severity", "expected"), [(3, False), (4, True)])
def test_migraine_like_counts_severity_from_4(severity, expected):
    assert (
        is_migraine_like(episode(side="both", worse_with_activity=True, severity=severity, symptoms={"nausea"}), T)
        is expected
    )


def tac(**fields):
    return episode(
        **{
            "side": "left",
            "onset_region": "eye",
            "duration_minutes": 45,
            "severity": 8,
            "symptoms": {"tearing_red_eye"},
            **fields,
        }
    )


def test_a_short_severe_one_sided_eye_headache_with_a_watery_eye_is_tac_like():
    assert is_tac_like(tac(), T)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"duration_minutes": 14}, False),
        ({"duration_minutes": 15}, True),
        ({"duration_minutes": 180}, True),
        ({"duration_minutes": 181}, False),
        ({"duration_minutes": None}, False),
        ({"severity": 6}, False),
        ({"severity": 7}, True),
        ({"side": "both"}, False),
        ({"onset_region": "neck"}, False),
        ({"onset_region": "temple"}, True),
        ({"symptoms": set()}, False),
        ({"symptoms": {"restlessness"}}, True),
    ],
)
def test_tac_like_edges(fields, expected):
    assert is_tac_like(tac(**fields), T) is expected


def test_a_bilateral_pressing_headache_is_tth_like():
    assert is_tth_like(episode(side="both", quality="pressing", severity=7), T)


@pytest.mark.parametrize(("severity", "expected"), [(6, True), (7, False)])
def test_tth_like_counts_severity_up_to_6(severity, expected):
    assert (
        is_tth_like(episode(side="right", quality="stabbing", worse_with_activity=False, severity=severity), T)
        is expected
    )


def test_nausea_or_light_and_sound_sensitivity_rule_out_tth_like():
    pressing = {"side": "both", "quality": "pressing"}
    assert not is_tth_like(episode(**pressing, symptoms={"nausea"}), T)
    assert not is_tth_like(episode(**pressing, symptoms={"photophobia", "phonophobia"}), T)
    assert is_tth_like(episode(**pressing, symptoms={"photophobia"}), T)


def test_unknown_answers_are_left_out_not_counted_as_no():
    tagged = tag(episode(neck_trigger=None, onset_region=None), T)
    assert tagged.mechanical is None and tagged.neck_onset is None
    assert tag(episode(neck_trigger="unsure"), T).mechanical is None
    assert tag(episode(neck_trigger="none"), T).mechanical is False
    # worse_with_activity unknown is not "not worse": one TTH feature (severity) is too few.
    assert not is_tth_like(episode(side="right", quality="stabbing", worse_with_activity=None, severity=5), T)
