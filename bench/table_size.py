"""Benchmark: every per-patient hot path on a small database and on a big one (issue 27).

    .venv/bin/python bench/table_size.py [--small 500] [--patients 10000] [--days 365] [--requests 100]

Creates its own database, nl_bench_table_size (dropped at the end), fills `--small`
patients x `--days` days of diary (one row a day: a headache on ~45% of days, a
check-in otherwise) with one INSERT over generate_series, measures, then fills up
to `--patients` (10,000 x 365 = 3.65M rows) and measures again. In-process, after
the served start-up (config/wsgi.py), for one patient whose diary is the same at both
sizes:

- the 365-day summary (diary.selectors.summary.patient_summary): p50 and p95;
- the nightly pass's window read for a chunk of 500 patients (screening_reports);
- first logged days of 500 patients (first_logged_days);
- the EXPLAIN (ANALYZE, BUFFERS) of the summary's entry read and of the first-day
  lookups: the index each uses and the buffers it touches, which must not grow with
  the table.

Target: each hot path within 1.2x between the two sizes. Run it on a quiet machine;
`python -m bench` runs it tiny only to prove it starts.
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clinician_summary import load_line, own_database, setup_django  # noqa: E402

DATABASE = "nl_bench_table_size"
TODAY = dt.date.today()
CHUNK = 500


def fill(first: int, count: int, days: int) -> None:
    """Patients `first`..`first + count - 1` (by email number), each with `days` days of diary."""
    from django.db import connection

    from diary.models import User

    User.objects.bulk_create(
        [User(email=f"bench{n}@example.test", role="patient", timezone="UTC") for n in range(first, first + count)],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO diary_entry (id, patient_id, date, headache, severity, side, onset_region,
                                     symptoms, medications, red_flags, notes, created_at, updated_at)
            SELECT gen_random_uuid(), u.id, day::date, h, CASE WHEN h THEN 3 + (random() * 5)::int END,
                   CASE WHEN h THEN 'right' END, CASE WHEN h THEN 'neck' END, '[]', '[]', '[]', '', now(), now()
            FROM diary_user u
            CROSS JOIN generate_series(%s::date - (%s - 1), %s::date, interval '1 day') AS day
            CROSS JOIN LATERAL (SELECT random() < 0.45 AS h OFFSET 0) AS headache(h)
            WHERE u.email IN (SELECT 'bench' || n || '@example.test' FROM generate_series(%s, %s) AS n)
            """,
            [TODAY, days, TODAY, first, first + count - 1],
        )
        cursor.execute("ANALYZE diary_entry")
        cursor.execute("ANALYZE diary_user")


def percentiles(timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    return f"p50 {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms"


def timed(call, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def explain(sql: str, params) -> str:
    """The plan's index reads and the buffers touched, in one line."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    indexes = []

    def walk(node):
        if "Index Name" in node:
            indexes.append(node["Index Name"])
        for child in node.get("Plans", ()):
            walk(child)

    walk(plan)
    buffers = plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return f"{buffers:6d} buffers via {', '.join(sorted(set(indexes))) or 'no index'}"


def measure(patient, chunk: list, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diary.selectors.screening import first_logged_days, screening_reports
    from diary.selectors.summary import patient_summary

    results = {
        "summary 365": timed(lambda: patient_summary(patient=patient, days=365), requests),
        f"nightly window read ({len(chunk)} patients)": timed(
            lambda: screening_reports(patients=chunk, days=90, blocks={}), max(3, requests // 10)
        ),
        f"first logged days ({len(chunk)} patients)": timed(
            lambda: first_logged_days(patient_ids=[p.pk for p in chunk]), max(3, requests // 10)
        ),
    }
    plans = {}
    with CaptureQueriesContext(connection) as queries:
        patient_summary(patient=patient, days=365)
        first_logged_days(patient_ids=[p.pk for p in chunk])
    for query in queries.captured_queries:
        if "diary_entry" in query["sql"] and query["sql"].startswith("SELECT"):
            plans[query["sql"][:60]] = explain(query["sql"], None)
    results["plans"] = plans
    return results


def report(label: str, results: dict) -> None:
    print(f"--- {label}", flush=True)
    for name, timings in results.items():
        if name != "plans":
            print(f"{name:<40} {percentiles(timings)}")
    for sql, plan in results["plans"].items():
        print(f"  {plan}   {sql}...")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    with own_database(DATABASE):
        setup_django(DATABASE)
        import config.wsgi  # noqa: F401 - the served app's start-up
        from diary.models import Entry, User

        fill(0, args.small, args.days)
        patients = list(User.objects.filter(role="patient").order_by("pk")[: min(CHUNK, args.small)])
        small = measure(patients[0], patients, args.requests)
        small_rows = Entry.objects.count()
        fill(args.small, max(0, args.patients - args.small), args.days)
        big = measure(patients[0], patients, args.requests)
        big_rows = Entry.objects.count()

        report(f"small: {args.small} patients, {small_rows:,} entries", small)
        report(f"big: {args.patients} patients, {big_rows:,} entries", big)
        print("--- big / small (p95; target 1.2x or less)")
        for name in small:
            if name != "plans":
                ratio = statistics.quantiles(big[name], n=20)[18] / statistics.quantiles(small[name], n=20)[18]
                print(f"{name:<40} {ratio:5.2f}x")
        print(load_line())


if __name__ == "__main__":
    main()
