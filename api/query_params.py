"""Query parameters shared by several views, parsed strictly: a malformed or
out-of-range value answers 400 naming the parameter, never a 500."""

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from diary.timezones import local_today

DEFAULT_RANGE_DAYS = 365
MAX_RANGE_DAYS = 3 * 366
# Dates outside these cannot be in a diary, and near the ends of the calendar date
# arithmetic overflows (`to=0001-01-01` minus a year was a 500).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def parse_date_range(request, patient) -> tuple[dt.date, dt.date]:
    """`from` and `to` query parameters, inclusive; by default the last year.
    Bounded so that a single request cannot ask for an unbounded diary."""
    errors = {}
    bounds = {}
    for name in ("from", "to"):
        raw = request.query_params.get(name)
        if raw is not None:  # an empty value is a bad date too, not "no date" (the fuzz found `?to=`)
            try:
                bounds[name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = ["Enter a date as YYYY-MM-DD."]
                continue
            if not EARLIEST <= bounds[name] <= LATEST:
                errors[name] = [f"Enter a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}."]
    if errors:
        raise ValidationError(errors)
    date_to = bounds.get("to") or local_today(patient)
    date_from = bounds.get("from") or max(EARLIEST, date_to - dt.timedelta(days=DEFAULT_RANGE_DAYS - 1))
    if date_from > date_to:
        raise ValidationError({"from": [_("Must not be after 'to'.")]})
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise ValidationError(
            {"from": [_("The range can span at most {days} days; use the export.").format(days=MAX_RANGE_DAYS)]}
        )
    return date_from, date_to


def parse_whole_number(request, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """A whole number in ASCII digits only: "²" or "٩٠" pass str.isdigit() but not int()."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
        raise ValidationError(
            {
                name: [
                    _("Enter a whole number of days from {minimum} to {maximum}.").format(
                        minimum=minimum, maximum=maximum
                    )
                ]
            }
        )
    return int(raw)
