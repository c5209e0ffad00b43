"""The tests' settings: production's (config/settings.py), with DEBUG on unless the
environment says otherwise. Set in the environment, not here, so the processes the tests
start (a live server, a Celery worker) inherit it."""

import os

os.environ.setdefault("DEBUG", "true")
# The clinician requirements are on in production; most tests exercise other things with a
# clinician signed in by force_login. The tests of the requirements turn them on
# (tests/accounts/test_clinician_requirements.py).
os.environ.setdefault("CLINICIAN_EMAIL_VERIFICATION_REQUIRED", "false")
os.environ.setdefault("CLINICIAN_MFA_REQUIRED", "false")

from config.settings import *  # noqa: E402, F403
