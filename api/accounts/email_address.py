"""Email verification and email change over the API (issue 23). The links open the PWA
(`PUBLIC_URL/#/verify-email/<token>`, `#/confirm-email/<token>`), which posts the token back."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.accounts.serializers import EmailChangeSerializer, TokenSerializer
from api.accounts.views import refuse_wrong_password
from api.throttles import PerAddress
from diary.models import User
from diary.services.accounts import EmailTaken
from diary.services.email_address import (
    InvalidLink,
    email_change_confirm,
    email_change_token,
    email_taken,
    email_verification_token,
    email_verify,
    normalized_email,
)

log = logging.getLogger(__name__)

DETAIL = inline_serializer("EmailDetail", {"detail": serializers.CharField()})
EMAIL_CHANGED = inline_serializer(
    "EmailChanged", {"email": serializers.EmailField(), "detail": serializers.CharField()}
)


def _link(fragment: str, token: str) -> str:
    return f"{settings.PUBLIC_URL.rstrip('/')}/#/{fragment}/{token}"


def _hours() -> int:
    return settings.EMAIL_LINK_TIMEOUT_HOURS


def send_verification_email(user: User) -> None:
    # In the account's own language when it has one, else the language of the request.
    with translation.override(user.language or translation.get_language()):
        _send_verification_email(user)


def _send_verification_email(user: User) -> None:
    body = _(
        "Please confirm that this is your email address for Neckline by opening this link within "
        "%(hours)d hours (it works once):\n\n%(link)s\n\n"
        "If you did not create a Neckline account, ignore this message."
    ) % {"hours": _hours(), "link": _link("verify-email", email_verification_token(user))}
    send_mail(_("Confirm your email for Neckline"), body, None, [user.email])


def send_verification_email_quietly(user: User) -> None:
    """At registration: a mail server that is down must not undo the account; the owner
    asks for another link from the app. The log names neither the address nor the link."""
    try:
        send_verification_email(user)
    except (OSError, smtplib.SMTPException) as exception:
        log.warning("verification email not sent: %s", type(exception).__name__)


def _invalid_link() -> Response:
    message = _("This link does not work: it was used already, has expired, or was copied wrongly. Ask for a new one.")
    return Response({"token": [message]}, status=status.HTTP_400_BAD_REQUEST)


class VerificationSendView(APIView):
    throttle_scope = "password_reset"  # each costs us an email, as a reset does
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Email a link that verifies your address",
        request=None,
        responses={202: DETAIL, 400: OpenApiResponse(description="Already verified")},
    )
    def post(self, request):
        if request.user.email_verified:
            return Response({"non_field_errors": [_("Your email address is verified already.")]}, status=400)
        send_verification_email(request.user)
        return Response(
            {"detail": _("A link is on its way to %(email)s.") % {"email": request.user.email}},
            status=status.HTTP_202_ACCEPTED,
        )


@method_decorator(csrf_protect, name="dispatch")
class VerifyView(APIView):
    permission_classes = [AllowAny]  # the link may open in another browser than the app's
    throttle_scope = "password_reset"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Verify your email with the emailed link",
        request=TokenSerializer,
        responses={200: DETAIL, 400: OpenApiResponse(description="The link is invalid, used or expired")},
    )
    def post(self, request):
        serializer = TokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            email_verify(token=serializer.validated_data["token"])
        except InvalidLink:
            return _invalid_link()
        return Response({"detail": _("Your email address is verified. Thank you.")})


class EmailChangeView(APIView):
    throttle_scope = "password_reset"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Change your email: a link to confirm goes to the new address",
        description="The same answer whether or not the new address has an account already.",
        request=EmailChangeSerializer,
        responses={202: DETAIL, 400: OpenApiResponse(description="Wrong password, or the address you have now")},
    )
    def post(self, request):
        serializer = EmailChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_email = normalized_email(serializer.validated_data["new_email"])
        refusal = refuse_wrong_password(request, serializer.validated_data["password"], field="password")
        if refusal is not None:
            return refusal
        if new_email == request.user.email:
            return Response({"new_email": [_("This is the address you have now.")]}, status=400)
        if email_taken(new_email):
            # Told only at that address, so the answer here does not reveal who has an account;
            # in that account's language, as its owner reads it.
            owner = User.objects.get(email=new_email)
            with translation.override(owner.language or translation.get_language()):
                body = _(
                    "Someone asked to move a Neckline account to this address, but it has a Neckline account "
                    "already, so nothing changed. If it was you, log in to that account instead."
                )
                send_mail(_("Your Neckline address"), body, None, [new_email])
        else:
            body = _(
                "Open this link within %(hours)d hours to make this the email address of your Neckline account "
                "(it works once):\n\n%(link)s\n\nIf you did not ask for this, ignore this message."
            ) % {"hours": _hours(), "link": _link("confirm-email", email_change_token(request.user, new_email))}
            send_mail(_("Confirm your new email for Neckline"), body, None, [new_email])
        detail = _("To finish, open the link we sent to %(email)s. Until then your address stays as it is.")
        return Response({"detail": detail % {"email": new_email}}, status=status.HTTP_202_ACCEPTED)


@method_decorator(csrf_protect, name="dispatch")
class EmailChangeConfirmView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "password_reset"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerAddress]

    @extend_schema(
        summary="Confirm the new email with the link sent to it (every other session ends)",
        request=TokenSerializer,
        responses={
            200: EMAIL_CHANGED,
            400: OpenApiResponse(description="The link is invalid, used or expired; or the address was taken since"),
        },
    )
    def post(self, request):
        serializer = TokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user, old_email = email_change_confirm(
                token=serializer.validated_data["token"], keep_session_key=request._request.session.session_key
            )
        except InvalidLink:
            return _invalid_link()
        except EmailTaken:
            message = _("This address has a Neckline account already, so it cannot be yours as well.")
            return Response({"token": [message]}, status=400)
        # The link may be opened in any browser: the old address is told in the account's language.
        with translation.override(user.language or translation.get_language()):
            body = _(
                "The email address of your Neckline account was changed to %(email)s, and every other "
                "device was signed out. If it was not you, contact the people who run this Neckline service at once."
            ) % {"email": user.email}
            send_mail(_("Your Neckline email was changed"), body, None, [old_email])
        return Response({"email": user.email, "detail": _("Your email address is changed.")})
