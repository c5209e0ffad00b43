"""A red flag reviewed (docs/screening.md, Review): by a clinician, or the patient's
own report that a doctor has checked it.

The review names the flag as the report does: its code and date, and the entry
that carries it where there is one. The screening engine reads the reviews: a
reviewed flag stays listed with who reviewed it and when, and no longer makes
the level `urgent_review`. A clinician's review may cover later occurrences of
the same code up to `covers_until`; the patient's report carries the day of the
check (`checked_on`) and is shown to clinicians as the patient's report.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diary.choices import EntryRedFlag, Role
from diary.models import Entry, RedFlagReview, User
from diary.red_flags import URGENCY
from diary.screening.thresholds import current_thresholds
from diary.services.changes import Change, diary_changed
from diary.timezones import local_today


def _flagged_entry(*, patient: User, code: str, date: dt.date, entry_id) -> Entry:
    """The patient's entry on `date` that carries `code`: the one named, or the
    only one that day. Raises ValidationError by field."""
    if entry_id is not None:
        entry = Entry.objects.filter(patient=patient, pk=entry_id).first()
        if entry is None:
            raise ValidationError({"entry": [_("No entry with this id in the patient's diary.")]})
        if entry.date != date or code not in entry.red_flags:
            raise ValidationError(
                {"entry": [_("This entry does not carry that red flag on {date}.").format(date=date.isoformat())]}
            )
        return entry
    # A day holds a handful of entries: checked here, as SQLite has no JSON containment.
    found = [entry for entry in Entry.objects.filter(patient=patient, date=date) if code in entry.red_flags]
    if not found:
        raise ValidationError({"code": [_("No entry on {date} carries this red flag.").format(date=date.isoformat())]})
    if len(found) > 1:
        raise ValidationError({"entry": [_("Several entries that day carry this red flag: name the entry.")]})
    return found[0]


def _check_dates(
    *, clinician: User | None, date: dt.date, today: dt.date, covers_until: dt.date | None, checked_on: dt.date | None
) -> None:
    """The dates that come with a review, by field: a clinician's `covers_until`
    runs from the flag's day for a bounded time; the patient's `checked_on` lies
    between the flag's day and their today. Raises ValidationError."""
    if clinician is not None:
        if checked_on is not None:
            raise ValidationError({"checked_on": [_("Only the patient records the day a doctor checked a flag.")]})
        if covers_until is None:
            return
        longest = date + dt.timedelta(days=current_thresholds().review_covers_max_days)
        if covers_until < date:
            raise ValidationError({"covers_until": [_("Cannot be before the flag's date.")]})
        if covers_until > longest:
            raise ValidationError(
                {"covers_until": [_("Can cover at most until %(day)s.") % {"day": longest.isoformat()}]}
            )
        return
    if covers_until is not None:
        raise ValidationError({"covers_until": [_("Only a clinician's review can cover later occurrences.")]})
    if checked_on is None:
        raise ValidationError({"checked_on": [_("Give the day a doctor checked it.")]})
    if checked_on < date:
        raise ValidationError({"checked_on": [_("Cannot be before the flag's date.")]})
    if checked_on > today:
        raise ValidationError({"checked_on": [_("Cannot be after your today (%(day)s).") % {"day": today.isoformat()}]})


def red_flag_review_record(
    *,
    patient: User,
    clinician: User | None = None,
    code: str,
    date: dt.date,
    entry_id=None,
    note: str = "",
    covers_until: dt.date | None = None,
    checked_on: dt.date | None = None,
) -> tuple[RedFlagReview, bool]:
    """Mark the flag reviewed; (review, created). The caller checks the grant.

    `clinician` is the reviewing clinician; None when the patient records that a
    doctor has checked the flag (then `checked_on` is required). Marking the
    same flag again (a replayed request, or a second look) keeps one review per
    flag and reviewer role: it is the same row, with the latest note,
    `covers_until` or `checked_on` if one is given. Raises
    django.core.exceptions.ValidationError by field.
    """
    if code not in URGENCY:
        raise ValidationError({"code": [_("Not a red-flag code of docs/screening.md.")]})
    today = local_today(patient)
    if date > today:
        raise ValidationError(
            {"date": [_("Cannot be after the patient's today ({today}).").format(today=today.isoformat())]}
        )
    _check_dates(clinician=clinician, date=date, today=today, covers_until=covers_until, checked_on=checked_on)
    entry = None
    if code in EntryRedFlag.values:
        entry = _flagged_entry(patient=patient, code=code, date=date, entry_id=entry_id)
    elif entry_id is not None:
        raise ValidationError({"entry": [_("This red flag comes from the diary or the profile, not from an entry.")]})

    role = Role.PATIENT if clinician is None else Role.CLINICIAN
    reviewer = patient if clinician is None else clinician
    changes = {"note": note, "covers_until": covers_until, "checked_on": checked_on}
    with transaction.atomic():
        # One review per flag and role, even for two requests at once: they queue on the patient's row.
        User.objects.select_for_update().filter(pk=patient.pk).first()
        review = RedFlagReview.objects.filter(patient=patient, code=code, date=date, entry=entry, role=role).first()
        created = review is None
        if created:
            review = RedFlagReview.objects.create(
                patient=patient,
                code=code,
                date=date,
                entry=entry,
                role=role,
                reviewed_by=reviewer,
                reviewed_by_email=reviewer.email,
                reviewed_at=timezone.now(),
                **changes,
            )
        else:
            # A replay changes nothing; a second look with new words or dates replaces them.
            changed = [name for name, value in changes.items() if value and value != getattr(review, name)]
            for name in changed:
                setattr(review, name, changes[name])
            if changed:
                review.reviewed_by, review.reviewed_by_email, review.reviewed_at = (
                    reviewer,
                    reviewer.email,
                    timezone.now(),
                )
                review.save(update_fields=[*changed, "reviewed_by", "reviewed_by_email", "reviewed_at"])
        # A review changes the level as an entry does: re-screen (and store a snapshot).
        diary_changed(patient, Change.REVIEW)
    return review, created
