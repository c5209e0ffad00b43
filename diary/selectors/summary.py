"""The pre-visit summary a clinician reads before seeing a patient.

Every figure is a plain count over the window's entries, so it can be checked
by hand against the diary:
- a *logged day* has at least one entry; a *headache day* at least one episode
  (an entry with `headache` true); several episodes on one day count once;
- rates "per 30" are count x 30 / days of the window, to one decimal;
- distributions (side, onset region, trigger, posture, symptoms) count
  episodes, not days, and leave out episodes where the answer is unknown;
- medication days count the dates on which a kind was taken at least once.
"""

import datetime as dt
import statistics
from collections import Counter

from django.utils import timezone

from diary.choices import MedicationKind, NeckTrigger, OnsetRegion, Posture, Side, Symptom
from diary.models import Entry, ExamRecord, User
from diary.screening import EntryData, current_thresholds
from diary.screening.episodes import is_migraine_like as migraine_like_tag
from diary.screening.rules import ACUTE, SIMPLE_ACUTE, SPECIFIC_ACUTE
from diary.selectors.reminders import reminder_adherence
from diary.selectors.screening import screening_report
from diary.timezones import local_today

DEFAULT_DAYS = 90
MIN_DAYS = 28
MAX_DAYS = 365

# What the summary reads of an entry (not the notes: they are long and not summarised).
# Entries are read as named rows with these attributes, not as model instances.
SUMMARY_FIELDS = [
    "id", "date", "headache", "side", "severity", "quality", "onset_region", "neck_trigger", "posture",
    "worse_with_activity", "duration_minutes", "symptoms", "medications",
]


def per_30(count: int, days: int) -> float:
    return round(count * 30 / days, 1)


def is_migraine_like(entry) -> bool:
    """The screening engine's own `migraine_like` tag (screening.md), so the
    summary and the screening report can never disagree."""
    return migraine_like_tag(EntryData.from_mapping(entry._asdict()), current_thresholds())


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
        kind: t.overuse_specific_days if kind in SPECIFIC_ACUTE else t.overuse_simple_days if kind in SIMPLE_ACUTE
        else None
        for kind in MedicationKind.values
    }


def _medication_overuse(entries, *, days: int, headache_days: int, medication_days: dict[str, int]) -> dict:
    t = current_thresholds()

    def marked(count: int, threshold: float | None) -> dict:
        # count x 30 >= threshold x days: exact, no rounding at the boundary.
        return {
            "days": count, "days_per_30": per_30(count, days), "threshold_per_30": threshold,
            "reached": threshold is not None and count * 30 >= threshold * days,
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
    headache_threshold = headache_days * 30 >= t.overuse_headache_days * days
    return {
        "classes": classes,
        "any_acute": any_acute,
        "headache_days_threshold_per_30": t.overuse_headache_days,
        "headache_days_threshold_reached": headache_threshold,
        # Both halves of the ICHD-3 8.2 criterion within this window; the
        # screening report says whether it held over every 30-day block.
        "suspected": headache_threshold and (any_acute["reached"] or any(c["reached"] for c in classes.values())),
    }


def _period(days_logged: list[tuple[dt.date, bool]], *, date_from: dt.date, date_to: dt.date) -> dict:
    """Logged and headache days from (date, headache) pairs."""
    days = (date_to - date_from).days + 1
    headache_days = len({date for date, headache in days_logged if headache})
    return {
        "from": date_from.isoformat(), "to": date_to.isoformat(), "days": days,
        "logged_days": len({date for date, _ in days_logged}), "headache_days": headache_days,
        "headache_days_per_30": per_30(headache_days, days),
    }


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
        calendar.append({
            "date": day.isoformat(),
            "logged": bool(logged),
            "headache": bool(episodes),
            "episodes": len(episodes),
            "max_severity": max(severities) if severities else None,
            "acute_medication": any(entry.medications for entry in logged),
        })
    return calendar


def patient_summary(*, patient: User, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> dict:
    """The figures of the `days` ending on the patient's local today, beside
    those of the period of the same length before it."""
    today = today or local_today(patient)
    date_from = today - dt.timedelta(days=days - 1)
    previous_from = date_from - dt.timedelta(days=days)
    entries = list(
        Entry.objects.filter(patient=patient, date__gte=date_from, date__lte=today)
        .order_by()
        .values_list(*SUMMARY_FIELDS, named=True)  # light rows: a year of entries loads in a third of the time
    )
    previous = Entry.objects.filter(patient=patient, date__gte=previous_from, date__lt=date_from).order_by()
    episodes = [entry for entry in entries if entry.headache]

    current = _period([(entry.date, entry.headache) for entry in entries], date_from=date_from, date_to=today)
    before = _period(list(previous.values_list("date", "headache")), date_from=previous_from,
                     date_to=date_from - dt.timedelta(days=1))
    change = round(current["headache_days_per_30"] - before["headache_days_per_30"], 1)
    severities = [entry.severity for entry in episodes if entry.severity is not None]
    medication_days = _medication_days(entries)
    symptom_counts = Counter(code for entry in episodes for code in entry.symptoms)
    exams = ExamRecord.objects.filter(patient=patient).order_by("-date", "-created_at")

    return {
        "window": {"from": current["from"], "to": current["to"], "days": days},
        "logged_days": current["logged_days"],
        "completeness": round(current["logged_days"] / days, 2),
        "headache_days": current["headache_days"],
        "headache_days_per_30": current["headache_days_per_30"],
        "episodes": len(episodes),
        "trend": {
            "previous": before,
            "change_per_30": change,
            "direction": "up" if change > 0 else "down" if change < 0 else "same",
            # Too few logged days before this window to compare fairly.
            "comparable": before["logged_days"] * 2 >= days,
        },
        "migraine_like_days": len(_dates(episodes, is_migraine_like)),
        "severity": {
            "n": len(severities),
            "median": statistics.median(severities) if severities else None,
            "max": max(severities) if severities else None,
        },
        "side": _distribution(episodes, "side", Side),
        "onset_region": _distribution(episodes, "onset_region", OnsetRegion),
        "neck_trigger": _distribution(episodes, "neck_trigger", NeckTrigger),
        "posture": _distribution(episodes, "posture", Posture),
        "symptoms": {code: symptom_counts[code] for code in Symptom.values},
        "acute_medication_days": medication_days,
        "medication_overuse": _medication_overuse(
            entries, days=days, headache_days=current["headache_days"], medication_days=medication_days
        ),
        "reminder_adherence": reminder_adherence(patient=patient, date_from=date_from, date_to=today),
        "screening": screening_report(patient=patient, days=days, today=today, audience="clinician"),
        "exams": [
            {
                "id": exam.pk, "date": exam.date.isoformat(), "frt_left_deg": exam.frt_left_deg,
                "frt_right_deg": exam.frt_right_deg, "block_relief_percent": exam.block_relief_percent,
                "note": exam.note,
            }
            for exam in exams
        ],
        "calendar": _calendar(entries, date_from=date_from, days=days),
        "generated_at": timezone.now(),
    }
