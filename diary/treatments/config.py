"""The configurable parts of the treatment features, in one place.

Defaults below; a deployment overrides any key in settings.NECKLINE_TREATMENTS.
"""

import dataclasses
import datetime as dt

from django.conf import settings

# Expected duration of effect of a local anaesthetic block, in minutes (about 1-2 h for
# lidocaine, about 4-8 h for bupivacaine: Barnsley et al., Pain 1993;55:99).
ANAESTHETICS = {
    "lidocaine": {"label": "Lidocaine", "expected_minutes": [60, 120]},
    "bupivacaine": {"label": "Bupivacaine", "expected_minutes": [240, 480]},
}

# The post-block diary: before the block, then minutes/hours after it, then the next morning.
DIARY_SLOTS = ["baseline", "15m", "30m", "1h", "2h", "3h", "4h", "6h", "8h", "next_morning"]


@dataclasses.dataclass(frozen=True)
class TreatmentSettings:
    anaesthetics: dict = dataclasses.field(default_factory=lambda: dict(ANAESTHETICS))
    diary_slots: tuple = tuple(DIARY_SLOTS)
    # The local time of the next-morning prompt: the first such time after the last timed prompt.
    next_morning_time: dt.time = dt.time(8, 0)
    # A block's result needs at least this share of the timed prompts that came due answered.
    min_answered_share: float = 0.5
    partial_relief_percent: int = 50
    # ICHD-3 11.2.1 C4 and screening.md: >= 80% relief is a positive diagnostic block.
    complete_relief_percent: int = 80
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


def treatment_settings() -> TreatmentSettings:
    overrides = dict(getattr(settings, "NECKLINE_TREATMENTS", {}) or {})
    if "diary_slots" in overrides:
        overrides["diary_slots"] = tuple(overrides["diary_slots"])
    if isinstance(overrides.get("next_morning_time"), str):
        overrides["next_morning_time"] = dt.time.fromisoformat(overrides["next_morning_time"])
    return TreatmentSettings(**overrides)
