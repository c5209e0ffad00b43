"""The session engine (SESSION_ENGINE): Django's database sessions, stored in
diary.models.sessions.UserSession so that each row names its account."""

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# The session keys under which the login view keeps the device's User-Agent and the login time.
DEVICE_KEY = "_neckline_device"
SIGNED_IN_AT = "_neckline_signed_in_at"
# The last use, written at most once a minute by api.accounts.session_limits.
LAST_USED_AT = "_neckline_last_used_at"


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from diary.models.sessions import UserSession

        return UserSession

    def create_model_instance(self, data):
        signed_in_at = data.setdefault(SIGNED_IN_AT, int(dt.datetime.now(tz=dt.UTC).timestamp()))
        # A session is in use when it is written: without this its first request writes it again.
        data.setdefault(LAST_USED_AT, signed_in_at)
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = int(user_id) if user_id is not None else None
        instance.device = str(data.get(DEVICE_KEY, ""))[:200]
        instance.created_at = dt.datetime.fromtimestamp(signed_in_at, tz=dt.UTC)
        return instance
