"""The history of corrections, withdrawals and hiding of clinicians' records (issue 24)."""

from django.db.models import QuerySet

from diary.models import RecordChange, User


def record_history(*, patient: User) -> QuerySet[RecordChange]:
    """Newest first; shown alike to the patient and to their clinicians."""
    return RecordChange.objects.filter(patient=patient).order_by("-at", "-pk")
