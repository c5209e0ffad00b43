"""Strict JSON field types: a health diary should not guess that "5" meant 5
or that "yes" meant true. Wrong types answer 400 with the field's name."""

import copy
import datetime as dt
import math

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# The bounds of every date the API accepts (issue 24): nothing a diary, a procedure or a
# programme can mean lies before 1900 or more than a year ahead, and a date near year 1 or
# 9999 overflows the window arithmetic of every view that reads it.
EARLIEST_DATE = dt.date(1900, 1, 1)
FUTURE_ALLOWED = dt.timedelta(days=366)
# The date is checked against today where the day starts first (UTC+14): the precise
# "not after your today" check, in the patient's own timezone, is the serializer's or service's.
AHEAD_OF_UTC = dt.timedelta(hours=14)
# Clocks of phones drift: a moment a few minutes ahead is "now", as in the services.
CLOCK_SKEW = dt.timedelta(minutes=5)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": _("Must be a whole number.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    default_error_messages = {"invalid": _("Must be a number.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)) or not math.isfinite(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": _("Must be true or false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": _("Must be text.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BoundedDateField(serializers.DateField):
    """A date from 1900 to today (`future=True`: to a year from today)."""

    default_error_messages = {
        "too_early": _("Is too far in the past: the earliest is {earliest}."),
        "too_late": _("Cannot be after {latest}."),
        "future": _("Cannot be in the future."),
    }

    def __init__(self, *, future: bool = False, **kwargs):
        self.future = future
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        today = (timezone.now() + AHEAD_OF_UTC).date()
        if value < EARLIEST_DATE:
            self.fail("too_early", earliest=EARLIEST_DATE.isoformat())
        if self.future and value > today + FUTURE_ALLOWED:
            self.fail("too_late", latest=(today + FUTURE_ALLOWED).isoformat())
        if not self.future and value > today:
            self.fail("future")
        return value


class BoundedDateTimeField(serializers.DateTimeField):
    """A moment from 1900 to now (`future=True`: to a year from now)."""

    default_error_messages = BoundedDateField.default_error_messages

    def __init__(self, *, future: bool = False, **kwargs):
        self.future = future
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        now = timezone.now()
        if value.date() < EARLIEST_DATE:
            self.fail("too_early", earliest=EARLIEST_DATE.isoformat())
        if self.future and value > now + FUTURE_ALLOWED:
            self.fail("too_late", latest=(now + FUTURE_ALLOWED).date().isoformat())
        if not self.future and value > now + CLOCK_SKEW:
            self.fail("future")
        return value


class BoundedListField(serializers.ListField):
    """A list whose length is checked before any item is: a list of 20,000 items must
    cost one comparison, not 20,000 child validations. `unique` refuses repeats in
    one linear pass (items are hashable: codes, times, numbers)."""

    default_error_messages = {
        "max_length": _("At most {max_length} items."),
        "repeated": _("Lists each item at most once; repeated: {items}."),
    }

    def __init__(self, *, unique: bool = False, **kwargs):
        if kwargs.get("max_length") is None:
            raise TypeError("a list field needs a max_length")
        self.unique = unique
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        values = super().to_internal_value(data)
        if self.unique:
            seen, repeated = set(), set()
            for value in values:
                (repeated if value in seen else seen).add(value)
            if repeated:
                self.fail("repeated", items=", ".join(sorted(str(value) for value in repeated)))
        return values


class UniqueChoiceListField(BoundedListField):
    """A list of codes from a fixed set, each at most once."""

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("child", serializers.ChoiceField(choices=choices))
        kwargs.setdefault("max_length", len(choices))
        super().__init__(unique=True, **kwargs)


class RejectUnknownFieldsMixin:
    """Answer 400 for fields the endpoint does not know or that cannot be written,
    instead of silently dropping them: a misspelt `sevrity` must not lose the
    patient's answer, and a `role` sent to /me/ must not look accepted."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            errors = {
                name: [_("Cannot be changed.")] if name in self.fields else [_("Unknown field.")]
                for name in sorted(set(data) - writable)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ShallowFieldCopiesMixin:
    """DRF gives each serializer instance its own copy of every declared field by running
    each field's __init__ again (Field.__deepcopy__): for an entry's 21 fields that is
    0.34 ms of the 0.42 ms a validation costs, on every save (bench/entries_put.py).
    What a plain field holds after __init__ (choices, validators, messages) is only read,
    and bind() sets the field's name and parent on the copy alone, so a shallow copy
    serves. A list field's child stays shared, bound to no serializer: its checks read
    only its own choices and limits. Nested serializers, which build fields of their
    own, are still copied DRF's way."""

    def get_fields(self):
        return {
            name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }
