"""Adherence and headaches against a hand-counted diary; questionnaires scored against
hand-scored answers; a deployment's own instrument loaded as data."""

import datetime as dt
import io
import json
import uuid

import pytest

from diary.models import QuestionnaireResponse
from diary.questionnaires.instruments import instruments
from diary.services.exercises import programme_prescribe
from tests.exercises.test_programmes import PRESCRIPTION, prescribe, record
from tests.factories import EntryFactory

DONE = [{"code": "craniocervical_flexion", "outcome": "done"}, {"code": "scapular_setting", "outcome": "done"}]
SKIPPED = [{"code": "craniocervical_flexion", "outcome": "skipped"}, {"code": "scapular_setting", "outcome": "skipped"}]


def test_adherence_per_week_beside_headache_days(patient_api, clinician_api, patient, grant):
    # Mon/Wed/Fri at 08:00 and 18:30 from Mon 2 Nov: 6 sessions due a week. Today is Sat 21 Nov.
    programme = prescribe(clinician_api, patient, {**PRESCRIPTION, "start_date": "2026-11-02"}).json()
    pid = programme["id"]
    # Week 1 (2-8 Nov): 4 done (three on Mon: one more than due that day counts as 2), 1 skipped.
    for at in (
        "2026-11-02T08:10:00+01:00",
        "2026-11-02T18:40:00+01:00",
        "2026-11-02T20:00:00+01:00",
        "2026-11-04T08:00:00+01:00",
        "2026-11-06T08:00:00+01:00",
    ):
        record(patient_api, pid, DONE, at=at)
    record(patient_api, pid, SKIPPED, at="2026-11-06T18:30:00+01:00")
    # Week 2 (9-15 Nov): 1 done, and one stopped for pain (which still counts: one exercise was done).
    record(patient_api, pid, DONE, at="2026-11-09T08:00:00+01:00")
    record(
        patient_api,
        pid,
        [
            {"code": "craniocervical_flexion", "outcome": "done"},
            {"code": "scapular_setting", "outcome": "stopped_for_pain", "pain": 7},
        ],
        at="2026-11-11T08:00:00+01:00",
    )
    # Headaches: 3 days in week 1, 1 in week 2, none in week 3 (16-21 Nov, 6 days so far).
    for day in (2, 3, 5, 10):
        EntryFactory(patient=patient, date=dt.date(2026, 11, day), headache=True)
    EntryFactory(patient=patient, date=dt.date(2026, 11, 17), headache=False, side=None, severity=None)

    adherence = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/programme/").json()["programme"][
        "adherence"
    ]
    weeks = adherence["weeks"]
    assert [(w["sessions_done"], w["sessions_due"]) for w in weeks] == [(4, 6), (2, 6), (0, 6)]
    assert [w["percent"] for w in weeks] == [67, 33, 0]
    assert [w["headache_days"] for w in weeks] == [3, 1, 0]
    assert weeks[0]["headache_days_per_30"] == round(3 * 30 / 7, 1)
    assert weeks[2]["to"] == "2026-11-21" and weeks[2]["logged_days"] == 1  # a partial week: 6 days
    assert (adherence["sessions_done"], adherence["sessions_due"], adherence["percent"]) == (6, 18, 33)
    assert adherence["stopped_for_pain"] == [
        {"date": "2026-11-11", "code": "scapular_setting", "title": "Shoulder blade setting", "pain": 7}
    ]


def answer(api, questionnaire, items, response_id=None):
    return api.put(
        f"/api/v1/questionnaire-responses/{response_id or uuid.uuid4()}/",
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": questionnaire,
            "status": "completed",
            "authored": "2026-11-21T10:00:00+00:00",
            "item": items,
        },
        format="json",
    )


def integer(link_id, value):
    return {"linkId": link_id, "answer": [{"valueInteger": value}]}


def test_questionnaires_are_scored_as_hand_scored(patient_api):
    pgic = answer(patient_api, "pgic", [{"linkId": "change", "answer": [{"valueCoding": {"code": "2"}}]}])
    assert pgic.status_code == 201
    assert (pgic.json()["score"], pgic.json()["band"]) == (2.0, "Much better or very much better")
    rating = answer(
        patient_api, "neck_rating", [integer("worst", 7), integer("average", 4), integer("interference", 5)]
    )
    assert (rating.json()["score"], rating.json()["band"]) == (5.3, "Moderate")  # (7 + 4 + 5) / 3
    scores = patient_api.get("/api/v1/questionnaire-responses/").json()
    assert [s["instrument"] for s in scores] == ["pgic", "neck_rating"]


@pytest.mark.parametrize(
    ("questionnaire", "items", "field"),
    [
        ("neck_rating", [integer("worst", 7), integer("average", 4)], "interference"),
        ("neck_rating", [integer("worst", 11), integer("average", 4), integer("interference", 1)], "worst"),
        ("neck_rating", [integer("worst", 1), integer("average", 1), integer("mood", 1)], "item[2]"),
        ("pgic", [{"linkId": "change", "answer": [{"valueCoding": {"code": "9"}}]}], "change"),
        ("pgic", [{"linkId": "change", "answer": []}], "change"),
        ("hit6", [integer("x", 1)], "questionnaire"),
    ],
)
def test_answers_that_do_not_match_the_questionnaire_are_refused(patient_api, questionnaire, items, field):
    response = answer(patient_api, questionnaire, items)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not QuestionnaireResponse.objects.exists()


def test_a_response_sent_again_is_stored_once(patient_api):
    response_id = uuid.uuid4()
    items = [{"linkId": "change", "answer": [{"valueCoding": {"code": "4"}}]}]
    assert answer(patient_api, "pgic", items, response_id).status_code == 201
    assert answer(patient_api, "pgic", items, response_id).status_code == 200
    assert QuestionnaireResponse.objects.count() == 1


MADE_UP = {
    "format": "neckline-instrument/1",
    "code": "desk_comfort",
    "licence": "Made up for the tests.",
    "schedule": {"every_days": 7},
    "scoring": {
        "method": "sum",
        "items": ["screen", "breaks"],
        "min": 0,
        "max": 8,
        "lower_is_better": True,
        "bands": [{"min": 0, "max": 3, "label": "Comfortable"}, {"min": 4, "max": 8, "label": "Uncomfortable"}],
    },
    "questionnaire": {
        "resourceType": "Questionnaire",
        "status": "active",
        "title": "Desk comfort",
        "item": [
            {
                "linkId": link,
                "text": text,
                "type": "choice",
                "required": True,
                "answerOption": [
                    {"valueCoding": {"code": c, "display": d}}
                    for c, d in (("0", "Never"), ("2", "Sometimes"), ("4", "Always"))
                ],
            }
            for link, text in (("screen", "Screen height?"), ("breaks", "Skipped breaks?"))
        ],
    },
}


@pytest.fixture
def made_up_instrument(settings, tmp_path):
    (tmp_path / "desk_comfort.json").write_text(json.dumps(MADE_UP))
    settings.NECKLINE_EXTRA_INSTRUMENTS_DIR = str(tmp_path)
    instruments.cache_clear()
    yield
    instruments.cache_clear()


def test_a_deployments_own_instrument_loads_as_data_and_scores(patient_api, made_up_instrument):
    listed = [q["code"] for q in patient_api.get("/api/v1/questionnaires/").json()["questionnaires"]]
    assert "desk_comfort" in listed
    response = answer(
        patient_api,
        "desk_comfort",
        [
            {"linkId": "screen", "answer": [{"valueCoding": {"code": "2"}}]},
            {"linkId": "breaks", "answer": [{"valueCoding": {"code": "4"}}]},
        ],
    )
    assert (response.json()["score"], response.json()["band"]) == (6, "Uncomfortable")


def test_the_shipped_questionnaires_are_valid_fhir():
    from fhir.resources.R4B.questionnaire import Questionnaire

    for instrument in instruments().values():
        Questionnaire.model_validate(instrument.questionnaire)


def test_the_programme_start_carries_the_timelines_before_and_after_figures(clinician_api, clinician, patient, grant):
    # Start Thu 1 Oct. Before: 1-30 Sep, every day logged, 12 headache days. Washout 2-15 Oct.
    # After: days 15-45 = 16 Oct to 15 Nov (31 days), every day logged, 6 headache days.
    start = dt.date(2026, 10, 1)
    for offset in range(1, 31):
        day = start - dt.timedelta(days=offset)
        EntryFactory(
            patient=patient,
            date=day,
            headache=offset <= 12,
            **({} if offset <= 12 else {"side": None, "severity": None}),
        )
    for offset in range(15, 46):
        day = start + dt.timedelta(days=offset)
        EntryFactory(
            patient=patient, date=day, headache=offset < 21, **({} if offset < 21 else {"side": None, "severity": None})
        )
    # Seven weeks ago: further back than the API lets a clinician date a new programme.
    programme_prescribe(
        clinician=clinician,
        patient=patient,
        title="Neck programme",
        times=["08:00"],
        weekdays=[0],
        start_date=start,
        exercises=[{"code": "chin_tuck_sitting"}],
    )
    comparison = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/programme/").json()["programme"][
        "comparison"
    ]
    assert comparison["enough_diary"] is True
    assert (comparison["before"]["headache_days"], comparison["before"]["headache_days_per_30"]) == (12, 12.0)
    assert (comparison["after"]["headache_days"], comparison["after"]["headache_days_per_30"]) == (
        6,
        round(6 * 30 / 31, 1),
    )
    assert comparison["change"]["headache_days_per_30"] == round(round(6 * 30 / 31, 1) - 12.0, 1)


def test_a_new_programme_says_there_is_not_enough_diary_yet(clinician_api, patient, grant):
    prescribe(clinician_api, patient)
    comparison = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/programme/").json()["programme"][
        "comparison"
    ]
    assert comparison["enough_diary"] is False
    assert "after_window_not_reached" in comparison["reasons"]


def test_the_pre_visit_summary_and_its_pdf_show_the_programme_and_stopped_for_pain(
    patient_api, clinician_api, patient, grant
):
    from pypdf import PdfReader

    programme = prescribe(clinician_api, patient, {**PRESCRIPTION, "start_date": "2026-11-16"}).json()
    record(
        patient_api,
        programme["id"],
        [
            {"code": "craniocervical_flexion", "outcome": "done"},
            {"code": "scapular_setting", "outcome": "stopped_for_pain", "pain": 7},
        ],
    )
    summary = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    assert summary["programme"]["adherence"]["sessions_done"] == 1
    assert summary["programme"]["adherence"]["stopped_for_pain"][0]["pain"] == 7
    pdf = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/export/", {"format": "pdf"})
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Home exercise programme" in text
    assert "Stopped for pain: Shoulder blade setting on 18 Nov 2026, pain 7/10." in text
