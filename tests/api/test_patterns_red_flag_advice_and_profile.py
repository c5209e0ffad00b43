"""Screening version 2 through the API, as a patient would use it: the worked
examples of screening.md that version 2 added, every new red flag's advice in
the save response, red flags on headache-free days, and the profile fields."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from diary.models import Entry, RedFlagReview
from diary.services.changes import Change, diary_changed

TODAY = dt.date(2026, 11, 21)
URL = "/api/v1/patterns/"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Noon UTC on 2026-11-21: the same date in every timezone used here."""
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def put(client, days_ago: int = 0, **fields):
    entry_id = str(uuid.uuid4())
    body = {"date": (TODAY - dt.timedelta(days=days_ago)).isoformat(), **fields}
    return client.put(f"/api/v1/entries/{entry_id}/", body, format="json")


def log(client, days_ago: int, **fields) -> str:
    response = put(client, days_ago, **fields)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def log_checkins(client, days: range, skip: set) -> None:
    for days_ago in days:
        if days_ago not in skip:
            log(client, days_ago, headache=False)


# --- Worked examples -----------------------------------------------------------------------


def test_quick_logs_only_ask_for_the_neck_questions(patient_api):
    # 20 right-sided headaches in 60 days, side and severity alone.
    days = list(range(0, 60, 3))
    for days_ago in days:
        log(patient_api, days_ago, side="right", severity=5)
    log_checkins(patient_api, range(60), skip=set(days))

    report = patient_api.get(URL).json()
    assert (report["level"], report["reasons"]) == ("insufficient_data", ["neck_questions_unanswered"])
    signals = {s["code"]: s for s in report["signals"]}
    assert signals["side_locked"]["met"]
    assert (signals["mechanical_trigger"]["n"], signals["mechanical_trigger"]["unanswered"]) == (0, 20)
    assert (signals["neck_onset"]["n"], signals["neck_onset"]["unanswered"]) == (0, 20)
    assert '"Where did it start?"' in report["summary"] and '"What brought it on?"' in report["summary"]
    assert "cannot show whether your neck is involved" in report["summary"]
    assert "does not show a clear pattern" not in report["summary"]


def test_a_bilateral_desk_worker_without_an_exam_is_none_with_tension_type(patient_api):
    # Both sides, after long screen sessions, starting at the back of the head.
    days = list(range(0, 60, 3))
    for i, days_ago in enumerate(days):
        log(
            patient_api,
            days_ago,
            side="both",
            severity=3 + i % 3,
            quality="pressing",
            posture="desk_screen",
            neck_trigger="sustained_posture",
            onset_region="occiput",
            symptoms=[],  # v3: tension_type needs the symptoms answered
        )
    log_checkins(patient_api, range(60), skip=set(days))

    report = patient_api.get(URL).json()
    assert report["level"] == "none"
    assert {c["code"]: c["effect"] for c in report["caps"] if c["applied"]} == {"bilateral": "none"}
    assert [d["code"] for d in report["differentials"]] == ["tension_type"]
    assert "physiotherapist" not in report["summary"]


def test_the_mixed_pattern_names_its_rule_and_its_entries(patient_api):
    # Migraine on alternating sides, plus right-sided neck-triggered headaches.
    neck_ids = [
        log(
            patient_api,
            d,
            side="right",
            severity=5,
            quality="pressing",
            onset_region="neck",
            neck_trigger="movement",
            symptoms=[],
        )
        for d in range(0, 12, 2)
    ]
    # Nine migraines of fifteen: two thirds would be migraine_predominant, level none (v3).
    for i, d in enumerate(range(1, 28, 3)):
        log(
            patient_api,
            d,
            side=("left", "right")[i % 2],
            severity=7,
            quality="throbbing",
            onset_region="temple",
            neck_trigger="none",
            symptoms=["nausea", "photophobia", "phonophobia"],
        )
    taken = set(range(0, 12, 2)) | set(range(1, 28, 3))
    log_checkins(patient_api, range(40), skip=taken)

    report = patient_api.get(URL).json()
    assert (report["level"], report["mixed"]) == ("possible", True)
    mixed = {s["code"]: s for s in report["mixed_signals"]}
    assert mixed["side_locked"]["met"] and set(mixed["side_locked"]["evidence"]) == set(neck_ids)
    assert "start in the neck: ." not in report["summary"]
    assert "stay on the right side (6 of 6 headaches)" in report["summary"]


def test_figures_in_words_equal_the_figures_shown(patient_api):
    # 29 episodes answered "what brought it on?", 22 of them mechanical: 76%.
    for i in range(29):
        log(
            patient_api, i, side="right", severity=5, onset_region="neck", neck_trigger="movement" if i < 22 else "none"
        )
    report = patient_api.get(URL).json()
    trigger = next(s for s in report["signals"] if s["code"] == "mechanical_trigger")
    assert (trigger["count"], trigger["n"]) == (22, 29)
    assert "22 of 29 headaches (76%)" in report["summary"]


# --- Red flags in the save response ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "urgency"),
    [
        ({"red_flags": ["worst_ever"]}, "urgent"),
        ({"red_flags": ["worst_ever", "thunderclap"]}, "emergency"),
        ({"red_flags": ["after_injury_or_manipulation"]}, "urgent"),
        ({"red_flags": ["after_injury_or_manipulation"], "symptoms": ["dizziness"]}, "emergency"),
        ({"red_flags": ["after_injury_or_manipulation"], "symptoms": ["eyelid_droop_swelling"]}, "emergency"),
        ({"red_flags": ["after_injury_or_manipulation", "neuro_deficit"]}, "emergency"),
        ({"red_flags": ["radicular_or_cord_signs"]}, "urgent"),
        ({"red_flags": ["giant_cell_arteritis_signs"]}, "urgent"),
        ({"red_flags": ["raised_pressure_signs"]}, "urgent"),
    ],
)
def test_each_new_flag_gets_its_advice_at_once(patient_api, fields, urgency):
    response = put(patient_api, 0, side="right", severity=6, **fields)
    advice = response.json()["advice"]
    assert response.status_code == 201
    assert (advice["urgency"], advice["past"], sorted(advice["codes"])) == (urgency, False, sorted(fields["red_flags"]))
    assert "emergency number" in advice["message"]
    assert ("medical help now" in advice["message"]) is (urgency == "emergency")


# v3: urgent at any age; an emergency when sight is at risk on the same entry.
@pytest.mark.parametrize(
    ("flags", "urgency"),
    [
        (["giant_cell_arteritis_signs"], "urgent"),
        (["giant_cell_arteritis_signs", "painful_red_eye_vision"], "emergency"),
    ],
)
@pytest.mark.parametrize("born", [1940, 1990])
def test_giant_cell_arteritis_signs_are_an_emergency_when_sight_is_at_risk(patient, patient_api, born, flags, urgency):
    patient.birth_year = born
    patient.save()
    advice = put(patient_api, 0, side="right", severity=6, red_flags=flags).json()["advice"]
    assert advice["urgency"] == urgency


@pytest.mark.parametrize(("days_ago", "past"), [(0, False), (1, False), (2, True), (80, True)])
def test_a_flag_logged_for_an_older_day_says_so(patient_api, days_ago, past):
    advice = put(patient_api, days_ago, side="right", severity=8, red_flags=["thunderclap"]).json()["advice"]
    assert advice["past"] is past and advice["urgency"] == "emergency"
    if past:
        assert advice["message"].startswith("You logged this for")
        assert "If a doctor did not check it at the time" in advice["message"]
        assert "If it is happening now, get help now" in advice["message"]
    else:
        assert advice["message"].startswith("This needs medical help now.")


def test_yesterday_is_the_patients_local_yesterday(patient, patient_api, monkeypatch):
    patient.timezone = "Pacific/Auckland"
    patient.save()
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 21, 12, 30, tzinfo=dt.UTC))
    # Auckland is at 01:30 on 22 November: the 21st is its yesterday, the 20th is past.
    assert put(patient_api, 0, side="right", severity=8, red_flags=["thunderclap"]).json()["advice"]["past"] is False
    assert put(patient_api, 1, side="right", severity=8, red_flags=["thunderclap"]).json()["advice"]["past"] is True


@pytest.mark.parametrize(
    "code",
    [
        "neuro_deficit",
        "painful_red_eye_vision",
        "radicular_or_cord_signs",
        "giant_cell_arteritis_signs",
        "raised_pressure_signs",
    ],
)
def test_any_entry_flags_may_be_logged_on_a_headache_free_day(patient_api, code):
    response = put(patient_api, 0, headache=False, red_flags=[code])
    assert response.status_code == 201, response.json()
    assert response.json()["advice"]["codes"] == [code]
    report = patient_api.get(URL).json()
    assert report["level"] == "urgent_review" and report["red_flags"][0]["code"] == code
    assert "this headache" not in response.json()["advice"]["message"]


@pytest.mark.parametrize(
    "code",
    [
        "thunderclap",
        "worst_ever",
        "fever_stiff_neck",
        "after_injury_or_manipulation",
        "worse_standing_better_lying",
        "cough_exertion_triggered",
    ],
)
def test_headache_flags_are_refused_on_a_headache_free_day(patient_api, code):
    response = put(patient_api, 0, headache=False, red_flags=["neuro_deficit", code])
    assert response.status_code == 400
    assert list(response.json()) == ["red_flags"]
    assert "headache-free" in response.json()["red_flags"][0]
    assert not Entry.objects.exists()


def test_a_reviewed_flag_stays_listed_and_the_pattern_shows_again(patient, clinician, patient_api):
    days = list(range(0, 40, 3))
    for days_ago in days:
        log(
            patient_api,
            days_ago,
            side="right",
            severity=5,
            onset_region="neck",
            neck_trigger="movement",
            symptoms=["shoulder_arm_pain"],
        )
    log_checkins(patient_api, range(40), skip=set(days))
    flagged = log(patient_api, 1, side="right", severity=9, red_flags=["thunderclap"])
    assert patient_api.get(URL).json()["level"] == "urgent_review"

    RedFlagReview.objects.create(
        patient=patient,
        code="thunderclap",
        date=TODAY - dt.timedelta(days=1),
        entry_id=flagged,
        reviewed_by=clinician,
        note="CT normal",
    )
    diary_changed(patient, Change.REVIEW)  # as red_flag_review_record does
    report = patient_api.get(URL).json()
    assert report["level"] == "probable"
    [shown] = report["red_flags"]
    assert shown["reviewed"]["by"] == clinician.email and shown["reviewed"]["note"] == "CT normal"


# --- Profile fields -------------------------------------------------------------------------


def test_the_profile_fields_round_trip_and_feed_the_screening(patient_api):
    body = {
        "injury_date": "2026-10-01",
        "headaches_began_after_injury": True,
        "cancer_history": False,
        "immunosuppressed": True,
        "pregnant_or_postpartum": None,
        "headaches_since": "2026-10",
    }
    response = patient_api.patch("/api/v1/me/", body, format="json")
    assert response.status_code == 200, response.json()
    assert {key: response.json()[key] for key in body} == body
    for days_ago in range(10):
        log(
            patient_api,
            days_ago,
            side=("left", "right")[days_ago % 2],
            severity=5,
            onset_region="neck",
            neck_trigger="movement",
        )
    report = patient_api.get(URL).json()
    assert {f["code"] for f in report["red_flags"]} == {"systemic_risk"}
    assert report["red_flags"][0]["entry"] is None
    assert "Your diary shows that" in report["summary"] and "this headache" not in report["summary"]
    post_traumatic = next(d for d in report["differentials"] if d["code"] == "post_traumatic")
    assert post_traumatic["band"] == "acute"


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"injury_date": "2026-11-22"}, "injury_date", "Cannot be after today"),
        ({"injury_date": "1899-12-31"}, "injury_date", "too far in the past"),
        ({"injury_date": "yesterday"}, "injury_date", "Date has wrong format"),
        ({"cancer_history": "yes"}, "cancer_history", ""),
        ({"immunosuppressed": 1}, "immunosuppressed", ""),
        ({"pregnant_or_postpartum": "true"}, "pregnant_or_postpartum", ""),
        ({"headaches_began_after_injury": []}, "headaches_began_after_injury", ""),
        ({"birth_year": 1990, "injury_date": "1980-05-01"}, "injury_date", "before the year you were born"),
    ],
)
def test_bad_profile_values_are_refused_naming_the_field(patient, patient_api, body, field, reason):
    response = patient_api.patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert field in response.json() and reason in " ".join(response.json()[field])
    patient.refresh_from_db()
    assert patient.injury_date is None and patient.birth_year is None


def test_a_profile_change_moves_the_diary_version(patient, patient_api):
    patient_api.patch("/api/v1/me/", {"cancer_history": True}, format="json")
    patient.refresh_from_db()
    changed = patient.diary_changed_at
    assert changed is not None
    patient_api.patch("/api/v1/me/", {"timezone": "Europe/Oslo"}, format="json")
    patient.refresh_from_db()
    assert patient.diary_changed_at == changed  # the timezone is not read by the screening
