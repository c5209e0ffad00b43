#!/usr/bin/env bash
# What `make run` does once Redis is up: prepare the database, load the demo,
# then supervise web, worker and beat (Ctrl-C stops them all).
set -euo pipefail
python manage.py migrate --noinput --verbosity 0
python manage.py collectstatic --noinput --verbosity 0
python manage.py load_demo
echo "Neckline: http://127.0.0.1:${PORT:-8000}/   API docs: http://127.0.0.1:${PORT:-8000}/api/docs/   (Ctrl-C stops)"
exec honcho --procfile Procfile.dev start --port "${PORT:-8000}"
