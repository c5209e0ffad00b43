"""Two clinicians entering the same code at the same moment."""

import threading

import pytest
from django.db import connection

from diary.choices import Role
from diary.models import Grant
from diary.services.sharing import share_code_create
from tests.conftest import logged_in
from tests.factories import UserFactory


@pytest.mark.parametrize("attempt", range(3))
def test_a_code_entered_twice_at_once_links_exactly_one_clinician(transactional_db, attempt):
    patient = UserFactory()
    doctors = [UserFactory(role=Role.CLINICIAN) for _ in range(2)]
    code, _ = share_code_create(patient=patient)
    start = threading.Barrier(2)
    statuses = []

    def enter(doctor):
        client = logged_in(doctor)
        start.wait()
        try:
            statuses.append(client.post("/api/v1/clinician/links/", {"code": code}, format="json").status_code)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=enter, args=(doctor,)) for doctor in doctors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [201, 400]
    assert Grant.objects.filter(patient=patient).count() == 1
