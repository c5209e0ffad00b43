from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone as django_timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from diary.choices import Role
from diary.models import User, UserSession
from diary.screening import PROFILE_FIELDS
from diary.services.changes import VERSION_STEP, Change, diary_changed


class EmailTaken(Exception):
    pass


def user_register(*, email: str, password: str, role: str = Role.PATIENT, timezone: str = "UTC") -> User:
    """Create an account. The password is checked against Django's validators
    (raises django.core.exceptions.ValidationError)."""
    email = User.objects.normalize_email(email).lower()
    candidate = User(email=email, role=role, timezone=timezone)
    validate_password(password, user=candidate)
    # Hashed before the email is looked up, so that a taken email answers no faster.
    candidate.set_password(password)
    if User.objects.filter(email=email).exists():
        raise EmailTaken(email)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise EmailTaken(email) from None  # the same email registered a moment ago
    return candidate


# Profile answers the screening reads (docs/screening.md): changing one re-screens.
SCREENING_PROFILE_FIELDS = frozenset(PROFILE_FIELDS)


def user_update_profile(*, user: User, fields: set[str], **values) -> User:
    """Update only the profile fields named in `fields` (a PATCH). A change to an
    answer the screening reads moves the diary version, as an entry does, so the
    report and the nightly pass see it."""
    unknown = set(values) - SCREENING_PROFILE_FIELDS - {"timezone", "language"}
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    changed = {name for name in fields if getattr(user, name) != values.get(name)}
    for name in fields:
        setattr(user, name, values.get(name))
    if not fields:
        return user
    update = set(fields)
    with transaction.atomic():
        if changed & SCREENING_PROFILE_FIELDS:
            now = django_timezone.now()
            # As changes.next_version: a version always moves, whatever the clock says.
            user.diary_changed_at = max(now, user.diary_changed_at + VERSION_STEP) if user.diary_changed_at else now
            update.add("diary_changed_at")
            diary_changed(user, Change.PROFILE, version_moved=True)  # by the save below
        user.save(update_fields=sorted(update))
    return user


def user_delete(*, user: User) -> None:
    """Erase the account and every row that belongs to it, or that names it.

    The account's row is locked first. A write from another device that committed
    before is then seen and deleted with the rest; one still running cannot commit
    its entry (the foreign-key check waits on the lock, then finds no account) and
    fails cleanly instead of leaving a row behind.
    """
    with transaction.atomic():
        account = User.objects.select_for_update().filter(pk=user.pk).first()
        if account is None:
            return  # already deleted (a double submit)
        # By the indexed user column: the cost is this account's sessions, not the table's.
        UserSession.objects.filter(user=account).delete()
        # django-axes keeps logins by email rather than by key.
        for model in (AccessAttempt, AccessFailureLog, AxesAccessLog):
            model.objects.filter(username__iexact=account.email).delete()
        _admin_log_mentions(account).delete()
        account.delete()


def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End the account's sessions, all or all but one (the one asking): after a
    password change or reset, or "sign out everywhere else"."""
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    return sessions.delete()[0]


def lockout_failures_clear(*, user: User) -> None:
    """A success (a login, a reset) clears this account's own failed logins, and no
    other's: not the failures its address made against other accounts."""
    AccessAttempt.objects.filter(username__iexact=user.email).delete()


def user_set_password(*, user: User, password: str, keep_session_key: str | None = None) -> None:
    """A new password (validated, raises ValidationError), ending every other session."""
    validate_password(password, user=user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        sessions_end(user=user, keep_session_key=keep_session_key)
        lockout_failures_clear(user=user)
        # The guesses were at a password that is gone: the progressive slow-down starts afresh,
        # and so does django-otp's per-device wait, which someone who knew the old password
        # could otherwise have grown (it doubles with each wrong code) to keep the owner out.
        AccessFailureLog.objects.filter(username__iexact=user.email).delete()
        for devices in (TOTPDevice.objects, StaticDevice.objects):
            devices.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def _admin_log_mentions(user: User):
    """Admin log records about the account or its diary, or that quote its email."""
    entry_ids = [str(pk) for pk in user.entries.values_list("pk", flat=True)]
    by_object = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)) | Q(
        content_type__app_label="diary", content_type__model="entry", object_id__in=entry_ids
    )
    by_text = Q(object_repr__icontains=user.email) | Q(change_message__icontains=user.email)
    return LogEntry.objects.filter(by_object | by_text)
