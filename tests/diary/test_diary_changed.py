"""One way to say "the diary changed": diary_changed(patient, what) moves the diary version
and tells the subscribers declared in diary/services/changes.py."""

from django.utils.module_loading import import_string

from diary.services import changes
from diary.services.changes import SUBSCRIBERS, Change, diary_changed
from diary.tasks import screening as screening_tasks


def test_every_declared_subscriber_exists():
    # A renamed function would otherwise be found only when a diary changes.
    for subscriber in SUBSCRIBERS:
        assert callable(import_string(subscriber.call)), subscriber.call


def test_every_change_but_the_timezone_is_re_screened():
    screened = {
        what for subscriber in SUBSCRIBERS if subscriber.call.endswith("request_screening") for what in subscriber.on
    }
    assert screened == set(Change) - {Change.TIMEZONE} == changes.SCREENED


def test_a_change_moves_the_version_and_re_screens_after_the_commit(
    patient, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(screening_tasks, "request_screening", sent.append)
    before = patient.diary_changed_at
    with django_capture_on_commit_callbacks(execute=True):
        diary_changed(patient, Change.EXAM)
        assert sent == []  # not before the commit
    patient.refresh_from_db()
    assert patient.diary_changed_at != before and sent == [patient.pk]


def test_a_new_timezone_moves_no_version_and_screens_nothing(patient, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(screening_tasks, "request_screening", sent.append)
    before = patient.diary_changed_at
    with django_capture_on_commit_callbacks(execute=True):
        patient.timezone = "America/New_York"
        patient.save(update_fields=["timezone"])
    patient.refresh_from_db()
    assert patient.diary_changed_at == before and sent == []
