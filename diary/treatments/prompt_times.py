"""When each prompt of the post-block diary is due.

Timed prompts are counted in real elapsed time from the block (15 minutes after is
15 minutes after, whatever the clock on the wall does at a daylight-saving change);
the next-morning prompt is a local wall-clock time in the patient's timezone.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

BASELINE = "baseline"
NEXT_MORNING = "next_morning"
_TIMED = re.compile(r"^(\d{1,4})(m|h)$")


def slot_offset(slot: str) -> dt.timedelta | None:
    """The offset of a timed slot ("15m", "2h"); None for baseline and next morning."""
    match = _TIMED.match(slot)
    if not match:
        return None
    amount = int(match.group(1))
    return dt.timedelta(minutes=amount) if match.group(2) == "m" else dt.timedelta(hours=amount)


def is_valid_slot(slot: str) -> bool:
    return slot in (BASELINE, NEXT_MORNING) or slot_offset(slot) is not None


def due_times(slots, performed_at: dt.datetime, zone: str, next_morning_time: dt.time) -> dict[str, dt.datetime]:
    """{slot: due moment (aware, UTC)} in schedule order. Baseline is due at the block.

    A block stored at the calendar's edge (year 1 or 9999, before the API bounded dates)
    has no prompts: its schedule would fall outside the calendar (issue 24)."""
    try:
        return _due_times(slots, performed_at, zone, next_morning_time)
    except OverflowError:
        return {}


def _due_times(slots, performed_at: dt.datetime, zone: str, next_morning_time: dt.time) -> dict[str, dt.datetime]:
    performed_at = performed_at.astimezone(dt.UTC)
    due: dict[str, dt.datetime] = {}
    last_timed = performed_at
    for slot in slots:
        offset = slot_offset(slot)
        if offset is not None:
            due[slot] = performed_at + offset
            last_timed = max(last_timed, due[slot])
    tz = ZoneInfo(zone)
    ordered = {}
    for slot in slots:
        if slot == BASELINE:
            ordered[slot] = performed_at
        elif slot == NEXT_MORNING:
            local = last_timed.astimezone(tz)
            morning = dt.datetime.combine(local.date(), next_morning_time, tzinfo=tz)
            if morning <= local:
                morning = dt.datetime.combine(local.date() + dt.timedelta(days=1), next_morning_time, tzinfo=tz)
            ordered[slot] = morning.astimezone(dt.UTC)
        else:
            ordered[slot] = due[slot]
    return ordered
