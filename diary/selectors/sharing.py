"""Reads for sharing: who may see a diary, who did, and a clinician's patient list."""

import datetime as dt

from django.db.models import Count, IntegerField, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from diary.choices import Role
from diary.models import AccessLog, Entry, Grant, ScreeningSnapshot, User
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
    return Grant.objects.filter(patient=patient, revoked_at__isnull=True).select_related("clinician").order_by(
        "-created_at"
    )


def access_log_for_patient(*, patient: User) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(patient=patient).order_by("-at", "-pk")


def _per_patient(queryset: QuerySet, value, output_field) -> Subquery:
    """One aggregate over the rows of `queryset` that belong to the outer patient."""
    return Subquery(
        queryset.filter(patient=OuterRef("pk")).values("patient").annotate(value=value).values("value"),
        output_field=output_field,
    )


def clinician_patient_list(*, clinician: User, today: dt.date | None = None) -> list[dict]:
    """Each patient linked to the clinician with the key figures of the last 30
    days and the latest screening; red flags first, then by level.

    Two queries however many patients: one with a subquery per figure, one for
    the red flags ticked on entries that the last screening may not have seen yet.
    The 30 days end on the clinician's local today (a day's difference at most
    for a patient in another timezone).
    """
    today = today or local_today(clinician)
    since = today - dt.timedelta(days=LIST_DAYS - 1)
    recent = Entry.objects.filter(date__gte=since, date__lte=today)
    latest_snapshot = ScreeningSnapshot.objects.filter(patient=OuterRef("pk")).order_by("-screened_at")
    patients = list(
        User.objects.filter(grants__clinician=clinician, grants__revoked_at__isnull=True)
        .annotate(
            headache_days=Coalesce(
                _per_patient(recent.filter(headache=True), Count("date", distinct=True), IntegerField()), 0
            ),
            logged_days=Coalesce(_per_patient(recent, Count("date", distinct=True), IntegerField()), 0),
            last_entry_date=Subquery(Entry.objects.filter(patient=OuterRef("pk")).order_by("-date").values("date")[:1]),
            level=Subquery(latest_snapshot.values("level")[:1]),
            snapshot_red_flags=Subquery(latest_snapshot.values("red_flag_codes")[:1], output_field=JSONField()),
            screened_at=Subquery(latest_snapshot.values("screened_at")[:1]),
        )
        .only("id", "email")
    )
    entry_flags: dict[int, set[str]] = {}
    for patient_id, codes in recent.filter(patient__in=[p.pk for p in patients]).exclude(red_flags=[]).values_list(
        "patient_id", "red_flags"
    ):
        entry_flags.setdefault(patient_id, set()).update(codes)

    rows = []
    for patient in patients:
        red_flags = sorted(set(patient.snapshot_red_flags or []) | entry_flags.get(patient.pk, set()))
        rows.append({
            "id": patient.pk,
            "email": patient.email,
            "headache_days_30": patient.headache_days,
            "logged_days_30": patient.logged_days,
            "completeness_30": round(patient.logged_days / LIST_DAYS, 2),
            "last_entry_date": patient.last_entry_date,
            "screening_level": patient.level,
            "screened_at": patient.screened_at,
            "red_flags": red_flags,
        })
    level_rank = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
    rows.sort(key=lambda row: (
        not row["red_flags"],
        level_rank.get(row["screening_level"], len(LEVEL_ORDER)),
        -(row["last_entry_date"] or dt.date.min).toordinal(),
        row["id"],
    ))
    return rows
