import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_valid_timezone(name: str) -> bool:
    return name in known_timezones()


def local_today(user, now: dt.datetime | None = None) -> dt.date:
    """Today's date where the patient is: the diary is kept in local days."""
    now = now or timezone.now()
    return now.astimezone(ZoneInfo(user.timezone)).date()


def shift_days(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held within the calendar: a stored date near year 1 or 9999
    (written before the API bounded dates, or by an import) must not raise OverflowError
    in the window arithmetic of every view that reads it (issue 24)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The local date of a moment, held within the calendar like `shift_days`."""
    try:
        return moment.astimezone(zone).date()
    except OverflowError:
        return moment.date()
