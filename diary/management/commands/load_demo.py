from django.core.management.base import BaseCommand

from diary.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo patient, with 90 days of diary, and the demo clinician."

    def handle(self, *args, **options):
        patient, clinician = load_demo()
        episodes = patient.entries.filter(headache=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo logins (password for both: {DEMO_PASSWORD})\n"
                f"  patient:   {patient.email}  ({patient.entries.count()} entries, {episodes} headaches)\n"
                f"  clinician: {clinician.email}  (the patient shares with them)\n"
            )
        )
