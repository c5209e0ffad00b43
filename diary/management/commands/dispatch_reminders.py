import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from diary.services import reminders as services


def _inline_claim(settings_ids: list[int], now: dt.datetime) -> None:
    services.reminders_claim_and_send(settings_ids=settings_ids, now=now)


def _inline_send(delivery_ids: list[int], now: dt.datetime, retry: bool) -> None:
    services.deliveries_send(delivery_ids=delivery_ids, now=now, retry=retry)


class Command(BaseCommand):
    help = "Run one reminder dispatch pass, as the scheduler would at that moment (sends in this process)."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="ISO 8601 timestamp with an offset, e.g. 2026-03-29T08:00:00+02:00")

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = dt.datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(f"--at is not an ISO 8601 timestamp: {at!r}") from None
            if now.tzinfo is None:
                raise CommandError("--at needs a UTC offset, e.g. 2026-03-29T06:00:00+00:00")
        counts = services.reminders_dispatch(now=now, claim_batch=_inline_claim, send_batch=_inline_send)
        self.stdout.write(
            f"{now.isoformat()}: {counts.due_settings} patients due, {counts.notices} notices, "
            f"{counts.scheduled} scheduled, "
            f"{counts.retries} retries"
        )
