"""A clinician marks a red flag reviewed (docs/screening.md, Review).

The review names the flag as the report does: its code and date, and the entry
that carries it where there is one. The screening engine reads the reviews: a
reviewed flag stays listed with who reviewed it and when, and no longer makes
the level `urgent_review`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from diary.choices import EntryRedFlag
from diary.models import Entry, RedFlagReview, User
from diary.red_flags import URGENCY
from diary.services.entries import diary_change_listeners
from diary.timezones import local_today


def _flagged_entry(*, patient: User, code: str, date: dt.date, entry_id) -> Entry:
    """The patient's entry on `date` that carries `code`: the one named, or the
    only one that day. Raises ValidationError by field."""
    if entry_id is not None:
        entry = Entry.objects.filter(patient=patient, pk=entry_id).first()
        if entry is None:
            raise ValidationError({"entry": ["No entry with this id in the patient's diary."]})
        if entry.date != date or code not in entry.red_flags:
            raise ValidationError({"entry": [f"This entry does not carry that red flag on {date.isoformat()}."]})
        return entry
    # A day holds a handful of entries: checked here, as SQLite has no JSON containment.
    found = [entry for entry in Entry.objects.filter(patient=patient, date=date) if code in entry.red_flags]
    if not found:
        raise ValidationError({"code": [f"No entry on {date.isoformat()} carries this red flag."]})
    if len(found) > 1:
        raise ValidationError({"entry": ["Several entries that day carry this red flag: name the entry."]})
    return found[0]


def red_flag_review_record(
    *, patient: User, clinician: User, code: str, date: dt.date, entry_id=None, note: str = ""
) -> tuple[RedFlagReview, bool]:
    """Mark the flag reviewed; (review, created). The caller checks the grant.

    Marking the same flag again (a replayed request, or a second look) keeps
    one review per flag: it is the same row, with the latest note if one is
    given. Raises django.core.exceptions.ValidationError by field.
    """
    if code not in URGENCY:
        raise ValidationError({"code": ["Not a red-flag code of docs/screening.md."]})
    today = local_today(patient)
    if date > today:
        raise ValidationError({"date": [f"Cannot be after the patient's today ({today.isoformat()})."]})
    entry = None
    if code in EntryRedFlag.values:
        entry = _flagged_entry(patient=patient, code=code, date=date, entry_id=entry_id)
    elif entry_id is not None:
        raise ValidationError({"entry": ["This red flag comes from the diary or the profile, not from an entry."]})

    with transaction.atomic():
        # One review per flag, even for two requests at once: they queue on the patient's row.
        User.objects.select_for_update().filter(pk=patient.pk).first()
        review = RedFlagReview.objects.filter(patient=patient, code=code, date=date, entry=entry).first()
        created = review is None
        if created:
            review = RedFlagReview.objects.create(
                patient=patient,
                code=code,
                date=date,
                entry=entry,
                reviewed_by=clinician,
                note=note,
                reviewed_at=timezone.now(),
            )
        elif note and note != review.note:
            review.note, review.reviewed_by, review.reviewed_at = note, clinician, timezone.now()
            review.save(update_fields=["note", "reviewed_by", "reviewed_at"])
        # A review changes the level as an entry does: re-screen (and store a snapshot).
        User.objects.filter(pk=patient.pk).update(diary_changed_at=timezone.now())
        for listener in diary_change_listeners:
            transaction.on_commit(lambda listener=listener: listener(patient.pk), robust=True)
    return review, created
