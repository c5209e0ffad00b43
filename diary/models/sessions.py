"""Login sessions, kept with the account they belong to (Django's session model plus
a user column): erasure and "sign out everywhere" delete one account's rows by an
index instead of decoding every session in the database, and the account can list
its own sessions with the device and the last use."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class UserSession(AbstractBaseSession):
    # Null until someone logs in (a CSRF-only session has no account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    # The browser's User-Agent at login, cut short: how the account recognises a device.
    device = models.CharField(max_length=200, blank=True, default="")
    # From the login time kept in the session (each save rewrites the whole row).
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(auto_now=True)

    @classmethod
    def get_session_store_class(cls):
        from diary.sessions import SessionStore

        return SessionStore
