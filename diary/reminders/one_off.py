"""Scheduled deliveries: one-off prompts other features send through the reminder path.

A feature that knows in advance when to ask the patient something (a pain question
15 minutes, 30 minutes, 1 hour ... after a nerve block; an exercise session; a
questionnaire) writes the prompt now and the reminder dispatcher sends it when due,
with the same guarantees as a posture reminder:

- **Once.** The row is unique per (patient, kind, slot_at): scheduling the same slot
  again returns the row already there. The dispatcher claims a due row with one
  conditional UPDATE (only an unclaimed row can be claimed), so two dispatchers or a
  redelivered task push it once; a worker killed after claiming leaves a lease that
  runs out, and a later pass within the grace window sends it (see
  diary/services/reminders.py for the whole protocol).
- **When due, not late.** It is pushed by the first pass at or after slot_at, if that
  pass is within REMINDER_GRACE_MINUTES of the slot. A slot missed by more (an outage)
  is not pushed. A slot in the patient's quiet hours is not pushed either, unless
  respect_quiet_hours=False.
- **Never lost.** Once its slot has passed, the prompt is in the patient's inbox
  (GET /api/v1/reminders/) whether it was pushed or not (`pushed` says which), so a
  patient without a device for push, or whose push failed, still sees it in the app.

Usage (the caller's own transaction is fine: nothing is sent until the slot):

    from diary.reminders.one_off import cancel_deliveries, schedule_delivery

    for minutes in (15, 30, 60, 120):
        schedule_delivery(patient=patient, kind=ReminderKind.BLOCK_PROMPT,
                          slot_at=block_at + timedelta(minutes=minutes),
                          title="How is the pain now?", body="Two taps: it helps judge the block.",
                          url=f"/#/log?prompt={prompt.pk}")
    ...
    cancel_deliveries(patient=patient, kind=ReminderKind.BLOCK_PROMPT, after=timezone.now())  # block deleted
"""

import datetime as dt

from django.db import transaction

from diary.models import ReminderDelivery, User
from diary.models.reminders import SCHEDULED_KINDS


def _check_url(url: str) -> None:
    # The notification opens this in the app: a path of our own, never another site.
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 500):
        raise ValueError("url must be a path inside the app, like '/#/log?prompt=12'")


def schedule_delivery(
    *,
    patient: User,
    kind: str,
    slot_at: dt.datetime,
    title: str,
    body: str,
    url: str = "",
    respect_quiet_hours: bool = True,
) -> ReminderDelivery:
    """Have `title` and `body` pushed to the patient's devices at `slot_at` (aware), and
    shown in their inbox from then on; a tap opens `url` (an in-app path; blank: the inbox).

    Idempotent per (patient, kind, slot_at): a second call returns the first row
    unchanged. `kind` is one of SCHEDULED_KINDS (block_prompt, exercise_session,
    questionnaire). Raises ValueError for another kind, a naive slot_at or a url
    outside the app.
    """
    if kind not in SCHEDULED_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SCHEDULED_KINDS)}")
    if slot_at.tzinfo is None:
        raise ValueError("slot_at must be timezone-aware")
    _check_url(url)
    with transaction.atomic():
        delivery, _ = ReminderDelivery.objects.get_or_create(
            patient=patient,
            kind=kind,
            slot_at=slot_at,
            defaults={"title": title[:200], "body": body, "url": url, "respect_quiet_hours": respect_quiet_hours},
        )
    return delivery


def cancel_deliveries(*, patient: User, kind: str, after: dt.datetime) -> int:
    """Remove the patient's deliveries of `kind` due after `after` that no dispatcher has
    claimed yet (the ones being sent at this moment go out); returns how many."""
    if kind not in SCHEDULED_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SCHEDULED_KINDS)}")
    deleted, _ = ReminderDelivery.objects.filter(
        patient=patient, kind=kind, slot_at__gt=after, claimed_until__isnull=True, sent_at__isnull=True
    ).delete()
    return deleted
