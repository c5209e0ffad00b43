#!/usr/bin/env bash
# What `make run` does once Redis is up: prepare the database and load the demo, then
# supervise web, worker and beat (tools/with_redis.py stops them all on Ctrl-C, SIGTERM
# and SIGHUP).
set -euo pipefail
# The local run is the one place DEBUG is on by default (config/settings.py).
export DEBUG="${DEBUG:-true}"
# The clinician requirements (issue 23) are on in production; the local run turns them off
# for its demo clinician unless told otherwise, and says which are on.
export CLINICIAN_EMAIL_VERIFICATION_REQUIRED="${CLINICIAN_EMAIL_VERIFICATION_REQUIRED:-false}"
export CLINICIAN_MFA_REQUIRED="${CLINICIAN_MFA_REQUIRED:-false}"
echo "Clinicians need a verified email: ${CLINICIAN_EMAIL_VERIFICATION_REQUIRED}   a second sign-in step: ${CLINICIAN_MFA_REQUIRED}   (CLINICIAN_EMAIL_VERIFICATION_REQUIRED, CLINICIAN_MFA_REQUIRED; both true in production)"
echo "The admin (/admin/) always asks for a second step: enrol an authenticator under Password in the app first."
python tools/prepare_local_run.py
echo "Neckline: http://127.0.0.1:${PORT:-8000}/   API docs: http://127.0.0.1:${PORT:-8000}/api/docs/   (Ctrl-C stops)"
exec honcho --procfile Procfile.dev start --port "${PORT:-8000}"
