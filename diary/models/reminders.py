from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from diary.choices import ReminderKind

# The kinds written in advance (diary.reminders.one_off) and sent by the dispatcher when due.
SCHEDULED_KINDS = (ReminderKind.BLOCK_PROMPT, ReminderKind.EXERCISE_SESSION, ReminderKind.QUESTIONNAIRE)
# The kinds ReminderSettings produce at the moment they fall due.
SETTINGS_KINDS = (ReminderKind.POSTURE, ReminderKind.ADAPTIVE, ReminderKind.DIARY_NUDGE)


class PushSubscription(models.Model):
    """A browser's Web Push subscription, upserted on (account, endpoint): another
    account that learns an endpoint URL gets a row of its own, never the owner's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=2048)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "endpoint"], name="one_subscription_per_account")]


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
    # The local time of the adaptive reminder, recomputed when the diary changes;
    # NULL while the patient's mechanical episodes show no cluster.
    adaptive_time = models.TimeField(null=True, blank=True)
    # The next moment a reminder is due, in UTC; the dispatcher claims a row by
    # moving it forward with a conditional UPDATE, so no slot is sent twice.
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The timezone next_due_at was computed in: when the patient's differs, the
    # dispatcher recomputes, however the timezone was changed.
    zone = models.CharField(max_length=64, blank=True, default="")


class ReminderDelivery(models.Model):
    """One reminder for one slot: unique per patient, kind and slot, so a second
    dispatcher or a redelivered task cannot send it again."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    slot_at = models.DateTimeField()
    tip_code = models.CharField(max_length=48, blank=True, default="")
    title = models.CharField(max_length=200)
    body = models.TextField()
    # Where the notification opens in the app ("/#/log?prompt=12"); blank: the inbox.
    url = models.CharField(max_length=500, blank=True, default="")
    # A scheduled delivery falling in the patient's quiet hours is kept in the inbox, not pushed.
    respect_quiet_hours = models.BooleanField(default=True)
    # The dispatch pass's clock (not auto_now_add), so `dispatch_reminders --at` and
    # the retry window agree on one time line.
    created_at = models.DateTimeField(default=timezone.now)
    # The sender that claimed this row owns it until then; a later pass retries
    # an unsent row whose lease ran out (its worker died) while still within grace.
    # NULL only on a scheduled delivery no dispatcher has claimed yet.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when there was nowhere to send it (no subscription, or all gone).
    failed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-slot_at"]
        constraints = [models.UniqueConstraint(fields=["patient", "kind", "slot_at"], name="one_delivery_per_slot")]
        indexes = [
            models.Index(fields=["patient", "-slot_at"], name="delivery_inbox"),
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True, failed_at__isnull=True), name="delivery_unsent"
            ),
            # Scheduled deliveries waiting for their slot: the dispatcher reads only the due ones.
            models.Index(
                fields=["slot_at"],
                condition=Q(claimed_until__isnull=True, sent_at__isnull=True, failed_at__isnull=True),
                name="delivery_scheduled",
            ),
        ]
