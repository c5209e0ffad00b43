"""The rest of a Neckline export, beside its entries: checked at the dry run, restored by
the import, removed by its undo.

Everything is checked with the models' own validation (choices, ranges, lengths) and dates
are held between 1900 and a year from today (issue 24: one out-of-range date must not
poison a diary). Restoring is idempotent: a timeline event is found again by its kind,
moment and title, a programme by its title and start, sessions and questionnaire answers
by their ids, and profile answers and reminder settings are only filled where the account
has none. What a clinician recorded comes in as the patient's own record (by_clinician
and the prescriber are not carried: a file cannot vouch for a clinician).
"""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from diary.exports.own_data import EXERCISE_FIELDS, PROCEDURE_FIELDS, RATING_FIELDS  # the document read back
from diary.models import (
    ExerciseSession,
    PostBlockRating,
    Procedure,
    Programme,
    ProgrammeExercise,
    QuestionnaireResponse,
    ReminderSettings,
    TreatmentEvent,
    User,
)
from diary.screening import PROFILE_FIELDS

EARLIEST = dt.date(1900, 1, 1)
NAMESPACE = uuid.UUID("5d0e4f7a-93c1-4b0e-8f6d-2a7c9e1b3f58")
EVENT_FIELDS = ("kind", "at", "ended_on", "title", "note")
PROGRAMME_FIELDS = (
    "title",
    "general_advice",
    "times",
    "weekdays",
    "start_date",
    "review_date",
    "ended_on",
    "library_version",
)
SESSION_FIELDS = ("id", "date", "performed_at", "results")
RESPONSE_FIELDS = ("id", "instrument", "instrument_version", "authored_at", "items", "score", "band")
SETTINGS_FIELDS = ("enabled", "times", "weekdays", "quiet_start", "quiet_end", "diary_nudge_time", "adaptive")


def _clean(model: type[models.Model], item, names: tuple[str, ...], today: dt.date, exclude=()) -> models.Model:
    """An unsaved instance from the file's dict, validated; ValidationError otherwise."""
    if not isinstance(item, dict):
        raise ValidationError(_("not an object"))
    instance = model(**{name: item.get(name) for name in names if name in item})
    instance.clean_fields(
        exclude=[field.name for field in model._meta.fields if field.name not in names] + list(exclude)
    )
    for name in names:
        value = getattr(instance, name, None)
        day = value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else None
        if day is not None and not EARLIEST <= day <= today + dt.timedelta(days=366):
            raise ValidationError({name: _("outside 1900 to a year from today")})
    return instance


def _event(item: dict, today: dt.date) -> dict:
    event = _clean(TreatmentEvent, item, EVENT_FIELDS, today)
    checked = {"event": event, "procedure": None, "ratings": []}
    if item.get("procedure"):
        procedure = item["procedure"]
        checked["procedure"] = _clean(Procedure, procedure, PROCEDURE_FIELDS, today)
        ratings = procedure.get("ratings") or []
        checked["ratings"] = [_clean(PostBlockRating, rating, RATING_FIELDS, today) for rating in ratings]
    return checked


def _programme(item: dict, today: dt.date) -> dict:
    return {
        "programme": _clean(Programme, item, PROGRAMME_FIELDS, today),
        "event_at": item.get("event_at"),
        "exercises": [
            _clean(ProgrammeExercise, exercise, EXERCISE_FIELDS, today) for exercise in item.get("exercises") or []
        ],
        "sessions": [_clean(ExerciseSession, session, SESSION_FIELDS, today) for session in item.get("sessions") or []],
    }


CHECKS = {
    "timeline": _event,
    "programmes": _programme,
    "questionnaire_responses": lambda item, today: _clean(QuestionnaireResponse, item, RESPONSE_FIELDS, today),
    "reminder_settings": lambda item, today: _clean(ReminderSettings, item, SETTINGS_FIELDS, today),
}


def _profile(profile: dict, today: dt.date) -> dict:
    patient = User(**{name: profile.get(name) for name in PROFILE_FIELDS if name != "headaches_since"})
    if profile.get("headaches_since"):
        patient.headaches_since = f"{profile['headaches_since']}-01"
    names = [field.name for field in User._meta.fields]
    patient.clean_fields(exclude=[name for name in names if name not in PROFILE_FIELDS])
    return {name: getattr(patient, name) for name in PROFILE_FIELDS}


def checked(records: dict, *, today: dt.date) -> tuple[dict, list[dict], dict]:
    """(the records kept, in the file's JSON; errors as {row, reason}; counts by section).
    A record that fails its check is left out, named in the errors by section and number."""
    kept, errors, counts = {}, [], {}
    if not records:
        return kept, errors, counts
    try:
        _profile(records.get("profile") or {}, today)
        kept["profile"] = {name: (records.get("profile") or {}).get(name) for name in PROFILE_FIELDS}
    except (ValidationError, TypeError, ValueError) as error:
        errors.append({"row": 0, "reason": _("profile: %(error)s") % {"error": _message(error)}})
    for section, check in CHECKS.items():
        items = records.get(section) or []
        kept[section] = []
        for number, item in enumerate(items if isinstance(items, list) else [], start=1):
            try:
                check(item, today)
            except (ValidationError, TypeError, ValueError, AttributeError) as error:
                errors.append({"row": number, "reason": f"{section}: {_message(error)}"})
            else:
                kept[section].append(item)
        counts[section] = len(kept[section])
    return kept, errors, counts


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("a value of the wrong type")


def _own_id(model, patient: User, value) -> uuid.UUID:
    """The record's id if it is free or already this patient's, else one made from it."""
    original = uuid.UUID(str(value))
    owner = model.objects.filter(pk=original).values_list("patient_id", flat=True).first()
    return original if owner in (None, patient.pk) else uuid.uuid5(NAMESPACE, f"{patient.pk}/{original}")


def restore(*, patient: User, kept: dict) -> list[dict]:
    """Write the kept records; returns what was created, for the undo."""
    if not kept:
        return []
    today = timezone.localdate()
    created: list[dict] = []

    def made(instance: models.Model) -> None:
        created.append({"model": instance._meta.label_lower, "pk": str(instance.pk)})

    profile = kept.get("profile") or {}
    filled = [name for name in PROFILE_FIELDS if getattr(patient, name) is None and profile.get(name) is not None]
    if filled:
        values = _profile(profile, today)
        User.objects.filter(pk=patient.pk).update(**{name: values[name] for name in filled})
        created.append({"model": "profile", "pk": filled})
    if kept.get("reminder_settings") and not ReminderSettings.objects.filter(patient=patient).exists():
        settings = CHECKS["reminder_settings"](kept["reminder_settings"][0], today)
        settings.patient = patient
        settings.save()
        made(settings)
    events_by_at = {}
    for item in kept.get("timeline") or []:
        checked_event = _event(item, today)
        event = checked_event["event"]
        found = TreatmentEvent.objects.filter(patient=patient, kind=event.kind, at=event.at, title=event.title).first()
        if found is not None:
            events_by_at[(event.kind, event.at)] = found
            continue
        event.patient = patient
        event.save()
        made(event)
        events_by_at[(event.kind, event.at)] = event
        if checked_event["procedure"] is not None:
            procedure = checked_event["procedure"]
            procedure.event = event
            procedure.save()
            for rating in checked_event["ratings"]:
                rating.procedure = procedure
                rating.save()
    for item in kept.get("programmes") or []:
        checked_programme = _programme(item, today)
        programme = checked_programme["programme"]
        found = Programme.objects.filter(
            patient=patient, title=programme.title, start_date=programme.start_date
        ).first()
        if found is None:
            programme.patient = patient
            if checked_programme["event_at"]:
                at = TreatmentEvent._meta.get_field("at").to_python(checked_programme["event_at"])
                programme.event = events_by_at.get(("home_exercise", at))
            programme.save()
            made(programme)
            for exercise in checked_programme["exercises"]:
                exercise.programme = programme
                exercise.save()
            found = programme
        for session in checked_programme["sessions"]:
            session.id = _own_id(ExerciseSession, patient, session.id)
            if not ExerciseSession.objects.filter(pk=session.id).exists():
                session.programme, session.patient = found, patient
                session.save()
                made(session)
    for item in kept.get("questionnaire_responses") or []:
        response = CHECKS["questionnaire_responses"](item, today)
        response.id = _own_id(QuestionnaireResponse, patient, response.id)
        if not QuestionnaireResponse.objects.filter(pk=response.id).exists():
            response.patient = patient
            response.save()
            made(response)
    return created


def remove(*, patient: User, created: list[dict]) -> None:
    """Undo `restore`: delete what it created (the latest first) and empty the profile
    answers it filled."""
    by_label = {
        model._meta.label_lower: model
        for model in (ReminderSettings, TreatmentEvent, Programme, ExerciseSession, QuestionnaireResponse)
    }
    for item in reversed(created or []):
        if item["model"] == "profile":
            User.objects.filter(pk=patient.pk).update(**{name: None for name in item["pk"]})
            continue
        model = by_label[item["model"]]
        model.objects.filter(pk=item["pk"], patient=patient).delete()
