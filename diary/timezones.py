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


# The emergency number where a patient lives, as far as their timezone tells it: every
# European zone dials 112 (the EU's number, answered across the rest of Europe too); the
# zones that are only in the US or Canada dial 911; Australia 000. Elsewhere, or with UTC,
# the advice says "your local emergency number" (issue 25).
_NUMBER_BY_PREFIX = {"Europe/": "112", "Atlantic/Canary": "112", "Atlantic/Madeira": "112", "Atlantic/Azores": "112"}
_NORTH_AMERICA = frozenset(
    {
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
        "America/Anchorage", "America/Detroit", "America/Boise", "Pacific/Honolulu", "America/Toronto",
        "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Halifax", "America/St_Johns",
        "America/Regina",
    }
)  # fmt: skip


def emergency_number(timezone_name: str | None) -> str | None:
    """The emergency number for a timezone, or None where it cannot be told."""
    name = timezone_name or ""
    if name in _NORTH_AMERICA or name.startswith("America/Indiana/"):
        return "911"
    if name.startswith("Australia/"):
        return "000"
    return next((number for prefix, number in _NUMBER_BY_PREFIX.items() if name.startswith(prefix)), None)
