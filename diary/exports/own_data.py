"""Everything the app holds about a patient, for GET /api/v1/export/?format=json.

The entries are left to the caller, which renders them in the API's own shape.
"""

from django.utils import timezone

from diary.models import (
    AccessLog,
    ExamRecord,
    Grant,
    Notice,
    ReminderDelivery,
    ReminderSettings,
    ScreeningSnapshot,
    User,
)


def _rows(queryset, *fields) -> list[dict]:
    return list(queryset.values(*fields))


def own_data(*, patient: User) -> dict:
    settings = ReminderSettings.objects.filter(patient=patient)
    return {
        "exported_at": timezone.now(),
        "profile": {
            "email": patient.email,
            "timezone": patient.timezone,
            "birth_year": patient.birth_year,
            "headaches_since": patient.headaches_since.strftime("%Y-%m") if patient.headaches_since else None,
            "date_joined": patient.date_joined,
        },
        "exam_records": _rows(
            ExamRecord.objects.filter(patient=patient),
            "date",
            "frt_left_deg",
            "frt_right_deg",
            "block_relief_percent",
            "note",
            "created_at",
        ),
        "screening_snapshots": _rows(
            ScreeningSnapshot.objects.filter(patient=patient),
            "screened_at",
            "window_to",
            "level",
            "mixed",
            "red_flag_codes",
            "report",
        ),
        "notices": _rows(
            Notice.objects.filter(patient=patient), "created_at", "kind", "code", "title", "body", "seen_at"
        ),
        "reminder_settings": _rows(
            settings, "enabled", "times", "weekdays", "quiet_start", "quiet_end", "diary_nudge_time", "adaptive"
        ),
        "reminders": _rows(
            ReminderDelivery.objects.filter(patient=patient), "kind", "slot_at", "title", "body", "sent_at", "done_at"
        ),
        "grants": _rows(Grant.objects.filter(patient=patient), "clinician__email", "created_at", "revoked_at"),
        "access_log": _rows(AccessLog.objects.filter(patient=patient), "clinician_email", "at", "what"),
    }
