"""The engine's plain-data inputs and the episode tags of screening.md.

An entry is read once into an `EntryData`; an episode (an entry with a
headache) gets its tags once, as an `Episode`, and every rule reads those.
"""

import dataclasses
import datetime as dt
from collections.abc import Mapping

from diary.screening.thresholds import Thresholds

UNILATERAL_SIDES = frozenset({"left", "right"})
MECHANICAL_TRIGGERS = frozenset({"movement", "sustained_posture", "pressure"})
# "unsure" is an answer, but it says nothing about the trigger: like a missing
# answer it stays out of the share (screening.md: shares are over known values).
UNKNOWN_TRIGGERS = frozenset({None, "unsure"})
UNKNOWN_REGIONS = frozenset({None, "unsure"})
NECK_ONSET_REGIONS = frozenset({"neck", "occiput"})
JAW_TRIGGERS = frozenset({"jaw_movement"})
TAC_ONSET_REGIONS = frozenset({"eye", "temple"})
AUTONOMIC_OR_RESTLESS = frozenset({"tearing_red_eye", "nasal_symptoms", "eyelid_droop_swelling", "restlessness"})


@dataclasses.dataclass(frozen=True, slots=True)
class EntryData:
    """What the engine needs of one diary entry (never the notes)."""

    id: str
    date: dt.date
    headache: bool = True
    side: str | None = None
    onset_region: str | None = None
    severity: int | None = None
    quality: str | None = None
    neck_trigger: str | None = None
    worse_with_activity: bool | None = None
    duration_minutes: int | None = None
    # None: not asked (a quick log that never opened "More detail"); a set, even
    # empty, is an answer (docs/screening.md, Answered).
    symptoms: frozenset[str] | None = None
    medications: tuple[tuple[str, str], ...] = ()  # (kind, relief) pairs
    red_flags: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, row: Mapping) -> "EntryData":
        """From an Entry row's values (or an API-shaped dict)."""
        return cls(
            id=str(row["id"]),
            date=row["date"],
            headache=bool(row.get("headache", True)),
            side=row.get("side"),
            onset_region=row.get("onset_region"),
            severity=row.get("severity"),
            quality=row.get("quality"),
            neck_trigger=row.get("neck_trigger"),
            worse_with_activity=row.get("worse_with_activity"),
            duration_minutes=row.get("duration_minutes"),
            symptoms=None if row.get("symptoms") is None else frozenset(row["symptoms"]),
            medications=tuple((m.get("kind"), m.get("relief", "unknown")) for m in row.get("medications") or ()),
            red_flags=tuple(row.get("red_flags") or ()),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Profile:
    """The profile answers of `/me/` that rules read (docs/api.md)."""

    birth_year: int | None = None
    headaches_since: dt.date | None = None  # the first day of the month they began
    injury_date: dt.date | None = None
    headaches_began_after_injury: bool | None = None  # within 7 days of a head or neck injury
    cancer_history: bool | None = None
    immunosuppressed: bool | None = None
    pregnant_or_postpartum: bool | None = None  # pregnant, or a birth in the last 6 weeks

    def age(self, today: dt.date) -> int | None:
        """Age this year: the birthday is not known, so a person who may already
        be 50 counts as 50 (the safer reading for the age-based red flags)."""
        return None if self.birth_year is None else today.year - self.birth_year


# The profile answers the engine reads, by name: the same names in the model, /me/ and the rules.
PROFILE_FIELDS = tuple(field.name for field in dataclasses.fields(Profile))


@dataclasses.dataclass(frozen=True, slots=True)
class ExamData:
    """A clinician's exam record (ExamRecord), for the clinical_exam signal."""

    id: str
    date: dt.date
    frt_left_deg: int | None = None
    frt_right_deg: int | None = None
    block_relief_percent: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class BlockData:
    """One diagnostic block result, as plain data: from an ExamRecord (typed by a
    clinician, `source` "entered") or from the post-block diary of the blocks
    feature (`source` "post_block_diary"), which wins over a typed figure for
    the same block. `comparative_with` is the id of the block it is compared
    with; `action_hours` the anaesthetic's expected action where the caller
    knows it (otherwise the thresholds' table is used); `concordant` False
    when relief did not last as the anaesthetic should (then it does not count)."""

    id: str
    date: dt.date
    relief_percent: int | None
    anaesthetic: str | None = None
    duration_hours: float | None = None
    comparative_with: str | None = None
    source: str = "entered"
    action_hours: float | None = None
    concordant: bool | None = None
    replaces: str | None = None  # the id of a typed block this diary result supersedes

    @classmethod
    def from_mapping(cls, row: Mapping) -> "BlockData":
        fields = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in row.items() if key in fields}
        values["id"] = str(values.get("id") or f"block:{row['date']}")
        return cls(**values)


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewData:
    """A review of one red flag (RedFlagReview): a clinician's, or the patient's
    report that a doctor has checked it (`role` "patient", `checked_on` the day of
    the check). A clinician's review may cover later occurrences of the same code
    up to `covers_until` (docs/screening.md, Review)."""

    code: str
    date: dt.date
    entry: str | None
    by: str
    at: dt.datetime
    note: str = ""
    role: str = "clinician"
    covers_until: dt.date | None = None
    checked_on: dt.date | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Episode:
    """A headache entry with its tags. A tag is None when it is not evaluable for
    this episode: `mechanical` and `neck_onset` when the patient did not say, the
    tags that read `symptoms` when symptoms were not asked (docs/screening.md,
    Evaluable). Shares leave None out; counts count True."""

    entry: EntryData
    unilateral: bool
    mechanical: bool | None
    neck_onset: bool | None
    ipsilateral_neck_arm: bool | None
    migraine_like: bool | None
    tac_like: bool | None
    tth_like: bool | None
    neuralgic: bool = False
    jaw_triggered: bool = False
    autonomic: bool | None = None

    @property
    def trigger_answered(self) -> bool:
        return self.entry.neck_trigger not in UNKNOWN_TRIGGERS

    @property
    def onset_answered(self) -> bool:
        return self.entry.onset_region not in UNKNOWN_REGIONS

    @property
    def symptoms_answered(self) -> bool:
        return self.entry.symptoms is not None

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def date(self) -> dt.date:
        return self.entry.date


def _in_range(value: int | None, low: int, high: int) -> bool:
    return value is not None and low <= value <= high


# Every function below reads an entry whose `symptoms` were answered: `tag` gives
# None for these tags otherwise. Within a 2-of-4 clause an unanswered input
# (None) simply does not count as met, and is never read as "no".


def is_migraine_like(e: EntryData, t: Thresholds) -> bool:
    """ICHD-3 1.1 C and D, and B where the duration is known."""
    features = (
        e.side in UNILATERAL_SIDES,
        e.quality == "throbbing",
        e.severity is not None and e.severity >= t.migraine_min_severity,
        e.worse_with_activity is True,
    )
    accompanied = bool(e.symptoms & {"nausea", "vomiting"}) or {"photophobia", "phonophobia"} <= e.symptoms
    duration_fits = e.duration_minutes is None or _in_range(
        e.duration_minutes, t.migraine_min_minutes, t.migraine_max_minutes
    )
    return sum(features) >= 2 and accompanied and duration_fits


def is_autonomic(e: EntryData, t: Thresholds) -> bool:
    """One-sided, severe, with an autonomic sign or restlessness, whatever the
    duration (unknown included): a trigeminal autonomic shape without durations."""
    return (
        e.side in UNILATERAL_SIDES
        and e.severity is not None
        and e.severity >= t.tac_min_severity
        and bool(e.symptoms & AUTONOMIC_OR_RESTLESS)
    )


def is_tac_like(e: EntryData, t: Thresholds) -> bool:
    return (
        is_autonomic(e, t)
        and e.onset_region in TAC_ONSET_REGIONS
        and _in_range(e.duration_minutes, t.tac_min_minutes, t.tac_max_minutes)
    )


def is_tth_like(e: EntryData, t: Thresholds) -> bool:
    features = (
        e.side == "both",
        e.quality == "pressing",
        e.severity is not None and e.severity <= t.tth_max_severity,
        e.worse_with_activity is False,  # an unanswered "worse with activity" is not a "no"
    )
    nausea = bool(e.symptoms & {"nausea", "vomiting"})
    photo_and_phono = {"photophobia", "phonophobia"} <= e.symptoms
    return sum(features) >= 2 and not nausea and not photo_and_phono


def tag(e: EntryData, t: Thresholds) -> Episode:
    asked = e.symptoms is not None

    def if_asked(rule) -> bool | None:
        return rule(e, t) if asked else None

    return Episode(
        entry=e,
        unilateral=e.side in UNILATERAL_SIDES,
        mechanical=None if e.neck_trigger in UNKNOWN_TRIGGERS else e.neck_trigger in MECHANICAL_TRIGGERS,
        neck_onset=None if e.onset_region in UNKNOWN_REGIONS else e.onset_region in NECK_ONSET_REGIONS,
        ipsilateral_neck_arm=if_asked(lambda e, t: "shoulder_arm_pain" in e.symptoms),
        migraine_like=if_asked(is_migraine_like),
        tac_like=if_asked(is_tac_like),
        tth_like=if_asked(is_tth_like),
        # Brief shooting pain from the back of the head: occipital neuralgia's shape.
        neuralgic=e.quality == "shooting" and e.onset_region in NECK_ONSET_REGIONS,
        jaw_triggered=e.neck_trigger in JAW_TRIGGERS,
        autonomic=if_asked(is_autonomic),
    )
