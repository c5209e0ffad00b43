from django.core.management.base import BaseCommand

from config.vapid import print_new_pair


class Command(BaseCommand):
    # `manage.py generate_vapid_keys` runs config.vapid.print_new_pair without loading
    # settings (see manage.py); this command is the same, for call_command.
    help = "Print a fresh VAPID key pair for production (set both; keep the private key secret)."
    requires_system_checks = []

    def handle(self, *args, **options):
        print_new_pair(self.stdout)
