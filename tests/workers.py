"""A real Celery worker (and beat) for the tests that must go through one.

The worker is a separate process, so it is pointed at the test database by URL
and given a queue of its own; the test must use `transactional_db` so that what
it writes is committed and visible to the worker.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parent.parent


def worker_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(queue: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "DATABASE_CONN_MAX_AGE": "0",
    }


@contextmanager
def celery_process(*args: str, queue: str | None = None, env: dict | None = None):
    """Start `celery -A config <args>` against the test database; stop it afterwards.
    Yields the queue name; tasks must be sent to it (settings.CELERY_TASK_DEFAULT_QUEUE
    is switched to it for the duration)."""
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    log = open(ROOT / "var" / f"celery-{queue}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args],
        cwd=ROOT,
        env={**worker_env(queue), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        app.conf.task_default_queue = previous_queue
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def celery_worker(concurrency: int = 1, extra_args: tuple[str, ...] = ()):
    """A worker consuming its own queue, ready before the block starts."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    with celery_process(
        "worker",
        "-Q",
        name,
        "-n",
        f"{name}@%h",
        "--concurrency",
        str(concurrency),
        "--pool",
        "prefork",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "INFO",
        *extra_args,
        queue=name,
    ) as queue:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{name}@{os.uname().nodename}"], timeout=0.5):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start; see var/celery-{queue}.log")
        yield queue


def wait_for(predicate, seconds: float = 30, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"gave up waiting after {seconds} s")
