from django.conf import settings
from django.db import models

from diary.choices import NeckTrigger, OnsetRegion, Posture, Quality, Side


class Entry(models.Model):
    """One diary entry: a headache episode, or a headache-free check-in.

    The id is a UUID made by the client, so an entry written offline and
    replayed any number of times is stored once. Optional answers are NULL
    when the patient did not give them ("unknown" is not "no").
    """

    id = models.UUIDField(primary_key=True)
    # No index of its own: entry_patient_date leads with the patient and serves every
    # read by patient; a second one let the planner read whole diaries through it (issue 27).
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    date = models.DateField()
    headache = models.BooleanField(default=True)
    started_at = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    ongoing = models.BooleanField(null=True, blank=True)
    side = models.CharField(max_length=8, choices=Side.choices, null=True, blank=True)
    onset_region = models.CharField(max_length=16, choices=OnsetRegion.choices, null=True, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    quality = models.CharField(max_length=16, choices=Quality.choices, null=True, blank=True)
    neck_trigger = models.CharField(max_length=24, choices=NeckTrigger.choices, null=True, blank=True)
    posture = models.CharField(max_length=24, choices=Posture.choices, null=True, blank=True)
    worse_with_activity = models.BooleanField(null=True, blank=True)
    # Lists of codes from diary.choices; medications are [{name, kind, relief}].
    # NULL: not asked (the API default, a quick log); a list, even empty, is an
    # answer (docs/screening.md version 3, Answered). Rows from before keep their lists.
    symptoms = models.JSONField(null=True, blank=True, default=None)
    medications = models.JSONField(default=list, blank=True)
    red_flags = models.JSONField(default=list, blank=True)
    screen_hours = models.FloatField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # One state per day (docs/api.md): at most one headache-free check-in per
    # patient and day, and on PostgreSQL never a check-in beside a headache entry
    # (an exclusion constraint made in migration 0002_entries; on SQLite, whose
    # writers take turns, the service's own check suffices).
    ONE_CHECKIN_PER_DAY = "entry_one_checkin_per_day"
    ONE_STATE_PER_DAY = "entry_one_state_per_day"

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-date", "-started_at", "-created_at"]
        indexes = [models.Index(fields=["patient", "-date"], name="entry_patient_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "date"], condition=models.Q(headache=False), name="entry_one_checkin_per_day"
            ),
        ]

    def __str__(self) -> str:
        kind = "headache" if self.headache else "headache-free"
        return f"{self.date} {kind}"


# The entry's fields, declared once by the model above: the patient's answers (what a PUT
# replaces; the rest are the id, owner, day and timestamps), and the fields a reader gets
# back, in the model's order. The entry service, the API's renderers and the CSV derive from
# them; the serializer and the docs are checked against them (tests/api/test_entry_fields.py).
ENTRY_ANSWERS = tuple(
    field.name
    for field in Entry._meta.concrete_fields
    if field.name not in {"id", "patient", "date", "created_at", "updated_at"}
)
ENTRY_READ_FIELDS = ("id", "date", *ENTRY_ANSWERS, "created_at", "updated_at")


class AdviceSeen(models.Model):
    """When the patient last tapped "I have read this" on an entry's red-flag advice.

    Kept beside the entry rather than on it, so the save paths of Entry stay as
    they are. The advice counts as acknowledged only while `seen_at` is not older
    than the entry's `updated_at`: a changed entry's new advice shows again.
    """

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, primary_key=True, related_name="advice_seen")
    seen_at = models.DateTimeField()
