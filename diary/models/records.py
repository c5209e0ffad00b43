"""The history of what clinicians recorded about a patient (issue 24).

A clinician corrects or withdraws an exam, a procedure, a timeline event or a
programme they recorded; the patient hides a clinician's record from their own
views. Nothing is deleted: each change is a `RecordChange` row, with the values
the record held before it, so both sides can see what was there and who changed it.
"""

from django.conf import settings
from django.db import models

from diary.choices import RecordAction, RecordKind


class RecordChange(models.Model):
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="record_changes")
    kind = models.CharField(max_length=16, choices=RecordKind.choices)
    record_id = models.BigIntegerField()
    action = models.CharField(max_length=16, choices=RecordAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Copied, so the history keeps who made the change after their account is deleted.
    by_email = models.EmailField()
    by_role = models.CharField(max_length=16)
    at = models.DateTimeField(auto_now_add=True)
    # A correction: the names of the fields it changed and the values they held before.
    fields = models.JSONField(default=list, blank=True)
    previous = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["patient", "-at"], name="recordchange_patient_time")]
