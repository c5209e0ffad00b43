"""The demo patient's whole account, exported, imported into a new account and exported
again: every section the patient owns is the same, field by field (ids, times of the new
rows and the import's own marks aside)."""

import datetime as dt
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from diary.demo import load_demo
from diary.models import (
    ExerciseSession,
    PostBlockRating,
    Procedure,
    Programme,
    ProgrammeExercise,
    QuestionnaireResponse,
    ReminderSettings,
    TreatmentEvent,
)
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
# What the new account makes itself, or a file cannot vouch for (diary/imports/neckline_json.py).
ACCOUNT_OWN = {
    "exported_at",
    "exam_records",
    "screening_snapshots",
    "notices",
    "reminders",
    "grants",
    "access_log",
    "red_flag_reviews",
    "push_subscriptions",
}
NEW_ROW_FIELDS = {"id", "created_at", "updated_at", "source", "advice", "by_clinician", "prescribed"}


def full_account(patient):
    patient.injury_date, patient.cancer_history, patient.pregnant_or_postpartum = dt.date(2025, 5, 1), False, None
    patient.immunosuppressed, patient.birth_year = True, 1980
    patient.save()
    ReminderSettings.objects.create(patient=patient, enabled=True, times=["20:00"], weekdays=[0, 2, 4])
    now = timezone.now().replace(microsecond=0)
    block = TreatmentEvent.objects.create(
        patient=patient, kind="procedure", at=now - dt.timedelta(days=20), title="TON block"
    )
    procedure = Procedure.objects.create(
        event=block,
        kind="third_occipital_nerve_block",
        levels=["TON"],
        side="right",
        purpose="diagnostic",
        anaesthetic="lidocaine",
        expected_min_minutes=30,
        expected_max_minutes=120,
        diary_slots=["baseline", "1h"],
    )
    PostBlockRating.objects.create(procedure=procedure, slot="baseline", answered_at=block.at, pain=6)
    PostBlockRating.objects.create(
        procedure=procedure, slot="1h", answered_at=block.at + dt.timedelta(hours=1), pain=1, movement_provokes=False
    )
    start = TreatmentEvent.objects.create(patient=patient, kind="home_exercise", at=now - dt.timedelta(days=10))
    programme = Programme.objects.create(
        patient=patient,
        title="Neck exercises",
        times=["08:00"],
        weekdays=[0, 3],
        library_version=1,
        start_date=start.at.date(),
        event=start,
    )
    ProgrammeExercise.objects.create(
        programme=programme, position=0, code="chin_tuck", version=1, sets=2, repetitions=10, hold_seconds=5
    )
    ExerciseSession.objects.create(
        id=uuid.uuid4(),
        programme=programme,
        patient=patient,
        date=start.at.date(),
        performed_at=start.at,
        results=[{"code": "chin_tuck", "outcome": "done", "pain": 2}],
    )
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="ndi",
        instrument_version="1",
        authored_at=now - dt.timedelta(days=3),
        items=[{"linkId": "1", "answer": [{"valueInteger": 2}]}],
        score=24.0,
        band="moderate",
    )


def without(value, drop=NEW_ROW_FIELDS):
    if isinstance(value, dict):
        return {key: without(item, drop) for key, item in value.items() if key not in drop}
    if isinstance(value, list):
        return [without(item, drop) for item in value]
    return value


def comparable(document: dict) -> dict:
    document = {key: value for key, value in document.items() if key not in ACCOUNT_OWN}
    document["profile"] = {k: v for k, v in document["profile"].items() if k not in ("email", "date_joined")}
    document["entries"] = sorted(without(document["entries"]), key=lambda entry: json.dumps(entry, sort_keys=True))
    for section in ("timeline", "programmes", "questionnaire_responses", "reminder_settings"):
        document[section] = without(document[section])
    return document


def test_export_import_export_gives_the_same_document(commit):
    patient, _clinician = load_demo()
    full_account(patient)
    first = logged_in(patient).get("/api/v1/export/?format=json").json()
    assert first["version"] == 2 and len(first["entries"]) > 30

    newcomer = UserFactory(email="new@example.test", timezone=patient.timezone)
    api = logged_in(newcomer)
    file = SimpleUploadedFile("neckline.json", json.dumps(first).encode())
    preview = api.post("/api/v1/imports/", {"file": file}, format="multipart").json()
    assert preview["format"] == "neckline_json" and preview["preview"]["errors"] == []
    assert preview["preview"]["create"] == len(first["entries"])
    assert commit(api, preview["id"]).status_code == 202
    second = api.get("/api/v1/export/?format=json").json()

    before, after = comparable(first), comparable(second)
    for section in before:
        assert after[section] == before[section], section
    assert {entry["source"]["format"] for entry in second["entries"]} == {"neckline_json"}


def test_the_same_export_into_the_same_account_changes_nothing(commit):
    patient, _clinician = load_demo()
    full_account(patient)
    api = logged_in(patient)
    first = api.get("/api/v1/export/?format=json").json()
    file = SimpleUploadedFile("neckline.json", json.dumps(first).encode())
    preview = api.post("/api/v1/imports/", {"file": file}, format="multipart").json()
    assert (preview["preview"]["create"], preview["preview"]["merge"]) == (0, 0)
    commit(api, preview["id"])
    again = api.get("/api/v1/export/?format=json").json()
    assert comparable(again) == comparable(first)
