"""No health-check round trip on a database connection that answered a moment ago.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS, Django sends a
`SELECT 1` before the first query of every request, to find a connection the
server dropped (a restart, an idle timeout). Under load that is a round trip per
request (an entry save is otherwise one statement) for connections that served
a request a few milliseconds ago. Here a connection that ended a request without
an error less than FRESH_SECONDS ago skips the check; an older one is checked as
before. Should the server drop a connection inside that window, the request that
meets it answers 503 with Retry-After (config.middleware) and Django closes the
connection at the end of it, as it would without health checks.
"""

import time

from django.core.signals import request_finished, request_started
from django.db import connections

FRESH_SECONDS = 5.0


def _note_answered(**kwargs) -> None:
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.errors_occurred:
            connection.neckline_answered_at = now
        else:
            connection.neckline_answered_at = None


def _trust_fresh(**kwargs) -> None:
    # Runs after Django's close_old_connections (connected when django.db was
    # imported, before any app is ready), which has just asked for a check.
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        answered = getattr(connection, "neckline_answered_at", None)
        if connection.connection is not None and answered is not None and now - answered < FRESH_SECONDS:
            connection.health_check_done = True


def skip_health_checks_of_fresh_connections() -> None:
    request_finished.connect(_note_answered, dispatch_uid="neckline-note-answered")
    request_started.connect(_trust_fresh, dispatch_uid="neckline-trust-fresh")
