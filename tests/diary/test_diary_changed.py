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


def test_a_version_moves_even_when_the_clock_has_not(patient, monkeypatch):
    """The snapshots are read as current by equality with the version: two changes at the
    same clock reading (a frozen clock, two servers) must still give two versions."""
    import datetime as dt

    from django.utils import timezone

    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    diary_changed(patient, Change.ENTRIES)
    patient.refresh_from_db()
    first = patient.diary_changed_at
    diary_changed(patient, Change.ENTRIES)
    patient.refresh_from_db()

    assert first == noon and patient.diary_changed_at > first


def test_a_staff_edit_in_the_admin_moves_the_version_as_the_services_do(patient, rf):
    from django.contrib import admin

    from diary.models import Entry
    from tests.factories import EntryFactory, UserFactory

    entry = EntryFactory(patient=patient, severity=4)
    before = patient.diary_changed_at
    request = rf.post("/admin/")
    request.user = UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
    entry.severity = 6
    form = type("Form", (), {"changed_data": ["severity"]})()

    admin.site._registry[Entry].save_model(request, entry, form, change=True)

    patient.refresh_from_db()
    assert patient.diary_changed_at is not None and patient.diary_changed_at != before
