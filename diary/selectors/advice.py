"""The red-flag advice a patient has not acknowledged yet (docs/api-extensions.md, Advice).

An entry counts while it was changed in the last ADVICE_DAYS days, carries advice
(diary.red_flags.entry_advice, the one source of the words), and was not
acknowledged after its last change. The app shows these first, on any device,
after every reload, until "I have read this".
"""

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone

from diary.models import Entry, User
from diary.red_flags import entry_advice, urgency_rank

# Long enough to outlast a phone left in a drawer over a holiday; advice older than
# this stays in the diary, the reports and the clinician's views, not on the Log screen.
ADVICE_DAYS = 30


def unacknowledged_advice(*, patient: User, now: dt.datetime | None = None) -> list[dict]:
    """[{entry, date, updated_at, urgency, codes, message, past, related}], most urgent first, then newest."""
    now = now or timezone.now()
    entries = (
        Entry.objects.filter(patient=patient, updated_at__gte=now - dt.timedelta(days=ADVICE_DAYS))
        .filter(Q(advice_seen__isnull=True) | Q(advice_seen__seen_at__lt=F("updated_at")))
        .order_by("-date", "-updated_at")
    )
    found = []
    for entry in entries:
        advice = entry_advice(entry, patient=patient)
        if advice:
            found.append({"entry": str(entry.pk), "date": entry.date, "updated_at": entry.updated_at, **advice})
    # sorted() is stable: within one urgency the newest day stays first.
    return sorted(found, key=lambda row: urgency_rank(row["urgency"]))
