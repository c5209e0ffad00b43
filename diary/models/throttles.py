from django.db import models


class ThrottleCount(models.Model):
    """A throttle's counter for one window, kept in the database only while Redis
    is unreachable, for the limits that must not fail open (logins, share codes)."""

    key = models.CharField(max_length=255, unique=True)  # scope:ident:window number
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
