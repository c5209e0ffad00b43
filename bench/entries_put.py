"""Benchmark: PUT /api/v1/entries/{uuid}/ on gunicorn and PostgreSQL at 8 concurrent clients,
beside the same upsert in a bare Django view (the framework floor).

    .venv/bin/python bench/entries_put.py [--seconds 15] [--clients 8] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth, as on the dev machines and CI); it creates and
drops its own database. Target: p95 under 25 ms and within 1.5x of the floor.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402
from config.vapid import generate_pair  # noqa: E402

DATABASE = "nl_bench_entries"
PG = "postgres://postgres@127.0.0.1:5432"
EMAIL, PASSWORD = "bench@example.test", "bench-passphrase-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


def login(base: str) -> tuple[str, str]:
    """Log in like the PWA; return the Cookie header and the CSRF token."""
    response = urlopen(f"{base}/api/v1/auth/csrf/")
    cookies = SimpleCookie(response.headers["Set-Cookie"])
    token = cookies["csrftoken"].value
    request = Request(f"{base}/api/v1/auth/login/", method="POST",
                      data=json.dumps({"email": EMAIL, "password": PASSWORD}).encode(),
                      headers={"Content-Type": "application/json", "X-CSRFToken": token,
                               "Cookie": f"csrftoken={token}", "Referer": base})
    response = urlopen(request)
    for header in response.headers.get_all("Set-Cookie"):
        cookies.load(header)
    return "; ".join(f"{k}={v.value}" for k, v in cookies.items()), cookies["csrftoken"].value


def request_maker(path_prefix: str, port: int, cookie: str, token: str):
    body = json.dumps({"date": "2026-01-15", "side": "right", "severity": 5, "onset_region": "neck",
                       "neck_trigger": "sustained_posture", "posture": "desk_screen"}).encode()
    head = (f"Host: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nCookie: {cookie}\r\n"
            f"X-CSRFToken: {token}\r\nReferer: http://127.0.0.1:{port}/\r\nContent-Length: {len(body)}\r\n\r\n")

    def make() -> bytes:
        return f"PUT {path_prefix}{uuid.uuid4()}/ HTTP/1.1\r\n{head}".encode() + body

    return make


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    port = free_port()
    vapid_public, vapid_private = generate_pair()  # production settings require a pair; any will do here
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DATABASE}", "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50,
           "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "bench.settings_floor",
           # One user writes thousands of entries a second here: lift the abuse limits.
           "THROTTLE_WRITES_PER_USER": "1000000/min", "THROTTLE_WRITES_PER_ADDRESS": "1000000/min",
           "SECURE_SSL_REDIRECT": "false", "VAPID_PUBLIC_KEY": vapid_public, "VAPID_PRIVATE_KEY": vapid_private,
           "VAPID_SUBJECT": "mailto:bench@example.test",
           # The real app enqueues screening on commit; an unreachable broker must not
           # be part of the measure, so the bench runs against the machine's Redis.
           "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "-c", "import django; django.setup(); from diary.models import User; "
                    f"User.objects.create_user('{EMAIL}', '{PASSWORD}')"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", "gthread", "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urlopen(f"{base}/api/v1/health/")
                break
            except OSError:
                time.sleep(0.1)
        cookie, token = login(base)
        api = request_maker("/api/v1/entries/", port, cookie, token)
        floor = request_maker("/floor/entries/", port, cookie, token)
        loadgen.run("warm-up", "127.0.0.1", port, api, clients=args.clients, seconds=2)
        loadgen.run("warm-up", "127.0.0.1", port, floor, clients=args.clients, seconds=2)
        results = [
            loadgen.run("PUT /api/v1/entries/ (DRF)", "127.0.0.1", port, api, clients=args.clients,
                        seconds=args.seconds),
            loadgen.run("bare Django view (floor)", "127.0.0.1", port, floor, clients=args.clients,
                        seconds=args.seconds),
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")

    api_result, floor_result = results
    print(f"\n{args.clients} concurrent clients, gunicorn {args.workers} workers x 2 threads, PostgreSQL, "
          f"{args.seconds:.0f} s each")
    for result in results:
        print(result.line())
    print(f"ratio DRF/floor: p95 {api_result.percentile(95) / floor_result.percentile(95):.2f}x, "
          f"throughput {floor_result.throughput / api_result.throughput:.2f}x")
    print("target: p95 < 25 ms and within 1.5x of the floor")


if __name__ == "__main__":
    main()
