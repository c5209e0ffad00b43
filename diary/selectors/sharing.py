"""Reads for sharing: who may see a diary, who did, and a clinician's patient list."""

import datetime as dt

from django.db.models import Count, IntegerField, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce

from diary.choices import Role
from diary.models import AccessLog, Entry, Grant, ScreeningSnapshot, User
from diary.red_flags import PATTERN_FLAGS, URGENCY, flag_urgency, triage_key, urgency_rank
from diary.screening import ReviewData, current_thresholds
from diary.screening.rules import RedFlag, is_reviewed_by
from diary.selectors.screening import red_flag_reviews
from diary.selectors.summary import observed_days, shown_rate_per_30
from diary.timezones import local_today

LIST_DAYS = 30

# How much a level asks for attention, most first; used to order the patient list.
LEVEL_ORDER = ["urgent_review", "probable", "possible", "none", "insufficient_data", None]


def linked_patient_get(*, clinician: User, patient_id: int) -> User | None:
    """The patient, if this clinician holds a live grant for them right now.

    Asked afresh on every clinician request, never cached: a revoke must take
    effect on the very next one. None for an unknown id and for a patient
    without a grant alike, so the answer reveals nothing.
    """
    return User.objects.filter(
        pk=patient_id, role=Role.PATIENT, grants__clinician=clinician, grants__revoked_at__isnull=True
    ).first()


def grants_for_patient(*, patient: User) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(patient=patient, revoked_at__isnull=True)
        .select_related("clinician")
        .order_by("-created_at")
    )


def access_log_for_patient(*, patient: User) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(patient=patient).order_by("-at", "-pk")


def _per_patient(queryset: QuerySet, value, output_field) -> Subquery:
    """One aggregate over the rows of `queryset` that belong to the outer patient."""
    return Subquery(
        queryset.filter(patient=OuterRef("pk")).values("patient").annotate(value=value).values("value"),
        output_field=output_field,
    )


SORTS = ("red_flags", "last_entry", "email")


def _open_entry_flags(linked, *, since: dt.date, today: dt.date, upgrades: dict) -> dict[int, list[RedFlag]]:
    """Per patient, the red flags ticked on entries since `since` that no review
    covers (the engine's own `is_reviewed_by`: a clinician's, or the patient's
    report of a doctor's check), one per flagged entry and code. The urgency is
    the entry's own, raised where the latest screening found more (an injury
    followed by dizziness in a later entry): `upgrades` by (code, entry id)."""
    reviews: dict[int, list[ReviewData]] = red_flag_reviews(patient_ids=linked)
    t = current_thresholds()
    flags: dict[int, list[RedFlag]] = {}
    rows = (
        Entry.objects.filter(patient__in=linked, date__gte=since, date__lte=today)
        .exclude(red_flags=[])
        .order_by()
        .values_list("patient_id", "id", "date", "red_flags", "symptoms")
    )
    for patient_id, entry_id, date, codes, symptoms in rows:
        for code in codes:
            urgency = flag_urgency(code, codes=codes, symptoms=symptoms or ())
            urgency = min(urgency, upgrades.get((code, str(entry_id)), urgency), key=urgency_rank)
            flag = RedFlag(code, urgency, date, str(entry_id), ())
            if not any(is_reviewed_by(flag, review, today, t) for review in reviews.get(patient_id, ())):
                flags.setdefault(patient_id, []).append(flag)
    return flags


def _snapshot_flags(row: dict) -> tuple[list[RedFlag], dict]:
    """From the latest screening: its open diary- and profile-level flags, and the
    urgency it found for each entry flag (by code and entry). A snapshot stored
    before reports listed their flags gives the codes alone."""
    listed = row.pop("snapshot_flag_list")
    codes = row.pop("snapshot_red_flags") or []
    day = row["screened_at"].date() if row["screened_at"] else dt.date.min
    if not isinstance(listed, list):
        pattern = [RedFlag(code, URGENCY[code], day, None, ()) for code in codes if code in PATTERN_FLAGS]
        return pattern, {}
    pattern, upgrades = [], {}
    for flag in listed:
        if flag.get("entry"):
            upgrades[(flag["code"], flag["entry"])] = flag.get("urgency")
        elif not flag.get("reviewed") and flag.get("code") in URGENCY:
            date = dt.date.fromisoformat(flag["date"]) if flag.get("date") else day
            pattern.append(RedFlag(flag["code"], flag.get("urgency") or URGENCY[flag["code"]], date, None, ()))
    return pattern, upgrades


def clinician_patient_list(*, clinician: User, today: dt.date | None = None, sort: str = "red_flags") -> list[dict]:
    """Each patient linked to the clinician with the key figures of the last 30
    days and the latest screening, JSON-ready. `sort`: "red_flags" (by the open
    red flags as docs/screening.md orders them, then by level and the latest
    entry), "last_entry" (newest first) or "email".

    Four queries however many patients: one with a subquery per figure, one for
    the red flags ticked on entries within the last 365 days, one for their
    reviews, one for the first logged days. A red flag is open until a review
    covers it; pattern- and profile-level flags come from the latest screening.
    The 30 days end on the clinician's local today (a day's difference at most
    for a patient in another timezone); their rate is the one rate of
    docs/screening.md over the observed days, as in the summary.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    today = today or local_today(clinician)
    since = today - dt.timedelta(days=LIST_DAYS - 1)
    linked = Grant.objects.filter(clinician=clinician, revoked_at__isnull=True).values("patient")
    recent = Entry.objects.filter(date__gte=since, date__lte=today).order_by()
    latest_snapshot = ScreeningSnapshot.objects.filter(patient=OuterRef("pk")).order_by("-screened_at")
    rows = list(
        User.objects.filter(pk__in=linked)
        .annotate(
            headache_days_30=Coalesce(
                _per_patient(recent.filter(headache=True), Count("date", distinct=True), IntegerField()), 0
            ),
            logged_days_30=Coalesce(_per_patient(recent, Count("date", distinct=True), IntegerField()), 0),
            last_entry_date=Subquery(Entry.objects.filter(patient=OuterRef("pk")).order_by("-date").values("date")[:1]),
            first_entry_date=Subquery(Entry.objects.filter(patient=OuterRef("pk")).order_by("date").values("date")[:1]),
            screening_level=Subquery(latest_snapshot.values("level")[:1]),
            snapshot_red_flags=Subquery(latest_snapshot.values("red_flag_codes")[:1], output_field=JSONField()),
            snapshot_flag_list=Subquery(
                latest_snapshot.annotate(flags=KeyTransform("red_flags", "report")).values("flags")[:1],
                output_field=JSONField(),
            ),
            screened_at=Subquery(latest_snapshot.values("screened_at")[:1]),
        )
        .values(
            "id",
            "email",
            "headache_days_30",
            "logged_days_30",
            "last_entry_date",
            "first_entry_date",
            "screening_level",
            "snapshot_red_flags",
            "snapshot_flag_list",
            "screened_at",
        )
    )
    from_snapshots = {row["id"]: _snapshot_flags(row) for row in rows}
    upgrades = {key: value for _, found in from_snapshots.values() for key, value in found.items()}
    hold_since = today - dt.timedelta(days=current_thresholds().red_flag_hold_days - 1)
    entry_flags = _open_entry_flags([row["id"] for row in rows], since=hold_since, today=today, upgrades=upgrades)

    order = {}
    for row in rows:
        observed = observed_days(date_from=since, date_to=today, first_logged=row.pop("first_entry_date"))
        row["observed_days_30"] = observed
        row["headache_days_per_30"] = shown_rate_per_30(row["headache_days_30"], observed)
        row["completeness_30"] = round(row["logged_days_30"] / observed, 2) if observed else 0.0
        open_flags = entry_flags.get(row["id"], []) + from_snapshots[row["id"]][0]
        open_flags.sort(key=lambda flag: triage_key([flag]))
        row["open_red_flags"] = len(open_flags)
        row["red_flags"] = sorted({flag.code for flag in open_flags})
        row["highest_urgency"] = open_flags[0].urgency if open_flags else None
        row["latest_flag_date"] = max(flag.date for flag in open_flags) if open_flags else None
        order[row["id"]] = triage_key(open_flags)
    level_rank = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
    newest_first = lambda row: -(row["last_entry_date"] or dt.date.min).toordinal()  # noqa: E731
    keys = {
        "red_flags": lambda row: (
            *order[row["id"]],
            level_rank.get(row["screening_level"], len(LEVEL_ORDER)),
            newest_first(row),
            row["id"],
        ),
        "last_entry": lambda row: (newest_first(row), row["id"]),
        "email": lambda row: (row["email"], row["id"]),
    }
    rows.sort(key=keys[sort])
    return rows
