import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from diary.choices import NeckTrigger, ReminderKind
from diary.models import Entry, PushSubscription, ReminderDelivery, ReminderSettings, User
from diary.reminders.timing import ALL_WEEKDAYS

# The triggers that make an episode "mechanical" for the adaptive reminder.
MECHANICAL_TRIGGERS = (NeckTrigger.MOVEMENT, NeckTrigger.SUSTAINED_POSTURE, NeckTrigger.PRESSURE)
# How far back the diary is read to choose tips and to find a time-of-day cluster.
DIARY_LOOKBACK_DAYS = 28
# The reminders a patient can "do": adherence is counted over these.
ACTIONABLE_KINDS = (ReminderKind.POSTURE, ReminderKind.ADAPTIVE)
INBOX_LIMIT = 200


def reminder_settings_get(*, patient: User) -> ReminderSettings:
    """The patient's settings, or unsaved defaults when they never set any."""
    found = ReminderSettings.objects.filter(patient=patient).first()
    return found or ReminderSettings(patient=patient, weekdays=list(ALL_WEEKDAYS))


def _inbox(patient: User, now: dt.datetime | None) -> QuerySet[ReminderDelivery]:
    # Every reminder whose slot has come or that a dispatch pass took up (a pass run
    # `--at` a later moment), pushed or not: a patient with no device for push, or whose
    # push failed or fell in quiet hours, finds it here all the same.
    return ReminderDelivery.objects.filter(patient=patient).filter(
        Q(slot_at__lte=now or timezone.now()) | Q(claimed_until__isnull=False)
    )


def reminders_delivered(*, patient: User, now: dt.datetime | None = None) -> QuerySet[ReminderDelivery]:
    """The patient's inbox: every reminder that fell due, newest first (the latest INBOX_LIMIT)."""
    return _inbox(patient, now).order_by("-slot_at", "-id")[:INBOX_LIMIT]


def reminder_delivered_get(*, patient: User, reminder_id: int) -> ReminderDelivery | None:
    return _inbox(patient, None).filter(pk=reminder_id).first()


def reminder_adherence(*, patient: User, date_from: dt.date, date_to: dt.date) -> dict:
    """Posture reminders pushed from date_from to date_to (the patient's local
    days, inclusive) and how many of them the patient marked done."""
    zone = ZoneInfo(patient.timezone)
    start = dt.datetime.combine(date_from, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    delivered = ReminderDelivery.objects.filter(
        patient=patient, kind__in=ACTIONABLE_KINDS, sent_at__gte=start, sent_at__lt=end
    )
    counts = {"delivered": delivered.count(), "done": delivered.filter(done_at__isnull=False).count()}
    counts["rate"] = round(counts["done"] / counts["delivered"], 3) if counts["delivered"] else None
    return counts


def due_settings_ids(*, now: dt.datetime) -> list[int]:
    """Settings with a slot due: one range read of the next_due_at index, so the cost
    follows the reminders due, not the patients (a timezone change recomputes
    next_due_at when it is saved: services.reminders.reminders_timezone_changed)."""
    return list(
        ReminderSettings.objects.filter(next_due_at__lte=now, enabled=True).order_by("id").values_list("id", flat=True)
    )


def diary_codes_by_patient(*, patient_ids: list[int], since: dt.date) -> dict[int, Counter]:
    """How often each posture and neck-trigger code appears in each patient's
    recent headache entries."""
    codes: dict[int, Counter] = defaultdict(Counter)
    rows = Entry.objects.filter(patient_id__in=patient_ids, date__gte=since, headache=True).values_list(
        "patient_id", "posture", "neck_trigger"
    )
    for patient_id, posture, trigger in rows:
        codes[patient_id].update(code for code in (posture, trigger) if code)
    return codes


def recent_tips_by_patient(*, patient_ids: list[int], since: dt.datetime) -> dict[int, dict[str, dt.datetime]]:
    """The tips each patient was sent since then, with when each was last sent."""
    recent: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
    rows = (
        ReminderDelivery.objects.filter(patient_id__in=patient_ids, created_at__gte=since)
        .exclude(tip_code="")
        .values_list("patient_id", "tip_code", "created_at")
    )
    for patient_id, code, at in rows:
        recent[patient_id][code] = max(at, recent[patient_id].get(code, at))
    return recent


def logged_days(*, patient_ids: list[int], dates: set[dt.date]) -> set[tuple[int, dt.date]]:
    """(patient, date) pairs with any entry, a headache-free check-in included."""
    return set(
        Entry.objects.filter(patient_id__in=patient_ids, date__in=dates).values_list("patient_id", "date").distinct()
    )


def mechanical_episode_times(*, patient_id: int, since: dt.date) -> list[dt.time]:
    return list(
        Entry.objects.filter(
            patient_id=patient_id,
            date__gte=since,
            headache=True,
            neck_trigger__in=MECHANICAL_TRIGGERS,
            started_at__isnull=False,
        ).values_list("started_at", flat=True)
    )


def subscriptions_by_patient(*, patient_ids: list[int]) -> dict[int, list[PushSubscription]]:
    found: dict[int, list[PushSubscription]] = defaultdict(list)
    for subscription in PushSubscription.objects.filter(user_id__in=patient_ids).order_by("id"):
        found[subscription.user_id].append(subscription)
    return found
