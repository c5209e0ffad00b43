import json

from django.core.management.base import BaseCommand, CommandError

from diary.choices import Role
from diary.models import User
from diary.screening.thresholds import WINDOW_DEFAULT_DAYS, WINDOW_MAX_DAYS, WINDOW_MIN_DAYS
from diary.selectors.screening import screening_report


def window_days(value: str) -> int:
    days = int(value)
    if not WINDOW_MIN_DAYS <= days <= WINDOW_MAX_DAYS:
        raise ValueError(value)
    return days


class Command(BaseCommand):
    help = "Print a patient's screening report (for support, and for clinicians without the app)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The patient's email")
        parser.add_argument(
            "--days",
            type=window_days,
            default=WINDOW_DEFAULT_DAYS,
            help=f"Window length, {WINDOW_MIN_DAYS} to {WINDOW_MAX_DAYS} days",
        )
        parser.add_argument("--json", action="store_true", help="Print the full report as JSON")

    def handle(self, *args, email, days, json: bool, **options):
        patient = User.objects.filter(email__iexact=email.strip(), role=Role.PATIENT).first()
        if patient is None:
            raise CommandError("No patient with that email.")
        report = screening_report(patient=patient, days=days, audience="clinician")
        if json:
            self.stdout.write(_dumps(report))
        else:
            self.stdout.write(report["summary"])


def _dumps(report: dict) -> str:
    return json.dumps(report, indent=2)
