"""Reminders: settings, push subscriptions, and the dispatch pass.

How a reminder is delivered at most once, and not lost:

1. Claim. The minute check reads only the settings whose next_due_at (UTC, indexed,
   recomputed when the settings or the patient's timezone change and after each
   claim; see reminders_timezone_changed) has come: its cost follows what is due,
   not how many patients there are (the healthchecks.io next_at pattern). In one
   transaction per batch the claimer locks those rows (skipping rows another
   dispatcher holds), re-reads next_due_at under the lock, moves it forward for
   every row still due in one UPDATE and inserts a ReminderDelivery row per due
   slot with sent_at NULL and a send lease (claimed_until), in one INSERT. A second
   dispatcher, a second beat or a redelivered task finds the rows locked or no
   longer due and sends nothing; the unique (patient, kind, slot_at) row is a
   second guard. A worker killed before the commit leaves next_due_at unchanged,
   so the next pass claims the slot again.
2. Send. After the commit the claimer pushes each delivery and sets sent_at, for
   the whole batch in one UPDATE (sooner when a slow push service makes a batch
   last more than a second).
   A worker killed after the commit and before sending leaves a row with
   sent_at NULL: once its lease has run out, a later pass claims it again with
   a conditional UPDATE on claimed_until and sends it, as long as the row is
   within the grace window. A kill between the push service's 201 and the
   batch's sent_at write would re-send those: the Topic header lets the push service
   replace an undelivered copy, and the notification's tag (the delivery id)
   makes the browser show it once.
3. No burst. Only slots within REMINDER_GRACE_MINUTES of the pass are sent; older
   ones (an outage) are skipped and next_due_at moves past them.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diary.choices import ReminderKind
from diary.models import Notice, PushSubscription, ReminderDelivery, ReminderSettings, User
from diary.models.reminders import SETTINGS_KINDS
from diary.reminders import timing, webpush
from diary.reminders.tips import NO_REPEAT_DAYS, TIPS_BY_CODE, choose_tip
from diary.selectors import reminders as selectors

logger = logging.getLogger(__name__)

NUDGE_TITLE = gettext_lazy("How was your day?")
NUDGE_BODY = gettext_lazy("Nothing is logged for today yet. A headache-free day counts too: it takes a few seconds.")


def _grace() -> dt.timedelta:
    return dt.timedelta(minutes=settings.REMINDER_GRACE_MINUTES)


def _lease_until(now: dt.datetime) -> dt.datetime:
    """The end of a send lease taken now. A task runs some time after the pass that
    queued it (`now`): on a busy system minutes later, and a lease counted from the
    pass would run out while its batch is still being sent, letting a retry pass send
    it again. So it counts from the real clock when the pass is on it (queued less
    than the grace window ago); a pass at a moment of its own (dispatch_reminders
    --at, the tests' time line) keeps that moment."""
    real = timezone.now()
    start = real if now <= real <= now + _grace() else now
    return start + dt.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)


def plan_for(reminder_settings: ReminderSettings, zone: str) -> timing.Plan:
    return timing.Plan(
        zone=zone,
        times=tuple(timing.parse_hhmm(text) for text in reminder_settings.times),
        weekdays=tuple(reminder_settings.weekdays),
        quiet_start=reminder_settings.quiet_start,
        quiet_end=reminder_settings.quiet_end,
        diary_nudge_time=reminder_settings.diary_nudge_time,
        adaptive_time=reminder_settings.adaptive_time if reminder_settings.adaptive else None,
    )


# --- Settings ------------------------------------------------------------------------


def _adaptive_time_for(patient_id: int, now: dt.datetime) -> dt.time | None:
    since = now.date() - dt.timedelta(days=selectors.DIARY_LOOKBACK_DAYS)
    return timing.adaptive_time(selectors.mechanical_episode_times(patient_id=patient_id, since=since))


def _reschedule(reminder_settings: ReminderSettings, zone: str, now: dt.datetime) -> None:
    """Set next_due_at for the current plan. A slot already due and not yet
    claimed is kept, so that saving settings at 08:00:10 does not lose 08:00."""
    reminder_settings.zone = zone
    if not reminder_settings.enabled:
        reminder_settings.next_due_at = None
        return
    upcoming = timing.next_slot_after(plan_for(reminder_settings, zone), now)
    pending = reminder_settings.next_due_at
    if pending is not None and now - _grace() <= pending <= now:
        return
    reminder_settings.next_due_at = upcoming


def reminder_settings_update(
    *,
    patient: User,
    enabled: bool,
    times: list[str],
    weekdays: list[int],
    quiet_start: dt.time | None,
    quiet_end: dt.time | None,
    diary_nudge_time: dt.time | None,
    adaptive: bool,
    now: dt.datetime | None = None,
) -> ReminderSettings:
    """Replace the patient's reminder settings and recompute when the next one is due."""
    now = now or timezone.now()
    with transaction.atomic():
        ReminderSettings.objects.get_or_create(patient=patient)
        row = ReminderSettings.objects.select_for_update().get(patient=patient)
        row.enabled, row.times, row.weekdays, row.adaptive = enabled, sorted(times), sorted(weekdays), adaptive
        row.quiet_start, row.quiet_end, row.diary_nudge_time = quiet_start, quiet_end, diary_nudge_time
        row.adaptive_time = _adaptive_time_for(patient.pk, now) if adaptive else None
        _reschedule(row, patient.timezone, now)
        row.save()
    return row


def reminders_diary_changed(patient_id: int) -> None:
    """A subscriber of diary_changed (diary/services/changes.py): the adaptive reminder
    follows the patient's episodes."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            ReminderSettings.objects.select_for_update(of=("self",))
            .select_related("patient")
            .filter(patient_id=patient_id, adaptive=True)
            .first()
        )
        if row is None:
            return
        found = _adaptive_time_for(patient_id, now)
        if found != row.adaptive_time:
            row.adaptive_time = found
            _reschedule(row, row.patient.timezone, now)
            row.save(update_fields=["adaptive_time", "next_due_at", "zone"])


def reminders_timezone_changed(*, patient_id: int, now: dt.datetime | None = None) -> None:
    """The patient's timezone changed: next_due_at follows at once, so the minute check
    need not compare every row's zone with its patient's (a slot already due and not
    yet claimed is kept). The claim still recomputes a row whose zone differs, for a
    timezone written some way that sends no signal (a queryset update)."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            ReminderSettings.objects.select_for_update(of=("self",))
            .select_related("patient")
            .filter(patient_id=patient_id, enabled=True)
            .first()
        )
        if row is not None and row.zone != row.patient.timezone:
            _reschedule(row, row.patient.timezone, now)
            row.save(update_fields=["next_due_at", "zone"])


# --- Push subscriptions ----------------------------------------------------------------


def push_subscription_upsert(*, user: User, endpoint: str, p256dh: str, auth: str) -> tuple[PushSubscription, bool]:
    """Store a browser's subscription for this account; the same endpoint again (the
    browser resubscribed) takes the new keys. Scoped to the account: another account
    posting the same endpoint gets a row of its own and cannot take over or silence
    this one (the PWA unsubscribes on logout, so a shared browser moves on cleanly)."""
    subscription, created = PushSubscription.objects.update_or_create(
        user=user, endpoint=endpoint, defaults={"p256dh": p256dh, "auth": auth}
    )
    return subscription, created


def push_subscription_delete(*, user: User, endpoint: str) -> bool:
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(deleted)


def reminder_mark_done(*, reminder: ReminderDelivery, now: dt.datetime | None = None) -> ReminderDelivery:
    """Idempotent: the first time counts. For a screening notice, done means seen."""
    now = now or timezone.now()
    if reminder.done_at is None:
        with transaction.atomic():
            ReminderDelivery.objects.filter(pk=reminder.pk, done_at__isnull=True).update(done_at=now)
            if reminder.kind == ReminderKind.NOTICE:
                Notice.objects.filter(
                    patient_id=reminder.patient_id, created_at=reminder.slot_at, seen_at__isnull=True
                ).update(seen_at=now)
        reminder.refresh_from_db(fields=["done_at"])
    return reminder


# --- Dispatch --------------------------------------------------------------------------


@dataclass
class _Due:
    row: ReminderSettings
    slots: list[timing.Slot]
    next_due_at: dt.datetime | None


def _due_slots(row: ReminderSettings, now: dt.datetime) -> _Due:
    plan = plan_for(row, row.patient.timezone)
    start = max(row.next_due_at or now, now - _grace())
    return _Due(row=row, slots=timing.slots_between(plan, start, now), next_due_at=timing.next_slot_after(plan, now))


def _deliveries_for(due: list[_Due], now: dt.datetime, lease: dt.datetime) -> list[ReminderDelivery]:
    """The rows to insert for claimed slots: a tip that fits each patient's diary,
    the adaptive reminder, and the diary nudge unless the day is already logged."""
    patient_ids = [item.row.patient_id for item in due]
    codes = selectors.diary_codes_by_patient(
        patient_ids=patient_ids, since=now.date() - dt.timedelta(days=selectors.DIARY_LOOKBACK_DAYS)
    )
    recent = selectors.recent_tips_by_patient(patient_ids=patient_ids, since=now - dt.timedelta(days=NO_REPEAT_DAYS))
    nudge_days = {slot.local_date for item in due for slot in item.slots if slot.kind == ReminderKind.DIARY_NUDGE}
    logged = selectors.logged_days(patient_ids=patient_ids, dates=nudge_days) if nudge_days else set()
    rows = []
    for item in due:
        # A delivery is stored as text, pushed and listed later: in the patient's own language.
        with translation.override(item.row.patient.language or settings.LANGUAGE_CODE):
            rows.extend(_patient_deliveries(item, codes, recent, logged, now, lease))
    return rows


def _patient_deliveries(item: _Due, codes, recent, logged, now: dt.datetime, lease: dt.datetime) -> list:
    """One patient's rows of _deliveries_for, in the active language."""
    rows = []
    patient_id = item.row.patient_id
    for slot in item.slots:
        values = {
            "patient_id": patient_id,
            "kind": slot.kind,
            "slot_at": slot.at,
            "created_at": now,
            "claimed_until": lease,
        }
        if slot.quiet:  # settled at once without a push, as a late slot is: it is in the inbox
            values.update(claimed_until=now, failed_at=now)
        if slot.kind == ReminderKind.DIARY_NUDGE:
            if (patient_id, slot.local_date) in logged:
                continue
            rows.append(ReminderDelivery(title=str(NUDGE_TITLE), body=str(NUDGE_BODY), **values))
            continue
        tip = choose_tip(diary_codes=codes[patient_id], recent=recent[patient_id], patient_id=patient_id)
        recent[patient_id][tip.code] = now
        title = (
            str(tip.title)
            if slot.kind == ReminderKind.POSTURE
            else _("Before your usual neck time: {tip}").format(tip=tip.title)
        )
        rows.append(ReminderDelivery(tip_code=tip.code, title=title, body=str(tip.body), **values))
    return rows


def reminders_claim(*, settings_ids: list[int], now: dt.datetime) -> list[int]:
    """Claim the due slots of these settings rows; returns the new delivery ids.

    A handful of statements per batch, none per row: the rows are locked (skipping
    rows another dispatcher holds) and re-read under the lock, so a row whose
    next_due_at is still due is ours alone until commit; their new next_due_at
    values go in one UPDATE and the deliveries in one INSERT."""
    with transaction.atomic():
        rows = list(
            ReminderSettings.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("patient")
            .filter(pk__in=settings_ids, enabled=True)
            .order_by("pk")
        )
        claimed, due = [], []
        for row in rows:
            zone_moved = row.zone != row.patient.timezone
            if not zone_moved and (row.next_due_at is None or row.next_due_at > now):
                continue  # claimed by another dispatcher since the ids were read
            item = _due_slots(row, now)
            row.next_due_at, row.zone = item.next_due_at, row.patient.timezone
            claimed.append(row)
            if item.slots:
                due.append(item)
        if claimed:
            _move_next_due(claimed)
        if due:
            lease = _lease_until(now)
            ReminderDelivery.objects.bulk_create(_deliveries_for(due, now, lease), ignore_conflicts=True)
    if not due:
        return []
    # Notices and scheduled deliveries claimed in the same pass carry the same times:
    # they have senders of their own.
    return list(
        ReminderDelivery.objects.filter(
            patient_id__in=[item.row.patient_id for item in due],
            created_at=now,
            claimed_until=lease,
            sent_at__isnull=True,
            kind__in=SETTINGS_KINDS,
        ).values_list("id", flat=True)
    )


def _move_next_due(rows: list[ReminderSettings]) -> None:
    """Write the rows' new next_due_at and zone in one statement (they are locked by us)."""
    if connection.vendor != "postgresql":
        ReminderSettings.objects.bulk_update(rows, ["next_due_at", "zone"])
        return
    table = ReminderSettings._meta.db_table
    values = ", ".join(["(%s, %s::timestamptz, %s)"] * len(rows))
    params = [value for row in rows for value in (row.pk, row.next_due_at, row.zone)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS s SET next_due_at = v.next_due_at, zone = v.zone "  # noqa: S608 - names from the model
            f"FROM (VALUES {values}) AS v(id, next_due_at, zone) WHERE s.id = v.id",
            params,
        )


def scheduled_claim(*, now: dt.datetime, limit: int) -> tuple[list[int], int]:
    """Claim up to `limit` scheduled deliveries (diary.reminders.one_off) whose slot has
    come; returns the ids to push and how many rows were claimed in all. Each row is claimed by one conditional UPDATE
    (claimed_until IS NULL), under row locks skipped by a concurrent dispatcher, so a
    second dispatcher gets none of them. A slot missed by more than the grace window,
    or in the patient's quiet hours, is settled without a push: it is in the inbox."""
    lease = _lease_until(now)
    with transaction.atomic():
        rows = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(slot_at__lte=now, claimed_until__isnull=True, sent_at__isnull=True, failed_at__isnull=True)
            .select_related("patient", "patient__reminder_settings")
            .order_by("slot_at", "id")[:limit]
        )
        to_push, to_settle = [], []
        for row in rows:
            late = row.slot_at < now - _grace()
            (to_settle if late or _quiet_for(row, now) else to_push).append(row.pk)
        # created_at is the claiming pass's clock, which the retry window reads.
        ReminderDelivery.objects.filter(pk__in=to_push).update(claimed_until=lease, created_at=now)
        ReminderDelivery.objects.filter(pk__in=to_settle).update(claimed_until=now, failed_at=now)
    return to_push, len(rows)


def _quiet_for(delivery: ReminderDelivery, now: dt.datetime) -> bool:
    row = getattr(delivery.patient, "reminder_settings", None)
    if not delivery.respect_quiet_hours or row is None:
        return False
    zone = delivery.patient.timezone
    return timing.in_quiet_hours(plan_for(row, zone), now.astimezone(ZoneInfo(zone)).time())


def notices_claim(*, now: dt.datetime) -> list[int]:
    """Turn screening notices into inbox deliveries, each once (Notice.pushed_at marks the
    notices moved); returns the ids to push. A notice waits through the patient's quiet
    hours, then is pushed; one older than REMINDER_NOTICE_MAX_AGE_HOURS (the dispatcher
    was down) goes to the inbox without a push. A patient with no device for push gets
    it in the inbox all the same (the send finds nowhere to go and settles it)."""
    too_old = now - dt.timedelta(hours=settings.REMINDER_NOTICE_MAX_AGE_HOURS)
    candidates = (
        Notice.objects.filter(pushed_at__isnull=True, created_at__lte=now)
        .select_related("patient", "patient__reminder_settings")
        .order_by("id")
    )
    to_push = []
    for notice in candidates:
        late = notice.created_at < too_old
        row = getattr(notice.patient, "reminder_settings", None)
        if not late and row is not None:
            local = now.astimezone(ZoneInfo(notice.patient.timezone)).time()
            if timing.in_quiet_hours(plan_for(row, notice.patient.timezone), local):
                continue
        with transaction.atomic():
            if Notice.objects.filter(pk=notice.pk, pushed_at__isnull=True).update(pushed_at=now):
                outcome = {"claimed_until": now, "failed_at": now} if late else {"claimed_until": _lease_until(now)}
                delivery, _ = ReminderDelivery.objects.get_or_create(
                    patient_id=notice.patient_id,
                    kind=ReminderKind.NOTICE,
                    slot_at=notice.created_at,
                    defaults={"title": notice.title, "body": notice.body, "created_at": now, **outcome},
                )
                if not late:
                    to_push.append(delivery.pk)
    return to_push


def unsent_to_retry(*, now: dt.datetime) -> list[int]:
    """Deliveries claimed within the grace window, still unsent, whose sender's
    lease ran out: its worker died, or the push service asked us to wait."""
    return list(
        ReminderDelivery.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, created_at__gte=now - _grace(), claimed_until__lt=now
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def _payload(delivery: ReminderDelivery) -> dict:
    return {
        # Push services take about 4 KB; a notice's body is cut short rather than refused.
        "id": delivery.pk,
        "kind": delivery.kind,
        "title": delivery.title[:200],
        "body": delivery.body[:1500],
        "tag": f"neckline-{delivery.pk}",
        "url": delivery.url or "/#/reminders",
        "tip": delivery.tip_code if delivery.tip_code in TIPS_BY_CODE else None,
    }


@dataclass
class SendCounts:
    sent: int = 0
    failed: int = 0
    later: int = 0
    gone_subscriptions: list[int] = field(default_factory=list)


def _lease_again(delivery_ids: list[int], now: dt.datetime) -> list[int]:
    """Re-lease the unsent deliveries whose lease ran out, in one transaction: rows a
    concurrent pass holds are skipped, and those it leased first no longer match."""
    with transaction.atomic():
        leased = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=delivery_ids, sent_at__isnull=True, failed_at__isnull=True, claimed_until__lt=now)
            .values_list("id", flat=True)
        )
        ReminderDelivery.objects.filter(pk__in=leased).update(claimed_until=_lease_until(now))
    return leased


class _Outcomes:
    """sent_at and failed_at, written per batch rather than per row: at the end of
    the batch, or sooner once a second has passed (a slow push service), since a
    worker killed between a push and this write causes a re-send of what was pushed."""

    FLUSH_AFTER_SECONDS = 1.0

    def __init__(self):
        self.sent: list[int] = []
        self.failed: list[int] = []
        self.since = time.monotonic()

    def add(self, delivery_id: int, *, sent: bool) -> None:
        (self.sent if sent else self.failed).append(delivery_id)
        if time.monotonic() - self.since >= self.FLUSH_AFTER_SECONDS:
            self.flush()

    def flush(self) -> None:
        at = timezone.now()
        if self.sent:
            ReminderDelivery.objects.filter(pk__in=self.sent).update(sent_at=at)
        if self.failed:
            ReminderDelivery.objects.filter(pk__in=self.failed).update(failed_at=at)
        self.sent, self.failed, self.since = [], [], time.monotonic()


def _push_to_devices(
    payload: dict, topic: str, subscriptions: list[PushSubscription], ttl: int, pauses: webpush.Pauses
) -> list[tuple[PushSubscription, webpush.Outcome]]:
    """One delivery to each of the patient's devices, in a sender thread: no database here."""
    results = []
    for subscription in subscriptions:
        if not push_endpoint_allowed(subscription.endpoint):  # stored before the rules tightened
            results.append((subscription, webpush.Outcome.REJECTED))
            continue
        outcome = webpush.send(
            endpoint=subscription.endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
            payload=payload,
            ttl=ttl,
            topic=topic,
            pauses=pauses,
        )
        results.append((subscription, outcome))
    return results


def deliveries_send(*, delivery_ids: list[int], now: dt.datetime, retry: bool = False) -> SendCounts:
    """Push these deliveries to every device of their patient.

    Fresh deliveries were leased to us when claimed; with retry=True they are first
    re-leased (one conditional UPDATE for the batch), so two passes never send one twice.
    """
    counts = SendCounts()
    if retry:
        delivery_ids = _lease_again(delivery_ids, now)
    deliveries = list(ReminderDelivery.objects.filter(pk__in=delivery_ids, sent_at__isnull=True).order_by("id"))
    devices = selectors.subscriptions_by_patient(patient_ids=list({d.patient_id for d in deliveries}))
    ttl = settings.PUSH_TTL_SECONDS
    reached = set()
    written = _Outcomes()
    # The pushes go out concurrently (PUSH_CONCURRENCY in flight, diary.reminders.webpush);
    # the database is written here, in this thread, as each delivery's pushes come back.
    pool, pauses = webpush.send_pool(), webpush.Pauses()
    pending = {}
    for delivery in deliveries:
        job = (_payload(delivery), f"neckline{delivery.pk}", devices[delivery.patient_id], ttl, pauses)
        pending[pool.submit(_push_to_devices, *job)] = delivery
    for future in as_completed(pending):
        delivery = pending[future]
        outcomes = []
        for subscription, outcome in future.result():
            outcomes.append(outcome)
            if outcome is webpush.Outcome.GONE:
                if subscription.pk not in counts.gone_subscriptions:
                    counts.gone_subscriptions.append(subscription.pk)
                    PushSubscription.objects.filter(pk=subscription.pk).delete()
            elif outcome is webpush.Outcome.SENT:
                reached.add(subscription.pk)
        if webpush.Outcome.SENT in outcomes:
            written.add(delivery.pk, sent=True)
            counts.sent += 1
        elif webpush.Outcome.RETRY_LATER in outcomes:
            counts.later += 1  # the lease runs out and a later pass within grace retries
        else:
            written.add(delivery.pk, sent=False)  # nowhere to go: in the inbox, not pushed
            counts.failed += 1
    written.flush()
    if reached:
        PushSubscription.objects.filter(pk__in=reached).update(last_success_at=timezone.now())
    if counts.failed or counts.later or counts.gone_subscriptions:
        logger.info(
            "push: %d sent, %d with nowhere to go, %d to retry, %d subscriptions gone",
            counts.sent,
            counts.failed,
            counts.later,
            len(counts.gone_subscriptions),
        )
    return counts


def reminders_claim_and_send(*, settings_ids: list[int], now: dt.datetime) -> SendCounts:
    return deliveries_send(delivery_ids=reminders_claim(settings_ids=settings_ids, now=now), now=now)


@dataclass
class PassCounts:
    due_settings: int
    batches: int
    notices: int
    scheduled: int
    retries: int


def reminders_dispatch(
    *,
    now: dt.datetime,
    claim_batch: Callable[[list[int], dt.datetime], object],
    send_batch: Callable[[list[int], dt.datetime, bool], object],
) -> PassCounts:
    """One dispatch pass at `now`. The caller decides how the batches run: the
    Celery task fans them out to workers, the management command runs them inline."""
    ids = selectors.due_settings_ids(now=now)
    size = settings.REMINDER_BATCH_SIZE
    batches = [ids[i : i + size] for i in range(0, len(ids), size)]
    for batch in batches:
        claim_batch(batch, now)
    notice_ids = notices_claim(now=now)
    if notice_ids:
        send_batch(notice_ids, now, False)
    scheduled = 0
    while True:
        scheduled_ids, claimed = scheduled_claim(now=now, limit=size)
        if scheduled_ids:
            scheduled += len(scheduled_ids)
            send_batch(scheduled_ids, now, False)
        if claimed < size:
            break
    retry_ids = unsent_to_retry(now=now)
    for i in range(0, len(retry_ids), size):
        send_batch(retry_ids[i : i + size], now, True)
    return PassCounts(
        due_settings=len(ids),
        batches=len(batches),
        notices=len(notice_ids),
        scheduled=scheduled,
        retries=len(retry_ids),
    )


# The loopback addresses a local push endpoint may use (IP literals: no name to resolve).
LOOPBACK_HOSTS = ("127.0.0.1", "::1")


def push_endpoint_allowed(endpoint: str) -> bool:
    """Only https URLs of known push services (and, with PUSH_ALLOW_LOCAL_ENDPOINTS, on
    by default only in DEBUG, plain http on a loopback address): the server POSTs to
    whatever URL is stored. Checked when a subscription is stored and again before
    each send; the sender never follows a redirect, so this is the only hop."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return False
    if parts.username or parts.password:
        return False
    if parts.scheme == "http":
        return settings.PUSH_ALLOW_LOCAL_ENDPOINTS and host in LOOPBACK_HOSTS
    # Push services listen on 443 only; another port would aim our POSTs at whatever else
    # listens on that host (issue 24: https://fcm.googleapis.com:6379/x was accepted).
    if parts.scheme != "https" or parts.port not in (None, 443):
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in settings.PUSH_SERVICE_HOSTS)
