"""Exercise programme tasks: keep the next days' session and questionnaire reminders written,
so the reminder dispatcher sends them through its claim-then-send path."""

from celery import shared_task

from diary.services.exercises import schedule_programme_reminders


@shared_task(name="neckline.schedule_programme_reminders")
def schedule_programme_reminders_task() -> int:
    # Idempotent: a second beat or a redelivered task adds no row (unique patient, kind, slot).
    return schedule_programme_reminders()
