from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone as django_timezone

from diary.choices import Role
from diary.models import User
from diary.services.entries import diary_change_listeners


class EmailTaken(Exception):
    pass


def user_register(*, email: str, password: str, role: str = Role.PATIENT, timezone: str = "UTC") -> User:
    """Create an account. The password is checked against Django's validators
    (raises django.core.exceptions.ValidationError)."""
    email = User.objects.normalize_email(email).lower()
    candidate = User(email=email, role=role, timezone=timezone)
    validate_password(password, user=candidate)
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise EmailTaken(email)
        return User.objects.create_user(email, password, role=role, timezone=timezone)


# Profile answers the screening reads (docs/screening.md): changing one re-screens.
SCREENING_PROFILE_FIELDS = frozenset({
    "birth_year", "headaches_since", "injury_date", "headaches_began_after_injury", "cancer_history",
    "immunosuppressed", "pregnant_or_postpartum",
})


def user_update_profile(*, user: User, fields: set[str], **values) -> User:
    """Update only the profile fields named in `fields` (a PATCH). A change to an
    answer the screening reads moves the diary version, as an entry does, so the
    report and the nightly pass see it."""
    unknown = set(values) - SCREENING_PROFILE_FIELDS - {"timezone"}
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
            user.diary_changed_at = django_timezone.now()
            update.add("diary_changed_at")
            for listener in diary_change_listeners:
                transaction.on_commit(lambda listener=listener: listener(user.pk), robust=True)
        user.save(update_fields=sorted(update))
    return user


def user_delete(*, user: User) -> None:
    """Erase the account and, through the cascades, every row that belongs to it.
    django-axes keeps logins by email rather than by key, so those go by hand."""
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AxesAccessLog):
            model.objects.filter(username=user.email).delete()
        user.delete()
