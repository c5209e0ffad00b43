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
