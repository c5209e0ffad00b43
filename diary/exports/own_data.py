"""Everything the app holds about a patient, for GET /api/v1/export/?format=json.

The shape is versioned (EXPORT_FORMAT, EXPORT_VERSION; docs/api-extensions.md, "The JSON
export") and is what the neckline_json import reads back. The entries are left to the
caller, which renders them in the API's own shape; `entry_sources` gives each imported
entry its source for that rendering.
"""

from django.db.models import F
from django.utils import timezone

from diary.models import (
    AccessLog,
    ExamRecord,
    Grant,
    ImportedEntry,
    Notice,
    Procedure,
    Programme,
    PushSubscription,
    QuestionnaireResponse,
    RecordChange,
    RedFlagReview,
    ReminderDelivery,
    ReminderSettings,
    ScreeningSnapshot,
    TreatmentEvent,
    User,
)
from diary.screening import PROFILE_FIELDS

EXPORT_FORMAT = "neckline"
# 1: the profile, exams, screening, notices, reminders, grants, access log and entries.
# 2 (issue 24): the whole account: the screening profile's answers, the timeline with its
#    procedures and post-block ratings, programmes and their sessions, questionnaire
#    responses, red-flag reviews, push subscriptions, and each entry's import source.
EXPORT_VERSION = 2

PROCEDURE_FIELDS = (
    "kind",
    "levels",
    "side",
    "purpose",
    "anaesthetic",
    "expected_min_minutes",
    "expected_max_minutes",
    "recorded_elsewhere",
    "entered_relief_percent",
    "diary_slots",
    "diary_ended_at",
)
RATING_FIELDS = ("slot", "answered_at", "pain", "movement_provokes")
PROGRAMME_FIELDS = ("title", "general_advice", "times", "weekdays", "start_date", "review_date", "ended_on")
EXERCISE_FIELDS = ("position", "code", "version", "stage", "sets", "repetitions", "hold_seconds")
SESSION_FIELDS = ("id", "date", "performed_at", "results")
RESPONSE_FIELDS = ("id", "instrument", "instrument_version", "authored_at", "items", "score", "band")


def _rows(queryset, *fields, **expressions) -> list[dict]:
    return list(queryset.values(*fields, **expressions))


def _fields(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _procedure(procedure: Procedure) -> dict:
    return {
        **_fields(procedure, PROCEDURE_FIELDS),
        # The pair's first block, by its event's place in this export's timeline.
        "compares_with_at": procedure.compares_with.event.at if procedure.compares_with_id else None,
        "ratings": [_fields(rating, RATING_FIELDS) for rating in procedure.ratings.all()],
    }


def timeline(patient: User) -> list[dict]:
    events = (
        TreatmentEvent.objects.filter(patient=patient)
        .select_related("procedure__compares_with__event")
        .prefetch_related("procedure__ratings")
        .order_by("at", "pk")
    )
    rows = []
    for event in events:
        procedure = getattr(event, "procedure", None)
        rows.append(
            {
                **_fields(
                    event,
                    (
                        "kind",
                        "at",
                        "ended_on",
                        "title",
                        "note",
                        "by_clinician",
                        "recorded_by_email",
                        "created_at",
                        "withdrawn_at",
                        "hidden_by_patient_at",
                    ),
                ),
                "procedure": _procedure(procedure) if procedure is not None else None,
            }
        )
    return rows


def programmes(patient: User) -> list[dict]:
    rows = []
    for programme in (
        Programme.objects.filter(patient=patient)
        .select_related("event")
        .prefetch_related("exercises", "sessions")
        .order_by("start_date", "pk")
    ):
        rows.append(
            {
                **_fields(programme, PROGRAMME_FIELDS),
                "prescribed": programme.prescribed_by_id is not None,
                "prescribed_by_email": programme.prescribed_by_email,
                "withdrawn_at": programme.withdrawn_at,
                "library_version": programme.library_version,
                "event_at": programme.event.at if programme.event_id else None,
                "exercises": [_fields(exercise, EXERCISE_FIELDS) for exercise in programme.exercises.all()],
                "sessions": [
                    _fields(session, SESSION_FIELDS)
                    for session in sorted(programme.sessions.all(), key=lambda session: session.performed_at)
                ],
            }
        )
    return rows


def entry_sources(patient: User) -> dict[str, dict]:
    """{entry id: {"format", "import"}} for the entries an import wrote."""
    marks = ImportedEntry.objects.filter(source__patient=patient).values_list("entry_id", "source_id", "source__format")
    return {str(entry): {"format": kind, "import": str(source)} for entry, source, kind in marks}


def own_data(*, patient: User) -> dict:
    settings = ReminderSettings.objects.filter(patient=patient)
    profile = {name: getattr(patient, name) for name in PROFILE_FIELDS}
    profile["headaches_since"] = patient.headaches_since.strftime("%Y-%m") if patient.headaches_since else None
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "profile": {
            "email": patient.email,
            "timezone": patient.timezone,
            **profile,
            "date_joined": patient.date_joined,
        },
        "exam_records": _rows(
            ExamRecord.objects.filter(patient=patient),
            "date",
            "frt_left_deg",
            "frt_right_deg",
            "block_relief_percent",
            "note",
            "clinician_email",
            "created_at",
            "withdrawn_at",
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
        "access_log": _rows(
            AccessLog.objects.filter(patient=patient), "clinician_email", "at", "what", "role", "fields"
        ),
        # What clinicians corrected or withdrew and what the patient hid, with the values before.
        "record_history": _rows(
            RecordChange.objects.filter(patient=patient).order_by("at", "pk"),
            "kind",
            "record_id",
            "action",
            "by_email",
            "by_role",
            "at",
            "fields",
            "previous",
            "reason",
        ),
        "timeline": timeline(patient),
        "programmes": programmes(patient),
        "questionnaire_responses": _rows(
            QuestionnaireResponse.objects.filter(patient=patient).order_by("authored_at"), *RESPONSE_FIELDS
        ),
        "red_flag_reviews": _rows(
            RedFlagReview.objects.filter(patient=patient).order_by("reviewed_at"),
            "code",
            "date",
            "entry_id",
            "reviewed_at",
            "note",
            # The reviewer's email as kept on the review, so it survives their account
            # (under the key version 2 documents).
            reviewed_by__email=F("reviewed_by_email"),
        ),
        # The keys that encrypt a reminder for this browser are left out: they are the
        # browser's, and a file on a laptop is no place for them.
        "push_subscriptions": _rows(
            PushSubscription.objects.filter(user=patient), "endpoint", "created_at", "last_success_at"
        ),
    }
