"""Drill 2: a Celery worker is killed mid-task.

300 patients have a reminder due now (a third of them an exercise session written ahead,
the rest posture reminders from their settings) and a subscription to a local push endpoint
that answers slowly (so a kill lands mid-send). A worker of 4 processes runs the
dispatch pass; once deliveries flow the whole worker is SIGKILLed.
A fresh worker then runs a pass every 2 s, as beat would (the send lease is
shortened to 10 s so that the dead worker's deliveries are retried within the
drill). Every patient must receive exactly one push. The one duplicate the design
allows is a kill between a push reaching the push service and the sent_at write
(Web Push has no way to ask whether a message arrived): the drill counts those
deliveries and tolerates a duplicate only for them, each with its first's Topic
and tag, so the phone shows it once.
"""

import datetime as dt
import time
from collections import Counter
from contextlib import ExitStack

from drills.helpers import Drill, create_patients, run
from drills.services import CeleryWorker, backing_services, eventually, wait_until

PATIENTS = 300
LEASE_SECONDS = 10
PUSH_DELAY_SECONDS = 0.05


def seed(patients, endpoint) -> dict[int, str]:
    """Each patient: a subscription and a reminder due this minute: a posture reminder from
    their settings, or, for every third, an exercise session written ahead (the path of
    the post-block prompts, exercise sessions and questionnaires). Returns patient id ->
    endpoint token."""
    from diary.choices import ReminderKind  # noqa: PLC0415
    from diary.models import PushSubscription, ReminderSettings  # noqa: PLC0415
    from diary.reminders.one_off import schedule_delivery  # noqa: PLC0415

    slot = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    tokens, subscriptions, rows = {}, [], []
    for number, patient in enumerate(patients):
        sub = endpoint.subscribe()
        tokens[patient.pk] = sub.token
        subscriptions.append(PushSubscription(user=patient, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth))
        if number % 3 == 2:
            schedule_delivery(
                patient=patient,
                kind=ReminderKind.EXERCISE_SESSION,
                slot_at=slot,
                title="Time for your neck exercises",
                body="Tap to start.",
                url="/#/exercises/session",
                respect_quiet_hours=False,
            )
        else:
            rows.append(
                ReminderSettings(
                    patient=patient,
                    enabled=True,
                    times=[slot.strftime("%H:%M")],
                    weekdays=list(range(7)),
                    next_due_at=slot,
                    zone="UTC",
                )
            )
    PushSubscription.objects.bulk_create(subscriptions)
    ReminderSettings.objects.bulk_create(rows)
    return tokens


def kill_mid_send(drill: Drill, worker: CeleryWorker, endpoint) -> set[int]:
    """Run the pass, SIGKILL the worker mid-send; returns the deliveries the push
    service had accepted but the worker had not yet marked sent."""
    from diary.models import ReminderDelivery, ReminderSettings  # noqa: PLC0415
    from diary.tasks.reminders import dispatch  # noqa: PLC0415

    dispatch.delay()
    # Once deliveries flow, kill at a moment unrelated to any one of them (killing
    # right when a count is reached would favour the moment just after a 201).
    wait_until(lambda: sum(endpoint.counts.values()) >= 100, 60, "the first deliveries")
    time.sleep(0.37)
    worker.kill()
    time.sleep(PUSH_DELAY_SECONDS + 0.5)  # requests the kill cut off are settled at the endpoint
    unsent = set(ReminderDelivery.objects.filter(sent_at__isnull=True).values_list("id", flat=True))
    in_window = unsent & {message.payload["id"] for message in endpoint.messages}
    unclaimed = ReminderSettings.objects.filter(next_due_at__lte=dt.datetime.now(dt.UTC)).count()
    drill.say(
        f"SIGKILLed the worker: {sum(endpoint.counts.values())} pushes delivered, {len(unsent)} claimed but "
        f"unmarked, {unclaimed} patients not claimed yet, {endpoint.abandoned} sends cut off mid-request "
        "(dropped by the push service)"
    )
    drill.say(
        f"of the unmarked, {len(in_window)} had reached the push service, which accepted them, while the "
        "worker died (a dying process closes its sockets last): the kill fell between a push and its "
        "sent_at write, the one window where the design re-sends"
    )
    return in_window


def passes_until_served(drill: Drill, endpoint, tokens: dict[int, str]) -> None:
    """A dispatch pass every 2 s, as beat would, until every patient is served (bounded)."""
    from diary.models import ReminderDelivery  # noqa: PLC0415
    from diary.tasks.reminders import dispatch  # noqa: PLC0415

    started, passes = time.time(), 0

    def everyone_served() -> bool:
        nonlocal passes
        dispatch.delay()
        passes += 1
        return (
            set(tokens.values()) <= set(endpoint.counts)
            and not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
        )

    eventually(everyone_served, LEASE_SECONDS + 40, interval=2)
    time.sleep(2)  # a late duplicate would show up now
    drill.say(
        f"fresh worker ran {passes} passes; last delivery {endpoint.last_delivery - started:.1f} s after it started"
    )


def check_deliveries(drill: Drill, endpoint, tokens: dict[int, str], in_window: set[int]) -> None:
    from diary.models import ReminderDelivery  # noqa: PLC0415

    counts = [endpoint.counts[token] for token in tokens.values()]
    lost = counts.count(0)
    duplicates = sum(count - 1 for count in counts if count > 1)
    per_delivery = Counter(message.payload["id"] for message in endpoint.messages)
    resent = {delivery_id for delivery_id, count in per_delivery.items() if count > 1}
    drill.say(
        f"at the endpoint: {PATIENTS - lost} of {PATIENTS} patients received a reminder, "
        f"{lost} lost, {duplicates} duplicates"
    )
    drill.expect(lost == 0, "no reminder lost")
    drill.expect(
        resent <= in_window,
        f"duplicates {duplicates}, all of them among the {len(in_window)} accepted-but-unmarked at the kill",
    )
    if resent:
        copies = [m for m in endpoint.messages if m.payload["id"] in resent]
        drill.expect(
            all(
                len({(m.headers.get("topic"), m.payload["tag"]) for m in copies if m.payload["id"] == d}) == 1
                for d in resent
            ),
            "each re-sent copy has its first's Topic header (the push service replaces an undelivered copy) "
            "and notification tag (the phone shows it once)",
        )
    drill.expect(
        ReminderDelivery.objects.count() == PATIENTS
        and not ReminderDelivery.objects.filter(sent_at__isnull=True).exists(),
        f"{PATIENTS} delivery rows, one per patient, every one marked sent",
    )
    drill.expect(not endpoint.errors, f"push endpoint errors: {endpoint.errors[:3]}")


def main() -> int:
    drill = Drill("worker-kill")
    with ExitStack() as stack:
        backing = backing_services(
            stack, "worker", REMINDER_SEND_LEASE_SECONDS=str(LEASE_SECONDS), REMINDER_BATCH_SIZE="25"
        )
        from config.celery import app  # noqa: PLC0415
        from tests import push_endpoint  # noqa: PLC0415

        endpoint, push_server = push_endpoint.start(backing.vapid[0], delay=PUSH_DELAY_SECONDS)
        stack.callback(push_server.shutdown)
        tokens = seed(create_patients(PATIENTS, "kill"), endpoint)
        first = CeleryWorker(stack, backing, concurrency=4, name="first-worker")
        first.wait_ready(app)
        drill.say(
            f"{PATIENTS} patients due now; push endpoint answers after {PUSH_DELAY_SECONDS * 1000:.0f} ms; "
            "worker of 4 processes up"
        )
        in_window = kill_mid_send(drill, first, endpoint)
        CeleryWorker(stack, backing, concurrency=4, name="fresh-worker").wait_ready(app)
        passes_until_served(drill, endpoint, tokens)
        check_deliveries(drill, endpoint, tokens, in_window)
    return drill.result()


if __name__ == "__main__":
    run(main)
