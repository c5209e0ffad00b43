from celery import shared_task


@shared_task(name="neckline.ping")
def ping() -> str:
    """A no-op for checking that a worker is consuming (used by health drills and tests)."""
    return "pong"
