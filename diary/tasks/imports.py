"""The import task (issue 26): thin, takes the import's id; the service makes a second
delivery a no-op."""

from celery import shared_task

from diary.services.imports import import_run


@shared_task(name="neckline.run_import")
def run_import(import_id: str) -> None:
    import_run(import_id=import_id)
