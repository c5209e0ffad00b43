"""The pre-visit summary a clinician reads before seeing a patient.

One source for every figure: the screening engine (docs/screening.md). The
window's logged, headache and per-30 figures, the observed days, the medication
overuse status and the signals are the engine report's own; the few figures the
report does not carry are computed here with the engine's definitions:
- a *logged day* has at least one entry; a *headache day* at least one episode
  (an entry with `headache` true); several episodes on one day count once;
- every rate "per 30" is the engine's (diary.screening.rules.per_30 over its
  observed days: from the later of the window's first day and the patient's
  first logged day ever), to one decimal;
- medication days per class use the engine's thresholds and classes; whether
  overuse is suspected is the report's `medication_overuse` differential;
- migraine-like days use the engine's `migraine_like` tag;
- distributions (side, onset region, trigger, posture, quality, symptoms) count
  episodes, not days, and leave out episodes where the answer is unknown.
`overview` puts the figures into a few clinical sentences (diary/reports/sentences.py).
"""

import datetime as dt
import json
import statistics
from collections import Counter, namedtuple

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from diary.choices import MedicationKind, NeckTrigger, OnsetRegion, Posture, Quality, Side, Symptom
from diary.models import Entry, ExamRecord, User
from diary.red_flags import urgency_rank
from diary.reports.labels import label_tables
from diary.reports.sentences import overview_sentences
from diary.screening import EntryData, current_thresholds
from diary.screening.episodes import is_migraine_like as migraine_like_tag
from diary.screening.rules import ACUTE, SIMPLE_ACUTE, SPECIFIC_ACUTE
from diary.screening.rules import observed_days as engine_observed_days
from diary.screening.rules import per_30 as engine_per_30
from diary.screening.thresholds import WINDOW_DEFAULT_DAYS, WINDOW_MAX_DAYS, WINDOW_MIN_DAYS
from diary.selectors.exercises import programme_overview
from diary.selectors.imported import imported_counts
from diary.selectors.reminders import reminder_adherence
from diary.selectors.screening import first_logged_days, report_json
from diary.selectors.treatments import treatment_summary_for
from diary.services.screening import current_report
from diary.timezones import local_today

DEFAULT_DAYS, MIN_DAYS, MAX_DAYS = WINDOW_DEFAULT_DAYS, WINDOW_MIN_DAYS, WINDOW_MAX_DAYS

# What the summary reads of an entry (not the notes: they are long and not summarised),
# the JSON lists last.
SUMMARY_FIELDS = [
    "id",
    "date",
    "started_at",
    "headache",
    "side",
    "severity",
    "quality",
    "onset_region",
    "neck_trigger",
    "posture",
    "worse_with_activity",
    "duration_minutes",
    "symptoms",
    "medications",
    "red_flags",
]


Row = namedtuple("Row", SUMMARY_FIELDS)
LIST_FIELDS = ("symptoms", "medications", "red_flags")


def _entry_rows(*, patient: User, date_from: dt.date, date_to: dt.date) -> list[Row]:
    """Light rows, not model instances. The JSON lists come as text and only
    non-empty ones are parsed (as the screening selector does): most are empty,
    and decoding three lists a row was a third of a year's summary."""
    scalars = [name for name in SUMMARY_FIELDS if name not in LIST_FIELDS]
    rows = (
        Entry.objects.filter(patient=patient, date__gte=date_from, date__lte=date_to)
        .order_by()
        .annotate(**{f"{name}_text": Cast(name, TextField()) for name in LIST_FIELDS})
        .values_list(*scalars, *(f"{name}_text" for name in LIST_FIELDS))
    )
    return [
        Row(*row[: len(scalars)], *(json.loads(text) if text and text != "[]" else [] for text in row[len(scalars) :]))
        for row in rows
    ]


def observed_days(*, date_from: dt.date, date_to: dt.date, first_logged: dt.date | None) -> int:
    """The engine's observed days (docs/screening.md, Rates), for the period before the window."""
    return engine_observed_days(date_from, date_to, first_logged)


def per_30(count: int, observed: int) -> float:
    """The engine's one rate, to one decimal as the report rounds it."""
    return round(engine_per_30(count, observed), 1)


def shown_rate_per_30(count: int, observed: int) -> float | None:
    """The headache-day rate a clinician reads (the summary, its PDF, the patient
    list): the one rate, or None from fewer observed days than
    `min_observed_days_for_rate` (2 headaches in 3 days is not 20 per 30)."""
    if observed < current_thresholds().min_observed_days_for_rate:
        return None
    return per_30(count, observed)


def reaches(count: int, observed: int, threshold: float) -> bool:
    # count x 30 >= threshold x observed days: exact, no rounding at the boundary.
    return bool(observed) and count * 30 >= threshold * observed


def migraine_like_days(episodes) -> int:
    """Days with an episode the screening engine tags `migraine_like` (screening.md),
    with the engine's own tag, so the summary and the report can never disagree."""
    t = current_thresholds()
    return len({entry.date for entry in episodes if migraine_like_tag(EntryData.from_mapping(entry._asdict()), t)})


def _dates(entries, predicate=lambda entry: True) -> set[dt.date]:
    return {entry.date for entry in entries if predicate(entry)}


def _distribution(episodes, field: str, choices) -> dict[str, int]:
    counts = Counter(getattr(entry, field) for entry in episodes)
    return {code: counts[code] for code in choices.values}


def _medication_days(entries) -> dict[str, int]:
    days: dict[str, set[dt.date]] = {kind: set() for kind in MedicationKind.values}
    for entry in entries:
        for medication in entry.medications:
            days[medication["kind"]].add(entry.date)
    return {kind: len(dates) for kind, dates in days.items()}


def overuse_thresholds() -> dict[str, float | None]:
    """Days per 30 for each kind, from the screening engine's thresholds (ICHD-3 8.2).
    Gepants and "other" are not ICHD-3 8.2 classes: they are counted and shown,
    but reach no threshold and do not count as acute medication."""
    t = current_thresholds()
    return {
        kind: t.overuse_specific_days
        if kind in SPECIFIC_ACUTE
        else t.overuse_simple_days
        if kind in SIMPLE_ACUTE
        else None
        for kind in MedicationKind.values
    }


def _medication_overuse(
    entries, *, observed: int, headache_days: int, medication_days: dict[str, int], report: dict
) -> dict:
    t = current_thresholds()

    def marked(count: int, threshold: float | None) -> dict:
        return {
            "days": count,
            "days_per_30": per_30(count, observed),
            "threshold_per_30": threshold,
            "reached": threshold is not None and reaches(count, observed, threshold),
        }

    classes = {kind: marked(medication_days[kind], threshold) for kind, threshold in overuse_thresholds().items()}
    used = {kind for kind in ACUTE if medication_days[kind]}
    any_acute = marked(
        len(_dates(entries, lambda entry: any(m["kind"] in ACUTE for m in entry.medications))), t.overuse_any_days
    )
    # ICHD-3 8.2.6: the total counts when several classes are combined; one class
    # alone is judged by its own threshold above.
    any_acute["classes_used"] = len(used)
    any_acute["reached"] = any_acute["reached"] and len(used) >= 2
    differential = next((d for d in report["differentials"] if d["code"] == "medication_overuse"), None)
    return {
        "classes": classes,
        "any_acute": any_acute,
        "headache_days_threshold_per_30": t.overuse_headache_days,
        "headache_days_threshold_reached": reaches(headache_days, observed, t.overuse_headache_days),
        # The engine's verdict, never a second computation: null, "at_risk" or "met".
        "status": differential["status"] if differential else None,
        "suspected": differential is not None,
    }


def _period(
    days_logged: list[tuple[dt.date, bool]], *, date_from: dt.date, date_to: dt.date, first_logged: dt.date | None
) -> dict:
    """Logged and headache days from (date, headache) pairs."""
    observed = observed_days(date_from=date_from, date_to=date_to, first_logged=first_logged)
    headache_days = len({date for date, headache in days_logged if headache})
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "days": (date_to - date_from).days + 1,
        "observed_days": observed,
        "logged_days": len({date for date, _ in days_logged}),
        "headache_days": headache_days,
        "headache_days_per_30": per_30(headache_days, observed),
    }


def _trend(current: dict, before: dict, first_logged: dt.date | None) -> dict:
    """A change only where the earlier period can be compared: logged on at least
    half of its days. Otherwise `change_per_30` is null and `reason` says why."""
    comparable = before["logged_days"] * 2 >= before["days"]
    trend = {"previous": before, "comparable": comparable, "change_per_30": None, "direction": None, "reason": None}
    if comparable:
        change = round(current["headache_days_per_30"] - before["headache_days_per_30"], 1)
        trend.update(change_per_30=change, direction="up" if change > 0 else "down" if change < 0 else "same")
    elif first_logged is None or first_logged > dt.date.fromisoformat(before["to"]):
        trend["reason"] = "diary_began_in_window"
    else:
        trend["reason"] = "too_few_logged_days_before"
    return trend


def _calendar(entries, *, date_from: dt.date, days: int) -> list[dict]:
    by_date: dict[dt.date, list] = {}
    for entry in entries:
        by_date.setdefault(entry.date, []).append(entry)
    calendar = []
    for offset in range(days):
        day = date_from + dt.timedelta(days=offset)
        logged = by_date.get(day, [])
        episodes = [entry for entry in logged if entry.headache]
        severities = [entry.severity for entry in episodes if entry.severity is not None]
        calendar.append(
            {
                "date": day.isoformat(),
                "logged": bool(logged),
                "headache": bool(episodes),
                "episodes": len(episodes),
                "max_severity": max(severities) if severities else None,
                "acute_medication": any(entry.medications for entry in logged),
                "red_flag": any(entry.red_flags for entry in logged),
            }
        )
    return calendar


def _red_flags(report: dict, entries) -> list[dict]:
    """The report's red flags (reviewed or not) with the entry's time, for the
    overview, the screen and the PDF: open ones first, by urgency and then the
    newest (docs/screening.md, Order). `related_entries` gives the date and
    symptoms of the entries the engine names in `related` (the dizziness after a
    manipulation), so that they can be shown beside the flag."""
    by_id = {str(entry.id): entry for entry in entries}
    flags = []
    for flag in report["red_flags"]:
        started = getattr(by_id.get(flag.get("entry")), "started_at", None)
        related = [by_id[entry_id] for entry_id in flag.get("related") or () if entry_id in by_id]
        flags.append(
            {
                **flag,
                "entry_time": started.strftime("%H:%M") if started else None,
                "reviewed": flag.get("reviewed"),
                "related_entries": [
                    {"id": str(entry.id), "date": entry.date.isoformat(), "symptoms": list(entry.symptoms or ())}
                    for entry in related
                ],
            }
        )
    flags.sort(key=lambda flag: str(flag["date"]), reverse=True)  # newest first within each urgency (stable)
    flags.sort(key=lambda flag: (bool(flag["reviewed"]), urgency_rank(flag.get("urgency"))))
    return flags


def _exam(exam: ExamRecord) -> dict:
    return {
        "id": exam.pk,
        "date": exam.date.isoformat(),
        "frt_left_deg": exam.frt_left_deg,
        "frt_right_deg": exam.frt_right_deg,
        "block_relief_percent": exam.block_relief_percent,
        "note": exam.note,
        "clinician": exam.clinician_email or None,  # kept after the clinician's account is deleted
    }


def patient_summary(
    *, patient: User, days: int = DEFAULT_DAYS, today: dt.date | None = None, for_patient: bool = False
) -> dict:
    """The figures of the `days` ending on the patient's local today, beside
    those of the period of the same length before it."""
    today = today or local_today(patient)
    date_from = today - dt.timedelta(days=days - 1)
    previous_from = date_from - dt.timedelta(days=days)
    # One range read on the patient's (patient, date) index for both periods, split
    # here: a separate read of the previous period alone was planned on the exclusion
    # constraint's GiST index by date, and grew with the whole table (issue 27).
    rows = _entry_rows(patient=patient, date_from=previous_from, date_to=today)
    entries = [row for row in rows if row.date >= date_from]
    previous = [(row.date, row.headache) for row in rows if row.date < date_from]
    first_logged = first_logged_days(patient_ids=[patient.pk]).get(patient.pk)
    # From the snapshot when it is current (computed and stored when not): the summary, its
    # PDF and FHIR, the patient list and the notices all read the one report.
    report = report_json(current_report(patient=patient, days=days, today=today), audience="clinician")
    episodes = [entry for entry in entries if entry.headache]

    current = _period(
        [(entry.date, entry.headache) for entry in entries],
        date_from=date_from,
        date_to=today,
        first_logged=first_logged,
    )
    # The window's figures are the engine's own.
    current["observed_days"] = report["window"]["observed_days"]
    current["headache_days_per_30"] = report["window"]["headache_days_per_30"]
    before = _period(
        previous,
        date_from=previous_from,
        date_to=date_from - dt.timedelta(days=1),
        first_logged=first_logged,
    )
    severities = [entry.severity for entry in episodes if entry.severity is not None]
    medication_days = _medication_days(entries)
    symptom_counts = Counter(code for entry in episodes for code in entry.symptoms or ())
    exams = ExamRecord.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if for_patient:  # the patient's own PDF and FHIR leave out what they hid
        exams = exams.filter(hidden_by_patient_at__isnull=True)
    exams = [_exam(exam) for exam in exams.order_by("-date", "-created_at")]

    summary = {
        "window": {"from": current["from"], "to": current["to"], "days": days},
        "observed_days": current["observed_days"],
        "logged_days": current["logged_days"],
        "completeness": round(current["logged_days"] / current["observed_days"], 2)
        if current["observed_days"]
        else 0.0,
        "headache_days": current["headache_days"],
        # The engine's figure, but none from fewer observed days than the list gives one for.
        "headache_days_per_30": current["headache_days_per_30"]
        if shown_rate_per_30(current["headache_days"], current["observed_days"]) is not None
        else None,
        "episodes": len(episodes),
        "trend": _trend(current, before, first_logged),
        "diary_began": first_logged.isoformat() if first_logged else None,
        "migraine_like_days": migraine_like_days(episodes),
        "severity": {
            "n": len(severities),
            "median": statistics.median(severities) if severities else None,
            "max": max(severities) if severities else None,
        },
        "side": _distribution(episodes, "side", Side),
        "onset_region": _distribution(episodes, "onset_region", OnsetRegion),
        "neck_trigger": _distribution(episodes, "neck_trigger", NeckTrigger),
        "posture": _distribution(episodes, "posture", Posture),
        "quality": _distribution(episodes, "quality", Quality),
        "symptoms": {code: symptom_counts[code] for code in Symptom.values},
        "acute_medication_days": medication_days,
        "medication_overuse": _medication_overuse(
            entries,
            observed=current["observed_days"],
            headache_days=current["headache_days"],
            medication_days=medication_days,
            report=report,
        ),
        "red_flags": _red_flags(report, entries),
        "reminder_adherence": reminder_adherence(patient=patient, date_from=date_from, date_to=today),
        "screening": report,
        "exams": exams,
        "programme": programme_overview(patient=patient, today=today, for_patient=for_patient),
        "treatments": treatment_summary_for(patient=patient),
        "calendar": _calendar(entries, date_from=date_from, days=days),
        # Entries of the window brought in from another app, by format (issue 26).
        "imported": imported_counts(patient=patient, date_from=date_from, date_to=today),
        "labels": label_tables(),
        "generated_at": timezone.now(),
    }
    summary["overview"] = overview_sentences(summary)
    return summary
