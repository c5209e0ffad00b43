"""Deleting what is kept only for a while (retention settings in config/settings.py,
documented in README). Each step is one bulk delete by age, safe to run twice."""

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.conf import settings
from django.db.models import Q

from diary.models import ReminderDelivery, ShareCode, ThrottleCount, UserSession


def cleanup_run(*, now: dt.datetime) -> dict[str, int]:
    """Delete expired sessions, old login records, old reminder deliveries, used or
    expired share codes and spent database throttle counters; answer the counts."""
    login_cutoff = now - dt.timedelta(days=settings.RETENTION_LOGIN_RECORDS_DAYS)
    code_cutoff = now - dt.timedelta(days=settings.RETENTION_SHARE_CODES_DAYS)
    deleted = {
        "sessions": UserSession.objects.filter(expire_date__lt=now).delete()[0],
        "login_attempts": AccessAttempt.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "login_failures": AccessFailureLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "logins": AxesAccessLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "reminder_deliveries": ReminderDelivery.objects.filter(
            slot_at__lt=now - dt.timedelta(days=settings.RETENTION_REMINDER_DELIVERIES_DAYS)
        ).delete()[0],
        "share_codes": ShareCode.objects.filter(Q(used_at__lt=code_cutoff) | Q(expires_at__lt=code_cutoff)).delete()[0],
        "throttle_counters": ThrottleCount.objects.filter(expires_at__lt=now).delete()[0],
    }
    return deleted
