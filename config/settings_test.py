"""The tests' settings: production's (config/settings.py), with DEBUG on unless the
environment says otherwise. Set in the environment, not here, so the processes the tests
start (a live server, a Celery worker) inherit it."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403
