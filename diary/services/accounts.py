import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from diary.choices import Role
from diary.models import User


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


def user_update_profile(
    *, user: User, timezone: str | None = None, birth_year: int | None = None, headaches_since: dt.date | None = None,
    fields: set[str],
) -> User:
    """Update only the profile fields named in `fields` (a PATCH)."""
    values = {"timezone": timezone, "birth_year": birth_year, "headaches_since": headaches_since}
    for name in fields:
        setattr(user, name, values[name])
    if fields:
        user.save(update_fields=sorted(fields))
    return user


def user_delete(*, user: User) -> None:
    """Erase the account and, through the cascades, every row that belongs to it.
    django-axes keeps logins by email rather than by key, so those go by hand."""
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AxesAccessLog):
            model.objects.filter(username=user.email).delete()
        user.delete()
