"""The worked cases of issue 16: a block's result computed from the post-block diary."""

import datetime as dt

from diary.selectors.treatments import clinical_exam_blocks
from tests.treatments.conftest import NOON
from tests.treatments.helpers import keep_diary, record_block

LATER = ["3h", "4h", "6h", "8h", "next_morning"]


def test_lidocaine_block_with_90_percent_relief_for_90_minutes_is_a_concordant_single_block(
    grant, clinician_api, patient_api, patient, clock
):
    block = record_block(clinician_api, patient, NOON, "lidocaine")
    assert block["expected_minutes"] == [60, 120]
    pains = {"baseline": 10, "15m": 1, "30m": 1, "1h": 1, "2h": 9} | dict.fromkeys(LATER, 10)
    # The 1-hour prompt was answered half an hour late: its real time counts.
    diary = keep_diary(patient_api, clock, block, pains, late={"1h": 90})["diary"]

    result = diary["result"]
    assert result["max_relief_percent"] == 90
    assert result["minutes_relief_80"] == 90
    assert result["relief_80_ended_by"] == "below"
    assert result["concordance"] == "concordant"
    assert result["positive"] is True
    assert [p["status"] for p in diary["prompts"]] == ["answered"] * 10

    [exam] = clinical_exam_blocks(patient=patient)
    assert exam == {
        "id": f"procedure:{block['id']}",
        "date": NOON.date(),
        "anaesthetic": "lidocaine",
        "comparative_with": None,
        "action_hours": 1.5,
        "replaces": None,
        "source": "post_block_diary",
        "relief_percent": 90,
        "duration_hours": 1.5,
        "concordant": True,
    }


def test_bupivacaine_block_relieving_85_percent_for_20_minutes_is_discordant_and_not_counted(
    grant, clinician_api, patient_api, patient, clock
):
    block = record_block(clinician_api, patient, NOON, "bupivacaine")
    pains = {"baseline": 7, "15m": 1, "30m": 7, "1h": 7, "2h": 7} | dict.fromkeys(LATER, 7)
    diary = keep_diary(patient_api, clock, block, pains, late={"15m": 20})["diary"]

    result = diary["result"]
    assert result["max_relief_percent"] == 86  # 6 of 7 points
    assert result["minutes_relief_80"] == 20
    assert result["concordance"] == "discordant"
    assert result["positive"] is False
    [exam] = clinical_exam_blocks(patient=patient)
    assert (exam["relief_percent"], exam["duration_hours"], exam["concordant"]) == (86, 0.33, False)


def test_comparative_pair_both_over_80_percent_with_bupivacaine_longer_is_comparative_blocks(
    grant, clinician_api, patient_api, patient, clock
):
    first = record_block(clinician_api, patient, NOON, "lidocaine")
    keep_diary(
        patient_api, clock, first, {"baseline": 8, "15m": 1, "30m": 1, "1h": 1, "2h": 7} | dict.fromkeys(LATER, 8)
    )
    second_at = NOON + dt.timedelta(days=14)
    clock.set(second_at)
    second = record_block(clinician_api, patient, second_at, "bupivacaine", compares_with=first["id"])
    detail = keep_diary(
        patient_api,
        clock,
        second,
        {"baseline": 8, "15m": 1, "30m": 0, "1h": 0, "2h": 1, "3h": 1, "4h": 1, "6h": 1, "8h": 6, "next_morning": 8},
    )

    pair = detail["comparative"]
    assert pair == {
        "first": first["id"],
        "second": second["id"],
        "both_relieved": True,
        "longer_acting_longer": True,
        "positive": True,
        "reason": None,
    }
    # For the screening engine, which pairs them by `comparative_with`.
    lido, bupi = clinical_exam_blocks(patient=patient)
    assert bupi["comparative_with"] == lido["id"] == f"procedure:{first['id']}"
    assert (lido["relief_percent"], lido["duration_hours"], lido["action_hours"], lido["concordant"]) == (
        88,
        1.0,
        1.5,
        True,
    )
    assert (bupi["relief_percent"], bupi["duration_hours"], bupi["action_hours"], bupi["concordant"]) == (
        100,
        6.0,
        6.0,
        True,
    )


def test_comparative_pair_where_lidocaine_outlasts_bupivacaine_is_not_positive(
    grant, clinician_api, patient_api, patient, clock
):
    first = record_block(clinician_api, patient, NOON, "lidocaine")
    keep_diary(
        patient_api,
        clock,
        first,
        {"baseline": 8, "15m": 0, "30m": 0, "1h": 0, "2h": 0, "3h": 0, "4h": 8} | dict.fromkeys(LATER[2:], 8),
    )
    clock.set(NOON + dt.timedelta(days=7))
    second = record_block(clinician_api, patient, clock.now, "bupivacaine", compares_with=first["id"])
    detail = keep_diary(
        patient_api, clock, second, {"baseline": 8, "15m": 0, "30m": 0, "1h": 8, "2h": 8} | dict.fromkeys(LATER, 8)
    )
    assert detail["comparative"]["longer_acting_longer"] is False
    assert detail["comparative"]["positive"] is False


def test_a_diary_with_most_prompts_unanswered_gives_no_result_and_says_why(
    grant, clinician_api, patient_api, patient, clock
):
    block = record_block(clinician_api, patient, NOON, "lidocaine")
    diary = keep_diary(patient_api, clock, block, {"baseline": 9, "15m": 0, "30m": 0})["diary"]

    assert diary["result"] is None
    assert diary["reason"] == "too_few_answers"
    assert (diary["answered"], diary["due"]) == (2, 9)
    statuses = {p["slot"]: p["status"] for p in diary["prompts"]}
    assert statuses["1h"] == statuses["next_morning"] == "missing"
    assert all(p["pain"] is None for p in diary["prompts"] if p["status"] == "missing")
    assert clinical_exam_blocks(patient=patient) == []


def test_a_gap_in_the_answers_is_never_filled_into_a_pass(grant, clinician_api, patient_api, patient, clock):
    block = record_block(clinician_api, patient, NOON, "bupivacaine")
    pains = {"baseline": 8, "15m": 0, "30m": 0, "1h": 0, "3h": 0, "4h": 0, "6h": 0, "8h": 1, "next_morning": 8}
    result = keep_diary(patient_api, clock, block, pains)["diary"]["result"]  # no answer at 2 h
    assert result["minutes_relief_80"] == 60
    assert result["relief_80_ended_by"] == "missing"
    assert result["concordance"] == "unknown"
    assert result["positive"] is False
    [exam] = clinical_exam_blocks(patient=patient)
    assert exam["duration_hours"] is None and exam["concordant"] is False  # not counted


def test_a_block_done_elsewhere_counts_with_its_entered_relief_marked_as_such(grant, clinician_api, patient):
    body = {
        "kind": "third_occipital_nerve_block",
        "levels": ["C2-C3"],
        "side": "left",
        "purpose": "diagnostic",
        "performed_at": (NOON - dt.timedelta(days=40)).isoformat(),
        "recorded_elsewhere": True,
        "entered_relief_percent": 85,
        "anaesthetic": "",
    }
    response = clinician_api.post(f"/api/v1/clinician/patients/{patient.pk}/procedures/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["diary"] is None
    [exam] = clinical_exam_blocks(patient=patient)
    assert (exam["source"], exam["relief_percent"], exam["concordant"]) == ("entered", 85, None)
