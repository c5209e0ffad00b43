"""Drill 2: a Celery worker is killed mid-task.

300 patients have a reminder due now and a subscription to a local push endpoint
that answers slowly (so a kill lands mid-send). A worker of 4 processes runs the
dispatch pass; once 130 are delivered the whole worker is SIGKILLed.
A fresh worker then runs a pass every 2 s, as beat would (the send lease is
shortened to 10 s so that the dead worker's deliveries are retried within the
drill). Every patient must receive exactly one push. The one duplicate the design
allows is a kill between the push service accepting a message and the sent_at
write: the drill counts those deliveries and tolerates a duplicate only for them.
"""

import datetime as dt
import time
from contextlib import ExitStack

from config.vapid import generate_pair
from drills.helpers import Drill, create_patients, run
from drills.services import CeleryWorker, Postgres, Redis, app_env, setup_django, temp_dir, wait_until

PATIENTS = 300
LEASE_SECONDS = 10
PUSH_DELAY_SECONDS = 0.05


def seed(patients, endpoint) -> dict[int, str]:
    """Each patient: a subscription and a reminder due this minute. Returns patient id -> endpoint token."""
    from diary.models import PushSubscription, ReminderSettings  # noqa: PLC0415

    slot = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    tokens, subscriptions, rows = {}, [], []
    for patient in patients:
        sub = endpoint.subscribe()
        tokens[patient.pk] = sub.token
        subscriptions.append(PushSubscription(user=patient, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth))
        rows.append(ReminderSettings(patient=patient, enabled=True, times=[slot.strftime("%H:%M")],
                                     weekdays=list(range(7)), next_due_at=slot, zone="UTC"))
    PushSubscription.objects.bulk_create(subscriptions)
    ReminderSettings.objects.bulk_create(rows)
    return tokens


def main() -> int:
    drill = Drill("worker-kill")
    with ExitStack() as stack:
        work = temp_dir(stack, "worker")
        postgres, redis = Postgres(stack, work), Redis(stack, work)
        vapid = generate_pair()
        env = app_env(database_url=postgres.url, redis_url=redis.url, var_dir=work / "var", vapid=vapid,
                      REMINDER_SEND_LEASE_SECONDS=str(LEASE_SECONDS), REMINDER_BATCH_SIZE="25")
        setup_django(env)
        from config.celery import app  # noqa: PLC0415
        from diary.models import ReminderDelivery, ReminderSettings  # noqa: PLC0415
        from diary.tasks.reminders import dispatch  # noqa: PLC0415
        from tests import push_endpoint  # noqa: PLC0415

        endpoint, push_server = push_endpoint.start(vapid[0], delay=PUSH_DELAY_SECONDS)
        stack.callback(push_server.shutdown)
        tokens = seed(create_patients(PATIENTS, "kill"), endpoint)
        first = CeleryWorker(stack, env, work, concurrency=4, name="first-worker")
        first.wait_ready(app)
        drill.say(f"{PATIENTS} patients due now; push endpoint answers after {PUSH_DELAY_SECONDS * 1000:.0f} ms; "
                  "worker of 4 processes up")

        dispatch.delay()
        # Not a multiple of the batch size: the kill lands with every process mid-batch.
        wait_until(lambda: sum(endpoint.counts.values()) >= 130, 60, "the first deliveries")
        first.kill()
        killed_at = time.monotonic()
        time.sleep(PUSH_DELAY_SECONDS + 0.5)  # requests the kill cut off are settled at the endpoint
        delivered = sum(endpoint.counts.values())
        unsent = set(ReminderDelivery.objects.filter(sent_at__isnull=True).values_list("id", flat=True))
        received_ids = {message.payload["id"] for message in endpoint.messages}
        in_window = unsent & received_ids
        unclaimed = ReminderSettings.objects.filter(next_due_at__lte=dt.datetime.now(dt.UTC)).count()
        drill.say(f"SIGKILLed the worker: {delivered} pushes delivered, {len(unsent)} claimed but unmarked, "
                  f"{unclaimed} patients not claimed yet, {endpoint.abandoned} sends cut off mid-request "
                  "(dropped by the push service)")
        drill.say(f"of the unmarked, {len(in_window)} had been accepted by the push service before the kill "
                  "(kill between its 201 and our sent_at write: the one window where a re-send is possible)")

        second = CeleryWorker(stack, env, work, concurrency=4, name="fresh-worker")
        second.wait_ready(app)
        passes = 0

        def everyone_served() -> bool:
            nonlocal passes
            dispatch.delay()
            passes += 1
            return (set(tokens.values()) <= set(endpoint.counts)
                    and not ReminderDelivery.objects.filter(sent_at__isnull=True).exists())

        try:
            wait_until(everyone_served, LEASE_SECONDS + 40, "every reminder", interval=2)
        except TimeoutError:
            pass
        time.sleep(2)  # a late duplicate would show up now
        drill.say(f"fresh worker ran {passes} passes; last delivery {time.monotonic() - killed_at:.1f} s after "
                  "the kill")

        counts = [endpoint.counts[token] for token in tokens.values()]
        lost = counts.count(0)
        duplicates = sum(count - 1 for count in counts if count > 1)
        per_delivery: dict[int, int] = {}
        for message in endpoint.messages:
            per_delivery[message.payload["id"]] = per_delivery.get(message.payload["id"], 0) + 1
        resent = {delivery_id for delivery_id, count in per_delivery.items() if count > 1}
        drill.say(f"at the endpoint: {PATIENTS - lost} of {PATIENTS} patients received a reminder, "
                  f"{lost} lost, {duplicates} duplicates")
        drill.expect(lost == 0, "no reminder lost")
        drill.expect(resent <= in_window, f"duplicates {duplicates}, all of them among the {len(in_window)} "
                                          "accepted-but-unmarked at the kill")
        drill.expect(ReminderDelivery.objects.count() == PATIENTS
                     and not ReminderDelivery.objects.filter(sent_at__isnull=True).exists(),
                     f"{PATIENTS} delivery rows, one per patient, every one marked sent")
        drill.expect(not endpoint.errors, f"push endpoint errors: {endpoint.errors[:3]}")
    return drill.result()


if __name__ == "__main__":
    run(main)
