import math

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponseBase, JsonResponse
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from django_otp import login as otp_login
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.accounts.devices import remember_device
from api.accounts.serializers import LoginSerializer, PasswordSerializer, ProfileSerializer, RegisterSerializer
from api.accounts.session_limits import mark_signed_in
from api.accounts.slow_down import seconds_to_wait
from api.throttles import PerAddress
from diary.services.accounts import (
    EmailTaken,
    lockout_failures_clear,
    user_delete,
    user_register,
    user_update_profile,
)
from diary.services.two_factor import has_two_factor
from diary.sessions import DEVICE_KEY


def sign_in(request, user, **kwargs) -> None:
    """Django's login, plus what the account's session list and limits read."""
    login(request, user, **kwargs)
    request.session[DEVICE_KEY] = request.META.get("HTTP_USER_AGENT", "")[:200]
    mark_signed_in(request.session)


def login_email(request, credentials=None) -> str | None:
    """The account a login attempt is for, as django-axes counts it: the API sends
    `email`, the admin's form `username`; both count against the same lockout."""
    credentials = credentials or {}
    email = credentials.get("email") or credentials.get("username")
    if email is None:
        email = request.POST.get("email") or request.POST.get("username")
    return email.strip().lower() if isinstance(email, str) else None


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers once an account or an address is locked out, and the
    progressive slow-down (api/accounts/slow_down.py) once an account must wait longer."""
    email = login_email(request, credentials)
    seconds = (
        getattr(request, "neckline_retry_after", None)
        or (email and seconds_to_wait(email))
        or settings.AXES_COOLOFF_TIME.total_seconds()  # an address locked for spraying
    )
    minutes = max(1, math.ceil(seconds / 60))
    detail = ngettext(
        "Too many failed logins. Login is locked for a while; try again in %(minutes)d minute.",
        "Too many failed logins. Login is locked for a while; try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    response = JsonResponse({"detail": detail}, status=429)
    response["Retry-After"] = str(int(seconds))
    return response


def refuse_wrong_password(request, password: str, *, field: str) -> Response | None:
    """The answer to a wrong password of the signed-in account, or None when it is right.
    Checked like a login, so that repeated wrong passwords lock the account here as
    well: otherwise this would be a password oracle with no lockout."""
    django_request = request._request  # django-axes reads and marks the plain request
    checked = authenticate(django_request, email=request.user.email, password=password)
    if getattr(django_request, "axes_locked_out", False):
        return lockout_response(django_request)
    if checked is None or checked.pk != request.user.pk:
        return Response({field: [_("Wrong password.")]}, status=400)
    return None


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Set the csrftoken cookie",
        responses=inline_serializer("Csrf", {"csrf_token": serializers.CharField()}),
    )
    def get(self, request):
        return Response({"csrf_token": get_token(request)})


REGISTRATION_REFUSED = (
    "An account cannot be created with this email. If you have registered before, log in instead; "
    "otherwise check the address."
)


# Login and registration check CSRF too, although nobody is logged in yet:
# otherwise another site could log a patient into an account it controls.
@method_decorator(csrf_protect, name="dispatch")
class RegisterView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "register"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Create an account and log in", request=RegisterSerializer, responses={201: ProfileSerializer}
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = user_register(**serializer.validated_data)
        except DjangoValidationError as exc:
            return Response({"password": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        except EmailTaken:
            # Deliberately not "this email has an account" (README, Security).
            return Response({"email": [REGISTRATION_REFUSED]}, status=status.HTTP_400_BAD_REQUEST)
        sign_in(request._request, user, backend="django.contrib.auth.backends.ModelBackend")
        from api.accounts.email_address import send_verification_email_quietly  # it imports this module

        send_verification_email_quietly(user)
        response = Response(
            ProfileSerializer(user, context={"request": request._request}).data, status=status.HTTP_201_CREATED
        )
        remember_device(request._request, response, user.email)
        return response


@method_decorator(csrf_protect, name="dispatch")
class LoginView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "login"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Log in",
        request=LoginSerializer,
        responses={
            200: ProfileSerializer,
            400: OpenApiResponse(
                description="Wrong email or password; or, for an account with two-step sign-in, "
                "`code` missing or wrong (`two_factor_required` true)"
            ),
            429: OpenApiResponse(description="Locked out after repeated failures"),
        },
    )
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request  # django-axes reads and marks the plain request
        user = authenticate(
            django_request,
            email=serializer.validated_data["email"].strip().lower(),
            password=serializer.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None or not user.is_active:
            return Response({"non_field_errors": [_("Wrong email or password.")]}, status=400)
        device = None
        if has_two_factor(user):
            from api.accounts.two_factor import second_step  # it imports this module

            device = second_step(django_request, user, serializer.validated_data.get("code"))
            if isinstance(device, HttpResponseBase):  # the answer instead: a 400 or the lockout's 429
                return device
        sign_in(django_request, user)
        if device is not None:
            otp_login(django_request, device)
        lockout_failures_clear(user=user)
        response = Response(ProfileSerializer(user, context={"request": django_request}).data)
        remember_device(django_request, response, user.email)
        return response


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Log out", request=None, responses={204: None})
    def post(self, request):
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(summary="Your profile", responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(request.user, context={"request": request}).data)

    @extend_schema(summary="Change your profile", request=ProfileSerializer, responses=ProfileSerializer)
    def patch(self, request):
        serializer = ProfileSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update_profile(
            user=request.user, fields=set(serializer.validated_data), **serializer.validated_data
        )
        return Response(ProfileSerializer(user, context={"request": request}).data)

    @extend_schema(
        summary="Delete your account and all its data",
        request=PasswordSerializer,
        responses={
            204: None,
            400: OpenApiResponse(description="Wrong password"),
            429: OpenApiResponse(description="Locked out after repeated wrong passwords"),
        },
    )
    def delete(self, request):
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        refusal = refuse_wrong_password(request, serializer.validated_data["password"], field="password")
        if refusal is not None:
            return refusal
        user_delete(user=request.user)
        logout(django_request)  # only once the account is gone: a failed deletion keeps the session
        return Response(status=status.HTTP_204_NO_CONTENT)
