import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from diary.models import Entry

TODAY = dt.date(2026, 11, 21)


def url(entry_id=None):
    return f"/api/v1/entries/{entry_id}/" if entry_id else "/api/v1/entries/"


def headache(**overrides):
    body = {"date": "2026-11-20", "side": "right", "severity": 6}
    body.update(overrides)
    return body


FULL_HEADACHE = headache(
    started_at="14:30",
    duration_minutes=180,
    ongoing=False,
    onset_region="neck",
    quality="pressing",
    neck_trigger="sustained_posture",
    posture="desk_screen",
    worse_with_activity=False,
    symptoms=["neck_stiffness", "shoulder_arm_pain"],
    medications=[{"name": "Ibuprofen 400 mg", "kind": "nsaid", "relief": "partial"}],
    screen_hours=7.5,
    notes="After a long afternoon at the laptop.",
)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    """Noon UTC on 2026-11-21: the same date in UTC and Oslo."""
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return noon


def put(client, body, entry_id=None):
    return client.put(url(entry_id or uuid.uuid4()), body, format="json")


class TestUpsert:
    def test_it_creates_then_replaces_an_entry_under_the_clients_id(self, patient_api):
        entry_id = uuid.uuid4()
        first = put(patient_api, headache(), entry_id)
        assert first.status_code == 201
        assert first.json()["id"] == str(entry_id)
        second = put(patient_api, headache(severity=3), entry_id)
        assert second.status_code == 200
        assert Entry.objects.get(pk=entry_id).severity == 3

    def test_replaying_the_same_request_three_times_stores_one_entry(self, patient_api, patient):
        entry_id = uuid.uuid4()
        codes = [put(patient_api, FULL_HEADACHE, entry_id).status_code for _ in range(3)]
        assert codes == [201, 200, 200]
        assert patient.entries.count() == 1
        listed = patient_api.get(url(), {"from": "2026-11-01", "to": "2026-11-21"}).json()["results"]
        assert [e["id"] for e in listed] == [str(entry_id)]

    def test_a_replayed_identical_entry_keeps_its_timestamps(self, patient_api, monkeypatch, fixed_now):
        entry_id = uuid.uuid4()
        first = put(patient_api, FULL_HEADACHE, entry_id).json()
        monkeypatch.setattr(timezone, "now", lambda: fixed_now + dt.timedelta(minutes=5))
        again = put(patient_api, FULL_HEADACHE, entry_id).json()
        assert again["updated_at"] == first["updated_at"]

    def test_a_replacement_clears_fields_the_new_body_leaves_out(self, patient_api):
        entry_id = uuid.uuid4()
        put(patient_api, FULL_HEADACHE, entry_id)
        body = put(patient_api, headache(), entry_id).json()
        # v3: symptoms left out are null, "not asked" (docs/api.md), not an empty answer.
        assert body["symptoms"] is None and body["medications"] == [] and body["onset_region"] is None

    def test_it_echoes_every_field_back(self, patient_api):
        body = put(patient_api, FULL_HEADACHE).json()
        for name, value in FULL_HEADACHE.items():
            assert body[name] == value, name
        assert body["headache"] is True and body["advice"] is None
        assert body["created_at"] and body["updated_at"]

    def test_a_client_may_send_back_what_it_read(self, patient_api):
        entry_id = uuid.uuid4()
        read = put(patient_api, FULL_HEADACHE, entry_id).json()
        assert put(patient_api, {**read, "severity": 2}, entry_id).status_code == 200

    def test_a_headache_free_check_in_needs_only_a_date(self, patient_api):
        response = put(patient_api, {"date": "2026-11-21", "headache": False, "screen_hours": 3})
        assert response.status_code == 201
        assert response.json()["side"] is None

    def test_several_entries_a_day_are_kept(self, patient_api, patient):
        put(patient_api, headache(started_at="08:00"))
        put(patient_api, headache(started_at="17:00"))
        assert patient.entries.filter(date="2026-11-20").count() == 2

    def test_the_date_is_checked_against_the_patients_own_today(self, patient_api, patient, monkeypatch):
        # 23:30 UTC on the 21st is already the 22nd in Auckland, still the 21st in UTC.
        late = dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: late)
        patient.timezone = "Pacific/Auckland"
        patient.save()
        assert put(patient_api, headache(date="2026-11-22")).status_code == 201
        patient.timezone = "America/New_York"
        patient.save()
        refused = put(patient_api, headache(date="2026-11-22"))
        assert refused.status_code == 400
        assert "date" in refused.json()


BAD_INPUT = [
    ("missing date", {"side": "left", "severity": 3}, "date"),
    ("malformed date", headache(date="21/11/2026"), "date"),
    ("date after today", headache(date="2026-11-22"), "date"),
    ("headache without side", {"date": "2026-11-20", "severity": 3}, "side"),
    ("headache without severity", {"date": "2026-11-20", "side": "left"}, "severity"),
    ("unknown side", headache(side="middle"), "side"),
    ("severity above 10", headache(severity=11), "severity"),
    ("negative severity", headache(severity=-1), "severity"),
    ("severity as text", headache(severity="5"), "severity"),
    ("fractional severity", headache(severity=5.5), "severity"),
    ("headache as text", headache(headache="yes"), "headache"),
    ("duration of zero", headache(duration_minutes=0), "duration_minutes"),
    ("duration over a week", headache(duration_minutes=10081), "duration_minutes"),
    ("time with seconds", headache(started_at="14:30:15"), "started_at"),
    ("impossible time", headache(started_at="25:00"), "started_at"),
    ("unknown onset region", headache(onset_region="toe"), "onset_region"),
    ("unknown quality", headache(quality="dull"), "quality"),
    ("unknown neck trigger", headache(neck_trigger="stress"), "neck_trigger"),
    ("unknown posture", headache(posture="yoga"), "posture"),
    ("unknown symptom", headache(symptoms=["hiccups"]), "symptoms"),
    ("repeated symptom", headache(symptoms=["nausea", "nausea"]), "symptoms"),
    ("symptoms not a list", headache(symptoms="nausea"), "symptoms"),
    ("unknown red flag", headache(red_flags=["bad"]), "red_flags"),
    ("repeated red flag", headache(red_flags=["thunderclap", "thunderclap"]), "red_flags"),
    ("medication without kind", headache(medications=[{"name": "Ibuprofen"}]), "medications"),
    ("unknown medication kind", headache(medications=[{"name": "X", "kind": "magic"}]), "medications"),
    ("unknown relief", headache(medications=[{"name": "X", "kind": "nsaid", "relief": "lots"}]), "medications"),
    (
        "eleven medications",
        headache(medications=[{"name": f"M{i}", "kind": "other"} for i in range(11)]),
        "medications",
    ),
    ("screen hours over a day", headache(screen_hours=25), "screen_hours"),
    ("negative screen hours", headache(screen_hours=-1), "screen_hours"),
    ("notes too long", headache(notes="x" * 2001), "notes"),
    ("notes with a NUL", headache(notes="a\x00b"), "notes"),
    ("side on a headache-free day", {"date": "2026-11-20", "headache": False, "side": "left"}, "side"),
    ("severity on a headache-free day", {"date": "2026-11-20", "headache": False, "severity": 0}, "severity"),
    ("symptoms on a headache-free day", {"date": "2026-11-20", "headache": False, "symptoms": ["nausea"]}, "symptoms"),
    ("misspelt field", headache(sevrity=4), "sevrity"),
]


class TestBadInput:
    @pytest.mark.parametrize(("case", "body", "field"), BAD_INPUT, ids=[case for case, _, _ in BAD_INPUT])
    def test_it_refuses_with_the_field_and_stores_nothing(self, patient_api, patient, case, body, field):
        response = put(patient_api, body)
        assert response.status_code == 400, response.content
        errors = response.json()
        assert field in errors
        assert all(isinstance(message, (str, dict, list)) for message in errors[field])
        assert not patient.entries.exists()

    def test_a_refused_replacement_leaves_the_stored_entry_as_it_was(self, patient_api):
        entry_id = uuid.uuid4()
        put(patient_api, headache(severity=4), entry_id)
        assert put(patient_api, headache(severity=40), entry_id).status_code == 400
        assert Entry.objects.get(pk=entry_id).severity == 4

    def test_malformed_json_is_a_400(self, patient_api, patient):
        response = patient_api.put(url(uuid.uuid4()), data="{not json", content_type="application/json")
        assert response.status_code == 400
        assert "detail" in response.json()
        assert not patient.entries.exists()

    @pytest.mark.parametrize("payload", ["[]", '"text"', "null", "42"])
    def test_a_body_that_is_not_an_object_is_a_400(self, patient_api, payload):
        response = patient_api.put(url(uuid.uuid4()), data=payload, content_type="application/json")
        assert response.status_code == 400

    def test_nan_is_not_a_number_here(self, patient_api):
        response = patient_api.put(
            url(uuid.uuid4()),
            data='{"date": "2026-11-20", "headache": false, "screen_hours": NaN}',
            content_type="application/json",
        )
        assert response.status_code == 400

    def test_a_malformed_id_in_the_path_is_not_found(self, patient_api):
        assert patient_api.put("/api/v1/entries/not-a-uuid/", headache(), format="json").status_code == 404


class TestRedFlagAdvice:
    def test_an_emergency_flag_tells_the_patient_to_get_help_now(self, patient_api):
        body = put(patient_api, headache(red_flags=["thunderclap"])).json()
        assert body["advice"]["urgency"] == "emergency"
        assert body["advice"]["codes"] == ["thunderclap"]
        assert "emergency" in body["advice"]["message"]

    def test_an_urgent_flag_asks_for_a_doctor_soon(self, patient_api):
        body = put(patient_api, headache(red_flags=["worse_standing_better_lying"])).json()
        assert body["advice"]["urgency"] == "urgent"
        assert "doctor" in body["advice"]["message"]

    def test_the_most_urgent_flag_wins(self, patient_api):
        body = put(patient_api, headache(red_flags=["cough_exertion_triggered", "fever_stiff_neck"])).json()
        assert body["advice"]["urgency"] == "emergency"
        assert set(body["advice"]["codes"]) == {"cough_exertion_triggered", "fever_stiff_neck"}

    def test_posture_alone_never_raises_a_flag(self, patient_api):
        assert put(patient_api, headache(posture="standing")).json()["advice"] is None


class TestReadAndDelete:
    def test_it_lists_the_range_newest_first(self, patient_api, patient, make_entry):
        for day in (1, 15, 20):
            make_entry(patient=patient, date=dt.date(2026, 11, day))
        make_entry(patient=patient, date=dt.date(2026, 10, 31))
        listed = patient_api.get(url(), {"from": "2026-11-01", "to": "2026-11-20"}).json()["results"]
        assert [e["date"] for e in listed] == ["2026-11-20", "2026-11-15", "2026-11-01"]

    def test_by_default_it_lists_the_last_year(self, patient_api, patient, make_entry):
        make_entry(patient=patient, date=TODAY - dt.timedelta(days=364))
        make_entry(patient=patient, date=TODAY - dt.timedelta(days=365))
        assert len(patient_api.get(url()).json()["results"]) == 1

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"from": "yesterday"}, "from"),
            ({"to": "2026-13-01"}, "to"),
            ({"from": "2026-11-10", "to": "2026-11-01"}, "from"),
            ({"from": "2000-01-01", "to": "2026-11-01"}, "from"),
        ],
    )
    def test_a_bad_range_is_a_400(self, patient_api, params, field):
        response = patient_api.get(url(), params)
        assert response.status_code == 400
        assert field in response.json()

    def test_it_reads_and_deletes_one_entry(self, patient_api, patient, make_entry):
        entry = make_entry(patient=patient)
        assert patient_api.get(url(entry.id)).json()["id"] == str(entry.id)
        assert patient_api.delete(url(entry.id)).status_code == 204
        assert patient_api.get(url(entry.id)).status_code == 404
        assert patient_api.delete(url(entry.id)).status_code == 404

    def test_listing_365_entries_costs_the_same_queries_as_listing_one(
        self, patient_api, patient, make_entry, django_assert_max_num_queries
    ):
        make_entry(patient=patient, date=TODAY)
        with django_assert_max_num_queries(3) as one:
            patient_api.get(url())
        Entry.objects.bulk_create(
            [
                Entry(id=uuid.uuid4(), patient=patient, date=TODAY - dt.timedelta(days=d), side="left", severity=3)
                for d in range(1, 365)
            ]
        )
        with django_assert_max_num_queries(len(one.captured_queries)):
            assert len(patient_api.get(url()).json()["results"]) == 365


class TestBoundary:
    """Another patient's diary does not exist, as far as anyone else can tell."""

    def test_another_patients_entry_is_not_found_on_every_method(self, other_api, patient, make_entry):
        entry = make_entry(patient=patient, severity=7)
        assert other_api.get(url(entry.id)).status_code == 404
        assert other_api.delete(url(entry.id)).status_code == 404
        assert put(other_api, headache(severity=1), entry.id).status_code == 404
        entry.refresh_from_db()
        assert entry.severity == 7 and entry.patient == patient

    def test_another_patients_entries_are_never_listed(self, other_api, patient, make_entry):
        make_entry(patient=patient, date=TODAY)
        assert other_api.get(url()).json() == {"results": [], "next": None}

    @pytest.mark.parametrize("method", ["get", "put", "delete"])
    def test_anonymous_callers_get_nothing(self, anon_api, patient, make_entry, method):
        entry = make_entry(patient=patient)
        response = getattr(anon_api, method)(url(entry.id), headache(), format="json")
        assert response.status_code in (401, 403)
        assert anon_api.get(url()).status_code in (401, 403)
        assert Entry.objects.get(pk=entry.id).severity == entry.severity

    def test_a_clinician_has_no_diary_of_their_own(self, clinician_api):
        assert clinician_api.get(url()).status_code == 403
        assert put(clinician_api, headache()).status_code == 403


def test_the_body_is_json_only(patient_api, patient):
    response = patient_api.put(
        url(uuid.uuid4()), data="date=2026-11-20", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert not patient.entries.exists()


def test_unicode_notes_survive_the_round_trip(patient_api):
    notes = "Nakken stivnet etter kjøring 🚗 — høyre side"
    body = put(patient_api, headache(notes=notes)).json()
    assert body["notes"] == notes
    assert json.loads(json.dumps(body))["notes"] == notes
