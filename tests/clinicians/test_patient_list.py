import datetime as dt

import pytest
from django.utils import timezone

from diary.models import Grant, ScreeningSnapshot
from tests.factories import EntryFactory, UserFactory

LIST = "/api/v1/clinician/patients/"
TODAY = dt.date(2026, 11, 21)


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def linked_patient(clinician, email, **profile):
    patient = UserFactory(email=email, **profile)
    Grant.objects.create(patient=patient, clinician=clinician)
    return patient


def snapshot(patient, level, red_flags=(), hours_ago=0):
    at = timezone.now() - dt.timedelta(hours=hours_ago)
    return ScreeningSnapshot.objects.create(
        patient=patient,
        screened_at=at,
        diary_version=at,
        window_to=TODAY,
        level=level,
        red_flag_codes=list(red_flags),
        report={"level": level},
    )


def test_each_patient_comes_with_the_key_figures_of_the_last_30_days(clinician_api, clinician):
    patient = linked_patient(clinician, "a@example.test")
    EntryFactory(patient=patient, date=days_ago(0))
    EntryFactory(patient=patient, date=days_ago(0))  # a second episode the same day
    EntryFactory(patient=patient, date=days_ago(3), headache=False, side=None, severity=None)
    EntryFactory(patient=patient, date=days_ago(29))
    EntryFactory(patient=patient, date=days_ago(30))  # one day too old
    snapshot(patient, "none", hours_ago=30)
    snapshot(patient, "possible")
    [row] = clinician_api.get(LIST).json()
    assert row == {
        "id": patient.pk,
        "email": "a@example.test",
        "headache_days_30": 2,
        "logged_days_30": 3,
        "observed_days_30": 30,
        "headache_days_per_30": 2.0,
        "completeness_30": 0.1,
        "last_entry_date": "2026-11-21",
        "screening_level": "possible",
        "screened_at": "2026-11-21T12:00:00Z",
        "open_red_flags": 0,
        "red_flags": [],
        "highest_urgency": None,
        "latest_flag_date": None,
    }


def test_a_patient_never_screened_or_without_entries_is_listed_plainly(clinician_api, clinician):
    patient = linked_patient(clinician, "new@example.test")
    [row] = clinician_api.get(LIST).json()
    assert row["id"] == patient.pk
    assert (row["headache_days_30"], row["logged_days_30"], row["last_entry_date"]) == (0, 0, None)
    assert (row["screening_level"], row["red_flags"]) == (None, [])


def test_red_flags_come_first_then_the_level(clinician_api, clinician):
    calm = linked_patient(clinician, "calm@example.test")
    snapshot(calm, "none")
    probable = linked_patient(clinician, "probable@example.test")
    snapshot(probable, "probable")
    flagged = linked_patient(clinician, "flagged@example.test")
    snapshot(flagged, "urgent_review", red_flags=["pattern_change"])
    # Ticked on an entry after the last screening: still shown, and still first.
    ticked = linked_patient(clinician, "ticked@example.test")
    snapshot(ticked, "none")
    EntryFactory(patient=ticked, date=days_ago(1), red_flags=["thunderclap"])
    unscreened = linked_patient(clinician, "unscreened@example.test")
    rows = clinician_api.get(LIST).json()
    # The emergency ticked yesterday before the urgent pattern found today (docs/screening.md, Order).
    assert [row["id"] for row in rows] == [ticked.pk, flagged.pk, probable.pk, calm.pk, unscreened.pk]
    assert rows[0]["red_flags"] == ["thunderclap"]


def test_it_lists_only_patients_with_a_live_grant(clinician_api, clinician):
    linked = linked_patient(clinician, "linked@example.test")
    revoked = UserFactory(email="revoked@example.test")
    Grant.objects.create(patient=revoked, clinician=clinician, revoked_at=timezone.now())
    UserFactory(email="stranger@example.test")
    assert [row["id"] for row in clinician_api.get(LIST).json()] == [linked.pk]


@pytest.mark.parametrize("patients", [1, 20])
def test_the_list_costs_the_same_queries_for_1_or_20_patients(
    clinician_api, clinician, patients, django_assert_num_queries
):
    for n in range(patients):
        patient = linked_patient(clinician, f"p{n}@example.test")
        EntryFactory(patient=patient, date=days_ago(n), red_flags=["thunderclap"] if n % 3 == 0 else [])
        snapshot(patient, "possible", red_flags=["pattern_change"] if n % 2 else [])
    # Session, user, the patients with their figures, the ticked red flags, their reviews.
    with django_assert_num_queries(5):
        assert len(clinician_api.get(LIST).json()) == patients


def test_open_red_flags_first_and_a_reviewed_flag_no_longer_counts(clinician_api, clinician):
    one = linked_patient(clinician, "one@example.test")
    EntryFactory(patient=one, date=days_ago(2), red_flags=["thunderclap"])
    two = linked_patient(clinician, "two@example.test")
    EntryFactory(patient=two, date=days_ago(5), red_flags=["neuro_deficit"])
    EntryFactory(patient=two, date=days_ago(40), red_flags=["fever_stiff_neck"])  # in the screening window
    reviewed = linked_patient(clinician, "reviewed@example.test")
    EntryFactory(patient=reviewed, date=days_ago(1), red_flags=["thunderclap"])
    rows = clinician_api.get(LIST).json()
    # All emergencies: the latest flag first, not the most flags.
    assert [(row["email"], row["open_red_flags"]) for row in rows] == [
        ("reviewed@example.test", 1),
        ("one@example.test", 1),
        ("two@example.test", 2),
    ]
    review = clinician_api.post(
        f"/api/v1/clinician/patients/{reviewed.pk}/red-flag-reviews/",
        {"code": "thunderclap", "date": days_ago(1).isoformat()},
        format="json",
    )
    assert review.status_code == 201
    rows = clinician_api.get(LIST).json()
    assert [(row["email"], row["open_red_flags"], row["red_flags"]) for row in rows] == [
        ("one@example.test", 1, ["thunderclap"]),
        ("two@example.test", 2, ["fever_stiff_neck", "neuro_deficit"]),
        ("reviewed@example.test", 0, []),
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("last_entry", ["new@example.test", "old@example.test", "none@example.test"]),
        ("email", ["new@example.test", "none@example.test", "old@example.test"]),
    ],
)
def test_the_list_sorts_by_the_latest_entry_or_by_email(clinician_api, clinician, sort, expected):
    EntryFactory(patient=linked_patient(clinician, "old@example.test"), date=days_ago(9))
    EntryFactory(patient=linked_patient(clinician, "new@example.test"), date=days_ago(1))
    linked_patient(clinician, "none@example.test")
    assert [row["email"] for row in clinician_api.get(LIST, {"sort": sort}).json()] == expected


def test_an_unknown_sort_is_refused(clinician_api):
    response = clinician_api.get(LIST, {"sort": "severity"})
    assert response.status_code == 400 and "sort" in response.json()


def test_a_thunderclap_today_comes_before_patients_with_several_urgent_ticks(clinician_api, clinician):
    for n in range(3):
        ticks = linked_patient(clinician, f"ticks{n}@example.test")
        for age in range(4):
            EntryFactory(patient=ticks, date=days_ago(age), red_flags=["cough_exertion_triggered", "worst_ever"])
    older = linked_patient(clinician, "older@example.test")
    EntryFactory(patient=older, date=days_ago(3), red_flags=["fever_stiff_neck"])
    thunderclap = linked_patient(clinician, "thunderclap@example.test")
    EntryFactory(patient=thunderclap, date=days_ago(0), red_flags=["thunderclap"])
    rows = clinician_api.get(LIST).json()
    assert [row["email"] for row in rows][:2] == ["thunderclap@example.test", "older@example.test"]
    assert (rows[0]["highest_urgency"], rows[0]["latest_flag_date"]) == ("emergency", TODAY.isoformat())
    assert {row["highest_urgency"] for row in rows[2:]} == {"urgent"}
    assert rows[2]["open_red_flags"] == 8


def test_an_unreviewed_flag_stays_open_for_a_year_whatever_the_window(clinician_api, clinician):
    patient = linked_patient(clinician, "old.flag@example.test")
    EntryFactory(patient=patient, date=days_ago(105), red_flags=["thunderclap"])
    EntryFactory(patient=patient, date=days_ago(365), red_flags=["fever_stiff_neck"])  # a year and a day
    [row] = clinician_api.get(LIST).json()
    assert (row["open_red_flags"], row["red_flags"]) == (1, ["thunderclap"])


def test_the_patients_report_of_a_doctors_check_closes_the_flag_in_the_list(clinician_api, clinician):
    from tests.conftest import logged_in

    patient = linked_patient(clinician, "checked@example.test")
    EntryFactory(patient=patient, date=days_ago(3), red_flags=["thunderclap"])
    response = logged_in(patient).post(
        "/api/v1/red-flag-reviews/",
        {"code": "thunderclap", "date": days_ago(3).isoformat(), "checked_on": days_ago(2).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    [row] = clinician_api.get(LIST).json()
    assert (row["open_red_flags"], row["highest_urgency"]) == (0, None)


@pytest.mark.parametrize(("first_day", "rate"), [(13, None), (14, 15.0), (40, 7.0)])
def test_the_list_gives_the_summarys_rate_and_none_from_fewer_than_14_observed_days(
    clinician_api, clinician, first_day, rate
):
    patient = linked_patient(clinician, "rate@example.test")
    EntryFactory(patient=patient, date=days_ago(first_day - 1), headache=False, side=None, severity=None)
    for age in range(7):
        EntryFactory(patient=patient, date=days_ago(age))
    [row] = clinician_api.get(LIST).json()
    assert row["headache_days_per_30"] == rate
    assert row["observed_days_30"] == min(first_day, 30)
