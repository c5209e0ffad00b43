from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.clinicians.serializers import ExamSerializer
from api.fields import BoundedDateField, BoundedDateTimeField, RejectUnknownFieldsMixin, StrictCharField
from api.treatments.serializers import EventInputSerializer, LevelField, ProcedureInputSerializer
from diary.choices import ProcedurePurpose, ProcedureSide, RecordAction, RecordKind


def reason_field() -> StrictCharField:
    return StrictCharField(
        required=False, allow_blank=True, max_length=2000, help_text="Why, in a few words; shown to the patient"
    )


class ExamCorrectionSerializer(ExamSerializer):
    """Any of the exam's fields; at least one finding or a note must remain (checked on the record)."""

    reason = reason_field()

    def validate(self, attrs):
        return attrs


class ScheduleFieldsRefusedMixin:
    """Fields that drive reminders are refused with the reason and the way out, not as
    unknown: the record is withdrawn and made again (docs/api-extensions.md, Records)."""

    schedule_fields: dict = {}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {name: [message] for name, message in self.schedule_fields.items() if name in data}
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ProcedureCorrectionSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A procedure's moment moves only while its post-block diary has not begun (checked on
    the record); its kind and diary are not corrected: withdraw it and record it again."""

    levels = serializers.ListField(child=LevelField(), max_length=8)
    side = serializers.ChoiceField(choices=ProcedureSide.choices)
    purpose = serializers.ChoiceField(choices=ProcedurePurpose.choices)
    note = StrictCharField(allow_blank=True, max_length=2000)
    performed_at = BoundedDateTimeField(help_text="When the procedure was done (not in the future)")
    reason = reason_field()

    validate_levels = ProcedureInputSerializer.validate_levels


class EventCorrectionSerializer(EventInputSerializer):
    kind = None  # an event's kind is not corrected
    reason = reason_field()


class ProgrammeCorrectionSerializer(ScheduleFieldsRefusedMixin, RejectUnknownFieldsMixin, serializers.Serializer):
    """A programme's exercises and schedule drive its reminders and adherence figures."""

    schedule_fields = dict.fromkeys(
        ("exercises", "times", "weekdays", "start_date"),
        _(
            "The exercises and the schedule drive the reminders and the adherence figures: withdraw this "
            "programme and prescribe it again, or move an exercise on with progress."
        ),
    )
    title = StrictCharField(max_length=200)
    review_date = BoundedDateField(future=True, allow_null=True)
    reason = reason_field()


CORRECTIONS = {
    RecordKind.EXAM: ExamCorrectionSerializer,
    RecordKind.PROCEDURE: ProcedureCorrectionSerializer,
    RecordKind.EVENT: EventCorrectionSerializer,
    RecordKind.PROGRAMME: ProgrammeCorrectionSerializer,
}


class CorrectionResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    record_id = serializers.IntegerField()
    changed = serializers.ListField(
        child=serializers.CharField(), help_text="The fields the correction changed; empty: it changed nothing"
    )


class WithdrawSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reason = reason_field()


class RecordChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    record_id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=RecordAction.choices)
    by = serializers.EmailField(source="by_email", help_text="Kept after the account is deleted")
    by_role = serializers.CharField(help_text='"clinician" or "patient"')
    at = serializers.DateTimeField()
    fields = serializers.ListField(child=serializers.CharField(), help_text="A correction's changed fields")
    previous = serializers.DictField(help_text="A correction: the values those fields held before it")
    reason = serializers.CharField()
