"""The headache/check-in rules live in the entry service: the API answers them with the
field and the reason (the same bodies as when the serializer held them), and entry_upsert
re-checks them for every other caller (the demo, imports), storing nothing."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from diary.models import Entry
from diary.services.entries import entry_upsert


def put(api, body):
    return api.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json")


def test_a_headache_without_a_side_or_a_severity_is_refused_naming_both(patient_api, patient):
    response = put(patient_api, {"date": "2026-01-10"})
    assert response.status_code == 400
    assert response.json() == {
        "side": ["Required for a headache. Which side hurts?"],
        "severity": ["Required for a headache. How bad is it, from 0 to 10?"],
    }
    assert not Entry.objects.filter(patient=patient).exists()


def test_a_check_in_with_headache_fields_or_a_headache_only_sign_is_refused(patient_api, patient):
    response = put(patient_api, {"date": "2026-01-10", "headache": False, "severity": 3, "red_flags": ["thunderclap"]})
    assert response.status_code == 400
    assert response.json() == {
        "severity": ["Only for a headache: leave it out of a headache-free check-in."],
        "red_flags": [
            'Only for a headache: "It reached its worst within a minute" cannot be logged on a headache-free day.'
        ],
    }
    assert not Entry.objects.filter(patient=patient).exists()


def test_a_check_in_may_carry_a_sign_that_matters_without_a_headache(patient_api):
    response = put(patient_api, {"date": "2026-01-10", "headache": False, "red_flags": ["neuro_deficit"]})
    assert response.status_code == 201, response.json()


def test_the_service_refuses_a_check_in_with_headache_fields_whoever_calls_it(patient):
    with pytest.raises(ValidationError) as refused:
        entry_upsert(
            patient=patient, entry_id=uuid.uuid4(), date=patient.date_joined.date(), headache=False, side="left"
        )
    assert refused.value.message_dict == {"side": ["Only for a headache: leave it out of a headache-free check-in."]}
    assert not Entry.objects.filter(patient=patient).exists()


def test_the_service_lets_an_imported_headache_leave_side_and_severity_unanswered(patient):
    entry, created = entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=patient.date_joined.date())
    assert created and (entry.side, entry.severity) == (None, None)
