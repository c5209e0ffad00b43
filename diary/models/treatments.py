"""The treatment timeline: one event model for everything that may change the diary,
a procedure's details beside its event, and the post-block diary's ratings.

A new kind of event (e.g. an exercise programme) is a new `TreatmentKind` value,
not a new table: everything the timeline and the before/after comparison need is
on `TreatmentEvent`. Only procedures carry enough of their own to need a table.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from diary.choices import ProcedureKind, ProcedurePurpose, ProcedureSide, TreatmentKind


class TreatmentEvent(models.Model):
    """One thing on the timeline, at a moment (a course may also have an end)."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="treatment_events")
    kind = models.CharField(max_length=32, choices=TreatmentKind.choices)
    # When it happened or began; the before/after windows are counted from its
    # local date in the patient's timezone.
    at = models.DateTimeField()
    ended_on = models.DateField(null=True, blank=True)  # the last day of a course, when known
    # A short label: "Amitriptyline 10 mg", "New desk setup", the procedure's name.
    title = models.CharField(max_length=200, blank=True, default="")
    note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied from recorded_by's role and email, so they survive the recorder's account.
    by_clinician = models.BooleanField(default=False)
    recorded_by_email = models.EmailField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn by the clinician who recorded it: out of every view, kept with its history.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Hidden by the patient from their own views; the clinician's copy is untouched.
    hidden_by_patient_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["patient", "at"], name="treatment_patient_at")]


class Procedure(models.Model):
    """A procedure's own details; its moment, patient and recorder are on its event."""

    event = models.OneToOneField(TreatmentEvent, on_delete=models.CASCADE, primary_key=True, related_name="procedure")
    kind = models.CharField(max_length=40, choices=ProcedureKind.choices)
    levels = models.JSONField(default=list, blank=True)  # e.g. ["C2-C3"]: api/treatments/serializers.py's LevelField
    side = models.CharField(max_length=8, choices=ProcedureSide.choices)
    purpose = models.CharField(max_length=16, choices=ProcedurePurpose.choices)
    # A code from settings.NECKLINE_TREATMENTS["anaesthetics"]; its expected duration
    # is copied here so a later change of the table does not rewrite this block's result.
    anaesthetic = models.CharField(max_length=32, blank=True, default="")
    expected_min_minutes = models.PositiveIntegerField(null=True, blank=True)
    expected_max_minutes = models.PositiveIntegerField(null=True, blank=True)
    # The second block of a comparative pair points to the first.
    compares_with = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="compared_by"
    )
    # A block done elsewhere, its relief entered by hand (no post-block diary).
    recorded_elsewhere = models.BooleanField(default=False)
    entered_relief_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # The post-block diary: the prompt schedule chosen when the block was recorded
    # (slot codes, see diary.treatments.prompt_times), and when the patient ended it early.
    diary_slots = models.JSONField(default=list, blank=True)
    diary_ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_relief_percent__isnull=True) | Q(entered_relief_percent__lte=100),
                name="procedure_relief_percent_range",
            )
        ]

    @property
    def has_diary(self) -> bool:
        return bool(self.diary_slots) and not self.recorded_elsewhere


class PostBlockRating(models.Model):
    """One answer of the post-block diary: pain 0-10 and whether the usual neck
    movement still brings the pain on, for one prompt of the schedule.

    Unique per procedure and slot: an answer sent again (offline replay, a retry)
    updates the same row instead of adding one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="ratings")
    slot = models.CharField(max_length=16)  # "baseline", "15m", "1h", "next_morning", ...
    # When the patient actually answered (a late answer keeps its real time).
    answered_at = models.DateTimeField()
    pain = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    # None when the patient did not try or is not sure.
    movement_provokes = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "slot"], name="one_rating_per_slot"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="rating_pain_range"),
        ]
