import re

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.fields import (
    BoundedDateField,
    BoundedDateTimeField,
    RejectUnknownFieldsMixin,
    StrictCharField,
    StrictIntegerField,
)
from diary.choices import SessionOutcome
from diary.exercises.library import library

HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_TIMES = 6


class TimeListField(serializers.ListField):
    """Local times "HH:MM", each once, at most MAX_TIMES (the length is checked first)."""

    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(max_length=5), max_length=MAX_TIMES, **kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        wrong = [value for value in values if not HHMM.match(value)]
        if wrong:
            raise serializers.ValidationError(
                _("Times are HH:MM, 00:00 to 23:59; not {times}.").format(times=", ".join(wrong))
            )
        if len(set(values)) != len(values):
            raise serializers.ValidationError(_("Give each time once."))
        return values


class WeekdayListField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(child=StrictIntegerField(min_value=0, max_value=6), max_length=7, **kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if len(set(values)) != len(values):
            raise serializers.ValidationError(_("Give each weekday once."))
        return values


class ProgrammeExerciseInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = serializers.ChoiceField(choices=[])
    stage = StrictIntegerField(required=False, allow_null=True, min_value=1)
    sets = StrictIntegerField(required=False, min_value=0)
    repetitions = StrictIntegerField(required=False, min_value=0)
    hold_seconds = StrictIntegerField(required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = sorted(library())


class ProgrammeInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    title = StrictCharField(max_length=200)
    exercises = serializers.ListField(child=ProgrammeExerciseInSerializer(), min_length=1, max_length=20)
    times = TimeListField(min_length=1)
    weekdays = WeekdayListField(min_length=1)
    start_date = BoundedDateField(future=True)
    review_date = BoundedDateField(future=True, required=False, allow_null=True)


class DefaultProgrammeInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    times = TimeListField(required=False, min_length=1)
    weekdays = WeekdayListField(required=False, min_length=1)


class ProgressInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = StrictCharField(max_length=48, help_text="The exercise to move on to its next stage")


class SessionResultSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = StrictCharField(max_length=48)
    outcome = serializers.ChoiceField(choices=SessionOutcome.choices)
    pain = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=10,
        help_text="0-10, optional; asked when stopped for pain",
    )


class SessionInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    programme = StrictIntegerField(min_value=1)
    performed_at = BoundedDateTimeField()
    results = serializers.ListField(child=SessionResultSerializer(), min_length=1, max_length=20)


class QuestionnaireResponseInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A FHIR QuestionnaireResponse, reduced to what is scored."""

    resourceType = serializers.ChoiceField(choices=["QuestionnaireResponse"], required=False)  # noqa: N815 - FHIR's name
    questionnaire = StrictCharField(max_length=40, help_text="The instrument's code, e.g. `pgic`")
    status = serializers.ChoiceField(choices=["completed"], required=False)
    authored = BoundedDateTimeField()
    item = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=50)
