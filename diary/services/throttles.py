import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from diary.models import ThrottleCount


def throttle_hit(*, key: str, window_seconds: int) -> int:
    """Count one hit against `key` in the database and return the window's count so far.
    One statement (an upsert), so concurrent requests never lose a hit."""
    table = connection.ops.quote_name(ThrottleCount._meta.db_table)
    expires_at = timezone.now() + dt.timedelta(seconds=window_seconds)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 - names from the model
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, expires_at],
        )
        return cursor.fetchone()[0]
