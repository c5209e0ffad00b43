"""Benchmark: PUT /api/v1/entries/{uuid}/ beside its floors, in one run.

    .venv/bin/python bench/entries_put.py [--seconds 15] [--clients 8] [--workers 4] [--in-process 400]

Three ways to save the same entry, with the same session cookie and CSRF token:

- api:     PUT /api/v1/entries/{uuid}/ (DRF: throttles, validation, the service, hooks);
- service: the shipped service and renderer in a plain Django view (bench/floor.py);
- floor:   a plain Django view sending one upsert statement (bench/floor.py).

First in-process (Django's test client, no HTTP; wall and CPU time per request,
less sensitive to other load on the machine; the API also with a new patient per
save, whose first save opens a screening coalescing window), then under gunicorn on a free local
port with --clients keep-alive clients, the three interleaved in --rounds. Prints
each, and the ratios to the floor.
Target: the API within 1.5x of the floor in req/s and p95 at 8 clients.

Needs PostgreSQL (trust auth) on the server of DATABASE_URL (default 127.0.0.1:5432),
where it creates and drops its own database, nl_bench_entries_put (never the one
DATABASE_URL names), and Redis (REDIS_URL, default redis://127.0.0.1:6379/15) as the
app uses for throttles and the screening enqueue.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402
from config.vapid import generate_pair  # noqa: E402

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
# Its own database: DATABASE_URL may name a developer's real one, which must survive.
DATABASE = "nl_bench_entries_put"
EMAIL, PASSWORD = "bench@example.test", "bench-passphrase-1"
BODY = {
    "date": "2026-01-15",
    "side": "right",
    "severity": 5,
    "onset_region": "neck",
    "neck_trigger": "sustained_posture",
    "posture": "desk_screen",
}
PATHS = {"api": "/api/v1/entries/", "service": "/service/entries/", "floor": "/floor/entries/"}
NEW_PATIENT = "api, a new patient each save"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(server_url: str, sql: str) -> None:
    subprocess.run(["psql", f"{server_url}/postgres", "-qc", sql], check=True, capture_output=True)


def login(base: str) -> tuple[str, str]:
    """Log in like the PWA; return the Cookie header and the CSRF token."""
    response = urlopen(f"{base}/api/v1/auth/csrf/")
    cookies = SimpleCookie(response.headers["Set-Cookie"])
    token = cookies["csrftoken"].value
    request = Request(
        f"{base}/api/v1/auth/login/",
        method="POST",
        data=json.dumps({"email": EMAIL, "password": PASSWORD}).encode(),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": token,
            "Cookie": f"csrftoken={token}",
            "Referer": base,
        },
    )
    response = urlopen(request)
    for header in response.headers.get_all("Set-Cookie"):
        cookies.load(header)
    return "; ".join(f"{k}={v.value}" for k, v in cookies.items()), cookies["csrftoken"].value


def request_maker(path_prefix: str, port: int, cookie: str, token: str):
    body = json.dumps(BODY).encode()
    head = (
        f"Host: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nCookie: {cookie}\r\n"
        f"X-CSRFToken: {token}\r\nReferer: http://127.0.0.1:{port}/\r\nContent-Length: {len(body)}\r\n\r\n"
    )

    def make() -> bytes:
        return f"PUT {path_prefix}{uuid.uuid4()}/ HTTP/1.1\r\n{head}".encode() + body

    return make


def in_process(requests: int) -> None:
    """Run inside the bench's environment (a child process): time each way with
    Django's test client, interleaved in rounds so that load from elsewhere on
    the machine falls on all three alike."""
    import django  # noqa: PLC0415

    django.setup()
    from django.test import Client  # noqa: PLC0415

    import config.wsgi  # noqa: F401, PLC0415 - the served app's start-up (config/startup.py), as under gunicorn
    from diary.models import User  # noqa: PLC0415

    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    # The API again, each save by a patient saving for the first time (issue 27): one
    # patient hides the costs of a first save, such as opening a screening coalescing window.
    per_round = max(1, requests // 10)
    newcomers = iter(
        User.objects.bulk_create(
            [User(email=f"new{n}-{EMAIL}", role="patient", timezone="UTC") for n in range(11 * per_round)]
        )
    )
    newcomer_client = Client()
    ways = {**PATHS, NEW_PATIENT: PATHS["api"]}
    body = json.dumps(BODY)
    times = {name: ([], []) for name in ways}
    for round_ in range(-1, 10):  # the first round warms up
        for name, prefix in ways.items():
            walls, cpus = times[name]
            for _ in range(per_round):
                if name == NEW_PATIENT:
                    newcomer_client.force_login(next(newcomers))  # before the clock starts
                wall, cpu = time.perf_counter(), time.process_time()
                saver = newcomer_client if name == NEW_PATIENT else client
                response = saver.put(f"{prefix}{uuid.uuid4()}/", body, content_type="application/json")
                if round_ >= 0:
                    walls.append((time.perf_counter() - wall) * 1000)
                    cpus.append((time.process_time() - cpu) * 1000)
                assert response.status_code == 201, (name, response.status_code, response.content[:200])
    print(
        json.dumps(
            {name: {"wall_ms": statistics.median(w), "cpu_ms": statistics.median(c)} for name, (w, c) in times.items()}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--rounds", type=int, default=5, help="the load phase's --seconds split into rounds of the three"
    )
    parser.add_argument("--in-process", type=int, default=400, help="requests per way in-process (0: skip)")
    parser.add_argument("--in-process-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process_child:
        in_process(args.in_process)
        return

    parts = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_SERVER_URL))
    server_url, database = f"{parts.scheme}://{parts.netloc}", DATABASE
    database_url = f"{server_url}/{database}"
    psql(server_url, f"DROP DATABASE IF EXISTS {database}")
    psql(server_url, f"CREATE DATABASE {database}")
    port = free_port()
    vapid_public, vapid_private = generate_pair()  # production settings require a pair; any will do here
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SETTINGS_MODULE": "bench.settings_floor",
        # One user writes thousands of entries a second here: lift the abuse limits.
        "THROTTLE_WRITES_PER_USER": "1000000/min",
        "THROTTLE_WRITES_PER_ADDRESS": "1000000/min",
        "SECURE_SSL_REDIRECT": "false",
        "VAPID_PUBLIC_KEY": vapid_public,
        "VAPID_PRIVATE_KEY": vapid_private,
        "VAPID_SUBJECT": "mailto:bench@example.test",
        "LOG_LEVEL": "WARNING",
        # The real app enqueues screening on commit; an unreachable broker must not
        # be part of the measure, so the bench runs against the machine's Redis.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    create_user = (
        "import django; django.setup(); from diary.models import User; "
        f"User.objects.create_user('{EMAIL}', '{PASSWORD}')"
    )
    subprocess.run([python, "-c", create_user], cwd=ROOT, env=env, check=True)
    server = None
    try:
        timing = None
        if args.in_process:
            child = subprocess.run(
                [python, __file__, "--in-process-child", "--in-process", str(args.in_process)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            timing = json.loads(child.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                "2",
                "--log-level",
                "warning",
                "--env",
                "DJANGO_SETTINGS_MODULE=bench.settings_floor",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urlopen(f"{base}/api/v1/health/")
                break
            except OSError:
                time.sleep(0.1)
        cookie, token = login(base)
        makers = {name: request_maker(prefix, port, cookie, token) for name, prefix in PATHS.items()}
        for make in makers.values():
            loadgen.run("warm-up", "127.0.0.1", port, make, clients=args.clients, seconds=2)
        labels = {"api": "PUT /api/v1/entries/ (DRF)", "service": "service, no DRF", "floor": "one statement (floor)"}
        # Interleaved in rounds, as in-process: a burst of load from elsewhere on the
        # machine then falls on all three alike instead of on whichever ran at that time.
        rounds = {name: [] for name in makers}
        for _ in range(args.rounds):
            for name, make in makers.items():
                seconds = args.seconds / args.rounds
                rounds[name].append(loadgen.run(name, "127.0.0.1", port, make, clients=args.clients, seconds=seconds))
        results = {name: loadgen.merged(labels[name], parts) for name, parts in rounds.items()}
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        psql(server_url, f"DROP DATABASE IF EXISTS {database}")

    if timing:
        print(f"\nin-process, per request (median of {args.in_process} each, interleaved): wall / CPU")
        for name, figures in timing.items():
            print(
                f"  {name:<8} {figures['wall_ms']:6.2f} ms / {figures['cpu_ms']:6.2f} ms   "
                f"{figures['wall_ms'] / timing['floor']['wall_ms']:.2f}x the floor's wall time"
            )
    print(
        f"\n{args.clients} concurrent clients, gunicorn {args.workers} workers x 2 threads, PostgreSQL, "
        f"{args.seconds:.0f} s each"
    )
    for result in results.values():
        print(result.line())
    floor = results["floor"]
    for name in ("api", "service"):
        result = results[name]
        print(
            f"ratio {name}/floor: req/s {floor.throughput / result.throughput:.2f}x fewer, "
            f"p95 {result.percentile(95) / floor.percentile(95):.2f}x"
        )
    print("target: the API within 1.5x of the floor in req/s and p95")
    print(
        "RESULT "
        + json.dumps(
            {
                "in_process": timing,
                "load": {
                    name: {"rps": r.throughput, "p95": r.percentile(95), "errors": r.errors}
                    for name, r in results.items()
                },
            }
        )
    )


if __name__ == "__main__":
    main()
