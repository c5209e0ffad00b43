"""Screening writes: clinician exam records, stored snapshots and notices."""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import JSONField, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from diary.choices import Role
from diary.models import ExamRecord, Notice, ScreeningSnapshot, User
from diary.screening import PROFILE_FIELDS, Report, current_thresholds
from diary.screening.engine import POSSIBLE, PROBABLE
from diary.screening.skip import engine_fingerprint, moving_edges, outcome_unchanged
from diary.screening.summaries import level_notice_text, red_flag_notice_text
from diary.selectors.screening import (
    DEFAULT_DAYS,
    diary_version,
    latest_snapshots,
    patients_due_for_screening,
    screening_reports,
    skip_evidence,
    stored_report,
)
from diary.selectors.treatments import post_block_prompt_dates
from diary.services.changes import Change, diary_changed
from diary.timezones import local_today

logger = logging.getLogger(__name__)

# A rise to one of these records a notice, the first time only.
LEVEL_RANK = {POSSIBLE: 1, PROBABLE: 2}


def exam_record_create(
    *,
    patient: User,
    clinician: User | None,
    date: dt.date,
    frt_left_deg: int | None = None,
    frt_right_deg: int | None = None,
    block_relief_percent: int | None = None,
    note: str = "",
) -> ExamRecord:
    """Record a clinician's exam findings for a patient; they feed the
    clinical_exam signal. The caller checks the clinician's grant. Raises
    django.core.exceptions.ValidationError (by field) for values out of range,
    a date still in the future where both of them are, or an empty record."""
    latest_today = max(local_today(person) for person in (patient, clinician) if person is not None)
    if date > latest_today:
        raise ValidationError({"date": [_("Cannot be after today ({today}).").format(today=latest_today.isoformat())]})
    if frt_left_deg is None and frt_right_deg is None and block_relief_percent is None and not note.strip():
        raise ValidationError(_("Record at least one finding or a note."))
    exam = ExamRecord(
        patient=patient,
        clinician=clinician,
        clinician_email=clinician.email if clinician is not None else "",
        date=date,
        frt_left_deg=frt_left_deg,
        frt_right_deg=frt_right_deg,
        block_relief_percent=block_relief_percent,
        note=note,
    )
    exam.full_clean()
    with transaction.atomic():
        exam.save()
        # An exam changes what the screening sees, as an entry does: it moves
        # the version the snapshots are keyed on and triggers a re-screen.
        diary_changed(patient, Change.EXAM)
    return exam


def _notices(patient_id: int, report: Report, previous: dict | None) -> list[Notice]:
    """What the patient, and their clinicians, should hear of this report, given
    the snapshot before it. Dedupe keys make each notice once only."""
    notices = []
    previous_rank = LEVEL_RANK.get(previous["level"], 0) if previous else 0
    if LEVEL_RANK.get(report.level, 0) > previous_rank:
        title, body = level_notice_text(report)
        notices.append(
            Notice(
                patient_id=patient_id,
                kind="level_rise",
                code=report.level,
                dedupe_key=f"level:{report.level}",
                title=title,
                body=body,
            )
        )
    previous_flags = set(previous["red_flag_codes"]) if previous else set()
    for flag in report.red_flags:
        if flag.entry is not None:
            key = f"red_flag:{flag.code}:{flag.entry}"  # once per flagged entry
        elif flag.code in previous_flags:
            continue  # a pattern flag that was already there: no news
        else:
            key = f"red_flag:{flag.code}:{flag.date}"
        title, body = red_flag_notice_text(flag)
        notices.append(
            Notice(patient_id=patient_id, kind="red_flag", code=flag.code, dedupe_key=key, title=title, body=body)
        )
    return notices


def _same_outcome(patient: User, last: dict | None, report: Report, red_flag_codes: list[str]) -> bool:
    """The diary has not changed and neither has what the engine says of it: the
    nightly pass then stores nothing, so that snapshots record changes (one a
    day per active patient would grow without telling anything new)."""
    return (
        last is not None
        and last["diary_version"] == diary_version(patient)
        and (last["level"], last["mixed"], last["red_flag_codes"]) == (report.level, report.mixed, red_flag_codes)
    )


def _unchanged(patients: list[User], previous: dict[int, dict], fingerprint: str) -> set[int]:
    """The patients whose stored outcome provably still holds today: same diary
    version (diary, profile, exams and reviews), same engine and thresholds,
    nothing on the window's moving edges and no post-block prompt come due since
    (diary.screening.skip)."""
    t = current_thresholds()
    candidates = {}
    for patient in patients:
        last = previous.get(patient.pk)
        if last is None or last["diary_version"] != diary_version(patient) or last["engine"] != fingerprint:
            continue
        checked = max(last["window_to"], last["confirmed_to"] or last["window_to"])
        candidates[patient.pk] = (patient, checked, local_today(patient))
    if not candidates:
        return set()
    edges = [
        edge for _, checked, today in candidates.values() for edge in moving_edges(checked, today, DEFAULT_DAYS, t)
    ]
    window_from = min(today for _, _, today in candidates.values()) - dt.timedelta(days=DEFAULT_DAYS - 1)
    found = skip_evidence(patient_ids=list(candidates), ranges=_merged(edges), window_from=window_from)
    prompts = post_block_prompt_dates(
        patients=[patient for patient, _, _ in candidates.values()],
        since=min(checked for _, checked, _ in candidates.values()),
    )
    return {
        pk
        for pk, (patient, checked, today) in candidates.items()
        if outcome_unchanged(
            last_to=checked,
            today=today,
            # Only "old enough" is known (an index probe): a young diary gets a date that fails it.
            first_logged=window_from if pk in found["old_diaries"] else today,
            headaches_since=patient.headaches_since,
            edge_dates=found["entries"][pk],
            pattern_review_dates=found["reviews"][pk],
            exam_dates=found["exams"][pk],
            prompt_dates=prompts.get(pk, ()),
            days=DEFAULT_DAYS,
            t=t,
        )
    }


def _merged(ranges: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def screen_patients(*, patient_ids: Sequence[int], skip_unchanged: bool = False) -> int:
    """Screen these patients' diaries and store a snapshot, with its notices,
    for each whose diary or outcome changed since their last snapshot. Returns
    how many snapshots were stored (or found stored by a concurrent run).

    With `skip_unchanged` (the nightly pass), a patient whose outcome provably
    cannot have changed is not recomputed at all (diary.screening.skip); one
    recomputed to the same outcome has its snapshot's `confirmed_to` moved on,
    so that the next night's proof starts from today.

    Safe to repeat and to run concurrently: a snapshot is unique per patient,
    diary version and day, a notice per patient and dedupe key, and both are
    inserted with ON CONFLICT DO NOTHING in one transaction.
    """
    patients = list(
        User.objects.filter(pk__in=patient_ids, role=Role.PATIENT).only(
            "pk", "timezone", "language", *PROFILE_FIELDS, "diary_changed_at", "date_joined"
        )
    )
    previous = latest_snapshots(patient_ids=[patient.pk for patient in patients])
    fingerprint = engine_fingerprint(current_thresholds())
    if skip_unchanged:
        skipped = _unchanged(patients, previous, fingerprint)
        patients = [patient for patient in patients if patient.pk not in skipped]
    # The version is read before the entries: an edit landing in between is in
    # this report under the older version, and its own run stores it again.
    reports = screening_reports(patients=patients, days=DEFAULT_DAYS)

    now = timezone.now()
    results = []
    confirmed = defaultdict(list)
    for patient in patients:
        report = reports[patient.pk]
        last = previous.get(patient.pk)
        # Under another engine or thresholds a snapshot is stored again, once: the
        # skip rule can only build on an outcome this engine computed.
        if _same_outcome(patient, last, report, _red_flag_codes(report)) and last["engine"] == fingerprint:
            confirmed[report.window.date_to].append(last["pk"])
            continue
        results.append(_snapshot_and_notices(patient, report, last, fingerprint=fingerprint, now=now))
    _store(results)
    for date, snapshot_ids in confirmed.items():  # one UPDATE per local date (a few timezones)
        ScreeningSnapshot.objects.filter(pk__in=snapshot_ids).update(confirmed_to=date)
    return len(results)


def _red_flag_codes(report: Report) -> list[str]:
    return sorted({flag.code for flag in report.red_flags})


def _snapshot_and_notices(
    patient: User, report: Report, last: dict | None, *, fingerprint: str, now: dt.datetime
) -> tuple[ScreeningSnapshot, list[Notice]]:
    """The snapshot of this report, and the notices it brings beside the `last` one."""
    snapshot = ScreeningSnapshot(
        patient_id=patient.pk,
        screened_at=now,
        diary_version=diary_version(patient),
        window_to=report.window.date_to,
        level=report.level,
        mixed=report.mixed,
        red_flag_codes=_red_flag_codes(report),
        # As an expression, the report keeps bulk_create off PostgreSQL's UNNEST
        # path, whose array escaping of each JSON document costs more than it saves.
        report=Value({**report.to_dict(), "engine": fingerprint}, output_field=JSONField()),
    )
    # A notice is stored as text: in the patient's own language (issue 25).
    with translation.override(patient.language or settings.LANGUAGE_CODE):
        return snapshot, _notices(patient.pk, report, last)


def current_report(*, patient: User, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> Report:
    """The patient's screening report of the `days` ending on `today` (their local today by
    default), for every reader of it (the clinician's summary, its PDF and FHIR, the
    patient's /patterns/): the one computation, stored once.

    The default window ending today is read from its snapshot when that is current
    (diary.selectors.screening.stored_report); when it is not, it is computed and stored
    with its notices, as the re-screen of the change would have done, so the next read
    finds it. Any other window is computed and not stored (snapshots are of the default)."""
    local = local_today(patient)
    today = today or local
    if days != DEFAULT_DAYS or today != local:
        return screening_reports(patients=[patient], days=days, today=today)[patient.pk]
    fingerprint = engine_fingerprint(current_thresholds())
    stored = stored_report(patient=patient, today=today, fingerprint=fingerprint)
    if stored is not None:
        return stored
    last = latest_snapshots(patient_ids=[patient.pk]).get(patient.pk)
    # The version (the patient, loaded with the request) was read before the entries, as
    # screen_patients reads it: an edit landing in between is stored again by its own re-screen.
    report = screening_reports(patients=[patient], days=days, today=today)[patient.pk]
    _store([_snapshot_and_notices(patient, report, last, fingerprint=fingerprint, now=timezone.now())])
    return report


def _store(results: list[tuple[ScreeningSnapshot, list[Notice]]]) -> None:
    """Insert snapshots and their notices together, skipping what is already stored."""
    try:
        with transaction.atomic():
            ScreeningSnapshot.objects.bulk_create([snapshot for snapshot, _ in results], ignore_conflicts=True)
            Notice.objects.bulk_create([n for _, notices in results for n in notices], ignore_conflicts=True)
    except IntegrityError:
        # A patient deleted their account meanwhile: store the others one by one.
        for snapshot, notices in results:
            try:
                with transaction.atomic():
                    ScreeningSnapshot.objects.bulk_create([snapshot], ignore_conflicts=True)
                    Notice.objects.bulk_create(notices, ignore_conflicts=True)
            except IntegrityError:
                logger.info("Screening of patient %s not stored: the account is gone", snapshot.patient_id)


def due_patient_chunks(*, chunk_size: int | None = None, after: int = 0) -> Iterator[list[int]]:
    """The ids of every patient the nightly pass must screen (entries in the last
    window, or a diary changed since its last snapshot), in chunks in id order,
    starting after the id `after`: a fan-out that stopped can resume."""
    chunk_size = chunk_size or settings.SCREENING_NIGHTLY_CHUNK
    # A day's margin: each patient's window ends on their own local today.
    recent_from = timezone.now().date() - dt.timedelta(days=DEFAULT_DAYS)
    due = patients_due_for_screening(recent_from=recent_from)
    while chunk := list(due.filter(pk__gt=after)[:chunk_size]):
        yield chunk
        after = chunk[-1]


def screen_due_patients(*, chunk_size: int | None = None) -> int:
    """The nightly pass in this one process, a chunk at a time so that memory stays
    flat however many patients there are. Returns snapshots stored. (Deployed, the
    pass is spread over the workers instead: diary.tasks.screening.)"""
    stored = sum(
        screen_patients(patient_ids=chunk, skip_unchanged=True) for chunk in due_patient_chunks(chunk_size=chunk_size)
    )
    logger.info("Nightly screening stored %d snapshots", stored)
    return stored
