from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from diary.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo patient, with 90 days of diary, and the demo clinician."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            default=None,
            help="the demo's language, a code of LANGUAGES (default: NECKLINE_DEMO_LANGUAGE, else en)",
        )

    def handle(self, *args, **options):
        language = options["language"] or settings.NECKLINE_DEMO_LANGUAGE
        codes = [code for code, _name in settings.LANGUAGES]
        if language not in codes:
            raise CommandError(f"--language must be one of {', '.join(codes)}, not {language!r}")
        patient, clinician = load_demo(language=language)
        episodes = patient.entries.filter(headache=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo logins (password for both: {DEMO_PASSWORD}; language: {language})\n"
                f"  patient:   {patient.email}  ({patient.entries.count()} entries, {episodes} headaches)\n"
                f"  clinician: {clinician.email}  (the patient shares with them)\n"
            )
        )
