"""Upload, dry run, commit, status, a second import of the same file, undo; and who may do it."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from diary.models import Entry, Import
from tests.imports.helpers import golden, upload

pytestmark = pytest.mark.django_db
MB = golden("migraine_buddy.csv")


def test_the_dry_run_says_what_would_happen_and_stores_nothing_in_the_diary(patient_api, patient):
    response = upload(patient_api, MB)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["format"] == "migraine_buddy_csv" and body["status"] == "previewed"
    assert (body["preview"]["create"], body["preview"]["merge"], body["preview"]["skip"]) == (6, 0, 0)
    assert [error["row"] for error in body["preview"]["errors"]] == [10, 11]
    assert body["preview"]["not_mapped"]["Geohash"] == "dropped (a location)"
    assert not Entry.objects.filter(patient=patient).exists()


def test_commit_imports_marks_the_source_and_screens_once(patient_api, patient, screenings, commit):
    created = upload(patient_api, MB).json()
    response = commit(patient_api, created["id"])
    assert response.status_code == 202
    status = patient_api.get(f"/api/v1/imports/{created['id']}/").json()
    assert (status["status"], status["progress"]) == ("done", 100)
    assert Entry.objects.filter(patient=patient).count() == 6
    assert screenings == [patient.pk]
    exported = patient_api.get("/api/v1/export/?format=json").json()
    assert {entry["source"]["format"] for entry in exported["entries"]} == {"migraine_buddy_csv"}
    assert patient_api.get("/api/v1/entries/").status_code == 200


def test_the_same_file_twice_changes_nothing(patient_api, patient, commit):
    first = upload(patient_api, MB).json()
    commit(patient_api, first["id"])
    before = list(Entry.objects.filter(patient=patient).order_by("pk").values())
    second = upload(patient_api, MB).json()
    assert (second["preview"]["create"], second["preview"]["merge"], second["preview"]["skip"]) == (0, 0, 6)
    assert {detail["reason"] for detail in second["preview"]["details"]} == {"Already in your diary."}
    assert commit(patient_api, second["id"]).status_code == 202
    assert list(Entry.objects.filter(patient=patient).order_by("pk").values()) == before


def test_a_commit_sent_twice_runs_once(patient_api, patient, commit):
    created = upload(patient_api, MB).json()
    assert commit(patient_api, created["id"]).status_code == 202
    again = commit(patient_api, created["id"])
    assert again.status_code == 400 and "status" in again.json()
    assert Entry.objects.filter(patient=patient).count() == 6


def test_a_task_delivered_twice_adds_nothing(patient_api, patient, commit):
    from diary.services.imports import import_run

    created = upload(patient_api, MB).json()
    commit(patient_api, created["id"])
    Import.objects.filter(pk=created["id"]).update(status="running")  # as if delivered again mid-way
    import_run(import_id=created["id"])
    assert Entry.objects.filter(patient=patient).count() == 6


def test_a_headache_replaces_that_days_check_in_and_the_undo_puts_it_back(
    patient_api, patient, make_entry, commit, undo
):
    checkin = make_entry(
        patient=patient,
        date=dt.date(2026, 3, 28),
        headache=False,
        side=None,
        severity=None,
        onset_region=None,
        neck_trigger=None,
        posture=None,
    )
    preview = upload(patient_api, MB).json()
    assert preview["preview"]["merge"] == 1
    assert {"row": 5, "date": "2026-03-28", "action": "merge"}.items() <= preview["preview"]["details"][0].items()
    commit(patient_api, preview["id"])
    assert not Entry.objects.filter(pk=checkin.pk).exists()
    response = undo(patient_api, preview["id"])
    assert response.status_code == 200 and response.json()["status"] == "undone"
    assert list(Entry.objects.filter(patient=patient).values_list("pk", "headache")) == [(checkin.pk, False)]


def test_a_check_in_on_a_day_with_a_headache_is_skipped(patient_api, patient, make_entry):
    make_entry(patient=patient, date=dt.date(2026, 1, 5))
    content = b"Day,Pain,Headache\n2026-01-05,,no\n2026-01-06,4,yes\n"
    mapping = '{"columns": {"date": "Day", "severity": "Pain", "headache": "Headache"}}'
    body = upload(patient_api, content, mapping=mapping).json()
    assert (body["format"], body["preview"]["create"], body["preview"]["skip"]) == ("csv", 1, 1)
    assert "one state per day" in body["preview"]["details"][0]["reason"]


def test_a_saved_mapping_is_reused_by_name(patient_api):
    content = b"Tag;x\n".replace(b";", b",") + b"05.01.2026,1\n"
    mapping = '{"columns": {"date": "Tag"}, "date_format": "%d.%m.%Y"}'
    assert upload(patient_api, content, mapping=mapping, mapping_name="paper").status_code == 201
    again = upload(patient_api, content, format="csv", mapping_name="paper")
    assert again.status_code == 201 and again.json()["preview"]["create"] == 1


def test_undo_is_refused_after_a_day(patient_api, patient, commit, undo):
    created = upload(patient_api, MB).json()
    commit(patient_api, created["id"])
    Import.objects.filter(pk=created["id"]).update(finished_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    response = undo(patient_api, created["id"])
    assert response.status_code == 400 and "a day" in response.json()["status"][0]
    assert Entry.objects.filter(patient=patient).count() == 6


def test_undo_removes_what_the_import_created_and_nothing_else(patient_api, patient, make_entry, commit, undo):
    own = make_entry(patient=patient, date=dt.date(2026, 2, 1))
    created = upload(patient_api, MB).json()
    commit(patient_api, created["id"])
    undo(patient_api, created["id"])
    assert list(Entry.objects.filter(patient=patient).values_list("pk", flat=True)) == [own.pk]


# --- Who may ----------------------------------------------------------------------------------


@pytest.fixture
def committed(patient_api, commit):
    created = upload(patient_api, MB).json()
    commit(patient_api, created["id"])
    return created["id"]


@pytest.mark.parametrize("method,suffix", [("get", ""), ("delete", ""), ("post", "commit/")])
def test_another_patient_cannot_see_commit_or_undo_an_import(other_api, committed, patient, method, suffix):
    response = getattr(other_api, method)(f"/api/v1/imports/{committed}/{suffix}")
    assert response.status_code == 404
    assert Import.objects.get(pk=committed).status == "done"
    assert Entry.objects.filter(patient=patient).count() == 6


@pytest.mark.parametrize("method,suffix", [("get", ""), ("delete", ""), ("post", "commit/")])
def test_a_clinician_and_an_anonymous_caller_are_refused(clinician_api, anon_api, committed, method, suffix):
    for api in (clinician_api, anon_api):
        assert getattr(api, method)(f"/api/v1/imports/{committed}/{suffix}").status_code in (401, 403)
    assert Import.objects.get(pk=committed).status == "done"


def test_a_clinician_and_an_anonymous_caller_cannot_upload(clinician_api, anon_api):
    for api in (clinician_api, anon_api):
        assert upload(api, MB).status_code in (401, 403)
    assert not Import.objects.exists()


def test_an_unknown_import_is_404(patient_api):
    assert patient_api.get(f"/api/v1/imports/{uuid.uuid4()}/").status_code == 404


def test_a_run_that_fails_keeps_nothing_and_logs_no_health_data(patient_api, patient, commit, monkeypatch, caplog):
    from diary.imports import records

    def broken(**kwargs):
        raise ValueError("Began reversing the car")

    monkeypatch.setattr(records, "restore", broken)
    created = upload(patient_api, MB).json()
    commit(patient_api, created["id"])
    status = patient_api.get(f"/api/v1/imports/{created['id']}/").json()
    assert status["status"] == "failed" and status["error"]
    assert not Entry.objects.filter(patient=patient).exists()
    assert "reversing" not in caplog.text and "ValueError" in caplog.text
