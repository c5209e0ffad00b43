import re

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.fields import (
    BoundedDateField,
    BoundedDateTimeField,
    RejectUnknownFieldsMixin,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)
from diary.choices import (
    Benefit,
    Concordance,
    NoBlockResult,
    NotComparable,
    ProcedureKind,
    ProcedurePurpose,
    ProcedureSide,
    PromptStatus,
    ReliefEndedBy,
    TreatmentKind,
)
from diary.treatments.config import treatment_settings

# A choice set named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] (config/settings.py).
EVENT_KINDS = [c for c in TreatmentKind.choices if c[0] != TreatmentKind.PROCEDURE]

# A cervical level or segment: "C2", "C2-C3", "C7-T1" (C0 = the occiput).
LEVEL = re.compile(r"^C[0-7](-(C[1-7]|T1))?$")


class LevelField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str) or not LEVEL.match(data):
            raise serializers.ValidationError(
                _("'{level}' is not a cervical level like C2 or C2-C3.").format(level=data)
            )
        return data


class ProcedureInputSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProcedureKind.choices)
    levels = serializers.ListField(
        child=LevelField(),
        max_length=8,
        required=False,
        default=list,
        help_text='Cervical levels, e.g. ["C2-C3"] ("C0" is the occiput)',
    )
    side = serializers.ChoiceField(choices=ProcedureSide.choices)
    performed_at = BoundedDateTimeField(help_text="When the procedure was done (not in the future)")
    purpose = serializers.ChoiceField(choices=ProcedurePurpose.choices)
    anaesthetic = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=32,
        help_text="A code of the anaesthetic table (GET .../procedures/ lists it)",
    )
    compares_with = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The first block of a comparative pair (this patient's)",
    )
    recorded_elsewhere = StrictBooleanField(
        required=False, default=False, help_text="A block done elsewhere: relief entered by hand, no diary"
    )
    entered_relief_percent = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=100,
        help_text="Only with recorded_elsewhere",
    )
    baseline_pain = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=10,
        help_text="Pain 0-10 just before the block, if asked in the clinic",
    )
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate_levels(self, value):
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise serializers.ValidationError(
                _("Lists each level once; repeated: {levels}.").format(levels=", ".join(repeated))
            )
        return value


class PromptSerializer(serializers.Serializer):
    slot = serializers.CharField(help_text='"baseline", "15m", "1h", ..., "next_morning"')
    due_at = serializers.DateTimeField()
    status = serializers.ChoiceField(
        choices=PromptStatus.choices,
        help_text="missing: came due and was not answered (never filled in)",
    )
    answered_at = serializers.DateTimeField(allow_null=True)
    pain = serializers.IntegerField(allow_null=True)
    movement_provokes = serializers.BooleanField(allow_null=True)
    relief_percent = serializers.IntegerField(allow_null=True)
    minutes_after = serializers.IntegerField(allow_null=True)


class BlockResultSerializer(serializers.Serializer):
    max_relief_percent = serializers.IntegerField()
    minutes_relief_50 = serializers.IntegerField(
        help_text="Minutes from the block to the last rating of the unbroken run of >= 50% relief"
    )
    relief_50_ended_by = serializers.ChoiceField(choices=ReliefEndedBy.choices)
    minutes_relief_80 = serializers.IntegerField()
    relief_80_ended_by = serializers.ChoiceField(choices=ReliefEndedBy.choices)
    concordance = serializers.ChoiceField(
        choices=Concordance.choices,
        allow_null=True,
        help_text="Does >= 80% relief last as long as the anaesthetic acts? null when relief never reached 80%",
    )
    positive = serializers.BooleanField(help_text=">= 80% relief, concordant: counts for the screening")


class PostBlockDiarySerializer(serializers.Serializer):
    prompts = PromptSerializer(many=True)
    answered = serializers.IntegerField()
    due = serializers.IntegerField(help_text="Timed prompts that came due")
    complete = serializers.BooleanField()
    open = serializers.BooleanField(help_text="Still taking answers")
    ended_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField()
    expected_minutes = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    baseline_pain = serializers.IntegerField(allow_null=True)
    result = BlockResultSerializer(allow_null=True)
    reason = serializers.ChoiceField(
        choices=NoBlockResult.choices,
        allow_null=True,
        help_text="Why there is no result",
    )


class ComparativeSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    both_relieved = serializers.BooleanField(allow_null=True)
    longer_acting_longer = serializers.BooleanField(allow_null=True)
    positive = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)


class ProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="A procedure kind code (see the request's `kind`)")
    kind_label = serializers.CharField()
    levels = serializers.ListField(child=serializers.CharField())
    side = serializers.CharField(help_text="left, right, both or midline")
    purpose = serializers.CharField(help_text="diagnostic or treatment")
    performed_at = serializers.DateTimeField()
    anaesthetic = serializers.CharField(allow_null=True)
    expected_minutes = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    compares_with = serializers.IntegerField(allow_null=True)
    recorded_elsewhere = serializers.BooleanField()
    entered_relief_percent = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()
    by_clinician = serializers.BooleanField()
    diary = PostBlockDiarySerializer(allow_null=True)
    comparative = ComparativeSerializer(allow_null=True)


class AnaestheticSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    expected_minutes = serializers.ListField(child=serializers.IntegerField())


def anaesthetic_table() -> list[dict]:
    return [{"code": code, **row} for code, row in sorted(treatment_settings().anaesthetics.items())]


class RatingInputSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    pain = StrictIntegerField(min_value=0, max_value=10, help_text="0 = none ... 10 = worst imaginable")
    movement_provokes = StrictBooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Does your usual neck movement bring the pain on? null: did not try / not sure",
    )
    answered_at = BoundedDateTimeField(
        required=False,
        help_text="When the patient answered (an answer sent later from offline keeps its real time); default: now",
    )


class RatingSerializer(serializers.Serializer):
    slot = serializers.CharField()
    pain = serializers.IntegerField()
    movement_provokes = serializers.BooleanField(allow_null=True)
    answered_at = serializers.DateTimeField()


class EventInputSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=EVENT_KINDS)
    at = BoundedDateTimeField(help_text="When it started (not in the future)")
    title = StrictCharField(max_length=200, help_text='A few words: "Amitriptyline 10 mg", "New desk setup"')
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=2000)
    ended_on = BoundedDateField(
        future=True, required=False, allow_null=True, default=None, help_text="The last day of a course, when known"
    )


class BeforeAfterWindowSerializer(serializers.Serializer):
    to = serializers.DateField()
    complete = serializers.BooleanField()
    observed_days = serializers.IntegerField()
    logged_days = serializers.IntegerField(help_text="Days with an entry: how much diary the figures rest on")
    headache_days = serializers.IntegerField()
    headache_days_per_30 = serializers.FloatField(allow_null=True)
    median_severity = serializers.FloatField(allow_null=True)
    acute_medication_days = serializers.IntegerField()
    acute_medication_days_per_30 = serializers.FloatField(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class ComparisonSerializer(serializers.Serializer):
    before = BeforeAfterWindowSerializer()
    after = BeforeAfterWindowSerializer()
    washout_days = serializers.ListField(child=serializers.IntegerField())
    enough_diary = serializers.BooleanField(help_text='false: "not enough diary" (see reasons)')
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=NotComparable.choices))
    change = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        allow_null=True,
        help_text="after minus before, only with enough diary on both sides",
    )


class BenefitSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Benefit.choices)
    lasted_days = serializers.IntegerField(allow_null=True)
    waning_since = serializers.DateField(allow_null=True)
    headache_days_per_30_now = serializers.FloatField(allow_null=True)


class TimelineEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text="procedure, physiotherapy, home_exercise, medication_started, "
        "medication_stopped, note (more kinds may be added)"
    )
    kind_label = serializers.CharField()
    at = serializers.DateTimeField()
    date = serializers.DateField(help_text="The local date the windows count from")
    ended_on = serializers.DateField(allow_null=True)
    title = serializers.CharField()
    note = serializers.CharField()
    by_clinician = serializers.BooleanField()
    recorded_by = serializers.EmailField(
        allow_null=True, help_text="Who recorded it (kept after their account is deleted); null for older events"
    )
    comparison = ComparisonSerializer()
    procedure = ProcedureSerializer(allow_null=True)
    benefit = BenefitSerializer(allow_null=True, help_text="Radiofrequency ablation: how long the benefit lasted")


class TimelineSerializer(serializers.Serializer):
    today = serializers.DateField()
    windows = serializers.DictField(child=serializers.IntegerField())
    events = TimelineEventSerializer(many=True)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    title = serializers.CharField()
    note = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    by_clinician = serializers.BooleanField()
