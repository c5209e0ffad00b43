"""Bad input answers 400 with the field and the reason, and stores nothing."""

import datetime as dt

import pytest

from diary.models import Grant, PostBlockRating, Procedure, ReminderDelivery, TreatmentEvent
from tests.treatments.conftest import NOON
from tests.treatments.helpers import BLOCK, answer, record_block


def procedures_url(patient):
    return f"/api/v1/clinician/patients/{patient.pk}/procedures/"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"performed_at": (NOON + dt.timedelta(hours=1)).isoformat()}, "performed_at", "future"),
        ({"anaesthetic": "cocaine"}, "anaesthetic", "lidocaine"),
        ({"anaesthetic": ""}, "anaesthetic", "needs its anaesthetic"),
        ({"levels": ["L4-L5"]}, "levels", "cervical level"),
        ({"kind": "acupuncture"}, "kind", "valid choice"),
        ({"entered_relief_percent": 90}, "entered_relief_percent", "elsewhere"),
        ({"baseline_pain": 11}, "baseline_pain", "less than or equal to 10"),
        ({"color": "blue"}, "color", "Unknown field"),
    ],
)
def test_a_procedure_with_bad_input_is_refused_by_field(grant, clinician_api, patient, change, field, reason):
    body = {**BLOCK, "performed_at": NOON.isoformat(), "anaesthetic": "lidocaine", **change}
    response = clinician_api.post(procedures_url(patient), body, format="json")
    assert response.status_code == 400
    assert reason in str(response.json()[field])
    assert not TreatmentEvent.objects.exists() and not ReminderDelivery.objects.exists()


def test_a_comparative_link_to_another_patients_block_is_refused(
    grant, clinician_api, patient, other_patient, clinician
):
    Grant.objects.create(patient=other_patient, clinician=clinician)
    theirs = record_block(clinician_api, other_patient, NOON - dt.timedelta(days=7), "lidocaine")
    body = {**BLOCK, "performed_at": NOON.isoformat(), "anaesthetic": "bupivacaine", "compares_with": theirs["id"]}
    response = clinician_api.post(procedures_url(patient), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"compares_with": ["No such procedure for this patient."]}
    assert not TreatmentEvent.objects.filter(patient=patient).exists()


def test_a_comparative_block_must_follow_the_first_with_another_anaesthetic(grant, clinician_api, patient):
    first = record_block(clinician_api, patient, NOON - dt.timedelta(days=7), "lidocaine")
    body = {**BLOCK, "performed_at": NOON.isoformat(), "anaesthetic": "lidocaine", "compares_with": first["id"]}
    response = clinician_api.post(procedures_url(patient), body, format="json")
    assert response.status_code == 400 and "different anaesthetics" in response.json()["compares_with"][0]


@pytest.fixture
def block(grant, clinician_api, patient):
    return record_block(clinician_api, patient, NOON, "lidocaine")


@pytest.mark.parametrize(
    ("slot", "pain", "at", "field", "reason"),
    [
        ("15m", 11, NOON + dt.timedelta(minutes=15), "pain", "less than or equal to 10"),
        ("15m", -1, NOON + dt.timedelta(minutes=15), "pain", "greater than or equal to 0"),
        ("15m", 3, NOON - dt.timedelta(minutes=5), "answered_at", "before the block's baseline"),
        ("15m", 3, NOON + dt.timedelta(hours=2), "answered_at", "future"),
        ("5h", 3, NOON + dt.timedelta(minutes=15), "slot", "Not a prompt of this diary"),
    ],
)
def test_a_rating_with_bad_input_is_refused_by_field(patient_api, block, clock, slot, pain, at, field, reason):
    clock.set(NOON + dt.timedelta(minutes=20))
    response = answer(patient_api, block["id"], slot, pain, at)
    assert response.status_code == 400
    assert reason in response.json()[field][0]
    assert not PostBlockRating.objects.exists()


def test_a_rating_as_text_is_refused(patient_api, block):
    response = patient_api.put(f"/api/v1/post-block/{block['id']}/ratings/15m/", {"pain": "3"}, format="json")
    assert response.status_code == 400 and "pain" in response.json()


def test_an_answer_sent_twice_from_offline_is_stored_once(patient_api, block, clock):
    clock.set(NOON + dt.timedelta(minutes=40))
    at = NOON + dt.timedelta(minutes=16)
    first = answer(patient_api, block["id"], "15m", 2, at)
    again = answer(patient_api, block["id"], "15m", 2, at)
    assert (first.status_code, again.status_code) == (201, 200)
    assert PostBlockRating.objects.get().answered_at == at


def test_a_patient_cannot_answer_another_patients_diary(other_api, block, clock):
    response = answer(other_api, block["id"], "15m", 2, NOON + dt.timedelta(minutes=15))
    assert response.status_code == 404
    assert not PostBlockRating.objects.exists()


def test_ending_the_diary_cancels_the_prompts_still_ahead(patient_api, block, clock, patient):
    clock.set(NOON + dt.timedelta(minutes=50))
    assert ReminderDelivery.objects.filter(patient=patient, kind="block_prompt").count() == 10
    response = patient_api.post(f"/api/v1/post-block/{block['id']}/end/")
    assert response.status_code == 200 and response.json()["diary"]["open"] is False
    left = ReminderDelivery.objects.filter(patient=patient, kind="block_prompt").order_by("slot_at")
    assert [d.slot_at for d in left] == [NOON, NOON + dt.timedelta(minutes=15), NOON + dt.timedelta(minutes=30)]
    late = answer(patient_api, block["id"], "2h", 2, clock.now)
    assert late.status_code == 400 and "ended" in late.json()["slot"][0]
    assert Procedure.objects.get().diary_ended_at == clock.now
