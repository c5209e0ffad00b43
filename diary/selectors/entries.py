import datetime as dt

from django.db.models import QuerySet

from diary.models import Entry, User


def entries_between(*, patient: User, date_from: dt.date, date_to: dt.date) -> QuerySet[Entry]:
    """The patient's entries from date_from to date_to inclusive, newest first."""
    return Entry.objects.filter(patient=patient, date__gte=date_from, date__lte=date_to).order_by(
        "-date", "-started_at", "-created_at"
    )


def entry_get(*, patient: User, entry_id) -> Entry | None:
    return Entry.objects.filter(pk=entry_id, patient=patient).first()
