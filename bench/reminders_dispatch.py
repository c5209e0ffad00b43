"""Benchmark: 10,000 patients with a reminder due in the same minute.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/2 \
        .venv/bin/python bench/reminders_dispatch.py [--patients 10000] [--concurrency 4]

Creates its own database (nl_bench_reminders, dropped and recreated), a local
push endpoint that counts deliveries per subscription (it skips decryption for
speed; the tests decrypt), and runs the real thing: Celery beat firing the
dispatch pass at the start of the minute and Celery workers claiming and sending
the batches. Prints the time from the slot to the last delivery and the count of
duplicates. Target: all delivered within 60 s on a 2-core machine, no duplicates.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "nl_bench_reminders"
ZONES = ["UTC", "Europe/Oslo", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]


def recreate_database(admin_url: str) -> str:
    import psycopg  # noqa: PLC0415

    parts = urlsplit(admin_url)
    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return parts._replace(path=f"/{BENCH_DB}").geturl()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    # Two beats (a misconfigured deployment) fire two passes a minute: each slot must still go out once.
    parser.add_argument("--beats", type=int, default=2)
    args = parser.parse_args()

    admin_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ["DATABASE_URL"] = recreate_database(admin_url)
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from diary.models import PushSubscription, ReminderDelivery, ReminderSettings, User  # noqa: PLC0415
    from tests import push_endpoint as local_push  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    endpoint, server = local_push.start(settings.VAPID_PUBLIC_KEY, decrypt=False)

    # The slot: the start of a minute at least 25 s away, so set-up and start-up fit before it.
    slot = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=85)).replace(second=0, microsecond=0)
    print(f"{args.patients} patients, slot {slot:%H:%M:%S} UTC, {args.concurrency} worker processes, "
          f"{args.beats} beats", flush=True)
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.test", timezone=ZONES[i % len(ZONES)], password="!") for i in range(args.patients)
    )
    subscriptions, rows = [], []
    for user in users:
        sub = endpoint.subscribe()
        subscriptions.append(PushSubscription(user=user, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth))
        local = slot.astimezone(ZoneInfo(user.timezone))
        rows.append(ReminderSettings(patient=user, enabled=True, times=[local.strftime("%H:%M")],
                                     weekdays=list(range(7)), next_due_at=slot, zone=user.timezone))
    PushSubscription.objects.bulk_create(subscriptions, batch_size=2000)
    ReminderSettings.objects.bulk_create(rows, batch_size=2000)

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "CELERY_QUEUE": queue, "PUSH_ALLOW_LOCAL_ENDPOINTS": "true"}
    log_dir = settings.VAR_DIR
    commands = [["worker", "-Q", queue, "--concurrency", str(args.concurrency), "--without-gossip",
                 "--without-mingle", "--loglevel", "WARNING"]]
    commands += [["beat", "--schedule", str(log_dir / f"{queue}-{n}.schedule"), "--loglevel", "INFO"]
                 for n in range(args.beats)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *command], cwd=ROOT, env=env,
            stdout=open(log_dir / f"{queue}-{n}-{command[0]}.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )
        for n, command in enumerate(commands)
    ]
    try:
        deadline = time.time() + (slot - dt.datetime.now(dt.UTC)).total_seconds() + 180
        while sum(endpoint.counts.values()) < args.patients and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # anything late or duplicated would show up now
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        server.shutdown()
        for leftover in log_dir.glob(f"{queue}-*.schedule*"):
            leftover.unlink()

    counts = [endpoint.counts[sub.endpoint.rsplit("/", 1)[1]] for sub in subscriptions]
    delivered = sum(1 for count in counts if count)
    duplicates = sum(count - 1 for count in counts if count > 1)
    last = dt.datetime.fromtimestamp(endpoint.last_delivery, dt.UTC) if endpoint.last_delivery else None
    passes = sum(log.read_text().count("Sending due task reminders-dispatch") for log in log_dir.glob(f"{queue}-*-beat.log"))
    print(f"dispatch passes fired by the beats: {passes}")
    print(f"delivered:  {delivered} of {args.patients}")
    print(f"duplicates: {duplicates}")
    if last:
        print(f"slot to last delivery: {(last - slot).total_seconds():.1f} s (target: 60 s)")
    print(f"delivery rows marked sent: {ReminderDelivery.objects.filter(sent_at__isnull=False).count()}")


if __name__ == "__main__":
    main()
