"""Benchmark: many patients with a reminder due in the same minute.

    [DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres] [REDIS_URL=redis://127.0.0.1:6379/2] \
        .venv/bin/python bench/reminders_dispatch.py [--patients 10000] [--concurrency 4] [--idle 10000] \
        [--latency 0.05] [--push-concurrency 50]

Creates its own database (nl_bench_reminders_<pid>, dropped at the end), a local
push endpoint that counts deliveries per subscription (it skips decryption for
speed; the tests decrypt), and runs the real thing as in production (DEBUG off,
throwaway VAPID keys): Celery beat firing the dispatch pass at the start of the
minute and Celery workers claiming and sending the batches. Prints the time from
the slot to the last delivery and the count of duplicates.

Its floor, printed beside it: the same number of pushes, encrypted and signed the
same way, sent straight to the same endpoint by as many processes, each with
--push-concurrency in flight as the workers have, with no database and no Celery:
what delivery would cost if dispatching were free.

It also prints the CPU time of the workers and beats (start-up included), of the
floor's senders and of this process, which plays the push service: on a 2-core
machine the three share the cores, so the CPU per push decides the time.

With --idle N it then measures the minute check (one dispatch pass, batches not
run) with 1,000 reminders due, beside N and then 10 N patients whose reminders
are not due: the check's cost should stay flat. It prints the query the
dispatcher used before (every setting joined to its patient) for comparison.

The push endpoint answers after --latency seconds (50 ms by default, a push service
across the internet; 0 is the old loopback figure, which hid that pushes went out one
at a time). Each worker process keeps --push-concurrency pushes in flight (issue 27);
the most the endpoint held at once is printed.

Targets (issue 15): 50,000 due in one minute all delivered within 90 s of the
slot, cost linear (50k within 5.5x of 10k), 0 duplicates, a flat minute check.
Issue 27: 100,000 due in one minute delivered within 60 s by 4 worker processes
against a 50 ms endpoint (`--patients 100000 --concurrency 4`), 0 duplicates, and
linear in --concurrency until the cores run out.

Last measured (December 2026, the 2-core machine shared with other runs, load 10-29,
so only the CPU figures compare; 91.6 s was measured on it quiet before): 100,000
delivered, 0 duplicates; CPU per push, workers 2.26 ms before and 1.75 ms after the
sending was rewritten (diary/reminders/webpush.py), the floor's senders 1.92 and 1.25 ms,
the stand-in push service 0.34 ms; one quiet sender process 1.2-1.4 and 0.6-0.8 ms. On 2
cores 60 s leaves 1.2 ms of CPU per push for the workers, PostgreSQL, Redis and this
process together: the target needs about twice the cores (docs/deploy.md), or the claim
side (about as much CPU per push as the sending) made cheaper as well. The encryption
then went back to a library (http_ece, as pywebpush uses it, instead of our own RFC 8291
code), keeping urllib3 and the shared VAPID token: about 0.05 ms more per push in one
sender process (bench/push_cpu.py).
"""

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# One database per run: two runs at once (another checkout) must not drop each other's.
BENCH_DB = f"nl_bench_reminders_{os.getpid()}"
ZONES = ["UTC", "Europe/Oslo", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
DUE_IN_CHECK = 1000


def maintenance_url(admin_url: str) -> str:
    """The server's maintenance database: the one DATABASE_URL names may not exist (CI names
    the suite's, which pytest prefixes with test_)."""
    return urlsplit(admin_url)._replace(scheme="postgresql", path="/postgres").geturl()


def recreate_database(admin_url: str) -> str:
    import psycopg  # noqa: PLC0415

    parts = urlsplit(admin_url)
    with psycopg.connect(maintenance_url(admin_url), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return parts._replace(path=f"/{BENCH_DB}").geturl()


def production_like_environment(admin_url: str) -> None:
    """DEBUG off, as deployed (with DEBUG on Django keeps every query's SQL in memory)."""
    from config.vapid import generate_pair  # noqa: PLC0415

    public_key, private_key = generate_pair()
    os.environ.update(
        {
            "DATABASE_URL": recreate_database(admin_url),
            "DATABASE_CONN_MAX_AGE": "600",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "localhost",
            "SECURE_SSL_REDIRECT": "false",
            "VAPID_PUBLIC_KEY": public_key,
            "VAPID_PRIVATE_KEY": private_key,
            "VAPID_SUBJECT": "mailto:bench@example.test",
            "PUSH_ALLOW_LOCAL_ENDPOINTS": "true",
            # The broker and the claims' cache: the machine's Redis unless REDIS_URL names another.
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )


def analyze() -> None:
    # Fresh bulk loads have no statistics: without them the planner scans whole tables.
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def create_patients(count: int, prefix: str, endpoint=None):
    from diary.models import PushSubscription, User  # noqa: PLC0415

    users = User.objects.bulk_create(
        (User(email=f"{prefix}{i}@example.test", timezone=ZONES[i % len(ZONES)], password="!") for i in range(count)),
        batch_size=5000,
    )
    subscriptions = []
    if endpoint is not None:
        for user in users:
            sub = endpoint.subscribe()
            subscriptions.append(PushSubscription(user=user, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth))
        PushSubscription.objects.bulk_create(subscriptions, batch_size=5000)
    return users, subscriptions


def settings_rows(users, at: dt.datetime):
    from diary.models import ReminderSettings  # noqa: PLC0415

    return [
        ReminderSettings(
            patient=user,
            enabled=True,
            times=[at.astimezone(ZoneInfo(user.timezone)).strftime("%H:%M")],
            weekdays=list(range(7)),
            next_due_at=at,
            zone=user.timezone,
        )
        for user in users
    ]


def programmes_due(users, at: dt.datetime) -> tuple[int, float]:
    """Each patient on a one-exercise programme whose session falls at `at`, and the
    hourly pass that writes the session reminders ahead (issue 17). Returns the reminders
    written and the seconds that pass took."""
    from diary.exercises.library import library_version  # noqa: PLC0415
    from diary.models import Programme, ProgrammeExercise  # noqa: PLC0415
    from diary.services.exercises import schedule_programme_reminders  # noqa: PLC0415

    programmes = Programme.objects.bulk_create(
        (
            Programme(
                patient=user,
                title="Bench programme",
                times=[at.astimezone(ZoneInfo(user.timezone)).strftime("%H:%M")],
                weekdays=list(range(7)),
                start_date=at.date() - dt.timedelta(days=1),
                library_version=library_version(),
            )
            for user in users
        ),
        batch_size=5000,
    )
    ProgrammeExercise.objects.bulk_create(
        (
            ProgrammeExercise(
                programme=p, position=0, code="chin_tuck_sitting", version=1, sets=1, repetitions=10, hold_seconds=5
            )
            for p in programmes
        ),
        batch_size=5000,
    )
    started = time.perf_counter()
    written = schedule_programme_reminders(now=dt.datetime.now(dt.UTC))
    return written, time.perf_counter() - started


# --- The floor: the same pushes, no database, no Celery ------------------------------------------

_FLOOR_SUBSCRIPTIONS: list = []


def _floor_push(subscription) -> bool:
    from diary.reminders import webpush  # noqa: PLC0415

    endpoint, p256dh, auth, n = subscription
    payload = {
        "id": n,
        "kind": "posture",
        "title": "Chin tucks",
        "body": "Sit tall and gently slide your chin straight back. Hold for 5 seconds, relax, and repeat 10 times.",
        "tag": f"neckline-{n}",
        "url": "/#/reminders",
        "tip": "chin_tucks",
    }
    outcome = webpush.send(endpoint=endpoint, p256dh=p256dh, auth=auth, payload=payload, ttl=3600, topic=f"neckline{n}")
    return outcome is webpush.Outcome.SENT


def _floor_chunk(bounds: tuple[int, int]) -> int:
    """One process's share, PUSH_CONCURRENCY in flight as the workers send them."""
    from diary.reminders import webpush  # noqa: PLC0415

    return sum(webpush.send_pool().map(_floor_push, _FLOOR_SUBSCRIPTIONS[bounds[0] : bounds[1]]))


def children_cpu() -> float:
    """CPU seconds of the child processes waited for so far (and of their own children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def push_floor(subscriptions, processes: int) -> tuple[float, int, float]:
    """Seconds for these pushes from `processes` processes, how many were accepted, and
    the CPU seconds the sending processes used."""
    _FLOOR_SUBSCRIPTIONS[:] = [(s.endpoint, s.p256dh, s.auth, n) for n, s in enumerate(subscriptions)]
    step = -(-len(_FLOOR_SUBSCRIPTIONS) // processes)
    chunks = [(i, i + step) for i in range(0, len(_FLOOR_SUBSCRIPTIONS), step)]
    from django.db import connections  # noqa: PLC0415

    connections.close_all()  # before forking: a child closing an inherited connection would end the parent's
    started, cpu = time.perf_counter(), children_cpu()
    pool = multiprocessing.get_context("fork").Pool(processes)
    sent = sum(pool.map(_floor_chunk, chunks))
    seconds = time.perf_counter() - started
    pool.close()
    pool.join()  # reaped: their CPU time is counted
    return seconds, sent, children_cpu() - cpu


# --- The minute check ------------------------------------------------------------------------------


def time_minute_check(now: dt.datetime, runs: int = 15) -> tuple[float, float]:
    """Median ms of one dispatch pass (batches not run) and of the query used before."""
    from django.db.models import F, Q  # noqa: PLC0415

    from diary.models import ReminderSettings  # noqa: PLC0415
    from diary.services import reminders as services  # noqa: PLC0415

    def noop(*args):
        return None

    def old_query():
        return list(
            ReminderSettings.objects.filter(enabled=True)
            .filter(Q(next_due_at__lte=now) | ~Q(zone=F("patient__timezone")))
            .order_by("id")
            .values_list("id", flat=True)
        )

    passes, olds = [], []
    for _ in range(runs):
        started = time.perf_counter()
        counts = services.reminders_dispatch(now=now, claim_batch=noop, send_batch=noop)
        passes.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        found = old_query()
        olds.append((time.perf_counter() - started) * 1000)
    assert counts.due_settings == len(found) == DUE_IN_CHECK, (counts, len(found))
    return statistics.median(passes), statistics.median(olds)


def minute_check(idle: int, check_at: dt.datetime) -> None:
    from diary.models import ReminderSettings  # noqa: PLC0415

    later = check_at + dt.timedelta(days=2)
    ReminderSettings.objects.update(next_due_at=later)
    due_ids = list(ReminderSettings.objects.order_by("id").values_list("id", flat=True)[:DUE_IN_CHECK])
    ReminderSettings.objects.filter(pk__in=due_ids).update(next_due_at=check_at - dt.timedelta(seconds=10))
    results = []
    for round_, count in enumerate((idle, 9 * idle)):
        users, _ = create_patients(count, f"idle{round_}-")
        ReminderSettings.objects.bulk_create(settings_rows(users, later), batch_size=5000)
        analyze()
        total = ReminderSettings.objects.count()
        check_ms, old_ms = time_minute_check(check_at)
        results.append((total, check_ms, old_ms))
        print(
            f"minute check, {DUE_IN_CHECK} due among {total} patients with reminders: "
            f"{check_ms:.1f} ms (the query before: {old_ms:.1f} ms)",
            flush=True,
        )
    (small, check_small, old_small), (big, check_big, old_big) = results
    print(
        f"minute check cost, {big / small:.1f}x the patients: {check_big / check_small:.2f}x "
        f"(the query before: {old_big / old_small:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    # Two beats (a misconfigured deployment) fire two passes a minute: each slot must still go out once.
    parser.add_argument("--beats", type=int, default=2)
    parser.add_argument(
        "--programmes",
        action="store_true",
        help="the reminders are exercise sessions of home programmes (scheduled ahead), not settings",
    )
    parser.add_argument(
        "--idle",
        type=int,
        default=10_000,
        help="patients with no reminder due for the minute-check phase (then 10x); 0 skips it",
    )
    parser.add_argument(
        "--floor-sample", type=int, default=3000, help="pushes the floor is measured on, scaled to all (0: all of them)"
    )
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the push endpoint takes to answer")
    parser.add_argument("--push-concurrency", type=int, default=50, help="pushes in flight per worker process")
    args = parser.parse_args()
    os.environ["PUSH_CONCURRENCY"] = str(args.push_concurrency)  # read by the workers started below

    admin_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    production_like_environment(admin_url)
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from diary.models import ReminderDelivery, ReminderSettings  # noqa: PLC0415
    from tests import push_endpoint as local_push  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    endpoint, server = local_push.start(settings.VAPID_PUBLIC_KEY, decrypt=False, delay=args.latency)

    users, subscriptions = create_patients(args.patients, "bench", endpoint)
    # The slot: the start of a minute at least 40 s away, so the settings and start-up fit before it.
    # Writing the programmes' reminders ahead takes a while longer than plain settings.
    lead = 160 if args.programmes else 100
    slot = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=lead)).replace(second=0, microsecond=0)
    if args.programmes:
        written, seconds = programmes_due(users, slot)
        print(f"session reminders written ahead by the hourly pass: {written} in {seconds:.1f} s", flush=True)
    else:
        ReminderSettings.objects.bulk_create(settings_rows(users, slot), batch_size=5000)
    analyze()
    print(
        f"{args.patients} patients, slot {slot:%H:%M:%S} UTC ({(slot - dt.datetime.now(dt.UTC)).total_seconds():.0f}"
        f" s away), {args.concurrency} worker processes, {args.beats} beats, batches of "
        f"{settings.REMINDER_BATCH_SIZE}",
        flush=True,
    )

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "CELERY_QUEUE": queue}
    log_dir = settings.VAR_DIR
    commands = [
        [
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(args.concurrency),
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ]
    ]
    commands += [
        ["beat", "--schedule", str(log_dir / f"{queue}-{n}.schedule"), "--loglevel", "INFO"] for n in range(args.beats)
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *command],
            cwd=ROOT,
            env=env,
            stdout=open(log_dir / f"{queue}-{n}-{command[0]}.log", "w"),
            stderr=subprocess.STDOUT,  # noqa: SIM115
        )
        for n, command in enumerate(commands)
    ]
    cpu_before, endpoint_cpu_before = children_cpu(), own_cpu()
    try:
        deadline = time.time() + (slot - dt.datetime.now(dt.UTC)).total_seconds() + max(480, args.patients / 20)
        while sum(endpoint.counts.values()) < args.patients and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # anything late or duplicated would show up now
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)  # a warm shutdown finishes the batch in hand
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for leftover in log_dir.glob(f"{queue}-*.schedule*"):
            leftover.unlink()
    # This process is the stand-in push service (its main thread only polls): on a real
    # deployment that CPU is the push service's, here it shares the cores with the workers.
    endpoint_cpu = own_cpu() - endpoint_cpu_before
    workers_cpu = children_cpu() - cpu_before  # workers and beats, start-up included

    counts = [endpoint.counts[sub.endpoint.rsplit("/", 1)[1]] for sub in subscriptions]
    delivered = sum(1 for count in counts if count)
    duplicates = sum(count - 1 for count in counts if count > 1)
    last = dt.datetime.fromtimestamp(endpoint.last_delivery, dt.UTC) if endpoint.last_delivery else None
    passes = sum(
        log.read_text().count("Sending due task reminders-dispatch") for log in log_dir.glob(f"{queue}-*-beat.log")
    )
    print(f"dispatch passes fired by the beats: {passes}")
    print(f"delivered:  {delivered} of {args.patients}")
    print(f"duplicates: {duplicates}")
    print(f"pushes in flight at once, at most: {endpoint.most_in_flight} (latency {args.latency * 1000:.0f} ms)")
    if last:
        print(
            f"slot to last delivery: {(last - slot).total_seconds():.1f} s (targets: 90 s for 50,000; "
            "60 s for 100,000 from 4 processes against a 50 ms push service)"
        )
    pushes = max(1, sum(endpoint.counts.values()))
    print(
        f"CPU: workers and beats {workers_cpu:.1f} s ({workers_cpu / pushes * 1000:.2f} ms per push, start-up "
        f"included), the stand-in push service {endpoint_cpu:.1f} s ({endpoint_cpu / pushes * 1000:.2f} ms per push), "
        f"on {os.cpu_count()} cores"
    )
    print(f"delivery rows marked sent: {ReminderDelivery.objects.filter(sent_at__isnull=False).count()}", flush=True)

    endpoint.counts.clear()
    sample = subscriptions[: args.floor_sample] if args.floor_sample else subscriptions
    floor_seconds, floor_sent, floor_cpu = push_floor(sample, args.concurrency)
    scaled = floor_seconds * len(subscriptions) / len(sample)
    print(
        f"floor: {floor_sent} pushes from {args.concurrency} processes, no database, no Celery, took "
        f"{floor_seconds:.1f} s: {scaled:.1f} s for {len(subscriptions)} (to compare with the slot to last delivery); "
        f"{floor_cpu / max(1, floor_sent) * 1000:.2f} ms CPU per push in the senders",
        flush=True,
    )
    server.shutdown()

    if args.idle:
        minute_check(args.idle, slot + dt.timedelta(hours=12))
    drop_database(admin_url)


def drop_database(admin_url: str) -> None:
    import psycopg  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415

    connections.close_all()
    with psycopg.connect(maintenance_url(admin_url), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
