"""Screening reads: the live report of screening.md for one or many patients.

Every read here is a constant number of queries however many patients and
however long the diary: the entries, each patient's first logged day, the exam
records and the red-flag reviews, one query each.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, F, OuterRef, Q, Subquery, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from diary.choices import EntryRedFlag, NeckTrigger, Role
from diary.models import Entry, ExamRecord, RedFlagReview, ScreeningSnapshot, User
from diary.red_flags import EMERGENCY, URGENT
from diary.screening import PROFILE_FIELDS, BlockData, EntryData, ExamData, Profile, Report, ReviewData, screen
from diary.screening.summaries import clinician_summary, is_doctor_only, patient_summary
from diary.screening.thresholds import PATTERN_LOOKBACK_DAYS, WINDOW_DEFAULT_DAYS, current_thresholds
from diary.selectors.treatments import post_block_prompt_dates, screening_blocks
from diary.timezones import local_today

DEFAULT_DAYS = WINDOW_DEFAULT_DAYS
AUDIENCES = ("patient", "clinician")
EXAM_FIELDS = ("id", "date", "frt_left_deg", "frt_right_deg", "block_relief_percent")


# The entry columns the engine reads (never the notes). The JSON lists come as
# text and only non-empty ones are parsed: most rows are check-ins with three
# empty lists, and the nightly pass reads every recent row of every patient.
ANSWER_FIELDS = (
    "side",
    "onset_region",
    "severity",
    "quality",
    "neck_trigger",
    "worse_with_activity",
    "duration_minutes",
)
JSON_FIELDS = ("symptoms", "medications", "red_flags")
ENTRY_COLUMNS = ("id", "date", "headache", *ANSWER_FIELDS, *(f"{name}_text" for name in JSON_FIELDS))


def _json_list(text: str | None) -> list:
    return json.loads(text) if text and text != "[]" else []


def _symptoms(text: str | None) -> list | None:
    # SQL NULL (or a JSON null): not asked, which the engine must not read as "none of these".
    return None if text is None or text == "null" else _json_list(text)


def _entry_from_row(pk, date, headache, *values) -> EntryData:
    if not headache:
        # A check-in may carry the *any entry* red flags (vision loss without headache).
        return EntryData(id=str(pk), date=date, headache=False, red_flags=tuple(_json_list(values[-1])))
    answers = dict(zip(ANSWER_FIELDS, values[: len(ANSWER_FIELDS)], strict=True))
    lists = {name: _json_list(text) for name, text in zip(JSON_FIELDS, values[len(ANSWER_FIELDS) :], strict=True)}
    lists["symptoms"] = _symptoms(values[len(ANSWER_FIELDS)])
    return EntryData.from_mapping({"id": pk, "date": date, **answers, **lists})


def _entry_rows(where: Q):
    return (
        Entry.objects.filter(where)
        .order_by()
        .annotate(**{f"{name}_text": Cast(name, TextField()) for name in JSON_FIELDS})
        .values_list("patient_id", *ENTRY_COLUMNS)
    )


def _flagged_before(todays: dict[int, dt.date], earliest: dt.date, t) -> list[tuple[int, tuple]]:
    """The entries before `earliest` that may carry an entry-level red flag, which
    holds the level for 365 days whatever the window (docs/screening.md, Level):
    those with a ticked flag or a jaw-movement trigger, then the entries of the
    14 days after an injury among them (they may make it an emergency). Flagged
    entries are few: the index on (patient, date) and the two conditions keep
    this one or two small queries."""
    hold_from = min(todays.values()) - dt.timedelta(days=t.red_flag_hold_days - 1)
    if hold_from >= earliest:
        return []
    before = Q(patient__in=todays, date__gte=hold_from, date__lt=earliest)
    may_flag = ~Q(red_flags=[]) | Q(neck_trigger=NeckTrigger.JAW_MOVEMENT)
    rows = [(patient_id, tuple(row)) for patient_id, *row in _entry_rows(before & may_flag)]
    span = dt.timedelta(days=t.artery_injury_days)
    after_injury = Q()
    for patient_id, row in rows:
        if EntryRedFlag.AFTER_INJURY_OR_MANIPULATION in _json_list(row[-1]):
            date = row[1]
            after_injury |= Q(patient_id=patient_id, date__gt=date, date__lte=min(date + span, earliest))
    if after_injury:
        seen = {row[0] for _, row in rows}
        more = _entry_rows(after_injury & Q(date__lt=earliest) & ~Q(pk__in=seen))
        rows += [(patient_id, tuple(row)) for patient_id, *row in more if row[0] not in seen]
    return rows


def profile_of(patient: User) -> Profile:
    return Profile(**{name: getattr(patient, name) for name in PROFILE_FIELDS})


def red_flag_reviews(*, patient_ids: Sequence[int]) -> dict[int, list[ReviewData]]:
    """The red-flag reviews of these patients, for the engine, in one query: the
    clinicians' (with `covers_until`) and the patients' own reports that a doctor
    has checked a flag (`role` "patient", with `checked_on`). `by` is the
    reviewer's email (the accounts have no display name)."""
    reviews = defaultdict(list)
    rows = (
        RedFlagReview.objects.filter(patient__in=patient_ids)
        .order_by()
        .values_list(
            "patient_id",
            "code",
            "date",
            "entry_id",
            "reviewed_by_email",
            "reviewed_by__email",
            "reviewed_at",
            "note",
            "role",
            "covers_until",
            "checked_on",
        )
    )
    for patient_id, code, date, entry_id, kept, live, at, note, role, covers_until, checked_on in rows:
        by = kept or live  # the email kept on the review (issue 24); reviews stored without one
        reviews[patient_id].append(
            ReviewData(
                code=code,
                date=date,
                entry=None if entry_id is None else str(entry_id),
                by=by or "a clinician whose account was deleted",
                at=at,
                note=note,
                role=role,
                covers_until=covers_until,
                checked_on=checked_on,
            )
        )
    return reviews


def first_logged_days(*, patient_ids: Sequence[int]) -> dict[int, dt.date]:
    """Each patient's first logged day ever: the start of the observed days of the
    one "per 30 days" rate (docs/screening.md, Rates). One query, a one-row lookup
    on the patient's (patient, date) index each: a MIN over the diaries read them whole."""
    first = Entry.objects.filter(patient=OuterRef("pk")).order_by("date").values("date")[:1]
    rows = User.objects.filter(pk__in=patient_ids).annotate(first=Subquery(first)).values_list("pk", "first")
    return {pk: day for pk, day in rows if day is not None}  # filtered here: in SQL it ran the lookup twice


def screening_reports(
    *,
    patients: Sequence[User],
    days: int = DEFAULT_DAYS,
    today: dt.date | None = None,
    blocks: dict[int, Sequence[BlockData]] | None = None,
) -> dict[int, Report]:
    """Each patient's report for the `days` days ending on `today` (by default
    their own local today), keyed by patient id. `blocks` are diagnostic block
    results by patient (e.g. the post-block diary's), as plain data."""
    if not patients:
        return {}
    todays = {patient.pk: today or local_today(patient) for patient in patients}
    # pattern_change looks back 90 days even when the window is shorter.
    earliest = min(todays.values()) - dt.timedelta(days=max(days, PATTERN_LOOKBACK_DAYS) - 1)
    latest = max(todays.values())

    entries = defaultdict(list)
    for patient_id, *row in _entry_rows(Q(patient__in=todays, date__gte=earliest, date__lte=latest)):
        entries[patient_id].append(_entry_from_row(*row))
    for patient_id, row in _flagged_before(todays, earliest, current_thresholds()):
        entries[patient_id].append(_entry_from_row(*row))
    exams = defaultdict(list)
    for row in (
        ExamRecord.objects.filter(patient__in=todays, date__lte=latest, withdrawn_at__isnull=True)
        .order_by()
        .values("patient_id", *EXAM_FIELDS)
    ):
        exams[row["patient_id"]].append(ExamData(id=str(row["id"]), **{name: row[name] for name in EXAM_FIELDS[1:]}))

    reviews = red_flag_reviews(patient_ids=list(todays))
    first_days = first_logged_days(patient_ids=list(todays))
    if blocks is None:  # the post-block diaries' results (issue 16)
        given = screening_blocks(patients=patients)
        blocks = {pk: [BlockData.from_mapping(row) for row in rows] for pk, rows in given.items()}
    return {
        patient.pk: screen(
            entries=entries[patient.pk],
            profile=profile_of(patient),
            exams=exams[patient.pk],
            blocks=blocks.get(patient.pk, ()),
            reviews=reviews[patient.pk],
            first_logged=first_days.get(patient.pk),
            today=todays[patient.pk],
            days=days,
        )
        for patient in patients
    }


def report_json(report: Report, *, audience: str = "patient") -> dict:
    """The report in the JSON shape of screening.md, with the summary for its reader and
    `doctor_only`, the one rule its summary follows (a doctor, not a physiotherapist), so a
    client says the same without a copy of the rule."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    summary = patient_summary(report) if audience == "patient" else clinician_summary(report)
    return {**report.to_dict(), "doctor_only": is_doctor_only(report), "summary": summary}


def screening_report(
    *, patient: User, days: int = DEFAULT_DAYS, today: dt.date | None = None, audience: str = "patient"
) -> dict:
    """The live screening report of one patient's diary, ready for JSON.

    `today` is the patient's local today unless given; `audience` picks the
    summary: "patient" (plain language) or "clinician" (figures and criteria).
    """
    report = screening_reports(patients=[patient], days=days, today=today)[patient.pk]
    return report_json(report, audience=audience)


def diary_version(patient: User) -> dt.datetime:
    """What a snapshot is keyed on: the patient's last diary change (a diary never changed
    has no version yet, and the account's start stands in)."""
    return patient.diary_changed_at or patient.date_joined


def stored_report(*, patient: User, today: dt.date, fingerprint: str) -> Report | None:
    """The report of the default window ending on `today`, read from its snapshot when that
    is current: stored for this same diary version and day, by this same engine and
    thresholds (`fingerprint`), and on a day when no post-block prompt comes due (a block's
    result changes with the time of day, diary.selectors.treatments.post_block_prompt_dates).
    None otherwise: the caller computes it. Two small queries."""
    snapshot = (
        ScreeningSnapshot.objects.filter(patient=patient, diary_version=diary_version(patient), window_to=today)
        .values_list("report", flat=True)
        .first()
    )
    if snapshot is None or snapshot.get("engine") != fingerprint:
        return None
    if today in post_block_prompt_dates(patients=[patient], since=today).get(patient.pk, ()):
        return None
    return Report.from_dict(snapshot)


def patients_due_for_screening(*, recent_from: dt.date):
    """Patients with an entry dated from `recent_from`, or whose diary changed
    after their last snapshot (a change the on-save task may have missed while
    the broker was down). A queryset of ids, for keyset iteration by id."""
    last_version = (
        ScreeningSnapshot.objects.filter(patient=OuterRef("pk")).order_by("-diary_version").values("diary_version")[:1]
    )
    changed = Q(diary_changed_at__isnull=False) & (
        Q(last_version__isnull=True) | Q(diary_changed_at__gt=F("last_version"))
    )
    recent = Exists(Entry.objects.filter(patient=OuterRef("pk"), date__gte=recent_from))
    return (
        User.objects.filter(role=Role.PATIENT)
        .annotate(last_version=Subquery(last_version))
        .filter(recent | changed)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def latest_snapshots(*, patient_ids: Sequence[int]) -> dict[int, dict]:
    """Each patient's latest snapshot, without the report itself, keyed by patient id."""
    latest = ScreeningSnapshot.objects.filter(patient=OuterRef("pk")).order_by("-screened_at", "-pk").values("pk")[:1]
    snapshot_ids = (
        User.objects.filter(pk__in=patient_ids)
        .annotate(snapshot_id=Subquery(latest))
        .values_list("snapshot_id", flat=True)
    )
    rows = (
        ScreeningSnapshot.objects.filter(pk__in=[pk for pk in snapshot_ids if pk is not None])
        .annotate(engine=KeyTextTransform("engine", "report"))
        .values(
            "pk",
            "patient_id",
            "level",
            "mixed",
            "red_flag_codes",
            "diary_version",
            "window_to",
            "confirmed_to",
            "engine",
        )
    )
    return {row["patient_id"]: row for row in rows}


def skip_evidence(
    *, patient_ids: Sequence[int], ranges: Sequence[tuple[dt.date, dt.date]], window_from: dt.date
) -> dict[str, dict[int, list[dt.date]]]:
    """What the nightly skip rule (diary.screening.skip) needs to know of these
    patients, in three small queries: the dates of their entries, pattern_change
    reviews and exam records inside `ranges` (the moving edges, merged over the
    chunk), and which of them logged on or before `window_from` (a diary at
    least as old as the window). Index probes, not a read of the diaries."""
    in_ranges = Q()
    for start, end in ranges:
        in_ranges |= Q(date__gte=start, date__lte=end)
    found = {"entries": defaultdict(list), "reviews": defaultdict(list), "exams": defaultdict(list)}
    if ranges:
        for key, queryset in (
            ("entries", Entry.objects.filter(patient__in=patient_ids)),
            ("reviews", RedFlagReview.objects.filter(patient__in=patient_ids, code="pattern_change")),
            ("exams", ExamRecord.objects.filter(patient__in=patient_ids, withdrawn_at__isnull=True)),
        ):
            for patient_id, date in queryset.filter(in_ranges).order_by().values_list("patient_id", "date"):
                found[key][patient_id].append(date)
    old = Exists(Entry.objects.filter(patient=OuterRef("pk"), date__lte=window_from))
    found["old_diaries"] = set(User.objects.filter(pk__in=patient_ids).filter(old).values_list("pk", flat=True))
    return found


def flags_holding_exercise(*, patient: User) -> list[dict]:
    """The open `urgent` or `emergency` red flags (no doctor's check recorded, docs/screening.md,
    Review) that hold the exercise programme back: a doctor first. [{code, urgency, date}]."""
    report = screening_reports(patients=[patient])[patient.pk]
    return [
        {"code": flag.code, "urgency": flag.urgency, "date": flag.date}
        for flag in report.open_red_flags
        if flag.urgency in (EMERGENCY, URGENT)
    ]
