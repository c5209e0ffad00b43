"""Strict JSON field types: a health diary should not guess that "5" meant 5
or that "yes" meant true. Wrong types answer 400 with the field's name."""

import math

from rest_framework import serializers


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    default_error_messages = {"invalid": "Must be a number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)) or not math.isfinite(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Must be text."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class UniqueChoiceListField(serializers.ListField):
    """A list of codes from a fixed set, each at most once."""

    default_error_messages = {"repeated": "Lists each item at most once; repeated: {items}."}

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("child", serializers.ChoiceField(choices=choices))
        kwargs.setdefault("max_length", len(choices))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            self.fail("repeated", items=", ".join(repeated))
        return values


class RejectUnknownFieldsMixin:
    """Answer 400 for fields the endpoint does not know or that cannot be written,
    instead of silently dropping them: a misspelt `sevrity` must not lose the
    patient's answer, and a `role` sent to /me/ must not look accepted."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            errors = {
                name: ["Cannot be changed."] if name in self.fields else ["Unknown field."]
                for name in sorted(set(data) - writable)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
