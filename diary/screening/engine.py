"""`screen()`: a diary in, a `Report` out, in the order of screening.md."""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from diary.red_flags import EMERGENCY
from diary.screening import rules
from diary.screening.episodes import EntryData, ExamData, Profile, tag
from diary.screening.rules import Cap, Diary, Differential, RedFlag, Signal
from diary.screening.thresholds import Thresholds, current_thresholds

URGENT_REVIEW = "urgent_review"
INSUFFICIENT_DATA = "insufficient_data"
PROBABLE = "probable"
POSSIBLE = "possible"
NONE = "none"
LEVELS = (URGENT_REVIEW, INSUFFICIENT_DATA, PROBABLE, POSSIBLE, NONE)

# pattern_change compares the last 30 days with the 60 before, whatever the window.
PATTERN_LOOKBACK_DAYS = 90


@dataclasses.dataclass(frozen=True)
class Window:
    date_from: dt.date
    date_to: dt.date
    days: int
    logged_days: int
    headache_days: int
    episodes: int
    headache_days_per_30: float


@dataclasses.dataclass(frozen=True)
class Report:
    level: str
    mixed: bool
    window: Window
    signals: tuple[Signal, ...]
    caps: tuple[Cap, ...]
    differentials: tuple[Differential, ...]
    red_flags: tuple[RedFlag, ...]

    def signal(self, code: str) -> Signal:
        return next(s for s in self.signals if s.code == code)

    def differential(self, code: str) -> Differential | None:
        return next((d for d in self.differentials if d.code == code), None)

    def to_dict(self) -> dict:
        """JSON-ready, in the shape of screening.md (without the summary)."""
        w = self.window
        return {
            "level": self.level,
            "mixed": self.mixed,
            "window": {
                "from": w.date_from.isoformat(), "to": w.date_to.isoformat(), "days": w.days,
                "logged_days": w.logged_days, "headache_days": w.headache_days, "episodes": w.episodes,
                "headache_days_per_30": round(w.headache_days_per_30, 1),
            },
            "signals": [
                {"code": s.code, "met": s.met, "value": None if s.value is None else round(s.value, 3),
                 "threshold": None if s.threshold is None else round(s.threshold, 3), "n": s.n, "of": s.of,
                 "evidence": list(s.evidence)}
                for s in self.signals
            ],
            "caps": [
                {"code": c.code, "applied": c.applied, "effect": c.effect, "evidence": list(c.evidence)}
                for c in self.caps
            ],
            "differentials": [
                {"code": d.code, "status": d.status, **({"band": d.band} if d.band else {}),
                 "evidence": list(d.evidence)}
                for d in self.differentials
            ],
            "red_flags": [
                {"code": f.code, "urgency": f.urgency, "date": f.date.isoformat(), "entry": f.entry,
                 "evidence": list(f.evidence)}
                for f in self.red_flags
            ],
        }


def _diary(entries: Iterable[EntryData], date_from: dt.date, date_to: dt.date, t: Thresholds) -> Diary:
    # Sorted by date then id: the report must not depend on the order rows came in.
    ordered = sorted(entries, key=lambda e: (e.date, e.id))
    in_window = tuple(e for e in ordered if date_from <= e.date <= date_to)
    episodes = tuple(tag(e, t) for e in in_window if e.headache)
    return Diary(
        date_from=date_from,
        date_to=date_to,
        entries=in_window,
        episodes=episodes,
        logged_days=frozenset(e.date for e in in_window),
        headache_days=frozenset(e.date for e in episodes),
        earlier=tuple(e for e in ordered if e.date < date_from),
    )


def _neck_component(diary: Diary, t: Thresholds) -> bool:
    """Step 5, the mixed pattern: the signals again, over the mechanically
    triggered episodes alone (a neck component beside another headache type)."""
    mechanical = [e for e in diary.episodes if e.mechanical]
    return (
        len(mechanical) >= t.mixed_min_mechanical
        and rules.side_locked(mechanical, t).met
        and (rules.neck_onset(mechanical, t).met or rules.ipsilateral_neck_arm_pain(mechanical, t).met)
    )


def _level(diary: Diary, signals: dict[str, Signal], caps: list[Cap], red_flags: list, t: Thresholds):
    """(level, mixed), steps 1 to 6 of screening.md."""
    if red_flags:
        return URGENT_REVIEW, False
    if len(diary.logged_days) < t.min_logged_days or len(diary.episodes) < t.min_episodes:
        return INSUFFICIENT_DATA, False

    locked, mechanical, onset, arm, exam = (signals[code].met for code in (
        "side_locked", "mechanical_trigger", "neck_onset", "ipsilateral_neck_arm_pain", "clinical_exam"))
    mixed = False
    if locked and mechanical and (onset or arm or exam):
        level = PROBABLE
    elif (mechanical and (locked or onset or arm)) or (locked and onset and arm):
        level = POSSIBLE
    elif _neck_component(diary, t):
        level, mixed = POSSIBLE, True
    else:
        return NONE, False

    applied = [cap for cap in caps if cap.applied]
    if any(cap.effect == rules.LEVEL_NONE for cap in applied):
        return NONE, False
    if applied and level == PROBABLE:
        level = POSSIBLE
    return level, mixed


def screen(
    *,
    entries: Iterable[EntryData],
    profile: Profile,
    exams: Iterable[ExamData] = (),
    today: dt.date,
    days: int = 90,
    thresholds: Thresholds | None = None,
) -> Report:
    """Screen the `days` days of diary ending on `today`. Entries outside the
    window are ignored, except that pattern_change looks back 90 days."""
    if days < 1:
        raise ValueError("days must be at least 1")
    t = thresholds or current_thresholds()
    diary = _diary(entries, today - dt.timedelta(days=days - 1), today, t)
    episodes = diary.episodes

    signals = {
        s.code: s
        for s in (
            rules.side_locked(episodes, t),
            rules.mechanical_trigger(episodes, t),
            rules.neck_onset(episodes, t),
            rules.ipsilateral_neck_arm_pain(episodes, t),
            rules.clinical_exam(tuple(exams), today, t),
        )
    }
    locked = signals["side_locked"]

    features = rules.migraine_features(episodes, t)
    cluster_cap = rules.cluster_like(episodes, t)
    hemicrania_cap = rules.hemicrania_continua_like(diary, locked, t)
    overuse = rules.medication_overuse(diary, t)
    caps = [
        rules.side_shift(episodes, t),
        features,
        cluster_cap,
        hemicrania_cap,
        rules.bilateral(episodes, t),
        rules.triptan_response(episodes, t),
        rules.medication_overuse_cap(overuse),
    ]
    differentials = [
        d
        for d in (
            rules.migraine(episodes, features, t),
            rules.chronic_migraine(diary, t),
            rules.tension_type(diary, locked, t),
            rules.cluster(cluster_cap),
            rules.hemicrania_continua(hemicrania_cap),
            overuse,
        )
        if d is not None
    ]

    lookback_from = today - dt.timedelta(days=PATTERN_LOOKBACK_DAYS - 1)
    red_flags = rules.entry_red_flags(diary.entries) + [
        flag
        for flag in (
            rules.new_after_50(profile, episodes, today, t),
            rules.pattern_change([e for e in diary.earlier + diary.entries if e.date >= lookback_from], today, t),
            rules.new_side_locked(profile, locked, today, t),
        )
        if flag is not None
    ]

    # The most urgent first, then the most recent: the report leads with them.
    red_flags.sort(key=lambda flag: (flag.urgency != EMERGENCY, -flag.date.toordinal(), flag.code, flag.entry or ""))
    level, mixed = _level(diary, signals, caps, red_flags, t)
    window = Window(
        date_from=diary.date_from,
        date_to=diary.date_to,
        days=days,
        logged_days=len(diary.logged_days),
        headache_days=len(diary.headache_days),
        episodes=len(episodes),
        headache_days_per_30=diary.per_30(len(diary.headache_days)),
    )
    return Report(level, mixed, window, tuple(signals.values()), tuple(caps), tuple(differentials), tuple(red_flags))
