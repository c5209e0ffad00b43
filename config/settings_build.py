"""Settings for build steps (the Dockerfile's `collectstatic`): production's settings,
with throwaway values for what a build neither has nor needs: the secrets, the database,
the broker and the Web Push keys. Nothing is connected to, and nothing here reaches the
image's processes, which load config.settings with the deployment's own values."""

import os
import secrets

from config.vapid import generate_pair

_public, _private = generate_pair()
os.environ.update(
    DEBUG="false",  # collect exactly what production serves: hashed and compressed
    SECRET_KEY=f"build-only-{secrets.token_urlsafe(40)}",
    DATABASE_URL="postgres://build.invalid/none",
    REDIS_URL="redis://build.invalid:6379/0",
    VAPID_PUBLIC_KEY=_public,
    VAPID_PRIVATE_KEY=_private,
    VAPID_SUBJECT="mailto:build@build.invalid",
)

from config.settings import *  # noqa: E402, F403
