"""Benchmark: the clinician's pre-visit summary and patient list on PostgreSQL.

    .venv/bin/python bench/clinician_summary.py [--requests 200]

A patient with 365 days of entries (a headache on 45% of days, one or two
episodes then, a check-in otherwise; medications), and a
clinician with 500 linked patients, each with a month of entries and a screening
snapshot. Requests go through Django's test client in this process: the whole
Django and DRF stack (session, middleware, permissions, the grant check, the
access-log write, JSON rendering) without a network or a web server in between,
after the served app's own start-up (config/wsgi.py).
Prints p50/p95 latency and the query count of each endpoint.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); it creates and drops its own
database, nl_bench_clinicians. Target: summary p95 under 50 ms; queries constant.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "nl_bench_clinicians"
PG = "postgres://postgres@127.0.0.1:5432"
PATIENTS = 500
TODAY = dt.date.today()


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


@contextmanager
def own_database(name: str):
    """A fresh database `name` for the block, dropped after it (also on failure)."""
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {name}")


def load_line() -> str:
    return f"load average while running: {', '.join(f'{n:.1f}' for n in os.getloadavg())} on {os.cpu_count()} CPUs"


def setup_django(database: str | None = None, **overrides: str) -> None:
    """Django as deployed (DEBUG off) on `database` (this benchmark's by default), migrated;
    `overrides` are more settings variables. The other in-process benchmarks use it too."""
    from config.vapid import generate_pair

    public_key, private_key = generate_pair()  # DEBUG off needs Web Push keys, unused here
    os.environ.update(
        {
            "VAPID_PUBLIC_KEY": public_key,
            "VAPID_PRIVATE_KEY": private_key,
            "VAPID_SUBJECT": "mailto:bench@example.test",
            "DATABASE_URL": f"{PG}/{database or DATABASE}",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **overrides,
        }
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def episode(rng: random.Random) -> dict:
    meds = []
    if rng.random() < 0.5:
        kind = rng.choice(["nsaid", "simple_analgesic", "triptan"])
        meds = [{"name": kind.title(), "kind": kind, "relief": rng.choice(["none", "partial", "complete"])}]
    return {
        "headache": True,
        "side": rng.choice(["right", "right", "right", "left", "both"]),
        "severity": rng.randint(2, 9),
        "onset_region": rng.choice(["neck", "occiput", "temple", "eye"]),
        "neck_trigger": rng.choice(["movement", "sustained_posture", "none", "unsure"]),
        "posture": rng.choice(["desk_screen", "phone_looking_down", "driving", "sitting"]),
        "quality": rng.choice(["pressing", "throbbing"]),
        "duration_minutes": rng.choice([60, 180, 300, 600]),
        "symptoms": rng.sample(["nausea", "photophobia", "phonophobia", "shoulder_arm_pain", "neck_stiffness"], 2),
        "medications": meds,
    }


def entries_for(patient, days: int, rng: random.Random):
    from diary.models import Entry

    for offset in range(days):
        day = TODAY - dt.timedelta(days=offset)
        if rng.random() >= 0.45:  # a headache-free day: one check-in (docs/api.md, one state per day)
            yield Entry(id=uuid.uuid4(), patient=patient, date=day, headache=False)
            continue
        for _ in range(1 + (rng.random() < 0.5)):  # one or two episodes
            fields = episode(rng)
            if rng.random() < 0.02:  # a few red flags, some of them reviewed below
                fields["red_flags"] = [rng.choice(["thunderclap", "neuro_deficit", "cough_exertion_triggered"])]
            yield Entry(id=uuid.uuid4(), patient=patient, date=day, **fields)


def build():
    from django.utils import timezone

    from diary.choices import Role
    from diary.models import Entry, ExamRecord, Grant, RedFlagReview, ReminderDelivery, ScreeningSnapshot, User

    rng = random.Random(7)
    clinician = User.objects.create_user("doctor@bench.test", "bench-passphrase-1", role=Role.CLINICIAN)
    patients = User.objects.bulk_create(
        User(email=f"patient{n}@bench.test", timezone="Europe/Oslo", password="!") for n in range(PATIENTS)
    )
    Grant.objects.bulk_create(Grant(patient=patient, clinician=clinician) for patient in patients)
    year_patient = patients[0]
    Entry.objects.bulk_create(entries_for(year_patient, 365, rng), batch_size=2000)
    for patient in patients[1:]:
        Entry.objects.bulk_create(entries_for(patient, 30, rng))
    levels = ["none", "possible", "probable", "insufficient_data", "urgent_review"]
    ScreeningSnapshot.objects.bulk_create(
        ScreeningSnapshot(
            patient=patient,
            screened_at=timezone.now(),
            diary_version=timezone.now(),
            window_to=TODAY,
            level=rng.choice(levels),
            red_flag_codes=["pattern_change"] if rng.random() < 0.05 else [],
            report={},
        )
        for patient in patients
    )
    ExamRecord.objects.create(patient=year_patient, clinician=clinician, date=TODAY, frt_left_deg=40, frt_right_deg=25)
    flagged = Entry.objects.filter(patient=year_patient).exclude(red_flags=[]).order_by("date")
    RedFlagReview.objects.bulk_create(
        RedFlagReview(
            patient=year_patient,
            code=entry.red_flags[0],
            date=entry.date,
            entry=entry,
            reviewed_by=clinician,
            reviewed_at=timezone.now(),
            note="Seen.",
        )
        for entry in flagged[: flagged.count() // 2]
    )
    ReminderDelivery.objects.bulk_create(
        ReminderDelivery(
            patient=year_patient,
            kind="posture",
            title="t",
            body="b",
            slot_at=timezone.now() - dt.timedelta(days=n),
            sent_at=timezone.now() - dt.timedelta(days=n),
            done_at=timezone.now() if n % 2 else None,
        )
        for n in range(300)
    )
    # For the query counts: a clinician with one patient, and a patient with a month of entries.
    solo = User.objects.create_user("solo.doctor@bench.test", "bench-passphrase-1", role=Role.CLINICIAN)
    Grant.objects.create(patient=patients[1], clinician=solo)
    return clinician, year_patient, solo, patients[1]


def count_queries(client, path: str) -> int:
    from django.db import connection

    queries = []
    # Counted at the cursor: the test client empties connection.queries at each request.
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        assert client.get(path).status_code == 200
    return len(queries)


def logged_in(user):
    """A signed-in client; a clinician as production has one (issue 23): a verified email
    and a session that passed the second step (so each request reads its OTP device too)."""
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if user.is_clinician:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure(client, path: str, requests: int) -> tuple[list[float], list[float], int]:
    """Wall time and this process's CPU time per request (the CPU time leaves out
    PostgreSQL's share and the waits of a machine busy with other work)."""
    for _ in range(10):  # warm-up
        assert client.get(path).status_code == 200
    queries = count_queries(client, path)
    timings, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return timings, cpu, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with own_database(DATABASE):
        setup_django()
        from diary.models import Entry

        clinician, patient, solo, month_patient = build()
        import config.wsgi  # noqa: F401 - the served app's start-up (config/startup.py: the heap frozen)

        client = logged_in(clinician)
        print(f"PostgreSQL, Django test client in-process (no web server), {args.requests} requests each")
        print(
            f"patient: {Entry.objects.filter(patient=patient).count()} entries over 365 days; "
            f"clinician: {PATIENTS} linked patients, {Entry.objects.count()} entries in all"
        )
        paths = [
            ("summary ?days=90", f"/api/v1/clinician/patients/{patient.pk}/summary/?days=90"),
            ("summary ?days=365", f"/api/v1/clinician/patients/{patient.pk}/summary/?days=365"),
            ("patient list (500)", "/api/v1/clinician/patients/"),
        ]
        for label, path in paths:
            requests = args.requests if "summary" in label else max(20, args.requests // 5)
            timings, cpu, queries = measure(client, path, requests)
            p95 = statistics.quantiles(timings, n=20)[18]
            cpu_p95 = statistics.quantiles(cpu, n=20)[18]
            print(
                f"{label:<20} p50 {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
                f"(CPU p50 {statistics.median(cpu):5.1f} ms, p95 {cpu_p95:5.1f} ms)   {queries} queries   "
                f"({requests} requests)"
            )
        # The floor: the screening engine's report alone, in-process, no HTTP (the summary calls it once).
        from diary.selectors.screening import screening_report

        for days in (90, 365):
            timings, cpu = [], []
            for _ in range(args.requests):
                start, start_cpu = time.perf_counter(), time.process_time()
                screening_report(patient=patient, days=days, audience="clinician")
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            p95, cpu_p95 = statistics.quantiles(timings, n=20)[18], statistics.quantiles(cpu, n=20)[18]
            print(
                f"{'floor: report ' + str(days):<20} p50 {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
                f"(CPU p50 {statistics.median(cpu):5.1f} ms, p95 {cpu_p95:5.1f} ms)"
            )
        listing, summary = "/api/v1/clinician/patients/", "/api/v1/clinician/patients/{}/summary/?days=365"
        print(
            f"queries: patient list {count_queries(logged_in(solo), listing)} for 1 patient, "
            f"{count_queries(client, listing)} for {PATIENTS}; summary "
            f"{count_queries(client, summary.format(month_patient.pk))} for 30 days of entries, "
            f"{count_queries(client, summary.format(patient.pk))} for 365"
        )
        print("target: summary p95 < 50 ms; queries constant")
        print(load_line())


if __name__ == "__main__":
    main()
