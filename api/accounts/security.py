"""Password change and reset, and the account's sessions (issue 23)."""

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.accounts.serializers import (
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    SessionSerializer,
)
from api.accounts.views import refuse_wrong_password
from api.throttles import PerAddress
from diary.models import User, UserSession
from diary.services.accounts import sessions_end, user_set_password

RESET_SENT = inline_serializer("PasswordResetSent", {"detail": serializers.CharField()})


def _password_errors(exc: DjangoValidationError) -> Response:
    return Response({"new_password": exc.messages}, status=status.HTTP_400_BAD_REQUEST)


class PasswordChangeView(APIView):
    throttle_scope = "login"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Change your password (every other session ends)",
        request=PasswordChangeSerializer,
        responses={204: None, 400: OpenApiResponse(description="Wrong current password or a weak new one")},
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        current = serializer.validated_data["current_password"]
        refusal = refuse_wrong_password(request, current, field="current_password")
        if refusal is not None:
            return refusal
        try:
            user_set_password(
                user=request.user,
                password=serializer.validated_data["new_password"],
                keep_session_key=django_request.session.session_key,
            )
        except DjangoValidationError as exc:
            return _password_errors(exc)
        update_session_auth_hash(django_request, request.user)  # this session stays signed in
        return Response(status=status.HTTP_204_NO_CONTENT)


def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.PUBLIC_URL.rstrip('/')}/#/reset/{uid}/{token}"


def send_reset_email(user: User) -> None:
    # In the account's own language when it has one, else the language of the request.
    with translation.override(user.language or translation.get_language()):
        _send_reset_email(user)


def _send_reset_email(user: User) -> None:
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    body = _(
        "Someone asked to reset the password of your Neckline account. If it was you, open this link "
        "within %(minutes)d minutes to choose a new password (it works once):\n\n%(link)s\n\n"
        "If it was not you, ignore this message: your password stays as it is."
    ) % {"minutes": minutes, "link": reset_link(user)}
    send_mail(_("Reset your Neckline password"), body, None, [user.email])


@method_decorator(csrf_protect, name="dispatch")
class PasswordResetView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "password_reset"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Email a one-time password reset link",
        description="The same answer whether or not the email has an account.",
        request=PasswordResetSerializer,
        responses={202: RESET_SENT},
    )
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        user = User.objects.filter(email=email, is_active=True).first()
        if user is not None:
            send_reset_email(user)
        detail = _("If an account has this email, a link to reset its password is on its way.")
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


@method_decorator(csrf_protect, name="dispatch")
class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "password_reset"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Choose a new password with the emailed link (every session ends)",
        request=PasswordResetConfirmSerializer,
        responses={
            204: None,
            400: OpenApiResponse(description="The link is invalid, used or expired; or a weak password"),
        },
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _user_of_link(serializer.validated_data["uid"], serializer.validated_data["token"])
        if user is None:
            message = _(
                "This link does not work: it was used already, has expired, or was copied wrongly. Ask for a new one."
            )
            return Response({"token": [message]}, status=400)
        try:
            user_set_password(user=user, password=serializer.validated_data["new_password"])
        except DjangoValidationError as exc:
            return _password_errors(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _user_of_link(uid: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    if not -(2**63) <= pk < 2**63:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    # The token hashes the password and the last login: it dies once the password changes.
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def public_session_id(session_key: str) -> str:
    """What the API calls a session: a keyed hash, since the key itself signs anyone in."""
    return salted_hmac("neckline.sessions", session_key).hexdigest()[:20]


class SessionsView(APIView):
    @extend_schema(summary="Your account's sessions, with device and last use", responses=SessionSerializer(many=True))
    def get(self, request):
        current = request._request.session.session_key
        sessions = UserSession.objects.filter(user=request.user).order_by("-last_used_at")
        return Response(
            [
                {
                    "id": public_session_id(session.session_key),
                    "device": session.device,
                    "created_at": session.created_at,
                    "last_used_at": session.last_used_at,
                    "current": session.session_key == current,
                }
                for session in sessions
            ]
        )


class EndOtherSessionsView(APIView):
    @extend_schema(
        summary="Sign out everywhere else",
        request=None,
        responses=inline_serializer("SessionsEnded", {"ended": serializers.IntegerField()}),
    )
    def post(self, request):
        ended = sessions_end(user=request.user, keep_session_key=request._request.session.session_key)
        return Response({"ended": ended})
