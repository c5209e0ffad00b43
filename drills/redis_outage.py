"""Drill 1: Redis stops while patients log.

20 patients PUT entries over HTTP (session + CSRF, like the PWA) before, during and
after a Redis outage (the server is stopped with nothing on disk, so every queued
task is lost). Every PUT must answer 201/200 and be stored once. Once Redis is back,
the nightly screening pass (through a real worker) must leave every patient with a
snapshot of their latest diary version, and a reminder dispatch pass must send the
slots missed within the grace window once each and skip older ones.
"""

import datetime as dt
import json
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

from drills.helpers import Drill, Session, Tally, create_patients, entry_body, log_in, run
from drills.services import CeleryWorker, Gunicorn, Redis, backing_services, eventually

PATIENTS = 20
PER_PHASE = 5  # entries per patient in each phase


def log_entries(drill, sessions, tally, rng, phase: str) -> list[tuple[uuid.UUID, dict]]:
    """Each session PUTs PER_PHASE new entries; returns each one's last (id, body)."""
    today = dt.datetime.now(dt.UTC).date()
    slowest = [0.0]

    def patient_logs(session: Session) -> tuple[uuid.UUID, dict]:
        for _ in range(PER_PHASE):
            entry_id, body, started = uuid.uuid4(), entry_body(rng, today), time.monotonic()
            status, _, _ = session.request("PUT", f"/api/v1/entries/{entry_id}/", body)
            slowest[0] = max(slowest[0], time.monotonic() - started)
            tally.record(entry_id, status)
        return entry_id, body

    with ThreadPoolExecutor(max_workers=10) as pool:
        last = list(pool.map(patient_logs, sessions))
    drill.say(f"{phase}: {len(sessions)} patients x {PER_PHASE} PUTs, slowest answer {slowest[0] * 1000:.0f} ms")
    return last


def seed_reminders(patients, endpoint, grace_minutes: int) -> tuple[list[int], list[int], dict[int, str]]:
    """Half the patients had a slot 2 minutes ago (within grace), half one older than grace.
    Returns both halves' ids, and each patient's push endpoint token."""
    from diary.models import PushSubscription, ReminderSettings  # noqa: PLC0415

    minute = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    recent, old = minute - dt.timedelta(minutes=2), minute - dt.timedelta(minutes=grace_minutes + 3)
    within, beyond, tokens = [], [], {}
    for i, patient in enumerate(patients):
        slot = recent if i % 2 == 0 else old
        (within if slot == recent else beyond).append(patient.pk)
        sub = endpoint.subscribe()
        PushSubscription.objects.create(user=patient, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth)
        tokens[patient.pk] = sub.token
        ReminderSettings.objects.create(
            patient=patient,
            enabled=True,
            times=[slot.strftime("%H:%M")],
            weekdays=list(range(7)),
            next_due_at=slot,
            zone="UTC",
        )
    return within, beyond, tokens


def stale_patients(patient_ids) -> list[int]:
    """Patients without a snapshot of their latest diary version."""
    from diary.models import ScreeningSnapshot, User  # noqa: PLC0415

    return [
        patient.pk
        for patient in User.objects.filter(pk__in=patient_ids)
        if not ScreeningSnapshot.objects.filter(patient=patient, diary_version=patient.diary_changed_at).exists()
    ]


def check_login_and_health(drill: Drill, port: int, email: str) -> None:
    """While Redis is down: a patient can still log in (throttles and lockouts let it
    through), and the health check says the broker is down but the service is up."""
    session = Session(port)
    status, _, body = session.request("GET", "/api/v1/health/")
    drill.expect(
        status == 200 and json.loads(body).get("broker") == "down",
        f"health answers {status} {body.decode()[:80]} while Redis is down",
    )
    status = session.login(email)
    drill.expect(status == 200, f"a patient logs in while Redis is down: {status}")


def log_through_outage(drill: Drill, sessions: list[Session], redis: Redis, email: str) -> Tally:
    """Patients log before, during and after the outage, then replay a sent entry each."""
    rng, tally = random.Random(7), Tally()
    log_entries(drill, sessions, tally, rng, "Redis up")
    redis.stop()
    drill.say("Redis stopped (nothing on disk: queued tasks are gone)")
    log_entries(drill, sessions, tally, rng, "Redis down")
    check_login_and_health(drill, sessions[0].port, email)
    time.sleep(1)  # the worker retries its broker meanwhile
    last = log_entries(drill, sessions, tally, rng, "Redis still down")
    redis.start()
    drill.say("Redis started again, empty")
    log_entries(drill, sessions[: PATIENTS // 2], tally, rng, "Redis back (half the patients)")
    for session, (entry_id, body) in zip(sessions, last, strict=True):  # the PWA's outbox replays a sent entry
        status, _, _ = session.request("PUT", f"/api/v1/entries/{entry_id}/", body)
        tally.record(entry_id, status)
    return tally


def check_entries(drill: Drill, tally: Tally, ids: list[int]) -> None:
    from diary.models import Entry  # noqa: PLC0415

    statuses = tally.statuses()
    stored = set(Entry.objects.filter(patient_id__in=ids).values_list("id", flat=True))
    drill.say(f"PUT answers by status: {statuses}")
    drill.expect(set(statuses) <= {200, 201}, "every PUT answered 201 or 200")
    drill.expect(
        statuses.get(201, 0) == len(tally.answers) and statuses.get(200, 0) == PATIENTS,
        f"{len(tally.answers)} new entries answered 201, {PATIENTS} replays answered 200",
    )
    drill.expect(stored == tally.saved(), f"entries sent {len(tally.answers)}, stored {len(stored)}: the same ids")


def check_screening_catch_up(drill: Drill, ids: list[int]) -> None:
    from django.conf import settings  # noqa: PLC0415

    from diary.tasks.screening import screen_recent_patients  # noqa: PLC0415

    time.sleep(settings.SCREENING_COALESCE_SECONDS + 1)  # let on-save screening of the last saves finish
    drill.say(
        f"before the nightly pass: {len(stale_patients(ids))} patients lack a snapshot of their "
        "latest diary (their on-save screening was lost with Redis)"
    )
    screen_recent_patients.delay()
    eventually(lambda: not stale_patients(ids), 60)
    stale = stale_patients(ids)
    drill.expect(
        not stale,
        f"after the nightly pass through the worker: {PATIENTS - len(stale)} of {PATIENTS} "
        "patients have a snapshot of their latest diary version",
    )


def check_reminders(drill: Drill, endpoint, tokens: dict[int, str], within: list[int], beyond: list[int]) -> None:
    from diary.models import ReminderDelivery, ReminderSettings  # noqa: PLC0415
    from diary.tasks.reminders import dispatch  # noqa: PLC0415

    dispatch.delay()
    eventually(lambda: {tokens[patient_id] for patient_id in within} <= set(endpoint.counts), 30)
    time.sleep(1)  # a duplicate would show up now
    sent_within = [endpoint.counts[tokens[patient_id]] for patient_id in within]
    sent_beyond = [endpoint.counts[tokens[patient_id]] for patient_id in beyond]
    drill.say(
        f"reminder pass after the outage: pushes per patient with a slot within grace {sent_within}, "
        f"older than grace {sent_beyond}"
    )
    drill.expect(sent_within == [1] * len(within), f"{len(within)} slots missed within grace sent once each")
    drill.expect(
        sum(sent_beyond) == 0 and not ReminderDelivery.objects.filter(patient_id__in=beyond).exists(),
        f"{len(beyond)} slots older than grace skipped, not sent late",
    )
    now = dt.datetime.now(dt.UTC)
    drill.expect(
        not ReminderSettings.objects.filter(patient_id__in=tokens, next_due_at__lte=now).exists(),
        "every patient's next reminder is in the future",
    )
    drill.expect(not endpoint.errors, f"push endpoint errors: {endpoint.errors[:3]}")


def main() -> int:
    drill = Drill("redis-outage")
    with ExitStack() as stack:
        backing = backing_services(stack, "redis", SCREENING_COALESCE_SECONDS="2")
        from django.conf import settings  # noqa: PLC0415

        from config.celery import app  # noqa: PLC0415
        from tests import push_endpoint  # noqa: PLC0415

        endpoint, push_server = push_endpoint.start(backing.vapid[0])
        stack.callback(push_server.shutdown)
        patients = create_patients(PATIENTS, "outage")
        ids = [patient.pk for patient in patients]
        within, beyond, tokens = seed_reminders(patients, endpoint, settings.REMINDER_GRACE_MINUTES)
        web = Gunicorn(stack, backing)
        worker = CeleryWorker(stack, backing)
        worker.wait_ready(app)
        sessions = [Session(web.port) for _ in patients]
        log_in(sessions, [patient.email for patient in patients])
        drill.say(f"PostgreSQL, Redis, gunicorn and a worker up; {PATIENTS} patients logged in")

        tally = log_through_outage(drill, sessions, backing.redis, patients[0].email)
        check_entries(drill, tally, ids)
        worker.wait_ready(app)  # raises if the worker exited instead of reconnecting
        drill.say("the worker that lost Redis reconnected (same process)")
        check_screening_catch_up(drill, ids)
        check_reminders(drill, endpoint, tokens, within, beyond)
    return drill.result()


if __name__ == "__main__":
    run(main)
