"""The rules of screening.md: signals, caps, differentials and pattern-level
red flags. Each is a small function over plain data that names the entries
behind its answer; `engine.screen` puts them together."""

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from diary.choices import EntryRedFlag
from diary.red_flags import URGENCY, entry_flag_codes, flag_urgency, is_past, raises_artery_alarm, triage_key
from diary.screening.episodes import (
    AUTONOMIC_OR_RESTLESS,
    BlockData,
    EntryData,
    Episode,
    ExamData,
    Profile,
    ReviewData,
)
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
    # The patient's first logged day ever (None: no entry at all).
    first_logged: dt.date | None = None

    @property
    def observed_days(self) -> int:
        return observed_days(self.date_from, self.date_to, self.first_logged)

    def per_30(self, count: int) -> float:
        return per_30(count, self.observed_days)


def observed_days(date_from: dt.date, date_to: dt.date, first_logged: dt.date | None) -> int:
    """The days a "per 30 days" rate is over (docs/screening.md, Rates): from the
    later of the window's first day and the patient's first logged day ever, to
    the window's last day. A diary begun last week is not a quiet quarter."""
    if first_logged is None or first_logged > date_to:
        return 0
    return (date_to - max(date_from, first_logged)).days + 1


def per_30(count: int, days: int) -> float:
    """The one "per 30 days" rate of the report, the clinician summary and the exports."""
    return count * 30 / days if days else 0.0


# The codes a report may carry, each list once: the API's schema reads them from here
# (api/screening/serializers.py), so its enums follow the engine (docs/screening.md).
SIGNAL_CODES = ("side_locked", "mechanical_trigger", "neck_onset", "ipsilateral_neck_arm_pain", "clinical_exam")
EXAM_SOURCES = ("frt", "single_block", "comparative_blocks")  # what made clinical_exam positive
CAP_CODES = (
    "side_shift",
    "migraine_features",
    "migraine_predominant",
    "cluster_like",
    "hemicrania_continua_like",
    "bilateral",
    "triptan_response",
    "medication_overuse",
    "neuralgic",
)
AT_MOST_POSSIBLE = "at_most_possible"
LEVEL_NONE = "none"
CAP_EFFECTS = (AT_MOST_POSSIBLE, LEVEL_NONE)
DIFFERENTIAL_CODES = (
    "migraine",
    "chronic_migraine",
    "tension_type",
    "cluster",
    "hemicrania_continua",
    "medication_overuse",
    "occipital_neuralgia",
    "post_traumatic",
    "temporomandibular",
)
# possible: cluster from autonomic episodes alone.
DIFFERENTIAL_STATUSES = ("met", "at_risk", "possible")
# tension_type (infrequent, frequent, chronic) and post_traumatic (acute, persistent) only.
DIFFERENTIAL_BANDS = ("infrequent", "frequent", "chronic", "acute", "persistent")


@dataclasses.dataclass(frozen=True)
class Signal:
    code: str
    met: bool
    value: float | None  # the share behind the rule
    threshold: float | None
    n: int  # episodes that answered its question: the share is over these (exam records for clinical_exam)
    unanswered: int  # episodes that left its question open
    count: int  # episodes (or exam records and blocks) that show it: the evidence
    evidence: tuple[str, ...]
    source: str | None = None  # clinical_exam: "frt", "single_block" or "comparative_blocks"
    side: str | None = None  # side_locked: the dominant side ("left" or "right")


@dataclasses.dataclass(frozen=True)
class Cap:
    code: str
    applied: bool
    effect: str  # "at_most_possible" or "none"
    evidence: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Differential:
    code: str
    status: str  # "met", "at_risk", or "possible" (cluster from autonomic episodes alone)
    evidence: tuple[str, ...]
    band: str | None = None


@dataclasses.dataclass(frozen=True)
class RedFlag:
    code: str
    urgency: str
    date: dt.date
    entry: str | None  # the entry that carries it; None for a diary- or profile-level flag
    evidence: tuple[str, ...]
    past: bool = False  # logged for a day before yesterday
    reviewed: ReviewData | None = None  # a clinician marked it reviewed: it no longer holds the level
    # after_injury_or_manipulation: the other entries whose symptoms made it an emergency.
    related: tuple[str, ...] = ()
    # Unreviewed, it holds the level: every diary- or profile-level flag, and an
    # entry-level flag dated within the last 365 days; an older one is listed only.
    holds: bool = True


@dataclasses.dataclass(frozen=True)
class NotEvaluable:
    """A cap or differential defined by a share whose tag was evaluable for fewer
    than half of the episodes: not named, and the questions that would let it be."""

    code: str
    questions: tuple[str, ...]


def ids(items) -> tuple[str, ...]:
    return tuple(item.id for item in items)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def evaluable(episodes: Sequence[Episode], tag: Callable[[Episode], bool | None]) -> list[Episode]:
    """The episodes where a tag could be read (its inputs answered)."""
    return [e for e in episodes if tag(e) is not None]


def evaluable_enough(episodes: Sequence[Episode], tag: Callable[[Episode], bool | None], t: Thresholds) -> bool:
    """A share may name a cap or differential only when its tag is evaluable for
    at least half of the episodes (docs/screening.md, Evaluable)."""
    return bool(episodes) and len(evaluable(episodes, tag)) >= t.evaluable_share * len(episodes)


def _evaluable_share(episodes: Sequence[Episode], tag: Callable[[Episode], bool | None]) -> tuple[list, float | None]:
    """(the episodes showing the tag, their share of the evaluable episodes)."""
    known = evaluable(episodes, tag)
    shown = [e for e in known if tag(e)]
    return shown, _share(len(shown), len(known))


# The questions that let a symptom-reading share be evaluated, as the API names them.
SHARE_QUESTIONS = ("symptoms", "quality")


def not_evaluable(code: str, episodes: Sequence[Episode], t: Thresholds) -> NotEvaluable:
    """`symptoms` (the gate of every such tag), and `quality` when most episodes left it open too."""
    open_quality = sum(e.entry.quality is None for e in episodes)
    questions = [q for q in SHARE_QUESTIONS if q == "symptoms" or open_quality >= t.evaluable_share * len(episodes)]
    return NotEvaluable(code, tuple(questions))


# --- Signals --------------------------------------------------------------------------


def _dominant_side(unilateral: Sequence[Episode]) -> tuple[str | None, list[Episode]]:
    by_side = {"left": [], "right": []}
    for episode in unilateral:
        by_side[episode.entry.side].append(episode)
    side = max(by_side, key=lambda name: (len(by_side[name]), name))  # a tie picks "right", always
    return (side, by_side[side]) if by_side[side] else (None, [])


def side_locked(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    unilateral = [e for e in episodes if e.unilateral]
    side, dominant = _dominant_side(unilateral)
    unilateral_share = _share(len(unilateral), len(episodes))
    dominant_share = _share(len(dominant), len(unilateral))
    met = (
        unilateral_share is not None
        and unilateral_share >= t.side_locked_unilateral_share
        and dominant_share >= t.side_locked_dominant_share
        and len(dominant) >= t.side_locked_min_n
    )
    # `side` is required of every headache: the question is never left open.
    return Signal(
        "side_locked",
        met,
        dominant_share,
        t.side_locked_dominant_share,
        len(episodes),
        0,
        len(dominant),
        ids(dominant),
        side=side,
    )


def dominant_side(episodes: Sequence[Episode]) -> str | None:
    side, _ = _dominant_side([e for e in episodes if e.unilateral])
    return side


def _share_signal(
    code: str, episodes: Sequence[Episode], tag: Callable[[Episode], bool | None], share: float, min_n: int
) -> Signal:
    known = [e for e in episodes if tag(e) is not None]
    positive = [e for e in known if tag(e)]
    value = _share(len(positive), len(known))
    met = value is not None and value >= share and len(positive) >= min_n
    return Signal(code, met, value, share, len(known), len(episodes) - len(known), len(positive), ids(positive))


def mechanical_trigger(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    # Neuralgic episodes (brief shooting pain) are occipital neuralgia's, not the neck's.
    return _share_signal(
        "mechanical_trigger",
        [e for e in episodes if not e.neuralgic],
        lambda e: e.mechanical,
        t.mechanical_share,
        t.mechanical_min_n,
    )


def neck_onset(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    return _share_signal(
        "neck_onset",
        [e for e in episodes if not e.neuralgic],
        lambda e: e.neck_onset,
        t.neck_onset_share,
        t.neck_onset_min_n,
    )


def ipsilateral_neck_arm_pain(episodes: Sequence[Episode], t: Thresholds) -> Signal:
    return _share_signal(
        "ipsilateral_neck_arm_pain", episodes, lambda e: e.ipsilateral_neck_arm, t.neck_arm_share, t.neck_arm_min_n
    )


def frt_is_positive(exam: ExamData, side: str | None, t: Thresholds) -> bool:
    """Flexion-Rotation Test on the headache side (either side when there is none):
    below 32 degrees, or 10 degrees or more smaller than the other side."""
    left, right = exam.frt_left_deg, exam.frt_right_deg
    sides = {"left": (left, right), "right": (right, left)}
    for name, (this, other) in sides.items():
        if side not in (None, name) or this is None:
            continue
        if this < t.frt_positive_below_deg:
            return True
        if other is not None and other - this >= t.frt_side_difference_deg:
            return True
    return False


def exam_is_positive(exam: ExamData, t: Thresholds, side: str | None = None) -> bool:
    return frt_is_positive(exam, side, t) or (
        exam.block_relief_percent is not None and exam.block_relief_percent >= t.block_relief_percent
    )


def _action_hours(block: BlockData, t: Thresholds) -> float | None:
    if block.action_hours is not None:
        return block.action_hours
    return dict(t.anaesthetic_action_hours).get((block.anaesthetic or "").strip().lower())


def _comparative(a: BlockData, b: BlockData, t: Thresholds) -> bool:
    """Two positive blocks with different anaesthetics, the longer-acting one
    relieving longer (Barnsley et al. 1993)."""
    if not (a.comparative_with == b.id or b.comparative_with == a.id):  # the second block links to the first
        return False
    if not a.anaesthetic or not b.anaesthetic or a.anaesthetic.strip().lower() == b.anaesthetic.strip().lower():
        return False
    action_a, action_b = _action_hours(a, t), _action_hours(b, t)
    if action_a is None or action_b is None or action_a == action_b or None in (a.duration_hours, b.duration_hours):
        return False
    longer, shorter = (a, b) if action_a > action_b else (b, a)
    return longer.duration_hours > shorter.duration_hours


def clinical_exam(
    exams: Sequence[ExamData], blocks: Sequence[BlockData], today: dt.date, side: str | None, t: Thresholds
) -> Signal:
    """A positive exam up to today: FRT on the headache side, a block with >= 80%
    relief (the post-block diary's result over a typed one), comparative blocks
    most. Evidence is exam record and block ids; `source` names the strongest."""
    known = sorted((exam for exam in exams if exam.date <= today), key=lambda exam: (exam.date, exam.id))
    frt = [exam for exam in known if frt_is_positive(exam, side, t)]
    # Typed blocks from the exam records, then the blocks given; a diary result replaces the typed one.
    typed = [
        BlockData(id=exam.id, date=exam.date, relief_percent=exam.block_relief_percent)
        for exam in known
        if exam.block_relief_percent is not None
    ]
    given = [block for block in blocks if block.date <= today]
    replaced = {block.replaces for block in given if block.replaces}
    all_blocks = sorted(
        [block for block in typed + given if block.id not in replaced], key=lambda block: (block.date, block.id)
    )
    positive = [
        block
        for block in all_blocks
        if block.relief_percent is not None
        and block.relief_percent >= t.block_relief_percent
        and block.concordant is not False
    ]
    pairs = [(a, b) for i, a in enumerate(positive) for b in positive[i + 1 :] if _comparative(a, b, t)]
    if pairs:
        source, shown = "comparative_blocks", sorted({block.id for pair in pairs for block in pair})
    elif positive:
        source, shown = "single_block", [block.id for block in positive]
    elif frt:
        source, shown = "frt", [exam.id for exam in frt]
    else:
        source, shown = None, []
    evidence = tuple(dict.fromkeys([*shown, *(exam.id for exam in frt)]))
    n = len(known) + len(given)
    return Signal("clinical_exam", bool(evidence), None, None, n, 0, len(evidence), evidence, source)


# --- Caps -----------------------------------------------------------------------------


def side_shift(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    unilateral = [e for e in episodes if e.unilateral]
    _, dominant = _dominant_side(unilateral)
    applied = (
        len(unilateral) >= t.side_shift_min_unilateral and len(dominant) / len(unilateral) < t.side_shift_dominant_share
    )
    return Cap("side_shift", applied, AT_MOST_POSSIBLE, ids(unilateral) if applied else ())


def _migraine_like(e: Episode) -> bool | None:
    return e.migraine_like


def migraine_features(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    migraine_like, share = _evaluable_share(episodes, _migraine_like)
    applied = evaluable_enough(episodes, _migraine_like, t) and share is not None and share >= t.migraine_features_share
    return Cap("migraine_features", applied, AT_MOST_POSSIBLE, ids(migraine_like) if applied else ())


def migraine_predominant(episodes: Sequence[Episode], exam: Signal, t: Thresholds) -> Cap:
    """Mostly migraine-like: the neck pattern is not better than migraine at
    explaining it (ICHD-3 11.2.1 D; neck pain is common in migraine). Level none,
    unless concordant comparative blocks point at the neck (then at most possible)."""
    migraine_like, share = _evaluable_share(episodes, _migraine_like)
    applied = (
        evaluable_enough(episodes, _migraine_like, t)
        and len(migraine_like) >= t.migraine_predominant_min_episodes
        and share >= t.migraine_predominant_share
    )
    effect = AT_MOST_POSSIBLE if exam.source == "comparative_blocks" else LEVEL_NONE
    return Cap("migraine_predominant", applied, effect, ids(migraine_like) if applied else ())


def cluster_evidence(episodes: Sequence[Episode], t: Thresholds) -> tuple[str | None, tuple[str, ...]]:
    """(status, evidence) of the trigeminal autonomic shape: `met` from >= 5
    tac_like episodes; `possible` from >= 3 autonomic episodes making half the
    one-sided ones whose symptoms were asked (durations unknown or outside
    15-180 minutes); (None, ()) otherwise."""
    tac_like = [e for e in episodes if e.tac_like]
    if len(tac_like) >= t.cluster_min_episodes:
        return "met", ids(tac_like)
    autonomic, share = _evaluable_share([e for e in episodes if e.unilateral], lambda e: e.autonomic)
    if len(autonomic) >= t.cluster_min_autonomic and share >= t.cluster_autonomic_share:
        return "possible", ids(autonomic)
    return None, ()


def cluster_like(episodes: Sequence[Episode], t: Thresholds) -> Cap:
    status, evidence = cluster_evidence(episodes, t)
    return Cap("cluster_like", status is not None, LEVEL_NONE, evidence)


def hemicrania_continua_like(diary: Diary, locked: Signal, profile: Profile, today: dt.date, t: Thresholds) -> Cap:
    """Side-locked, nearly every logged day, >= 60 logged days, begun >= 3 months
    ago (the diary or the profile says so), with an autonomic sign or restlessness.
    Not every day needs logging: days off the diary are not days without headache."""
    autonomic = [e for e in diary.episodes if e.entry.symptoms and e.entry.symptoms & AUTONOMIC_OR_RESTLESS]
    logged = len(diary.logged_days)
    began_by = _add_months(today, -t.hemicrania_min_history_months)
    began = [day for day in (diary.first_logged, profile.headaches_since) if day is not None]
    applied = (
        locked.met
        and logged >= t.hemicrania_min_logged_days
        and len(diary.headache_days) / logged >= t.hemicrania_headache_day_share
        and any(day <= began_by for day in began)
        and bool(autonomic)
    )
    return Cap("hemicrania_continua_like", applied, AT_MOST_POSSIBLE, ids(autonomic) if applied else ())


def bilateral(episodes: Sequence[Episode], exam: Signal, t: Thresholds) -> Cap:
    """Both sides in half the episodes: far more often tension-type. Level none,
    unless a clinician's exam found a neck sign (then at most possible)."""
    both = [e for e in episodes if e.entry.side == "both"]
    share = _share(len(both), len(episodes))
    applied = share is not None and share >= t.bilateral_share
    return Cap("bilateral", applied, AT_MOST_POSSIBLE if exam.met else LEVEL_NONE, ids(both) if applied else ())


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


def neuralgic(neuralgia: Differential | None) -> Cap:
    return Cap("neuralgic", neuralgia is not None, AT_MOST_POSSIBLE, neuralgia.evidence if neuralgia else ())


def medication_overuse_cap(overuse: Differential | None) -> Cap:
    # Applied whether the differential is `met` or `at_risk`: either way the
    # pattern should be reassessed after withdrawal before it says more.
    return Cap("medication_overuse", overuse is not None, AT_MOST_POSSIBLE, overuse.evidence if overuse else ())


# --- Differentials --------------------------------------------------------------------


def _status(diary: Diary, t: Thresholds) -> str:
    return "met" if len(diary.logged_days) >= t.confirmed_logged_days else "at_risk"


def migraine(episodes: Sequence[Episode], features: Cap, t: Thresholds) -> Differential | None:
    """By count (>= 5 migraine-like episodes, however few were asked), or by the
    migrainous-features cap (a share, named only when evaluable)."""
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
    for no differential. The share is over the episodes whose symptoms were
    asked; with too few of those it is not named (`tension_type_evaluable`)."""
    tth_like, share = _evaluable_share(diary.episodes, lambda e: e.tth_like)
    if not tension_type_evaluable(diary.episodes, t):
        return None
    if locked.met or share is None or share < t.tth_share or len(tth_like) < t.tth_min_episodes:
        return None
    per_30 = diary.per_30(len(diary.headache_days))
    band = "infrequent" if per_30 < t.tth_frequent_days else "frequent" if per_30 < t.tth_chronic_days else "chronic"
    return Differential("tension_type", "met", ids(tth_like), band=band)


def tension_type_evaluable(episodes: Sequence[Episode], t: Thresholds) -> bool:
    return evaluable_enough(episodes, lambda e: e.tth_like, t)


def cluster(episodes: Sequence[Episode], t: Thresholds) -> Differential | None:
    status, evidence = cluster_evidence(episodes, t)
    return Differential("cluster", status, evidence) if status else None


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
        # `met` when every 30-day block of the window meets it on its own (ICHD-3 8.2).
        blocks = []
        for block in range(diary.observed_days // 30):
            end = diary.date_to - dt.timedelta(days=30 * block)
            start = end - dt.timedelta(days=29)
            blocks.append([e for e in diary.entries if start <= e.date <= end])
        if all(_overuse_in(block, 30, t) for block in blocks):
            status = "met"
    return Differential("medication_overuse", status, evidence)


def occipital_neuralgia(episodes: Sequence[Episode], t: Thresholds) -> Differential | None:
    neuralgic_episodes = [e for e in episodes if e.neuralgic]
    if len(neuralgic_episodes) >= t.occipital_neuralgia_min_episodes:
        return Differential("occipital_neuralgia", "met", ids(neuralgic_episodes))
    return None


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return date.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def post_traumatic(profile: Profile, episodes: Sequence[Episode], today: dt.date, t: Thresholds) -> Differential | None:
    """The profile says the headaches began within 7 days of a head or neck injury
    (ICHD-3 5.1/5.2). It speaks of the diary's headaches, so it needs one."""
    if not profile.headaches_began_after_injury or not episodes:
        return None
    band = None
    if profile.injury_date is not None:
        acute = today <= _add_months(profile.injury_date, t.post_traumatic_acute_months)
        band = "acute" if acute else "persistent"
    return Differential("post_traumatic", "met", ids(episodes), band=band)


def temporomandibular(episodes: Sequence[Episode], arteritis_cleared: bool, t: Thresholds) -> Differential | None:
    """`arteritis_cleared`: under 50, or a doctor has reviewed the giant cell
    arteritis flag (at 50 or over, or at an unknown age, a jaw pain on chewing is
    a possible arteritis before it is a jaw joint)."""
    if not arteritis_cleared:
        return None
    answered = [e for e in episodes if e.trigger_answered]
    jaw = [e for e in answered if e.jaw_triggered]
    share = _share(len(jaw), len(answered))
    if len(jaw) >= t.temporomandibular_min_episodes and share >= t.temporomandibular_share:
        return Differential("temporomandibular", "met", ids(jaw))
    return None


# --- Red flags ------------------------------------------------------------------------


def entry_red_flags(entries: Sequence[EntryData], profile: Profile, today: dt.date, t: Thresholds) -> list[RedFlag]:
    """The entry-level flags of these entries (the window and the flagged entries
    of the last 365 days): ticked, from a jaw-movement headache at 50 or over,
    and an injury made an emergency by an entry of the 14 days after it."""
    age = profile.age(today)
    hold_from = today - dt.timedelta(days=t.red_flag_hold_days - 1)
    flags = []
    for e in entries:
        codes = entry_flag_codes(
            e.red_flags, headache=e.headache, neck_trigger=e.neck_trigger, age=age, gca_age=t.giant_cell_arteritis_age
        )
        for code in codes:
            related = artery_related(e, entries, t) if code == EntryRedFlag.AFTER_INJURY_OR_MANIPULATION else ()
            urgency = flag_urgency(code, codes=codes, symptoms=e.symptoms, related=bool(related))
            # An injury made an emergency by yesterday's dizziness is of the moment, however old the injury.
            latest = max((other.date for other in entries if other.id in related), default=e.date)
            flags.append(
                RedFlag(
                    str(code),
                    urgency,
                    e.date,
                    e.id,
                    (e.id, *related),
                    past=is_past(max(e.date, latest), today),
                    related=related,
                    holds=e.date >= hold_from,
                )
            )
    return flags


def artery_related(injury: EntryData, entries: Sequence[EntryData], t: Thresholds) -> tuple[str, ...]:
    """The other entries of the 14 days after an injury or manipulation with
    dizziness, a drooping eyelid or a neurological symptom."""
    until = injury.date + dt.timedelta(days=t.artery_injury_days)
    return tuple(
        e.id
        for e in entries
        if e.id != injury.id and injury.date <= e.date <= until and raises_artery_alarm(e.red_flags, e.symptoms)
    )


def arteritis_cleared(profile: Profile, flags: Sequence[RedFlag], today: dt.date, t: Thresholds) -> bool:
    """Under 50, or no giant cell arteritis flag left unreviewed (temporomandibular's gate)."""
    age = profile.age(today)
    if age is not None and age < t.giant_cell_arteritis_age:
        return True
    return not any(f.code == EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS and f.reviewed is None for f in flags)


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


def systemic_risk(profile: Profile, episodes: Sequence[Episode], today: dt.date, t: Thresholds) -> RedFlag | None:
    """SNNOOP10's systemic items: new headaches with a history of cancer, a
    weakened immune system, or pregnancy or a birth in the last 6 weeks."""
    if profile.headaches_since is None or not episodes:
        return None
    at_risk = profile.cancer_history or profile.immunosuppressed or profile.pregnant_or_postpartum
    if at_risk and _months_since(profile.headaches_since, today) <= t.systemic_risk_months:
        return RedFlag("systemic_risk", URGENCY["systemic_risk"], today, None, ids(episodes))
    return None


def new_side_locked(profile: Profile, locked: Signal, today: dt.date, t: Thresholds) -> RedFlag | None:
    if profile.headaches_since is None or not locked.met:
        return None
    if _months_since(profile.headaches_since, today) <= t.new_side_locked_months:
        return RedFlag("new_side_locked", URGENCY["new_side_locked"], today, None, locked.evidence)
    return None


def pattern_change(entries: Sequence[EntryData], today: dt.date, t: Thresholds) -> RedFlag | None:
    """Headache days in the last 30 days against the rate of the 60 days before
    them over their logged days (>= 30 of them), whatever the window: this looks
    back 90 days from today. Days off the diary are not days without headache."""
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
    baseline = len(headache_before) * 30 / len(logged_before)  # per 30 logged days
    if len(headache_recent) >= t.pattern_change_min_recent_days and (
        len(headache_recent) >= t.pattern_change_ratio * baseline
    ):
        return RedFlag("pattern_change", URGENCY["pattern_change"], today, None, ids(recent))
    return None


def is_reviewed_by(flag: RedFlag, review: ReviewData, today: dt.date, t: Thresholds) -> bool:
    """Whether this review covers this occurrence of the flag. An entry flag is
    its entry (or, for a review without one, its code and date), or a later
    occurrence of the code up to the review's `covers_until` (one known injury
    ticked on many entries); a diary- or profile-level flag carries today's
    date, so a review covers it: once for a profile fact, for the 30 days it
    looks at (or up to `covers_until`) for pattern_change. A later occurrence
    is a new flag."""
    if review.code != flag.code:
        return False
    if flag.entry is not None:
        if review.entry == flag.entry if review.entry else review.date == flag.date:
            return True
        return review.covers_until is not None and review.date <= flag.date <= review.covers_until
    if review.entry is not None or review.date > today:
        return False
    if flag.code == "pattern_change":
        covered = review.covers_until is not None and today <= review.covers_until
        return covered or review.date > today - dt.timedelta(days=t.pattern_change_review_days)
    return True


def with_reviews(flags: Sequence[RedFlag], reviews: Sequence[ReviewData], today: dt.date, t: Thresholds):
    """The flags, each with its latest covering review (or None)."""
    latest_first = sorted(reviews, key=lambda review: review.at, reverse=True)
    return [
        dataclasses.replace(flag, reviewed=next((r for r in latest_first if is_reviewed_by(flag, r, today, t)), None))
        for flag in flags
    ]


def flag_order(flag: RedFlag) -> tuple:
    """The report's order (docs/screening.md, Order): the flags that hold the
    level, then older open ones, then the reviewed; within each the most urgent,
    then the latest."""
    urgency, latest, _ = triage_key([flag])
    return (flag.reviewed is not None, not flag.holds, urgency, latest, flag.code, flag.entry or "")
