"""Two-step sign-in over the API (issue 23): enrolment of an authenticator app, recovery
codes, and the second step of `POST /auth/login/` (its optional `code`)."""

import segno
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.accounts.serializers import CodeSerializer, PasswordSerializer
from api.accounts.views import lockout_response, refuse_wrong_password
from api.permissions import session_is_verified, two_factor_required
from api.throttles import PerAddress
from diary.services.two_factor import (
    WrongCode,
    code_verify,
    has_two_factor,
    recovery_codes_issue,
    recovery_codes_left,
    totp_confirm,
    totp_start,
    two_factor_disable,
)

CODE_NEEDED = gettext_lazy("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")
CODE_WRONG = gettext_lazy(
    "This code does not work. Codes change every 30 seconds; use the newest one, or a recovery code you have not used."
)

STATUS = inline_serializer(
    "TwoFactorStatus",
    {
        "enabled": serializers.BooleanField(help_text="An authenticator app is confirmed for the account"),
        "required": serializers.BooleanField(help_text="This account needs it (clinicians, staff)"),
        "verified": serializers.BooleanField(help_text="This session passed the second step"),
        "recovery_codes_left": serializers.IntegerField(),
    },
)
ENROLMENT = inline_serializer(
    "TotpEnrolment",
    {
        "secret": serializers.CharField(help_text="Base32, to type into the app by hand"),
        "otpauth_url": serializers.CharField(),
        "qr_svg": serializers.CharField(help_text="The otpauth URL as an SVG QR code, made on the server"),
    },
)
RECOVERY_CODES = inline_serializer(
    "RecoveryCodes", {"recovery_codes": serializers.ListField(child=serializers.CharField(), help_text="Shown once")}
)


def second_step(request, user, code: str | None):
    """The login's second step: the device that accepted `code`, or the answer to give.
    A wrong code counts as a failed login, so the lockout and the slow-down apply to
    codes as to passwords (the password itself was checked in the same request)."""
    if not code:
        return Response({"code": [str(CODE_NEEDED)], "two_factor_required": True}, status=400)
    device = code_verify(user=user, code=code)
    if device is None:
        user_login_failed.send(sender=__name__, credentials={"email": user.email}, request=request)
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
        return Response({"code": [str(CODE_WRONG)], "two_factor_required": True}, status=400)
    return device


class TwoFactorView(APIView):
    @extend_schema(summary="Your two-step sign-in: on, needed, passed in this session", responses=STATUS)
    def get(self, request):
        user = request.user
        return Response(
            {
                "enabled": has_two_factor(user),
                "required": two_factor_required(user),
                "verified": session_is_verified(request),
                "recovery_codes_left": recovery_codes_left(user),
            }
        )

    @extend_schema(
        summary="Turn two-step sign-in off (the authenticator and recovery codes are removed)",
        request=PasswordSerializer,
        responses={204: None, 400: OpenApiResponse(description="Wrong password")},
    )
    def delete(self, request):
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refusal = refuse_wrong_password(request, serializer.validated_data["password"], field="password")
        if refusal is not None:
            return refusal
        two_factor_disable(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TotpStartView(APIView):
    throttle_scope = "login"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Start adding an authenticator app (confirm it with a first code)",
        description="Needs the password: a session left open elsewhere cannot tie the account to another phone.",
        request=PasswordSerializer,
        responses={201: ENROLMENT, 400: OpenApiResponse(description="Wrong password")},
    )
    def post(self, request):
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refusal = refuse_wrong_password(request, serializer.validated_data["password"], field="password")
        if refusal is not None:
            return refusal
        device = totp_start(user=request.user)
        url = device.config_url
        secret = url.split("secret=", 1)[1].split("&", 1)[0]
        qr_svg = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=False)
        return Response({"secret": secret, "otpauth_url": url, "qr_svg": qr_svg}, status=status.HTTP_201_CREATED)


class TotpConfirmView(APIView):
    throttle_scope = "login"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Confirm the authenticator app with a code from it; answers the recovery codes, once",
        request=CodeSerializer,
        responses={200: RECOVERY_CODES, 400: OpenApiResponse(description="Wrong code, or no enrolment started")},
    )
    def post(self, request):
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            device, codes = totp_confirm(user=request.user, code=serializer.validated_data["code"])
        except WrongCode:
            return Response({"code": [str(CODE_WRONG)]}, status=400)
        otp_login(request._request, device)  # this session has just passed the second step
        return Response({"recovery_codes": codes})


class RecoveryCodesView(APIView):
    throttle_scope = "login"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="New recovery codes (the earlier ones stop working)",
        request=PasswordSerializer,
        responses={200: RECOVERY_CODES, 400: OpenApiResponse(description="Wrong password, or two-step sign-in is off")},
    )
    def post(self, request):
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refusal = refuse_wrong_password(request, serializer.validated_data["password"], field="password")
        if refusal is not None:
            return refusal
        if not has_two_factor(request.user):
            return Response({"non_field_errors": [_("Add an authenticator app first.")]}, status=400)
        return Response({"recovery_codes": recovery_codes_issue(user=request.user)})
