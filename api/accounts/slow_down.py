"""An account under attack slows down progressively (issue 23), rather than locking its
owner out: django-axes locks an account for LOGIN_LOCKOUT_MINUTES after every
LOGIN_FAILURE_LIMIT failures; on top of that, each further LOGIN_FAILURE_LIMIT failures
within a day double the wait after the latest one (15 minutes, 30, 1 hour, 2, 4, 8, ...).

Failures are axes' failure log (every failure from any address, never the password); a
password reset or change starts afresh (diary.services.accounts.user_set_password). A
browser that signed in to the account before (api/accounts/devices.py) is never slowed
down, so the owner keeps getting in."""

import datetime as dt

from axes.models import AccessFailureLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.utils import timezone

WINDOW = dt.timedelta(days=1)


def wait_after(failures: int) -> dt.timedelta:
    """How long after its latest failure an account with this many failures in the
    window waits before the next try: after each full round of LOGIN_FAILURE_LIMIT
    failures, twice as long as after the round before; within a round, no wait."""
    rounds, rest = divmod(failures, settings.AXES_FAILURE_LIMIT)
    if rounds == 0 or rest:
        return dt.timedelta(0)
    return min(settings.AXES_COOLOFF_TIME * 2 ** (rounds - 1), WINDOW)


def seconds_to_wait(email: str, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    recent = AccessFailureLog.objects.filter(username=email, attempt_time__gte=now - WINDOW).aggregate(
        failures=Count("id"), latest=Max("attempt_time")
    )
    if not recent["failures"]:
        return 0
    until = recent["latest"] + wait_after(recent["failures"])
    return max(0, int((until - now).total_seconds()) + 1) if until > now else 0


class SlowDownBackend:
    """An authentication backend that authenticates nobody: placed after axes' backend, it
    refuses a try that comes too soon, marking the request locked out so that axes records
    nothing (a refused try never extends the wait) and the caller answers 429."""

    def authenticate(self, request, email=None, username=None, password=None, **kwargs):
        from api.accounts.devices import is_known_device  # devices imports the views
        from api.accounts.views import login_email

        if request is None:
            return None
        credentials = {"email": email, "username": username}
        account = login_email(request, credentials)
        if not account or is_known_device(request, credentials):
            return None
        wait = seconds_to_wait(account)
        if wait:
            request.axes_locked_out = True
            request.neckline_retry_after = wait
            raise PermissionDenied
        return None

    # No get_user: sessions are never this backend's (and Django's test client picks the first
    # backend that has one for force_login).
