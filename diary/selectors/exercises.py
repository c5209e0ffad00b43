"""Reads for home exercise programmes: the current programme, adherence week by week beside
the headaches, and the questionnaire scores. JSON-ready, in a constant number of queries."""

import datetime as dt
from collections import Counter

from django.db.models import Prefetch, QuerySet

from diary.choices import SessionOutcome
from diary.exercises.library import library
from diary.models import Entry, ExerciseSession, Programme, ProgrammeExercise, QuestionnaireResponse, User
from diary.questionnaires.instruments import instruments
from diary.selectors.treatments import diary_index
from diary.timezones import local_today
from diary.treatments.compare import before_after
from diary.treatments.config import treatment_settings


def programmes_for(*, patient: User, for_patient: bool = False) -> QuerySet[Programme]:
    exercises = Prefetch("exercises", queryset=ProgrammeExercise.objects.order_by("position"))
    # A withdrawn programme is in no view; its history keeps it. One the patient hid is
    # left out of the patient's own views only.
    programmes = Programme.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if for_patient:
        programmes = programmes.filter(hidden_by_patient_at__isnull=True)
    return programmes.prefetch_related(exercises).order_by("-start_date", "-pk")


def current_programme(*, patient: User, for_patient: bool = False) -> Programme | None:
    return programmes_for(patient=patient, for_patient=for_patient).filter(ended_on__isnull=True).first()


def programme_get(*, patient: User, programme_id: int) -> Programme | None:
    return programmes_for(patient=patient).filter(pk=programme_id).first()


def programme_exercises(programme: Programme) -> list[dict]:
    """The programme's exercises with the library's words for the stage the patient is at."""
    items = []
    for item in programme.exercises.all():
        exercise = library()[item.code]
        stage = exercise.stage(item.stage)
        items.append(
            {
                **exercise.as_dict(),
                "stage": item.stage,
                "stage_title": stage["title"] if stage else None,
                "stage_instructions": stage["instructions"] if stage else None,
                "last_stage": exercise.last_stage,
                "sets": item.sets,
                "repetitions": item.repetitions,
                "hold_seconds": item.hold_seconds,
            }
        )
    return items


def _due_per_day(programme: Programme, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    end = min(last, programme.ended_on) if programme.ended_on else last
    day, due = max(first, programme.start_date), {}
    while day <= end:
        if day.weekday() in programme.weekdays:
            due[day] = len(programme.times)
        day += dt.timedelta(days=1)
    return due


def adherence(programme: Programme, *, today: dt.date | None = None) -> dict:
    """Sessions done of sessions due, week by week from the start (week 1 is the start date
    and the six days after it), beside the headache days of the same week per 30 days.

    A session counts as done when at least one exercise in it was done; a day counts at
    most as many sessions as were due that day. Days after today are not due yet.
    """
    today = today or local_today(programme.patient)
    last = min(today, programme.ended_on) if programme.ended_on else today
    due = _due_per_day(programme, programme.start_date, last)
    sessions = list(ExerciseSession.objects.filter(programme=programme).order_by("performed_at"))
    done_per_day = Counter(s.date for s in sessions if s.done_any)
    stopped = [
        {"date": s.date, "code": r["code"], "title": library()[r["code"]].title, "pain": r["pain"]}
        for s in sessions
        for r in s.results
        if r["outcome"] == SessionOutcome.STOPPED_FOR_PAIN
    ]
    entries = Entry.objects.filter(patient=programme.patient, date__gte=programme.start_date, date__lte=last)
    logged, headache = set(), set()
    for date, is_headache in entries.values_list("date", "headache"):
        logged.add(date)
        if is_headache:
            headache.add(date)
    weeks = []
    start = programme.start_date
    while start <= last:
        end = min(start + dt.timedelta(days=6), last)
        days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        week_due = sum(due.get(day, 0) for day in days)
        week_done = sum(min(done_per_day.get(day, 0), due.get(day, 0)) for day in days)
        observed = len(days)
        headache_days = sum(day in headache for day in days)
        weeks.append(
            {
                "week": len(weeks) + 1,
                "from": start,
                "to": end,
                "sessions_due": week_due,
                "sessions_done": week_done,
                "percent": round(100 * week_done / week_due) if week_due else None,
                "logged_days": sum(day in logged for day in days),
                "headache_days": headache_days,
                # The one rate of docs/screening.md: count x 30 / observed days.
                "headache_days_per_30": round(headache_days * 30 / observed, 1),
            }
        )
        start += dt.timedelta(days=7)
    total_due = sum(w["sessions_due"] for w in weeks)
    total_done = sum(w["sessions_done"] for w in weeks)
    return {
        "sessions_due": total_due,
        "sessions_done": total_done,
        "percent": round(100 * total_done / total_due) if total_due else None,
        "weeks": weeks,
        "stopped_for_pain": stopped,
    }


def questionnaire_scores(*, patient: User) -> list[dict]:
    """Every scored response, oldest first, with its instrument's title."""
    known = instruments()
    return [
        {
            "id": r.id,
            "instrument": r.instrument,
            "title": known[r.instrument].title_in() if r.instrument in known else r.instrument,
            "authored": r.authored_at,
            "score": r.score,
            # Stored as scored, in English; read in the reader's language.
            "band": (known[r.instrument].band_label(r.band) if r.instrument in known else r.band) or None,
            "range": [known[r.instrument].scoring["min"], known[r.instrument].scoring["max"]]
            if r.instrument in known
            else None,
        }
        for r in QuestionnaireResponse.objects.filter(patient=patient).order_by("authored_at")
    ]


def start_comparison(programme: Programme, *, today: dt.date | None = None) -> dict:
    """The treatment timeline's before/after figures at the programme's start (30 days
    before against days 15-45 after, by default), with "not enough diary" reasons."""
    today = today or local_today(programme.patient)
    t = treatment_settings()
    first = programme.start_date - dt.timedelta(days=t.before_days)
    index = diary_index(patient=programme.patient, first=first, last=today, today=today)
    return before_after(programme.start_date, index, t)


def programme_detail(programme: Programme, *, today: dt.date | None = None) -> dict:
    return {
        "id": programme.pk,
        "title": programme.title,
        "general_advice": programme.general_advice,
        "prescribed_by": programme.prescribed_by_email or None,  # kept after the account is deleted
        "times": programme.times,
        "weekdays": programme.weekdays,
        "start_date": programme.start_date,
        "review_date": programme.review_date,
        "ended_on": programme.ended_on,
        "event": programme.event_id,
        "exercises": programme_exercises(programme),
        "adherence": adherence(programme, today=today),
        "comparison": start_comparison(programme, today=today),
    }


def programme_overview(*, patient: User, today: dt.date | None = None, for_patient: bool = False) -> dict | None:
    """The current (or latest) programme with adherence and questionnaire scores: what the
    pre-visit summary and the PDF show. None when the patient never had one."""
    programme = programmes_for(patient=patient, for_patient=for_patient).first()
    if programme is None:
        return None
    return {**programme_detail(programme, today=today), "questionnaires": questionnaire_scores(patient=patient)}
