"""`screen()`: a diary in, a `Report` out, in the order of docs/screening.md."""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from diary.choices import ScreeningLevel
from diary.screening import rules
from diary.screening.episodes import BlockData, EntryData, ExamData, Profile, ReviewData, tag
from diary.screening.rules import Cap, Diary, Differential, NotEvaluable, RedFlag, Signal
from diary.screening.thresholds import PATTERN_LOOKBACK_DAYS, WINDOW_DEFAULT_DAYS, Thresholds, current_thresholds

# The levels are diary/choices.py's ScreeningLevel (served with the patient's words), as plain strings.
URGENT_REVIEW = ScreeningLevel.URGENT_REVIEW.value
INSUFFICIENT_DATA = ScreeningLevel.INSUFFICIENT_DATA.value
PROBABLE = ScreeningLevel.PROBABLE.value
POSSIBLE = ScreeningLevel.POSSIBLE.value
NONE = ScreeningLevel.NONE.value
LEVELS = tuple(ScreeningLevel.values)

# Why a report is insufficient_data (`reasons`).
TOO_FEW_DAYS = "too_few_days"
TOO_FEW_EPISODES = "too_few_episodes"
NECK_QUESTIONS_UNANSWERED = "neck_questions_unanswered"
REASONS = (TOO_FEW_DAYS, TOO_FEW_EPISODES, NECK_QUESTIONS_UNANSWERED)


@dataclasses.dataclass(frozen=True)
class Window:
    date_from: dt.date
    date_to: dt.date
    days: int
    observed_days: int
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
    reasons: tuple[str, ...] = ()
    mixed_signals: tuple[Signal, ...] = ()  # step 5's signals over the mechanical episodes, when mixed
    not_evaluable: tuple[NotEvaluable, ...] = ()

    @property
    def open_red_flags(self) -> tuple[RedFlag, ...]:
        """The flags nobody has marked reviewed (those older than 365 days included)."""
        return tuple(flag for flag in self.red_flags if flag.reviewed is None)

    @property
    def holding_red_flags(self) -> tuple[RedFlag, ...]:
        """The open flags that hold the level urgent_review."""
        return tuple(flag for flag in self.open_red_flags if flag.holds)

    def cap_applies(self, code: str) -> bool:
        return any(c.code == code and c.applied for c in self.caps)

    def cap(self, code: str) -> Cap:
        return next(c for c in self.caps if c.code == code)

    def signal(self, code: str) -> Signal:
        return next(s for s in self.signals if s.code == code)

    def differential(self, code: str) -> Differential | None:
        return next((d for d in self.differentials if d.code == code), None)

    @classmethod
    def from_dict(cls, data: dict, t: Thresholds | None = None) -> "Report":
        """The report again from `to_dict()`'s JSON (a stored snapshot, computed under the
        thresholds `t`), such that its `to_dict()` and its summaries are the original's.
        What `to_dict()` rounds or leaves out is derived again: the window's rate from its
        counts, whether an entry flag holds from its date. A review keeps what the report
        shows of it (`covers_until` only decided which flags it covers)."""
        t = t or current_thresholds()
        w = data["window"]
        date_to = dt.date.fromisoformat(w["to"])
        hold_from = date_to - dt.timedelta(days=t.red_flag_hold_days - 1)

        def signal(s: dict) -> Signal:
            return Signal(
                code=s["code"],
                met=s["met"],
                value=s["value"],
                threshold=s["threshold"],
                n=s["n"],
                unanswered=s["unanswered"],
                count=s["count"],
                evidence=tuple(s["evidence"]),
                source=s.get("source"),
                side=s.get("side"),
            )

        def red_flag(f: dict) -> RedFlag:
            date = dt.date.fromisoformat(f["date"])
            return RedFlag(
                code=f["code"],
                urgency=f["urgency"],
                date=date,
                entry=f["entry"],
                evidence=tuple(f["evidence"]),
                past=f["past"],
                reviewed=_review_from_dict(f["reviewed"], f),
                related=tuple(f["related"]),
                holds=f["entry"] is None or date >= hold_from,
            )

        return cls(
            level=data["level"],
            mixed=data["mixed"],
            window=Window(
                date_from=dt.date.fromisoformat(w["from"]),
                date_to=date_to,
                days=w["days"],
                observed_days=w["observed_days"],
                logged_days=w["logged_days"],
                headache_days=w["headache_days"],
                episodes=w["episodes"],
                headache_days_per_30=rules.per_30(w["headache_days"], w["observed_days"]),
            ),
            signals=tuple(signal(s) for s in data["signals"]),
            caps=tuple(
                Cap(code=c["code"], applied=c["applied"], effect=c["effect"], evidence=tuple(c["evidence"]))
                for c in data["caps"]
            ),
            differentials=tuple(
                Differential(code=d["code"], status=d["status"], evidence=tuple(d["evidence"]), band=d.get("band"))
                for d in data["differentials"]
            ),
            red_flags=tuple(red_flag(f) for f in data["red_flags"]),
            reasons=tuple(data["reasons"]),
            mixed_signals=tuple(signal(s) for s in data["mixed_signals"]),
            not_evaluable=tuple(
                NotEvaluable(code=item["code"], questions=tuple(item["questions"])) for item in data["not_evaluable"]
            ),
        )

    def to_dict(self) -> dict:
        """JSON-ready, in the shape of docs/screening.md (without the summary)."""
        w = self.window
        return {
            "level": self.level,
            "reasons": list(self.reasons),
            "mixed": self.mixed,
            "window": {
                "from": w.date_from.isoformat(),
                "to": w.date_to.isoformat(),
                "days": w.days,
                "observed_days": w.observed_days,
                "logged_days": w.logged_days,
                "headache_days": w.headache_days,
                "headache_days_per_30": round(w.headache_days_per_30, 1),
                "episodes": w.episodes,
            },
            "signals": [_signal_dict(s) for s in self.signals],
            "mixed_signals": [_signal_dict(s) for s in self.mixed_signals],
            "caps": [
                {"code": c.code, "applied": c.applied, "effect": c.effect, "evidence": list(c.evidence)}
                for c in self.caps
            ],
            "differentials": [
                {
                    "code": d.code,
                    "status": d.status,
                    **({"band": d.band} if d.band else {}),
                    "evidence": list(d.evidence),
                }
                for d in self.differentials
            ],
            "not_evaluable": [{"code": item.code, "questions": list(item.questions)} for item in self.not_evaluable],
            "red_flags": [
                {
                    "code": f.code,
                    "urgency": f.urgency,
                    "date": f.date.isoformat(),
                    "entry": f.entry,
                    "past": f.past,
                    "reviewed": review_dict(f.reviewed),
                    "related": list(f.related),
                    "evidence": list(f.evidence),
                }
                for f in self.red_flags
            ],
        }


def review_dict(review: ReviewData | None) -> dict | None:
    """`reviewed: {by, role, at, note}`, and `checked_on` for a patient's report
    that a doctor has checked the flag (docs/screening.md, Review)."""
    if review is None:
        return None
    shown = {"by": review.by, "role": review.role, "at": review.at.isoformat(), "note": review.note}
    if review.role == "patient":
        shown["checked_on"] = None if review.checked_on is None else review.checked_on.isoformat()
    return shown


def _review_from_dict(shown: dict | None, flag: dict) -> ReviewData | None:
    if shown is None:
        return None
    checked_on = shown.get("checked_on")
    return ReviewData(
        code=flag["code"],
        date=dt.date.fromisoformat(flag["date"]),
        entry=flag["entry"],
        by=shown["by"],
        at=dt.datetime.fromisoformat(shown["at"]),
        note=shown["note"],
        role=shown["role"],
        checked_on=None if checked_on is None else dt.date.fromisoformat(checked_on),
    )


def _signal_dict(s: Signal) -> dict:
    return {
        "code": s.code,
        "met": s.met,
        "value": None if s.value is None else round(s.value, 3),
        "threshold": None if s.threshold is None else round(s.threshold, 3),
        "n": s.n,
        "unanswered": s.unanswered,
        "count": s.count,
        **({"source": s.source} if s.code == "clinical_exam" else {}),
        **({"side": s.side} if s.code == "side_locked" else {}),
        "evidence": list(s.evidence),
    }


def _diary(
    entries: Iterable[EntryData], date_from: dt.date, date_to: dt.date, first_logged: dt.date | None, t: Thresholds
) -> Diary:
    # Sorted by date then id: the report must not depend on the order rows came in.
    ordered = sorted(entries, key=lambda e: (e.date, e.id))
    if ordered and (first_logged is None or ordered[0].date < first_logged):
        first_logged = ordered[0].date
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
        first_logged=first_logged,
    )


def _mixed_signals(diary: Diary, t: Thresholds) -> tuple[Signal, ...] | None:
    """Step 5, the mixed pattern: the signals again over the mechanically triggered
    episodes alone (a neck component beside another headache type). The signals
    when they hold, else None."""
    mechanical = [e for e in diary.episodes if e.mechanical and not e.neuralgic]
    if len(mechanical) < t.mixed_min_mechanical:
        return None
    signals = (
        rules.side_locked(mechanical, t),
        rules.neck_onset(mechanical, t),
        rules.ipsilateral_neck_arm_pain(mechanical, t),
    )
    locked, onset, arm = (s.met for s in signals)
    return signals if locked and (onset or arm) else None


def _neck_questions_open(diary: Diary, t: Thresholds) -> bool:
    """Step 7: either neck question mostly unanswered (each can carry a route to `possible`)."""
    episodes = diary.episodes
    needed = t.neck_questions_answered_share * len(episodes)
    return sum(e.trigger_answered for e in episodes) < needed or sum(e.onset_answered for e in episodes) < needed


def _level(diary: Diary, signals: dict[str, Signal], caps: list[Cap], open_flags: list, t: Thresholds):
    # `open_flags`: the unreviewed flags that hold the level (step 1).
    """(level, reasons, mixed signals), steps 1 to 8 of docs/screening.md."""
    if open_flags:
        return URGENT_REVIEW, (), ()
    reasons = []
    if len(diary.logged_days) < t.min_logged_days:
        reasons.append(TOO_FEW_DAYS)
    if len(diary.episodes) < t.min_episodes:
        reasons.append(TOO_FEW_EPISODES)
    if reasons:
        return INSUFFICIENT_DATA, tuple(reasons), ()

    locked, mechanical, onset, arm, exam = (
        signals[code].met
        for code in ("side_locked", "mechanical_trigger", "neck_onset", "ipsilateral_neck_arm_pain", "clinical_exam")
    )
    mixed_signals = ()
    if locked and mechanical and (onset or arm or exam):
        level = PROBABLE
    elif (mechanical and (locked or onset or arm)) or (locked and onset and arm):
        level = POSSIBLE
    elif mixed := _mixed_signals(diary, t):
        level, mixed_signals = POSSIBLE, mixed
    else:
        level = NONE

    applied = [cap for cap in caps if cap.applied]
    if level != NONE and any(cap.effect == rules.LEVEL_NONE for cap in applied):
        level, mixed_signals = NONE, ()
    if applied and level == PROBABLE:
        level = POSSIBLE
    cluster = any(cap.code == "cluster_like" for cap in applied)
    if level == NONE and not cluster and _neck_questions_open(diary, t):
        return INSUFFICIENT_DATA, (NECK_QUESTIONS_UNANSWERED,), ()
    return level, (), mixed_signals


def screen(
    *,
    entries: Iterable[EntryData],
    profile: Profile,
    exams: Iterable[ExamData] = (),
    blocks: Iterable[BlockData] = (),
    reviews: Iterable[ReviewData] = (),
    first_logged: dt.date | None = None,
    today: dt.date,
    days: int = WINDOW_DEFAULT_DAYS,
    thresholds: Thresholds | None = None,
) -> Report:
    """Screen the `days` days of diary ending on `today`. Entries outside the
    window are ignored, except that pattern_change looks back 90 days.

    `first_logged` is the patient's first logged day ever, for the observed days
    of the one "per 30 days" rate (by default the earliest entry given);
    `blocks` are diagnostic block results as plain data (BlockData, e.g. from the
    post-block diary); `reviews` the clinicians' red-flag reviews.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    t = thresholds or current_thresholds()
    diary = _diary(entries, today - dt.timedelta(days=days - 1), today, first_logged, t)
    episodes = diary.episodes

    side_locked = rules.side_locked(episodes, t)
    headache_side = rules.dominant_side(episodes) if side_locked.met else None
    exam = rules.clinical_exam(tuple(exams), tuple(blocks), today, headache_side, t)
    signals = {
        s.code: s
        for s in (
            side_locked,
            rules.mechanical_trigger(episodes, t),
            rules.neck_onset(episodes, t),
            rules.ipsilateral_neck_arm_pain(episodes, t),
            exam,
        )
    }

    features = rules.migraine_features(episodes, t)
    predominant = rules.migraine_predominant(episodes, exam, t)
    cluster_cap = rules.cluster_like(episodes, t)
    hemicrania_cap = rules.hemicrania_continua_like(diary, side_locked, profile, today, t)
    overuse = rules.medication_overuse(diary, t)
    neuralgia = rules.occipital_neuralgia(episodes, t)
    caps = [
        rules.side_shift(episodes, t),
        features,
        predominant,
        cluster_cap,
        hemicrania_cap,
        rules.bilateral(episodes, exam, t),
        rules.triptan_response(episodes, t),
        rules.medication_overuse_cap(overuse),
        rules.neuralgic(neuralgia),
    ]
    # Entry-level flags of the window, and of the last 365 days whatever the window.
    hold_from = min(diary.date_from, today - dt.timedelta(days=t.red_flag_hold_days - 1))
    lookback_from = today - dt.timedelta(days=PATTERN_LOOKBACK_DAYS - 1)
    red_flags = rules.entry_red_flags(
        [e for e in diary.earlier if e.date >= hold_from] + list(diary.entries), profile, today, t
    ) + [
        flag
        for flag in (
            rules.new_after_50(profile, episodes, today, t),
            rules.systemic_risk(profile, episodes, today, t),
            rules.pattern_change([e for e in diary.earlier + diary.entries if e.date >= lookback_from], today, t),
            rules.new_side_locked(profile, side_locked, today, t),
        )
        if flag is not None
    ]
    red_flags = sorted(rules.with_reviews(red_flags, tuple(reviews), today, t), key=rules.flag_order)

    migraine = rules.migraine(episodes, features, t)
    differentials = [
        d
        for d in (
            # The leading pattern first: a mostly migraine-like diary is migraine's.
            migraine if predominant.applied else None,
            None if predominant.applied else migraine,
            rules.chronic_migraine(diary, t),
            rules.tension_type(diary, side_locked, t),
            rules.cluster(episodes, t),
            rules.hemicrania_continua(hemicrania_cap),
            overuse,
            neuralgia,
            rules.post_traumatic(profile, episodes, today, t),
            rules.temporomandibular(episodes, rules.arteritis_cleared(profile, red_flags, today, t), t),
        )
        if d is not None
    ]
    not_evaluable = _not_evaluable(episodes, t)

    open_flags = [flag for flag in red_flags if flag.reviewed is None and flag.holds]
    level, reasons, mixed_signals = _level(diary, signals, caps, open_flags, t)
    window = Window(
        date_from=diary.date_from,
        date_to=diary.date_to,
        days=days,
        observed_days=diary.observed_days,
        logged_days=len(diary.logged_days),
        headache_days=len(diary.headache_days),
        episodes=len(episodes),
        headache_days_per_30=diary.per_30(len(diary.headache_days)),
    )
    return Report(
        level,
        bool(mixed_signals),
        window,
        tuple(signals.values()),
        tuple(caps),
        tuple(differentials),
        tuple(red_flags),
        reasons=reasons,
        mixed_signals=tuple(mixed_signals),
        not_evaluable=not_evaluable,
    )


def _not_evaluable(episodes, t: Thresholds) -> tuple[NotEvaluable, ...]:
    """The caps and differentials defined by a share of a symptom-reading tag
    that was evaluable for fewer than half of the episodes: not named."""
    if not episodes:
        return ()
    missing = []
    if not rules.evaluable_enough(episodes, lambda e: e.migraine_like, t):
        missing += ["migraine_features", "migraine_predominant"]
    if not rules.tension_type_evaluable(episodes, t):
        missing.append("tension_type")
    return tuple(rules.not_evaluable(code, episodes, t) for code in missing)
