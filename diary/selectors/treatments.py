"""Reads for procedures, the post-block diary and the treatment timeline.

Everything here is JSON-ready plain data, for the API, the clinician's summary, the PDF
and FHIR exports (callable from their code), and the screening engine. A whole
timeline is read in a constant number of queries, however long it is.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone, translation

from diary.choices import ProcedureKind, ProcedurePurpose, TreatmentKind
from diary.models import Entry, PostBlockRating, Procedure, TreatmentEvent, User
from diary.screening.rules import ACUTE
from diary.timezones import local_date, local_today, shift_days
from diary.treatments.compare import DayData, DiaryIndex, before_after, rfa_benefit
from diary.treatments.config import TreatmentSettings, treatment_settings
from diary.treatments.prompt_times import due_times
from diary.treatments.relief import BlockData, RatingData, block_result, comparative_result

# How long after its last prompt a post-block diary still takes late answers.
LATE_ANSWER_HOURS = 24


def _events(patient: User, *, for_patient: bool = False) -> QuerySet[TreatmentEvent]:
    """A withdrawn event is in no view (its history keeps it); one the patient hid is
    left out of the patient's own views only."""
    ratings = Prefetch("procedure__ratings", queryset=PostBlockRating.objects.order_by("answered_at"))
    events = TreatmentEvent.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if for_patient:
        events = events.filter(hidden_by_patient_at__isnull=True)
    return events.select_related("procedure", "procedure__compares_with").prefetch_related(ratings).order_by("at", "pk")


def _procedure(event: TreatmentEvent) -> Procedure | None:
    try:
        return event.procedure
    except Procedure.DoesNotExist:
        return None


def procedures_for(*, patient: User, for_patient: bool = False) -> QuerySet[Procedure]:
    ratings = Prefetch("ratings", queryset=PostBlockRating.objects.order_by("answered_at"))
    procedures = Procedure.objects.filter(event__patient=patient, event__withdrawn_at__isnull=True)
    if for_patient:  # as _events: what the patient hid is not in their own views
        procedures = procedures.filter(event__hidden_by_patient_at__isnull=True)
    return procedures.select_related("event").prefetch_related(ratings).order_by("-event__at", "-pk")


def procedure_get(*, patient: User, procedure_id: int, for_patient: bool = False) -> Procedure | None:
    """The patient's procedure, or None for one that is not theirs (indistinguishable)."""
    return procedures_for(patient=patient, for_patient=for_patient).filter(pk=procedure_id).first()


def block_data(procedure: Procedure, zone: str, t: TreatmentSettings) -> BlockData:
    expected = (
        (procedure.expected_min_minutes, procedure.expected_max_minutes)
        if procedure.expected_min_minutes is not None and procedure.expected_max_minutes is not None
        else None
    )
    return BlockData(
        id=procedure.pk,
        performed_at=procedure.event.at,
        anaesthetic=procedure.anaesthetic,
        expected_minutes=expected,
        due=due_times(procedure.diary_slots, procedure.event.at, zone, t.next_morning_time),
        ratings=tuple(RatingData(r.slot, r.answered_at, r.pain, r.movement_provokes) for r in procedure.ratings.all()),
        ended_at=procedure.diary_ended_at,
    )


def diary_closes_at(block: BlockData) -> dt.datetime:
    last = max(block.due.values(), default=block.performed_at)
    try:
        return last + dt.timedelta(hours=LATE_ANSWER_HOURS)
    except OverflowError:  # a block stored at the calendar's end (issue 24)
        return dt.datetime.max.replace(tzinfo=dt.UTC)


def diary_is_open(block: BlockData, now: dt.datetime) -> bool:
    return bool(block.due) and block.ended_at is None and now <= diary_closes_at(block)


def procedure_detail(
    procedure: Procedure, *, zone: str, now: dt.datetime | None = None, t: TreatmentSettings | None = None
) -> dict:
    """A procedure with its post-block diary (each prompt, answered or missing) and
    its result, or why there is none. `compared` is filled for the second block of a
    comparative pair by `procedure_details`."""
    t = t or treatment_settings()
    now = now or timezone.now()
    event = procedure.event
    data = {
        "id": procedure.pk,
        "kind": procedure.kind,
        "kind_label": str(ProcedureKind(procedure.kind).label),
        "levels": procedure.levels,
        "side": procedure.side,
        "purpose": procedure.purpose,
        "performed_at": event.at,
        "anaesthetic": procedure.anaesthetic or None,
        "expected_minutes": None,
        "compares_with": procedure.compares_with_id,
        "recorded_elsewhere": procedure.recorded_elsewhere,
        "entered_relief_percent": procedure.entered_relief_percent,
        "note": event.note,
        "by_clinician": event.by_clinician,
        "diary": None,
        "comparative": None,
    }
    if procedure.expected_min_minutes is not None:
        data["expected_minutes"] = [procedure.expected_min_minutes, procedure.expected_max_minutes]
    if procedure.has_diary:
        block = block_data(procedure, zone, t)
        data["diary"] = {
            **block_result(block, now, t),
            "open": diary_is_open(block, now),
            "ended_at": procedure.diary_ended_at,
            "closes_at": diary_closes_at(block),
        }
    return data


def procedure_details(
    procedures, *, zone: str, now: dt.datetime | None = None, t: TreatmentSettings | None = None
) -> list[dict]:
    """procedure_detail for each, with the comparative verdict on the second of a pair."""
    t = t or treatment_settings()
    now = now or timezone.now()
    procedures = list(procedures)
    details = {p.pk: procedure_detail(p, zone=zone, now=now, t=t) for p in procedures}
    by_id = {p.pk: p for p in procedures}
    for procedure in procedures:
        first = by_id.get(procedure.compares_with_id)
        detail, first_detail = details[procedure.pk], details.get(procedure.compares_with_id)
        if first is None or not (detail["diary"] and first_detail and first_detail["diary"]):
            continue
        detail["comparative"] = comparative_result(
            first_detail["diary"], detail["diary"], block_data(first, zone, t), block_data(procedure, zone, t), t
        )
    return [details[p.pk] for p in procedures]


def block_results_for(*, patient: User, now: dt.datetime | None = None, for_patient: bool = False) -> list[dict]:
    """Every procedure of the patient, newest first, with results (for summaries)."""
    return procedure_details(procedures_for(patient=patient, for_patient=for_patient), zone=patient.timezone, now=now)


def _engine_block(detail: dict, zone: ZoneInfo, t: TreatmentSettings) -> dict | None:
    """One diagnostic block in the shape of the screening engine's BlockData
    (diary/screening/episodes.py), or None when it has nothing to say yet."""
    item = {
        "id": f"procedure:{detail['id']}",
        "date": local_date(detail["performed_at"], zone),
        "anaesthetic": detail["anaesthetic"],
        "comparative_with": f"procedure:{detail['compares_with']}" if detail["compares_with"] else None,
        "action_hours": sum(detail["expected_minutes"]) / 120 if detail["expected_minutes"] else None,
        "replaces": None,
    }
    if detail["recorded_elsewhere"]:
        if detail["entered_relief_percent"] is None:
            return None
        return {
            **item,
            "source": "entered",
            "relief_percent": detail["entered_relief_percent"],
            "duration_hours": None,
            "concordant": None,
        }
    result = detail["diary"]["result"] if detail["diary"] else None
    if result is None:
        return None  # no result (and the reason) is shown to the clinician, never counted
    known = result["relief_80_ended_by"] != "missing"
    return {
        **item,
        "source": "post_block_diary",
        "relief_percent": result["max_relief_percent"],
        # A duration cut short by a missing answer is unknown, not the last figure seen.
        "duration_hours": round(result["minutes_relief_80"] / 60, 2) if known else None,
        # Only a concordant block counts on its own; "unknown" (missing answers) does not.
        "concordant": None if result["concordance"] is None else result["concordance"] == "concordant",
    }


def screening_blocks(*, patients: list[User], now: dt.datetime | None = None) -> dict[int, list[dict]]:
    """Diagnostic block results by patient id, each a mapping for the screening
    engine's `BlockData.from_mapping` (the `clinical_exam` signal's `single_block` and
    `comparative_blocks` sources: the engine pairs them by `comparative_with`).
    Oldest first. Two queries however many patients."""
    t = treatment_settings()
    now = now or timezone.now()
    by_patient: dict[int, list[Procedure]] = {patient.pk: [] for patient in patients}
    ratings = Prefetch("ratings", queryset=PostBlockRating.objects.order_by("answered_at"))
    rows = (
        Procedure.objects.filter(
            event__patient__in=by_patient, event__withdrawn_at__isnull=True, purpose=ProcedurePurpose.DIAGNOSTIC
        )
        .select_related("event")
        .prefetch_related(ratings)
        .order_by("event__at", "pk")
    )
    for procedure in rows:
        by_patient[procedure.event.patient_id].append(procedure)
    out = {}
    for patient in patients:
        zone = ZoneInfo(patient.timezone)
        details = procedure_details(by_patient[patient.pk], zone=patient.timezone, now=now, t=t)
        out[patient.pk] = [item for item in (_engine_block(d, zone, t) for d in details) if item is not None]
    return out


def clinical_exam_blocks(*, patient: User, now: dt.datetime | None = None) -> list[dict]:
    """screening_blocks for one patient."""
    return screening_blocks(patients=[patient], now=now)[patient.pk]


def post_block_prompt_dates(*, patients: list[User], since: dt.date) -> dict[int, list[dt.date]]:
    """The patients' local dates, from `since` on, on which a prompt of a diagnostic
    post-block diary comes due. A block's result changes with the time of day, not only
    with answers (a prompt due unanswered ends a run of relief), so the nightly skip
    (diary.screening.skip) recomputes a patient on such a day. One query."""
    t = treatment_settings()
    zones = {patient.pk: patient.timezone for patient in patients}
    # A diary's last prompt (the next morning) comes well within two days of its block.
    performed_from = dt.datetime.combine(since - dt.timedelta(days=3), dt.time(), tzinfo=dt.UTC)
    rows = (
        Procedure.objects.filter(
            event__patient__in=list(zones),
            purpose=ProcedurePurpose.DIAGNOSTIC,
            recorded_elsewhere=False,
            event__at__gte=performed_from,
        )
        .exclude(diary_slots=[])
        .values_list("event__patient_id", "event__at", "diary_slots")
    )
    found: dict[int, list[dt.date]] = {}
    for patient_id, performed_at, slots in rows:
        for due in due_times(slots, performed_at, zones[patient_id], t.next_morning_time).values():
            day = local_date(due, ZoneInfo(zones[patient_id]))
            if day >= since:
                found.setdefault(patient_id, []).append(day)
    return found


def open_post_block_diaries(*, patient: User, now: dt.datetime | None = None) -> list[dict]:
    """The patient's post-block diaries still taking answers (the Log screen's prompts)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=3)  # no diary stays open longer than its next morning + a day
    recent = procedures_for(patient=patient, for_patient=True).filter(event__at__gte=since, diary_ended_at__isnull=True)
    return [d for d in procedure_details(recent, zone=patient.timezone, now=now) if d["diary"] and d["diary"]["open"]]


# --- The timeline -------------------------------------------------------------------------


def diary_index(*, patient: User, first: dt.date, last: dt.date, today: dt.date) -> DiaryIndex:
    """The diary by local day between two dates, in three queries. Medication lists are
    read only for the entries that have one (decoding JSON is most of the cost)."""
    first_logged = Entry.objects.filter(patient=patient).aggregate(first=Min("date"))["first"]
    window = Entry.objects.filter(patient=patient, date__gte=first, date__lte=last).order_by()
    headache: dict[dt.date, bool] = {}
    severities: dict[dt.date, list[int]] = {}
    for date, is_headache, severity in window.values_list("date", "headache", "severity"):
        headache[date] = headache.get(date, False) or is_headache
        if is_headache and severity is not None:
            severities.setdefault(date, []).append(severity)
    acute = {
        date
        for date, medications in window.exclude(medications=[]).values_list("date", "medications")
        if any(m.get("kind") in ACUTE for m in medications or ())
    }
    days = {
        date: DayData(headache=value, severities=tuple(severities.get(date, ())), acute_medication=date in acute)
        for date, value in headache.items()
    }
    return DiaryIndex(days=days, first_logged=first_logged, today=today)


def timeline_for(
    *,
    patient: User,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    now: dt.datetime | None = None,
    for_patient: bool = False,
) -> dict:
    """Every treatment event between two local dates (all of them by default), oldest
    first, each with its before/after comparison, a procedure's details and result,
    and for radiofrequency ablation how long the benefit lasted.

    Five queries whatever the length: events with procedures, ratings, the first
    logged day, and the entries the windows cover (two: all, and those with medicines).
    """
    t = treatment_settings()
    now = now or timezone.now()
    zone = ZoneInfo(patient.timezone)
    today = local_today(patient, now)
    events = list(_events(patient, for_patient=for_patient))
    local = {event.pk: local_date(event.at, zone) for event in events}
    events = [
        e
        for e in events
        if (date_from is None or local[e.pk] >= date_from) and (date_to is None or local[e.pk] <= date_to)
    ]
    index = None
    if events:
        first = shift_days(min(local[e.pk] for e in events), -t.before_days)
        # Up to today: a radiofrequency ablation's benefit is followed to the present.
        index = diary_index(patient=patient, first=first, last=today, today=today)
    procedures = [p for p in (_procedure(e) for e in events) if p is not None]
    details = {d["id"]: d for d in procedure_details(procedures, zone=patient.timezone, now=now, t=t)}
    items = []
    for event in events:
        day = local[event.pk]
        comparison = before_after(day, index, t)
        procedure = _procedure(event)
        item = {
            "id": event.pk,
            "kind": event.kind,
            "kind_label": _kind_label(event.kind),
            "at": event.at,
            "date": day,
            "ended_on": event.ended_on,
            "title": _title(event, procedure),
            "note": event.note,
            "by_clinician": event.by_clinician,
            "recorded_by": event.recorded_by_email or None,
            "comparison": comparison,
            "procedure": details.get(procedure.pk) if procedure else None,
            "benefit": None,
        }
        if procedure and procedure.kind == ProcedureKind.RADIOFREQUENCY_ABLATION:
            item["benefit"] = rfa_benefit(day, comparison, index, t)
        items.append(item)
    return {
        "today": today,
        "windows": {
            "before_days": t.before_days,
            "after_from_day": t.after_from_day,
            "after_to_day": t.after_to_day,
            "min_logged_days": t.min_logged_days,
        },
        "events": items,
    }


def _title(event: TreatmentEvent, procedure: Procedure | None) -> str:
    """The event's own title; a procedure's is its kind's name, stored in English when it was
    recorded (services/treatments.py), so it is read in the reader's language."""
    if procedure is None:
        return event.title
    kind = ProcedureKind(procedure.kind)
    with translation.override("en"):
        english = str(kind.label)
    return str(kind.label) if event.title in ("", english) else event.title


def _kind_label(kind: str) -> str:
    try:
        return str(TreatmentKind(kind).label)
    except ValueError:  # a kind added later with its label elsewhere
        return kind.replace("_", " ")


def event_get(*, patient: User, event_id: int) -> TreatmentEvent | None:
    return (
        TreatmentEvent.objects.filter(patient=patient, pk=event_id, withdrawn_at__isnull=True)
        .select_related("procedure")
        .first()
    )


def treatment_summary_for(*, patient: User, now: dt.datetime | None = None) -> dict:
    """What the clinician's pre-visit summary and PDF show of treatments (JSON-ready):
    every procedure with its post-block result (or why there is none), and the
    timeline's events with their before/after comparison and, for radiofrequency
    ablation, the benefit. diary/selectors/summary.py adds it as `treatments`;
    diary/treatments/wording.py turns it into the PDF's lines."""
    timeline = timeline_for(patient=patient, now=now)
    events = []
    for item in timeline["events"]:
        events.append(
            {
                key: item[key]
                for key in ("id", "kind", "kind_label", "date", "title", "by_clinician", "comparison", "benefit")
            }
            | {"procedure": item["procedure"]["id"] if item["procedure"] else None}
        )
    procedures = [item["procedure"] for item in reversed(timeline["events"]) if item["procedure"]]
    return {"windows": timeline["windows"], "procedures": procedures, "events": events}
