"""Writes for home exercise programmes, their sessions and outcome questionnaires."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary.choices import ReminderKind, SessionOutcome, TreatmentKind
from diary.exercises.library import DOSE_FIELDS, default_programme, library, library_version
from diary.models import (
    ExerciseSession,
    Programme,
    ProgrammeExercise,
    QuestionnaireResponse,
    ReminderDelivery,
    TreatmentEvent,
    User,
)
from diary.questionnaires.instruments import AnswerError, instruments
from diary.reminders.one_off import cancel_deliveries
from diary.timezones import local_today

# Session and questionnaire reminders are written this many days ahead; the hourly pass
# keeps the window filled, so a new or changed programme is reminded from its next slot.
SCHEDULE_AHEAD_DAYS = 2
# Programmes read, and reminders written, per statement: bounded memory, few round trips.
SCHEDULE_CHUNK = 2000


class ProgrammeError(ValueError):
    """Input that does not fit: `field` names it, the message says why, in plain words."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class SessionConflict(Exception):
    """The session id is already used by another patient or programme."""


# --- Programmes ----------------------------------------------------------------------


def _checked_exercises(items: list[dict]) -> list[dict]:
    """Each exercise of a programme checked against the library: known code, one of each,
    a stage it has, and doses within its ranges."""
    known = library()
    if not items:
        raise ProgrammeError("exercises", _("Choose at least one exercise."))
    seen, checked = set(), []
    for position, item in enumerate(items):
        exercise = known.get(item.get("code"))
        field = f"exercises[{position}]"
        if exercise is None:
            raise ProgrammeError(field, _("Unknown exercise {code!r}.").format(code=item.get("code")))
        if exercise.code in seen:
            raise ProgrammeError(field, f"{exercise.title} is already in the programme.")
        seen.add(exercise.code)
        stage = item.get("stage")
        if exercise.stages:
            stage = stage or 1
            if exercise.stage(stage) is None:
                raise ProgrammeError(f"{field}.stage", f"{exercise.title} has stages 1 to {exercise.last_stage}.")
        elif stage is not None:
            raise ProgrammeError(f"{field}.stage", f"{exercise.title} has no stages.")
        dose = {}
        for name in DOSE_FIELDS:
            limits = exercise.dose[name]
            value = item.get(name, limits.default)
            if type(value) is not int or not limits.min <= value <= limits.max:
                raise ProgrammeError(
                    f"{field}.{name}", f"{exercise.title}: {name.replace('_', ' ')} from {limits.min} to {limits.max}."
                )
            dose[name] = value
        checked.append({"code": exercise.code, "version": exercise.version, "stage": stage, **dose})
    return checked


def _create(
    *,
    patient: User,
    recorder: User,
    title: str,
    exercises: list[dict],
    times: list[str],
    weekdays: list[int],
    start_date: dt.date,
    review_date: dt.date | None,
    general_advice: bool,
) -> Programme:
    checked = _checked_exercises(exercises)
    if review_date is not None and review_date <= start_date:
        raise ProgrammeError("review_date", _("The review date must be after the start date."))
    zone = ZoneInfo(patient.timezone)
    with transaction.atomic():
        # One programme at a time: a new one ends the one before, the day before it starts.
        for current in Programme.objects.select_for_update().filter(patient=patient, ended_on__isnull=True):
            _end(current, max(current.start_date, start_date - dt.timedelta(days=1)))
        event = TreatmentEvent.objects.create(
            patient=patient,
            kind=TreatmentKind.HOME_EXERCISE,
            at=dt.datetime.combine(start_date, dt.time(0, 0), tzinfo=zone),
            title=title,
            recorded_by=recorder,
            recorded_by_email=recorder.email,
            by_clinician=recorder.is_clinician,
        )
        programme = Programme.objects.create(
            patient=patient,
            prescribed_by=recorder if recorder.is_clinician else None,
            prescribed_by_email=recorder.email if recorder.is_clinician else "",
            general_advice=general_advice,
            title=title,
            times=sorted(times),
            weekdays=sorted(weekdays),
            start_date=start_date,
            review_date=review_date,
            library_version=library_version(),
            event=event,
        )
        ProgrammeExercise.objects.bulk_create(
            ProgrammeExercise(programme=programme, position=position, **item) for position, item in enumerate(checked)
        )
        transaction.on_commit(lambda: schedule_programme_reminders(programme_ids=[programme.pk]))
    return programme


def programme_prescribe(
    *,
    clinician: User,
    patient: User,
    title: str,
    exercises: list[dict],
    times: list[str],
    weekdays: list[int],
    start_date: dt.date,
    review_date: dt.date | None = None,
) -> Programme:
    """A clinician's programme for a patient they hold a grant for (checked by the caller)."""
    return _create(
        patient=patient,
        recorder=clinician,
        title=title,
        exercises=exercises,
        times=times,
        weekdays=weekdays,
        start_date=start_date,
        review_date=review_date,
        general_advice=False,
    )


def programme_start_default(*, patient: User, times: list[str] | None = None, weekdays: list[int] | None = None):
    """The project's general programme, started by the patient themselves from today."""
    default = default_programme()
    start = local_today(patient)
    return _create(
        patient=patient,
        recorder=patient,
        title=default["title"],
        exercises=default["exercises"],
        times=times or default["default_times"],
        weekdays=default["default_weekdays"] if weekdays is None else weekdays,
        start_date=start,
        review_date=start + dt.timedelta(days=default["review_after_days"]),
        general_advice=True,
    )


def _end(programme: Programme, last_day: dt.date) -> None:
    programme.ended_on = last_day
    programme.save(update_fields=["ended_on"])
    if programme.event_id:
        TreatmentEvent.objects.filter(pk=programme.event_id).update(ended_on=last_day)
    after = timezone.now()
    for kind in (ReminderKind.EXERCISE_SESSION, ReminderKind.QUESTIONNAIRE):
        cancel_deliveries(patient=programme.patient, kind=kind, after=after)


def programme_end(*, programme: Programme) -> Programme:
    """The patient (or their clinician) stops the programme today; no more reminders."""
    if programme.ended_on is None:
        with transaction.atomic():
            _end(programme, local_today(programme.patient))
    return programme


def programme_progress(*, programme: Programme, code: str) -> ProgrammeExercise:
    """Move one exercise of the programme on to its next stage."""
    item = programme.exercises.filter(code=code).first()
    if item is None:
        raise ProgrammeError("code", _("This exercise is not in the programme."))
    exercise = library()[item.code]
    if not exercise.stages:
        raise ProgrammeError("code", f"{exercise.title} has no stages.")
    if item.stage >= exercise.last_stage:
        raise ProgrammeError("code", f"{exercise.title} is already at its last stage ({exercise.last_stage}).")
    stage = exercise.stage(item.stage + 1)
    item.stage += 1
    item.repetitions = stage["dose"].get("repetitions", item.repetitions)
    item.hold_seconds = stage["dose"].get("hold_seconds", item.hold_seconds)
    item.save(update_fields=["stage", "repetitions", "hold_seconds"])
    return item


# --- Sessions ------------------------------------------------------------------------


def _checked_results(programme: Programme, results: list[dict]) -> list[dict]:
    codes = [item.code for item in programme.exercises.all()]
    if not results:
        raise ProgrammeError("results", _("Record at least one exercise."))
    checked, seen = [], set()
    for position, result in enumerate(results):
        field = f"results[{position}]"
        code = result.get("code")
        if code not in codes:
            raise ProgrammeError(f"{field}.code", _("This exercise is not in the programme."))
        if code in seen:
            raise ProgrammeError(f"{field}.code", _("Record each exercise once."))
        seen.add(code)
        outcome = result.get("outcome")
        if outcome not in SessionOutcome.values:
            raise ProgrammeError(
                f"{field}.outcome", _("One of: {choices}.").format(choices=", ".join(SessionOutcome.values))
            )
        pain = result.get("pain")
        if pain is not None and (type(pain) is not int or not 0 <= pain <= 10):
            raise ProgrammeError(f"{field}.pain", _("Pain is a whole number from 0 to 10."))
        checked.append({"code": code, "outcome": outcome, "pain": pain})
    return checked


def session_record(
    *, patient: User, session_id, programme: Programme, performed_at: dt.datetime, results: list[dict]
) -> tuple[ExerciseSession, bool]:
    """Store a session once under the app's id (a replay returns the stored one unchanged).
    Returns (session, created)."""
    existing = ExerciseSession.objects.filter(pk=session_id).first()
    if existing is not None:
        if existing.patient_id != patient.pk or existing.programme_id != programme.pk:
            raise SessionConflict()
        return existing, False
    if performed_at > timezone.now() + dt.timedelta(minutes=5):
        raise ProgrammeError("performed_at", "A session cannot be in the future.")
    date = performed_at.astimezone(ZoneInfo(patient.timezone)).date()
    if date < programme.start_date or (programme.ended_on and date > programme.ended_on):
        raise ProgrammeError("performed_at", _("This date is outside the programme."))
    checked = _checked_results(programme, results)
    try:
        with transaction.atomic():
            session = ExerciseSession.objects.create(
                id=session_id,
                programme=programme,
                patient=patient,
                date=date,
                performed_at=performed_at,
                results=checked,
            )
    except IntegrityError:
        # The same id sent twice at once: the other request stored it.
        return session_record(
            patient=patient, session_id=session_id, programme=programme, performed_at=performed_at, results=results
        )
    return session, True


# --- Questionnaires ------------------------------------------------------------------


def questionnaire_response_save(
    *, patient: User, response_id, instrument: str, items: list, authored_at: dt.datetime
) -> tuple[QuestionnaireResponse, bool]:
    """Check and score the answers; stored once under the app's id. Returns (row, created)."""
    existing = QuestionnaireResponse.objects.filter(pk=response_id).first()
    if existing is not None:
        if existing.patient_id != patient.pk:
            raise SessionConflict()
        return existing, False
    chosen = instruments().get(instrument)
    if chosen is None:
        raise ProgrammeError("questionnaire", _("Unknown questionnaire."))
    if authored_at > timezone.now() + dt.timedelta(minutes=5):
        raise ProgrammeError("authored", _("Answers cannot be from the future."))
    try:
        scored = chosen.score(items)
    except AnswerError as error:
        raise ProgrammeError(error.field, str(error)) from error
    try:
        with transaction.atomic():
            response = QuestionnaireResponse.objects.create(
                id=response_id,
                patient=patient,
                instrument=chosen.code,
                instrument_version=chosen.version,
                authored_at=authored_at,
                items=items,
                score=scored["score"],
                band=scored["band"] or "",
            )
    except IntegrityError:
        return questionnaire_response_save(
            patient=patient, response_id=response_id, instrument=instrument, items=items, authored_at=authored_at
        )
    return response, True


# --- Reminders -----------------------------------------------------------------------


def _session_slots(programme: Programme, zone: ZoneInfo, first: dt.date, last: dt.date):
    day = max(first, programme.start_date)
    end = min(last, programme.ended_on) if programme.ended_on else last
    while day <= end:
        if day.weekday() in programme.weekdays:
            for hhmm in programme.times:
                hour, minute = map(int, hhmm.split(":"))
                yield dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
        day += dt.timedelta(days=1)


def _questionnaire_slots(programme: Programme, zone: ZoneInfo, first: dt.date, last: dt.date):
    """Each instrument every `every_days` from the programme's start, at its first time."""
    hour, minute = map(int, (programme.times or ["18:00"])[-1].split(":"))
    for order, code in enumerate(sorted(instruments())):
        instrument = instruments()[code]
        day = programme.start_date + dt.timedelta(days=instrument.every_days)
        while day <= last and (programme.ended_on is None or day <= programme.ended_on):
            if day >= first:
                # A minute apart: (patient, kind, slot) is unique, and each instrument's
                # slot must be the same on every pass so that re-scheduling adds nothing.
                slot = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone) + dt.timedelta(minutes=order)
                yield instrument, slot
            day += dt.timedelta(days=instrument.every_days)


def _deliveries_for(programme: Programme, now: dt.datetime) -> list[ReminderDelivery]:
    # Stored as text and pushed later: in the patient's own language.
    with translation.override(programme.patient.language or settings.LANGUAGE_CODE):
        return _deliveries_in_language(programme, now)


def _deliveries_in_language(programme: Programme, now: dt.datetime) -> list[ReminderDelivery]:
    zone = ZoneInfo(programme.patient.timezone)
    first = now.astimezone(zone).date()
    last = first + dt.timedelta(days=SCHEDULE_AHEAD_DAYS)
    count = len(programme.exercises.all())
    rows = [
        ReminderDelivery(
            patient_id=programme.patient_id,
            kind=ReminderKind.EXERCISE_SESSION,
            slot_at=slot,
            title=_("Time for your neck exercises"),
            body=ngettext(
                "{count} exercise, a few minutes. Tap to start.",
                "{count} exercises, a few minutes. Tap to start.",
                count,
            ).format(count=count),
            url="/#/exercises/session",
            respect_quiet_hours=True,
            created_at=now,
        )
        for slot in _session_slots(programme, zone, first, last)
        if slot > now
    ]
    rows += [
        ReminderDelivery(
            patient_id=programme.patient_id,
            kind=ReminderKind.QUESTIONNAIRE,
            slot_at=slot,
            title=_("A short question: {questionnaire}").format(
                questionnaire=_lower_first(instrument.in_language()["title"])
            ),
            body=_("Less than a minute. It shows whether the programme is helping."),
            url=f"/#/exercises/questionnaire/{instrument.code}",
            respect_quiet_hours=True,
            created_at=now,
        )
        for instrument, slot in _questionnaire_slots(programme, zone, first, last)
        if slot > now
    ]
    return rows


def _lower_first(title: str) -> str:
    # Inside a sentence; German nouns keep their capital.
    return title if translation.get_language().startswith("de") else title[:1].lower() + title[1:]


def schedule_programme_reminders(*, programme_ids: list[int] | None = None, now: dt.datetime | None = None) -> int:
    """Write the session and questionnaire reminders of the next days for active
    programmes (all of them by default). Idempotent: (patient, kind, slot) is unique, so
    a second pass, a second beat or a redelivered task adds nothing. Returns how many
    reminders the window holds for them (written now or by an earlier pass)."""
    now = now or timezone.now()
    programmes = Programme.objects.filter(ended_on__isnull=True).select_related("patient")
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=programme_ids)
    held, rows = 0, []
    for programme in programmes.prefetch_related("exercises").iterator(chunk_size=SCHEDULE_CHUNK):
        rows += _deliveries_for(programme, now)
        if len(rows) >= SCHEDULE_CHUNK:
            held += len(ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True))
            rows = []
    if rows:
        held += len(ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True))
    return held
