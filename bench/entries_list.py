"""Benchmark: listing 3,650 entries in-process (no HTTP server, so little noise).

    .venv/bin/python bench/entries_list.py [--entries 3650] [--repeat 7]

Prints, each as the median of --repeat runs:
- every page of GET /api/v1/entries/ followed through `next` (Django's test
  client: session, middleware, DRF view, JSON), for all the entries: the
  server's time, after the served app's start-up (config/wsgi.py);
- the rows alone: the selector's `.values()` and the plain renderer, one call;
- beside them, the old way: EntrySerializer(many=True) over model instances.
Target: all the entries in well under 100 ms.

Needs PostgreSQL (trust auth) on the server of DATABASE_URL (default 127.0.0.1:5432),
where it creates and drops its own database, nl_bench_entries_list (never the one
DATABASE_URL names).
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
# Its own database: DATABASE_URL may name a developer's real one, which must survive.
DATABASE = "nl_bench_entries_list"


def psql(server_url: str, sql: str) -> None:
    subprocess.run(["psql", f"{server_url}/postgres", "-qc", sql], check=True, capture_output=True)


def median_ms(run, repeat: int) -> tuple[float, float]:
    """Median wall and CPU time (this process only: not the database's) in ms."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def measure(count: int, repeat: int) -> None:
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from api.entries.render import ROW_COLUMNS, entries_json, entries_page_json  # noqa: PLC0415
    from api.entries.serializers import EntrySerializer  # noqa: PLC0415
    from diary.models import Entry, User  # noqa: PLC0415
    from diary.selectors.entries import entries_between, entries_page  # noqa: PLC0415
    from diary.timezones import local_today  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    import config.wsgi  # noqa: F401, PLC0415 - the served app's start-up (config/startup.py)

    patient = User.objects.create_user("list@example.test", "bench-passphrase-1")
    today = local_today(patient)
    days = 3 * 365  # the longest range one request may ask for is 3 x 366 days
    entries = []
    for n in range(count):
        day = today - dt.timedelta(days=n % days)
        entries.append(
            Entry(
                id=uuid.uuid4(),
                patient=patient,
                date=day,
                started_at=dt.time(6 + n % 15, 0),
                side="right",
                severity=5,
                onset_region="neck",
                neck_trigger="sustained_posture",
                posture="desk_screen",
                symptoms=["neck_stiffness"],
                medications=[{"name": "Ibuprofen 400 mg", "kind": "nsaid", "relief": "partial"}] if n % 3 else [],
                red_flags=["cough_exertion_triggered"] if n % 97 == 0 else [],
                notes="At the desk all afternoon.",
            )
        )
    Entry.objects.bulk_create(entries, batch_size=1000)
    date_from = today - dt.timedelta(days=days - 1)

    client = Client()
    client.force_login(patient)
    pages = {}

    def every_page() -> float:
        """The server's time for every page, in ms: the client's own reading of
        the JSON (to follow `next`) is left out, as a phone's would be."""
        path = f"/api/v1/entries/?from={date_from}&to={today}"
        listed, size, count_pages, server = 0, 0, 0, 0.0
        while path:
            start = time.perf_counter()
            response = client.get(path)
            server += time.perf_counter() - start
            body = json.loads(response.content)
            listed += len(body["results"])
            size += len(response.content)
            count_pages += 1
            path = body["next"]
        pages.update(listed=listed, bytes=size, pages=count_pages)
        return server * 1000

    def rows_and_render():
        rows, _ = entries_page(patient=patient, date_from=date_from, date_to=today, columns=ROW_COLUMNS, size=count + 1)
        pages["rendered"] = len(entries_json(rows))

    def database_json():
        text, _ = entries_page_json(patient=patient, date_from=date_from, date_to=today, size=count + 1)
        pages["database_json"] = len(json.loads(text))

    def old_serializer():
        queryset = entries_between(patient=patient, date_from=date_from, date_to=today)
        pages["serialized"] = len(EntrySerializer(queryset, many=True).data)

    every_page()  # warm-up
    figures = {
        "GET every page through the API (server)": (statistics.median(every_page() for _ in range(repeat)), None),
        "one page of all, JSON by the database": median_ms(database_json, repeat),
        "rows + Python renderer (SQLite's way)": median_ms(rows_and_render, repeat),
        "old: EntrySerializer(many=True)": median_ms(old_serializer, repeat),
    }
    assert pages["listed"] == pages["rendered"] == pages["serialized"] == pages["database_json"] == count, pages
    print(
        f"{count} entries over {days} days, median of {repeat} runs, in-process "
        f"(GET: {pages['pages']} pages, {pages['bytes'] / 1e6:.2f} MB of JSON)"
    )
    print(f"  {'':<40} {'wall ms':>8} {'CPU ms':>8}   (CPU: this process, not PostgreSQL's)")
    for label, (wall, cpu) in figures.items():
        print(f"  {label:<40} {wall:8.1f} {'' if cpu is None else f'{cpu:8.1f}':>8}")
    api_wall = figures["GET every page through the API (server)"][0]
    old_wall = figures["old: EntrySerializer(many=True)"][0]
    print(f"ratio old serializer / every page through the API: {old_wall / api_wall:.1f}x (wall)")
    print("target: every entry in well under 100 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=3650)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.entries, args.repeat)
        return
    parts = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_SERVER_URL))
    server_url, database = f"{parts.scheme}://{parts.netloc}", DATABASE
    database_url = f"{server_url}/{database}"
    psql(server_url, f"DROP DATABASE IF EXISTS {database}")
    psql(server_url, f"CREATE DATABASE {database}")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
    }
    from config.vapid import generate_pair  # noqa: PLC0415

    env["VAPID_PUBLIC_KEY"], env["VAPID_PRIVATE_KEY"] = generate_pair()
    env["VAPID_SUBJECT"] = "mailto:bench@example.test"
    try:
        subprocess.run(
            [sys.executable, __file__, "--child", "--entries", str(args.entries), "--repeat", str(args.repeat)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    finally:
        psql(server_url, f"DROP DATABASE IF EXISTS {database}")


if __name__ == "__main__":
    main()
