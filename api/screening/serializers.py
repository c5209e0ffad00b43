"""The screening report (screening.md) as OpenAPI sees it, and the query it takes."""

from rest_framework import serializers

from api.fields import RejectUnknownFieldsMixin, StrictCharField
from diary.choices import Role, Side
from diary.red_flags import URGENCY, URGENCY_ORDER
from diary.screening.engine import LEVELS, REASONS
from diary.screening.episodes import UNILATERAL_SIDES
from diary.screening.rules import (
    CAP_CODES,
    CAP_EFFECTS,
    DIFFERENTIAL_BANDS,
    DIFFERENTIAL_CODES,
    DIFFERENTIAL_STATUSES,
    EXAM_SOURCES,
    SIGNAL_CODES,
)
from diary.screening.thresholds import WINDOW_DEFAULT_DAYS, WINDOW_MAX_DAYS, WINDOW_MIN_DAYS

EVIDENCE_HELP = "Ids of the entries behind it (for clinical_exam, of the clinician's exam records)."


class PatternsQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(
        min_value=WINDOW_MIN_DAYS,
        max_value=WINDOW_MAX_DAYS,
        default=WINDOW_DEFAULT_DAYS,
        help_text="Length of the window, ending on your local today",
    )


class WindowSerializer(serializers.Serializer):
    # "from" is a Python keyword: the field is named in the constructor instead.
    to = serializers.DateField()
    days = serializers.IntegerField()
    observed_days = serializers.IntegerField(
        help_text="Days the rates are over: from the later of the window's first day and your first logged day"
    )
    logged_days = serializers.IntegerField()
    headache_days = serializers.IntegerField()
    headache_days_per_30 = serializers.FloatField(help_text="headache_days x 30 / observed_days")
    episodes = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}


class SignalSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=SIGNAL_CODES)
    met = serializers.BooleanField()
    value = serializers.FloatField(allow_null=True, help_text="The share the rule measured")
    threshold = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(
        help_text="Episodes that answered its question: the share is over these "
        "(for clinical_exam, exam records and blocks)"
    )
    unanswered = serializers.IntegerField(help_text="Episodes that left its question open (or answered not sure)")
    count = serializers.IntegerField(help_text="Episodes (or exam records and blocks) that show it")
    source = serializers.ChoiceField(
        choices=EXAM_SOURCES,
        allow_null=True,
        required=False,
        help_text="clinical_exam only: what made it positive",
    )
    side = serializers.ChoiceField(
        choices=[side for side in Side.values if side in UNILATERAL_SIDES],
        allow_null=True,
        required=False,
        help_text="side_locked only: the dominant side",
    )
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class CapSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=CAP_CODES)
    applied = serializers.BooleanField()
    effect = serializers.ChoiceField(choices=CAP_EFFECTS)
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class DifferentialSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=DIFFERENTIAL_CODES)
    status = serializers.ChoiceField(
        choices=DIFFERENTIAL_STATUSES, help_text="possible: cluster from autonomic episodes alone"
    )
    band = serializers.ChoiceField(
        choices=DIFFERENTIAL_BANDS,
        required=False,
        help_text="tension_type (infrequent, frequent, chronic) and post_traumatic (acute, persistent) only",
    )
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


# Who recorded a review: a clinician, or the patient reporting a doctor's check.
REVIEWER_ROLES = (Role.CLINICIAN.value, Role.PATIENT.value)


class ReviewSerializer(serializers.Serializer):
    by = serializers.CharField(help_text="The reviewing clinician, or the patient")
    role = serializers.ChoiceField(
        choices=list(REVIEWER_ROLES), help_text="patient: the patient's report that a doctor has checked it"
    )
    at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)
    checked_on = serializers.DateField(
        required=False, allow_null=True, help_text="A patient's report only: the day a doctor checked it"
    )


class NotEvaluableSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A cap or differential defined by a share that could not be evaluated")
    questions = serializers.ListField(
        child=serializers.CharField(), help_text="The entry fields to answer (e.g. symptoms, quality)"
    )


class RedFlagSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=sorted(URGENCY))
    urgency = serializers.ChoiceField(choices=list(URGENCY_ORDER))
    date = serializers.DateField()
    entry = serializers.CharField(
        allow_null=True, help_text="The entry that carries it; null for a diary- or profile-level flag"
    )
    past = serializers.BooleanField(help_text="Logged for a day before yesterday")
    reviewed = ReviewSerializer(
        allow_null=True, help_text="A clinician's review; a reviewed flag no longer makes the level urgent_review"
    )
    related = serializers.ListField(
        child=serializers.CharField(),
        help_text="after_injury_or_manipulation: the other entries whose symptoms made it an emergency",
    )
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class ReportSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVELS)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=REASONS), help_text="Every reason behind insufficient_data"
    )
    mixed = serializers.BooleanField(help_text="A neck component beside another headache type")
    window = WindowSerializer()
    signals = SignalSerializer(many=True)
    mixed_signals = SignalSerializer(
        many=True,
        help_text="When mixed: the signals over the mechanically "
        "triggered episodes alone, which the possible level rests on",
    )
    caps = CapSerializer(many=True)
    differentials = DifferentialSerializer(many=True)
    not_evaluable = NotEvaluableSerializer(
        many=True, help_text="Shares left unnamed: their tag was evaluable for fewer than half of the episodes"
    )
    red_flags = RedFlagSerializer(many=True)
    doctor_only = serializers.BooleanField(
        help_text="A doctor, not a physiotherapist, should look at this pattern (docs/screening.md, Wording): "
        "the rule the summary follows"
    )
    summary = serializers.CharField(help_text="Plain language for the patient, or terse for a clinician")


class DoctorCheckSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """docs/api.md: `{code, date, entry?, checked_on, note?}`: a doctor has checked this flag."""

    id = serializers.IntegerField(read_only=True)
    code = StrictCharField(max_length=48, help_text="The red flag's code, as in your report")
    date = serializers.DateField(help_text="The flag's date, as in your report")
    entry = serializers.UUIDField(
        required=False,
        allow_null=True,
        source="entry_id",
        help_text="The entry that carries the flag; needed only when several entries of that day carry it",
    )
    checked_on = serializers.DateField(help_text="The day a doctor checked it: from the flag's date to your today")
    note = StrictCharField(required=False, allow_blank=True, max_length=2000, default="")
    role = serializers.CharField(read_only=True, help_text='"patient": shown to clinicians as your report')
    reviewed_at = serializers.DateTimeField(read_only=True)
