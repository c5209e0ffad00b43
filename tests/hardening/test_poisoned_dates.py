"""One out-of-range date must never poison a patient's clinical views (issue 24, item 1).

Each poisoned input of the issue is refused at the edge with a 400 naming the field,
storing nothing; and rows stored before the edge refused them (or by any other path)
still leave every view that reads them answering."""

import datetime as dt

import pytest
from django.utils import timezone

from diary.models import Grant, Procedure, TreatmentEvent
from diary.models.exercises import Programme
from tests.conftest import logged_in
from tests.factories import EntryFactory

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
BLOCK = {"kind": "medial_branch_block", "levels": ["C2-C3"], "side": "right", "purpose": "diagnostic"}
PROGRAMME = {
    "title": "Neck",
    "exercises": [{"code": "chin_tuck_sitting"}],
    "times": ["08:00"],
    "weekdays": [0, 2, 4],
}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOON)


@pytest.fixture
def linked(patient, clinician):
    Grant.objects.create(patient=patient, clinician=clinician)
    EntryFactory.create_batch(3, patient=patient)
    return patient


def views_that_read_the_dates(patient) -> list[tuple[str, str]]:
    """(who, path) of every view the issue found broken by one poisoned date."""
    base = f"/api/v1/clinician/patients/{patient.pk}"
    return [
        ("patient", "/api/v1/timeline/"),
        ("patient", "/api/v1/programme/"),
        ("patient", "/api/v1/post-block/"),
        ("patient", "/api/v1/export/?format=pdf"),
        ("patient", "/api/v1/export/?format=fhir"),
        ("clinician", f"{base}/summary/"),
        ("clinician", f"{base}/timeline/"),
        ("clinician", f"{base}/procedures/"),
        ("clinician", f"{base}/export/?format=pdf"),
        ("clinician", f"{base}/export/?format=fhir"),
        ("clinician", f"{base}/programmes/"),
        ("clinician", f"{base}/programme/"),
    ]


def assert_every_view_answers(patient, clinician):
    callers = {"patient": logged_in(patient), "clinician": logged_in(clinician)}
    broken = []
    for who, path in views_that_read_the_dates(patient):
        response = callers[who].get(path)
        if response.status_code != 200:
            broken.append((who, path, response.status_code))
    assert broken == []


POISONED_INPUTS = [
    # (who, path template, body, the field named in the 400)
    ("patient", "/api/v1/timeline/", {"kind": "note", "at": "0001-01-01T00:00:00Z", "title": "x"}, "at"),
    ("patient", "/api/v1/timeline/", {"kind": "note", "at": "1899-12-31T23:00:00Z", "title": "x"}, "at"),
    ("patient", "/api/v1/timeline/", {"kind": "note", "at": "9999-12-31T23:59:59Z", "title": "x"}, "at"),
    (
        "patient",
        "/api/v1/timeline/",
        {"kind": "physiotherapy", "at": "2026-11-01T10:00:00Z", "title": "x", "ended_on": "9999-12-31"},
        "ended_on",
    ),
    (
        "patient",
        "/api/v1/timeline/",
        {"kind": "physiotherapy", "at": "2026-11-01T10:00:00Z", "title": "x", "ended_on": "0001-01-01"},
        "ended_on",
    ),
    ("clinician", "{base}/procedures/", {**BLOCK, "performed_at": "0001-01-01T00:00:00Z"}, "performed_at"),
    ("clinician", "{base}/procedures/", {**BLOCK, "performed_at": "9999-12-31T23:59:59Z"}, "performed_at"),
    ("clinician", "{base}/timeline/", {"kind": "physiotherapy", "at": "0001-01-01T00:00:00Z", "title": "x"}, "at"),
    ("clinician", "{base}/programmes/", {**PROGRAMME, "start_date": "9999-12-31"}, "start_date"),
    ("clinician", "{base}/programmes/", {**PROGRAMME, "start_date": "2027-12-31"}, "start_date"),
    (
        "clinician",
        "{base}/programmes/",
        {**PROGRAMME, "start_date": "2026-11-21", "review_date": "9999-12-31"},
        "review_date",
    ),
]


@pytest.mark.parametrize(("who", "path", "body", "field"), POISONED_INPUTS)
def test_a_poisoned_date_is_refused_naming_the_field_and_nothing_is_stored(linked, clinician, who, path, body, field):
    caller = logged_in(linked if who == "patient" else clinician)
    path = path.format(base=f"/api/v1/clinician/patients/{linked.pk}")

    response = caller.post(path, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not TreatmentEvent.objects.filter(patient=linked).exists()
    assert not Programme.objects.filter(patient=linked).exists()
    assert_every_view_answers(linked, clinician)


def test_a_poisoned_entry_in_a_session_or_a_rating_is_refused(linked):
    api = logged_in(linked)
    response = api.put(
        "/api/v1/questionnaire-responses/0b7c6d1e-2f34-4a5b-9c8d-7e6f5a4b3c2d/",
        {"questionnaire": "pgic", "authored": "0001-01-01T00:00:00Z", "item": [{"linkId": "pgic"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "authored" in response.json()


@pytest.mark.parametrize(
    "poison",
    ["timeline_note_year_1", "procedure_year_1", "procedure_year_9999", "course_ending_9999", "programme_9999"],
)
def test_rows_stored_with_an_extreme_date_leave_every_view_answering(linked, clinician, poison):
    """Rows written before the edge refused them (or by an admin, an import) must not
    break a patient's views for good."""
    year_1 = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    year_9999 = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)
    event = {"patient": linked, "title": "x"}
    if poison == "timeline_note_year_1":
        TreatmentEvent.objects.create(kind="note", at=year_1, **event)
    elif poison.startswith("procedure"):
        at = year_1 if poison == "procedure_year_1" else year_9999
        row = TreatmentEvent.objects.create(kind="procedure", at=at, recorded_by=clinician, by_clinician=True, **event)
        Procedure.objects.create(
            event=row, kind="medial_branch_block", side="right", purpose="diagnostic", diary_slots=["baseline", "1h"]
        )
    elif poison == "course_ending_9999":
        TreatmentEvent.objects.create(kind="physiotherapy", at=NOON, ended_on=dt.date(9999, 12, 31), **event)
    else:
        logged_in(clinician).post(
            f"/api/v1/clinician/patients/{linked.pk}/programmes/",
            {**PROGRAMME, "start_date": "2026-11-21"},
            format="json",
        )
        Programme.objects.filter(patient=linked).update(start_date=dt.date(9999, 12, 31), review_date=dt.date.max)

    assert_every_view_answers(linked, clinician)
