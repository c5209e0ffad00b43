"""The nightly clean-up (diary/services/cleanup.py). Thin: the service does the work."""

from celery import shared_task
from django.utils import timezone

from diary.services.cleanup import cleanup_run


@shared_task(name="neckline.cleanup")
def cleanup() -> dict:
    return cleanup_run(now=timezone.now())
