"""DELETE /api/v1/me/ leaves no row behind that belongs to the patient, in any table."""

import datetime as dt
import uuid

from django.apps import apps
from django.db import models
from django.utils import timezone
from rest_framework.test import APIClient

from diary.choices import Role
from diary.models import (
    AccessLog,
    ExamRecord,
    Grant,
    Notice,
    PushSubscription,
    ReminderDelivery,
    ReminderSettings,
    ScreeningSnapshot,
    User,
    UserSession,
)
from diary.services.sharing import share_code_create, share_code_redeem
from tests.factories import PASSWORD, EntryFactory, UserFactory


def rows_pointing_at(user_id: int) -> dict[str, int]:
    """Every row in every installed model with a foreign key to this user."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                count = model.objects.filter(**{field.name: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def rows_naming(email: str) -> dict[str, int]:
    """Rows that hold the email as text (the login lockout tables keep a username)."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.name in ("username", "email") and isinstance(field, models.CharField):
                count = model.objects.filter(**{field.name: email}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def live_sessions_of(user_id: int) -> int:
    return UserSession.objects.filter(user_id=user_id).count()


def test_deleting_a_patient_leaves_no_row_of_theirs_in_any_table(db):
    patient = UserFactory(email="leaving@example.test")
    clinician = UserFactory(email="their.doc@example.test", role=Role.CLINICIAN)
    other = UserFactory(email="staying@example.test")
    EntryFactory(patient=other)

    client = APIClient()
    client.post("/api/v1/auth/login/", {"email": patient.email, "password": "wrong"}, format="json")
    assert (
        client.post("/api/v1/auth/login/", {"email": patient.email, "password": PASSWORD}, format="json").status_code
        == 200
    )
    # A failed login elsewhere: django-axes keeps it under the email.
    APIClient().post("/api/v1/auth/login/", {"email": patient.email, "password": "wrong"}, format="json")
    client.put(f"/api/v1/entries/{uuid.uuid4()}/", {"date": "2026-11-20", "side": "left", "severity": 4}, format="json")
    code, _ = share_code_create(patient=patient)
    share_code_redeem(clinician=clinician, code=code)
    share_code_create(patient=patient)  # one left unused
    Grant.objects.create(patient=patient, clinician=UserFactory(role=Role.CLINICIAN), revoked_at=timezone.now())
    AccessLog.objects.create(patient=patient, clinician=clinician, clinician_email=clinician.email, what="summary")
    ExamRecord.objects.create(patient=patient, clinician=clinician, date=dt.date(2026, 11, 1), frt_left_deg=30)
    ScreeningSnapshot.objects.create(
        patient=patient,
        screened_at=timezone.now(),
        diary_version=timezone.now(),
        window_to=dt.date(2026, 11, 20),
        level="none",
        report={},
    )
    Notice.objects.create(patient=patient, kind="red_flag", code="thunderclap", dedupe_key="k", title="t", body="b")
    PushSubscription.objects.create(user=patient, endpoint="https://push.example.test/1", p256dh="k", auth="a")
    ReminderSettings.objects.create(patient=patient, enabled=True)
    ReminderDelivery.objects.create(patient=patient, kind="posture", slot_at=timezone.now(), title="t", body="b")
    before = rows_pointing_at(patient.pk)
    assert len(before) >= 10, before  # the test reaches every kind of row it claims to

    response = client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(pk=patient.pk).exists()
    assert rows_pointing_at(patient.pk) == {}
    assert rows_naming(patient.email) == {}
    assert live_sessions_of(patient.pk) == 0
    # Nobody else lost anything.
    assert other.entries.count() == 1 and User.objects.filter(pk=clinician.pk).exists()


def test_a_clinician_who_leaves_loses_access_but_their_reads_stay_in_the_patients_log(patient, patient_api):
    clinician = UserFactory(email="leaving.doc@example.test", role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=clinician)
    client = APIClient()
    client.force_login(clinician)
    assert client.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").status_code == 200

    assert client.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204

    assert patient_api.get("/api/v1/sharing/grants/").json() == []
    [read] = patient_api.get("/api/v1/sharing/access-log/").json()
    assert (read["clinician_email"], read["what"]) == ("leaving.doc@example.test", "summary")
