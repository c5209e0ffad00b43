"""Benchmark: importing 10 years of daily rows (a typed-up CSV diary, issue 26).

    .venv/bin/python bench/imports.py [--days 3650]

Prints: the dry run (read, check and plan every row), the import itself (the task's work:
entry_upsert per row in transactions of 250, the marks, the progress), and beside them the
floor: the simplest code doing the same inserts (one bulk_create of the same entries, no
rules, no marks). Also the process's peak memory before and after. Target on a quiet
machine: 3,650 rows imported in under 20 s, within 25 times the floor, and the peak
memory growing by less than 100 MB (the rows are held as JSON, never the file twice).

Needs PostgreSQL (trust auth) on the server of DATABASE_URL (default 127.0.0.1:5432),
where it creates and drops its own database, nl_bench_imports (never the one
DATABASE_URL names).
"""

import argparse
import datetime as dt
import io
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "nl_bench_imports"


def psql(server_url: str, sql: str) -> None:
    subprocess.run(["psql", f"{server_url}/postgres", "-qc", sql], check=True, capture_output=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def diary_csv(days: int, today: dt.date) -> bytes:
    lines = ["Day,Time,Minutes,Pain,Side,Comment"]
    for offset in range(days):
        day = today - dt.timedelta(days=days - offset)
        lines.append(f"{day.isoformat()},08:{offset % 60:02d},{30 + offset % 200},{offset % 11},right,row {offset}")
    return ("\n".join(lines) + "\n").encode()


def measure(days: int) -> None:
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    from diary.models import Entry, Import, User  # noqa: PLC0415
    from diary.services.imports import import_preview, import_run  # noqa: PLC0415
    from diary.timezones import local_today  # noqa: PLC0415

    patient = User.objects.create_user("bench-import@example.test", "x" * 20)
    floor_patient = User.objects.create_user("bench-floor@example.test", "x" * 20)
    content = diary_csv(days, local_today(patient))
    mapping = {
        "columns": {
            "date": "Day",
            "started_at": "Time",
            "duration_minutes": "Minutes",
            "severity": "Pain",
            "side": "Side",
            "notes": "Comment",
        }
    }
    before = peak_mb()
    started = time.perf_counter()
    source = import_preview(patient=patient, upload=io.BytesIO(content), kind="csv", mapping=mapping)
    preview_s = time.perf_counter() - started
    Import.objects.filter(pk=source.pk).update(status="running")
    started = time.perf_counter()
    import_run(import_id=source.pk)
    run_s = time.perf_counter() - started
    after = peak_mb()
    assert Entry.objects.filter(patient=patient).count() == days, "every row imported"

    rows = [dict(row["entry"]) for row in source.rows]
    started = time.perf_counter()
    Entry.objects.bulk_create(
        [
            Entry(
                id=uuid.uuid4(),
                patient=floor_patient,
                date=dt.date.fromisoformat(row["date"]),
                started_at=dt.time.fromisoformat(row["started_at"]),
                duration_minutes=row["duration_minutes"],
                severity=row["severity"],
                side=row["side"],
                notes=row["notes"],
            )
            for row in rows
        ],
        batch_size=1000,
    )
    floor_s = time.perf_counter() - started
    print(f"rows: {days}")
    print(f"dry run:  {preview_s:7.2f} s")
    print(f"import:   {run_s:7.2f} s   ({days / run_s:,.0f} rows/s, {run_s / floor_s:.1f}x the floor)")
    print(f"floor:    {floor_s:7.2f} s   (one bulk_create, no rules)")
    print(f"peak memory: {before:.0f} MB before, {after:.0f} MB after (+{after - before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.days)
        return
    parts = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_SERVER_URL))
    server_url = f"{parts.scheme}://{parts.netloc}"
    psql(server_url, f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(server_url, f"CREATE DATABASE {DATABASE}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{server_url}/{DATABASE}",
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
        subprocess.run([sys.executable, __file__, "--child", "--days", str(args.days)], cwd=ROOT, env=env, check=True)
    finally:
        psql(server_url, f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
