"""Differentials of screening.md, each at its threshold and just below it."""

import pytest

from tests.diary.screening_diaries import checkin, episode, migraine_episode, neck_episode, run, spread


def codes(report):
    return {d.code: d.status for d in report.differentials}


def plain(count, **fields):
    """Headaches with no features of any type: stabbing, severe, one side, nothing else."""
    return [episode(quality="stabbing", severity=8, **fields) for _ in range(count)]


@pytest.mark.parametrize(("migraines", "expected"), [(5, True), (4, False)])
def test_migraine_from_five_migraine_like_episodes(migraines, expected):
    report = run(spread([migraine_episode() for _ in range(migraines)] + plain(6)))
    assert ("migraine" in codes(report)) is expected
    if expected:
        assert len(report.differential("migraine").evidence) == 5


@pytest.mark.parametrize(
    ("headaches", "migraines", "status"),
    [
        (15, 8, "at_risk"),
        (14, 8, None),
        (15, 7, None),
    ],
)
def test_chronic_migraine_at_risk_from_15_headache_days_8_migraine_like(headaches, migraines, status):
    entries = [migraine_episode() for _ in range(migraines)] + plain(headaches - migraines)
    report = run(spread(entries, logged_days=30))
    assert codes(report).get("chronic_migraine") == status


def test_chronic_migraine_is_met_over_90_logged_days():
    entries = [migraine_episode() for _ in range(24)] + plain(21)
    report = run(spread(entries, logged_days=90, every=2))
    assert codes(report)["chronic_migraine"] == "met"


def tth(count, **fields):
    return [episode(**{"side": "both", "quality": "pressing", "severity": 3, **fields}) for _ in range(count)]


@pytest.mark.parametrize(("others", "expected"), [(5, True), (6, False)])
def test_tension_type_from_half_the_episodes(others, expected):
    report = run(spread(tth(5) + plain(others)))
    assert ("tension_type" in codes(report)) is expected


def test_tension_type_needs_five_tth_like_episodes():
    assert "tension_type" not in codes(run(spread(tth(4))))


@pytest.mark.parametrize(("headaches", "band"), [(15, "chronic"), (14, "frequent")])
def test_tension_type_band_chronic_from_15_headache_days_per_30(headaches, band):
    report = run(spread(tth(headaches), logged_days=30))
    assert report.differential("tension_type").band == band


def test_tension_type_band_infrequent_under_one_headache_day_per_30():
    entries = (
        [*tth(1)]
        + [episode(days_ago, side="both", quality="pressing", severity=3) for days_ago in (70, 140, 210, 280)]
        + [checkin(300)]
    )
    report = run(entries, days=365)
    assert report.differential("tension_type").band == "infrequent"


def test_tension_type_is_not_raised_beside_a_side_locked_pattern():
    report = run(spread([neck_episode() for _ in range(10)]))
    assert report.level == "probable" and report.differentials == ()


def medicated(count, *kinds):
    return [
        episode(quality="stabbing", severity=8, medications=tuple((kind, "partial") for kind in kinds))
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    ("entries", "status"),
    [
        (lambda: medicated(10, "triptan") + plain(5), "at_risk"),
        (lambda: medicated(9, "triptan") + plain(6), None),
        (lambda: medicated(10, "combination_analgesic") + plain(5), "at_risk"),
        (lambda: medicated(15, "simple_analgesic"), "at_risk"),
        (lambda: medicated(14, "nsaid") + plain(1), None),
        (lambda: medicated(5, "nsaid") + medicated(5, "simple_analgesic") + plain(5), "at_risk"),
        (lambda: medicated(10, "nsaid") + plain(5), None),
        (lambda: medicated(14, "triptan"), None),  # 14 headache days
        (lambda: medicated(15, "gepant"), None),
    ],
)
def test_medication_overuse_at_risk_with_fewer_than_90_logged_days(entries, status):
    report = run(spread(entries(), logged_days=30))
    assert codes(report).get("medication_overuse") == status


def test_medication_overuse_is_met_when_every_30_day_block_meets_it():
    report = run(spread(medicated(45, "triptan"), logged_days=90, every=2))
    overuse = report.differential("medication_overuse")
    assert overuse.status == "met" and len(overuse.evidence) == 45


def test_medication_overuse_stays_at_risk_when_one_block_falls_short():
    # The oldest block: 15 headache days but triptans on only 9 of them.
    entries = medicated(30, "triptan") + medicated(9, "triptan") + plain(6)
    report = run(spread(entries, logged_days=90, every=2))
    assert codes(report)["medication_overuse"] == "at_risk"
