"""Sharing a diary by consent: one-time codes, grants, revocation, the access log."""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from diary.models import AccessLog, Grant, ShareCode, User

# Crockford's base32: digits and letters without I, L, O and U, so a code read
# aloud or copied by hand cannot be mistaken for another.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 12 x 5 = 60 random bits
CODE_GROUP = 4
CODE_TTL = dt.timedelta(days=7)
# What people mistype for a Crockford digit, and the separators they add.
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = str.maketrans("", "", "- \t")


class InvalidShareCode(Exception):
    """Unknown, used or expired: deliberately one error, so a caller learns nothing."""


def normalise_share_code(raw: str) -> str | None:
    """The canonical 12 characters of a code as typed, or None if it cannot be one."""
    code = raw.upper().translate(_SEPARATORS).translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def _digest(code: str) -> str:
    # Keyed, so a leaked table of digests cannot be checked against guesses offline.
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def share_code_create(*, patient: User) -> tuple[str, dt.datetime]:
    """A new one-time code for the patient, as (code for display, expires_at).
    Only its digest is stored: the code itself is shown once."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = timezone.now() + CODE_TTL
    ShareCode.objects.create(patient=patient, digest=_digest(code), expires_at=expires_at)
    groups = [code[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP)]
    return "-".join(groups), expires_at


class AlreadyLinked(Exception):
    """The code links a patient this clinician can already see (a code entered twice,
    or a new code from a patient already on the list). Carries the live grant."""

    def __init__(self, grant: Grant):
        super().__init__(grant.patient_id)
        self.grant = grant


def share_code_redeem(*, clinician: User, code: str) -> Grant:
    """Link the clinician to the patient behind a live code, and use the code up.

    The code is claimed with a conditional UPDATE, so two clinicians entering
    the same code at once cannot both succeed. Raises InvalidShareCode, or
    AlreadyLinked when the patient is already on this clinician's list: a fresh
    code from them, or the very code this clinician used before (saying so
    tells them nothing they cannot already see).
    """
    canonical = normalise_share_code(code)
    if canonical is None:
        raise InvalidShareCode()
    now = timezone.now()
    with transaction.atomic():
        claimed = ShareCode.objects.filter(digest=_digest(canonical), used_at__isnull=True, expires_at__gt=now)
        if not claimed.update(used_at=now, used_by=clinician):
            used = ShareCode.objects.filter(digest=_digest(canonical), used_by=clinician).first()
            grant = (
                used
                and Grant.objects.filter(
                    patient_id=used.patient_id, clinician=clinician, revoked_at__isnull=True
                ).first()
            )
            if grant:
                raise AlreadyLinked(grant)
            raise InvalidShareCode()
        patient = ShareCode.objects.get(digest=_digest(canonical)).patient
        existing = Grant.objects.filter(patient=patient, clinician=clinician, revoked_at__isnull=True).first()
        if existing is not None:
            raise AlreadyLinked(existing)
        return _live_grant(patient=patient, clinician=clinician)


def _live_grant(*, patient: User, clinician: User) -> Grant:
    """The clinician's live grant for this patient, made if there is none."""
    grant = Grant.objects.filter(patient=patient, clinician=clinician, revoked_at__isnull=True).first()
    if grant is not None:
        return grant
    try:
        with transaction.atomic():
            return Grant.objects.create(patient=patient, clinician=clinician)
    except IntegrityError:  # a concurrent link made it first (the "one live grant" constraint)
        return Grant.objects.get(patient=patient, clinician=clinician, revoked_at__isnull=True)


class GrantNotFound(Exception):
    pass


def grant_revoke(*, patient: User, grant_id: int) -> None:
    """Revoke at once: every clinician request checks for a live grant, so the
    very next one is refused. Raises GrantNotFound for another patient's grant
    or one already revoked."""
    if not Grant.objects.filter(pk=grant_id, patient=patient, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        raise GrantNotFound(grant_id)


def access_log_record(
    *, patient: User, clinician: User, what: str, fields: Iterable[str] = (), role: str = "clinician"
) -> AccessLog:
    """One read or write of the patient's data. For a write, `fields` names the fields it was
    sent or changed (never the values, which are health data). `role` is "admin" for the Django admin."""
    return AccessLog.objects.create(
        patient=patient,
        clinician=clinician,
        clinician_email=clinician.email,
        what=what,
        fields=sorted(fields),
        role=role,
    )
