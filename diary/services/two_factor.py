"""Two-step sign-in (issue 23) with django-otp: one authenticator app (TOTP) per account
and a set of single-use recovery codes for when the phone is lost.

Enrolment is two calls: `totp_start` makes an unconfirmed device (its secret goes into
the authenticator app), `totp_confirm` checks a first code from the app, confirms the
device and issues the recovery codes. Until then the account signs in with its password
alone, so a half-finished enrolment never locks anyone out."""

import re

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from diary.models import User

RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"^\d{6}$")
# What a person may type around a code: spaces and dashes (the codes are shown in groups).
_SEPARATORS = re.compile(r"[\s-]+")


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the account, replacing any earlier unconfirmed
    one. A confirmed one stays in use until the new one is confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


class WrongCode(Exception):
    pass


def totp_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it (raises WrongCode). It replaces
    any earlier authenticator, and new recovery codes replace the old ones."""
    code = _SEPARATORS.sub("", code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).last()
        # A failure is recorded on the device (its throttle) and kept: no exception in here.
        confirmed = device is not None and bool(TOTP_CODE.match(code)) and device.verify_token(code)
        if confirmed:
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = recovery_codes_issue(user=user)
    if not confirmed:
        raise WrongCode
    return device, codes


def recovery_codes_issue(*, user: User) -> list[str]:
    """A fresh set of recovery codes; the earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def code_verify(*, user: User, code: str):
    """The device that accepts this code (a TOTP code, or a recovery code, which is then
    used up), or None. django-otp refuses replays of a TOTP code and slows down repeated
    failures per device; the caller counts a failure against the login lockout too."""
    code = _SEPARATORS.sub("", code).lower()
    model = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    with transaction.atomic():  # select_for_update: two uses of one code, one succeeds
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def two_factor_disable(*, user: User) -> None:
    """Remove the authenticator and the recovery codes: password-only sign-in again."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
