"""Screening version 3 through the API, as a patient would use it: each worked
example that version 3 added (the save responses' advice included), and a
quick log's `symptoms: null` read as "not asked"."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from tests.api.test_patterns_red_flag_advice_and_profile import TODAY, URL, log, log_checkins, put


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Noon UTC on 2026-11-21: the same date in every timezone used here."""
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def caps_applied(report) -> set[str]:
    return {c["code"] for c in report["caps"] if c["applied"]}


def test_side_locked_migraine_blamed_on_the_desk_is_none_with_migraine_first(patient_api):
    # 9 attacks, all right-sided, throbbing, nausea, light and sound sensitivity,
    # triptans help in 7 of 8, "sustained posture" as the trigger.
    days = list(range(0, 54, 6))
    for i, days_ago in enumerate(days):
        relief = "partial" if i < 7 else "none"
        log(
            patient_api,
            days_ago,
            side="right",
            severity=7,
            quality="throbbing",
            onset_region="temple",
            neck_trigger="sustained_posture",
            symptoms=["nausea", "photophobia", "phonophobia"],
            medications=[{"name": "sumatriptan", "kind": "triptan", "relief": relief}] if i < 8 else [],
        )
    log_checkins(patient_api, range(60), skip=set(days))

    report = patient_api.get(URL).json()
    assert report["level"] == "none"
    assert "migraine_predominant" in caps_applied(report)
    assert report["differentials"][0]["code"] == "migraine"
    summary = report["summary"]
    assert "physiotherapist" not in summary
    # The rule the summary follows, as a field: the PWA's Insights reads it (no copy of the rule).
    assert report["doctor_only"] is True
    assert summary.index("migraine") < summary.find("neck") or "neck" not in summary


def test_autonomic_attacks_without_durations_name_cluster_possible(patient_api):
    # 14 right-eye attacks at night, severity 9-10, tearing, runny nose, pacing, no duration.
    days = list(range(0, 56, 4))
    for i, days_ago in enumerate(days):
        log(
            patient_api,
            days_ago,
            side="right",
            severity=9 + i % 2,
            onset_region="eye",
            started_at="02:00",
            symptoms=["tearing_red_eye", "nasal_symptoms", "restlessness"],
        )
    log_checkins(patient_api, range(60), skip=set(days))

    report = patient_api.get(URL).json()
    assert report["level"] == "none"
    assert [(d["code"], d["status"]) for d in report["differentials"]] == [("cluster", "possible")]
    assert "doctor" in report["summary"] and "physiotherapist" not in report["summary"]
    assert report["doctor_only"] is True


def test_manipulation_then_signs_a_day_later_is_an_emergency_naming_the_earlier_entry(patient_api):
    manipulation = put(patient_api, 2, side="right", severity=5, red_flags=["after_injury_or_manipulation"]).json()
    assert manipulation["advice"]["urgency"] == "urgent"

    later = put(patient_api, 1, side="right", severity=6, symptoms=["dizziness", "eyelid_droop_swelling"]).json()
    assert later["advice"]["urgency"] == "emergency"
    assert later["advice"]["related"] == [manipulation["id"]]
    assert "after_injury_or_manipulation" in later["advice"]["codes"]

    report = patient_api.get(URL).json()
    assert report["level"] == "urgent_review"
    flag = next(f for f in report["red_flags"] if f["code"] == "after_injury_or_manipulation")
    assert (flag["urgency"], flag["entry"], flag["related"]) == ("emergency", manipulation["id"], [later["id"]])


def test_signs_more_than_14_days_after_the_manipulation_stay_urgent(patient_api):
    put(patient_api, 20, side="right", severity=5, red_flags=["after_injury_or_manipulation"])
    later = put(patient_api, 5, side="right", severity=6, symptoms=["dizziness"]).json()
    assert later["advice"] is None


def test_jaw_pain_on_chewing_at_71_is_giant_cell_arteritis_not_temporomandibular(patient, patient_api):
    patient.birth_year = 1955
    patient.headaches_since = dt.date(2026, 10, 1)
    patient.save()
    days = list(range(0, 30, 3))
    saved = [
        put(
            patient_api, d, side="right", severity=6, onset_region="temple", neck_trigger="jaw_movement", symptoms=[]
        ).json()
        for d in days
    ]
    assert saved[0]["advice"]["urgency"] == "urgent"
    assert saved[0]["advice"]["codes"] == ["giant_cell_arteritis_signs"]

    report = patient_api.get(URL).json()
    assert report["level"] == "urgent_review"
    assert "giant_cell_arteritis_signs" in {f["code"] for f in report["red_flags"]}
    assert "temporomandibular" not in {d["code"] for d in report["differentials"]}
    # One sign on ten days is said once, with the count and the latest day.
    assert report["summary"].count("jaw pain") == 1
    assert "on 10 days, the latest 21 November: jaw pain" in report["summary"]


def test_quick_logs_on_both_sides_leave_tension_type_not_evaluable(patient_api):
    days = list(range(0, 36, 3))
    for days_ago in days:
        log(patient_api, days_ago, side="both", severity=4)
    log_checkins(patient_api, range(40), skip=set(days))

    report = patient_api.get(URL).json()
    assert "tension_type" not in {d["code"] for d in report["differentials"]}
    assert {"code": "tension_type", "questions": ["symptoms", "quality"]} in report["not_evaluable"]
    arm = next(s for s in report["signals"] if s["code"] == "ipsilateral_neck_arm_pain")
    assert (arm["n"], arm["unanswered"]) == (0, 12)


def test_an_unreviewed_thunderclap_105_days_ago_still_holds_the_level(patient_api):
    flagged = log(patient_api, 105, side="right", severity=10, red_flags=["thunderclap"])
    days = list(range(0, 60, 4))
    for days_ago in days:
        log(patient_api, days_ago, side="right", severity=5, onset_region="neck", neck_trigger="movement", symptoms=[])
    report = patient_api.get(URL).json()
    assert report["level"] == "urgent_review"
    assert [(f["entry"], f["past"]) for f in report["red_flags"] if f["code"] == "thunderclap"] == [(flagged, True)]


def test_symptoms_default_to_null_and_an_empty_list_is_an_answer(patient_api):
    entry_id = str(uuid.uuid4())
    body = {"date": TODAY.isoformat(), "side": "left", "severity": 3}
    assert patient_api.put(f"/api/v1/entries/{entry_id}/", body, format="json").json()["symptoms"] is None
    body["symptoms"] = []
    assert patient_api.put(f"/api/v1/entries/{entry_id}/", body, format="json").json()["symptoms"] == []
    body["symptoms"] = "nausea"
    refused = patient_api.put(f"/api/v1/entries/{entry_id}/", body, format="json")
    assert refused.status_code == 400 and "symptoms" in refused.json()


def test_an_injury_made_an_emergency_by_yesterdays_signs_is_advice_for_now_in_the_report(patient_api):
    # The manipulation is three days old ("past" on its own); the dizziness was yesterday.
    manipulation = log(patient_api, 3, side="right", severity=5, red_flags=["after_injury_or_manipulation"])
    log(patient_api, 1, side="right", severity=6, symptoms=["dizziness"])
    report = patient_api.get(URL).json()
    [flag] = [f for f in report["red_flags"] if f["code"] == "after_injury_or_manipulation"]
    assert (flag["entry"], flag["urgency"], flag["past"]) == (manipulation, "emergency", False)
    assert report["summary"].startswith("This needs medical help now.")
    assert "If a doctor did not check it at the time" not in report["summary"]


def test_the_patients_own_check_is_worded_as_theirs_in_their_report(patient_api):
    flagged = log(patient_api, 2, side="right", severity=9, red_flags=["thunderclap"])
    for days_ago in range(3, 60, 2):
        log(patient_api, days_ago, side="right", severity=4, onset_region="neck", neck_trigger="movement", symptoms=[])
    check = {"code": "thunderclap", "date": "2026-11-19", "entry": flagged, "checked_on": "2026-11-20"}
    assert patient_api.post("/api/v1/red-flag-reviews/", check, format="json").status_code == 201
    summary = patient_api.get(URL).json()["summary"]
    assert "You said a doctor has checked the warning signs from 19 November in your diary." in summary
    assert "A clinician has looked" not in summary
