"""The read API other areas use, the exam records that feed it, the demo
diary, and the `screen` command."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command

from diary.demo import load_demo
from diary.models import ExamRecord
from diary.screening import current_thresholds
from diary.selectors.screening import screening_report
from diary.services.screening import exam_record_create
from tests.factories import EntryFactory

TODAY = dt.date(2026, 11, 21)
CHECKIN = {"side": None, "severity": None, "onset_region": None, "neck_trigger": None, "posture": None}


def neck_diary(patient, episodes=10, logged_days=40, **fields):
    for days_ago in range(logged_days):
        headache = days_ago < episodes
        details = {"symptoms": [], "onset_region": "forehead", **fields} if headache else CHECKIN
        EntryFactory(patient=patient, date=TODAY - dt.timedelta(days=days_ago), headache=headache, **details)


def test_the_report_has_the_shape_of_screening_md(patient):
    neck_diary(patient)
    report = screening_report(patient=patient, today=TODAY)
    assert list(report) == [
        "level",
        "reasons",
        "mixed",
        "window",
        "signals",
        "mixed_signals",
        "caps",
        "differentials",
        "not_evaluable",
        "red_flags",
        "doctor_only",  # docs/api-extensions.md, Screening report: the rule the summary follows
        "summary",
    ]
    assert list(report["window"]) == [
        "from",
        "to",
        "days",
        "observed_days",
        "logged_days",
        "headache_days",
        "headache_days_per_30",
        "episodes",
    ]
    assert {"code", "met", "value", "threshold", "n", "unanswered", "evidence"} <= set(report["signals"][0])
    json.dumps(report)


def test_it_speaks_to_the_patient_or_the_clinician(patient):
    neck_diary(patient)
    for_patient = screening_report(patient=patient, today=TODAY)["summary"]
    for_clinician = screening_report(patient=patient, today=TODAY, audience="clinician")["summary"]
    assert for_patient.startswith("Your diary shows some features")
    assert for_clinician.startswith("Level: possible cervicogenic pattern.")
    with pytest.raises(ValueError):
        screening_report(patient=patient, today=TODAY, audience="everyone")


def test_todays_window_is_the_patients_local_today(patient, monkeypatch):
    from django.utils import timezone

    # 23:30 UTC on the 20th is already the 21st in Oslo.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))
    assert screening_report(patient=patient)["window"]["to"] == "2026-11-21"


def test_a_positive_exam_makes_the_pattern_probable(patient, clinician):
    neck_diary(patient)
    exam = exam_record_create(
        patient=patient,
        clinician=clinician,
        date=TODAY,
        frt_left_deg=44,
        frt_right_deg=26,
        note="Restricted right rotation",
    )
    report = screening_report(patient=patient, today=TODAY, audience="clinician")
    assert report["level"] == "probable"
    clinical = next(s for s in report["signals"] if s["code"] == "clinical_exam")
    assert clinical["met"] and clinical["evidence"] == [str(exam.pk)]


def test_an_exam_moves_the_diary_version_so_it_is_screened_again(patient, clinician):
    exam_record_create(patient=patient, clinician=clinician, date=TODAY, block_relief_percent=90)
    patient.refresh_from_db()
    assert patient.diary_changed_at is not None


@pytest.mark.parametrize("findings", [{"frt_left_deg": 91}, {"block_relief_percent": 101}, {"frt_right_deg": -1}])
def test_an_exam_out_of_range_is_refused_and_nothing_is_stored(patient, clinician, findings):
    with pytest.raises(ValidationError):
        exam_record_create(patient=patient, clinician=clinician, date=TODAY, **findings)
    assert not ExamRecord.objects.exists()


def test_the_demo_diary_screens_probable_with_its_evidence(db):
    patient, _ = load_demo(today=TODAY)
    report = screening_report(patient=patient, today=TODAY, audience="clinician")
    assert report["level"] == "probable" and report["red_flags"] == []
    signals = {s["code"]: s for s in report["signals"]}
    episode_ids = {str(pk) for pk in patient.entries.filter(headache=True).values_list("pk", flat=True)}
    for code in ("side_locked", "mechanical_trigger", "neck_onset"):
        assert signals[code]["met"] and signals[code]["evidence"]
        assert set(signals[code]["evidence"]) <= episode_ids


def test_the_screen_command_prints_the_clinicians_summary_or_the_json(db):
    patient, _ = load_demo()
    out = StringIO()
    call_command("screen", email=patient.email.upper(), stdout=out)
    assert out.getvalue().startswith("Level: probable cervicogenic pattern.")
    out = StringIO()
    call_command("screen", "--email", patient.email, "--days", "60", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["window"]["days"] == 60 and report["level"] == "probable"


def test_the_screen_command_refuses_an_unknown_email(db):
    with pytest.raises(CommandError):
        call_command("screen", email="nobody@example.test")


def test_thresholds_come_from_the_settings(settings):
    settings.NECKLINE_SCREENING = {"min_episodes": 3, "side_locked_dominant_share": 0.9}
    thresholds = current_thresholds()
    assert (thresholds.min_episodes, thresholds.side_locked_dominant_share) == (3, 0.9)
    assert thresholds.min_logged_days == 28


def test_a_misspelt_threshold_stops_start_up(settings):
    settings.NECKLINE_SCREENING = {"min_epsiodes": 3}
    with pytest.raises(ImproperlyConfigured, match="min_epsiodes"):
        current_thresholds()


def test_an_exam_dated_in_the_future_or_with_nothing_in_it_is_refused(patient, clinician):
    with pytest.raises(ValidationError) as future:
        exam_record_create(
            patient=patient, clinician=clinician, date=dt.date.today() + dt.timedelta(days=2), frt_left_deg=30
        )
    assert list(future.value.message_dict) == ["date"]
    with pytest.raises(ValidationError):
        exam_record_create(patient=patient, clinician=clinician, date=TODAY, note="  ")
    assert not ExamRecord.objects.exists()


def test_a_review_service_marks_the_flag_reviewed_and_moves_the_version(patient, clinician):
    from diary.services.reviews import red_flag_review_record

    flagged = EntryFactory(patient=patient, date=TODAY, headache=True, red_flags=["thunderclap"])
    assert screening_report(patient=patient, today=TODAY)["level"] == "urgent_review"
    red_flag_review_record(
        patient=patient, clinician=clinician, code="thunderclap", date=TODAY, entry_id=flagged.pk, note="Seen"
    )
    patient.refresh_from_db()
    assert patient.diary_changed_at is not None
    report = screening_report(patient=patient, today=TODAY)
    assert report["level"] != "urgent_review"
    assert report["red_flags"][0]["reviewed"]["by"] == clinician.email


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "made_up"}, "code"),
        ({"date": dt.date(2099, 1, 1)}, "date"),
        ({"entry_id": "00000000-0000-0000-0000-000000000000"}, "entry"),
    ],
)
def test_a_review_of_something_that_is_not_a_flag_is_refused(patient, clinician, fields, field):
    from diary.models import RedFlagReview
    from diary.services.reviews import red_flag_review_record

    values = {"code": "thunderclap", "date": dt.date(2026, 11, 20), **fields}
    with pytest.raises(ValidationError) as refused:
        red_flag_review_record(patient=patient, clinician=clinician, **values)
    assert field in refused.value.message_dict and not RedFlagReview.objects.exists()
