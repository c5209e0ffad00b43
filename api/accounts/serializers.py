import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    EARLIEST_DATE,
    BoundedDateField,
    RejectUnknownFieldsMixin,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)
from diary.choices import Role
from diary.models import User
from diary.screening import PROFILE_FIELDS
from diary.timezones import emergency_number, is_valid_timezone, local_today


def validate_timezone_name(value: str) -> str:
    if not is_valid_timezone(value):
        raise serializers.ValidationError(
            _('"{value}" is not a known IANA timezone, such as "Europe/Oslo".').format(value=value)
        )
    return value


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2024-03", "nullable": True})
class YearMonthField(serializers.Field):
    """A month as "YYYY-MM", stored as the first day of that month."""

    default_error_messages = {"invalid": _('Use the form "YYYY-MM", for example "2024-03".')}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            value = dt.datetime.strptime(data, "%Y-%m").date()
        except ValueError:
            self.fail("invalid")
        if value < EARLIEST_DATE:
            too_early = BoundedDateField.default_error_messages["too_early"]
            raise serializers.ValidationError(too_early.format(earliest=EARLIEST_DATE.isoformat()))
        return value

    def to_representation(self, value):
        return value.strftime("%Y-%m")


class RegisterSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = StrictCharField(write_only=True, trim_whitespace=False, max_length=128)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.PATIENT)
    timezone = StrictCharField(default="UTC", validators=[validate_timezone_name])


class LoginSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    email = StrictCharField(max_length=254)
    password = StrictCharField(trim_whitespace=False, max_length=128)
    code = StrictCharField(
        required=False,
        max_length=32,
        help_text="The second step, for an account with two-step sign-in: a 6-digit code from the "
        "authenticator app, or a recovery code. Without it such an account answers 400 on `code`.",
    )


class CodeSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = StrictCharField(max_length=32, help_text="A 6-digit code from the authenticator app")


class TokenSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    token = StrictCharField(max_length=1024, help_text="From the emailed link")


class EmailChangeSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    new_email = serializers.EmailField(max_length=254)
    password = StrictCharField(trim_whitespace=False, max_length=128)


class PasswordSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    password = StrictCharField(trim_whitespace=False, max_length=128)


class LanguageField(serializers.ChoiceField):
    """The account's own language (docs/api-extensions.md): a code of settings.LANGUAGES,
    or null to follow the browser's (Accept-Language). Stored blank for null."""

    def __init__(self, **kwargs):
        super().__init__(choices=[code for code, _name in settings.LANGUAGES], allow_null=True, **kwargs)

    def run_validation(self, data=serializers.empty):
        # DRF answers null itself (allow_null) before to_internal_value: stored blank, never NULL.
        return "" if data is None else super().run_validation(data)

    def to_representation(self, value):
        return value or None


class ProfileSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    timezone = StrictCharField(validators=[validate_timezone_name], required=False)
    language = LanguageField(
        required=False, help_text="The account's language (en, de, fr, it, es); null follows the browser's"
    )
    birth_year = StrictIntegerField(required=False, allow_null=True, min_value=1900)
    headaches_since = YearMonthField(required=False, allow_null=True)
    # What the red flags and differentials of docs/screening.md read; null is "not answered".
    injury_date = BoundedDateField(
        required=False, allow_null=True, help_text="The day of a head or neck injury (whiplash included)"
    )
    headaches_began_after_injury = StrictBooleanField(
        required=False, allow_null=True, help_text="The headaches began within 7 days of that injury"
    )
    cancer_history = StrictBooleanField(required=False, allow_null=True, help_text="Ever had cancer")
    immunosuppressed = StrictBooleanField(
        required=False, allow_null=True, help_text="A weakened immune system (illness or medicines)"
    )
    pregnant_or_postpartum = StrictBooleanField(
        required=False, allow_null=True, help_text="Pregnant, or gave birth in the last 6 weeks"
    )

    email_verified = serializers.BooleanField(read_only=True, help_text="The owner opened the link sent to the email")
    emergency_number = serializers.SerializerMethodField(
        help_text="The emergency number where the account's timezone tells it (112 in the EU), else null"
    )
    requirements = serializers.SerializerMethodField(
        help_text="What this account must still do before reading patient data: "
        '"email_verification", "two_factor" (clinicians; empty for patients)'
    )

    class Meta:
        model = User
        fields = [
            "id", "email", "role", "timezone", "language", *PROFILE_FIELDS, "email_verified", "emergency_number",
            "requirements",
        ]  # fmt: skip
        read_only_fields = ["id", "email", "role", "email_verified", "emergency_number", "requirements"]

    def get_emergency_number(self, user) -> str | None:
        return emergency_number(user.timezone)

    def get_requirements(self, user) -> list[str]:
        from api.permissions import clinician_requirements_unmet  # permissions reads the request

        request = self.context.get("request")
        return clinician_requirements_unmet(user, request) if request is not None else []

    def validate_birth_year(self, value):
        if value is not None and value > timezone.now().year:
            raise serializers.ValidationError(_("Cannot be in the future."))
        return value

    def validate_headaches_since(self, value):
        if value is not None and value > timezone.now().date():
            raise serializers.ValidationError(_("Cannot be in the future."))
        return value

    def validate_injury_date(self, value):
        if value is None:
            return value
        today = local_today(self.instance) if self.instance is not None else timezone.now().date()
        if value > today:
            raise serializers.ValidationError(
                _("Cannot be after today ({today}) where you are.").format(today=today.isoformat())
            )
        return value

    def validate(self, attrs):
        # The profile after this PATCH: what is sent, else what is stored.
        def value(name):
            return attrs[name] if name in attrs else getattr(self.instance, name, None)

        injury, birth_year = value("injury_date"), value("birth_year")
        if injury is not None and birth_year is not None and injury.year < birth_year:
            raise serializers.ValidationError({"injury_date": [_("Cannot be before the year you were born.")]})
        return attrs


class PasswordChangeSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    current_password = StrictCharField(trim_whitespace=False, max_length=128)
    new_password = StrictCharField(trim_whitespace=False, max_length=128)


class PasswordResetSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    uid = StrictCharField(max_length=64)
    token = StrictCharField(max_length=128)
    new_password = StrictCharField(trim_whitespace=False, max_length=128)


class SessionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Names the session; not its secret key")
    device = serializers.CharField(help_text="The browser's User-Agent at login")
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField()
    current = serializers.BooleanField(help_text="The session making this request")
