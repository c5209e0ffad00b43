"""Reads for sharing: who may see a diary, who did, and a clinician's patient list."""

import datetime as dt

from django.db.models import Count, IntegerField, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from diary.choices import EntryRedFlag, Role
from diary.models import AccessLog, Entry, Grant, RedFlagReview, ScreeningSnapshot, User
from diary.timezones import local_today

LIST_DAYS = 30
# Red flags ticked on entries count as long as the screening window holds them.
FLAG_DAYS = 90

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


def _open_entry_flags(linked, *, since: dt.date, today: dt.date) -> dict[int, list[str]]:
    """Per patient, the codes of the red flags ticked on entries since `since` that no
    clinician has reviewed, one per flagged entry (a code may repeat)."""
    reviewed = set(
        RedFlagReview.objects.filter(patient__in=linked, date__gte=since, entry__isnull=False).values_list(
            "entry_id", "code"
        )
    )
    flags: dict[int, list[str]] = {}
    rows = (
        Entry.objects.filter(patient__in=linked, date__gte=since, date__lte=today)
        .exclude(red_flags=[])
        .order_by()
        .values_list("patient_id", "id", "red_flags")
    )
    for patient_id, entry_id, codes in rows:
        flags.setdefault(patient_id, []).extend(code for code in codes if (entry_id, code) not in reviewed)
    return flags


def clinician_patient_list(*, clinician: User, today: dt.date | None = None, sort: str = "red_flags") -> list[dict]:
    """Each patient linked to the clinician with the key figures of the last 30
    days and the latest screening, JSON-ready. `sort`: "red_flags" (the most open
    red flags first, then by level and the latest entry), "last_entry" (newest
    first) or "email".

    Three queries however many patients: one with a subquery per figure, one for
    the red flags ticked on entries within the screening window, one for their
    reviews. A red flag is open until a clinician marks it reviewed; pattern- and
    profile-level flags come from the latest screening (the engine leaves
    reviewed ones out of the level). The 30 days end on the clinician's local
    today (a day's difference at most for a patient in another timezone).
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
            screening_level=Subquery(latest_snapshot.values("level")[:1]),
            snapshot_red_flags=Subquery(latest_snapshot.values("red_flag_codes")[:1], output_field=JSONField()),
            screened_at=Subquery(latest_snapshot.values("screened_at")[:1]),
        )
        .values(
            "id",
            "email",
            "headache_days_30",
            "logged_days_30",
            "last_entry_date",
            "screening_level",
            "snapshot_red_flags",
            "screened_at",
        )
    )
    entry_flags = _open_entry_flags(linked, since=today - dt.timedelta(days=FLAG_DAYS - 1), today=today)

    for row in rows:
        row["completeness_30"] = round(row["logged_days_30"] / LIST_DAYS, 2)
        pattern = [code for code in row.pop("snapshot_red_flags") or [] if code not in EntryRedFlag.values]
        open_flags = entry_flags.get(row["id"], []) + pattern
        row["open_red_flags"] = len(open_flags)
        row["red_flags"] = sorted(set(open_flags))
    level_rank = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
    newest_first = lambda row: -(row["last_entry_date"] or dt.date.min).toordinal()  # noqa: E731
    keys = {
        "red_flags": lambda row: (
            -row["open_red_flags"],
            level_rank.get(row["screening_level"], len(LEVEL_ORDER)),
            newest_first(row),
            row["id"],
        ),
        "last_entry": lambda row: (newest_first(row), row["id"]),
        "email": lambda row: (row["email"], row["id"]),
    }
    rows.sort(key=keys[sort])
    return rows
