"""A clinician corrects or withdraws what they recorded, the patient hides a clinician's
record from their own views, and both see the history (issue 24)."""

import datetime as dt

import pytest
from django.utils import timezone

from diary.choices import Role
from diary.models import ExamRecord, Grant, PostBlockRating, Procedure, Programme, ReminderDelivery, TreatmentEvent
from diary.selectors.treatments import block_data
from diary.treatments.config import treatment_settings
from tests.clinicians.test_access_log_writes import BLOCK, PROGRAMME
from tests.conftest import logged_in
from tests.factories import UserFactory

ACCESS_LOG = "/api/v1/sharing/access-log/"
HISTORY = "/api/v1/records/history/"


def base(patient) -> str:
    return f"/api/v1/clinician/patients/{patient.pk}"


def record_exam(clinician_api, patient, **findings) -> int:
    body = {"date": "2026-11-20", "frt_left_deg": 30, **findings}
    response = clinician_api.post(f"{base(patient)}/exams/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def record_event(clinician_api, patient, title="Physiotherapy, 6 sessions") -> int:
    body = {"kind": "physiotherapy", "at": "2026-11-10T10:00:00Z", "title": title}
    response = clinician_api.post(f"{base(patient)}/timeline/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def record_block(clinician_api, patient) -> int:
    response = clinician_api.post(f"{base(patient)}/procedures/", BLOCK, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def timeline_ids(api, path) -> list[int]:
    return [event["id"] for event in api.get(path).json()["events"]]


@pytest.fixture
def another_linked_api(patient):
    colleague = UserFactory(email="colleague@example.test", role=Role.CLINICIAN)
    Grant.objects.create(patient=patient, clinician=colleague)
    return logged_in(colleague)


# --- Corrections ---------------------------------------------------------------------------


def test_a_corrected_exam_shows_the_new_value_and_keeps_the_old_one_in_both_histories(
    grant, patient, patient_api, clinician_api
):
    exam = record_exam(clinician_api, patient, note="FRT restricted left")

    response = clinician_api.patch(
        f"{base(patient)}/records/exam/{exam}/", {"frt_left_deg": 36, "reason": "Typo"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"kind": "exam", "record_id": exam, "changed": ["frt_left_deg"]}
    [shown] = clinician_api.get(f"{base(patient)}/summary/").json()["exams"]
    assert shown["frt_left_deg"] == 36
    for history in (patient_api.get(HISTORY).json(), clinician_api.get(f"{base(patient)}/records/history/").json()):
        [change] = history
        assert change["action"] == "corrected" and change["by"] == "doc@example.test"
        assert (change["fields"], change["previous"], change["reason"]) == (
            ["frt_left_deg"],
            {"frt_left_deg": 30},
            "Typo",
        )


def test_the_access_log_names_the_fields_a_correction_changed_never_their_values(
    grant, patient, patient_api, clinician_api
):
    exam = record_exam(clinician_api, patient)
    clinician_api.patch(f"{base(patient)}/records/exam/{exam}/", {"frt_right_deg": 22}, format="json")

    log = patient_api.get(ACCESS_LOG).json()
    corrected = next(row for row in log if row["what"] == "exam_corrected")
    recorded = next(row for row in log if row["what"] == "exam_recorded")
    assert corrected["fields"] == ["frt_right_deg"]
    assert recorded["fields"] == ["date", "frt_left_deg"]  # the fields sent
    assert "22" not in str(corrected) and "30" not in str(recorded["fields"])


def test_a_corrected_timeline_event_is_shown_with_its_new_title(grant, patient, patient_api, clinician_api):
    event = record_event(clinician_api, patient, title="Physio")

    response = clinician_api.patch(
        f"{base(patient)}/records/event/{event}/", {"title": "Physiotherapy, 8 sessions"}, format="json"
    )

    assert response.status_code == 200
    [shown] = patient_api.get("/api/v1/timeline/").json()["events"]
    assert shown["title"] == "Physiotherapy, 8 sessions"
    assert patient_api.get(HISTORY).json()[0]["previous"] == {"title": "Physio"}


def test_a_correction_that_changes_nothing_stores_nothing(grant, patient, patient_api, clinician_api):
    exam = record_exam(clinician_api, patient)
    response = clinician_api.patch(f"{base(patient)}/records/exam/{exam}/", {"frt_left_deg": 30}, format="json")
    assert response.json()["changed"] == []
    assert patient_api.get(HISTORY).json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "0001-01-01"}, "date"),
        ({"frt_left_deg": 91}, "frt_left_deg"),
        ({"frt_left_deg": "30"}, "frt_left_deg"),
        ({"clinician": 1}, "clinician"),
        ({"frt_left_deg": None}, "non_field_errors"),  # no finding and no note would remain
    ],
)
def test_a_bad_correction_answers_400_naming_the_field_and_changes_nothing(
    grant, patient, patient_api, clinician_api, body, field
):
    exam = record_exam(clinician_api, patient)
    response = clinician_api.patch(f"{base(patient)}/records/exam/{exam}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert ExamRecord.objects.get(pk=exam).frt_left_deg == 30
    assert patient_api.get(HISTORY).json() == []


def _block_at(clinician_api, patient, at) -> int:
    body = {**BLOCK, "performed_at": at.isoformat()}
    response = clinician_api.post(f"{base(patient)}/procedures/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _prompt_times(patient) -> list:
    return sorted(
        ReminderDelivery.objects.filter(patient=patient, kind="block_prompt").values_list("slot_at", flat=True)
    )


def test_a_procedures_moment_moves_its_prompts_while_its_diary_has_not_begun(
    grant, patient, patient_api, clinician_api
):
    done = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=10)
    block = _block_at(clinician_api, patient, done)
    before = _prompt_times(patient)
    assert before  # the prompts still ahead

    earlier = done - dt.timedelta(minutes=20)
    url = f"{base(patient)}/records/procedure/{block}/"
    response = clinician_api.patch(url, {"performed_at": earlier.isoformat(), "reason": "Clock"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["changed"] == ["performed_at"]
    shown = clinician_api.get(f"{base(patient)}/procedures/{block}/").json()["performed_at"]
    assert dt.datetime.fromisoformat(shown.replace("Z", "+00:00")) == earlier
    # The prompts still ahead are those of a block done at the new moment, each once: the
    # timed ones moved 20 minutes earlier (the next morning's stays the next morning).
    after = _prompt_times(patient)
    assert after != before and len(after) == len(set(after))
    procedure = Procedure.objects.select_related("event").get(pk=block)
    due = block_data(procedure, patient.timezone, treatment_settings()).due
    assert after == sorted(
        at for slot, at in due.items() if slot != "baseline" and at >= timezone.now() - dt.timedelta(minutes=1)
    )
    assert any(at - dt.timedelta(minutes=20) in after for at in before)
    [change] = patient_api.get(HISTORY).json()
    assert change["fields"] == ["performed_at"] and change["previous"]["performed_at"].startswith(
        done.date().isoformat()
    )


def test_a_procedures_moment_is_refused_once_its_diary_has_begun(grant, patient, clinician_api):
    done = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=10)
    block = _block_at(clinician_api, patient, done)
    PostBlockRating.objects.create(procedure_id=block, slot="baseline", answered_at=done, pain=6)
    before = _prompt_times(patient)
    url = f"{base(patient)}/records/procedure/{block}/"

    refused = clinician_api.patch(
        url, {"performed_at": (done - dt.timedelta(hours=1)).isoformat(), "side": "left"}, format="json"
    )

    assert refused.status_code == 400 and "withdraw this procedure" in refused.json()["performed_at"][0]
    procedure = Procedure.objects.select_related("event").get(pk=block)
    assert (procedure.event.at, procedure.side) == (done, "right")  # nothing stored
    assert _prompt_times(patient) == before
    assert clinician_api.patch(url, {"side": "left"}, format="json").json()["changed"] == ["side"]


def test_a_procedures_moment_refuses_the_future_and_a_pair_out_of_order(grant, patient, clinician_api):
    block = record_block(clinician_api, patient)  # 21 Nov 09:00, three hours before the tests' noon
    url = f"{base(patient)}/records/procedure/{block}/"
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert "performed_at" in clinician_api.patch(url, {"performed_at": future}, format="json").json()
    second = {**BLOCK, "performed_at": "2026-11-21T11:00:00Z", "anaesthetic": "bupivacaine", "compares_with": block}
    response = clinician_api.post(f"{base(patient)}/procedures/", second, format="json")
    assert response.status_code == 201, response.json()
    late = clinician_api.patch(url, {"performed_at": "2026-11-21T11:30:00Z"}, format="json")
    assert late.status_code == 400 and "after" in late.json()["performed_at"][0]
    assert clinician_api.patch(url, {"performed_at": "2026-11-20T09:00:00Z"}, format="json").json()["changed"] == [
        "performed_at"
    ]


# --- Withdrawal ----------------------------------------------------------------------------


def test_a_withdrawn_procedure_leaves_every_view_and_stays_in_the_history(grant, patient, patient_api, clinician_api):
    block = record_block(clinician_api, patient)

    response = clinician_api.post(
        f"{base(patient)}/records/procedure/{block}/withdraw/", {"reason": "Wrong patient"}, format="json"
    )

    assert response.status_code == 204
    assert clinician_api.get(f"{base(patient)}/procedures/").json()["procedures"] == []
    assert clinician_api.get(f"{base(patient)}/procedures/{block}/").status_code == 404
    assert timeline_ids(clinician_api, f"{base(patient)}/timeline/") == []
    assert patient_api.get("/api/v1/post-block/").json() == []
    [change] = patient_api.get(HISTORY).json()
    assert (change["kind"], change["record_id"], change["action"], change["reason"]) == (
        "procedure",
        block,
        "withdrawn",
        "Wrong patient",
    )
    assert TreatmentEvent.objects.filter(pk=block).exists()  # kept, not deleted
    assert "procedure_withdrawn" in [row["what"] for row in patient_api.get(ACCESS_LOG).json()]
    # Withdrawn once: a second withdrawal finds nothing to withdraw.
    assert clinician_api.post(f"{base(patient)}/records/procedure/{block}/withdraw/").status_code == 404


def test_a_withdrawn_exam_no_longer_counts(grant, patient, clinician_api):
    exam = record_exam(clinician_api, patient)
    assert clinician_api.post(f"{base(patient)}/records/exam/{exam}/withdraw/").status_code == 204
    assert clinician_api.get(f"{base(patient)}/summary/").json()["exams"] == []


def test_a_withdrawn_programme_is_ended_and_gone_from_both_sides(grant, patient, patient_api, clinician_api):
    assert clinician_api.post(f"{base(patient)}/programmes/", PROGRAMME, format="json").status_code == 201
    [programme] = clinician_api.get(f"{base(patient)}/programmes/").json()

    assert clinician_api.post(f"{base(patient)}/records/programme/{programme['id']}/withdraw/").status_code == 204

    assert clinician_api.get(f"{base(patient)}/programmes/").json() == []
    assert patient_api.get("/api/v1/programme/").json()["programme"] is None
    assert timeline_ids(patient_api, "/api/v1/timeline/") == []


# --- Who may -------------------------------------------------------------------------------


def test_only_the_clinician_who_recorded_it_corrects_or_withdraws_it(
    grant, patient, patient_api, clinician_api, another_linked_api
):
    exam = record_exam(clinician_api, patient)
    url = f"{base(patient)}/records/exam/{exam}/"
    assert another_linked_api.patch(url, {"frt_left_deg": 10}, format="json").status_code == 403
    assert another_linked_api.post(f"{url}withdraw/").status_code == 403
    # The patient's own event is not a clinician's record to correct.
    own = patient_api.post(
        "/api/v1/timeline/", {"kind": "note", "at": "2026-11-10T10:00:00Z", "title": "Desk"}, format="json"
    ).json()["id"]
    assert (
        clinician_api.patch(f"{base(patient)}/records/event/{own}/", {"title": "x"}, format="json").status_code == 403
    )
    assert ExamRecord.objects.get(pk=exam).frt_left_deg == 30
    assert patient_api.get(HISTORY).json() == []


def test_the_boundaries_of_correcting_withdrawing_and_reading_the_history(
    grant, patient, other_patient, patient_api, other_api, clinician_api, unlinked_api, anon_api
):
    exam = record_exam(clinician_api, patient)
    urls = [
        ("patch", f"{base(patient)}/records/exam/{exam}/", {"frt_left_deg": 10}),
        ("post", f"{base(patient)}/records/exam/{exam}/withdraw/", {}),
        ("get", f"{base(patient)}/records/history/", None),
    ]
    for method, url, body in urls:
        assert getattr(unlinked_api, method)(url, body, format="json").status_code == 404, url
        assert getattr(other_api, method)(url, body, format="json").status_code == 403, url
        assert getattr(anon_api, method)(url, body, format="json").status_code == 403, url
    # Another patient's record through this patient's grant: not found.
    other_exam = ExamRecord.objects.create(patient=other_patient, date="2026-11-20", frt_left_deg=20)
    assert (
        clinician_api.patch(f"{base(patient)}/records/exam/{other_exam.pk}/", {"frt_left_deg": 1}, format="json")
    ).status_code == 404

    grant.revoked_at = grant.created_at
    grant.save()
    for method, url, body in urls:
        assert getattr(clinician_api, method)(url, body, format="json").status_code == 404, url
    assert ExamRecord.objects.get(pk=exam).frt_left_deg == 30 and ExamRecord.objects.get(pk=exam).withdrawn_at is None
    assert other_api.get(HISTORY).json() == []
    assert clinician_api.get(HISTORY).status_code == 403


# --- The patient hides a clinician's record ------------------------------------------------


def test_the_patient_hides_a_clinicians_event_from_their_views_only(grant, patient, patient_api, clinician_api):
    event = record_event(clinician_api, patient)
    block = record_block(clinician_api, patient)

    for kind, record in (("event", event), ("procedure", block)):
        assert patient_api.post(f"/api/v1/records/{kind}/{record}/hide/").status_code == 204
        assert patient_api.post(f"/api/v1/records/{kind}/{record}/hide/").status_code == 204  # a replay

    assert timeline_ids(patient_api, "/api/v1/timeline/") == []
    assert patient_api.get("/api/v1/post-block/").json() == []
    assert sorted(timeline_ids(clinician_api, f"{base(patient)}/timeline/")) == sorted([event, block])
    history = patient_api.get(HISTORY).json()
    assert [(row["action"], row["by_role"]) for row in history] == [("hidden", "patient")] * 2

    assert patient_api.post(f"/api/v1/records/event/{event}/show/").status_code == 204
    assert timeline_ids(patient_api, "/api/v1/timeline/") == [event]
    assert clinician_api.get(f"{base(patient)}/records/history/").json()[0]["action"] == "shown"


def test_hiding_is_for_the_patients_own_clinician_records(
    grant, patient, patient_api, other_api, clinician_api, anon_api
):
    event = record_event(clinician_api, patient)
    own = patient_api.post(
        "/api/v1/timeline/", {"kind": "note", "at": "2026-11-10T10:00:00Z", "title": "Desk"}, format="json"
    ).json()["id"]
    assert other_api.post(f"/api/v1/records/event/{event}/hide/").status_code == 404
    assert clinician_api.post(f"/api/v1/records/event/{event}/hide/").status_code == 403
    assert anon_api.post(f"/api/v1/records/event/{event}/hide/").status_code == 403
    assert patient_api.post(f"/api/v1/records/event/{own}/hide/").status_code == 404  # deleted, not hidden
    assert patient_api.post(f"/api/v1/records/exam/{event}/hide/").status_code == 404
    assert TreatmentEvent.objects.filter(hidden_by_patient_at__isnull=False).count() == 0


def test_a_correction_keeps_the_rules_the_record_was_made_under(grant, patient, patient_api, clinician_api):
    event = record_event(clinician_api, patient)
    url = f"{base(patient)}/records/event/{event}/"
    refused = clinician_api.patch(url, {"ended_on": "2026-11-01"}, format="json")  # before its start, 10 Nov
    assert refused.status_code == 400 and "ended_on" in refused.json()
    assert clinician_api.patch(url, {"title": ""}, format="json").status_code == 400
    assert clinician_api.post(f"{base(patient)}/programmes/", PROGRAMME, format="json").status_code == 201
    [programme] = clinician_api.get(f"{base(patient)}/programmes/").json()
    refused = clinician_api.patch(
        f"{base(patient)}/records/programme/{programme['id']}/", {"review_date": "2026-11-01"}, format="json"
    )
    assert refused.status_code == 400 and "review_date" in refused.json()
    assert patient_api.get(HISTORY).json() == []


def test_the_patients_export_holds_the_history_and_what_was_withdrawn(grant, patient, patient_api, clinician_api):
    event = record_event(clinician_api, patient)
    clinician_api.post(f"{base(patient)}/records/event/{event}/withdraw/", {"reason": "Duplicate"}, format="json")

    export = patient_api.get("/api/v1/export/?format=json").json()

    [withdrawn] = export["timeline"]
    assert withdrawn["withdrawn_at"] is not None and withdrawn["recorded_by_email"] == "doc@example.test"
    [change] = export["record_history"]
    assert (change["action"], change["reason"], change["by_email"]) == ("withdrawn", "Duplicate", "doc@example.test")
    logged = {row["what"]: (row["role"], row["fields"]) for row in export["access_log"]}
    assert logged["event_withdrawn"] == ("clinician", [])
    assert logged["timeline_event_added"] == ("clinician", ["at", "kind", "title"])


def _pdf_text(response) -> str:
    import io

    from pypdf import PdfReader

    assert response.status_code == 200
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def test_the_patient_hides_a_clinicians_exam_from_their_own_pdf_only(grant, patient, patient_api, clinician_api):
    exam = record_exam(clinician_api, patient, note="FRT restricted left")
    own_pdf = "/api/v1/export/?format=pdf"
    assert "No examination recorded." not in _pdf_text(patient_api.get(own_pdf))

    assert patient_api.post(f"/api/v1/records/exam/{exam}/hide/").status_code == 204
    assert patient_api.post(f"/api/v1/records/exam/{exam}/hide/").status_code == 204  # a replay

    assert "No examination recorded." in _pdf_text(patient_api.get(own_pdf))
    assert [shown["id"] for shown in clinician_api.get(f"{base(patient)}/summary/").json()["exams"]] == [exam]
    assert "No examination recorded." not in _pdf_text(clinician_api.get(f"{base(patient)}/export/?format=pdf"))
    assert [row["action"] for row in patient_api.get(HISTORY).json()] == ["hidden"]

    assert patient_api.post(f"/api/v1/records/exam/{exam}/show/").status_code == 204
    assert "No examination recorded." not in _pdf_text(patient_api.get(own_pdf))


def test_the_patient_hides_a_prescribed_programme_from_their_programme_screen_only(
    grant, patient, patient_api, clinician_api
):
    response = clinician_api.post(f"{base(patient)}/programmes/", PROGRAMME, format="json")
    assert response.status_code == 201, response.json()
    programme = response.json()["id"]

    assert patient_api.post(f"/api/v1/records/programme/{programme}/hide/").status_code == 204

    assert patient_api.get("/api/v1/programme/").json()["programme"] is None
    event = Programme.objects.get(pk=programme).event_id  # its line on the timeline
    assert event not in timeline_ids(patient_api, "/api/v1/timeline/")
    assert event in timeline_ids(clinician_api, f"{base(patient)}/timeline/")
    assert [p["id"] for p in clinician_api.get(f"{base(patient)}/programmes/").json()] == [programme]
    assert patient_api.post(f"/api/v1/records/programme/{programme}/show/").status_code == 204
    assert patient_api.get("/api/v1/programme/").json()["programme"]["id"] == programme


def test_hiding_an_exam_or_programme_is_the_patients_own_and_only_a_clinicians(
    grant, patient, patient_api, other_api, clinician_api, anon_api, another_linked_api
):
    exam = record_exam(clinician_api, patient)
    programme = clinician_api.post(f"{base(patient)}/programmes/", PROGRAMME, format="json").json()["id"]
    for kind, record in (("exam", exam), ("programme", programme)):
        url = f"/api/v1/records/{kind}/{record}/hide/"
        assert other_api.post(url).status_code == 404  # another patient
        assert clinician_api.post(url).status_code == 403  # a clinician, even the author
        assert another_linked_api.post(url).status_code == 403
        assert anon_api.post(url).status_code == 403
    Grant.objects.filter(patient=patient).update(revoked_at="2026-11-22T00:00:00Z")
    assert clinician_api.post(f"/api/v1/records/exam/{exam}/hide/").status_code == 403  # revoked: still not theirs
    assert not ExamRecord.objects.filter(hidden_by_patient_at__isnull=False).exists()
    assert not Programme.objects.filter(hidden_by_patient_at__isnull=False).exists()
    assert patient_api.post("/api/v1/records/programme/999999/hide/").status_code == 404


def test_a_programmes_exercises_are_refused_with_the_way_to_change_them(grant, patient, clinician_api):
    programme = clinician_api.post(f"{base(patient)}/programmes/", PROGRAMME, format="json").json()["id"]
    url = f"{base(patient)}/records/programme/{programme}/"
    for field, value in (("exercises", [{"code": "chin_tuck_sitting"}]), ("times", ["09:00"]), ("weekdays", [1])):
        refused = clinician_api.patch(url, {field: value, "title": "Other"}, format="json")
        assert refused.status_code == 400 and "prescribe it again" in refused.json()[field][0]
    assert Programme.objects.get(pk=programme).title == "Neck"
    assert clinician_api.patch(url, {"title": "Neck, gently"}, format="json").json()["changed"] == ["title"]
