from django.conf import settings
from django.db import models


class PushSubscription(models.Model):
    """A browser's Web Push subscription, upserted on its endpoint."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=2048, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)


class ReminderSettings(models.Model):
    """When a patient wants reminders, in their own timezone."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    enabled = models.BooleanField(default=False)
    times = models.JSONField(default=list, blank=True)  # ["HH:MM", ...], local
    weekdays = models.JSONField(default=list, blank=True)  # 0 = Monday ... 6 = Sunday
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    diary_nudge_time = models.TimeField(null=True, blank=True)
    adaptive = models.BooleanField(default=False)
    # The next moment a reminder is due, in UTC; the dispatcher claims a row by
    # moving it forward with a conditional UPDATE, so no slot is sent twice.
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)


class ReminderDelivery(models.Model):
    """One reminder for one slot: unique per patient, kind and slot, so a second
    dispatcher or a redelivered task cannot send it again."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24)  # "posture", "adaptive", "diary_nudge", "notice"
    slot_at = models.DateTimeField()
    tip_code = models.CharField(max_length=48, blank=True, default="")
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-slot_at"]
        constraints = [models.UniqueConstraint(fields=["patient", "kind", "slot_at"], name="one_delivery_per_slot")]
