from django.core.management.base import BaseCommand

from config.translations import compile_all


class Command(BaseCommand):
    # Start-up compiles what is stale (diary/apps.py); this compiles everything again, with
    # no GNU gettext needed (Django's own `compilemessages` needs msgfmt).
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo files and the PWA's catalogues (frontend/js/catalogues/)."
    requires_system_checks = []

    def handle(self, *args, **options):
        for path in compile_all(force=True):
            if options["verbosity"] > 0:
                self.stdout.write(f"wrote {path}")
