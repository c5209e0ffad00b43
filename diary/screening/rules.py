"""The rules of screening.md: signals, caps, differentials and pattern-level
red flags. Each is a small function over plain data that names the entries
behind its answer; `engine.screen` puts them together."""

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from diary.red_flags import URGENCY
from diary.screening.episodes import AUTONOMIC_OR_RESTLESS, EntryData, Episode, ExamData, Profile
from diary.screening.thresholds import Thresholds

SPECIFIC_ACUTE = frozenset({"triptan", "ergot", "opioid", "combination_analgesic"})
SIMPLE_ACUTE = frozenset({"simple_analgesic", "nsaid"})
# The acute medication classes of ICHD-3 8.2; gepants and "other" are not among them.
ACUTE = SPECIFIC_ACUTE | SIMPLE_ACUTE
RELIEVED = frozenset({"partial", "complete"})


@dataclasses.dataclass(frozen=True)
class Diary:
    """The window's entries, read once, and the figures every rule shares."""

    date_from: dt.date
    date_to: dt.date
    entries: tuple[EntryData, ...]  # in the window, oldest first
    episodes: tuple[Episode, ...]
    logged_days: frozenset[dt.date]
    headache_days: frozenset[dt.date]
    # Entries before the window that the 90-day pattern_change check needs.
    earlier: tuple[EntryData, ...] = ()

    @property
    def observed_days(self) -> int:
        """Days from the first logged day of the window to its end: a diary
        started last week is not a quiet quarter."""
        if not self.logged_days:
            return 0
        return (self.date_to - min(self.logged_days)).days + 1

    def per_30(self, count: int) -> float:
        return count * 30 / self.observed_days if self.observed_days else 0.0


@dataclasses.dataclass(frozen=True)
class Signal:
    code: str
    met: bool
    value: float | None  # the share behind the rule
    threshold: float | None
    n: int  # episodes (or exam records) behind it
    of: int  # episodes the share is over
    evidence: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Cap:
    code: str
    applied: bool
    effect: str  # "at_most_possible" or "none"
    evidence: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Differential:
    code: str
    status: str  # "met" or "at_risk"
    evidence: tuple[str, ...]
    band: str | None = None


@dataclasses.dataclass(frozen=True)
class RedFlag:
    code: str
    urgency: str
    date: dt.date
    entry: str | None  # the entry that carries it; None for a pattern-level flag
    evidence: tuple[str, ...]


def ids(items) -> tuple[str, ...]:
    return tuple(item.id for item in items)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- Signals --------------------------------------------------------------------------


def _dominant_side(unilateral: Sequence[Episode]) -> tuple[str | None, list[Episode]]:
    by_side = {"left": [], "right": []}
    for episode in unilateral:
        by_side[episode.entry.side].append(episode)
    side = max(by_side, key=lambda name: (len(by_side[name]), name))  # a tie picks "right", always
    return (side, by_side[side]) if by_side[side] else (None, [])


def side_locked(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    unilateral = [e for e in episodes if e.unilateral]
    _, dominant = _dominant_side(unilateral)
    unilateral_share = _share(len(unilateral), len(episodes))
    dominant_share = _share(len(dominant), len(unilateral))
    met = (
        unilateral_share is not None
        and unilateral_share >= t.side_locked_unilateral_share
        and dominant_share >= t.side_locked_dominant_share
        and len(dominant) >= t.side_locked_min_n
    )
    return Signal("side_locked", met, dominant_share, t.side_locked_dominant_share, len(dominant), len(episodes),
                  ids(dominant))


def _share_signal(
    code: str, episodes: Sequence[Episode], tag: Callable[[Episode], bool | None], share: float, min_n: int
) -> Signal:
    known = [e for e in episodes if tag(e) is not None]
    positive = [e for e in known if tag(e)]
    value = _share(len(positive), len(known))
    met = value is not None and value >= share and len(positive) >= min_n
    return Signal(code, met, value, share, len(positive), len(known), ids(positive))


def mechanical_trigger(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    return _share_signal("mechanical_trigger", episodes, lambda e: e.mechanical, t.mechanical_share,
                         t.mechanical_min_n)


def neck_onset(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    return _share_signal("neck_onset", episodes, lambda e: e.neck_onset, t.neck_onset_share, t.neck_onset_min_n)


def ipsilateral_neck_arm_pain(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    return _share_signal("ipsilateral_neck_arm_pain", episodes, lambda e: e.ipsilateral_neck_arm,
                         t.neck_arm_share, t.neck_arm_min_n)


def exam_is_positive(exam: ExamData, t: Thresholds) -> bool:
    left, right = exam.frt_left_deg, exam.frt_right_deg
    return (
        any(side is not None and side < t.frt_positive_below_deg for side in (left, right))
        or (left is not None and right is not None and abs(left - right) >= t.frt_side_difference_deg)
        or (exam.block_relief_percent is not None and exam.block_relief_percent >= t.block_relief_percent)
    )


def clinical_exam(exams: Sequence[ExamData], today: dt.date, t: Thresholds) -> Signal:
    """Any positive exam up to today counts; its evidence is exam record ids."""
    known = sorted((exam for exam in exams if exam.date <= today), key=lambda exam: (exam.date, exam.id))
    positive = [exam for exam in known if exam_is_positive(exam, t)]
    return Signal("clinical_exam", bool(positive), None, None, len(positive), len(known), ids(positive))


# --- Caps -----------------------------------------------------------------------------

AT_MOST_POSSIBLE = "at_most_possible"
LEVEL_NONE = "none"


def side_shift(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    unilateral = [e for e in episodes if e.unilateral]
    _, dominant = _dominant_side(unilateral)
    applied = (
        len(unilateral) >= t.side_shift_min_unilateral
        and len(dominant) / len(unilateral) < t.side_shift_dominant_share
    )
    return Cap("side_shift", applied, AT_MOST_POSSIBLE, ids(unilateral) if applied else ())


def migraine_features(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    migraine_like = [e for e in episodes if e.migraine_like]
    share = _share(len(migraine_like), len(episodes))
    applied = share is not None and share >= t.migraine_features_share
    return Cap("migraine_features", applied, AT_MOST_POSSIBLE, ids(migraine_like) if applied else ())


def cluster_like(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    tac_like = [e for e in episodes if e.tac_like]
    applied = len(tac_like) >= t.cluster_min_episodes
    return Cap("cluster_like", applied, LEVEL_NONE, ids(tac_like) if applied else ())


def hemicrania_continua_like(diary: Diary, locked: Signal, t: Thresholds) -> Cap:
    autonomic = [e for e in diary.episodes if e.entry.symptoms & AUTONOMIC_OR_RESTLESS]
    logged = len(diary.logged_days)
    applied = (
        locked.met
        and logged >= t.hemicrania_min_logged_days
        and len(diary.headache_days) / logged >= t.hemicrania_headache_day_share
        and bool(autonomic)
    )
    return Cap("hemicrania_continua_like", applied, AT_MOST_POSSIBLE, ids(autonomic) if applied else ())


def bilateral(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    both = [e for e in episodes if e.entry.side == "both"]
    share = _share(len(both), len(episodes))
    applied = share is not None and share >= t.bilateral_share
    return Cap("bilateral", applied, AT_MOST_POSSIBLE, ids(both) if applied else ())


def triptan_response(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    """Over the episodes with a triptan whose relief the patient reported."""
    reported, relieved = [], []
    for e in episodes:
        reliefs = {relief for kind, relief in e.entry.medications if kind == "triptan" and relief != "unknown"}
        if reliefs:
            reported.append(e)
            if reliefs & RELIEVED:
                relieved.append(e)
    applied = len(reported) >= t.triptan_min_episodes and len(relieved) / len(reported) >= t.triptan_relief_share
    return Cap("triptan_response", applied, AT_MOST_POSSIBLE, ids(relieved) if applied else ())


def medication_overuse_cap(overuse: Differential | None) -> Cap:
    # Applied whether the differential is `met` or `at_risk`: either way the
    # pattern should be reassessed after withdrawal before it says more.
    return Cap("medication_overuse", overuse is not None, AT_MOST_POSSIBLE, overuse.evidence if overuse else ())


# --- Differentials --------------------------------------------------------------------


def _status(diary: Diary, t: Thresholds) -> str:
    return "met" if len(diary.logged_days) >= t.confirmed_logged_days else "at_risk"


def migraine(episodes: Sequence[Episode], features: Cap, t: Thresholds) -> Differential | None:
    migraine_like = [e for e in episodes if e.migraine_like]
    if len(migraine_like) >= t.migraine_min_episodes or features.applied:
        return Differential("migraine", "met", ids(migraine_like))
    return None


def chronic_migraine(diary: Diary, t: Thresholds) -> Differential | None:
    migraine_like = [e for e in diary.episodes if e.migraine_like]
    migraine_days = {e.date for e in migraine_like}
    if (
        diary.per_30(len(diary.headache_days)) >= t.chronic_migraine_headache_days
        and diary.per_30(len(migraine_days)) >= t.chronic_migraine_migraine_days
    ):
        return Differential("chronic_migraine", _status(diary, t), ids(migraine_like))
    return None


def tension_type(diary: Diary, locked: Signal, t: Thresholds) -> Differential | None:
    """Not raised beside a side-locked pattern: a pressing, moderate headache
    always on one side meets the letter of ICHD-3 2.x C but is better accounted
    for by the neck pattern (criterion E); screening.md's classic example asks
    for no differential."""
    tth_like = [e for e in diary.episodes if e.tth_like]
    share = _share(len(tth_like), len(diary.episodes))
    if locked.met or share is None or share < t.tth_share or len(tth_like) < t.tth_min_episodes:
        return None
    per_30 = diary.per_30(len(diary.headache_days))
    band = "infrequent" if per_30 < t.tth_frequent_days else "frequent" if per_30 < t.tth_chronic_days else "chronic"
    return Differential("tension_type", "met", ids(tth_like), band=band)


def cluster(cap: Cap) -> Differential | None:
    return Differential("cluster", "met", cap.evidence) if cap.applied else None


def hemicrania_continua(cap: Cap) -> Differential | None:
    return Differential("hemicrania_continua", "met", cap.evidence) if cap.applied else None


def _overuse_in(entries: Sequence[EntryData], days: int, t: Thresholds) -> bool:
    """ICHD-3 8.2 over `days` days of diary."""
    if days <= 0:
        return False
    headache_days, specific, simple, any_acute, classes = set(), set(), set(), set(), set()
    for e in entries:
        if not e.headache:
            continue
        headache_days.add(e.date)
        kinds = {kind for kind, _ in e.medications} & ACUTE
        classes |= kinds
        if kinds:
            any_acute.add(e.date)
        if kinds & SPECIFIC_ACUTE:
            specific.add(e.date)
        if kinds & SIMPLE_ACUTE:
            simple.add(e.date)

    def per_30(dates: set) -> float:
        return len(dates) * 30 / days

    return per_30(headache_days) >= t.overuse_headache_days and (
        per_30(specific) >= t.overuse_specific_days
        or per_30(simple) >= t.overuse_simple_days
        # Several classes together (ICHD-3 8.2.6); one class alone has its own limit above.
        or (per_30(any_acute) >= t.overuse_any_days and len(classes) >= 2)
    )


def medication_overuse(diary: Diary, t: Thresholds) -> Differential | None:
    if not _overuse_in(diary.entries, diary.observed_days, t):
        return None
    evidence = tuple(e.id for e in diary.entries if {kind for kind, _ in e.medications} & ACUTE)
    status = "at_risk"
    if len(diary.logged_days) >= t.confirmed_logged_days:
        # `met` when each of the last three 30-day blocks meets it on its own.
        blocks = []
        for block in range(3):
            end = diary.date_to - dt.timedelta(days=30 * block)
            start = end - dt.timedelta(days=29)
            blocks.append([e for e in diary.entries if start <= e.date <= end])
        if all(_overuse_in(block, 30, t) for block in blocks):
            status = "met"
    return Differential("medication_overuse", status, evidence)


# --- Red flags ------------------------------------------------------------------------


def entry_red_flags(entries: Sequence[EntryData]) -> list[RedFlag]:
    return [
        RedFlag(code, URGENCY[code], e.date, e.id, (e.id,))
        for e in entries
        for code in e.red_flags
        if code in URGENCY
    ]


def _months_since(since: dt.date, today: dt.date) -> int:
    """Whole calendar months from the month headaches began to this month. The
    profile gives only the month, so "in the last 12 months" counts a month
    that may have fallen inside the period (12 months ago, this month, counts)."""
    return (today.year - since.year) * 12 + today.month - since.month


def new_after_50(profile: Profile, episodes: Sequence[Episode], today: dt.date, t: Thresholds) -> RedFlag | None:
    if profile.birth_year is None or profile.headaches_since is None or not episodes:
        return None
    # The birthday is not known: a person who may already be 50 counts as 50.
    if today.year - profile.birth_year >= t.new_after_50_age and (
        _months_since(profile.headaches_since, today) <= t.new_after_50_months
    ):
        return RedFlag("new_after_50", URGENCY["new_after_50"], today, None, ids(episodes))
    return None


def new_side_locked(profile: Profile, locked: Signal, today: dt.date, t: Thresholds) -> RedFlag | None:
    if profile.headaches_since is None or not locked.met:
        return None
    if _months_since(profile.headaches_since, today) <= t.new_side_locked_months:
        return RedFlag("new_side_locked", URGENCY["new_side_locked"], today, None, locked.evidence)
    return None


def pattern_change(entries: Sequence[EntryData], today: dt.date, t: Thresholds) -> RedFlag | None:
    """Headache days in the last 30 days against the 60 days before them,
    whatever the window: this looks back 90 days from today."""
    recent_from = today - dt.timedelta(days=29)
    before_from = today - dt.timedelta(days=89)
    logged_before, headache_before, headache_recent, recent = set(), set(), set(), []
    for e in entries:
        if before_from <= e.date < recent_from:
            logged_before.add(e.date)
            if e.headache:
                headache_before.add(e.date)
        elif recent_from <= e.date <= today and e.headache:
            headache_recent.add(e.date)
            recent.append(e)
    if len(logged_before) < t.pattern_change_min_logged_before:
        return None
    average = len(headache_before) / 2  # per 30 days
    if len(headache_recent) >= t.pattern_change_min_recent_days and (
        len(headache_recent) >= t.pattern_change_ratio * average
    ):
        return RedFlag("pattern_change", URGENCY["pattern_change"], today, None, ids(recent))
    return None
