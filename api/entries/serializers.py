from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    BoundedDateField,
    RejectUnknownFieldsMixin,
    ShallowFieldCopiesMixin,
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictIntegerField,
    UniqueChoiceListField,
)
from diary.choices import (
    EntryRedFlag,
    MedicationKind,
    NeckTrigger,
    OnsetRegion,
    Posture,
    Quality,
    Relief,
    Side,
    Symptom,
)
from diary.models import Entry
from diary.red_flags import entry_advice, refused_on_checkin
from diary.timezones import local_today

# Fields that describe a headache; a headache-free check-in must leave them out.
HEADACHE_ONLY_FIELDS = [
    "started_at",
    "duration_minutes",
    "ongoing",
    "side",
    "onset_region",
    "severity",
    "quality",
    "neck_trigger",
    "posture",
    "worse_with_activity",
    "symptoms",
    "medications",
]


class MedicationSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    name = StrictCharField(max_length=100)
    kind = serializers.ChoiceField(choices=MedicationKind.choices)
    relief = serializers.ChoiceField(choices=Relief.choices, default=Relief.UNKNOWN)


class AdviceSerializer(serializers.Serializer):
    urgency = serializers.ChoiceField(choices=["emergency", "urgent", "soon"])
    codes = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()
    past = serializers.BooleanField(help_text="The entry is dated before yesterday: the advice says so")
    related = serializers.ListField(
        child=serializers.UUIDField(),
        help_text="Other entries that complete the flag with this one (the injury before today's dizziness)",
    )


def _optional(field_class, **kwargs):
    return field_class(required=False, allow_null=True, **kwargs)


class EntrySerializer(ShallowFieldCopiesMixin, RejectUnknownFieldsMixin, serializers.Serializer):
    """The body of PUT /api/v1/entries/{uuid}/ and the shape every entry is read in.

    Needs `patient` in its context: the date is checked against the patient's
    own local today, not the server's.
    """

    id = serializers.UUIDField(read_only=True)
    date = BoundedDateField()
    headache = StrictBooleanField(default=True)
    started_at = _optional(serializers.TimeField)
    duration_minutes = _optional(StrictIntegerField, min_value=1, max_value=10080)
    ongoing = _optional(StrictBooleanField)
    side = _optional(serializers.ChoiceField, choices=Side.choices)
    onset_region = _optional(serializers.ChoiceField, choices=OnsetRegion.choices)
    severity = _optional(StrictIntegerField, min_value=0, max_value=10)
    quality = _optional(serializers.ChoiceField, choices=Quality.choices)
    neck_trigger = _optional(serializers.ChoiceField, choices=NeckTrigger.choices)
    posture = _optional(serializers.ChoiceField, choices=Posture.choices)
    worse_with_activity = _optional(StrictBooleanField)
    # null (the default): not asked; [] "none of these" (docs/api.md version 3).
    symptoms = UniqueChoiceListField(choices=Symptom.choices, required=False, allow_null=True)
    medications = MedicationSerializer(many=True, required=False, max_length=10)
    red_flags = UniqueChoiceListField(choices=EntryRedFlag.choices, required=False)
    screen_hours = _optional(StrictFloatField, min_value=0, max_value=24)
    notes = StrictCharField(required=False, allow_blank=True, max_length=2000)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    advice = serializers.SerializerMethodField()

    # A client that echoes back what it read (the PWA does) sends these too.
    ECHOED_READ_ONLY = {"id", "created_at", "updated_at", "advice", "replaced_checkin"}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if key not in self.ECHOED_READ_ONLY}
        return super().to_internal_value(data)

    def validate_date(self, value):
        today = local_today(self.context["patient"])
        if value > today:
            raise serializers.ValidationError(
                _("Cannot be after today ({today}) where you are.").format(today=today.isoformat())
            )
        return value

    def validate(self, attrs):
        errors = {}
        if attrs.get("headache", True):
            for name, reason in (
                ("side", _("Required for a headache. Which side hurts?")),
                ("severity", _("Required for a headache. How bad is it, from 0 to 10?")),
            ):
                if attrs.get(name) is None:
                    errors[name] = [reason]
        else:
            for name in HEADACHE_ONLY_FIELDS:
                if attrs.get(name) not in (None, []):
                    errors[name] = [_("Only for a headache: leave it out of a headache-free check-in.")]
            # Signs that matter without a headache (vision loss...) may be logged on a check-in.
            if refused := refused_on_checkin(attrs.get("red_flags") or []):
                signs = "; ".join(f'"{EntryRedFlag(code).label}"' for code in refused)
                errors["red_flags"] = [
                    _("Only for a headache: {signs} cannot be logged on a headache-free day.").format(signs=signs)
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @extend_schema_field(AdviceSerializer(allow_null=True))
    def get_advice(self, entry: Entry):
        return entry_advice(entry, patient=self.context.get("patient"))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["medications"] = instance.medications  # already in their stored JSON shape
        return data


# Responses are rendered by api.entries.render (a dict per row); these describe them.


class EntrySavedSerializer(EntrySerializer):
    """The answer to a PUT: the entry, and the check-in it replaced (one state per day)."""

    replaced_checkin = serializers.UUIDField(
        read_only=True,
        allow_null=True,
        help_text="The id of the headache-free check-in of that day that this headache replaced (deleted), or null.",
    )


class EntryPageSerializer(serializers.Serializer):
    results = EntrySerializer(many=True, help_text="Newest first; whole days only.")
    next = serializers.CharField(
        allow_null=True,
        help_text="The path of the next (older) page, the same range with an earlier `to`; null on the last page.",
    )
