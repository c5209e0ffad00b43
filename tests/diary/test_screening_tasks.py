"""Stored snapshots and notices: on save (coalesced), nightly (in chunks, and
catching up after a broker outage), never twice."""

import datetime as dt
import logging
import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError

from diary.models import Notice, ScreeningDue, ScreeningSnapshot
from diary.selectors.screening import patients_due_for_screening, screening_reports
from diary.services.entries import entry_delete, entry_upsert
from diary.services.screening import exam_record_create, screen_due_patients, screen_patients
from diary.tasks import screening as tasks
from tests.factories import UserFactory

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
TODAY = NOON.date()
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    now = {"value": NOON}
    monkeypatch.setattr(timezone, "now", lambda: now["value"])
    return now


@pytest.fixture
def enqueued(monkeypatch):
    """The patient ids of the runs the sweeper sends, instead of sending them."""
    sent = []
    monkeypatch.setattr(tasks.screen_changed_patients, "delay", lambda ids: sent.extend(ids))
    return sent


def sweep_at(fixed_now, moment):
    """Run the sweeper as beat would at `moment`."""
    fixed_now["value"] = moment
    return tasks.sweep_due_screenings()


def log(patient, days_ago=0, **fields):
    values = {
        "side": "right",
        "severity": 5,
        "onset_region": "neck",
        "neck_trigger": "movement",
        "symptoms": ["shoulder_arm_pain"],
        **fields,
    }
    if not values.get("headache", True):
        values = {"headache": False}
    entry, _ = entry_upsert(patient=patient, entry_id=uuid.uuid4(), date=TODAY - dt.timedelta(days=days_ago), **values)
    return entry


def neck_diary(patient, episodes=10, logged_days=40):
    for days_ago in range(logged_days):
        log(patient, days_ago, headache=days_ago < episodes)


def test_it_stores_a_snapshot_of_the_report(patient):
    neck_diary(patient)
    assert screen_patients(patient_ids=[patient.pk]) == 1
    snapshot = ScreeningSnapshot.objects.get(patient=patient)
    assert (snapshot.level, snapshot.window_to, snapshot.red_flag_codes) == ("probable", TODAY, [])
    side_locked = snapshot.report["signals"][0]
    assert side_locked["code"] == "side_locked" and len(side_locked["evidence"]) == 10
    patient.refresh_from_db()
    assert snapshot.diary_version == patient.diary_changed_at


@pytest.mark.parametrize("racing", [False, True], ids=["repeated", "racing"])
def test_a_repeated_or_racing_duplicate_task_stores_nothing_more(patient, monkeypatch, racing):
    neck_diary(patient)
    if racing:  # both deliveries computed the report before either stored it
        monkeypatch.setattr("diary.services.screening.latest_snapshots", lambda patient_ids: {})
    tasks.screen_patient(patient.pk)
    tasks.screen_patient(patient.pk)
    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 1
    assert Notice.objects.filter(patient=patient).count() == 1


def test_a_changed_diary_gets_a_new_snapshot(patient, fixed_now):
    neck_diary(patient)
    tasks.screen_patient(patient.pk)
    fixed_now["value"] = NOON + dt.timedelta(minutes=1)
    log(patient, 0, severity=7)
    tasks.screen_patient(patient.pk)
    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 2


def test_an_unchanged_diary_gets_a_new_snapshot_only_when_the_outcome_changes(patient, fixed_now):
    # v3: an unreviewed entry flag holds the level for 365 days, whatever the window.
    log(patient, 364, red_flags=["thunderclap"])
    neck_diary(patient)
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(days=1)  # the flag is 365 days old: it no longer holds
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(days=2)  # nothing new
    screen_due_patients()
    levels = ScreeningSnapshot.objects.filter(patient=patient).order_by("screened_at").values_list("level", flat=True)
    assert list(levels) == ["urgent_review", "probable"]


def test_the_first_rise_to_probable_records_one_notice_for_patient_and_clinicians(patient, fixed_now):
    neck_diary(patient)
    tasks.screen_patient(patient.pk)
    log(patient, 0, severity=6)
    fixed_now["value"] = NOON + dt.timedelta(days=1)
    tasks.screen_patient(patient.pk)
    notice = Notice.objects.get(patient=patient)
    assert (notice.kind, notice.code, notice.for_clinicians, notice.pushed_at) == ("level_rise", "probable", True, None)
    assert "not a diagnosis" in notice.body


def test_no_notice_while_the_pattern_is_insufficient_or_none(patient):
    neck_diary(patient, episodes=3)
    tasks.screen_patient(patient.pk)
    assert not Notice.objects.exists()


def test_a_red_flag_records_one_notice_per_flagged_entry(patient, fixed_now):
    flagged = log(patient, 2, red_flags=["fever_stiff_neck"])
    tasks.screen_patient(patient.pk)
    fixed_now["value"] = NOON + dt.timedelta(days=1)
    tasks.screen_patient(patient.pk)
    notice = Notice.objects.get(patient=patient)
    assert (notice.kind, notice.code, notice.dedupe_key) == (
        "red_flag",
        "fever_stiff_neck",
        f"red_flag:fever_stiff_neck:{flagged.pk}",
    )
    # Logged for two days ago: the advice says so, and what to do if it is happening now.
    assert notice.body.startswith("You logged this for") and "get help now" in notice.body


def test_a_pattern_red_flag_records_a_notice_when_it_appears_not_every_night(patient, fixed_now):
    patient.birth_year, patient.headaches_since = 1960, dt.date(2026, 9, 1)
    patient.save()
    log(patient, 1)
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(minutes=1)
    log(patient, 0)  # a new snapshot, the flag still there
    for night in range(1, 3):
        fixed_now["value"] = NOON + dt.timedelta(days=night)
        screen_due_patients()
    assert ScreeningSnapshot.objects.filter(patient=patient).count() == 2
    assert list(Notice.objects.values_list("code", flat=True)) == ["new_after_50"]


# Enqueued on save, coalesced


def test_ten_quick_saves_enqueue_one_run(patient, enqueued, fixed_now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for days_ago in range(10):
            log(patient, days_ago)
    assert ScreeningDue.objects.get().due_at == NOON + dt.timedelta(seconds=5)
    assert sweep_at(fixed_now, NOON + dt.timedelta(seconds=4)) == 0  # the window is still open
    assert enqueued == []
    assert sweep_at(fixed_now, NOON + dt.timedelta(seconds=5)) == 1
    assert sweep_at(fixed_now, NOON + dt.timedelta(seconds=7)) == 0
    assert enqueued == [patient.pk] and not ScreeningDue.objects.exists()


def test_a_save_after_the_run_was_sent_opens_the_next_window(patient, enqueued, fixed_now):
    log(patient)
    sweep_at(fixed_now, NOON + dt.timedelta(seconds=5))
    log(patient, 1)
    sweep_at(fixed_now, NOON + dt.timedelta(seconds=10))
    assert enqueued == [patient.pk, patient.pk]


def test_a_replay_opens_no_window(patient, enqueued, fixed_now):
    entry = log(patient)
    sweep_at(fixed_now, NOON + dt.timedelta(seconds=5))
    entry_upsert(patient=patient, entry_id=entry.pk, date=entry.date, side="right", severity=5, onset_region="neck",
                 neck_trigger="movement", symptoms=["shoulder_arm_pain"])  # fmt: skip
    assert not ScreeningDue.objects.exists()


@pytest.mark.parametrize("change", ["delete", "exam"])
def test_other_changes_open_the_window_on_commit(patient, clinician, enqueued, fixed_now, change,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    entry = log(patient)
    sweep_at(fixed_now, NOON + dt.timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        if change == "delete":
            entry_delete(patient=patient, entry_id=entry.pk)
        else:
            exam_record_create(patient=patient, clinician=clinician, date=TODAY, frt_left_deg=30)
    assert sweep_at(fixed_now, NOON + dt.timedelta(seconds=10)) == 1
    assert enqueued == [patient.pk, patient.pk]


def test_the_swept_run_stores_the_snapshot(patient, fixed_now):
    log(patient, red_flags=["thunderclap"])
    fixed_now["value"] = NOON + dt.timedelta(seconds=5)
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        tasks.sweep_due_screenings()
    assert ScreeningSnapshot.objects.get(patient=patient).red_flag_codes == ["thunderclap"]


def test_an_outage_never_fails_a_save_and_the_window_waits_for_the_broker(
    patient, monkeypatch, caplog, enqueued, fixed_now, settings
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with override_settings(CACHES={"default": {**settings.CACHES["default"], "LOCATION": DEAD_REDIS}}):
        entry = log(patient, 0, red_flags=["neuro_deficit"], notes="private")  # no Redis on the way
    assert entry.pk and not ScreeningSnapshot.objects.exists()
    monkeypatch.setattr(tasks.screen_changed_patients, "delay", broker_down)
    with caplog.at_level(logging.WARNING):
        assert sweep_at(fixed_now, NOON + dt.timedelta(seconds=5)) == 0
    assert "next sweep tries again" in caplog.text
    assert "neuro" not in caplog.text and patient.email not in caplog.text
    assert ScreeningDue.objects.filter(patient=patient).exists()  # nothing lost

    assert screen_due_patients() == 1  # and the nightly pass would catch up too
    assert ScreeningSnapshot.objects.get(patient=patient).level == "urgent_review"


# Nightly


def test_the_nightly_pass_screens_recent_and_changed_diaries_only(patient, other_patient):
    log(patient, 3)
    quiet = UserFactory()  # no diary at all
    log(other_patient, 200)  # only old entries...
    screen_due_patients()
    assert set(ScreeningSnapshot.objects.values_list("patient_id", flat=True)) == {patient.pk, other_patient.pk}

    assert not ScreeningSnapshot.objects.filter(patient=quiet).exists()
    # ...screened once for the change, then left alone; recent diaries every night.
    due = patients_due_for_screening(recent_from=TODAY - dt.timedelta(days=90))
    assert list(due) == [patient.pk]


def test_the_nightly_pass_goes_through_every_chunk(db):
    patients = [UserFactory() for _ in range(7)]
    for patient in patients:
        log(patient, 1)
    assert screen_due_patients(chunk_size=3) == 7
    assert ScreeningSnapshot.objects.count() == 7


def test_a_chunk_costs_the_same_queries_for_one_patient_or_many(db):
    patients = [UserFactory() for _ in range(6)]
    for patient in patients:
        log(patient, 1)
        log(patient, 2, red_flags=["thunderclap"])

    def queries(ids) -> int:
        with CaptureQueriesContext(connection) as captured:
            screen_patients(patient_ids=ids)
        return len(captured)

    assert queries([patients[0].pk]) == queries([p.pk for p in patients[1:]])


def test_clinicians_are_never_screened(clinician):
    assert screen_patients(patient_ids=[clinician.pk]) == 0


@pytest.mark.django_db(transaction=True)
def test_an_account_deleted_during_the_pass_does_not_stop_the_others(monkeypatch):
    staying, leaving = UserFactory(), UserFactory()
    log(staying, 1)
    log(leaving, 1)
    real = screening_reports

    def reports_then_leave(**kwargs):
        reports = real(**kwargs)
        leaving.delete()
        return reports

    monkeypatch.setattr("diary.services.screening.screening_reports", reports_then_leave)
    screen_patients(patient_ids=[staying.pk, leaving.pk])
    assert list(ScreeningSnapshot.objects.values_list("patient_id", flat=True)) == [staying.pk]


# The nightly pass skips what did not change (issue 15): the proof is in diary.screening.skip.


@pytest.fixture
def recomputed(monkeypatch):
    """The patient ids each call of screening_reports computed."""
    calls = []
    real = screening_reports

    def recording(**kwargs):
        calls.append(sorted(patient.pk for patient in kwargs["patients"]))
        return real(**kwargs)

    monkeypatch.setattr("diary.services.screening.screening_reports", recording)
    return calls


def old_diary(patient, days=120):
    """A diary older than the window, with nothing on days 89-90 or 29-30 back."""
    for days_ago in range(days):
        if days_ago not in (28, 29, 30, 31, 88, 89, 90, 91):
            log(patient, days_ago, headache=days_ago % 3 == 0)


def test_a_second_pass_with_nothing_changed_recomputes_no_one(patient, recomputed):
    old_diary(patient)
    screen_due_patients()
    screen_due_patients()
    assert recomputed == [[patient.pk], []]
    assert ScreeningSnapshot.objects.count() == 1


def test_the_next_night_skips_a_patient_whose_moving_edges_are_empty(patient, fixed_now, recomputed):
    old_diary(patient)
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(days=1)
    screen_due_patients()
    assert recomputed == [[patient.pk], []]


def test_an_entry_on_a_moving_edge_is_recomputed_and_confirmed(patient, fixed_now, recomputed):
    old_diary(patient)
    log(patient, 89, headache=False)  # leaves the window tomorrow
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(days=1)
    screen_due_patients()
    assert recomputed == [[patient.pk], [patient.pk]]
    # Same outcome: nothing new stored, but the proof now starts from the new day.
    snapshot = ScreeningSnapshot.objects.get(patient=patient)
    assert snapshot.confirmed_to == TODAY + dt.timedelta(days=1)
    screen_due_patients()
    assert recomputed[-1] == []


@pytest.mark.parametrize("change", ["entry", "profile", "exam", "review"])
def test_any_change_to_what_the_screening_reads_means_a_recompute(patient, clinician, fixed_now, recomputed, change):
    from diary.services.accounts import user_update_profile
    from diary.services.reviews import red_flag_review_record
    from diary.services.screening import exam_record_create

    old_diary(patient)
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(minutes=5)  # the same day: only the change can matter
    if change == "entry":
        log(patient, 5, severity=9)
    elif change == "profile":
        user_update_profile(user=patient, fields={"cancer_history"}, cancer_history=True)
    elif change == "exam":
        exam_record_create(patient=patient, clinician=clinician, date=TODAY, frt_right_deg=20)
    else:
        red_flag_review_record(patient=patient, clinician=clinician, code="pattern_change", date=TODAY)
    screen_due_patients()
    assert recomputed[-1] == [patient.pk]


def test_a_young_diary_is_recomputed_every_night(patient, fixed_now, recomputed):
    for days_ago in range(40):
        log(patient, days_ago, headache=days_ago % 4 == 0)
    screen_due_patients()
    fixed_now["value"] = NOON + dt.timedelta(days=1)
    screen_due_patients()
    assert recomputed == [[patient.pk], [patient.pk]]
