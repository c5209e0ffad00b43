from django.conf import settings
from django.db import models
from django.db.models import Q


class ShareCode(models.Model):
    """A one-time code a patient reads to a clinician. Only its digest is stored:
    the code itself is a credential."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_codes")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class Grant(models.Model):
    """A clinician's access to a patient's diary, until the patient revokes it."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_grants")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinician"], condition=Q(revoked_at__isnull=True), name="one_live_grant"
            )
        ]


class AccessLog(models.Model):
    """Who read a patient's diary, when, and what. Kept for the patient; the
    clinician's email is copied so the record outlives the clinician's account."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_logs")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clinician_email = models.EmailField()
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=32)  # "summary", "entries", "export_csv", ...
    # "clinician", or "admin" for a staff member in the Django admin.
    role = models.CharField(max_length=16, default="clinician")
    # For a write: the names of the fields it set or changed, never their values.
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["patient", "-at"], name="accesslog_patient_time")]
