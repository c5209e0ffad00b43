"""Every window and threshold of Neckline in one place, with its default.

- The report's window (`WINDOW_*`, part of the HTTP contract: docs/api.md) and the
  look-backs the engine keeps whatever the window.
- `Thresholds`: the screening engine's (docs/screening.md); a deployment overrides any of
  them by name in `NECKLINE_SCREENING`, e.g. `{"side_locked_dominant_share": 0.9}`.
- `TreatmentSettings`: the procedures' and post-block diary's; overridden by name in
  `NECKLINE_TREATMENTS`.

Both settings come from the environment as JSON objects (config/settings.py). An unknown
name or a value of the wrong type stops start-up: `check_thresholds` is a system check
(registered in DiaryConfig.ready), so `manage.py check`, `migrate` and `runserver` name
the setting, the threshold and the fault.
"""

import dataclasses
import datetime as dt
import json
import typing
from functools import cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# --- Windows ---------------------------------------------------------------------------------

# The report's window, in days ending on the patient's local today (docs/api.md: `days`
# from 28 to 365, default 90). A contract, not a deployment setting.
WINDOW_MIN_DAYS = 28
WINDOW_DEFAULT_DAYS = 90
WINDOW_MAX_DAYS = 365
# pattern_change compares the last 30 days with the 60 before, whatever the window.
PATTERN_LOOKBACK_DAYS = 90

# --- Shared by the screening engine and the treatments ---------------------------------------

# ICHD-3 11.2.1 C4 and screening.md: >= 80% relief is a positive diagnostic block.
BLOCK_RELIEF_PERCENT = 80

# Expected duration of effect of each local anaesthetic the post-block diary offers, in
# minutes (about 1-2 h for lidocaine, about 4-8 h for bupivacaine: Barnsley et al., Pain
# 1993;55:99).
ANAESTHETICS = {
    "lidocaine": {"label": "Lidocaine", "expected_minutes": [60, 120]},
    "bupivacaine": {"label": "Bupivacaine", "expected_minutes": [240, 480]},
}
# Anaesthetics the post-block diary does not offer but a clinician's exam may name, with
# their expected action in hours (same source).
OTHER_ANAESTHETIC_HOURS = {"mepivacaine": 2.0, "ropivacaine": 4.0, "levobupivacaine": 6.0}


def _anaesthetic_action_hours() -> tuple[tuple[str, float], ...]:
    """Hours of action by anaesthetic: the middle of each offered one's expected minutes
    (as the blocks helper computes it), then the others; shortest first."""
    hours = {code: sum(row["expected_minutes"]) / 120 for code, row in ANAESTHETICS.items()}
    hours.update(OTHER_ANAESTHETIC_HOURS)
    return tuple(sorted(hours.items(), key=lambda item: (item[1], item[0])))


# The post-block diary: before the block, then minutes/hours after it, then the next morning.
DIARY_SLOTS = ["baseline", "15m", "30m", "1h", "2h", "3h", "4h", "6h", "8h", "next_morning"]

# --- The screening engine (docs/screening.md) -------------------------------------------------


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
    block_relief_percent: int = BLOCK_RELIEF_PERCENT
    # Expected action of each local anaesthetic, in hours, to tell the longer-acting
    # block of a comparative pair (Barnsley et al. 1993); the blocks helper may
    # pass its own figure with each block.
    anaesthetic_action_hours: tuple[tuple[str, float], ...] = _anaesthetic_action_hours()
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

    # Reviews and figures outside the engine (the clinician's list, summary and PDF);
    # red_flag_hold_days above holds for them too (Level 1).
    # A clinician's review covers later occurrences of its code for at most this long (Review).
    review_covers_max_days: int = 365
    # No "per 30 days" rate from fewer observed days: 2 headaches in 3 days is not 20 per 30.
    min_observed_days_for_rate: int = 14


# --- Procedures, post-block diary and treatment timeline --------------------------------------


@dataclasses.dataclass(frozen=True)
class TreatmentSettings:
    anaesthetics: dict = dataclasses.field(default_factory=lambda: dict(ANAESTHETICS))
    diary_slots: tuple[str, ...] = tuple(DIARY_SLOTS)
    # The local time of the next-morning prompt: the first such time after the last timed prompt.
    next_morning_time: dt.time = dt.time(8, 0)
    # A block's result needs at least this share of the timed prompts that came due answered.
    min_answered_share: float = 0.5
    partial_relief_percent: int = 50
    complete_relief_percent: int = BLOCK_RELIEF_PERCENT
    # Before/after windows, in days from the event's local date: before = the days
    # [-before_days, -1]; after = [after_from_day, after_to_day]; the days between are the washout.
    before_days: int = 30
    after_from_day: int = 15
    after_to_day: int = 45
    # A side with fewer logged days than this says "not enough diary".
    min_logged_days: int = 15
    # Radiofrequency ablation: benefit has waned when headache days per 30 over the last
    # 30 days are back to this share of the before-window's.
    rfa_return_share: float = 0.5


# --- Overrides: read, checked and applied ------------------------------------------------------

# Each overridable group: its setting's name and the dataclass it overrides.
OVERRIDABLE = {"NECKLINE_SCREENING": Thresholds, "NECKLINE_TREATMENTS": TreatmentSettings}


def _number(value, kind: type):
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not isinstance(value, int)):
        raise ValueError("a whole number" if kind is int else "a number")
    return value


def _coerced(value, annotation):
    """The override as the dataclass holds it (JSON has lists, not tuples; times are
    strings), or ValueError saying what was expected."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation in (int, float):
        return _number(value, annotation)
    if annotation is dt.time:
        if isinstance(value, dt.time):
            return value
        try:
            return dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValueError('a time like "08:00"') from None
    if annotation is dict:
        if not isinstance(value, dict) or not all(isinstance(row, dict) for row in value.values()):
            raise ValueError("an object of objects")
        for row in value.values():
            minutes = row.get("expected_minutes")
            if minutes is not None and not (
                isinstance(minutes, list | tuple) and len(minutes) == 2 and all(type(m) is int for m in minutes)
            ):
                raise ValueError('an object whose "expected_minutes" are two whole numbers')
        return value
    if origin is tuple and args[-1] is Ellipsis:
        if not isinstance(value, list | tuple):
            raise ValueError("a list")
        try:
            return tuple(_coerced(item, args[0]) for item in value)
        except ValueError as each:
            raise ValueError(f"a list, each {each}") from None
    if origin is tuple:  # a fixed pair, e.g. (name, hours)
        if not isinstance(value, list | tuple) or len(value) != len(args):
            raise ValueError(f"a list of {len(args)}")
        return tuple(_coerced(item, kind) for item, kind in zip(value, args, strict=True))
    if annotation is str:
        if not isinstance(value, str):
            raise ValueError("a string")
        return value
    raise TypeError(f"no reader for {annotation!r}")  # a new field type: teach _coerced


def _applied(setting: str, overrides) -> tuple[object, list[str]]:
    """The group with these overrides applied, and every fault found, each naming the
    setting and the threshold."""
    group = OVERRIDABLE[setting]
    if not isinstance(overrides, dict):
        return group(), [f"{setting} must be a JSON object of overrides by name"]
    fields = {field.name: field for field in dataclasses.fields(group)}
    hints = typing.get_type_hints(group)
    faults, values = [], {}
    for name in sorted(set(overrides) - set(fields)):
        faults.append(f"{setting} has an unknown threshold: {name}")
    for name in sorted(set(overrides) & set(fields)):
        try:
            values[name] = _coerced(overrides[name], hints[name])
        except ValueError as expected:
            faults.append(f"{setting}: {name} must be {expected}, not {overrides[name]!r}")
    return group(**values), faults


def _built(setting: str, overrides):
    group, faults = _applied(setting, overrides)
    if faults:
        raise ImproperlyConfigured("; ".join(faults))
    return group


def check_thresholds(app_configs=None, **kwargs) -> list[checks.Error]:
    """The system check: every fault of both settings, before anything uses them."""
    return [
        checks.Error(fault, hint="See diary/screening/thresholds.py for the names and types.", id="neckline.E001")
        for setting in OVERRIDABLE
        for fault in _applied(setting, getattr(settings, setting, {}))[1]
    ]


def thresholds_from(overrides: dict) -> Thresholds:
    return _built("NECKLINE_SCREENING", overrides)


@cache
def _from_settings(frozen_overrides: str) -> Thresholds:
    return thresholds_from(json.loads(frozen_overrides))


def current_thresholds() -> Thresholds:
    """The thresholds in force: the defaults with `settings.NECKLINE_SCREENING` applied."""
    overrides = getattr(settings, "NECKLINE_SCREENING", {}) or {}
    return _from_settings(json.dumps(overrides, sort_keys=True, default=str))


def treatment_settings() -> TreatmentSettings:
    """The treatment settings in force: the defaults with `settings.NECKLINE_TREATMENTS` applied."""
    return _built("NECKLINE_TREATMENTS", getattr(settings, "NECKLINE_TREATMENTS", {}) or {})
