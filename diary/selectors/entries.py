import datetime as dt

from django.db.models import QuerySet

from diary.models import Entry, User

# Newest first; the id last makes the order total (pages never disagree).
NEWEST_FIRST = ("-date", "-started_at", "-created_at", "-id")
# Entries per page of a list: about a year of a busy diary (about 600 kB of JSON),
# so the default year is mostly one request; 500 made three years cost 8 requests, each
# paying the session, user and middleware again (bench/entries_list.py measures it).
# A page ends at a day's end, so it may hold fewer
# (or, for one day with more entries than this, more).
PAGE_SIZE = 1000


def entries_between(*, patient: User, date_from: dt.date, date_to: dt.date) -> QuerySet[Entry]:
    """The patient's entries from date_from to date_to inclusive, newest first."""
    return Entry.objects.filter(patient=patient, date__gte=date_from, date__lte=date_to).order_by(*NEWEST_FIRST)


def entries_page(
    *,
    patient: User,
    date_from: dt.date,
    date_to: dt.date,
    columns: tuple[str, ...],
    size: int | None = None,
    annotations: dict | None = None,
) -> tuple[list[dict], dt.date | None]:
    """One page of the patient's entries from date_to back towards date_from, as
    dicts of `columns` (which include "date"; `annotations` may add computed
    ones), newest first, and the date_to of the next page (None when this is the
    last).

    Pages hold whole days: the next page is the same range with an earlier `to`,
    so paging needs no cursor of its own and never skips or repeats an entry
    (an entry added meanwhile to a day already read shows on the next read).
    """
    size = size or PAGE_SIZE
    in_range = Entry.objects.filter(patient=patient, date__gte=date_from).annotate(**(annotations or {}))
    in_range = in_range.order_by(*NEWEST_FIRST)
    rows = list(in_range.filter(date__lte=date_to).values(*columns)[: size + 1])
    if len(rows) <= size:
        return rows, None
    cut_day = rows[size]["date"]
    page = [row for row in rows[:size] if row["date"] != cut_day]
    if page:
        return page, cut_day
    # One day holds more than a page: it comes whole, so paging always moves on.
    page = list(in_range.filter(date=cut_day).values(*columns))
    next_to = cut_day - dt.timedelta(days=1)
    return page, next_to if next_to >= date_from else None


def entry_get(*, patient: User, entry_id) -> Entry | None:
    return Entry.objects.filter(pk=entry_id, patient=patient).first()
