"""The nightly pass's fan-out (issue 27): one task per chunk of due patients, and a
redelivered fan-out resumes after the last chunk it sent instead of starting over."""

import uuid
from unittest import mock

import pytest

from diary.models import ScreeningSnapshot
from diary.tasks import screening as tasks
from diary.timezones import local_today
from tests.factories import UserFactory


@pytest.fixture
def due_patients(db, settings):
    settings.SCREENING_NIGHTLY_CHUNK = 2
    patients = [UserFactory() for _ in range(5)]
    for patient in patients:
        patient.entries.create(id=uuid.uuid4(), date=local_today(patient), side="left", severity=4)
    return sorted(patient.pk for patient in patients)


def test_the_fan_out_sends_every_due_patient_once_in_chunks(due_patients):
    with mock.patch.object(tasks.screen_patient_chunk, "apply_async") as send:
        assert tasks.screen_recent_patients.apply(task_id=str(uuid.uuid4())).get() == 3
    chunks = [call.args[0][0] for call in send.call_args_list]
    assert chunks == [due_patients[0:2], due_patients[2:4], due_patients[4:5]]


def test_a_redelivered_fan_out_resumes_after_the_last_chunk_it_sent(due_patients):
    task_id = str(uuid.uuid4())  # a redelivery carries the same task id
    sent = []

    def broker_lost_on_the_third_chunk(args, **options):
        if len(sent) == 2:
            raise ConnectionError("worker lost")
        sent.append(args[0])

    with mock.patch.object(tasks.screen_patient_chunk, "apply_async", side_effect=broker_lost_on_the_third_chunk):
        assert tasks.screen_recent_patients.apply(task_id=task_id).failed()
    with mock.patch.object(tasks.screen_patient_chunk, "apply_async") as resend:
        tasks.screen_recent_patients.apply(task_id=task_id).get()
    assert [call.args[0][0] for call in resend.call_args_list] == [due_patients[4:5]]
    # A new night (another task id) starts from the beginning.
    with mock.patch.object(tasks.screen_patient_chunk, "apply_async") as next_night:
        tasks.screen_recent_patients.apply(task_id=str(uuid.uuid4())).get()
    assert len(next_night.call_args_list) == 3


def test_a_chunk_task_screens_its_patients_and_a_repeat_stores_nothing_more(due_patients):
    assert tasks.screen_patient_chunk.apply(args=(due_patients[:2],)).get() == 2
    assert tasks.screen_patient_chunk.apply(args=(due_patients[:2],)).get() == 0  # a redelivered chunk
    assert sorted(ScreeningSnapshot.objects.values_list("patient_id", flat=True)) == due_patients[:2]
