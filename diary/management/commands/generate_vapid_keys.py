from django.core.management.base import BaseCommand

from config.vapid import generate_pair


class Command(BaseCommand):
    help = "Print a fresh VAPID key pair for production (set both; keep the private key secret)."

    def handle(self, *args, **options):
        public, private = generate_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}")
