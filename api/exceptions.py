from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from diary.models import User


def exception_handler(exc, context):
    """DRF's handler, plus two cases.

    The domain's one error type, Django's ValidationError raised by a service, is
    translated here and only here: a 400 with the field and the reason, in the shape of a
    serializer's errors ({"field": ["reason"]}, or a list when it names no field).

    A write that raced the deletion of its own account fails its foreign-key check; it
    answers 403 like any request without an account, not 500."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, IntegrityError):
        user = getattr(context.get("request"), "user", None)
        if user is not None and user.is_authenticated and not User.objects.filter(pk=user.pk).exists():
            return Response({"detail": _("This account has been deleted.")}, status=status.HTTP_403_FORBIDDEN)
    return response
