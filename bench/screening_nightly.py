"""Benchmark: the nightly screening pass over many patients, against the floor
of one raw SQL pass reading the same rows.

    .venv/bin/python bench/screening_nightly.py [--patients 10000] [--small 2000]

Creates its own PostgreSQL database, nl_bench_screening by default, on the
server of DATABASE_URL (or 127.0.0.1), and drops it at the end unless --keep. It fills `--small`
synthetic patients with 90 days of diary each, measures the nightly pass, then
fills up to `--patients` and measures again, each measurement in a fresh
process so that its peak memory (ru_maxrss) is its own. Target: the nightly
pass within 3x of the floor, and its peak memory flat in the number of patients;
a second pass with nothing changed (every patient skipped by the proof of
diary.screening.skip) under 20% of a full one. Prints the median of `--repeat`
runs of each and their spread.

Then, on the big database, the pass as deployed (issue 27): the due patients in
chunks, each chunk the `screen_patient_chunk` task, shared by `--processes` worker
processes (1,2 by default: as Celery workers share the chunk tasks, without the
broker). Target: 1.8x or better on 2 processes against 1; the projection for 1M
patients on 8 processes (linear from the best measured rate per process) under 10
minutes. Full figures need a quiet machine; `python -m bench` runs it tiny.
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DAYS = 90


def database_url(name: str) -> str:
    server = urlparse(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
    return server._replace(path=f"/{name}").geturl()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # As in production: with DEBUG on, Django keeps every query's SQL in memory.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    # Settings require a broker with DEBUG off; the pass itself never enqueues anything.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    if "VAPID_PRIVATE_KEY" not in os.environ:
        # Production settings require a Web Push key pair; any will do, nothing is pushed.
        from config.vapid import generate_pair

        os.environ["VAPID_PUBLIC_KEY"], os.environ["VAPID_PRIVATE_KEY"] = generate_pair()
    os.environ.setdefault("VAPID_SUBJECT", "mailto:bench@example.test")
    import django

    django.setup()


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def recreate_database(name: str) -> None:
    import psycopg

    drop_database(name)
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


# --- Synthetic diaries ------------------------------------------------------------------

KINDS = ("neck", "migraine", "tension", "mixed")


def _episode(rng: random.Random, kind: str) -> dict:
    side = "right" if kind == "neck" else rng.choice(["left", "right", "both"])
    symptoms = []
    if kind == "neck" and rng.random() < 0.7:
        symptoms.append("shoulder_arm_pain")
    if kind == "migraine":
        symptoms += ["nausea", "photophobia", "phonophobia"][: rng.randint(1, 3)]
    medications = []
    if rng.random() < 0.4:
        medications.append(
            {
                "name": "x",
                "kind": rng.choice(["nsaid", "simple_analgesic", "triptan"]),
                "relief": rng.choice(["none", "partial", "complete"]),
            }
        )
    return {
        "side": "both" if kind == "tension" else side,
        "onset_region": rng.choice(
            ["neck", "occiput", "temple"] if kind == "neck" else ["temple", "forehead", "eye", "diffuse"]
        ),
        "severity": rng.randint(2, 9),
        "quality": {"migraine": "throbbing", "tension": "pressing"}.get(kind, rng.choice(["pressing", "other"])),
        "neck_trigger": rng.choice(
            ["movement", "sustained_posture", "unsure"] if kind == "neck" else ["none", "unsure", "movement"]
        ),
        "duration_minutes": rng.choice([None, 60, 240, 720]),
        "symptoms": symptoms,
        "medications": medications,
        "red_flags": ["cough_exertion_triggered"] if rng.random() < 0.0005 else [],
    }


def fill(first_id: int, count: int, today: dt.date) -> int:
    """COPY `count` patients, each with an entry on each of the last 90 days."""
    from django.db import connection

    rng = random.Random(first_id)
    now = dt.datetime.now(dt.UTC)
    rows = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        with raw.copy(
            "COPY diary_user (id, password, is_superuser, email, role, timezone, birth_year, "
            "diary_changed_at, is_active, is_staff, date_joined) FROM STDIN"
        ) as copy:
            for pk in range(first_id, first_id + count):
                copy.write_row(
                    (
                        pk,
                        "!",
                        False,
                        f"bench{pk}@example.test",
                        "patient",
                        "UTC",
                        rng.randint(1950, 2005),
                        now,
                        True,
                        False,
                        now,
                    )
                )
        with raw.copy(
            "COPY diary_entry (id, patient_id, date, headache, duration_minutes, side, onset_region, "
            "severity, quality, neck_trigger, symptoms, medications, red_flags, notes, created_at, "
            "updated_at) FROM STDIN"
        ) as copy:
            for pk in range(first_id, first_id + count):
                kind = KINDS[pk % len(KINDS)]
                rate = 0.5 if kind == "tension" else 0.25
                for days_ago in range(DAYS):
                    date = today - dt.timedelta(days=days_ago)
                    if rng.random() < rate:
                        e = _episode(rng, kind)
                        copy.write_row(
                            (
                                uuid.uuid4(),
                                pk,
                                date,
                                True,
                                e["duration_minutes"],
                                e["side"],
                                e["onset_region"],
                                e["severity"],
                                e["quality"],
                                e["neck_trigger"],
                                json.dumps(e["symptoms"]),
                                json.dumps(e["medications"]),
                                json.dumps(e["red_flags"]),
                                "",
                                now,
                                now,
                            )
                        )
                    else:
                        copy.write_row(
                            (
                                uuid.uuid4(),
                                pk,
                                date,
                                False,
                                None,
                                None,
                                None,
                                None,
                                None,
                                None,
                                "[]",
                                "[]",
                                "[]",
                                "",
                                now,
                                now,
                            )
                        )
                    rows += 1
        cursor.execute("SELECT setval(pg_get_serial_sequence('diary_user', 'id'), (SELECT max(id) FROM diary_user))")
        cursor.execute("ANALYZE")
    return rows


# --- Measurements, each in a fresh process -------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_nightly() -> dict:
    from django.db import connection

    from diary.services.screening import screen_due_patients

    connection.ensure_connection()
    before = peak_rss_mb()
    start = time.perf_counter()
    stored = screen_due_patients()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "snapshots": stored, "rss_before_mb": before, "rss_peak_mb": peak_rss_mb()}


def measure_floor() -> dict:
    """One pass over the same rows with plain psycopg, JSON parsed: the least
    any Python screening must do before computing anything."""
    import psycopg

    from diary.selectors.screening import ANSWER_FIELDS, JSON_FIELDS

    since = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=DAYS)
    columns = ", ".join(["patient_id", "id", "date", "headache", *ANSWER_FIELDS, *JSON_FIELDS])
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        before = peak_rss_mb()
        start = time.perf_counter()
        rows = 0
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM diary_entry WHERE date >= %s", [since])
            for _ in cursor:
                rows += 1
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "rss_before_mb": before, "rss_peak_mb": peak_rss_mb()}


def _screen_chunk(chunk: list[int]) -> int:
    from diary.tasks.screening import screen_patient_chunk

    return screen_patient_chunk(chunk)  # called, not sent: the task's own code in this process


def measure_shared(processes: int) -> dict:
    """The chunk tasks shared by `processes` forked processes, as by as many workers."""
    import multiprocessing

    from django.db import connections

    from diary.services.screening import due_patient_chunks

    chunks = list(due_patient_chunks())
    connections.close_all()  # each process opens its own
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        stored = sum(pool.imap_unordered(_screen_chunk, chunks))
    seconds = time.perf_counter() - start
    patients = sum(len(chunk) for chunk in chunks)
    return {"seconds": seconds, "snapshots": stored, "patients": patients, "chunks": len(chunks)}


def seconds(result: dict) -> float:
    return result["seconds"]


def in_child(what: str, url: str, *more: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", what, "--url", url, *more], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--database", default="nl_bench_screening")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median counts")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--processes", default="1,2", help="worker processes sharing the chunks, comma-separated")
    parser.add_argument("--measure", choices=["nightly", "floor", "shared"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        setup_django(args.url)
        if args.measure == "shared":
            print(json.dumps(measure_shared(int(args.processes))))
        else:
            print(json.dumps(measure_nightly() if args.measure == "nightly" else measure_floor()))
        return

    url = database_url(args.database)
    recreate_database(args.database)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from diary.models import Notice, ScreeningSnapshot

    call_command("migrate", verbosity=0)
    today = dt.datetime.now(dt.UTC).date()
    results = []
    filled = 0
    for target in (args.small, args.patients):
        start = time.perf_counter()
        rows = fill(filled + 1, target - filled, today)
        filled = target
        print(f"filled {target:,} patients (+{rows:,} entries) in {time.perf_counter() - start:.1f} s", flush=True)
        # Alternating runs: the floor, a full pass (no snapshot yet), then a second
        # pass with nothing changed; each in a fresh process, medians reported.
        floors, fulls, seconds_ = [], [], []
        for _ in range(args.repeat):
            ScreeningSnapshot.objects.all().delete()
            Notice.objects.all().delete()
            connection.close()
            floors.append(in_child("floor", url))
            fulls.append(in_child("nightly", url))
            seconds_.append(in_child("nightly", url))
        results.append((target, floors, fulls, seconds_))

    def median(runs):
        return statistics.median(seconds(run) for run in runs)

    def spread(runs):
        values = sorted(seconds(run) for run in runs)
        return f"{values[0]:.2f}-{values[-1]:.2f}"

    print()
    print(
        f"{'patients':>9} {'rows':>9} {'floor s':>14} {'full pass s':>14} {'ratio':>6} {'second pass s':>14} "
        f"{'2nd/full':>8} {'snapshots':>9} {'peak RSS MB':>11}"
    )
    for patients, floors, fulls, again in results:
        print(
            f"{patients:>9,} {floors[0]['rows']:>9,} {median(floors):>6.2f} ({spread(floors)}) "
            f"{median(fulls):>6.2f} ({spread(fulls)}) {median(fulls) / median(floors):>6.2f} "
            f"{median(again):>6.2f} ({spread(again)}) {median(again) / median(fulls):>8.1%} "
            f"{fulls[0]['snapshots']:>9,} {max(run['rss_peak_mb'] for run in fulls):>11.1f}"
        )
    print(
        "medians of",
        args.repeat,
        "runs (spread min-max); targets: full pass <= 3x the floor, second pass "
        "< 20% of the full one, peak RSS about the same for both sizes (chunks of "
        f"{os.environ.get('SCREENING_NIGHTLY_CHUNK', '500')} patients)",
    )

    print()
    print("the pass as chunk tasks shared by worker processes (the big database, every patient recomputed):")
    rates = {}
    for processes in [int(n) for n in args.processes.split(",")]:
        runs = []
        for _ in range(args.repeat):
            ScreeningSnapshot.objects.all().delete()
            Notice.objects.all().delete()
            connection.close()
            runs.append(in_child("shared", url, "--processes", str(processes)))
        rates[processes] = runs[0]["patients"] / median(runs)
        print(
            f"{processes:>3} processes: {median(runs):6.2f} s ({spread(runs)}) for {runs[0]['patients']:,} patients "
            f"in {runs[0]['chunks']} chunks, {rates[processes]:,.0f} patients/s"
        )
    if 1 in rates and len(rates) > 1:
        most = max(rates)
        print(f"speed-up on {most} processes against 1: {rates[most] / rates[1]:.2f}x (target 1.8x on 2)")
    per_process = max(rate / processes for processes, rate in rates.items())
    print(f"projected for 1M patients on 8 processes: {1_000_000 / (per_process * 8) / 60:.1f} min (target < 10)")
    if not args.keep:
        connection.close()
        drop_database(args.database)


if __name__ == "__main__":
    main()
