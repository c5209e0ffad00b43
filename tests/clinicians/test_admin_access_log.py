"""A staff member reading or changing a patient's data in the Django admin is in that
patient's access log, as a clinician is (issue 24), with the fields a change touched."""

import pytest

from diary.models import AccessLog
from tests.admin_login import admin_log_in
from tests.factories import EntryFactory, UserFactory


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory(email="support@example.test", is_staff=True, is_superuser=True)
    admin_log_in(client, staff)
    return client


def logged(patient) -> list[tuple[str, str, list]]:
    return [(row.role, row.what, row.fields) for row in AccessLog.objects.filter(patient=patient).order_by("at", "pk")]


def test_listing_and_opening_entries_leaves_a_trace_for_each_patient_shown(staff_client, patient, other_patient):
    entry = EntryFactory(patient=patient)
    EntryFactory(patient=other_patient)

    assert staff_client.get("/admin/diary/entry/").status_code == 200
    assert staff_client.get(f"/admin/diary/entry/{entry.pk}/change/").status_code == 200

    assert logged(patient) == [("admin", "admin_list_entry", []), ("admin", "admin_view_entry", [])]
    assert logged(other_patient) == [("admin", "admin_list_entry", [])]
    assert AccessLog.objects.filter(patient=patient).first().clinician_email == "support@example.test"


def test_a_change_in_the_admin_names_the_fields_never_the_values(staff_client, patient):
    assert staff_client.get(f"/admin/diary/user/{patient.pk}/change/").status_code == 200
    response = staff_client.post(
        f"/admin/diary/user/{patient.pk}/change/",
        {
            "email": patient.email,
            "role": "patient",
            "timezone": "Europe/Berlin",
            "birth_year": "1980",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content[:2000]

    change = AccessLog.objects.get(patient=patient, what="admin_change_user")
    assert change.role == "admin" and "timezone" in change.fields and "birth_year" in change.fields
    assert "1980" not in str(change.fields) and "Berlin" not in str(change.fields)


def test_the_patient_reads_the_admins_visit_in_their_access_log(staff_client, patient, patient_api):
    EntryFactory(patient=patient)
    staff_client.get("/admin/diary/entry/")
    [row] = patient_api.get("/api/v1/sharing/access-log/").json()
    assert (row["clinician_email"], row["role"], row["what"]) == ("support@example.test", "admin", "admin_list_entry")
