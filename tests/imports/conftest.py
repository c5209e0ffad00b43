import pytest

from diary.tasks import imports as import_tasks
from diary.tasks import screening as screening_tasks


@pytest.fixture
def screenings(monkeypatch):
    """The screening runs requested (by patient id), instead of sending them."""
    sent = []
    monkeypatch.setattr(screening_tasks, "request_screening", sent.append)
    return sent


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    """The import task runs as the commit's transaction commits, as a worker would soon after."""
    monkeypatch.setattr(import_tasks.run_import, "delay", lambda import_id: import_tasks.run_import(import_id))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """POST .../commit/, with what it sends on commit run as a worker would (the task, then the
    screening request it makes when it ends)."""

    def run(api, import_id):
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(f"/api/v1/imports/{import_id}/commit/")

    return run


@pytest.fixture
def undo(django_capture_on_commit_callbacks):
    def run(api, import_id):
        with django_capture_on_commit_callbacks(execute=True):
            return api.delete(f"/api/v1/imports/{import_id}/")

    return run
