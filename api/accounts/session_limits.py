"""Sessions that end by themselves: a clinician's after CLINICIAN_IDLE_MINUTES unused
(one clinician account reads many diaries, often on shared computers), and every
session SESSION_ABSOLUTE_HOURS after its login, however active.

The times live in the session itself; the last-use time is written at most once a
minute, so that reading the diary does not write a session row on every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError

from config.middleware import answers_503_when_the_database_is_down
from diary.choices import Role
from diary.sessions import LAST_USED_AT, SIGNED_IN_AT

WRITE_EVERY_SECONDS = 60


def mark_signed_in(session) -> None:
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_USED_AT] = now


def _expired(session, user, now: int) -> bool:
    signed_in_at = session.get(SIGNED_IN_AT)
    last_used_at = session.get(LAST_USED_AT, signed_in_at)
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return True
    idle_limit = settings.CLINICIAN_IDLE_MINUTES * 60
    return user.role == Role.CLINICIAN and last_used_at is not None and now - last_used_at > idle_limit


def _record_use(session, now: int) -> None:
    """Write the last use here rather than leave it to SessionMiddleware on the way out:
    a save that fails there is a 500, while a database that is down or restarting must
    answer 503 from the view (config.middleware.DatabaseUnavailable)."""
    session[LAST_USED_AT] = now
    try:
        session.save()
    except (OperationalError, InterfaceError):
        pass  # the view meets the same outage and answers 503; a later request writes it
    session.modified = False


def _apply_limits(request) -> None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        now = int(time.time())
        if _expired(request.session, user, now):
            logout(request)  # the request carries on anonymous: the API answers 403
        elif now - request.session.get(LAST_USED_AT, 0) >= WRITE_EVERY_SECONDS:
            _record_use(request.session, now)


@answers_503_when_the_database_is_down  # reading the session's user is the request's first query
def session_limits(get_response):
    def middleware(request):
        _apply_limits(request)
        return get_response(request)

    return middleware
