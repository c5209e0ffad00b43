#!/usr/bin/env bash
# What `make run` does once Redis is up: prepare the database and load the demo, then
# supervise web, worker and beat (tools/with_redis.py stops them all on Ctrl-C, SIGTERM
# and SIGHUP).
set -euo pipefail
# The local run is the one place DEBUG is on by default (config/settings.py).
export DEBUG="${DEBUG:-true}"
python tools/prepare_local_run.py
echo "Neckline: http://127.0.0.1:${PORT:-8000}/   API docs: http://127.0.0.1:${PORT:-8000}/api/docs/   (Ctrl-C stops)"
exec honcho --procfile Procfile.dev start --port "${PORT:-8000}"
