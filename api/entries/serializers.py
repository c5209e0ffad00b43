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
from diary.red_flags import entry_advice
from diary.services import entries
from diary.timezones import local_today


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


# Where an imported entry came from (docs/api-extensions.md, Imports). Built with type():
# one of its fields is called "import".
EntrySourceSerializer = type(
    "EntrySourceSerializer",
    (serializers.Serializer,),
    {
        "format": serializers.CharField(help_text="neckline_json, migraine_buddy_csv, apple_health or csv"),
        "import": serializers.UUIDField(help_text="The import that wrote it (GET /api/v1/imports/{id}/)"),
    },
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
    source = serializers.SerializerMethodField()

    # A client that echoes back what it read (the PWA does) sends these too.
    ECHOED_READ_ONLY = {"id", "created_at", "updated_at", "advice", "replaced_checkin", "source"}

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
        # The headache/check-in rules are the entry service's (entry_upsert re-checks them);
        # DRF gives its ValidationError the serializer's shape: the field and the reason.
        entries.entry_rules_check(attrs)
        return attrs

    @extend_schema_field(AdviceSerializer(allow_null=True))
    def get_advice(self, entry: Entry):
        return entry_advice(entry, patient=self.context.get("patient"))

    @extend_schema_field(EntrySourceSerializer(allow_null=True))
    def get_source(self, entry: Entry):
        # Set by the readers that look it up (api.entries.render, the save's statement, the
        # JSON export); null for an entry written in Neckline.
        return getattr(entry, "source", None)

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
