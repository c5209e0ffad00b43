"""The patient's own "a doctor has checked this" (POST /api/v1/red-flag-reviews/) and a
clinician's review that covers later occurrences (`covers_until`); docs/screening.md, Review."""

import uuid

import pytest

from diary.models import RedFlagReview
from diary.reports.sentences import red_flag_sentences
from diary.selectors.screening import red_flag_reviews
from tests.clinicians.diaries import headache

OWN = "/api/v1/red-flag-reviews/"
CLINICIAN = "/api/v1/clinician/patients/{}/red-flag-reviews/"


@pytest.fixture
def flagged(patient):
    return headache(patient, "2026-11-19", side="right", severity=9, red_flags=["thunderclap"])


def check(api, **body):
    return api.post(OWN, body, format="json")


def test_the_patient_records_that_a_doctor_checked_their_flag(patient_api, patient, flagged):
    response = check(patient_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-20", note="A&E, CT")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["entry"], body["checked_on"], body["role"]) == (str(flagged.id), "2026-11-20", "patient")
    # The engine reads it as the patient's report, with the day of the check.
    [review] = red_flag_reviews(patient_ids=[patient.pk])[patient.pk]
    assert (review.role, review.checked_on.isoformat(), review.entry) == ("patient", "2026-11-20", str(flagged.id))
    # The level is released the same way as by a clinician's review.
    report = patient_api.get("/api/v1/patterns/").json()
    assert report["level"] != "urgent_review"
    assert report["red_flags"][0]["reviewed"] is not None


def test_sending_it_again_keeps_one_report_with_the_new_date(patient_api, patient, flagged):
    first = check(patient_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-19")
    again = check(patient_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-20")
    replay = check(patient_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-20")
    assert (first.status_code, again.status_code, replay.status_code) == (201, 200, 200)
    [(role, checked_on)] = RedFlagReview.objects.values_list("role", "checked_on")
    assert (role, checked_on.isoformat()) == ("patient", "2026-11-20")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "thunderclap", "date": "2026-11-19"}, "checked_on"),
        ({"code": "thunderclap", "date": "2026-11-19", "checked_on": "2026-11-18"}, "checked_on"),  # before the flag
        ({"code": "thunderclap", "date": "2026-11-19", "checked_on": "2026-11-22"}, "checked_on"),  # after today
        ({"code": "thunderclap", "date": "2026-11-19", "checked_on": "20/11/2026"}, "checked_on"),
        (
            {"code": "thunderclap", "date": "2026-11-19", "checked_on": "2026-11-20", "covers_until": "2026-12-01"},
            "covers_until",
        ),
        ({"code": "fever_stiff_neck", "date": "2026-11-19", "checked_on": "2026-11-20"}, "code"),
        ({"code": "nope", "date": "2026-11-19", "checked_on": "2026-11-20"}, "code"),
        ({"code": "thunderclap", "date": "2026-11-19", "checked_on": "2026-11-20", "note": "x" * 2001}, "note"),
        ({"code": "thunderclap", "date": "2026-11-19", "checked_on": "2026-11-20", "role": "clinician"}, "role"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(patient_api, flagged, body, field):
    response = check(patient_api, **body)
    assert response.status_code == 400
    assert field in response.json()
    assert not RedFlagReview.objects.exists()


def test_a_patient_checks_only_their_own_flags(patient_api, other_patient):
    theirs = headache(other_patient, "2026-11-19", side="left", severity=9, red_flags=["thunderclap"])
    response = check(patient_api, code="thunderclap", date="2026-11-19", entry=str(theirs.id), checked_on="2026-11-20")
    assert response.status_code == 400 and "entry" in response.json()
    # Without naming the entry, the other patient's flag is not found either.
    response = check(patient_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-20")
    assert response.status_code == 400 and "code" in response.json()
    assert not RedFlagReview.objects.exists()


def test_a_clinician_cannot_use_the_patients_endpoint(clinician_api, grant, flagged):
    assert check(clinician_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-20").status_code == 403
    assert not RedFlagReview.objects.exists()


def test_nobody_logged_out_can_record_a_check(client, flagged):
    response = client.post(OWN, {"code": "thunderclap", "date": "2026-11-19"}, content_type="application/json")
    assert response.status_code in (401, 403)


def test_a_clinicians_review_covers_later_occurrences_up_to_a_date(clinician_api, patient, grant, flagged):
    url = CLINICIAN.format(patient.pk)
    body = {"code": "thunderclap", "date": "2026-11-19", "covers_until": "2026-12-19"}
    response = clinician_api.post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["covers_until"], response.json()["role"]) == ("2026-12-19", "clinician")
    [review] = red_flag_reviews(patient_ids=[patient.pk])[patient.pk]
    assert (review.role, review.covers_until.isoformat()) == ("clinician", "2026-12-19")


@pytest.mark.parametrize(
    ("covers_until", "field"),
    [("2026-11-18", "covers_until"), ("2027-11-20", "covers_until"), ("soon", "covers_until")],
)
def test_covers_until_is_refused_before_the_flag_or_beyond_a_year(
    clinician_api, patient, grant, flagged, covers_until, field
):
    body = {"code": "thunderclap", "date": "2026-11-19", "covers_until": covers_until}
    response = clinician_api.post(CLINICIAN.format(patient.pk), body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not RedFlagReview.objects.exists()


def test_an_unlinked_clinician_cannot_review_or_cover(unlinked_api, patient, flagged):
    body = {"code": "thunderclap", "date": "2026-11-19", "covers_until": "2026-12-19"}
    assert unlinked_api.post(CLINICIAN.format(patient.pk), body, format="json").status_code == 404
    assert not RedFlagReview.objects.exists()


def test_a_revoked_clinician_cannot_review(clinician_api, patient, grant, flagged, clock):
    grant.revoked_at = clock.now
    grant.save()
    body = {"code": "thunderclap", "date": "2026-11-19"}
    assert clinician_api.post(CLINICIAN.format(patient.pk), body, format="json").status_code == 404


def test_a_clinician_reads_the_patients_report_as_the_patients_report():
    flag = {
        "code": "thunderclap",
        "urgency": "emergency",
        "date": "2026-11-19",
        "entry": "e1",
        "entry_time": None,
        "reviewed": {
            "by": "pat@example.test",
            "role": "patient",
            "at": "2026-11-21T12:00:00+00:00",
            "checked_on": "2026-11-20",
            "note": "",
        },
    }
    sentences = red_flag_sentences([flag])
    assert sentences == [
        "No open red flags.",
        "The patient reports a doctor checked thunderclap onset of 19 Nov 2026 on 20 Nov 2026.",
    ]
    assert "Reviewed" not in " ".join(sentences)


def test_the_overview_names_the_leading_pattern_before_any_neck_signal():
    from diary.reports.sentences import leading_pattern_sentences, neck_sentences

    evidence = [f"e{n}" for n in range(12)]
    report = {
        "level": "none",
        "caps": [{"code": "migraine_predominant", "applied": True, "evidence": evidence}],
        "signals": [],
    }
    assert leading_pattern_sentences(report, 12) == [
        "Leading pattern: 12 of 12 headaches were migraine-like (100%); neck pain is common in migraine."
    ]
    report["caps"] = [{"code": "cluster_like", "applied": True, "evidence": evidence[:14]}]
    [cluster] = leading_pattern_sentences(report, 14)
    assert cluster.startswith("Leading pattern: 12 attacks with cranial autonomic features")
    assert neck_sentences(report)[0] == "No neck signal met."


def test_the_pdf_shows_the_symptoms_that_raised_an_artery_injury_flag_in_words():
    from diary.exports.pdf import related_words

    group = [
        {
            "code": "after_injury_or_manipulation",
            "related_entries": [{"id": "e2", "date": "2026-11-20", "symptoms": ["dizziness", "eyelid_droop_swelling"]}],
        }
    ]
    assert related_words(group) == "20 Nov 2026: dizziness, ptosis or eyelid oedema"


def test_the_summary_lists_the_related_entries_of_a_flag_the_engine_names(clinician_api, patient, grant, monkeypatch):
    """The engine (issue 21, h1) names `related` entry ids; the summary gives their dates and symptoms."""
    from diary.selectors import summary as summary_module

    manipulation = headache(patient, "2026-11-19", side="right", severity=6, red_flags=["after_injury_or_manipulation"])
    dizzy = headache(patient, "2026-11-20", side="right", severity=6, symptoms=["dizziness"])
    real = summary_module.report_json

    def with_related(report, **kwargs):
        shown = real(report, **kwargs)
        for flag in shown["red_flags"]:
            if flag["code"] == "after_injury_or_manipulation":
                flag["related"] = [str(dizzy.id)]
        return shown

    monkeypatch.setattr(summary_module, "report_json", with_related)
    summary = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    [flag] = [flag for flag in summary["red_flags"] if flag["entry"] == str(manipulation.id)]
    assert flag["related_entries"] == [{"id": str(dizzy.id), "date": "2026-11-20", "symptoms": ["dizziness"]}]
    pdf = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/export/", {"format": "pdf"})
    assert pdf.status_code == 200


def test_covers_until_releases_later_ticks_until_it_passes_then_a_new_tick_holds_the_level(
    clinician_api, patient_api, patient, grant, clock
):
    """One known injury ticked on many entries: the review covers the ticks up to its
    `covers_until`; a tick after that day is a new flag and holds the level again."""

    def tick(day):
        body = {"date": day, "side": "right", "severity": 5, "red_flags": ["after_injury_or_manipulation"]}
        response = patient_api.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json")
        assert response.status_code == 201, response.content

    def report_and_list():
        report = patient_api.get("/api/v1/patterns/").json()
        [row] = clinician_api.get("/api/v1/clinician/patients/").json()
        flags = {flag["date"]: flag["reviewed"] is not None for flag in report["red_flags"]}
        return report["level"], flags, row["open_red_flags"]

    tick("2026-11-19")
    body = {"code": "after_injury_or_manipulation", "date": "2026-11-19", "covers_until": "2026-11-25"}
    assert clinician_api.post(CLINICIAN.format(patient.pk), body, format="json").status_code == 201
    assert report_and_list()[0] != "urgent_review"

    clock.advance(days=4)  # 25 November: the last day covered
    tick("2026-11-25")
    level, flags, open_in_list = report_and_list()
    assert level != "urgent_review"
    assert flags == {"2026-11-19": True, "2026-11-25": True}
    assert open_in_list == 0

    clock.advance(days=1)  # 26 November: covers_until has passed
    tick("2026-11-26")
    level, flags, open_in_list = report_and_list()
    assert level == "urgent_review"
    assert flags == {"2026-11-19": True, "2026-11-25": True, "2026-11-26": False}
    assert open_in_list == 1


def test_the_clinicians_screening_text_words_the_patients_check_as_their_report(
    clinician_api, patient_api, patient, grant, flagged
):
    assert check(patient_api, code="thunderclap", date="2026-11-19", checked_on="2026-11-20").status_code == 201
    summary = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/summary/").json()
    text = summary["screening"]["summary"]
    assert "Checked by a doctor, as the patient reports: " in text
    assert "the patient reports a doctor checked it on 20 November 2026" in text
    assert "Reviewed red flags" not in text and "reviewed by" not in text
