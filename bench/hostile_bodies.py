"""Benchmark: what a hostile body costs (issue 13, item 1).

    .venv/bin/python bench/hostile_bodies.py [--runs 3]

PUT /api/v1/reminders/settings/ with {"enabled": true, "times": ["08:00"] * 20000}
(180 KB) through Django's test client, as one logged-in patient: once as deployed
(the body cap answers 413 before parsing), once with the cap lifted (the list field
answers 400 on its length before looking at any item), and an ordinary body as the
floor. Before issue 13 the same request took about 43 s. Prints the median and the
spread of --runs runs of each.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); creates and drops nl_bench_hostile.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.clinician_summary as common  # noqa: E402 - after sys.path is set

DATABASE = "nl_bench_hostile"


def setup_django() -> None:
    common.setup_django(
        DATABASE,
        LOG_LEVEL="ERROR",
        # The counters are shared with whatever ran on this Redis this minute (another
        # benchmark's user 1 saving thousands of entries): the limits are not measured here.
        THROTTLE_WRITES_PER_USER="1000000/min",
        THROTTLE_WRITES_PER_ADDRESS="1000000/min",
    )


def timed(client, body: str, runs: int) -> tuple[int, list[float]]:
    seconds = []
    status = 0
    for _ in range(runs):
        start = time.perf_counter()
        status = client.generic(
            "PUT", "/api/v1/reminders/settings/", body, content_type="application/json", secure=True
        ).status_code
        seconds.append(time.perf_counter() - start)
    return status, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    common.psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    common.psql(f"CREATE DATABASE {DATABASE}")
    try:
        setup_django()
        from django.conf import settings
        from django.test import Client

        from diary.models import User

        rest = settings.REST_FRAMEWORK
        rest["DEFAULT_THROTTLE_RATES"].clear()
        user = User.objects.create_user("bench@example.test", "a-long-bench-passphrase")
        client = Client()
        client.force_login(user)
        hostile = json.dumps({"enabled": True, "times": ["08:00"] * 20000})
        ordinary = json.dumps({"enabled": True, "times": ["08:00", "13:00"]})
        cases = [
            ("ordinary body (floor)", ordinary, None),
            ("20,000 times, as deployed", hostile, None),
            ("20,000 times, body cap lifted", hostile, [(r"^/api/v1/reminders/", 1024 * 1024)]),
        ]
        for name, body, limits in cases:
            saved = settings.API_BODY_LIMITS
            if limits is not None:
                settings.API_BODY_LIMITS = limits
            status, seconds = timed(client, body, runs)
            settings.API_BODY_LIMITS = saved
            ms = [s * 1000 for s in seconds]
            print(f"{name:32} {status}  median {statistics.median(ms):7.1f} ms  spread {min(ms):.1f}-{max(ms):.1f} ms")
    finally:
        from django.db import connections

        connections.close_all()
        common.psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
