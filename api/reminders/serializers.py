import re

from cryptography.hazmat.primitives.asymmetric import ec
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    BoundedListField,
    RejectUnknownFieldsMixin,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)
from config.vapid import b64url_decode
from diary.models import ReminderDelivery, ReminderSettings
from diary.services.reminders import push_endpoint_allowed

HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_TIMES = 12


class PushKeySerializer(serializers.Serializer):
    public_key = serializers.CharField(help_text="The VAPID application server key, base64url")


def _base64url(value: str, length: int, name: str) -> bytes:
    try:
        raw = b64url_decode(value)
    except ValueError:
        raise serializers.ValidationError(_("Must be base64url.")) from None
    if len(raw) != length:
        raise serializers.ValidationError(
            _("Must be {length} bytes ({name}), not {given}.").format(length=length, name=name, given=len(raw))
        )
    return raw


class PushKeysSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    p256dh = StrictCharField(max_length=200, help_text="The browser's P-256 public key, uncompressed, base64url")
    auth = StrictCharField(max_length=100, help_text="The 16-byte authentication secret, base64url")

    def validate_p256dh(self, value):
        raw = _base64url(value, 65, "an uncompressed P-256 point")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise serializers.ValidationError(_("Is not a point on the P-256 curve.")) from None
        return value.rstrip("=")

    def validate_auth(self, value):
        _base64url(value, 16, "the auth secret")
        return value.rstrip("=")


class PushSubscriptionSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """What the browser's PushSubscription.toJSON() gives; expirationTime is accepted and ignored."""

    endpoint = serializers.URLField(max_length=2048)
    keys = PushKeysSerializer()
    expirationTime = StrictIntegerField(required=False, allow_null=True, write_only=True)  # noqa: N815 - browser's name

    def validate_endpoint(self, value):
        if not push_endpoint_allowed(value):
            raise serializers.ValidationError(_("Is not the address of a known Web Push service."))
        return value


class PushEndpointQuerySerializer(serializers.Serializer):
    endpoint = serializers.URLField(max_length=2048)


@extend_schema_field({"type": "string", "pattern": HHMM.pattern, "example": "08:30"})
class HourMinuteField(StrictCharField):
    default_error_messages = {"invalid": gettext_lazy('Use the 24-hour form "HH:MM", for example "08:30".')}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not HHMM.match(value):
            self.fail("invalid")
        return value


class ReminderSettingsSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """Times are local to the patient's timezone (shown read-only here; change it in the profile)."""

    enabled = StrictBooleanField()
    times = BoundedListField(child=HourMinuteField(), max_length=MAX_TIMES, unique=True, default=list)
    weekdays = BoundedListField(
        child=StrictIntegerField(min_value=0, max_value=6),
        max_length=7,
        unique=True,
        default=lambda: [0, 1, 2, 3, 4, 5, 6],
        help_text="0 = Monday ... 6 = Sunday",
    )
    quiet_start = serializers.TimeField(required=False, allow_null=True, default=None)
    quiet_end = serializers.TimeField(required=False, allow_null=True, default=None)
    diary_nudge_time = serializers.TimeField(required=False, allow_null=True, default=None)
    adaptive = StrictBooleanField(
        default=False,
        help_text="Also remind 45 minutes before the time of day your neck-triggered headaches cluster at",
    )
    adaptive_time = serializers.TimeField(read_only=True, allow_null=True)
    timezone = serializers.CharField(source="patient.timezone", read_only=True)

    # A client that echoes back what it read sends these too.
    ECHOED_READ_ONLY = {"adaptive_time", "timezone"}

    class Meta:
        model = ReminderSettings
        fields = [
            "enabled",
            "times",
            "weekdays",
            "quiet_start",
            "quiet_end",
            "diary_nudge_time",
            "adaptive",
            "adaptive_time",
            "timezone",
        ]

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if key not in self.ECHOED_READ_ONLY}
        return super().to_internal_value(data)

    def validate(self, attrs):
        start, end = attrs.get("quiet_start"), attrs.get("quiet_end")
        if (start is None) != (end is None):
            missing = "quiet_end" if end is None else "quiet_start"
            raise serializers.ValidationError({missing: [_("Quiet hours need both a start and an end.")]})
        if start is not None and start == end:
            raise serializers.ValidationError({"quiet_end": [_("Must differ from quiet_start.")]})
        return attrs


class ReminderSerializer(serializers.ModelSerializer):
    sent_at = serializers.SerializerMethodField(
        help_text="When it reached you: pushed to your devices, or (not pushed) put in this inbox when it fell due"
    )
    due_at = serializers.DateTimeField(source="slot_at", read_only=True, help_text="The moment it fell due")
    done = serializers.SerializerMethodField()
    pushed = serializers.SerializerMethodField(help_text="Whether a push went out to at least one of your devices")
    url = serializers.SerializerMethodField(help_text="Where in the app it opens")

    class Meta:
        model = ReminderDelivery
        fields = ["id", "sent_at", "due_at", "kind", "title", "body", "done", "pushed", "url"]

    @extend_schema_field(serializers.DateTimeField())
    def get_sent_at(self, reminder: ReminderDelivery) -> str:
        return serializers.DateTimeField().to_representation(reminder.sent_at or reminder.slot_at)

    def get_done(self, reminder: ReminderDelivery) -> bool:
        return reminder.done_at is not None

    def get_pushed(self, reminder: ReminderDelivery) -> bool:
        return reminder.sent_at is not None

    def get_url(self, reminder: ReminderDelivery) -> str:
        return reminder.url or "/#/reminders"
