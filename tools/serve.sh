#!/usr/bin/env bash
# What `make run` does once Redis is up: prepare the database, load the demo,
# then supervise web, worker and beat (Ctrl-C stops them all).
set -euo pipefail
python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0
python manage.py load_demo
exec honcho --procfile Procfile.dev start --port "${PORT:-8000}"
