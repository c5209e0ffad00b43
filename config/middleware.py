import functools
import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


HEALTH_PATH = "/api/v1/health/"


def health_check_from_any_host(get_response):
    """A load balancer probes the health endpoint by the server's address, which is not in
    ALLOWED_HOSTS: that one path answers whatever the Host header says, instead of 400.
    Safe because the health answer builds no link or redirect from the host. First in
    MIDDLEWARE, before CommonMiddleware, the first to check the host."""

    def middleware(request):
        if request.path == HEALTH_PATH:
            request.get_host = request._get_raw_host  # the host unchecked (Django's own reader)
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    """Send the Permissions-Policy header (Django has no setting for it)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


class DatabaseUnavailable:
    """A database that is down or restarting answers 503 with Retry-After, which
    the PWA's outbox treats as "try again later", rather than a 500 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable_response(exception)


def unavailable_response(exception: Exception) -> JsonResponse | None:
    """The 503 for a database that is down or restarting, or None for any other error;
    also for middleware that reads the database before the view (the session's user)."""
    if isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in type(exception).__name__.lower()
    ):
        log.warning("database unavailable", exc_info=exception, extra={"status_code": 503})
        response = JsonResponse({"detail": _("The service is briefly unavailable. Please try again.")}, status=503)
        response["Retry-After"] = "5"
        return response
    return None


def answers_503_when_the_database_is_down(middleware_factory):
    """For a middleware that reads the database before the view (the session's user): a
    database that is down or restarting answers 503 there too, as it would from the view.
    Needed because Django turns an exception raised inside a middleware into a 500 page
    before DatabaseUnavailable, further out, can see it; any other error is left alone."""

    @functools.wraps(middleware_factory)
    def factory(get_response):
        middleware = middleware_factory(get_response)

        def guarded(request):
            try:
                return middleware(request)
            except DatabaseError as exception:
                response = unavailable_response(exception)
                if response is None:
                    raise
                return response

        return guarded

    return factory
