from django.utils.translation import gettext as _
from rest_framework import serializers

from api.fields import BoundedDateField, RejectUnknownFieldsMixin, StrictCharField, StrictIntegerField
from api.screening.serializers import ReportSerializer
from diary.red_flags import URGENCY_ORDER
from diary.timezones import local_today


class LinkSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = StrictCharField(
        max_length=40,
        help_text='The code the patient reads out, e.g. "7KQ2-M9XD-4TPA"; case, spaces and dashes do not matter.',
    )


class LinkedPatientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    already_linked = serializers.BooleanField(
        read_only=True, required=False, help_text="True when the patient was already on your list"
    )
    detail = serializers.CharField(read_only=True, required=False, help_text="Says so, when already linked")


class PatientListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    headache_days_30 = serializers.IntegerField(help_text="Headache days in the last 30 days")
    logged_days_30 = serializers.IntegerField(help_text="Days with at least one entry in the last 30 days")
    observed_days_30 = serializers.IntegerField(
        help_text="Of the last 30 days, those from the patient's first logged day ever (docs/screening.md, Rates)"
    )
    headache_days_per_30 = serializers.FloatField(
        allow_null=True,
        help_text="headache_days_30 x 30 / observed_days_30, the one rate of the summary; "
        "null from fewer than 14 observed days",
    )
    completeness_30 = serializers.FloatField(help_text="logged_days_30 / observed_days_30")
    last_entry_date = serializers.DateField(allow_null=True)
    screening_level = serializers.CharField(allow_null=True, help_text="From the latest screening; null if none yet")
    screened_at = serializers.DateTimeField(allow_null=True)
    open_red_flags = serializers.IntegerField(
        help_text="Red flags no review covers yet (a clinician's, or the patient's report of a doctor's check)"
    )
    red_flags = serializers.ListField(child=serializers.CharField(), help_text="The codes of the open red flags")
    highest_urgency = serializers.ChoiceField(
        choices=list(URGENCY_ORDER), allow_null=True, help_text="Of the open red flags"
    )
    latest_flag_date = serializers.DateField(allow_null=True, help_text="The latest open red flag's date")


class SummaryWindowSerializer(serializers.Serializer):
    # "from" is a keyword, so the field is declared under another name and renamed.
    from_ = serializers.DateField()
    to = serializers.DateField()
    days = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class SummarySerializer(serializers.Serializer):
    """The shape of the pre-visit summary (documentation only: the selector builds it).
    Every rate is the screening engine's one rate over `observed_days` (docs/screening.md, Rates)."""

    window = SummaryWindowSerializer()
    overview = serializers.ListField(
        child=serializers.CharField(),
        help_text="A few sentences a clinician reads first, in clinical words: open red flags (date, entry time), "
        "headache days per 30 with a trend only where the period before is comparable, acute medication days "
        "against the overuse thresholds, the neck signals met with their counts, the level, the latest exam",
    )
    observed_days = serializers.IntegerField(
        help_text="Days from the later of the window's first day and the "
        "patient's first logged day ever: what rates are over"
    )
    diary_began = serializers.DateField(allow_null=True, help_text="The patient's first logged day ever")
    logged_days = serializers.IntegerField()
    completeness = serializers.FloatField(help_text="logged_days / observed_days")
    headache_days = serializers.IntegerField()
    headache_days_per_30 = serializers.FloatField(
        allow_null=True, help_text="The screening report's own figure; null from fewer than 14 observed days"
    )
    episodes = serializers.IntegerField()
    trend = serializers.JSONField(
        help_text="{previous: {from, to, days, observed_days, logged_days, headache_days, headache_days_per_30}, "
        "comparable, change_per_30 and direction (null unless comparable), reason (null, "
        '"diary_began_in_window" or "too_few_logged_days_before")}'
    )
    migraine_like_days = serializers.IntegerField(help_text="Days with an episode the engine tags migraine_like")
    severity = serializers.JSONField(help_text="{n, median, max} over episodes")
    side = serializers.DictField(child=serializers.IntegerField())
    onset_region = serializers.DictField(child=serializers.IntegerField())
    neck_trigger = serializers.DictField(child=serializers.IntegerField())
    posture = serializers.DictField(child=serializers.IntegerField())
    quality = serializers.DictField(child=serializers.IntegerField())
    symptoms = serializers.DictField(child=serializers.IntegerField(), help_text="Episodes with each symptom")
    acute_medication_days = serializers.DictField(
        child=serializers.IntegerField(), help_text="Days each medication kind was taken"
    )
    medication_overuse = serializers.JSONField(
        help_text="Each class against its ICHD-3 8.2 threshold per 30 days; `status` is the screening report's "
        'medication_overuse differential (null, "at_risk" or "met"), `suspected` whether there is one'
    )
    red_flags = serializers.ListField(
        child=serializers.JSONField(),
        help_text="The report's red flags, each with `entry_time` (HH:MM or null) and `reviewed` ({by, at, note} or "
        "null)",
    )
    reminder_adherence = serializers.JSONField(help_text="{delivered, done, rate}")
    screening = ReportSerializer(help_text="The report of screening.md over the same window, clinician wording")
    exams = serializers.ListField(child=serializers.JSONField())
    calendar = serializers.ListField(child=serializers.JSONField(), help_text="One item per day of the window")
    imported = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Entries of the window an import brought from another app, by format (neckline_json, "
        "migraine_buddy_csv, apple_health, csv); empty when none",
    )
    labels = serializers.JSONField(
        help_text="Clinical words for every code, by field (side, onset_region, quality, "
        "neck_trigger, posture, symptoms, medication, relief) and `screening`"
    )
    generated_at = serializers.DateTimeField()


class ExamSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = BoundedDateField()
    frt_left_deg = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=90,
        help_text="Flexion-Rotation Test range to the left, degrees",
    )
    frt_right_deg = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=90,
        help_text="Flexion-Rotation Test range to the right, degrees",
    )
    block_relief_percent = StrictIntegerField(
        required=False, allow_null=True, min_value=0, max_value=100, help_text="Pain relief after a diagnostic block"
    )
    note = StrictCharField(required=False, allow_blank=True, max_length=2000, default="")

    FINDINGS = ("frt_left_deg", "frt_right_deg", "block_relief_percent")

    def validate_date(self, value):
        # The examining clinician's today: the exam took place where they are.
        today = local_today(self.context["clinician"])
        if value > today:
            raise serializers.ValidationError(_("Cannot be in the future."))
        return value

    def validate(self, attrs):
        if all(attrs.get(name) is None for name in self.FINDINGS):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one finding: an FRT angle or the block relief.")]}
            )
        return attrs


class RedFlagReviewSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """docs/api.md: `{code, date, entry?, note?, covers_until?}`; the answer adds who and when."""

    id = serializers.IntegerField(read_only=True)
    code = StrictCharField(max_length=48, help_text="The red flag's code, as in the screening report")
    date = BoundedDateField(help_text="The flag's date, as in the screening report")
    entry = serializers.UUIDField(
        required=False,
        allow_null=True,
        source="entry_id",
        help_text="The entry that carries the flag; needed only when several entries "
        "of that day carry it, and never for a pattern- or profile-level flag",
    )
    note = StrictCharField(required=False, allow_blank=True, max_length=2000, default="")
    covers_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Later occurrences of the same code up to this day are reviewed by this review too "
        "(one known injury, many ticks); at most 365 days after the flag's date",
    )
    role = serializers.CharField(read_only=True, help_text='"clinician"')
    reviewed_by = serializers.EmailField(
        source="reviewed_by_email",
        read_only=True,
        allow_null=True,
        help_text="The reviewing clinician (kept after their account is deleted)",
    )
    reviewed_at = serializers.DateTimeField(read_only=True)
