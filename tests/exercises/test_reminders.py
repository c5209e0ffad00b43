"""Session and questionnaire reminders are written ahead at the patient's local times,
across a daylight-saving change, once however often the pass runs."""

import datetime as dt

from diary.models import ReminderDelivery
from diary.services.exercises import programme_end, programme_prescribe, schedule_programme_reminders
from tests.factories import UserFactory

UTC = dt.UTC


def programme_for(patient, clinician, **overrides):
    fields = {
        "title": "Neck programme",
        "exercises": [{"code": "chin_tuck_sitting"}],
        "times": ["08:00"],
        "weekdays": list(range(7)),
        "start_date": dt.date(2026, 10, 20),
    }
    return programme_prescribe(clinician=clinician, patient=patient, **(fields | overrides))


def session_slots(patient):
    return sorted(
        ReminderDelivery.objects.filter(patient=patient, kind="exercise_session").values_list("slot_at", flat=True)
    )


def test_sessions_are_reminded_at_local_time_across_a_dst_change_in_two_timezones(db, clinician):
    oslo = UserFactory(email="oslo@example.test", timezone="Europe/Oslo")
    new_york = UserFactory(email="ny@example.test", timezone="America/New_York")
    programme_for(oslo, clinician)
    programme_for(new_york, clinician)
    ReminderDelivery.objects.all().delete()  # what programme creation wrote at the real time

    # Oslo leaves summer time on Sun 25 Oct 2026; New York on Sun 1 Nov 2026.
    schedule_programme_reminders(now=dt.datetime(2026, 10, 24, 3, 0, tzinfo=UTC))
    assert session_slots(oslo) == [
        dt.datetime(2026, 10, 24, 6, 0, tzinfo=UTC),  # 08:00 CEST
        dt.datetime(2026, 10, 25, 7, 0, tzinfo=UTC),  # 08:00 CET
        dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC),
    ]
    schedule_programme_reminders(now=dt.datetime(2026, 10, 31, 10, 0, tzinfo=UTC))  # 06:00 in New York
    assert session_slots(new_york)[-3:] == [
        dt.datetime(2026, 10, 31, 12, 0, tzinfo=UTC),  # 08:00 EDT
        dt.datetime(2026, 11, 1, 13, 0, tzinfo=UTC),  # 08:00 EST
        dt.datetime(2026, 11, 2, 13, 0, tzinfo=UTC),
    ]


def test_a_second_pass_or_a_second_beat_adds_nothing(db, patient, clinician):
    programme_for(patient, clinician)
    now = dt.datetime(2026, 11, 21, 5, 0, tzinfo=UTC)
    schedule_programme_reminders(now=now)
    written = ReminderDelivery.objects.count()
    schedule_programme_reminders(now=now)
    schedule_programme_reminders(now=now + dt.timedelta(minutes=30))
    assert ReminderDelivery.objects.count() == written >= 3


def test_questionnaires_fall_due_every_two_weeks_from_the_start(db, patient, clinician):
    programme_for(patient, clinician, times=["08:00", "19:00"])
    ReminderDelivery.objects.all().delete()
    schedule_programme_reminders(now=dt.datetime(2026, 11, 2, 12, 0, tzinfo=UTC))  # start + 13 days
    due = ReminderDelivery.objects.filter(kind="questionnaire").order_by("slot_at")
    # Day 14 is Tue 3 Nov, at the programme's last time (19:00 Oslo = 18:00 UTC), one minute apart.
    assert [(d.slot_at, d.url) for d in due] == [
        (dt.datetime(2026, 11, 3, 18, 0, tzinfo=UTC), "/#/exercises/questionnaire/neck_rating"),
        (dt.datetime(2026, 11, 3, 18, 1, tzinfo=UTC), "/#/exercises/questionnaire/pgic"),
    ]


def test_ending_a_programme_cancels_its_reminders_to_come(db, patient, clinician, clock):
    programme = programme_for(patient, clinician)
    schedule_programme_reminders(now=clock.now)
    assert ReminderDelivery.objects.filter(kind="exercise_session", slot_at__gt=clock.now).exists()
    programme_end(programme=programme)
    assert not ReminderDelivery.objects.filter(kind="exercise_session", slot_at__gt=clock.now).exists()
    schedule_programme_reminders(now=clock.now)
    assert not ReminderDelivery.objects.filter(kind="exercise_session", slot_at__gt=clock.now).exists()
