"""Issue 24, item 7: erasing an account costs its own sessions only, however many
sessions the database holds (they are indexed by user, not decoded one by one)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from diary.models import UserSession
from tests.factories import PASSWORD, UserFactory

OTHER_SESSIONS = 300_000


def bulk_insert_sessions(user_id: int, count: int) -> None:
    table = UserSession._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608
                "(session_key, session_data, expire_date, user_id, device, created_at, last_used_at) "
                "SELECT 'k' || n, 'e30:x', now() + interval '1 day', %s, '', now(), now() "
                "FROM generate_series(1, %s) AS n",
                [user_id, count],
            )
            cursor.execute(f"ANALYZE {table}")
        else:
            UserSession.objects.bulk_create(
                UserSession(
                    session_key=f"k{n}",
                    session_data="e30:x",
                    expire_date="2999-01-01T00:00:00Z",
                    user_id=user_id,
                    created_at="2026-01-01T00:00:00Z",
                )
                for n in range(count)
            )


@pytest.mark.django_db(transaction=False)
def test_erasure_with_300000_sessions_reads_only_the_accounts_own(patient):
    crowd = UserFactory(email="crowd@example.test")
    bulk_insert_sessions(crowd.pk, OTHER_SESSIONS)
    client = APIClient()
    client.post("/api/v1/auth/login/", {"email": patient.email, "password": PASSWORD}, format="json")
    APIClient().post("/api/v1/auth/login/", {"email": patient.email, "password": PASSWORD}, format="json")
    assert UserSession.objects.filter(user=patient).count() == 2

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
        elapsed = time.perf_counter() - started
    assert response.status_code == 204
    print(f"erasure with {OTHER_SESSIONS} other sessions: {elapsed * 1000:.0f} ms")

    table = UserSession._meta.db_table
    session_reads = [
        q["sql"] for q in queries.captured_queries if table in q["sql"] and "django_session" not in q["sql"]
    ]
    assert session_reads, "the account's sessions are deleted"
    # Every statement on the session table names the user: none reads the whole table.
    assert all('"user_id"' in sql for sql in session_reads if not sql.startswith("INSERT"))
    assert UserSession.objects.filter(user=patient).count() == 0
    assert UserSession.objects.filter(user=crowd).count() == OTHER_SESSIONS

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN SELECT session_key FROM {table} WHERE user_id = %s", [patient.pk])  # noqa: S608
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Index" in plan, plan
