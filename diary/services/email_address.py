"""Proving an email address (issue 23): a verification link sent to it, and an email
change confirmed at the new address.

Both links are signed (django.core.signing, keyed by SECRET_KEY), expire after
EMAIL_LINK_TIMEOUT_HOURS and work once: each names the state it changes (the address not
yet verified; the address being replaced), so once used it no longer matches."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from diary.models import User
from diary.services.accounts import EmailTaken, sessions_end

VERIFY_SALT = "neckline.email.verify"
CHANGE_SALT = "neckline.email.change"


class InvalidLink(Exception):
    pass


def _max_age() -> int:
    return settings.EMAIL_LINK_TIMEOUT_HOURS * 3600


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT, compress=True)


def email_verify(*, token: str) -> User:
    """Mark the address the link was sent to as verified (raises InvalidLink when the link
    is expired, tampered with, already used, or for an address the account no longer has)."""
    payload = _load(token, VERIFY_SALT)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("user"), is_active=True).first()
        if user is None or user.email != payload.get("email") or user.email_verified_at is not None:
            raise InvalidLink
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def email_change_token(user: User, new_email: str) -> str:
    payload = {"user": user.pk, "old": user.email, "new": normalized_email(new_email)}
    return signing.dumps(payload, salt=CHANGE_SALT, compress=True)


def normalized_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def email_taken(email: str) -> bool:
    return User.objects.filter(email=normalized_email(email)).exists()


def email_change_confirm(*, token: str, keep_session_key: str | None = None) -> tuple[User, str]:
    """Move the account to the new address, verified by this very link; every other
    session ends (an address is how one signs in and recovers the account). Returns the
    account and the old address, to notify it. Raises InvalidLink, or EmailTaken when
    another account took the address since the link was sent."""
    payload = _load(token, CHANGE_SALT)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("user"), is_active=True).first()
        if user is None or user.email != payload.get("old"):
            raise InvalidLink
        old_email, user.email = user.email, payload["new"]
        user.email_verified_at = timezone.now()
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "email_verified_at"])
        except IntegrityError:
            raise EmailTaken(payload["new"]) from None
        sessions_end(user=user, keep_session_key=keep_session_key)
    return user, old_email


def _load(token: str, salt: str) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=_max_age())
    except signing.BadSignature:  # SignatureExpired is one
        raise InvalidLink from None
    if not isinstance(payload, dict):
        raise InvalidLink
    return payload
