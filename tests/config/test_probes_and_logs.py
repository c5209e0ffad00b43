"""What an operator sees: a load balancer's probe by IP address answers, an unknown API
path answers JSON, a request for a foreign host is a warning, and gunicorn's own logs
are JSON lines in the app's shape, without query strings."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from tests.config.test_settings import production_variables
from tests.workers import ROOT


def test_the_health_check_answers_a_probe_by_ip_address(client, db, settings):
    settings.ALLOWED_HOSTS = ["neckline.example"]
    assert client.get("/api/v1/health/", HTTP_HOST="10.0.0.7:8000").status_code == 200
    # ...and only the health check: every other path still refuses a foreign host.
    assert client.get("/api/v1/auth/csrf/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v2/entries/", "/api/v1/entries/not-a-uuid/"])
def test_an_unknown_api_path_answers_json(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_outside_the_api_is_not_json(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_foreign_host_is_a_warning_without_a_stack(client, db, caplog):
    caplog.set_level(logging.INFO)
    assert client.get("/api/v1/auth/csrf/", HTTP_HOST="evil.example").status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "evil.example" in record.getMessage()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, host: str) -> int | None:
    """The status of a GET with this Host header (None: no answer yet, e.g. while a worker
    boots on a loaded machine)."""
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:  # refused, reset or timed out
        return None


@contextmanager
def production_gunicorn(tmp_path, output: dict):
    """gunicorn as production runs it (config/gunicorn.py, DEBUG off, HTTPS redirects on);
    yields its address; `output` gets its stderr and stdout once it has stopped."""
    port = free_port()
    env = {
        **os.environ,
        **production_variables(),
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "neckline.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "NECKLINE_VAR_DIR": str(tmp_path),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while fetch(f"{base}/api/v1/health/", "127.0.0.1") is None:
            assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        output["stdout"], output["stderr"] = process.communicate(timeout=30)


def test_gunicorn_logs_json_lines_in_the_apps_shape_without_query_strings(tmp_path):
    output = {}
    with production_gunicorn(tmp_path, output) as base:
        # A load balancer's probe: plain HTTP, by address, with a query for good measure.
        assert fetch(f"{base}/api/v1/health/?device=SECRET-PUSH-ENDPOINT", "10.0.0.7:8000") == 200
        assert fetch(f"{base}/?from=2026-01-01", "evil.example") == 400
        time.sleep(1)  # the access line is written just after the response
    assert output["stdout"] == ""
    lines = [json.loads(line) for line in output["stderr"].splitlines()]  # every line is JSON
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    assert {line["logger"] for line in lines} >= {"gunicorn.error", "gunicorn.access", "django.security.DisallowedHost"}
    probe = next(line for line in lines if line["logger"] == "gunicorn.access" and line["status_code"] == 200)
    assert probe["message"] == "GET /api/v1/health/ 200" and probe["path"] == "/api/v1/health/"
    assert probe["method"] == "GET" and isinstance(probe["duration_ms"], int)
    assert "SECRET-PUSH-ENDPOINT" not in output["stderr"] and "2026-01-01" not in output["stderr"]
    [foreign] = [line for line in lines if line["logger"] == "django.security.DisallowedHost"]
    assert foreign["level"] == "WARNING" and "stack" not in foreign and "exception" not in foreign
