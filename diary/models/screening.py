from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from diary.choices import Role


class ExamRecord(models.Model):
    """Findings a clinician entered after examining the patient; they feed the
    `clinical_exam` screening signal (Flexion-Rotation Test, diagnostic block)."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_records")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied from the clinician, so the record keeps its author after their account is deleted.
    clinician_email = models.EmailField(blank=True, default="")
    date = models.DateField()
    # Rotation in flexion; about 44 degrees each way is normal, 90 is beyond any neck.
    frt_left_deg = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(90)])
    frt_right_deg = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(90)])
    block_relief_percent = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn by its clinician: out of every clinical view, kept with its history.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Hidden by the patient from their own views; the clinicians' views keep it.
    hidden_by_patient_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]


class ScreeningSnapshot(models.Model):
    """A stored screening report, so the history of the level can be shown."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="snapshots")
    screened_at = models.DateTimeField()
    # The patient's diary_changed_at that this report was computed from, and the
    # last day of its window: unique together, so a repeated or duplicate task
    # cannot store the same snapshot twice.
    diary_version = models.DateTimeField()
    window_to = models.DateField()
    # The last day a recompute found this same outcome for this same version:
    # the nightly pass proves from here that nothing moved (diary.screening.skip).
    confirmed_to = models.DateField(null=True, blank=True)
    level = models.CharField(max_length=24)
    mixed = models.BooleanField(default=False)
    red_flag_codes = models.JSONField(default=list, blank=True)
    report = models.JSONField()

    class Meta:
        ordering = ["-screened_at"]
        indexes = [models.Index(fields=["patient", "-screened_at"], name="snapshot_patient_time")]
        constraints = [
            models.UniqueConstraint(fields=["patient", "diary_version", "window_to"], name="one_snapshot_per_version")
        ]


class Notice(models.Model):
    """Something the patient should see once: a screening level that rose, a red flag."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=24)  # "level_rise" or "red_flag"
    code = models.CharField(max_length=48)
    # Unique per patient, so a repeated task cannot record the same notice twice.
    dedupe_key = models.CharField(max_length=128)
    title = models.CharField(max_length=200)
    body = models.TextField()
    for_clinicians = models.BooleanField(default=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["patient", "dedupe_key"], name="notice_once")]


class RedFlagReview(models.Model):
    """A review of one red flag (docs/screening.md, Review): a clinician's, or the
    patient's own report that a doctor has checked it (`role` "patient", with the
    day of the check). Every clinician view shows the latter as the patient's
    report, never as a clinician's review."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flag_reviews")
    code = models.CharField(max_length=48)
    date = models.DateField()
    entry = models.ForeignKey("diary.Entry", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Copied, so the review keeps its author after their account is deleted.
    reviewed_by_email = models.EmailField(blank=True, default="")
    reviewed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, default="")
    # Who recorded it: "clinician", or "patient" for "a doctor has checked this".
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLINICIAN)
    # A clinician's review may cover later occurrences of the same code up to this day.
    covers_until = models.DateField(null=True, blank=True)
    # The patient's report: the day a doctor checked the flag.
    checked_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_at"]
        indexes = [models.Index(fields=["patient", "code", "date"], name="red_flag_review_lookup")]


class ScreeningDue(models.Model):
    """A patient whose diary changed, to be re-screened at `due_at` (issue 27).

    The coalescing window: the first change inserts the row (the entry save inside its own
    statement), later changes find it there and add nothing, and the sweeper
    (diary.tasks.screening.sweep_due_screenings) takes every row whose time has come, in
    the same transaction as it sends their screening, so each window is screened once."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    due_at = models.DateTimeField(db_index=True)
