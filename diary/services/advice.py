"""The patient acknowledges an entry's red-flag advice ("I have read this")."""

import datetime as dt
import uuid

from django.utils import timezone

from diary.models import AdviceSeen, Entry, User


def advice_seen_record(*, patient: User, entry_id: uuid.UUID, now: dt.datetime | None = None) -> AdviceSeen | None:
    """Mark the advice of the patient's entry read; None when the patient has no such entry.

    Idempotent: a replayed tap moves `seen_at` forward and stores one row. The
    time is the server's, so a later change of the entry (updated_at) brings the
    advice back."""
    entry = Entry.objects.filter(patient=patient, pk=entry_id).first()
    if entry is None:
        return None
    seen, _ = AdviceSeen.objects.update_or_create(entry=entry, defaults={"seen_at": now or timezone.now()})
    return seen
