"""Benchmark: a year's treatment timeline, the patient's and the clinician's, on PostgreSQL.

    /work/main/.venv/bin/python bench/treatment_timeline.py [--requests 100] [--runs 3]

A patient with 365 days of entries (bench/clinician_summary.py's diary) and 24 treatment
events over the year (procedures with post-block diaries, a radiofrequency ablation,
physiotherapy, medication changes, notes). Requests go through Django's test client in
this process (session, permissions, the grant check, the access-log write, JSON
rendering), without a web server. Prints, per run, p50/p95 latency of
GET /api/v1/timeline/ and GET /api/v1/clinician/patients/{id}/timeline/, the selector
alone (timeline_for, the floor under the HTTP stack), and the query counts for 3 events
and for 24; then the median of the runs' p50 and their spread.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); it creates and drops its own database,
nl_bench_treatments. Target: p95 under 100 ms; queries constant.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.clinician_summary as common  # noqa: E402 - after sys.path is set

DATABASE = "nl_bench_treatments"
TODAY = dt.date.today()


def build():
    from django.utils import timezone

    from diary.choices import Role
    from diary.models import Entry, Grant, PostBlockRating, Procedure, TreatmentEvent, User

    rng = random.Random(16)
    clinician = User.objects.create_user("doctor@bench.test", "bench-passphrase-1", role=Role.CLINICIAN)
    patient = User.objects.create_user("patient@bench.test", "bench-passphrase-1", timezone="Europe/Oslo")
    small = User.objects.create_user("small@bench.test", "bench-passphrase-1", timezone="Europe/Oslo")
    for person in (patient, small):
        Grant.objects.create(patient=person, clinician=clinician)
        Entry.objects.bulk_create(common.entries_for(person, 365, rng), batch_size=2000)
    kinds = ["procedure", "physiotherapy", "medication_started", "note", "home_exercise", "medication_stopped"]
    now = timezone.now()

    def add_events(person, count):
        for n in range(count):
            kind = kinds[n % len(kinds)]
            at = now - dt.timedelta(days=360 - n * (350 // count), hours=3)
            event = TreatmentEvent.objects.create(
                patient=person, kind=kind, at=at, title=f"event {n}", recorded_by=clinician, by_clinician=True
            )
            if kind == "procedure":
                rfa = n == 6
                procedure = Procedure.objects.create(
                    event=event,
                    kind="radiofrequency_ablation" if rfa else "medial_branch_block",
                    side="right",
                    purpose="treatment" if rfa else "diagnostic",
                    anaesthetic="" if rfa else "lidocaine",
                    expected_min_minutes=None if rfa else 60,
                    expected_max_minutes=None if rfa else 120,
                    diary_slots=[]
                    if rfa
                    else ["baseline", "15m", "30m", "1h", "2h", "3h", "4h", "6h", "8h", "next_morning"],
                )
                if not rfa:
                    PostBlockRating.objects.bulk_create(
                        PostBlockRating(
                            procedure=procedure, slot=slot, pain=pain, answered_at=at + dt.timedelta(minutes=minutes)
                        )
                        for slot, pain, minutes in (
                            ("baseline", 8, 1),
                            ("15m", 1, 15),
                            ("30m", 1, 30),
                            ("1h", 2, 60),
                            ("2h", 6, 120),
                            ("3h", 8, 180),
                        )
                    )

    add_events(patient, 24)
    add_events(small, 3)
    return clinician, patient, small


def run_once(requests: int) -> dict:
    from diary.selectors.treatments import timeline_for

    clinician, patient, small = build()
    out = {}
    paths = {
        "patient GET /timeline/": (common.logged_in(patient), "/api/v1/timeline/"),
        "clinician GET .../timeline/": (
            common.logged_in(clinician),
            f"/api/v1/clinician/patients/{patient.pk}/timeline/",
        ),
    }
    for label, (client, path) in paths.items():
        timings, _cpu, queries = common.measure(client, path, requests)
        out[label] = (statistics.median(timings), statistics.quantiles(timings, n=20)[18], queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        timeline_for(patient=patient)
        timings.append((time.perf_counter() - start) * 1000)
    out["floor: timeline_for() alone"] = (statistics.median(timings), statistics.quantiles(timings, n=20)[18], None)
    out["queries"] = (
        common.count_queries(common.logged_in(small), "/api/v1/timeline/"),
        common.count_queries(common.logged_in(patient), "/api/v1/timeline/"),
    )
    return out


def profile() -> None:
    import cProfile
    import pstats

    from diary.selectors.treatments import timeline_for

    _, patient, _ = build()
    timeline_for(patient=patient)
    cProfile.runctx("for _ in range(20): timeline_for(patient=patient)", globals(), locals(), "/tmp/timeline.prof")
    pstats.Stats("/tmp/timeline.prof").sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the selector instead")
    args = parser.parse_args()
    common.psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    common.psql(f"CREATE DATABASE {DATABASE}")
    try:
        common.setup_django(DATABASE)
        from django.core.management import call_command

        if args.profile:
            return profile()

        print(
            f"PostgreSQL, Django test client in-process (no web server), {args.requests} requests each, "
            f"{args.runs} runs; 365 days of entries, 24 treatment events"
        )
        results = []
        for run in range(args.runs):
            call_command("flush", interactive=False, verbosity=0)
            result = run_once(args.requests)
            results.append(result)
            for label, values in result.items():
                if label == "queries":
                    continue
                p50, p95, queries = values
                q = f"   {queries} queries" if queries is not None else ""
                print(f"run {run + 1}  {label:<30} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms{q}")
            print(f"run {run + 1}  queries: {result['queries'][0]} for 3 events, {result['queries'][1]} for 24")
        for label in results[0]:
            if label == "queries":
                continue
            p50s = [r[label][0] for r in results]
            print(
                f"median of {args.runs} runs  {label:<30} p50 {statistics.median(p50s):6.1f} ms "
                f"(spread {min(p50s):.1f}-{max(p50s):.1f})   p95 median "
                f"{statistics.median(r[label][1] for r in results):6.1f} ms"
            )
        print("target: p95 < 100 ms; queries constant")
    finally:
        from django.db import connections

        connections.close_all()
        common.psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
