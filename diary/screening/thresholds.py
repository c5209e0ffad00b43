"""Every threshold of screening.md in one place, with its default.

A deployment overrides any of them with the `NECKLINE_SCREENING` settings dict,
e.g. `NECKLINE_SCREENING = {"side_locked_dominant_share": 0.9}`; an unknown name
stops start-up rather than being ignored.
"""

import dataclasses
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclasses.dataclass(frozen=True)
class Thresholds:
    # Enough diary to say anything (level step 2).
    min_logged_days: int = 28
    min_episodes: int = 5

    # Episode tags.
    migraine_min_severity: int = 4
    migraine_min_minutes: int = 240
    migraine_max_minutes: int = 4320
    tac_min_minutes: int = 15
    tac_max_minutes: int = 180
    tac_min_severity: int = 7
    tth_max_severity: int = 6

    # Signals.
    side_locked_unilateral_share: float = 0.80
    side_locked_dominant_share: float = 0.95
    side_locked_min_n: int = 5
    mechanical_share: float = 0.50
    mechanical_min_n: int = 3
    neck_onset_share: float = 0.50
    neck_onset_min_n: int = 3
    neck_arm_share: float = 0.50
    neck_arm_min_n: int = 3
    frt_positive_below_deg: int = 32
    frt_side_difference_deg: int = 10
    block_relief_percent: int = 80
    # Expected action of each local anaesthetic, in hours, to tell the longer-acting
    # block of a comparative pair (Barnsley et al. 1993); the blocks helper may
    # pass its own figure with each block.
    anaesthetic_action_hours: tuple[tuple[str, float], ...] = (
        ("lidocaine", 1.5),
        ("mepivacaine", 2.0),
        ("ropivacaine", 4.0),
        ("bupivacaine", 6.0),
        ("levobupivacaine", 6.0),
    )
    mixed_min_mechanical: int = 5
    # Step 7: each neck question must be answered by at least this share of the
    # episodes, or the diary cannot show whether the neck is involved.
    neck_questions_answered_share: float = 0.50

    # Caps.
    side_shift_min_unilateral: int = 5
    side_shift_dominant_share: float = 0.80
    migraine_features_share: float = 0.50
    # A diary mostly migraine-like is migraine's before it is the neck's (ICHD-3 11.2.1 D).
    migraine_predominant_min_episodes: int = 5
    migraine_predominant_share: float = 2 / 3
    cluster_min_episodes: int = 5
    # Autonomic attacks whose durations are unknown (or outside 15-180 minutes): cluster `possible`.
    cluster_min_autonomic: int = 3
    cluster_autonomic_share: float = 0.50  # of the unilateral episodes
    hemicrania_headache_day_share: float = 0.90
    hemicrania_min_logged_days: int = 60
    hemicrania_min_history_months: int = 3
    bilateral_share: float = 0.50  # level none unless the exam is positive
    triptan_min_episodes: int = 3
    triptan_relief_share: float = 2 / 3

    # A share is named only when its tag is evaluable for at least this share of
    # the episodes (docs/screening.md, Evaluable); otherwise it is `not_evaluable`.
    evaluable_share: float = 0.50

    # Differentials (frequencies are per 30 days).
    migraine_min_episodes: int = 5
    chronic_migraine_headache_days: float = 15
    chronic_migraine_migraine_days: float = 8
    tth_share: float = 0.50
    tth_min_episodes: int = 5
    tth_frequent_days: float = 1
    tth_chronic_days: float = 15
    overuse_headache_days: float = 15
    overuse_specific_days: float = 10  # triptan, ergot, opioid, combination analgesic
    overuse_simple_days: float = 15  # simple analgesic, NSAID
    overuse_any_days: float = 10  # any acute medication, two or more classes
    # A differential is `met` (not `at_risk`) from this many logged days.
    confirmed_logged_days: int = 90
    occipital_neuralgia_min_episodes: int = 3
    post_traumatic_acute_months: int = 3  # ICHD-3 5.1 acute, 5.2 persistent after
    temporomandibular_min_episodes: int = 3
    temporomandibular_share: float = 0.50

    # Red flags.
    # Unreviewed entry-level flags hold the level this long, whatever the window.
    red_flag_hold_days: int = 365
    # An injury or manipulation, then dizziness, a drooping eyelid or a neurological
    # symptom within this many days: a possible neck artery injury.
    artery_injury_days: int = 14
    # From this age (or when the age is unknown) a jaw pain on chewing is a possible
    # giant cell arteritis before it is a jaw joint.
    giant_cell_arteritis_age: int = 50
    new_after_50_age: int = 50
    new_after_50_months: int = 12
    systemic_risk_months: int = 12
    new_side_locked_months: int = 3
    pattern_change_ratio: float = 2.0
    # The baseline is the 60 days before the last 30, as a rate over its logged days.
    pattern_change_min_logged_before: int = 30
    # With no headache at all before, "twice the average" would flag a single
    # headache: it asks for about one a week first (screening.md version 2).
    pattern_change_min_recent_days: int = 4
    # A review of pattern_change covers the 30 days it is about; a rise still
    # there after that is a new occurrence.
    pattern_change_review_days: int = 30

    # Reviews and figures outside the engine (the clinician's list, summary and PDF).
    # An unreviewed entry-level flag stays open this long, whatever the window (Level 1).
    red_flag_hold_days: int = 365
    # A clinician's review covers later occurrences of its code for at most this long (Review).
    review_covers_max_days: int = 365
    # No "per 30 days" rate from fewer observed days: 2 headaches in 3 days is not 20 per 30.
    min_observed_days_for_rate: int = 14


def thresholds_from(overrides: dict) -> Thresholds:
    names = {field.name for field in dataclasses.fields(Thresholds)}
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise ImproperlyConfigured(f"NECKLINE_SCREENING has unknown thresholds: {', '.join(unknown)}")
    return dataclasses.replace(Thresholds(), **overrides)


@cache
def _from_settings(frozen_overrides: tuple) -> Thresholds:
    return thresholds_from(dict(frozen_overrides))


def current_thresholds() -> Thresholds:
    """The thresholds in force: the defaults with `settings.NECKLINE_SCREENING` applied."""
    overrides = getattr(settings, "NECKLINE_SCREENING", {}) or {}
    return _from_settings(tuple(sorted(overrides.items())))
