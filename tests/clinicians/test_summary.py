"""The pre-visit summary against a small diary counted by hand.

The window is the 28 days from 2026-10-25 to 2026-11-21 (today); the previous
period is 2026-09-27 to 2026-10-24.
"""

import datetime as dt

import pytest

from diary.models import ExamRecord, ReminderDelivery
from diary.services.changes import Change, diary_changed
from tests.clinicians.diaries import D, check_in, headache, med


def get_summary(api, patient, days=28):
    response = api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/", {"days": days})
    assert response.status_code == 200
    return response.json()


def test_the_headline_figures_match_a_hand_count(clinician_api, diary, grant):
    summary = get_summary(clinician_api, diary)
    assert summary["window"] == {"from": "2026-10-25", "to": "2026-11-21", "days": 28}
    assert summary["logged_days"] == 5
    assert summary["completeness"] == 0.18  # 5 / 28
    assert summary["headache_days"] == 4
    assert summary["headache_days_per_30"] == 4.3  # 4 x 30 / 28 = 4.29
    assert summary["episodes"] == 5
    assert summary["migraine_like_days"] == 1
    assert summary["severity"] == {"n": 5, "median": 5, "max": 8}
    assert summary["generated_at"] == "2026-11-21T12:00:00Z"


def test_no_trend_where_the_period_before_had_too_few_logged_days(clinician_api, diary, grant):
    summary = get_summary(clinician_api, diary)
    trend = summary["trend"]
    assert trend["previous"] == {
        "from": "2026-09-27",
        "to": "2026-10-24",
        "days": 28,
        "observed_days": 28,
        "logged_days": 3,
        "headache_days": 2,
        "headache_days_per_30": 2.1,
    }
    assert trend["comparable"] is False  # 3 logged days of 28 before
    assert (trend["change_per_30"], trend["direction"], trend["reason"]) == (None, None, "too_few_logged_days_before")
    assert "No trend: only 3 of the previous 28 days were logged, too few to compare." in summary["overview"]
    assert not any("from 0.0" in sentence or "2.1" in sentence for sentence in summary["overview"])


def test_a_trend_where_the_period_before_was_logged(clinician_api, patient, grant):
    # The 28 days before: logged every day, a headache every 4th day (7 days, 7.5 per 30).
    for day in range(28, 56):
        date = (D("2026-11-21") - dt.timedelta(days=day)).isoformat()
        headache(patient, date, side="right", severity=4) if day % 4 == 0 else check_in(patient, date)
    check_in(patient, "2026-10-25")
    for day in range(0, 28, 2):  # 14 headache days in the window: 15.0 per 30
        headache(patient, (D("2026-11-21") - dt.timedelta(days=day)).isoformat(), side="right", severity=5)
    summary = get_summary(clinician_api, patient)
    trend = summary["trend"]
    assert trend["comparable"] is True and trend["previous"]["headache_days_per_30"] == 7.5
    assert (trend["change_per_30"], trend["direction"]) == (7.5, "up")
    assert "Up from 7.5 per 30 days in the previous 28 days." in summary["overview"]


def test_a_diary_begun_inside_the_window_is_rated_over_the_days_since_it_began(clinician_api, patient, grant):
    # docs/screening.md, Inputs: 16 headache days in a diary begun 30 days ago are 16 per 30, not 5.3.
    for day in range(30):
        date = (D("2026-11-21") - dt.timedelta(days=day)).isoformat()
        headache(patient, date, side="right", severity=5) if day < 16 else check_in(patient, date)
    summary = get_summary(clinician_api, patient, days=90)
    assert (summary["observed_days"], summary["headache_days"], summary["headache_days_per_30"]) == (30, 16, 16.0)
    assert summary["diary_began"] == "2026-10-23" and summary["trend"]["reason"] == "diary_began_in_window"
    assert "No trend: there is no diary from the period before to compare with." in summary["overview"]


def test_the_distributions_count_episodes(clinician_api, diary, grant):
    summary = get_summary(clinician_api, diary)
    assert summary["side"] == {"left": 1, "right": 3, "both": 1}
    assert summary["onset_region"] == {
        "neck": 2,
        "occiput": 1,
        "temple": 1,
        "forehead": 0,
        "eye": 0,
        "vertex": 0,
        "diffuse": 1,
    }
    assert summary["neck_trigger"] == {
        "movement": 1,
        "sustained_posture": 2,
        "pressure": 0,
        "jaw_movement": 0,
        "none": 1,
        "unsure": 1,
    }
    assert summary["posture"] == {
        "desk_screen": 1,
        "phone_looking_down": 1,
        "driving": 1,
        "overhead_work": 0,
        "lying_sleep": 0,
        "sitting": 1,
        "standing": 0,
        "other": 0,
    }
    symptoms = {code: n for code, n in summary["symptoms"].items() if n}
    assert symptoms == {"nausea": 2, "vomiting": 1, "photophobia": 1, "phonophobia": 1, "shoulder_arm_pain": 1}


def test_medication_days_count_each_kind_once_a_day(clinician_api, diary, grant):
    summary = get_summary(clinician_api, diary)
    assert summary["acute_medication_days"] == {
        "simple_analgesic": 1,
        "nsaid": 3,
        "triptan": 1,
        "ergot": 0,
        "opioid": 0,
        "combination_analgesic": 0,
        "gepant": 0,
        "other": 0,
    }
    overuse = summary["medication_overuse"]
    assert overuse["any_acute"] == {
        "days": 3,
        "days_per_30": 3.2,
        "threshold_per_30": 10,
        "reached": False,
        "classes_used": 3,
    }
    assert overuse["classes"]["triptan"] == {"days": 1, "days_per_30": 1.1, "threshold_per_30": 10, "reached": False}
    assert overuse["classes"]["nsaid"]["threshold_per_30"] == 15
    assert overuse["suspected"] is False


def test_the_calendar_has_one_day_per_day_of_the_window(clinician_api, diary, grant):
    calendar = {day["date"]: day for day in get_summary(clinician_api, diary)["calendar"]}
    assert len(calendar) == 28 and min(calendar) == "2026-10-25" and max(calendar) == "2026-11-21"
    assert calendar["2026-11-21"] == {
        "date": "2026-11-21",
        "logged": True,
        "headache": True,
        "episodes": 2,
        "max_severity": 8,
        "acute_medication": True,
        "red_flag": False,
    }
    assert calendar["2026-11-20"] == {
        "date": "2026-11-20",
        "logged": True,
        "headache": False,
        "episodes": 0,
        "max_severity": None,
        "acute_medication": False,
        "red_flag": False,
    }
    assert calendar["2026-11-19"]["logged"] is False
    assert sum(day["logged"] for day in calendar.values()) == 5
    assert sum(day["headache"] for day in calendar.values()) == 4


def test_reminder_adherence_counts_reminders_sent_in_the_window(clinician_api, diary, grant):
    def delivery(sent, done=None, slot=None):
        at = dt.datetime.fromisoformat(sent) if sent else None
        ReminderDelivery.objects.create(
            patient=diary,
            kind="posture",
            slot_at=slot or at,
            title="t",
            body="b",
            sent_at=at,
            done_at=dt.datetime.fromisoformat(done) if done else None,
        )

    delivery("2026-11-20T09:00:00+00:00", done="2026-11-20T09:05:00+00:00")
    delivery("2026-11-19T09:00:00+00:00", done="2026-11-19T10:00:00+00:00")
    delivery("2026-11-18T09:00:00+00:00")
    delivery(None, slot=dt.datetime(2026, 11, 17, 9, tzinfo=dt.UTC))  # never sent
    # 23:30 UTC on the 24th is already the 25th in Oslo: inside the window.
    delivery("2026-10-24T23:30:00+00:00")
    delivery("2026-10-24T21:00:00+00:00", done="2026-10-24T21:10:00+00:00")  # the 24th in Oslo: before
    assert get_summary(clinician_api, diary)["reminder_adherence"] == {"delivered": 4, "done": 2, "rate": 0.5}


def test_the_summary_holds_the_exams_and_the_screening_report(clinician_api, clinician, diary, grant):
    ExamRecord.objects.create(
        patient=diary,
        clinician=clinician,
        clinician_email=clinician.email,
        date=D("2026-11-01"),
        frt_left_deg=40,
        frt_right_deg=24,
        note="Restricted right",
    )
    summary = get_summary(clinician_api, diary)
    assert summary["exams"] == [
        {
            "id": summary["exams"][0]["id"],
            "date": "2026-11-01",
            "frt_left_deg": 40,
            "frt_right_deg": 24,
            "block_relief_percent": None,
            "note": "Restricted right",
            "clinician": "doc@example.test",
        }
    ]
    assert isinstance(summary["screening"]["level"], str)


def test_medication_overuse_is_marked_at_the_ichd3_thresholds(clinician_api, patient, grant):
    # The diary began 27 days ago (28 observed days): 14 headache days is 15.0 per 30 (reached),
    # 10 triptan days 10.7 (reached).
    check_in(patient, "2026-10-25")
    for day in range(14):
        meds = [med("Sumatriptan", "triptan")] if day < 10 else [med("Ibuprofen", "nsaid")]
        headache(
            patient,
            (D("2026-11-21") - dt.timedelta(days=day * 2)).isoformat(),
            side="right",
            severity=5,
            medications=meds,
        )
    summary = get_summary(clinician_api, patient)
    overuse = summary["medication_overuse"]
    assert overuse["headache_days_threshold_reached"] is True
    assert overuse["classes"]["triptan"] == {"days": 10, "days_per_30": 10.7, "threshold_per_30": 10, "reached": True}
    assert overuse["classes"]["nsaid"] == {"days": 4, "days_per_30": 4.3, "threshold_per_30": 15, "reached": False}
    assert overuse["any_acute"]["days"] == 14 and overuse["any_acute"]["reached"] is True
    # The verdict is the screening engine's, so the summary and its report cannot disagree.
    [differential] = [d for d in summary["screening"]["differentials"] if d["code"] == "medication_overuse"]
    assert overuse["status"] == differential["status"] == "at_risk"
    assert overuse["suspected"] is True
    assert any("threshold reached over this window (at risk" in sentence for sentence in summary["overview"])


def frequent_headaches(patient, kinds_by_day):
    """14 headache days in the 28-day window (15.0 per 30), with the given medication kinds."""
    check_in(patient, "2026-10-25")  # the window's first day: 28 days observed
    for day in range(14):
        kinds = kinds_by_day(day)
        headache(
            patient,
            (D("2026-11-21") - dt.timedelta(days=day * 2)).isoformat(),
            side="right",
            severity=5,
            medications=[med(kind.title(), kind) for kind in kinds],
        )


def test_one_class_alone_is_judged_by_its_own_threshold_not_the_combined_one(clinician_api, patient, grant):
    frequent_headaches(patient, lambda day: ["simple_analgesic"] if day < 12 else [])  # 12.9 per 30, < 15
    overuse = get_summary(clinician_api, patient)["medication_overuse"]
    assert overuse["any_acute"]["days"] == 12 and overuse["any_acute"]["classes_used"] == 1
    assert overuse["any_acute"]["reached"] is False
    assert overuse["classes"]["simple_analgesic"]["reached"] is False
    assert overuse["suspected"] is False


def test_two_classes_together_on_10_days_per_30_reach_the_combined_threshold(clinician_api, patient, grant):
    frequent_headaches(patient, lambda day: ["simple_analgesic"] if day < 5 else ["nsaid"] if day < 10 else [])
    overuse = get_summary(clinician_api, patient)["medication_overuse"]
    assert overuse["any_acute"] == {
        "days": 10,
        "days_per_30": 10.7,
        "threshold_per_30": 10,
        "reached": True,
        "classes_used": 2,
    }
    assert overuse["suspected"] is True


def test_gepants_and_other_medication_are_counted_but_not_as_overuse(clinician_api, patient, grant):
    frequent_headaches(patient, lambda day: ["gepant", "other"])
    summary = get_summary(clinician_api, patient)
    assert summary["acute_medication_days"]["gepant"] == summary["acute_medication_days"]["other"] == 14
    overuse = summary["medication_overuse"]
    assert overuse["any_acute"]["days"] == 0 and overuse["classes"]["gepant"]["reached"] is False
    assert overuse["suspected"] is False


def test_just_below_the_thresholds_nothing_is_marked(clinician_api, patient, grant):
    check_in(patient, "2026-10-25")  # the window's first day: 28 days observed
    for day in range(13):  # 13.9 headache days per 30; triptan on 9 days is 9.6
        meds = [med("Sumatriptan", "triptan")] if day < 9 else []
        headache(
            patient,
            (D("2026-11-21") - dt.timedelta(days=day * 2)).isoformat(),
            side="left",
            severity=5,
            medications=meds,
        )
    summary = get_summary(clinician_api, patient)
    overuse = summary["medication_overuse"]
    assert overuse["headache_days_threshold_reached"] is False
    assert overuse["classes"]["triptan"]["reached"] is False
    assert overuse["any_acute"]["reached"] is False
    assert overuse["suspected"] is False and overuse["status"] is None
    assert "medication_overuse" not in {d["code"] for d in summary["screening"]["differentials"]}


def test_an_empty_diary_gives_zeros_not_errors(clinician_api, patient, grant):
    summary = get_summary(clinician_api, patient, days=90)
    assert summary["window"]["days"] == 90 and len(summary["calendar"]) == 90
    # No rate from no observed day (issue 22: none from fewer than 14), as the patient list says.
    assert (summary["logged_days"], summary["headache_days"], summary["headache_days_per_30"]) == (0, 0, None)
    assert summary["severity"] == {"n": 0, "median": None, "max": None}
    assert summary["reminder_adherence"] == {"delivered": 0, "done": 0, "rate": None}


def test_the_default_period_is_90_days(clinician_api, patient, grant):
    response = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/")
    assert response.json()["window"] == {"from": "2026-08-24", "to": "2026-11-21", "days": 90}


@pytest.mark.parametrize("days", ["27", "366", "abc", "-30", "90.5", ""])
def test_it_refuses_a_period_outside_28_to_365_days(clinician_api, patient, grant, days):
    response = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/", {"days": days})
    assert response.status_code == 400
    assert "days" in response.json()


def queries_for_summary(api, patient, days) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        get_summary(api, patient, days=days)
    return len(queries)


def test_the_summary_costs_the_same_queries_for_a_week_or_a_year_of_entries(clinician_api, patient, grant):
    for day in range(7):
        headache(
            patient,
            (D("2026-11-21") - dt.timedelta(days=day)).isoformat(),
            side="right",
            severity=5,
            medications=[med("Ibuprofen", "nsaid")],
        )
    small = queries_for_summary(clinician_api, patient, 365)
    for day in range(7, 730):
        headache(
            patient,
            (D("2026-11-21") - dt.timedelta(days=day)).isoformat(),
            side="left",
            severity=4,
            symptoms=["nausea"],
            medications=[med("Sumatriptan", "triptan")],
        )
    assert queries_for_summary(clinician_api, patient, 365) == small


def test_the_summary_and_the_list_give_no_rate_from_13_observed_days_and_agree_from_14(clinician_api, patient, grant):
    from tests.clinicians.diaries import check_in as checkin
    from tests.clinicians.diaries import headache

    checkin(patient, "2026-11-09")  # 13 observed days to 2026-11-21
    headache(patient, "2026-11-20", side="right", severity=5)
    summary = get_summary(clinician_api, patient, days=90)
    [row] = clinician_api.get("/api/v1/clinician/patients/").json()
    assert (summary["headache_days_per_30"], row["headache_days_per_30"]) == (None, None)
    assert "no rate per 30 days from fewer than 14 days observed" in " ".join(summary["overview"])
    checkin(patient, "2026-11-08")
    diary_changed(patient, Change.ENTRIES)  # as the entry service does
    summary = get_summary(clinician_api, patient, days=90)
    [row] = clinician_api.get("/api/v1/clinician/patients/").json()
    assert summary["headache_days_per_30"] == row["headache_days_per_30"] == round(30 / 14, 1)
