"""The health check of persistent connections (CONN_HEALTH_CHECKS): skipped on a
connection that answered a moment ago, kept on one idle for longer."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection

from api import connections as fresh


@pytest.fixture
def checks(transactional_db, monkeypatch):
    """A persistent, health-checked connection, counting its `SELECT 1`s."""
    # As in a served process: Django's close_old_connections first, ours after it
    # (Django's test client re-appends close_old_connections after each request).
    request_started.disconnect(dispatch_uid="neckline-trust-fresh")
    fresh.skip_health_checks_of_fresh_connections()
    connection.ensure_connection()
    monkeypatch.setattr(connection, "health_check_enabled", True)
    monkeypatch.setattr(connection, "close_at", None)
    calls = []
    real = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: calls.append(1) or real())
    return calls


def a_request_with_a_query():
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
    request_finished.send(sender=None)


def test_back_to_back_requests_skip_the_check(checks):
    a_request_with_a_query()
    checks.clear()
    a_request_with_a_query()
    a_request_with_a_query()
    assert checks == []


def test_a_connection_idle_for_longer_is_checked(checks, monkeypatch):
    a_request_with_a_query()
    checks.clear()
    connection.neckline_answered_at -= fresh.FRESH_SECONDS + 1
    a_request_with_a_query()
    assert checks == [1]


def test_a_connection_that_saw_an_error_is_checked(checks):
    a_request_with_a_query()
    connection.neckline_answered_at = None  # as request_finished leaves it after an error
    checks.clear()
    a_request_with_a_query()
    assert checks == [1]
